//! (Declared `#[cfg(test)] mod tests;` by the parent module: test code only.)
//!
//! Tests of the MRZ parser against `test-vectors/mrz.json` and crafted inputs.

use super::*;
use crate::test_support::{json_vector, str_field};
use serde_json::Value;

const MOROCCAN_SPECIMEN: [&str; 3] = [
    "IDMARAB01234568X123456<<<<<<<<",
    "9001158F3101159MAR<<<<<<<<<<<6",
    "EL<AMRANI<<FATIMA<ZAHRA<<<<<<<",
];

fn vectors() -> Value {
    json_vector("mrz.json")
}

fn array_of<'a>(value: &'a Value, key: &str) -> &'a Vec<Value> {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("missing array {key:?}"))
}

/// The check digit of `s` as a character.
fn cd(s: &str) -> char {
    char::from(b'0' + check_digit(s).expect("valid MRZ characters"))
}

/// Replaces the character at `index` (0-based) of `line`.
fn replace_at(line: &str, index: usize, c: char) -> String {
    line.chars()
        .enumerate()
        .map(|(i, x)| if i == index { c } else { x })
        .collect()
}

/// Recomputes every check digit of a TD1 MRZ (short document number only).
fn fix_td1(lines: [&str; 3]) -> [String; 3] {
    let [l1, l2, l3] = lines;
    let l1 = replace_at(l1, 14, cd(&l1[5..14]));
    let l2 = replace_at(l2, 6, cd(&l2[0..6]));
    let l2 = replace_at(&l2, 14, cd(&l2[8..14]));
    let composite = format!("{}{}{}{}", &l1[5..30], &l2[0..7], &l2[8..15], &l2[18..29]);
    let l2 = replace_at(&l2, 29, cd(&composite));
    [l1, l2, l3.to_owned()]
}

fn check_digit_error(result: Result<Mrz, MrzError>) -> (MrzField, char, char, Option<String>) {
    match result {
        Err(MrzError::CheckDigit {
            field,
            expected,
            found,
            suggestion,
        }) => (field, expected, found, suggestion),
        other => panic!("expected a check digit error, got {other:?}"),
    }
}

#[test]
fn check_digit_examples() {
    let v = vectors();
    let examples = array_of(&v, "check_digit_examples");
    assert_eq!(examples.len(), 5);
    for example in examples {
        let input = str_field(example, "input");
        let expected = example["check_digit"].as_u64().expect("check_digit");
        assert_eq!(check_digit(input).map(u64::from), Some(expected), "{input}");
    }
    let cross = v["check_digit_examples_cross_check"]["values"]
        .as_object()
        .expect("cross check values");
    assert_eq!(cross.len(), 4);
    for (input, expected) in cross {
        assert_eq!(
            check_digit(input).map(u64::from),
            expected.as_u64(),
            "{input}"
        );
    }
}

#[test]
fn check_digit_edge_cases() {
    assert_eq!(check_digit(""), Some(0));
    assert_eq!(check_digit("<<<<"), Some(0));
    assert_eq!(check_digit("Z"), Some(5)); // 35 * 7 = 245
    assert_eq!(check_digit("a"), None);
    assert_eq!(check_digit("12 3"), None);
    assert_eq!(check_digit("é"), None);
}

/// Positions (line, index) of the check digits named in mrz.json, per format.
fn check_digit_position(format: MrzFormat, key: &str) -> (usize, usize) {
    let len = format.line_length();
    match (format, key) {
        (MrzFormat::Td1, "document_number_check_digit") => (0, 14),
        (MrzFormat::Td1, "date_of_birth_check_digit") => (1, 6),
        (MrzFormat::Td1, "date_of_expiry_check_digit") => (1, 14),
        (MrzFormat::Td1, "composite_check_digit") => (1, 29),
        (_, "document_number_check_digit") => (1, 9),
        (_, "date_of_birth_check_digit") => (1, 19),
        (_, "date_of_expiry_check_digit") => (1, 27),
        (MrzFormat::Td3, "personal_number_check_digit") => (1, 42),
        (_, "composite_check_digit") => (1, len - 1),
        _ => panic!("no check digit {key} in {format}"),
    }
}

