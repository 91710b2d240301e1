//! ICAO 9303 issuing-state codes (three letters, Part 3) against the two-letter
//! ISO 3166 country a CSCA certificate names (`C=`).

use isocountry::CountryCode;

/// The ISO 3166 alpha-2 code of an ICAO 9303 issuing state (`"MAR"` → `"MA"`,
/// `"D"` → `"DE"`, `"GBD"` → `"GB"`); `None` for codes with no country (UN, EU,
/// Interpol, …), which are then not compared.
pub(super) fn alpha2(issuing_state: &str) -> Option<&'static str> {
    let code = issuing_state.trim_end_matches('<');
    match code {
        "D" => return Some("DE"),
        "GBD" | "GBN" | "GBO" | "GBP" | "GBS" => return Some("GB"),
        _ => {}
    }
    CountryCode::for_alpha3(code).ok().map(|c| c.alpha2())
}

#[cfg(test)]
mod tests {
    use super::alpha2;

    #[test]
    fn icao_codes_map_to_iso_countries() {
        assert_eq!(alpha2("MAR"), Some("MA"));
        assert_eq!(alpha2("D<<"), Some("DE"));
        assert_eq!(alpha2("D"), Some("DE"));
        assert_eq!(alpha2("NLD"), Some("NL"));
        assert_eq!(alpha2("GBD"), Some("GB"));
        assert_eq!(alpha2("UTO"), None);
        assert_eq!(alpha2("UNO"), None);
        assert_eq!(alpha2(""), None);
    }
}
