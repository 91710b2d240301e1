//! bac
