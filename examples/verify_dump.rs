//! The verdict on a dump folder written by `cnie read --out` (EF.COM.bin, EF.SOD.bin,
//! DG1.bin …), offline, against the built-in Moroccan CSCAs plus any certificate,
//! folder or master list given after the folder.
//!
//! ```sh
//! cargo run -p cnie --example verify_dump -- ./my-card test-vectors/pki/csca.pem
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use cnie::lds::file::LdsFile;
use cnie::{Document, Policy, TrustStore};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: verify_dump DIR [TRUST…]")?;
    let mut trust = TrustStore::with_builtin();
    for path in args {
        trust.add_path(Path::new(&path))?;
    }
    let mut files = BTreeMap::new();
    for file in LdsFile::all() {
        if let Ok(bytes) = std::fs::read(Path::new(&dir).join(file.file_name())) {
            files.insert(file, bytes);
        }
    }
    let document = Document::from_files(files, None);
    let verdict = document.verify(&trust, &Policy::default(), SystemTime::now());
    println!("{}", serde_json::to_string_pretty(&verdict)?);
    Ok(())
}
