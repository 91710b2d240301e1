//! Card answers that break a protocol.

/// A card answer that does not follow the protocol (wrong sizes, wrong cryptograms): the
/// card is faulty, not genuine, or something on the way altered the exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProtocolViolation {
    /// BAC: the chip's EXTERNAL AUTHENTICATE answer is not 40 bytes.
    #[error("BAC: the chip's answer is not 40 bytes")]
    BacAnswerLength,
    /// BAC: the MAC of the chip's cryptogram (M.IC) is wrong.
    #[error("BAC: the chip's cryptogram MAC (M.IC) is wrong")]
    BacBadMac,
    /// BAC: the chip's cryptogram does not echo the challenges.
    #[error("BAC: the chip's cryptogram does not echo the challenges")]
    BacChallengeMismatch,
    /// BAC: GET CHALLENGE did not answer 8 bytes.
    #[error("BAC: the challenge is not 8 bytes")]
    BacChallengeLength,
    /// PACE: the chip's authentication token does not verify.
    #[error("the chip's PACE token does not verify")]
    PaceTokenMismatch,
    /// A derived session key has the wrong size for its cipher.
    #[error("session key size")]
    SessionKeyLength,
    /// The card chained more than 65 KiB of GET RESPONSE answers.
    #[error("response chain longer than 65 KiB")]
    ResponseChainTooLong,
    /// A file came in so many small pieces (or so slowly) that the card is feeding
    /// the reader byte by byte: the read stops.
    #[error("the card returned a file in too many small pieces")]
    TooManyReads,
    /// Secure messaging vanished while a protected exchange was in progress.
    #[error("secure messaging lost")]
    SecureMessagingLost,
}
