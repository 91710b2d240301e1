//! `cnie readers`.

use crate::exit::{self, Code, Failure};

pub fn run(json: bool) -> Result<Code, Failure> {
    let readers = cnie::pcsc::list_readers().map_err(|e| exit::transport(&e))?;
    if json {
        super::print_json(&serde_json::json!({ "readers": readers }))?;
    } else if readers.is_empty() {
        super::emit("no readers\n")?;
    } else {
        let mut text = String::new();
        for r in &readers {
            let card = match &r.atr {
                Some(atr) => format!("card present (ATR {atr})"),
                None => "no card".to_string(),
            };
            text.push_str(&format!("{}: {card}\n", r.name));
        }
        super::emit(&text)?;
    }
    if readers.is_empty() {
        return Err(exit::transport(&cnie::iso7816::TransportError::NoReader));
    }
    Ok(Code::Ok)
}
