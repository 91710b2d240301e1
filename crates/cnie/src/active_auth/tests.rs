//! Active Authentication tests.
