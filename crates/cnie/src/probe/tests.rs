//! (Declared `#[cfg(test)] mod tests;` by the parent module: test code only.)
//!
//! Probe tests: the parsers against published bytes (the German eID card's
//! EF.DIR as AusweisApp matches it, the ICAO 9303-11 G.1 EF.CardAccess, the
//! software card's ATR and EF.ATR/INFO), and the command sequence against
//! scripted cards, hostile ones included.

use super::*;
use crate::iso7816::Command;
use crate::test_support::{ScriptedTransport, hex, hex_upper};

/// The AIDs as their specifications and public middleware spell them.
#[test]
fn known_aids_match_their_published_values() {
    let published = [
        ("ICAO eMRTD (LDS1)", "A0000002471001"),
        ("PKCS#15 / ISO 7816-15", "A000000063504B43532D3135"),
        ("IAS-ECC", "A000000077010800070000FE00000100"),
        ("Gemalto IAS", "A00000001840000001634200"),
        ("German eID (TR-03110)", "E80704007F00070302"),
        ("eSign (TR-03117)", "A000000167455349474E"),
        (
            "CIA for eSign (ISO 7816-15)",
            "E828BD080FA000000167455349474E",
        ),
        (
            "QSCD application (IDEMIA IAS-ECC)",
            "51534344204170706C69636174696F6E",
        ),
        ("EstEID 3.5", "D23300000045737445494420763335"),
        ("Belgian eID (BELPIC)", "A000000177504B43532D3135"),
        ("OpenPGP card", "D27600012401"),
        ("PIV", "A000000308000010000100"),
    ];
    for (name, aid) in published {
        assert_eq!(name_of(&hex(aid)), Some(name), "{aid}");
    }
    for (i, k) in KNOWN_AIDS.iter().enumerate() {
        assert!(is_valid_aid(k.aid), "{}", k.name);
        assert!(
            KNOWN_AIDS[..i].iter().all(|o| o.aid != k.aid),
            "{} listed twice",
            k.name
        );
    }
    assert_eq!(KNOWN_AIDS[0].aid, crate::lds::EMRTD_AID);
}

/// The EF.DIR of the German eID card (BSI TR-03127), as AusweisApp2's CIF
/// matching value has it: four templates, one with label and an empty path.
const NPA_EF_DIR: &str = "61324F0FE828BD080FA000000167455349474E500F434941207A752044462E655369676E5100730C4F0AA000000167455349474E61094F07A0000002471001610B4F09E80704007F00070302610C4F0AA000000167455349474E";

#[test]
fn ef_dir_of_the_german_eid_card() {
    let (dir, error) = dir::parse(&hex(NPA_EF_DIR));
    assert_eq!(error, None);
    let aids: Vec<&str> = dir
        .applications
        .iter()
        .map(|a| a.aid.as_deref().unwrap())
        .collect();
    assert_eq!(
        aids,
        [
            "E828BD080FA000000167455349474E",
            "A0000002471001",
            "E80704007F00070302",
            "A000000167455349474E"
        ]
    );
    assert_eq!(
        dir.applications[0].label.as_deref(),
        Some("CIA zu DF.eSign")
    );
    assert_eq!(dir.applications[0].path.as_deref(), Some(""));
    assert_eq!(dir.applications[1].label, None);
    // Every one of these is well known: nothing extra to try.
    let tried = aids_to_try(Some(&dir));
    assert_eq!(tried.len(), KNOWN_AIDS.len());
    assert_eq!(
        tried
            .iter()
            .filter(|t| t.2 == AidSource::KnownAndEfDir)
            .count(),
        4
    );
}

