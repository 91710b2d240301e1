//! Builds a TD1 MRZ (ICAO Doc 9303 Part 5 §4.2) with its check digits
//! (Part 3 §4.9), independently of the library's parser.

use super::identity::{Identity, IdentityError};

/// The check digit of `field` (weights 7, 3, 1; `<` = 0, `A` = 10 …).
pub fn check_digit(field: &str) -> Result<char, IdentityError> {
    let mut sum = 0u32;
    for (i, c) in field.chars().enumerate() {
        let value = match c {
            '0'..='9' => u32::from(c) - u32::from('0'),
            'A'..='Z' => u32::from(c) - u32::from('A') + 10,
            '<' => 0,
            _ => return Err(IdentityError(format!("`{c}` cannot appear in an MRZ"))),
        };
        let weight = [7, 3, 1][i % 3];
        sum += value * weight;
    }
    char::from_digit(sum % 10, 10).ok_or_else(|| IdentityError("check digit".into()))
}

/// `text` upper-cased with spaces as `<`, padded with `<` to `len`; an
/// error if longer or if a character is not allowed.
fn field(what: &str, text: &str, len: usize) -> Result<String, IdentityError> {
    let mut out: String = text.trim().to_ascii_uppercase().replace([' ', '-'], "<");
    if out.len() > len {
        return Err(IdentityError(format!(
            "{what} `{text}` is longer than {len} characters"
        )));
    }
    if !out
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '<')
    {
        return Err(IdentityError(format!(
            "{what} `{text}` has characters an MRZ cannot hold"
        )));
    }
    while out.len() < len {
        out.push('<');
    }
    Ok(out)
}

/// A YYMMDD date.
fn date(what: &str, text: &str) -> Result<String, IdentityError> {
    let ok = text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit());
    if !ok {
        return Err(IdentityError(format!("{what} must be YYMMDD")));
    }
    Ok(text.to_owned())
}

/// The name line: `SURNAME<<GIVEN<NAMES`, padded to 30 characters.
pub fn name_field(surname: &str, given_names: &str, len: usize) -> Result<String, IdentityError> {
    let surname = field("surname", surname, len)?;
    let given = field("given names", given_names, len)?;
    let joined = format!(
        "{}<<{}",
        surname.trim_end_matches('<'),
        given.trim_end_matches('<')
    );
    field("name", &joined, len)
}

/// The three lines of the TD1 MRZ of `id`.
pub fn td1(id: &Identity) -> Result<[String; 3], IdentityError> {
    let code = field("document code", &id.document_code, 2)?;
    let state = field("issuing state", &id.issuing_state, 3)?;
    let number = field("document number", &id.document_number, 9)?;
    let optional_1 = field("optional data", &id.optional_data, 15)?;
    let upper_tail = format!("{number}{}{optional_1}", check_digit(&number)?);
    let line1 = format!("{code}{state}{upper_tail}");

    let dob = date("date of birth", &id.date_of_birth)?;
    let doe = date("date of expiry", &id.date_of_expiry)?;
    let sex = match id.sex.as_str() {
        "M" | "F" | "<" => id.sex.clone(),
        "X" | "" => "<".to_owned(),
        other => return Err(IdentityError(format!("sex `{other}` must be M, F or <"))),
    };
    let nationality = field("nationality", &id.nationality, 3)?;
    let optional_2 = field("optional data 2", &id.optional_data_2, 11)?;
    let dob_cd = format!("{dob}{}", check_digit(&dob)?);
    let doe_cd = format!("{doe}{}", check_digit(&doe)?);
    // Composite: line 1 positions 6-30, line 2 positions 1-7, 9-15, 19-29.
    let composite = check_digit(&format!("{upper_tail}{dob_cd}{doe_cd}{optional_2}"))?;
    let line2 = format!("{dob_cd}{sex}{doe_cd}{nationality}{optional_2}{composite}");

    let line3 = name_field(&id.surname, &id.given_names, 30)?;
    Ok([line1, line2, line3])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_of_icao_examples() {
        // ICAO 9303-3 §4.9 example and the Part 5 specimen.
        assert_eq!(check_digit("520727").unwrap(), '3');
        assert_eq!(check_digit("AB2134<<<").unwrap(), '5');
        assert_eq!(check_digit("D23145890").unwrap(), '7');
        assert_eq!(check_digit("740812").unwrap(), '2');
        assert!(check_digit("ab").is_err());
    }

    #[test]
    fn name_line() {
        assert_eq!(
            name_field("EL AMRANI", "FATIMA ZAHRA", 30).unwrap(),
            "EL<AMRANI<<FATIMA<ZAHRA<<<<<<<"
        );
        assert!(name_field("A VERY LONG SURNAME INDEED", "AND GIVEN NAMES", 30).is_err());
    }
}