/// The composite check digit input of well-formed lines, per ICAO 9303 Parts 4-6.
fn composite_input(format: MrzFormat, lines: &[String]) -> String {
    let (l1, l2) = (&lines[0], &lines[1]);
    match format {
        MrzFormat::Td1 => format!("{}{}{}{}", &l1[5..30], &l2[0..7], &l2[8..15], &l2[18..29]),
        MrzFormat::Td2 => format!("{}{}{}", &l2[0..10], &l2[13..20], &l2[21..35]),
        MrzFormat::Td3 => format!("{}{}{}", &l2[0..10], &l2[13..20], &l2[21..43]),
    }
}

#[test]
fn documents() {
    let v = vectors();
    let documents = array_of(&v, "documents");
    assert_eq!(documents.len(), 5);
    for doc in documents {
        let id = str_field(doc, "id");
        let lines: Vec<&str> = array_of(doc, "lines")
            .iter()
            .map(|l| l.as_str().expect("line"))
            .collect();
        let mrz = parse(&lines.join("\n")).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(mrz.format.to_string(), str_field(doc, "format"), "{id}");
        assert_eq!(mrz.lines, lines, "{id}");
        assert_eq!(parse_lines(&lines).as_ref(), Ok(&mrz), "{id}");

        let fields = doc["fields"].as_object().expect("fields");
        for (key, expected) in fields {
            let expected = expected.as_str().expect("string field");
            let actual: String = match key.as_str() {
                "document_code" => mrz.document_code.clone(),
                "issuing_state" => mrz.issuing_state.clone(),
                "document_number" => mrz.document_number.clone(),
                "nationality" => mrz.nationality.clone(),
                "date_of_birth" => mrz.date_of_birth.clone(),
                "sex" => mrz.sex.clone(),
                "date_of_expiry" => mrz.date_of_expiry.clone(),
                "optional_data_1" => mrz.optional_data_1.clone(),
                "optional_data_2" => mrz.optional_data_2.clone(),
                "personal_number" => {
                    assert_eq!(mrz.optional_data_1, expected, "{id}");
                    mrz.optional_data.clone()
                }
                "optional_data" => {
                    // mrz.json gives the raw TD2 field; the parser cleans it and takes the
                    // long document number extension (overflow + check digit) out of it.
                    assert_eq!(
                        mrz.lines[1][28..35].trim_end_matches('<'),
                        expected.trim_end_matches('<'),
                        "{id} raw optional data"
                    );
                    let overflow = mrz.document_number.get(9..).unwrap_or("");
                    let extension = if overflow.is_empty() {
                        String::new()
                    } else {
                        format!("{overflow}{}", cd(&mrz.document_number))
                    };
                    let rest = expected
                        .strip_prefix(extension.as_str())
                        .expect("extension");
                    assert_eq!(mrz.optional_data_1, mrz.optional_data, "{id}");
                    assert_eq!(mrz.optional_data, rest.trim_matches('<'), "{id}");
                    continue;
                }
                "document_number_encoding" => {
                    // Long number: '<' at the check digit position, overflow + check digit
                    // at the start of optional data 1.
                    assert_eq!(&mrz.lines[0][5..15], "D23145890<", "{id}");
                    assert_eq!(&mrz.lines[0][15..19], "7349", "{id}");
                    assert_eq!(cd(&mrz.document_number), '9', "{id}");
                    assert_eq!(mrz.optional_data_1, "", "{id}");
                    continue;
                }
                "primary_identifier" => mrz.surname.clone(),
                "secondary_identifier" => mrz.given_names.clone(),
                check if check.ends_with("_check_digit") => {
                    let (line, index) = check_digit_position(mrz.format, check);
                    let found = &mrz.lines[line][index..=index];
                    assert_eq!(found, expected, "{id} {check} in the MRZ");
                    let computed = match check {
                        "document_number_check_digit" => cd(&mrz.document_number),
                        "date_of_birth_check_digit" => cd(&mrz.date_of_birth),
                        "date_of_expiry_check_digit" => cd(&mrz.date_of_expiry),
                        "personal_number_check_digit" => cd(&mrz.optional_data),
                        _ => cd(&composite_input(mrz.format, &mrz.lines)),
                    };
                    computed.to_string()
                }
                other => panic!("{id}: field {other} is not covered by this test"),
            };
            assert_eq!(actual, expected, "{id} {key}");
        }

        if let Some(info) = doc["mrz_information_for_bac"].as_str() {
            assert_eq!(mrz.access_key().mrz_information().as_str(), info, "{id}");
        }
    }
}