#[test]
fn ef_dir_padding_unknown_aids_and_damage() {
    // Padding between templates, a template without AID, a foreign object,
    // a label with control bytes, an AID outside the known list.
    let bytes = hex("00FF 6105 500341420A 6203 010203 6107 4F05 A000000001 FFFF");
    let (dir, error) = dir::parse(&bytes);
    assert_eq!(error, None);
    assert_eq!(dir.applications.len(), 2);
    assert_eq!(dir.applications[0].label.as_deref(), Some("AB."));
    assert_eq!(dir.applications[0].aid, None);
    assert_eq!(dir.aids(), vec![hex("A000000001")]);
    let tried = aids_to_try(Some(&dir));
    assert_eq!(tried.len(), KNOWN_AIDS.len() + 1);
    assert_eq!(tried.last().unwrap().2, AidSource::EfDir);
    // A template cut short: the ones before it are kept, the error said.
    let mut cut = hex(NPA_EF_DIR);
    cut.truncate(60);
    let (dir, error) = dir::parse(&cut);
    assert!(error.is_some());
    assert_eq!(dir.applications.len(), 1);
    // Every prefix and every bit flip: no panic.
    let full = hex(NPA_EF_DIR);
    for n in 0..full.len() {
        let _ = dir::parse(&full[..n]);
    }
    for i in 0..full.len() {
        for bit in 0..8 {
            let mut b = full.clone();
            b[i] ^= 1 << bit;
            let (dir, _) = dir::parse(&b);
            assert!(dir.applications.len() <= MAX_APPLICATIONS);
        }
    }
    // Many tiny templates: capped.
    let many: Vec<u8> = std::iter::repeat_n([0x61u8, 0x00], 100).flatten().collect();
    let (dir, error) = dir::parse(&many);
    assert_eq!(dir.applications.len(), MAX_APPLICATIONS);
    assert!(error.is_some());
}

#[test]
fn atr_and_atr_info_of_the_software_card() {
    // 3B 85 80 01 | 80 73 94 01 40 | TCK (cnie-sim with extended length).
    let atr = AtrSummary::new(&hex("3B858001807394014022"));
    assert_eq!(atr.historical_bytes.as_deref(), Some("8073940140"));
    assert_eq!(atr.extended_length, Some(true));
    let broken = AtrSummary::new(&[0x3B, 0xFF]);
    assert_eq!(broken.historical_bytes, None);
    assert_eq!(broken.extended_length, None);

    // DO'7F66' (4096 and 65538 bytes), DO'47' card capabilities.
    let (info, error) = atr_info(&hex("7F66 09 02021000 0203010002 47 03 940140"));
    assert_eq!(error, None);
    assert_eq!(info.max_command_apdu, Some(4096));
    assert_eq!(info.max_response_apdu, Some(65538));
    assert_eq!(info.card_capabilities.as_deref(), Some("940140"));
    assert_eq!(info.objects.len(), 2);
    assert_eq!(info.objects[0].tag, "7F66");
    assert_eq!(info.objects[1].value, "940140");
    // An INTEGER too large for u64 is no number; a broken object is said.
    let (info, error) = atr_info(&hex("7F660B 0209010000000000000000 4703"));
    assert_eq!(info.max_command_apdu, None);
    assert!(error.is_some());
}

#[test]
fn card_access_of_icao_g1() {
    // ICAO 9303-11 Appendix G.1: id-PACE-ECDH-GM-AES-CBC-CMAC-128, parameter 13.
    let summary = card_access(&hex("31143012060A04007F0007020204020202010202010D")).unwrap();
    assert_eq!(summary.infos.len(), 1);
    let pace: Vec<_> = summary.pace().collect();
    assert_eq!(pace.len(), 1);
    assert_eq!(pace[0].oid, "0.4.0.127.0.7.2.2.4.2.2");
    assert_eq!(
        pace[0].protocol.as_deref(),
        Some("PACE-ECDH-GM-AES-CBC-CMAC-128")
    );
    assert_eq!(pace[0].version, Some(2));
    assert_eq!(pace[0].parameter_id, Some(13));
    assert_eq!(pace[0].domain, Some("brainpoolP256r1"));
    assert!(card_access(&hex("3003020101")).is_err());
}

