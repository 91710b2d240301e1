"""Offline: MRZ parsing, errors, trust stores, verification of files, threads."""

import datetime as dt
import subprocess
import threading

import pytest

import cnie
from conftest import CSCA, MRZ, SPECIMEN, _target


def test_parse_mrz_gives_the_access_key_fields():
    mrz = cnie.parse_mrz(MRZ)
    assert (mrz.document_number, mrz.date_of_birth, mrz.date_of_expiry) == ("AB0123456", "900115", "310115")
    assert (mrz.date_of_birth_iso, mrz.date_of_expiry_iso) == ("1990-01-15", "2031-01-15")
    assert mrz.surname == "EL AMRANI" and mrz.given_names == "FATIMA ZAHRA"
    assert mrz.format == "TD1"


def test_a_mistyped_check_digit_is_named_with_the_cli_suggestion():
    typo = MRZ.replace("AB01234568", "ABO1234568")
    with pytest.raises(cnie.CnieError.InvalidInput) as caught:
        cnie.parse_mrz(typo)
    error = caught.value
    assert isinstance(error, cnie.CnieError)
    assert error.suggestion == "AB0123456"
    assert "document number" in str(error) and "did you mean AB0123456" in str(error)
    assert cnie.exit_code(error) == 3


def test_mrz_errors_read_as_the_cli_says_them():
    cli = _target() / "debug" / "cnie"
    for text in [MRZ.replace("AB01234568", "ABO1234568"), MRZ.replace("9001158", "9001168"), MRZ[:40]]:
        out = subprocess.run([str(cli), "mrz", text], capture_output=True, text=True)
        assert out.returncode == 3
        with pytest.raises(cnie.CnieError.InvalidInput) as caught:
            cnie.parse_mrz(text)
        assert out.stderr.strip() == f"cnie: {caught.value}"


def test_bad_lengths_and_huge_input_are_invalid_input_not_crashes():
    for text in ["", "IDMAR", "<" * 100_000, "\u00e9" * 90]:
        with pytest.raises(cnie.CnieError.InvalidInput):
            cnie.parse_mrz(text)


def _specimen_files():
    return {p.name: p.read_bytes() for p in SPECIMEN.glob("*.bin")}


def test_offline_verification_of_the_specimen_files():
    files = _specimen_files()
    assert cnie.verify_files(files, trust=[CSCA]).status == "authentic"
    # Without the test CSCA the signer is not trusted.
    assert cnie.verify_files(files).status == "not_trusted"
    # One byte changed in DG1: invalid, with the library's reason code.
    changed = dict(files)
    dg1 = bytearray(changed["DG1.bin"])
    dg1[-1] ^= 1
    changed["DG1.bin"] = bytes(dg1)
    verdict = cnie.verify_files(changed, trust=[CSCA])
    assert verdict.status == "invalid"
    assert "hash_mismatch" in [r.code for r in verdict.reasons]
    # DG2 missing: incomplete.
    del changed["DG2.bin"]
    assert cnie.verify_files({k: v for k, v in files.items() if k != "DG2.bin"}, trust=[CSCA]).status == "incomplete"


def test_verification_time_is_taken_into_account():
    files = _specimen_files()
    later = dt.datetime(2040, 1, 1, tzinfo=dt.timezone.utc)
    verdict = cnie.verify_files(files, trust=[CSCA], at=later)
    assert "document_expired" in [w.code for w in verdict.warnings]


def test_trust_store_errors_are_typed():
    with pytest.raises(cnie.CnieError.Io) as caught:
        cnie.trust_store(["/nonexistent/csca.pem"])
    assert cnie.exit_code(caught.value) == 11
    store = cnie.trust_store([CSCA], builtin=False)
    assert store.anchor_count() == 1
    assert cnie.trust_store(None).anchor_count() >= 1


def test_one_trust_store_verifies_on_several_threads():
    store = cnie.trust_store([CSCA])
    files = _specimen_files()
    results = []

    def work():
        results.append(cnie.verify_files(files, trust=store).status)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["authentic"] * 4


def test_no_key_is_invalid_input_before_any_card_is_touched():
    class Untouchable:
        def transmit(self, apdu):
            raise AssertionError("the card must not be touched")

    with pytest.raises(cnie.CnieError.InvalidInput):
        cnie.read(transport=Untouchable())
    with pytest.raises(cnie.CnieError.InvalidInput):
        cnie.read(can="12a", transport=Untouchable())


def test_a_transport_that_raises_is_card_lost_not_a_crash():
    class Broken:
        def transmit(self, apdu):
            raise ValueError("reader unplugged")

    with pytest.raises(cnie.CnieError.CardLost) as caught:
        cnie.read(can="246810", transport=Broken())
    assert "reader unplugged" in str(caught.value)


SEED_BUNDLE = SPECIMEN.parents[2] / "fuzz" / "seeds" / "evidence" / "specimen_pace"


def test_an_evidence_bundle_is_verified_offline_and_any_edit_is_refused():
    bundle = SEED_BUNDLE.read_bytes()
    assert cnie.verify_evidence(bundle, trust=[CSCA]).status == "authentic"
    assert cnie.verify_evidence(bundle).status == "not_trusted"
    # A byte changed anywhere (metadata, hashes, file contents): refused or never authentic.
    for position in range(0, len(bundle), max(1, len(bundle) // 97)):
        edited = bytearray(bundle)
        edited[position] ^= 0x01
        try:
            verdict = cnie.verify_evidence(bytes(edited), trust=[CSCA])
        except cnie.CnieError as e:
            assert isinstance(e, (cnie.CnieError.InvalidEvidence, cnie.CnieError.Io)), e
            assert cnie.exit_code(e) in (9, 11)
        else:
            assert verdict.status != "authentic", position
    # As `cnie verify FILE`: not JSON of the format is invalid (exit 9), JSON of
    # another format cannot be read (exit 11).
    with pytest.raises(cnie.CnieError.InvalidEvidence):
        cnie.verify_evidence(b"not a bundle at all")
    with pytest.raises(cnie.CnieError.Io):
        cnie.verify_evidence(b'{"format": "something-else", "format_version": 1}')
