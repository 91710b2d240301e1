use super::StatusWord;

/// The largest Le of a short APDU (encoded as `00`).
pub const MAX_SHORT_LE: usize = 256;
/// The largest Le of an extended-length APDU (encoded as `0000`).
pub const MAX_EXTENDED_LE: usize = 65536;
/// The largest command data field of an extended-length APDU.
const MAX_EXTENDED_LC: usize = 65535;

/// Why bytes could not be read or written as an APDU.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApduError {
    /// A command APDU shorter than its 4-byte header.
    #[error("command APDU shorter than 4 bytes")]
    TooShort,
    /// A response APDU without its 2-byte status word.
    #[error("response APDU shorter than 2 bytes")]
    NoStatusWord,
    /// Lc or Le do not agree with the length of the command.
    #[error("command APDU length fields do not match its size")]
    BadLength,
    /// The data field or Le does not fit an APDU.
    #[error("APDU data or Le too large ({0} bytes)")]
    TooLarge(usize),
}

/// A command APDU (ISO/IEC 7816-4 §5.1).
///
/// `le` is the number of response bytes expected: `None` for no Le field,
/// `Some(256)` is encoded `00` in a short APDU and `Some(65536)` `0000` in an
/// extended one. The encoding (short or extended) is chosen by
/// [`Command::to_bytes`]: extended as soon as Lc > 255 or Le > 256, or when
/// [`Command::force_extended`] asks for it.
#[derive(Clone, PartialEq, Eq)]
pub struct Command {
    /// Class byte.
    pub cla: u8,
    /// Instruction byte.
    pub ins: u8,
    /// Parameter 1.
    pub p1: u8,
    /// Parameter 2.
    pub p2: u8,
    /// Command data (Lc is its length).
    pub data: Vec<u8>,
    /// Expected response length.
    pub le: Option<usize>,
    /// Encode with extended length fields even when short ones would do.
    pub force_extended: bool,
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The data field may hold secrets (PIN, cryptograms): show its length only.
        f.debug_struct("Command")
            .field("cla", &format_args!("{:02X}", self.cla))
            .field("ins", &format_args!("{:02X}", self.ins))
            .field("p1", &format_args!("{:02X}", self.p1))
            .field("p2", &format_args!("{:02X}", self.p2))
            .field("lc", &self.data.len())
            .field("le", &self.le)
            .finish()
    }
}

impl Command {
    /// A case 1 command (no data, no Le).
    pub fn new(cla: u8, ins: u8, p1: u8, p2: u8) -> Self {
        Command {
            cla,
            ins,
            p1,
            p2,
            data: Vec::new(),
            le: None,
            force_extended: false,
        }
    }

    /// Sets the command data.
    pub fn with_data(mut self, data: impl Into<Vec<u8>>) -> Self {
        self.data = data.into();
        self
    }

    /// Sets Le.
    pub fn with_le(mut self, le: usize) -> Self {
        self.le = Some(le);
        self
    }

    /// Whether this command needs (or is forced to) extended length fields.
    pub fn is_extended(&self) -> bool {
        self.force_extended || self.data.len() > 255 || self.le.is_some_and(|le| le > MAX_SHORT_LE)
    }

    /// The four header bytes.
    pub fn header(&self) -> [u8; 4] {
        [self.cla, self.ins, self.p1, self.p2]
    }

    /// Serializes the command (cases 1 to 4, short or extended).
    pub fn to_bytes(&self) -> Result<Vec<u8>, ApduError> {
        let lc = self.data.len();
        if lc > MAX_EXTENDED_LC {
            return Err(ApduError::TooLarge(lc));
        }
        if let Some(le) = self.le
            && (le == 0 || le > MAX_EXTENDED_LE)
        {
            return Err(ApduError::TooLarge(le));
        }
        let mut out = Vec::with_capacity(4 + 3 + lc + 3);
        out.extend_from_slice(&self.header());
        let extended = self.is_extended();
        if lc > 0 {
            if extended {
                out.push(0);
                let lc16 = u16::try_from(lc).map_err(|_| ApduError::TooLarge(lc))?;
                out.extend_from_slice(&lc16.to_be_bytes());
            } else {
                out.push(u8::try_from(lc).map_err(|_| ApduError::TooLarge(lc))?);
            }
            out.extend_from_slice(&self.data);
        }
        if let Some(le) = self.le {
            if extended {
                if lc == 0 {
                    out.push(0);
                }
                // 65536 is encoded as 0000.
                let le16 =
                    u16::try_from(le % MAX_EXTENDED_LE).map_err(|_| ApduError::TooLarge(le))?;
                out.extend_from_slice(&le16.to_be_bytes());
            } else {
                out.push(u8::try_from(le % MAX_SHORT_LE).map_err(|_| ApduError::TooLarge(le))?);
            }
        }
        Ok(out)
    }

