//! Offline passive authentication of a dump folder written by `cnie read --out`
//! (EF.SOD.bin, DG1.bin …), against the built-in Moroccan CSCAs plus any
//! certificate, folder or master list given after the folder.
//!
//! ```sh
//! cargo run -p cnie --example verify_dump -- ./my-card test-vectors/pki/csca.pem
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use cnie::lds::file::LdsFile;
use cnie::pa::TrustStore;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: verify_dump DIR [TRUST…]")?;
    let mut trust = TrustStore::with_builtin();
    for path in args {
        trust.add_path(Path::new(&path))?;
    }
    let sod = std::fs::read(Path::new(&dir).join(LdsFile::Sod.file_name()))?;
    let mut data_groups = BTreeMap::new();
    for n in 1..=16u8 {
        if let Some(file) = LdsFile::dg(n)
            && let Ok(bytes) = std::fs::read(Path::new(&dir).join(file.file_name()))
        {
            data_groups.insert(n, bytes);
        }
    }
    let report = cnie::pa::verify(&sod, &data_groups, &trust, SystemTime::now());
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
