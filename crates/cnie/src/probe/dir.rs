//! EF.DIR (ISO/IEC 7816-4 §8.2.1.1, §12.2.3): the card's list of
//! applications, one application template (`61`) each with the AID (`4F`),
//! a label (`50`) and a path (`51`). A transparent EF.DIR is the templates
//! one after another (with `00`/`FF` padding); a record EF.DIR has one
//! template a record, and the records read one after another parse the same.

use serde::Serialize;

use crate::tlv;

/// The most application templates kept.
pub const MAX_APPLICATIONS: usize = 32;
/// The most characters of a label kept.
const MAX_LABEL: usize = 64;

/// One application template of EF.DIR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirApplication {
    /// The AID (`4F`), hex; `None` when the template has none.
    pub aid: Option<String>,
    /// The label (`50`), printable ASCII (other bytes shown as `.`).
    pub label: Option<String>,
    /// The path (`51`), hex.
    pub path: Option<String>,
}

/// EF.DIR, decoded.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct EfDir {
    /// The application templates, in file order (at most [`MAX_APPLICATIONS`]).
    pub applications: Vec<DirApplication>,
}

impl EfDir {
    /// The AIDs of the templates, as bytes, in file order.
    pub fn aids(&self) -> Vec<Vec<u8>> {
        self.applications
            .iter()
            .filter_map(|a| a.aid.as_deref())
            .filter_map(|h| hex::decode(h).ok())
            .collect()
    }
}

/// Parses EF.DIR; the error says where the TLV structure broke (the
/// templates before it are kept). Objects other than `61` are skipped.
pub fn parse(bytes: &[u8]) -> (EfDir, Option<String>) {
    let mut dir = EfDir::default();
    for object in tlv::iter(bytes) {
        let object = match object {
            Ok(o) => o,
            Err(e) => return (dir, Some(e.to_string())),
        };
        if object.tag != 0x61 {
            continue;
        }
        if dir.applications.len() == MAX_APPLICATIONS {
            return (
                dir,
                Some(format!("more than {MAX_APPLICATIONS} applications")),
            );
        }
        let mut app = DirApplication {
            aid: None,
            label: None,
            path: None,
        };
        for child in object.children() {
            let child = match child {
                Ok(c) => c,
                Err(e) => {
                    dir.applications.push(app);
                    return (dir, Some(e.to_string()));
                }
            };
            match child.tag {
                0x4F if app.aid.is_none() => app.aid = Some(hex::encode_upper(child.value)),
                0x50 if app.label.is_none() => app.label = Some(printable(child.value)),
                0x51 if app.path.is_none() => app.path = Some(hex::encode_upper(child.value)),
                _ => {}
            }
        }
        dir.applications.push(app);
    }
    (dir, None)
}

/// Printable ASCII, other bytes as `.`, at most [`MAX_LABEL`] characters.
fn printable(bytes: &[u8]) -> String {
    bytes
        .iter()
        .take(MAX_LABEL)
        .map(|&b| {
            if (0x20..0x7F).contains(&b) {
                char::from(b)
            } else {
                '.'
            }
        })
        .collect()
}
