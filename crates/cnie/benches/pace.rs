//! Host-side PACE work per group and mapping (criterion): the terminal's four
//! steps (nonce decryption, mapping, key agreement, tokens and session keys)
//! with AES-128, timed without the chip's share, which the software chip
//! computes in between: ECDH generic mapping on every curve, DH generic
//! mapping on the RFC 5114 groups 0 (1024/160) and 2 (2048/256), and the
//! integrated mapping on brainpoolP256r1, P-256 and the 2048/256 group.
//!
//! `cargo bench -p cnie --bench pace`; figures in `docs/benchmarks.md`.
//! Benchmark code: a failing PACE run panics.
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    reason = "benchmark code: a failing PACE run panics"
)]

use std::time::{Duration, Instant};

use cnie::crypto::kdf::KdfAlgorithm;
use cnie::pace::{Curve, DhGroup, Group, Mapping, OsRandom, PaceChip, PaceParams, PaceTerminal};
use criterion::{Criterion, criterion_group, criterion_main};

const CAN: &[u8] = b"246810";

/// id-PACE-{DH,ECDH}-{GM,IM}-AES-CBC-CMAC-128 (0.4.0.127.0.7.2.2.4.x.2), content octets.
fn oid(group: Group, mapping: Mapping) -> [u8; 10] {
    let arc = match (mapping, group) {
        (Mapping::Integrated, Group::Dh(_)) => 3,
        (Mapping::Integrated, _) => 4,
        (_, Group::Dh(_)) => 1,
        _ => 2,
    };
    [0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, arc, 0x02]
}

fn terminal_time(group: Group, mapping: Mapping) -> Duration {
    let params = || {
        PaceParams::new(&oid(group, mapping), KdfAlgorithm::Aes128, mapping, group).expect("params")
    };
    let mut rng = OsRandom;
    let mut chip = PaceChip::new(CAN, params());
    let z = chip.step1(&mut rng).expect("chip step 1");
    let start = Instant::now();
    let mut terminal = PaceTerminal::new(CAN, params());
    let pk_map_ifd = terminal.step1(&z, &mut rng).expect("terminal step 1");
    let mut spent = start.elapsed();
    let pk_map_ic = chip.step2(&pk_map_ifd, &mut rng).expect("chip step 2");
    let start = Instant::now();
    let pk_ifd = terminal
        .step2(&pk_map_ic, &mut rng)
        .expect("terminal step 2");
    spent += start.elapsed();
    let pk_ic = chip.step3(&pk_ifd, &mut rng).expect("chip step 3");
    let start = Instant::now();
    let t_ifd = terminal.step3(&pk_ic).expect("terminal step 3");
    spent += start.elapsed();
    let (t_ic, _) = chip.finish(&t_ifd).expect("chip finish");
    let start = Instant::now();
    terminal.finish(&t_ic).expect("terminal finish");
    spent + start.elapsed()
}

fn bench_group(c: &mut Criterion, name: &str, mapping: Mapping, groups: &[Group]) {
    let mut bench = c.benchmark_group(name);
    for &group in groups {
        bench.bench_function(group.name(), |b| {
            b.iter_custom(|iters| (0..iters).map(|_| terminal_time(group, mapping)).sum())
        });
    }
    bench.finish();
}

fn pace(c: &mut Criterion) {
    let curves: Vec<Group> = Curve::ALL.into_iter().map(Group::Ec).collect();
    bench_group(c, "pace_terminal_ecdh_gm", Mapping::Generic, &curves);
    let dh = [
        Group::Dh(DhGroup::Modp1024_160),
        Group::Dh(DhGroup::Modp2048_256),
    ];
    bench_group(c, "pace_terminal_dh_gm", Mapping::Generic, &dh);
    let im = [
        Group::Ec(Curve::BrainpoolP256r1),
        Group::Ec(Curve::P256),
        Group::Dh(DhGroup::Modp2048_256),
    ];
    bench_group(c, "pace_terminal_im", Mapping::Integrated, &im);
}

criterion_group!(benches, pace);
criterion_main!(benches);