#[test]
fn long_document_numbers_agree_between_td1_and_td2() {
    let v = vectors();
    let documents = array_of(&v, "documents");
    let keys: Vec<String> = documents
        .iter()
        .filter(|d| str_field(d, "id").contains("long_docnum"))
        .map(|d| {
            let lines: Vec<&str> = array_of(d, "lines")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            let mrz = parse_lines(&lines).expect("valid");
            assert_eq!(mrz.document_number, "D23145890734");
            mrz.access_key().mrz_information().to_string()
        })
        .collect();
    assert_eq!(keys, ["D23145890734934071279507122"; 2]);
}

#[test]
fn key_seed_td3() {
    let v = vectors();
    let seeds = array_of(&v, "key_seeds");
    let entry = seeds
        .iter()
        .find(|e| e["td3_mrz"].is_string())
        .expect("entry with a TD3");
    // The vector's TD3 has 87 characters: one '<' of the empty personal number is missing.
    let vector = str_field(entry, "td3_mrz");
    assert_eq!(parse(vector), Err(MrzError::Length { found: 87 }));
    assert_eq!(&vector[44 + 28..], "<<<<<<<<<<<<<<4");
    let td3 = format!("{}<{}", &vector[..44 + 28], &vector[44 + 28..]);
    let mrz = parse(&td3).expect("valid TD3 once repaired");
    assert_eq!(mrz.format, MrzFormat::Td3);
    assert_eq!(mrz.document_code, "P");
    assert_eq!(mrz.issuing_state, "D");
    assert_eq!(mrz.nationality, "D");
    assert_eq!(mrz.document_number, str_field(entry, "document_number"));
    assert_eq!(mrz.date_of_birth, str_field(entry, "date_of_birth"));
    assert_eq!(mrz.date_of_expiry, str_field(entry, "date_of_expiry"));
    assert_eq!(mrz.sex, "F");
    assert_eq!(mrz.surname, "MUSTERMANN");
    assert_eq!(mrz.given_names, "ERIKA");
    // Empty personal number with '<' as its check digit.
    assert_eq!(mrz.optional_data, "");
    assert_eq!(&mrz.lines[1][42..43], "<");
    assert_eq!(
        mrz.access_key().mrz_information().as_str(),
        str_field(entry, "mrz_information")
    );
    // '0' is also accepted as the check digit of an empty personal number.
    let with_zero = replace_at(&td3, 44 + 42, '0');
    assert!(parse(&with_zero).is_ok());
}

#[test]
fn errata_composite_check_digits() {
    let v = vectors();
    let errata = array_of(&v, "errata_and_discrepancies");
    let recomputed = array_of(&v["recomputed"], "errata_composite_recomputed");
    assert_eq!(errata.len(), 2);
    assert_eq!(recomputed.len(), 2);
    for (erratum, fix) in errata.iter().zip(recomputed) {
        let source = str_field(erratum, "mrz");
        assert_eq!(source, str_field(fix, "mrz"));
        let wrong = str_field(fix, "composite_in_source")
            .chars()
            .next()
            .expect("digit");
        let right = str_field(fix, "composite_computed")
            .chars()
            .next()
            .expect("digit");

        // The source's composite is rejected, naming the composite.
        let error = parse(source).expect_err("wrong composite");
        assert!(error.to_string().contains("composite"), "{error}");
        let (field, expected, found, suggestion) = check_digit_error(Err(error));
        assert_eq!(
            (field, expected, found, suggestion),
            (MrzField::Composite, right, wrong, None)
        );

        // The recomputed composite is accepted.
        let composite_index = match source.len() {
            90 => 30 + 29,
            _ => source.len() - 1,
        };
        assert_eq!(source[composite_index..].chars().next(), Some(wrong));
        let corrected = replace_at(source, composite_index, right);
        let mrz = parse(&corrected).expect("corrected MRZ");
        assert_eq!(mrz.document_number, "L898902C");
        assert_eq!(mrz.date_of_birth, "690806");
        assert_eq!(mrz.date_of_expiry, "940623");
        assert_eq!(mrz.sex, "F");
        assert_eq!(mrz.surname, "ERIKSSON");
        assert_eq!(mrz.given_names, "ANNA MARIA");
        assert_eq!(
            mrz.access_key().mrz_information().as_str(),
            "L898902C<369080619406236"
        );
        if let Some(doc_cd) = fix["document_number_cd_computed"].as_str() {
            assert_eq!(cd("L898902C<").to_string(), doc_cd);
            assert_eq!(str_field(fix, "document_number_cd_in_mrz"), doc_cd);
        }
    }
}

