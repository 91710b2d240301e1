//! mrz (in progress)
