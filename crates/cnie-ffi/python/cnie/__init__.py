"""Read and verify the Moroccan eID (CNIE) and other ICAO 9303 documents.

The stable surface (issue #14), over the module UniFFI generates from the Rust crate
``cnie-ffi`` (``cnie._native``, also importable for everything else)::

    import cnie
    mrz = cnie.parse_mrz("IDMARAB01234568X123456<<<<<<<< 9001158F3101159MAR<<<<<<<<<<<6 EL<AMRANI<<FATIMA<ZAHRA<<<<<<<")
    result = cnie.read(can="246810", trust=["csca.pem"])        # a PC/SC reader
    result = cnie.read(can="246810", transport=my_transport)    # any object with transmit(apdu) -> bytes
    if result.verdict.status == "authentic":
        open("face.jpg", "wb").write(result.face)
    bundle = result.evidence()
    verdict = cnie.verify_evidence(bundle, trust=["csca.pem"])

Every call blocks until the card answers: run it on a worker thread (the GIL is released
while Rust works). A read is stopped from another thread with a :class:`CancelToken`.
Every failure is a :class:`CnieError`; its subclasses (``CnieError.AccessDenied``,
``CnieError.WrongPin``, …) mirror the ``cnie`` command's exit codes (``exit_code``).
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Optional, Protocol, Union

from ._native import cnie_ffi as _ffi

CnieError = _ffi.CnieError
TransportFailure = _ffi.TransportFailure
CancelToken = _ffi.CancelToken
TrustStore = _ffi.TrustStore
Mrz = _ffi.Mrz
ProgressEvent = _ffi.ProgressEvent
ReadOptions = _ffi.ReadOptions
LengthMode = _ffi.LengthMode
VerifyPolicy = _ffi.VerifyPolicy
Validity = _ffi.Validity
PinState = _ffi.PinState
PinStatusKind = _ffi.PinStatusKind
Signature = _ffi.Signature
CertificateInfo = _ffi.CertificateInfo
ReaderInfo = _ffi.ReaderInfo
list_readers = _ffi.list_readers

__all__ = [
    "CnieError", "TransportFailure", "Transport", "CancelToken", "TrustStore", "Mrz",
    "Verdict", "ReadResult", "EidCard", "ProgressEvent", "ReadOptions", "LengthMode",
    "VerifyPolicy", "Validity", "PinState", "PinStatusKind", "Signature",
    "CertificateInfo", "ReaderInfo", "parse_mrz", "read", "verify_evidence",
    "verify_files", "open_eid", "trust_store", "list_readers", "exit_code",
]

#: The ``cnie`` command's exit code of each kind of failure (README "Exit codes").
_EXIT_CODES = {
    "InvalidInput": 3, "NoReader": 4, "NoCard": 5, "AccessDenied": 6, "CardLost": 7,
    "CardError": 8, "ChipNotGenuine": 8, "InvalidEvidence": 9, "Io": 11, "WrongPin": 12, "PinBlocked": 13,
    "LastTryRefused": 14, "Unsupported": 1, "Cancelled": 1, "Internal": 1,
}


def _detail(self: BaseException) -> str:
    return str(getattr(self, "detail", "")) or BaseException.__str__(self)


# str(error) is the one line for a person (the generated classes print every field).
for _kind in _EXIT_CODES:
    _cls = getattr(CnieError, _kind, None)
    if _cls is not None:
        _cls.__str__ = _detail  # type: ignore[method-assign]


def exit_code(error: BaseException) -> int:
    """The ``cnie`` exit code matching a :class:`CnieError` (1 for anything else)."""
    for kind, code in _EXIT_CODES.items():
        cls = getattr(CnieError, kind, None)
        if cls is not None and isinstance(error, cls):
            return code
    return 1


class Transport(Protocol):
    """What ``read(transport=...)`` needs: one command APDU in, the response APDU
    (data and SW1-SW2) out. ``reset()``, ``set_timeout(ms)``, ``atr()`` and ``close()``
    are used when present."""

    def transmit(self, apdu: bytes) -> bytes: ...


class _TransportAdapter(_ffi.CardTransport):
    """A Python object with ``transmit`` as the bindings' ``CardTransport``."""

    def __init__(self, inner: Transport) -> None:
        self._inner = inner

    def transmit(self, apdu: bytes) -> bytes:
        try:
            return bytes(self._inner.transmit(bytes(apdu)))
        except TransportFailure:
            raise
        except Exception as e:  # the reader stack's own exception: the card is lost
            raise TransportFailure.Failed(f"{type(e).__name__}: {e}") from e

    def reset(self) -> None:
        reset = getattr(self._inner, "reset", None)
        if reset is None:
            raise TransportFailure.Failed("this transport cannot reset the card")
        try:
            reset()
        except TransportFailure:
            raise
        except Exception as e:
            raise TransportFailure.Failed(f"{type(e).__name__}: {e}") from e

    def set_timeout(self, timeout_ms: int) -> Optional[int]:
        set_timeout = getattr(self._inner, "set_timeout", None)
        return None if set_timeout is None else set_timeout(timeout_ms)

    def atr(self) -> Optional[bytes]:
        atr = getattr(self._inner, "atr", None)
        value = atr() if callable(atr) else atr
        return None if value is None else bytes(value)

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


