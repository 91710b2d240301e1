//! Reads a card on the first PC/SC reader with the CAN and prints the library's
//! verdict (data signed, intact and complete; chip genuine) with the holder's name,
//! taken only from an authenticated DG1.
//!
//! ```sh
//! cargo run -p cnie --example read_card -- 246810
//! ```
//! (Try it on the software card: `cargo run -p cnie-sim -- serve --card
//! test-vectors/cards/specimen` beside a running pcscd with vpcd; add the test CSCA
//! with `CNIE_TRUST=test-vectors/pki/csca.pem`.)

use std::time::{Duration, SystemTime};

use cnie::keys::{AccessKey, Can};
use cnie::lds::dg1::Dg1;
use cnie::lds::file::LdsFile;
use cnie::pcsc::PcscTransport;
use cnie::session::{ReadOptions, read_document};
use cnie::{Policy, TrustStore, VerdictStatus};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let can = std::env::args()
        .nth(1)
        .ok_or("usage: read_card CAN (the 6 digits on the front of the card)")?;
    let key = AccessKey::Can(Can::new(&can)?);
    let transport = PcscTransport::connect(None, Duration::from_secs(15), |readers| {
        eprintln!("waiting for a card on {}…", readers.join(", "));
    })?;
    let document = read_document(transport, &key, &ReadOptions::default(), |_| {})?;
    println!(
        "read with {:?} in {} APDUs",
        document.access, document.stats.apdus
    );

    let mut trust = TrustStore::with_builtin();
    if let Ok(path) = std::env::var("CNIE_TRUST") {
        trust.add_path(std::path::Path::new(&path))?;
    }
    let verdict = document.verify(&trust, &Policy::default(), SystemTime::now());
    println!("verdict: {:?}, chip: {:?}", verdict.status, verdict.chip);
    for reason in verdict.reasons.iter().chain(&verdict.warnings) {
        println!("  - {reason}");
    }
    // Only authenticated data is the holder's data.
    if let Some(dg1) = LdsFile::dg(1)
        .filter(|f| verdict.is_authenticated(*f))
        .and_then(|f| document.files.get(&f))
    {
        let mrz = Dg1::parse(dg1)?.into_mrz()?;
        println!(
            "{} {} ({})",
            mrz.given_names, mrz.surname, mrz.document_number
        );
    }
    if verdict.status != VerdictStatus::Authentic {
        std::process::exit(1);
    }
    Ok(())
}
