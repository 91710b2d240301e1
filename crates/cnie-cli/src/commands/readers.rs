//! `cnie readers`: every reader with its index (what `--reader N` takes) and card.

use crate::exit::{self, Code, Failure};

pub fn run(json: bool) -> Result<Code, Failure> {
    let readers = cnie::pcsc::list_readers().map_err(|e| exit::transport(&e))?;
    if json {
        let listed: Vec<_> = readers
            .iter()
            .enumerate()
            .map(|(index, r)| {
                serde_json::json!({
                    "index": index,
                    "name": r.name,
                    "card_present": r.card_present,
                    "atr": r.atr,
                })
            })
            .collect();
        super::print_json(&serde_json::json!({ "readers": listed }))?;
    } else if readers.is_empty() {
        super::emit(&format!("{}\n", t!("readers-none")))?;
    } else {
        let mut text = String::new();
        for (index, r) in readers.iter().enumerate() {
            let card = match &r.atr {
                Some(atr) => t!("reader-card-present", atr = atr),
                None => t!("reader-no-card"),
            };
            text.push_str(&format!("{index}: {}: {card}\n", r.name));
        }
        super::emit(&text)?;
    }
    if readers.is_empty() {
        return Err(exit::transport(&cnie::iso7816::TransportError::NoReader));
    }
    Ok(Code::Ok)
}

/// `--reader`: a number is the reader's index in `cnie readers` (from 0), resolved to
/// its full name; anything else is part of a reader's name, as given.
pub fn select(reader: Option<&str>) -> Result<Option<String>, Failure> {
    let Some(text) = reader else {
        return Ok(None);
    };
    let Ok(index) = text.trim().parse::<usize>() else {
        return Ok(Some(text.to_string()));
    };
    let readers = cnie::pcsc::list_readers().map_err(|e| exit::transport(&e))?;
    match readers.get(index) {
        Some(r) => Ok(Some(r.name.clone())),
        None => Err(Failure::new(
            Code::NoReader,
            t!("error-reader-index", index = index, count = readers.len()),
        )),
    }
}