def _transport(transport: Optional[Transport], reader: Optional[str], wait: float) -> object:
    if transport is not None:
        if reader is not None:
            raise CnieError.InvalidInput("give a reader or a transport, not both", None)
        return _TransportAdapter(transport)
    return _ffi.pcsc_transport(reader, int(wait * 1000), 10_000)


TrustArg = Union[None, TrustStore, str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]]


def trust_store(trust: TrustArg = None, builtin: bool = True) -> TrustStore:
    """A trust store: the built-in Moroccan CSCAs (unless ``builtin=False``) and the
    certificate files, folders and master lists in ``trust``."""
    if isinstance(trust, TrustStore):
        return trust
    if trust is None:
        paths: List[str] = []
    elif isinstance(trust, (str, os.PathLike)):
        paths = [os.fspath(trust)]
    else:
        paths = [os.fspath(p) for p in trust]
    return TrustStore.from_paths(paths, builtin)


@dataclass(frozen=True)
class Reason:
    """One reason or warning of a verdict."""

    code: str
    message: str


@dataclass(frozen=True)
class Verdict:
    """The answer: ``status`` is ``"authentic"``, ``"invalid"``, ``"not_trusted"`` or
    ``"incomplete"``, and ``chip`` ``"genuine"``, ``"not_checked"`` or ``"failed"``,
    as in the JSON of ``cnie read`` (docs/json.md)."""

    status: str
    chip: str
    chip_method: Optional[str]
    document_expired: Optional[bool]
    reasons: List[Reason]
    warnings: List[Reason]
    authenticated: List[str]
    json: str

    @property
    def authentic(self) -> bool:
        return self.status == "authentic"

    @classmethod
    def _of(cls, v: "_ffi.Verdict") -> "Verdict":
        return cls(
            status=v.status.name.lower(),
            chip=v.chip.name.lower(),
            chip_method=v.chip_method,
            document_expired=v.document_expired,
            reasons=[Reason(r.code, r.message) for r in v.reasons],
            warnings=[Reason(r.code, r.message) for r in v.warnings],
            authenticated=list(v.authenticated),
            json=v.json,
        )


class ReadResult:
    """A document read from a card: the verdict, and the holder's data from the files
    EF.SOD authenticates (never from a changed or unlisted one)."""

    def __init__(self, native: "_ffi.ReadResult") -> None:
        self.native = native
        self.verdict = Verdict._of(native.verdict())
        self.mrz: Optional[Mrz] = native.mrz()
        face = native.face()
        #: The face image bytes (JPEG or JPEG 2000), when DG2 is intact.
        self.face: Optional[bytes] = None if face is None else bytes(face.data)
        #: "jpeg" or "jpeg2000".
        self.face_format: Optional[str] = None if face is None else face.format
        self.face_mime_type: Optional[str] = None if face is None else face.mime_type
        self.additional_details = native.additional_details()
        self.document_details = native.document_details()

    @property
    def files(self) -> Dict[str, bytes]:
        """Every file read, raw, by name ("EF.COM", "DG1", …)."""
        return {k: bytes(v) for k, v in self.native.files().items()}

    def face_png(self) -> bytes:
        """The face as PNG (JPEG 2000 and JPEG decoded by the library, in pure Rust)."""
        return bytes(self.native.face_png())

    def evidence(self) -> bytes:
        """The evidence bundle of this read, for :func:`verify_evidence` on a backend."""
        return bytes(self.native.evidence())

    def verify(self, trust: TrustArg = None, at: Optional[_dt.datetime] = None,
               builtin_trust: bool = True) -> Verdict:
        """The verdict again, against other trust anchors or at another time."""
        return Verdict._of(self.native.verify(trust_store(trust, builtin_trust), None, at))


def parse_mrz(text: str) -> Mrz:
    """Parses and checks an MRZ; a wrong check digit raises ``CnieError.InvalidInput``
    naming the field, with ``suggestion`` when a typing confusion explains it."""
    return _ffi.parse_mrz(text)


def _keys(can: Optional[str], mrz: Optional[str], document_number: Optional[str],
          date_of_birth: Optional[str], date_of_expiry: Optional[str]) -> "_ffi.AccessKeys":
    return _ffi.AccessKeys(can=can, mrz=mrz, document_number=document_number,
                           date_of_birth=date_of_birth, date_of_expiry=date_of_expiry)


