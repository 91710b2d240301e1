//! pcsc
