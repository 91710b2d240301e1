//! LDS
