"""The pytest harness: the software card (`cnie-sim serve`) in pcscd's vpcd reader.

End-to-end tests run when CNIE_E2E is set (scripts/test-python.sh sets it once pcscd
runs, and holds /tmp/cnie-vpcd.lock: one card in the shared reader at a time)."""

import os
import subprocess
import time
from pathlib import Path

import pytest

import cnie

REPO = Path(__file__).resolve().parents[4]
VECTORS = REPO / "test-vectors"
SPECIMEN = VECTORS / "cards" / "specimen"
CSCA = VECTORS / "pki" / "csca.pem"
READER = "Virtual PCD 00 00"
CAN = "246810"
PIN = "1234"
MRZ = "IDMARAB01234568X123456<<<<<<<< 9001158F3101159MAR<<<<<<<<<<<6 EL<AMRANI<<FATIMA<ZAHRA<<<<<<<"


def _target() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))


def card_present() -> bool:
    try:
        return any(r.name == READER and r.card_present for r in cnie.list_readers())
    except cnie.CnieError:
        return False


def reach(present: bool, seconds: float = 3.0) -> bool:
    deadline = time.monotonic() + seconds
    while card_present() != present:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


class Sim:
    """`cnie-sim serve --card FOLDER`; stopped (and out of the reader) on close."""

    def __init__(self, card: Path = SPECIMEN, *extra: str) -> None:
        binary = _target() / "debug" / "cnie-sim"
        assert binary.exists(), f"build cnie-sim first (cargo build -p cnie-sim): {binary}"
        assert reach(False), "another card is in the virtual reader"
        args = [str(binary), "serve", "--card", str(card), *extra]
        # Debian's vpcd ignores the first card after one vanished mid-exchange: a second
        # insertion is seen (as in crates/cnie-cli/tests/common).
        for _ in range(3):
            self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL)
            if reach(True):
                return
            self.close()
        raise AssertionError("the virtual card never appeared")

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        reach(False)


@pytest.fixture
def sim():
    if not os.environ.get("CNIE_E2E"):
        pytest.skip("end-to-end test: start pcscd and set CNIE_E2E=1 (scripts/test-python.sh does)")
    card = Sim()
    yield card
    card.close()
