//! EF.SOD (being written)
