//! Chip Authentication tests.