/// A card that answers from a script: the first rule whose command prefix
/// matches gives the answer; anything else gets `6A82`. Every command seen
/// is kept.
fn scripted() -> ScriptedTransport {
    ScriptedTransport::new().otherwise("6A82")
}

/// Only SELECT, READ BINARY with the allowed files, READ RECORD and GET
/// RESPONSE: never VERIFY, GET DATA, a write, or a data group.
fn assert_harmless(seen: &[Vec<u8>]) {
    for raw in seen {
        let c = Command::parse(raw).unwrap();
        match c.ins {
            ins::SELECT => assert!(matches!(c.p1, 0x00 | 0x02 | 0x04), "{}", hex_upper(raw)),
            ins::READ_BINARY if c.p1 & 0x80 != 0 => {
                assert_eq!(c.p1, 0x9C, "only EF.CardAccess by SFI")
            }
            ins::READ_BINARY | READ_RECORD | ins::GET_RESPONSE => {}
            other => panic!("unexpected INS {other:02X}"),
        }
        if c.ins == ins::SELECT && c.p1 != 0x04 && !c.data.is_empty() {
            let fid = hex_upper(&c.data);
            assert!(
                ["3F00", "2F00", "2F01", "011C"].contains(&fid.as_str()),
                "{fid}"
            );
        }
    }
}

#[test]
fn a_card_with_a_record_ef_dir_and_an_ias_ecc_application() {
    let card_access = "31143012060A04007F0007020204020202010202010D";
    let transport = scripted()
        .on("00B09C00", &[&format!("{card_access}6282")], "6B00")
        .on("00A4000C", &[], "9000")
        .on("00A4020C022F00", &[], "9000")
        .on("00B00000", &[], "6981")
        .on(
            "00B20104",
            &[],
            "61124F10A000000077010800070000FE000001009000",
        )
        .on("00B20204", &[], "610E4F0CA00000006301020304050607 9000")
        .on("00B20304", &[], "6A83")
        // IAS-ECC refuses P2=00, answers P2=0C.
        .on("00A4040010A000000077", &[], "6A86")
        .on("00A4040C10A000000077", &[], "9000")
        .on(
            "00A4040007A0000002471001",
            &[],
            "6F098407A00000024710019000",
        );
    let mut card = Card::new(transport);
    let report = probe(&mut card).unwrap();

    assert!(report.atr.is_none());
    assert!(report.card_access.found);
    assert_eq!(report.card_access.via.as_deref(), Some("sfi 1C"));
    assert_eq!(report.card_access.sw.as_deref(), Some("6282"));
    assert_eq!(report.card_access.hex.as_deref(), Some(card_access));
    assert_eq!(
        report.card_access.parsed.as_ref().unwrap().infos[0].parameter_id,
        Some(13)
    );
    assert_eq!(report.master_file.as_deref(), Some("9000"));
    assert!(!report.atr_info.found);
    assert_eq!(report.atr_info.sw.as_deref(), Some("6A82"));

    let dir = &report.ef_dir;
    assert!(dir.found);
    assert_eq!(dir.structure, Some("records"));
    assert_eq!(dir.sw.as_deref(), Some("6A83"));
    assert!(!dir.truncated);
    let apps = &dir.parsed.as_ref().unwrap().applications;
    assert_eq!(apps.len(), 2);
    assert_eq!(apps[1].aid.as_deref(), Some("A00000006301020304050607"));

    let ias = report
        .application("A000000077010800070000FE00000100")
        .unwrap();
    assert!(ias.selected);
    assert_eq!(ias.p2, "0C");
    assert_eq!(ias.source, AidSource::KnownAndEfDir);
    let emrtd = report.application("A0000002471001").unwrap();
    assert!(emrtd.selected);
    assert_eq!(emrtd.fci.as_deref(), Some("6F098407A0000002471001"));
    let extra = report.application("A00000006301020304050607").unwrap();
    assert_eq!(extra.source, AidSource::EfDir);
    assert_eq!(extra.sw.as_deref(), Some("6A82"));
    assert!(!extra.selected);
    assert_eq!(
        report.applications.len(),
        KNOWN_AIDS.len() + 1,
        "one extra AID from EF.DIR"
    );

    // The master file is selected again after each application that answered.
    let log = &report.status_words;
    for (i, r) in log.iter().enumerate() {
        if r.what.starts_with("SELECT ")
            && r.command.starts_with("00A404")
            && r.sw.as_deref() == Some("9000")
        {
            assert_eq!(log[i + 1].what, "SELECT master file", "after {}", r.what);
        }
    }
    assert_eq!(log.len(), card.stats().apdus as usize);
    assert_harmless(card.transport().sent());
}