#[test]
fn moroccan_specimen() {
    let mrz = parse(&MOROCCAN_SPECIMEN.join("\n")).expect("valid specimen");
    assert_eq!(mrz.format, MrzFormat::Td1);
    assert_eq!(mrz.document_code, "ID");
    assert_eq!(mrz.issuing_state, "MAR");
    assert_eq!(mrz.document_number, "AB0123456");
    assert_eq!(mrz.optional_data_1, "X123456");
    assert_eq!(mrz.optional_data_2, "");
    assert_eq!(mrz.optional_data, "X123456");
    assert_eq!(mrz.date_of_birth, "900115");
    assert_eq!(mrz.sex, "F");
    assert_eq!(mrz.date_of_expiry, "310115");
    assert_eq!(mrz.nationality, "MAR");
    assert_eq!(mrz.surname, "EL AMRANI");
    assert_eq!(mrz.given_names, "FATIMA ZAHRA");
    assert_eq!(
        mrz.access_key().mrz_information().as_str(),
        "AB0123456890011583101159"
    );
    // Every check digit of the specimen is right.
    assert_eq!(cd("AB0123456"), '8');
    assert_eq!(cd("900115"), '8');
    assert_eq!(cd("310115"), '9');
    assert_eq!(cd(&composite_input(MrzFormat::Td1, &mrz.lines)), '6');

    let json = serde_json::to_value(&mrz).expect("serializable");
    assert_eq!(json["format"], "TD1");
    assert_eq!(json["optional_data_1"], "X123456");
    assert_eq!(json["lines"][2], MOROCCAN_SPECIMEN[2]);
}

#[test]
fn leading_fillers_are_kept() {
    // Only trailing fillers are removed: a leading '<' is part of the document number and
    // changes the MRZ information (check digit weights depend on the position).
    let [l1, l2, l3] = fix_td1([
        "IDMAR<AB012345<<X123456<<<<<<<",
        MOROCCAN_SPECIMEN[1],
        MOROCCAN_SPECIMEN[2],
    ]);
    let mrz = parse_lines(&[&l1, &l2, &l3]).expect("valid");
    assert_eq!(mrz.document_number, "<AB012345");
    assert_eq!(mrz.optional_data_1, "<X123456");
    let info = mrz.access_key().mrz_information();
    assert_eq!(&info[..10], &l1[5..15]);
}

#[test]
fn td1_with_both_optional_data() {
    let [l1, l2, l3] = fix_td1([
        "IDMARAB01234568X123456<<<<<<<<",
        "9001158F3101159MARAB<12<<<<<<6",
        "EL<AMRANI<<FATIMA<ZAHRA<<<<<<<",
    ]);
    let mrz = parse_lines(&[&l1, &l2, &l3]).expect("valid");
    assert_eq!(mrz.optional_data_1, "X123456");
    assert_eq!(mrz.optional_data_2, "AB<12");
    assert_eq!(mrz.optional_data, "X123456<AB<12");
}

