//! Host-side PACE work per curve (criterion): the terminal's four steps
//! (nonce decryption, mapping, key agreement, tokens and session keys) for
//! ECDH generic mapping with AES-128, timed without the chip's share, which
//! the software chip computes in between.
//!
//! `cargo bench -p cnie --bench pace`; figures in `docs/benchmarks.md`.
//! Benchmark code: a failing PACE run panics.

use std::time::{Duration, Instant};

use cnie::keys::KdfAlgorithm;
use cnie::pace::{Curve, Mapping, OsRandom, PaceChip, PaceParams, PaceTerminal};
use criterion::{Criterion, criterion_group, criterion_main};

/// id-PACE-ECDH-GM-AES-CBC-CMAC-128 (0.4.0.127.0.7.2.2.4.2.2), content octets.
const OID: [u8; 10] = [0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02, 0x02];
const CAN: &[u8] = b"246810";

fn terminal_time(curve: Curve) -> Duration {
    let params =
        || PaceParams::new(&OID, KdfAlgorithm::Aes128, Mapping::Generic, curve).expect("params");
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

fn pace(c: &mut Criterion) {
    let mut group = c.benchmark_group("pace_terminal_ecdh_gm");
    for curve in Curve::ALL {
        group.bench_function(curve.name(), |b| {
            b.iter_custom(|iters| (0..iters).map(|_| terminal_time(curve)).sum())
        });
    }
    group.finish();
}

criterion_group!(benches, pace);
criterion_main!(benches);
