//! `cnie read`: read a document from a card, check it, print it.

use cnie::session::{LengthPreference, ReadOptions};

use super::analysis::{self, StatsOut};
use crate::args::{Length, ReadArgs};
use crate::exit::{self, Code, Failure};
use crate::progress::Bar;
use crate::{dump, output};

pub fn run(args: &ReadArgs, trace: bool) -> Result<Code, Failure> {
    let (keys, kind) = super::key::access_keys(&args.key)?;
    let trust = analysis::trust_store(&args.trust)?;
    let mut bar = Bar::new();
    let transport =
        super::connect::transport(args.reader.as_deref(), args.wait, args.card_timeout)?;
    let card = super::connect::card(transport, trace);
    let options = ReadOptions {
        length: match args.length {
            Length::Auto => LengthPreference::Auto,
            Length::Short => LengthPreference::Short,
            Length::Extended => LengthPreference::Extended,
        },
        ..ReadOptions::default()
    };
    let result = cnie::session::read_document_from(card, &keys, &options, |p| bar.update(p));
    bar.done();
    drop(keys);
    let document = result.map_err(|e| exit::library(&e, kind))?;

    let mut report = analysis::analyse(&document.files, &trust);
    report.access = Some(document.access);
    report.skipped = document.skipped.clone();
    report.notes = document.notes.clone();
    report.chip_authentication = document.chip_authentication.as_ref().map(|ca| {
        let chain = ca.check_chain(&trust, std::time::SystemTime::now());
        report.chip_chain = Some(chain.status);
        serde_json::json!({
            "status": "passed",
            "mapping": "PACE-CAM",
            "card_security_signer": ca.signer,
            "card_security_chain": chain.status,
            "card_security_chain_reasons": chain.reasons,
            "key_id": ca.key_id,
        })
    });
    report.stats = Some(StatsOut {
        apdus: document.stats.apdus,
        bytes_sent: document.stats.bytes_sent,
        bytes_received: document.stats.bytes_received,
        elapsed_ms: document.elapsed.as_millis() as u64,
        extended_length: document.extended_length,
    });
    if let Some(dir) = &args.out {
        dump::write_files(dir, &document.files)?;
        if let Some(face) = report.face.as_mut() {
            face.path = Some(dump::write_extra(
                dir,
                &format!("face.{}", face.extension),
                &face.data,
            )?);
        }
        let json = serde_json::to_vec_pretty(&report)
            .map_err(|e| Failure::new(Code::Failure, format!("cannot encode JSON: {e}")))?;
        dump::write_extra(dir, "document.json", &json)?;
    }
    if args.json {
        super::print_json(&report)?;
    } else {
        super::emit(&output::report_text(&report, args.out.is_some()))?;
    }
    Ok(report.code())
}