#[test]
fn a_silent_card_and_a_card_that_never_ends_a_file() {
    // Every command refused: a report of refusals, not an error.
    let mut card = Card::new(scripted().on("00", &[], "6D00"));
    let report = probe(&mut card).unwrap();
    assert!(!report.card_access.found);
    assert_eq!(report.master_file.as_deref(), Some("6D00"));
    assert!(report.applications.iter().all(|a| !a.selected));
    assert!(
        report
            .status_words
            .iter()
            .all(|r| r.sw.as_deref() == Some("6D00"))
    );
    assert_harmless(card.transport().sent());

    // EF.CardAccess that claims 60000 bytes and a card that always has more.
    let endless = format!("31 82 EA60 {} 9000", "00".repeat(252));
    let mut card = Card::new(scripted().on("00B09C", &[], &endless).on(
        "00B0",
        &[],
        &format!("{} 9000", "AA".repeat(256)),
    ));
    let report = probe(&mut card).unwrap();
    let ca = &report.card_access;
    assert!(ca.found && ca.truncated);
    assert_eq!(ca.size, MAX_FILE);
    assert!(ca.parse_error.is_some());
    assert!(report.status_words.len() <= MAX_APDUS);
}

#[test]
fn malformed_answers_budget_and_transport_failures() {
    // Answers without a status word: recorded, the probe goes on.
    let mut card = Card::new(scripted().on("00A40400", &[], "90"));
    let report = probe(&mut card).unwrap();
    let emrtd = report.application("A0000002471001").unwrap();
    assert!(emrtd.error.is_some());
    assert!(!emrtd.selected);

    // A card whose every SELECT by AID says "selected": reselections
    // included, the command budget holds.
    let mut card = Card::new(
        scripted()
            .on("00A404", &[], &format!("{} 9000", "6F".repeat(1100)))
            .on("00A4000C", &[], "9000"),
    );
    let report = probe(&mut card).unwrap();
    assert!(report.status_words.len() <= MAX_APDUS);
    assert!(report.applications.iter().all(|a| a.selected));
    assert!(
        report
            .applications
            .iter()
            .all(|a| a.fci.as_ref().is_some_and(|f| f.len() == 2 * MAX_FCI))
    );

    // A card removed in the middle: a transport error.
    let t = scripted()
        .fail_from(5, TransportError::CardRemoved)
        .with_atr(hex("3B858001807394014022"));
    let mut card = Card::new(t);
    assert_eq!(probe(&mut card), Err(TransportError::CardRemoved));
}

#[test]
fn the_command_budget_holds() {
    let mut card = Card::new(scripted().on("00", &[], "9000"));
    let mut p = Prober {
        card: &mut card,
        log: Vec::new(),
        over_budget: false,
    };
    let command = Command::new(0x00, ins::SELECT, 0x00, 0x0C);
    for _ in 0..MAX_APDUS + 10 {
        let _ = p.send("SELECT master file", &command).unwrap();
    }
    assert!(p.over_budget);
    assert_eq!(p.log.len(), MAX_APDUS);
    assert_eq!(card.transport().sent().len(), MAX_APDUS);
}