class _Progress(_ffi.ProgressListener):
    def __init__(self, callback: Callable[[ProgressEvent], None]) -> None:
        self._callback = callback

    def on_progress(self, event: ProgressEvent) -> None:
        try:
            self._callback(event)
        except Exception:  # a failing progress display never stops a read
            pass


def read(can: Optional[str] = None, mrz: Optional[str] = None, reader: Optional[str] = None,
         transport: Optional[Transport] = None, trust: TrustArg = None, *,
         document_number: Optional[str] = None, date_of_birth: Optional[str] = None,
         date_of_expiry: Optional[str] = None, builtin_trust: bool = True,
         options: Optional[ReadOptions] = None, policy: Optional[VerifyPolicy] = None,
         progress: Optional[Callable[[ProgressEvent], None]] = None,
         cancel: Optional[CancelToken] = None, wait: float = 0.0) -> ReadResult:
    """Reads a document and returns its verdict and data.

    The card: through ``transport`` (an object with ``transmit(apdu) -> bytes``), else
    the PC/SC reader whose name contains ``reader`` (else the first holding a card,
    waiting up to ``wait`` seconds). The key: the CAN, and/or the MRZ (its lines, or
    ``document_number``, ``date_of_birth`` and ``date_of_expiry``). ``trust``: certificate
    files, folders or master lists (or a :class:`TrustStore`) beside the built-in
    Moroccan CSCAs. Blocking; ``cancel`` stops it from another thread.
    """
    store = trust_store(trust, builtin_trust)
    keys = _keys(can, mrz, document_number, date_of_birth, date_of_expiry)
    channel = _transport(transport, reader, wait)
    listener = None if progress is None else _Progress(progress)
    return ReadResult(_ffi.read(channel, keys, options, store, policy, listener, cancel))


def verify_evidence(data: bytes, trust: TrustArg = None, at: Optional[_dt.datetime] = None,
                    *, builtin_trust: bool = True, policy: Optional[VerifyPolicy] = None) -> Verdict:
    """Re-checks an evidence bundle offline (hashes, signature, chain at ``at``, the
    Active Authentication answer); a bundle changed in any byte is not authentic."""
    return Verdict._of(_ffi.verify_evidence(bytes(data), trust_store(trust, builtin_trust), policy, at))


def verify_files(files: Dict[str, bytes], trust: TrustArg = None, at: Optional[_dt.datetime] = None,
                 *, builtin_trust: bool = True, policy: Optional[VerifyPolicy] = None,
                 aa_challenge: Optional[bytes] = None, aa_response: Optional[bytes] = None) -> Verdict:
    """The verdict on files read earlier ({"EF.COM": bytes, "DG1.bin": bytes, …}), offline."""
    return Verdict._of(_ffi.verify_files({k: bytes(v) for k, v in files.items()},
                                         trust_store(trust, builtin_trust), policy, at,
                                         aa_challenge, aa_response))


class EidCard:
    """The eID application (PIN, certificates, signatures), opened with PACE. Use it
    in a ``with`` block: leaving it closes the channel (a verified PIN is forgotten)."""

    def __init__(self, native: "_ffi.EidCard") -> None:
        self.native = native

    def __enter__(self) -> "EidCard":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def pin_status(self) -> PinState:
        return self.native.pin_status()

    def verify_pin(self, pin: str, force: bool = False) -> None:
        """One VERIFY; the last try (or an unknown counter) needs ``force=True``."""
        self.native.verify_pin(pin, force)

    def sign(self, data: bytes) -> Signature:
        """ECDSA P-256 over SHA-256 of ``data`` with the signature key (PIN first)."""
        return self.native.sign(bytes(data))

    def sign_digest(self, digest: bytes) -> Signature:
        return self.native.sign_digest(bytes(digest))

    def authenticate(self, challenge: bytes) -> Signature:
        return self.native.authenticate(bytes(challenge))

    def certificates(self) -> List[CertificateInfo]:
        return self.native.certificates()

    def close(self) -> None:
        self.native.close()


def open_eid(can: Optional[str] = None, mrz: Optional[str] = None, reader: Optional[str] = None,
             transport: Optional[Transport] = None, *, profile_toml: Optional[str] = None,
             cancel: Optional[CancelToken] = None, wait: float = 0.0) -> EidCard:
    """Opens the eID application with PACE (the CAN, or the MRZ)."""
    keys = _keys(can, mrz, None, None, None)
    channel = _transport(transport, reader, wait)
    return EidCard(_ffi.EidCard.open(channel, keys, profile_toml, cancel))


def version() -> str:
    """The version of the bindings."""
    from importlib.metadata import version as _version

    return _version("cnie")

