//! A secure-messaging session over any [`SmCipher`]: the send sequence
//! counter and the four wrapping operations (terminal: protect commands,
//! unprotect responses; card: unprotect commands, protect responses).

#[cfg(any(test, feature = "chip"))]
use super::codec::{COMMAND_TAGS, decode_le, status_do};
use super::codec::{
    RESPONSE_TAGS, decrypt_do, encrypt_do, increment, le_do, mac_do, mac_input, padded_header,
    parse_dos, verify_mac,
};
#[cfg(any(test, feature = "chip"))]
use super::CardSecureMessaging;
use super::{SecureMessaging, SmCipher, SmError};
use crate::iso7816::{Command, MAX_EXTENDED_LE, MAX_SHORT_LE, Response, StatusWord};

/// The CLA bits that mark secure messaging with an authenticated header.
const CLA_SM: u8 = 0x0C;
/// The largest data field of an extended-length APDU.
const MAX_LC: usize = 65535;
/// The largest data field of a short APDU.
const MAX_SHORT_LC: usize = 255;

/// An established secure-messaging session: the cipher suite's session keys
/// and the send sequence counter (SSC).
///
/// The SSC is incremented before every protect and every unprotect, on both
/// sides. The same type serves the terminal ([`SecureMessaging`]) and the
/// card ([`CardSecureMessaging`]). `Debug` shows the suite only.
pub struct SmSession<C: SmCipher> {
    cipher: C,
    ssc: C::Ssc,
    /// Whether the last command the card side unprotected had an odd INS
    /// (its response data then travels in DO'85').
    #[cfg_attr(not(any(test, feature = "chip")), allow(dead_code))]
    last_ins_odd: bool,
}

impl<C: SmCipher> std::fmt::Debug for SmSession<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmSession")
            .field("suite", &C::NAME)
            .finish_non_exhaustive()
    }
}

impl<C: SmCipher> SmSession<C> {
    /// A session from a cipher suite (holding the session keys) and the
    /// initial send sequence counter.
    pub fn with_cipher(cipher: C, ssc: C::Ssc) -> Self {
        SmSession {
            cipher,
            ssc,
            last_ins_odd: false,
        }
    }

    /// The current send sequence counter.
    #[cfg(test)]
    pub(crate) fn ssc(&self) -> &[u8] {
        self.ssc.as_ref()
    }

    /// The cipher suite (for step-by-step tests).
    #[cfg(test)]
    pub(crate) fn cipher(&self) -> &C {
        &self.cipher
    }

    fn next_ssc(&mut self) {
        increment(self.ssc.as_mut());
    }
}

impl<C: SmCipher> SecureMessaging for SmSession<C> {
    fn protect(&mut self, command: &Command) -> Result<Command, SmError> {
        self.next_ssc();
        if command.data.len() > MAX_LC {
            return Err(SmError::TooLarge);
        }
        let ssc = self.ssc.as_ref();
        let extended = command.is_extended();
        let header = [command.cla | CLA_SM, command.ins, command.p1, command.p2];
        let mut dos = Vec::new();
        if !command.data.is_empty() {
            let odd = command.ins & 1 == 1;
            dos.extend(encrypt_do(&self.cipher, ssc, &command.data, odd)?);
        }
        if let Some(le) = command.le {
            dos.extend(le_do(le, extended)?);
        }
        let mut m = padded_header(header, C::BLOCK_SIZE);
        m.extend_from_slice(&dos);
        let mac = self.cipher.mac(&mac_input(ssc, &m, C::BLOCK_SIZE));
        dos.extend(mac_do(&mac));
        if dos.len() > MAX_LC {
            return Err(SmError::TooLarge);
        }
        let force_extended = extended || dos.len() > MAX_SHORT_LC;
        let [cla, ins, p1, p2] = header;
        let mut protected = Command::new(cla, ins, p1, p2).with_data(dos);
        protected.le = Some(if force_extended {
            MAX_EXTENDED_LE
        } else {
            MAX_SHORT_LE
        });
        protected.force_extended = force_extended;
        Ok(protected)
    }

    fn unprotect(&mut self, response: &Response) -> Result<Response, SmError> {
        self.next_ssc();
        if response.data.is_empty() {
            // No status word is accepted without a MAC: a plain 9000 would let a relay
            // fake success, a plain 6A82 skip a file, a plain 63C3 fake a PIN counter.
            // A chip that dropped secure messaging says so with 6987/6988; either
            // way the session is over.
            return Err(match response.sw {
                sw if sw.is_data_valid() => SmError::Unprotected,
                sw @ (StatusWord::SM_DATA_MISSING | StatusWord::SM_DATA_INCORRECT) => {
                    SmError::CardEnded(sw)
                }
                sw => SmError::PlainAnswer(sw),
            });
        }
        let ssc = self.ssc.as_ref();
        let dos = parse_dos(&response.data, RESPONSE_TAGS)?;
        let mac = dos.mac.ok_or(SmError::Malformed("DO'8E' missing"))?;
        let [sw1, sw2] = dos.status.ok_or(SmError::Malformed("DO'99' missing"))?;
        verify_mac(
            &self.cipher,
            &mac_input(ssc, dos.covered, C::BLOCK_SIZE),
            mac,
        )?;
        let data = match dos.cryptogram {
            Some((tag, value)) => decrypt_do(&self.cipher, ssc, tag, value)?,
            None => Vec::new(),
        };
        Ok(Response::new(data, StatusWord::new(sw1, sw2)))
    }
}

#[cfg(any(test, feature = "chip"))]
impl<C: SmCipher> CardSecureMessaging for SmSession<C> {
    fn unprotect_command(&mut self, protected: &Command) -> Result<Command, SmError> {
        self.next_ssc();
        self.last_ins_odd = protected.ins & 1 == 1;
        if protected.cla & CLA_SM != CLA_SM {
            return Err(SmError::Unprotected);
        }
        let ssc = self.ssc.as_ref();
        let dos = parse_dos(&protected.data, COMMAND_TAGS)?;
        let mac = dos.mac.ok_or(SmError::Malformed("DO'8E' missing"))?;
        let mut m = padded_header(protected.header(), C::BLOCK_SIZE);
        m.extend_from_slice(dos.covered);
        verify_mac(&self.cipher, &mac_input(ssc, &m, C::BLOCK_SIZE), mac)?;
        let data = match dos.cryptogram {
            Some((tag, value)) => decrypt_do(&self.cipher, ssc, tag, value)?,
            None => Vec::new(),
        };
        let mut plain = Command::new(
            protected.cla & !CLA_SM,
            protected.ins,
            protected.p1,
            protected.p2,
        )
        .with_data(data);
        if let Some(value) = dos.le {
            let (le, extended) = decode_le(value)?;
            plain.le = Some(le);
            plain.force_extended = extended;
        }
        Ok(plain)
    }

    fn protect_response(&mut self, response: &Response) -> Result<Response, SmError> {
        self.next_ssc();
        let ssc = self.ssc.as_ref();
        let mut dos = Vec::new();
        if !response.data.is_empty() {
            dos.extend(encrypt_do(
                &self.cipher,
                ssc,
                &response.data,
                self.last_ins_odd,
            )?);
        }
        dos.extend(status_do(response.sw.to_bytes()));
        let mac = self.cipher.mac(&mac_input(ssc, &dos, C::BLOCK_SIZE));
        dos.extend(mac_do(&mac));
        if dos.len() > MAX_EXTENDED_LE {
            return Err(SmError::TooLarge);
        }
        Ok(Response::new(dos, response.sw))
    }
}
