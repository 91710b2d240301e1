"""End to end: the software card through the real pcscd + vpcd, read with the
built-in PC/SC transport and with a transport written in Python (pyscard); a read on
another thread; cancellation; the eID application with signatures checked by
`cryptography`."""

import datetime as dt
import threading
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

import cnie
from conftest import CAN, CSCA, MRZ, PIN, READER


class PyscardTransport:
    """A PC/SC transport in Python: only `transmit` is required; `close` is used."""

    def __init__(self, delay: float = 0.0) -> None:
        from smartcard.System import readers

        reader = next(r for r in readers() if str(r) == READER)
        self.connection = reader.createConnection()
        self.connection.connect()
        self.delay = delay
        self.apdus = 0
        self.closed = False
        self.after_cancel = 0
        self.token = None

    def transmit(self, apdu: bytes) -> bytes:
        if self.token is not None and self.token.is_cancelled():
            self.after_cancel += 1
        self.apdus += 1
        time.sleep(self.delay)
        data, sw1, sw2 = self.connection.transmit(list(apdu))
        return bytes(data + [sw1, sw2])

    def close(self) -> None:
        self.closed = True
        self.connection.disconnect()


def _check_specimen(result: cnie.ReadResult) -> None:
    assert result.verdict.status == "authentic", result.verdict.json
    assert result.mrz is not None and result.mrz.document_number == "AB0123456"
    assert result.face is not None and result.face_format in ("jpeg", "jpeg2000")
    assert result.face[:3] == b"\xff\xd8\xff" or result.face[:4] == b"\x00\x00\x00\x0c"
    # The face as PNG, decoded by the library: the specimen's face is 240 x 320.
    png = result.face_png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == 240 and int.from_bytes(png[20:24], "big") == 320
    assert result.additional_details is not None
    assert "DG1" in result.verdict.authenticated and set(result.files) >= {"EF.COM", "EF.SOD", "DG1", "DG2"}


def test_read_with_the_builtin_pcsc_transport(sim):
    events = []
    result = cnie.read(can=CAN, reader=READER, trust=[CSCA], progress=events.append)
    _check_specimen(result)
    assert result.native.access_protocol() == "PACE"
    stages = {e.stage for e in events}
    assert {"access_control", "file"} <= stages
    assert any(e.file == "DG2" and e.bytes_read == e.total > 0 for e in events)
    # Without the test CSCA: intact but not trusted.
    assert result.verify(trust=None).status == "not_trusted"


def test_the_evidence_of_a_read_is_verified_offline(sim):
    result = cnie.read(can=CAN, reader=READER, trust=[CSCA])
    bundle = result.evidence()
    assert bundle.startswith(b"{") and b"cnie-ffi" in bundle
    assert cnie.verify_evidence(bundle, trust=[CSCA]).status == "authentic"
    later = cnie.verify_evidence(bundle, trust=[CSCA], at=dt.datetime(2040, 1, 1, tzinfo=dt.timezone.utc))
    assert "document_expired" in [w.code for w in later.warnings]
    edited = bytearray(bundle)
    edited[len(bundle) // 2] ^= 0x01
    with pytest.raises(cnie.CnieError.InvalidEvidence):
        cnie.verify_evidence(bytes(edited), trust=[CSCA])


def test_read_with_a_transport_written_in_python(sim):
    transport = PyscardTransport()
    result = cnie.read(mrz=MRZ, transport=transport, trust=[CSCA])
    _check_specimen(result)
    # Every APDU went through the Python object, and the read closed it.
    assert transport.apdus >= 9 and transport.closed


def test_a_read_on_another_thread_leaves_this_one_running(sim):
    outcome = {}

    def work():
        try:
            outcome["result"] = cnie.read(can=CAN, reader=READER, trust=[CSCA])
        except cnie.CnieError as e:  # pragma: no cover - reported below
            outcome["error"] = e

    worker = threading.Thread(target=work)
    worker.start()
    spins = 0
    while worker.is_alive():  # the GIL is free while Rust talks to the card
        cnie.parse_mrz(MRZ)
        spins += 1
    worker.join()
    assert "error" not in outcome, outcome
    _check_specimen(outcome["result"])
    assert spins > 0


def test_cancel_from_another_thread_stops_the_read_and_closes_the_channel(sim):
    token = cnie.CancelToken()
    transport = PyscardTransport(delay=0.02)
    transport.token = token

    def cancel_when_files_start(event):
        if event.stage == "file" and not token.is_cancelled():
            threading.Thread(target=token.cancel).start()

    started = time.monotonic()
    with pytest.raises(cnie.CnieError.Cancelled):
        cnie.read(can=CAN, transport=transport, trust=[CSCA], progress=cancel_when_files_start, cancel=token)
    assert time.monotonic() - started < 10
    assert transport.closed
    # At most the APDU in flight when cancel() landed; none after it was seen.
    assert transport.after_cancel == 0
    # The card is usable again: a new read from scratch succeeds.
    _check_specimen(cnie.read(can=CAN, reader=READER, trust=[CSCA]))


def test_a_wrong_can_is_access_denied(sim):
    with pytest.raises(cnie.CnieError.AccessDenied) as caught:
        cnie.read(can="135790", reader=READER, trust=[CSCA])
    assert cnie.exit_code(caught.value) == 6


def _public_key(der: bytes):
    return x509.load_der_x509_certificate(der).public_key()


def test_eid_pin_counter_last_try_force_and_signatures(sim):
    with cnie.open_eid(can=CAN, reader=READER) as card:
        assert card.pin_status().tries_left == 3
        with pytest.raises(cnie.CnieError.WrongPin) as caught:
            card.verify_pin("9999")
        assert caught.value.tries_left == 2 and cnie.exit_code(caught.value) == 12
        with pytest.raises(cnie.CnieError.WrongPin):
            card.verify_pin("9999")
        state = card.pin_status()
        assert state.tries_left == 1 and state.last_try
        # The last try is not spent without force, even with the right PIN.
        with pytest.raises(cnie.CnieError.LastTryRefused):
            card.verify_pin(PIN)
        assert card.pin_status().tries_left == 1
        card.verify_pin(PIN, force=True)
        assert card.pin_status().status == cnie.PinStatusKind.VERIFIED

        message = b"contract to sign"
        signature = card.sign(message)
        _public_key(signature.certificate).verify(signature.der, message, ec.ECDSA(hashes.SHA256()))
        assert len(signature.raw) == 64

        challenge = bytes(range(32))
        login = card.authenticate(challenge)
        _public_key(login.certificate).verify(login.der, challenge, ec.ECDSA(hashes.SHA256()))
        with pytest.raises(Exception):
            _public_key(login.certificate).verify(login.der, challenge + b"x", ec.ECDSA(hashes.SHA256()))

        certs = card.certificates()
        assert [c.role for c in certs] == ["authentication", "signature"]
        assert certs[1].der == signature.certificate and certs[0].der == login.certificate
    # Closed: the session is gone.
    with pytest.raises(cnie.CnieError.InvalidInput):
        card.pin_status()


def test_a_pin_of_the_wrong_format_is_refused_before_the_card(sim):
    with cnie.open_eid(can=CAN, reader=READER) as card:
        with pytest.raises(cnie.CnieError.InvalidInput):
            card.verify_pin("12ab")
        assert card.pin_status().tries_left == 3
