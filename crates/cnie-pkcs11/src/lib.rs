//! `libcnie_pkcs11.so`: a PKCS#11 (Cryptoki 2.40) module for the eID application
//! of the CNIE (and the software card), so that browsers, LibreOffice, OpenSSL and
//! `pkcs11-tool` can authenticate and sign with it. See `docs/pkcs11.md`.
//!
//! - `config`: where the CAN and the eID profile come from;
//! - `objects`: the certificate, private- and public-key objects of each key;
//! - `token`: the card in one reader (PACE with the CAN, the eID application, PIN
//!   and signatures through `cnie::eid::EidSession`);
//! - `state`: slots, tokens, sessions behind one lock;
//! - `entry`: the implemented entry points; `unsupported`: the others;
//!   `function_list`: what `C_GetFunctionList` returns.

pub mod config;
mod entry;
mod function_list;
pub mod objects;
mod state;
pub mod token;
mod unsupported;

pub use entry::C_GetFunctionList;
