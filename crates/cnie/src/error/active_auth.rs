//! Active Authentication errors.

/// Why an Active Authentication signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AaError {
    /// DG15 is not a `6F`-wrapped `SubjectPublicKeyInfo`, or the key is malformed.
    #[error("malformed DG15 public key: {0}")]
    MalformedKey(String),
    /// A key type or curve this crate does not verify.
    #[error("unsupported Active Authentication key: {0}")]
    UnsupportedKey(String),
    /// An ECDSA key without DG14's `ActiveAuthenticationInfo` naming the hash.
    #[error("ECDSA Active Authentication needs DG14's ActiveAuthenticationInfo")]
    NoAlgorithm,
    /// The `ActiveAuthenticationInfo` names an algorithm that is not ECDSA with a known hash.
    #[error("unsupported Active Authentication algorithm {0}")]
    UnsupportedAlgorithm(String),
    /// The signature is empty, longer than the modulus, or not below it.
    #[error("the signature does not fit the key")]
    SignatureLength,
    /// The recovered representative does not start with `6A` (partial message recovery).
    #[error("the recovered message has a bad header")]
    BadHeader,
    /// The trailer names no supported hash.
    #[error("the recovered message has an unknown trailer")]
    BadTrailer,
    /// The recovered message is too short for the hash it names.
    #[error("the recovered message is too short")]
    TooShort,
    /// `H(M1 || RND.IFD)` is not the recovered hash.
    #[error("the recovered hash does not match the challenge")]
    HashMismatch,
    /// The ECDSA signature does not verify (or is not a signature on the curve).
    #[error("the signature does not verify")]
    BadSignature,
}