#[test]
fn forgiving_form() {
    let reference = parse(&MOROCCAN_SPECIMEN.join("\n")).expect("valid");
    let inputs = [
        MOROCCAN_SPECIMEN.join("\n").to_lowercase(),
        MOROCCAN_SPECIMEN.join(" "),
        MOROCCAN_SPECIMEN.concat(),
        MOROCCAN_SPECIMEN.join("\r\n") + "\r\n",
        MOROCCAN_SPECIMEN.join("\\n"),
        MOROCCAN_SPECIMEN.join("\\r\\n"),
        format!("\t {} \n\n", MOROCCAN_SPECIMEN.join("\n\t")),
        "IDMARAB0123456 8X123456<<<<<<<<\n9001158F31011 59MAR<<<<<<<<<<<6\nEL<AMRANI<<FATIMA<ZAHRA<<<<<<<"
            .to_owned(),
        MOROCCAN_SPECIMEN.join("\u{2028}"),
    ];
    for input in &inputs {
        assert_eq!(parse(input).as_ref(), Ok(&reference), "{input:?}");
        assert_eq!(input.parse::<Mrz>().as_ref(), Ok(&reference), "{input:?}");
    }
    let lower: Vec<String> = MOROCCAN_SPECIMEN.iter().map(|l| l.to_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    assert_eq!(parse_lines(&lower).as_ref(), Ok(&reference));
    let with_blank_lines = [
        "",
        MOROCCAN_SPECIMEN[0],
        "  ",
        MOROCCAN_SPECIMEN[1],
        MOROCCAN_SPECIMEN[2],
    ];
    assert_eq!(parse_lines(&with_blank_lines).as_ref(), Ok(&reference));
}

#[test]
fn length_and_layout_errors() {
    let error = parse("IDMAR").expect_err("too short");
    assert_eq!(error, MrzError::Length { found: 5 });
    assert_eq!(
        error.to_string(),
        "the MRZ has 5 characters once blanks are removed; expected 90 (TD1, 3 lines of 30), \
         72 (TD2, 2 lines of 36) or 88 (TD3, 2 lines of 44)"
    );
    assert_eq!(parse(""), Err(MrzError::Length { found: 0 }));
    let mut long = MOROCCAN_SPECIMEN.concat();
    long.push('<');
    assert_eq!(parse(&long), Err(MrzError::Length { found: 91 }));

    let short_line = [
        MOROCCAN_SPECIMEN[0],
        &MOROCCAN_SPECIMEN[1][..29],
        MOROCCAN_SPECIMEN[2],
    ];
    assert_eq!(
        parse_lines(&short_line),
        Err(MrzError::Layout {
            line_lengths: vec![30, 29, 30]
        })
    );
    assert_eq!(
        parse_lines(&[]),
        Err(MrzError::Layout {
            line_lengths: vec![]
        })
    );
    // 90 characters, but not as 3 lines of 30.
    let uneven = [
        &MOROCCAN_SPECIMEN.concat()[..45],
        &MOROCCAN_SPECIMEN.concat()[45..],
    ];
    assert!(matches!(parse_lines(&uneven), Err(MrzError::Layout { .. })));
}

#[test]
fn invalid_characters() {
    let bad = [
        MOROCCAN_SPECIMEN[0],
        "9001158F3101159MAR<<«<<<<<<<<6",
        MOROCCAN_SPECIMEN[2],
    ];
    let error = parse(&bad.join("\n")).expect_err("invalid character");
    assert_eq!(
        error,
        MrzError::InvalidCharacter {
            line: 2,
            column: 21,
            ch: '«'
        }
    );
    assert_eq!(
        error.to_string(),
        "invalid character '«' in MRZ line 2, column 21: only A-Z, 0-9 and '<' are allowed"
    );
    let dash = MOROCCAN_SPECIMEN.concat().replacen('X', "-", 1);
    assert_eq!(
        parse(&dash),
        Err(MrzError::InvalidCharacter {
            line: 1,
            column: 16,
            ch: '-'
        })
    );
    // Non-ASCII letters are not upper-cased into MRZ characters.
    let accented = MOROCCAN_SPECIMEN.concat().replacen("EL<", "ÉL<", 1);
    assert!(matches!(
        parse(&accented),
        Err(MrzError::InvalidCharacter {
            line: 3,
            column: 1,
            ch: 'É'
        })
    ));
}

#[test]
fn hint_for_o_typed_for_zero() {
    let typed = MOROCCAN_SPECIMEN
        .join("\n")
        .replacen("AB0123456", "ABO123456", 1);
    let error = parse(&typed).expect_err("wrong check digit");
    assert_eq!(
        error.to_string(),
        "check digit of the document number is wrong (found 8, computed 2): did you mean AB0123456?"
    );
    assert_eq!(
        check_digit_error(Err(error)),
        (
            MrzField::DocumentNumber,
            '2',
            '8',
            Some("AB0123456".to_owned())
        )
    );
}

#[test]
fn hint_for_mistyped_check_digit() {
    // 'B' typed for the check digit '8'.
    let typed = MOROCCAN_SPECIMEN
        .join("\n")
        .replacen("AB01234568", "AB0123456B", 1);
    let (field, expected, found, suggestion) = check_digit_error(parse(&typed));
    assert_eq!(field, MrzField::DocumentNumber);
    assert_eq!((expected, found), ('8', 'B'));
    assert_eq!(suggestion.as_deref(), Some("AB0123456"));
}

#[test]
fn hint_ambiguous_gives_no_suggestion() {
    // "AB0I23456": both "AB0123456" (I -> 1) and "A80I23456" (B -> 8) have check digit 8.
    assert_eq!(cd("AB0123456"), '8');
    assert_eq!(cd("A80I23456"), '8');
    let typed = MOROCCAN_SPECIMEN
        .join("\n")
        .replacen("AB0123456", "AB0I23456", 1);
    let error = parse(&typed).expect_err("wrong check digit");
    let (field, _, _, suggestion) = check_digit_error(Err(error.clone()));
    assert_eq!(field, MrzField::DocumentNumber);
    assert_eq!(suggestion, None);
    assert!(!error.to_string().contains("did you mean"), "{error}");
}

#[test]
fn hint_with_too_many_confusable_positions() {
    // A long document number made of 16 confusable characters, one '0' typed as 'O': the
    // search would find the fix, but it is not attempted beyond 12 confusable positions.
    let l1 = "IDMAR000000000<00000O00<<<<<<<";
    assert_eq!(cd("0000000000000000"), '0');
    assert_eq!(cd("00000000000000O0"), '4');
    let (field, _, _, suggestion) = check_digit_error(parse_lines(&[
        l1,
        MOROCCAN_SPECIMEN[1],
        MOROCCAN_SPECIMEN[2],
    ]));
    assert_eq!(field, MrzField::DocumentNumber);
    assert_eq!(suggestion, None);
}

#[test]
fn wrong_date_of_birth_check_digit() {
    let typed = MOROCCAN_SPECIMEN
        .join("\n")
        .replacen("9001158F", "9001157F", 1);
    let error = parse(&typed).expect_err("wrong check digit");
    assert_eq!(
        error.to_string(),
        "check digit of the date of birth is wrong (found 7, computed 8)"
    );
    let (field, expected, found, suggestion) = check_digit_error(Err(error));
    assert_eq!(
        (field, expected, found, suggestion),
        (MrzField::DateOfBirth, '8', '7', None)
    );
}

#[test]
fn hint_for_letters_in_dates() {
    let typed = MOROCCAN_SPECIMEN
        .join("\n")
        .replacen("9001158F", "9OOII58F", 1);
    let error = parse(&typed).expect_err("wrong check digit");
    assert!(error.to_string().contains("date of birth"), "{error}");
    let (field, _, found, suggestion) = check_digit_error(Err(error));
    assert_eq!((field, found), (MrzField::DateOfBirth, '8'));
    assert_eq!(suggestion.as_deref(), Some("900115"));

    let typed = MOROCCAN_SPECIMEN
        .join("\n")
        .replacen("F3101159", "F31O1159", 1);
    let (field, _, _, suggestion) = check_digit_error(parse(&typed));
    assert_eq!(field, MrzField::DateOfExpiry);
    assert_eq!(suggestion.as_deref(), Some("310115"));

    // 'S' typed for the date of expiry's check digit... '9' is not confusable, so use 'G' for 6:
    // a letter check digit that maps to the right digit.
    let typed = MOROCCAN_SPECIMEN
        .join("\n")
        .replacen("9001158F", "900115BF", 1);
    let (field, expected, found, suggestion) = check_digit_error(parse(&typed));
    assert_eq!((field, expected, found), (MrzField::DateOfBirth, '8', 'B'));
    assert_eq!(suggestion.as_deref(), Some("900115"));
}

#[test]
fn personal_number_check_digit() {
    let v = vectors();
    let td3 = array_of(&v, "documents")
        .iter()
        .find(|d| str_field(d, "format") == "TD3")
        .expect("TD3 document");
    let lines: Vec<&str> = array_of(td3, "lines")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let l2 = replace_at(lines[1], 42, '2');
    let error = parse_lines(&[lines[0], &l2]).expect_err("wrong personal number check digit");
    assert!(error.to_string().contains("personal number"), "{error}");
    let (field, expected, found, _) = check_digit_error(Err(error));
    assert_eq!(
        (field, expected, found),
        (MrzField::PersonalNumber, '1', '2')
    );

    // A non-empty personal number may not have '<' as its check digit.
    let l2 = replace_at(lines[1], 42, '<');
    let (field, ..) = check_digit_error(parse_lines(&[lines[0], &l2]));
    assert_eq!(field, MrzField::PersonalNumber);
}

#[test]
fn invalid_dates_and_fields() {
    // Month 13 with correct check digits.
    let [l1, l2, l3] = fix_td1([
        MOROCCAN_SPECIMEN[0],
        "9013158F3101159MAR<<<<<<<<<<<6",
        MOROCCAN_SPECIMEN[2],
    ]);
    let error = parse_lines(&[&l1, &l2, &l3]).expect_err("invalid month");
    assert_eq!(
        error,
        MrzError::InvalidDate {
            field: MrzField::DateOfBirth,
            reason: "the month must be 01 to 12"
        }
    );
    assert_eq!(
        error.to_string(),
        "the date of birth is not a valid YYMMDD date: the month must be 01 to 12"
    );

    // Day 00 in the date of expiry.
    let [l1, l2, l3] = fix_td1([
        MOROCCAN_SPECIMEN[0],
        "9001158F3101009MAR<<<<<<<<<<<6",
        MOROCCAN_SPECIMEN[2],
    ]);
    assert!(matches!(
        parse_lines(&[&l1, &l2, &l3]),
        Err(MrzError::InvalidDate {
            field: MrzField::DateOfExpiry,
            ..
        })
    ));

    // Unknown month and day of birth are accepted; not in the date of expiry.
    let [l1, l2, l3] = fix_td1([
        MOROCCAN_SPECIMEN[0],
        "90<<<<8F3101159MAR<<<<<<<<<<<6",
        MOROCCAN_SPECIMEN[2],
    ]);
    let mrz = parse_lines(&[&l1, &l2, &l3]).expect("unknown day and month of birth");
    assert_eq!(mrz.date_of_birth, "90<<<<");
    let [l1, l2, l3] = fix_td1([
        MOROCCAN_SPECIMEN[0],
        "9001158F31<<<<9MAR<<<<<<<<<<<6",
        MOROCCAN_SPECIMEN[2],
    ]);
    assert!(matches!(
        parse_lines(&[&l1, &l2, &l3]),
        Err(MrzError::InvalidDate {
            field: MrzField::DateOfExpiry,
            ..
        })
    ));

    // Sex '<' is "X"; any other letter is rejected.
    let [l1, l2, l3] = fix_td1([
        MOROCCAN_SPECIMEN[0],
        "9001158<3101159MAR<<<<<<<<<<<6",
        MOROCCAN_SPECIMEN[2],
    ]);
    assert_eq!(parse_lines(&[&l1, &l2, &l3]).expect("valid").sex, "X");
    let [l1, l2, l3] = fix_td1([
        MOROCCAN_SPECIMEN[0],
        "9001158Q3101159MAR<<<<<<<<<<<6",
        MOROCCAN_SPECIMEN[2],
    ]);
    let error = parse_lines(&[&l1, &l2, &l3]).expect_err("invalid sex");
    assert_eq!(
        error.to_string(),
        "the sex must be M, F, or < or X (unspecified)"
    );

    // Empty document number.
    let [l1, l2, l3] = fix_td1([
        "IDMAR<<<<<<<<<0X123456<<<<<<<<",
        MOROCCAN_SPECIMEN[1],
        MOROCCAN_SPECIMEN[2],
    ]);
    assert_eq!(
        parse_lines(&[&l1, &l2, &l3]),
        Err(MrzError::InvalidField {
            field: MrzField::DocumentNumber,
            reason: "is empty"
        })
    );

    // '<' at the check digit position without an extension in the optional data.
    let [_, l2, l3] = fix_td1(MOROCCAN_SPECIMEN);
    let l1 = "IDMARAB0123456<<X123456<<<<<<<";
    let (field, expected, found, _) = check_digit_error(parse_lines(&[l1, &l2, &l3]));
    assert_eq!(
        (field, expected, found),
        (MrzField::DocumentNumber, '8', '<')
    );
}

#[test]
fn names() {
    assert_eq!(
        split_name(b"EL<AMRANI<<FATIMA<ZAHRA<<<<<<<"),
        ("EL AMRANI".to_owned(), "FATIMA ZAHRA".to_owned())
    );
    assert_eq!(
        split_name(b"MADONNA<<<<<<<"),
        ("MADONNA".to_owned(), String::new())
    );
    assert_eq!(
        split_name(b"SURNAME"),
        ("SURNAME".to_owned(), String::new())
    );
    assert_eq!(
        split_name(b"<<ONLY<GIVEN"),
        (String::new(), "ONLY GIVEN".to_owned())
    );
    assert_eq!(split_name(b"A<<B<<C"), ("A".to_owned(), "B C".to_owned()));
    assert_eq!(split_name(b""), (String::new(), String::new()));
}

/// A tiny deterministic generator for the hostile input test.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn hostile_input_never_panics() {
    let specimen = MOROCCAN_SPECIMEN.concat();
    let mut inputs: Vec<String> = vec![
        String::new(),
        " ".into(),
        "\\".into(),
        "\\n".repeat(100),
        "\0".repeat(90),
        "é".repeat(90),
        "é".repeat(45),
        "<".repeat(90),
        "<".repeat(72),
        "<".repeat(88),
        "0".repeat(90),
        "O".repeat(90),
        "9".repeat(72),
        "\u{FEFF}".repeat(90),
        "🦀".repeat(88),
        "I<".repeat(10_000),
        specimen.replace('<', "\u{2028}"),
        specimen.chars().rev().collect(),
    ];
    // Every position of the specimen replaced with each interesting character.
    for i in 0..90 {
        for c in ['<', '0', 'O', 'I', '1', 'G', '6', 'Z', 'é', ' '] {
            inputs.push(replace_at(&specimen, i, c));
        }
    }
    // Random strings of MRZ characters and of arbitrary characters.
    let mut rng = Lcg(0x00C0_FFEE);
    let alphabet: Vec<char> = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<<<"
        .chars()
        .collect();
    for _ in 0..500 {
        let len = [90, 72, 88, 30, 44][(rng.next() % 5) as usize];
        let s: String = (0..len)
            .map(|_| alphabet[(rng.next() as usize) % alphabet.len()])
            .collect();
        inputs.push(s);
        let len = (rng.next() % 200) as usize;
        let s: String = (0..len)
            .map(|_| char::from_u32((rng.next() % 0x3000) as u32).unwrap_or('?'))
            .collect();
        inputs.push(s);
    }
    for input in &inputs {
        let _ = parse(input);
        let lines: Vec<&str> = input.split('<').collect();
        let _ = parse_lines(&lines);
        let _ = check_digit(input);
        if let Err(error) = parse(input) {
            let message = error.to_string();
            assert!(!message.contains('\n'), "{message}");
        }
    }
}

#[test]
fn display_of_formats_and_fields() {
    assert_eq!(MrzFormat::Td1.to_string(), "TD1");
    assert_eq!(MrzFormat::Td2.to_string(), "TD2");
    assert_eq!(MrzFormat::Td3.to_string(), "TD3");
    assert_eq!(MrzFormat::from_total_length(90), Some(MrzFormat::Td1));
    assert_eq!(MrzFormat::from_total_length(72), Some(MrzFormat::Td2));
    assert_eq!(MrzFormat::from_total_length(88), Some(MrzFormat::Td3));
    assert_eq!(MrzFormat::from_total_length(89), None);
    for (field, name) in [
        (MrzField::DocumentNumber, "document number"),
        (MrzField::DateOfBirth, "date of birth"),
        (MrzField::DateOfExpiry, "date of expiry"),
        (MrzField::PersonalNumber, "personal number"),
        (MrzField::Composite, "composite"),
        (MrzField::Sex, "sex"),
    ] {
        assert_eq!(field.to_string(), name);
    }
}
