//! Passive-authentication benchmarks (criterion), offline, on one core:
//!
//! - `pa_verify/*`: `pa::verify` of the specimen card
//!   (`test-vectors/cards/specimen`), with the test CSCA alone and with the
//!   built-in Moroccan store plus the test CSCA; throughput is documents
//!   per second;
//! - `pa_steps/*`: the parts of one verification (SOD decoding, data-group
//!   hashes, SOD signature, certificate chain) and the decoding of the
//!   Document Signer's and the CSCA's RSA public keys, one RSA-4096
//!   certificate signature check;
//! - `trust/with_builtin`: building the built-in Moroccan store;
//! - `masterlist_load/*`: loading each master list of
//!   `test-vectors/trust/masterlists/` into an empty store (from memory:
//!   decoding the CMS and every certificate).
//!
//! `cargo bench -p cnie --bench pa`; figures in `docs/benchmarks.md`.
//! Benchmark code: a missing or invalid test vector panics with its path.
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    reason = "benchmark code: a failing step panics"
)]

use std::collections::BTreeMap;

use cnie::lds::file::LdsFile;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cnie::crypto::signature::PublicKey;
use cnie::lds::sod::Sod;
use cnie::pa::{self, PaStatus, TrustStore, chain, signer};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn vectors() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../test-vectors"))
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// 2027-01-01T00:00:00Z, inside the test PKI's validity.
fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_798_761_600)
}

/// The specimen's EF.SOD and data groups.
fn specimen() -> (Vec<u8>, BTreeMap<LdsFile, Vec<u8>>) {
    let dir = vectors().join("cards/specimen");
    let sod = read(&dir.join("EF.SOD.bin"));
    let files = [1u8, 2, 11]
        .into_iter()
        .filter_map(LdsFile::dg)
        .map(|f| (f, read(&dir.join(f.file_name()))))
        .collect();
    (sod, files)
}

fn with_test_csca(mut store: TrustStore) -> TrustStore {
    let path = vectors().join("pki/csca.pem");
    let added = store
        .add_pem(&read(&path), "csca.pem")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(added, 1);
    store
}

fn bench_verify(c: &mut Criterion) {
    let (sod, files) = specimen();
    let stores = [
        ("specimen/test_csca", with_test_csca(TrustStore::new())),
        (
            "specimen/builtin+test_csca",
            with_test_csca(TrustStore::with_builtin()),
        ),
    ];
    let mut group = c.benchmark_group("pa_verify");
    group.throughput(Throughput::Elements(1));
    for (name, store) in &stores {
        let report = pa::verify(&sod, &files, store, now());
        assert_eq!(report.status, PaStatus::Valid, "{report:?}");
        group.bench_function(*name, |b| {
            b.iter(|| pa::verify(black_box(&sod), black_box(&files), store, now()))
        });
    }
    group.finish();
}

fn bench_steps(c: &mut Criterion) {
    let (sod_bytes, files) = specimen();
    let sod = Sod::parse(&sod_bytes).unwrap_or_else(|e| panic!("{e}"));
    let ds = signer::find_signer_certificate(sod.signed_data(), sod.signer_info())
        .unwrap_or_else(|e| panic!("{e}"));
    let test_store = with_test_csca(TrustStore::new());
    let big_store = with_test_csca(TrustStore::with_builtin());
    let t = 1_798_761_600;

    let mut group = c.benchmark_group("pa_steps");
    group.bench_function("sod_parse", |b| {
        b.iter(|| Sod::parse(black_box(&sod_bytes)))
    });
    group.bench_function("data_group_hashes", |b| {
        b.iter(|| pa::check_hashes(black_box(&sod), black_box(&files)))
    });
    group.bench_function("sod_signature", |b| {
        b.iter(|| signer::verify_signer_info(sod.signed_data(), sod.signer_info(), black_box(&ds)))
    });
    let csca = test_store
        .anchors()
        .first()
        .map(|a| a.certificate().clone())
        .unwrap_or_else(|| panic!("no anchor"));
    group.bench_function("ds_certificate_decode", |b| {
        b.iter(|| cnie::pa::Certificate::from_der(black_box(ds.der())))
    });
    group.bench_function("find_signer_certificate", |b| {
        b.iter(|| signer::find_signer_certificate(sod.signed_data(), sod.signer_info()))
    });
    // Decoding a key (done once a certificate: `Certificate::public_key` keeps it).
    group.bench_function("public_key/ds_rsa2048", |b| {
        b.iter(|| PublicKey::from_spki_der(black_box(ds.spki())))
    });
    group.bench_function("public_key/csca_rsa4096", |b| {
        b.iter(|| PublicKey::from_spki_der(black_box(csca.spki())))
    });
    let csca_key = csca.public_key().unwrap_or_else(|e| panic!("{e}"));
    group.bench_function("rsa4096_verify/csca_self_signature", |b| {
        b.iter(|| black_box(&csca).verify_signed_by(csca_key))
    });
    group.bench_function("chain/test_csca", |b| {
        b.iter(|| chain::validate(black_box(&ds), &test_store, &chain::ChainOptions::at(t)))
    });
    group.bench_function("chain/builtin+test_csca", |b| {
        b.iter(|| chain::validate(black_box(&ds), &big_store, &chain::ChainOptions::at(t)))
    });
    group.finish();
}

fn bench_trust(c: &mut Criterion) {
    let mut group = c.benchmark_group("trust");
    group.bench_function("with_builtin", |b| b.iter(TrustStore::with_builtin));
    group.finish();

    let dir = vectors().join("trust/masterlists");
    let mut lists: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ml"))
        .collect();
    lists.sort();
    assert!(!lists.is_empty(), "no master list in {}", dir.display());

    let mut group = c.benchmark_group("masterlist_load");
    group.sample_size(20);
    for path in lists {
        let bytes = read(&path);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let added = TrustStore::new()
            .add_masterlist(&bytes, &name)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(added > 0, "{name}");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(&name, |b| {
            b.iter(|| {
                let mut store = TrustStore::new();
                store
                    .add_masterlist(black_box(&bytes), &name)
                    .map(|_| store)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_verify, bench_steps, bench_trust);
criterion_main!(benches);
