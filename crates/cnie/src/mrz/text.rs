//! Turning validated MRZ bytes into cleaned text fields.

/// Converts validated MRZ bytes to a string.
pub(super) fn text(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Removes the trailing `<` fillers (leading ones are kept: they are part of the field).
pub(super) fn trim_fillers(bytes: &[u8]) -> String {
    let end = bytes.iter().rposition(|&b| b != b'<').map_or(0, |i| i + 1);
    text(bytes.get(..end).unwrap_or_default())
}

/// Turns `<` into single spaces, trimmed.
pub(super) fn clean_name(bytes: &[u8]) -> String {
    text(bytes)
        .replace('<', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits a name field into (primary identifier, secondary identifier).
pub(super) fn split_name(bytes: &[u8]) -> (String, String) {
    match bytes.windows(2).position(|w| w == b"<<") {
        Some(i) => (
            clean_name(bytes.get(..i).unwrap_or_default()),
            clean_name(bytes.get(i + 2..).unwrap_or_default()),
        ),
        None => (clean_name(bytes), String::new()),
    }
}