    /// Parses a serialized command APDU (the card side of [`Command::to_bytes`]).
    pub fn parse(bytes: &[u8]) -> Result<Command, ApduError> {
        let (&[cla, ins, p1, p2], body) =
            bytes.split_first_chunk::<4>().ok_or(ApduError::TooShort)?;
        let mut cmd = Command::new(cla, ins, p1, p2);
        match body {
            [] => {}
            [le] => cmd.le = Some(short_le(*le)),
            [0, hi, lo, after @ ..] => {
                // Extended length: Lc (2 bytes) or Le (2 bytes) follows.
                cmd.force_extended = true;
                let n = u16::from_be_bytes([*hi, *lo]) as usize;
                if after.is_empty() {
                    cmd.le = Some(extended_le(n));
                } else {
                    if n == 0 {
                        return Err(ApduError::BadLength);
                    }
                    let data = after.get(..n).ok_or(ApduError::BadLength)?;
                    cmd.data = data.to_vec();
                    match after.get(n..).unwrap_or_default() {
                        [] => {}
                        [a, b] => cmd.le = Some(extended_le(u16::from_be_bytes([*a, *b]) as usize)),
                        _ => return Err(ApduError::BadLength),
                    }
                }
            }
            [lc, rest @ ..] => {
                let n = *lc as usize;
                if n == 0 {
                    return Err(ApduError::BadLength);
                }
                let data = rest.get(..n).ok_or(ApduError::BadLength)?;
                cmd.data = data.to_vec();
                match rest.get(n..).unwrap_or_default() {
                    [] => {}
                    [le] => cmd.le = Some(short_le(*le)),
                    _ => return Err(ApduError::BadLength),
                }
            }
        }
        Ok(cmd)
    }
}

fn short_le(b: u8) -> usize {
    if b == 0 { MAX_SHORT_LE } else { b as usize }
}

fn extended_le(n: usize) -> usize {
    if n == 0 { MAX_EXTENDED_LE } else { n }
}

/// A response APDU: data and status word.
#[derive(Clone, PartialEq, Eq)]
pub struct Response {
    /// Response data.
    pub data: Vec<u8>,
    /// Status word.
    pub sw: StatusWord,
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("len", &self.data.len())
            .field("sw", &self.sw)
            .finish()
    }
}

impl Response {
    /// A response with data and a status word.
    pub fn new(data: impl Into<Vec<u8>>, sw: StatusWord) -> Self {
        Response {
            data: data.into(),
            sw,
        }
    }

    /// A response that is only a status word.
    pub fn status(sw: StatusWord) -> Self {
        Response {
            data: Vec::new(),
            sw,
        }
    }

    /// Parses raw response bytes (data || SW1 || SW2).
    pub fn parse(bytes: &[u8]) -> Result<Response, ApduError> {
        let (data, &[sw1, sw2]) = bytes
            .split_last_chunk::<2>()
            .ok_or(ApduError::NoStatusWord)?;
        Ok(Response {
            data: data.to_vec(),
            sw: StatusWord::new(sw1, sw2),
        })
    }

    /// Serializes the response (data || SW1 || SW2).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.data.len() + 2);
        out.extend_from_slice(&self.data);
        out.extend_from_slice(&self.sw.to_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(cmd: &Command, hex: &str) {
        let bytes = cmd.to_bytes().unwrap();
        assert_eq!(hex::encode_upper(&bytes), hex);
        let back = Command::parse(&bytes).unwrap();
        assert_eq!(back.header(), cmd.header());
        assert_eq!(back.data, cmd.data);
        assert_eq!(back.le, cmd.le);
    }

    #[test]
    fn four_cases_short() {
        roundtrip(&Command::new(0, 0x84, 0, 0).with_le(8), "0084000008");
        roundtrip(&Command::new(0, 0xB0, 0x81, 0).with_le(256), "00B0810000");
        roundtrip(
            &Command::new(0, 0xA4, 2, 0x0C).with_data([1, 0x1E]),
            "00A4020C02011E",
        );
        roundtrip(
            &Command::new(0, 0x82, 0, 0)
                .with_data([0xAA; 2])
                .with_le(0x28),
            "0082000002AAAA28",
        );
        roundtrip(&Command::new(0, 0x70, 0, 0), "00700000");
    }

    #[test]
    fn four_cases_extended() {
        roundtrip(
            &Command::new(0, 0xB0, 0x81, 0).with_le(65536),
            "00B08100000000",
        );
        roundtrip(
            &Command::new(0, 0xB0, 0x81, 0).with_le(1000),
            "00B081000003E8",
        );
        let data = vec![0x55; 300];
        let cmd = Command::new(0, 0xDA, 0, 0)
            .with_data(data.clone())
            .with_le(65536);
        let bytes = cmd.to_bytes().unwrap();
        assert_eq!(&bytes[4..7], &[0, 0x01, 0x2C]);
        assert_eq!(&bytes[bytes.len() - 2..], &[0, 0]);
        let back = Command::parse(&bytes).unwrap();
        assert_eq!(back.data, data);
        assert_eq!(back.le, Some(65536));
        let mut forced = Command::new(0x0C, 0xB0, 0x81, 0).with_le(16);
        forced.force_extended = true;
        roundtrip(&forced, "0CB08100000010");
    }

    #[test]
    fn rejects_bad_commands() {
        assert_eq!(Command::parse(&[0, 0xA4, 0]), Err(ApduError::TooShort));
        assert_eq!(
            Command::parse(&[0, 0xA4, 0, 0, 5, 1]),
            Err(ApduError::BadLength)
        );
        assert_eq!(
            Command::parse(&[0, 0xA4, 0, 0, 1, 1, 2, 3]),
            Err(ApduError::BadLength)
        );
        assert_eq!(
            Command::parse(&[0, 0xA4, 0, 0, 0, 0, 5, 1]),
            Err(ApduError::BadLength)
        );
        assert!(Command::new(0, 0, 0, 0).with_le(0).to_bytes().is_err());
        assert!(
            Command::new(0, 0, 0, 0)
                .with_data(vec![0; 70000])
                .to_bytes()
                .is_err()
        );
    }

    #[test]
    fn responses() {
        let r = Response::parse(&[1, 2, 0x90, 0]).unwrap();
        assert_eq!(r.data, vec![1, 2]);
        assert!(r.sw.is_success());
        assert_eq!(r.to_bytes(), vec![1, 2, 0x90, 0]);
        assert_eq!(Response::parse(&[0x90]), Err(ApduError::NoStatusWord));
    }
}
