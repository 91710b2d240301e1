//! PACE errors.

/// Why a PACE step failed. The messages never contain a key or a password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PaceError {
    /// A point from the peer is not an uncompressed point of the curve's size, is not on the
    /// curve, or is the identity; or a DH value is not of the prime's size, out of range or
    /// outside the prime-order subgroup.
    #[error("invalid public key or group element: {0}")]
    InvalidPoint(&'static str),
    /// The peer sent back our own ephemeral public key.
    #[error("the peer's ephemeral public key equals ours")]
    ReflectedKey,
    /// The mapped generator or a shared point is the identity.
    #[error("degenerate PACE computation: {0}")]
    Degenerate(&'static str),
    /// The encrypted nonce has a bad length.
    #[error("the encrypted nonce has an invalid length ({0} bytes)")]
    NonceLength(usize),
    /// The peer's authentication token did not verify (wrong password, or a faulty peer).
    #[error("PACE authentication token mismatch")]
    TokenMismatch,
    /// A step was called out of order, or after a failure.
    #[error("PACE step out of order: {0}")]
    OutOfOrder(&'static str),
    /// Malformed GENERAL AUTHENTICATE or MSE:Set AT data.
    #[error("malformed PACE data: {0}")]
    Malformed(&'static str),
    /// The random number generator failed.
    #[error("the random number generator failed")]
    Random,
    /// Chip Authentication Mapping: `CA_IC · PK_IC` is not the chip's `PK_map_IC` (or the
    /// chip authentication data is missing or unusable).
    #[error("chip authentication failed")]
    ChipAuthentication,
    /// A combination this version does not implement.
    #[error("unsupported: {0}")]
    Unsupported(&'static str),
}
