#!/usr/bin/env python3
"""Writes the committed seed corpora, fuzz/seeds/<target>/, from test-vectors/.

Run from anywhere: `python3 fuzz/make_seeds.py` (deterministic; the output is
committed, so CI needs no Python). `scripts/fuzz.sh seed` copies these seeds into
fuzz/corpus/<target>/ and adds the large files (master lists) straight from
test-vectors/. The input formats are those of the targets (docs/fuzzing.md).
"""

import base64
import json
import shutil
import subprocess
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TV = ROOT / "test-vectors"
OUT = ROOT / "fuzz" / "seeds"

seeds: dict[str, dict[str, bytes]] = {}


def seed(target: str, name: str, data: bytes) -> None:
    seeds.setdefault(target, {})[name] = data


def frame(data: bytes) -> bytes:
    return len(data).to_bytes(2, "big") + data


def h(text: str) -> bytes:
    return bytes.fromhex("".join(text.split()))


def vector(name: str):
    return json.loads((TV / name).read_text())


def read(rel: str) -> bytes:
    return (TV / rel).read_bytes()


def pem_ders(path: Path) -> list[bytes]:
    out, body, inside = [], [], False
    for line in path.read_text().splitlines():
        if line.startswith("-----BEGIN"):
            inside, body = True, []
        elif line.startswith("-----END"):
            inside = False
            out.append(base64.b64decode("".join(body)))
        elif inside:
            body.append(line.strip())
    return out


def tlv(tag: int, value: bytes) -> bytes:
    t = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    elif n < 0x100:
        length = bytes([0x81, n])
    else:
        length = bytes([0x82]) + n.to_bytes(2, "big")
    return t + length + value


# The documents: (name, {file name: bytes}).
DOCS = {
    "specimen": TV / "cards/specimen",
    "loes2006": TV / "samples/loes2006",
    "bsi2008": TV / "samples/bsi2008",
}
SFI = {"EF.COM": 0x1E, "EF.SOD": 0x1D}
TAG = {"EF.COM": 0x60, "EF.SOD": 0x77, "DG1": 0x61, "DG2": 0x75, "DG11": 0x6B,
       "DG12": 0x6C, "DG14": 0x6E, "DG15": 0x6F}


def doc_files(folder: Path, skip=("DG3", "DG4")) -> dict[str, bytes]:
    """The files of a document: EF.COM, EF.SOD, then the data groups, largest last (so
    that an input cut at the fuzzer's length limit keeps the small files whole)."""
    files = {}
    for p in sorted(folder.glob("*.bin"), key=lambda p: (not p.stem.startswith("EF."), p.stat().st_size)):
        name = p.stem
        if name not in skip:
            files[name] = p.read_bytes()
    return files


def sfi(name: str) -> int:
    return SFI.get(name) or int(name[2:])


# --- Text ---
mrz = vector("mrz.json")
for doc in mrz["documents"]:
    seed("mrz", doc["id"], "\n".join(doc["lines"]).encode())
seed("mrz", "specimen_td1", b"IDMARAB01234568X123456<<<<<<<< 9001158F3101159MAR<<<<<<<<<<<6 EL<AMRANI<<FATIMA<ZAHRA<<<<<<<")

default_profile = (ROOT / "crates/cnie/profiles/cnie-default.toml").read_bytes()
seed("profile", "cnie-default.toml", default_profile)
seed("profile", "cnie-default.json", json.dumps(tomllib.loads(default_profile.decode()), indent=1).encode())

# --- LDS files ---
for doc, folder in DOCS.items():
    files = doc_files(folder, skip=())
    for name, data in files.items():
        target = {"EF.COM": "lds_com", "EF.SOD": "sod", "DG1": "lds_dg1", "DG2": "lds_dg2",
                  "DG11": "lds_dg11", "DG14": "lds_dg14"}.get(name)
        if target:
            seed(target, f"{doc}_{name}", data)
        if name in ("EF.COM", "DG1", "DG11", "DG14"):
            seed("tlv", f"{doc}_{name}", data)
seed("lds_dg1", "testpki_DG1", read("trust/testpki/DG1.bin"))
seed("lds_dg2", "testpki_DG2", read("trust/testpki/DG2.bin"))
seed("sod", "nz2013_EF.SOD", read("samples/nz2013/EF.SOD.bin"))
for p in sorted((TV / "trust/testpki").glob("sod-*.bin")):
    seed("sod", f"testpki_{p.stem}", p.read_bytes())
dg12 = tlv(0x6C, tlv(0x5C, h("5F19 5F26 5F1A")) + tlv(0x5F19, b"MINISTERE DE L'INTERIEUR")
           + tlv(0x5F26, b"20210115") + tlv(0x5F1A, b"DOE<<JOHN"))
seed("lds_dg12", "synthetic", dg12)
for i, session in enumerate(vector("ca.json")["sessions"]):
    seed("lds_dg14", f"ca_{session['id']}", h(session["dg14"]))

aa = vector("aa.json")["rsa_session"]
seed("lds_dg15", "aa_rsa_session", frame(h(aa["dg15"])) + frame(h(aa["rnd_ifd"])) + frame(h(aa["signature"])))
for doc in ("loes2006", "bsi2008"):
    seed("lds_dg15", doc, frame(read(f"samples/{doc}/DG15.bin")) + frame(bytes(8)) + frame(bytes(128)))

# --- SecurityInfos ---
card_accesses = {}
for name in ("pace_cam", "pace_dh_gm", "pace_ecdh_gm_brainpool256"):
    card_accesses[name] = h(vector(f"{name}.json")["ef_cardaccess"])
bsi = vector("bsi_eac_worked_example.json")["ecdh_brainpoolP256r1"]
card_accesses["bsi_eac"] = h(bsi["ef_cardaccess"])
for name, data in card_accesses.items():
    seed("card_access", name, data)
    seed("tlv", f"card_access_{name}", data)
seed("card_security", "bsi_eac", h(bsi["ef_cardsecurity"]))

# --- PKI ---
pems = sorted((TV / "pki").glob("*.pem")) + sorted((TV / "trust/testpki").glob("*.pem")) \
    + sorted((ROOT / "crates/cnie/trust").glob("*.pem"))
for p in pems:
    for i, der in enumerate(pem_ders(p)):
        if p.name.endswith(".crl.pem"):
            seed("crl", f"{p.stem}_{i}", der)
        else:
            seed("certificate", f"{p.parent.name}_{p.stem}_{i}", der)
for p in sorted((TV / "cards/specimen").glob("*.der")) + [TV / "eid/test-signing-cert.der"]:
    seed("certificate", f"{p.parent.name}_{p.stem}", p.read_bytes())
for p in [TV / "pki/csca.crl", TV / "trust/testpki/csca-2020.crl"]:
    seed("crl", f"{p.parent.name}_{p.stem}", p.read_bytes())
HINTS = ["", "pem", "der", "crl", "ml", "cer"]
seed("trust_store", "csca_pem", bytes([1]) + read("pki/csca.pem"))
seed("trust_store", "csca_crl_pem", bytes([1]) + read("pki/csca.crl.pem"))
seed("trust_store", "csca_2020_pem", bytes([0]) + read("trust/testpki/csca-2020.pem"))
seed("trust_store", "csca_crl_der", bytes([3]) + read("pki/csca.crl"))
seed("trust_store", "eid_sign_der", bytes([2]) + read("cards/specimen/eid-sign.der"))
seed("trust_store", "crl_no_hint", bytes([0]) + read("trust/testpki/csca-2020.crl"))

# A small master list: the test CSCA, signed by the test document signer (no signed
# attributes, so that the output is the same at every run).
with tempfile.TemporaryDirectory() as tmp:
    content = Path(tmp) / "content.der"
    content.write_bytes(tlv(0x30, tlv(0x02, b"\x00") + tlv(0x31, pem_ders(TV / "pki/csca.pem")[0])))
    small_ml = subprocess.run(
        ["openssl", "cms", "-sign", "-binary", "-nodetach", "-noattr", "-md", "sha256",
         "-econtent_type", "2.23.136.1.1.2", "-in", str(content), "-signer", str(TV / "pki/ds.pem"),
         "-inkey", str(TV / "pki/ds.key"), "-outform", "DER"],
        check=True, capture_output=True).stdout
seed("master_list", "test_pki_small.ml", small_ml)
seed("trust_store", "test_pki_small_ml", bytes([4]) + small_ml)

# --- Passive authentication and the verdict ---
for doc, folder in DOCS.items():
    files = doc_files(folder)
    pa = bytes([0]) + frame(files["EF.SOD"])
    for name, data in files.items():
        if name.startswith("DG"):
            pa += bytes([int(name[2:])]) + frame(data)
    seed("pa_verify", doc, pa)
    verdict = bytes([0])
    for name, data in files.items():
        if name in TAG:
            verdict += bytes([TAG[name]]) + frame(data)
    seed("verdict", doc, verdict)
for p in sorted((TV / "trust/testpki").glob("sod-*.bin")):
    pa = bytes([0]) + frame(p.read_bytes())
    pa += bytes([1]) + frame(read("trust/testpki/DG1.bin")) + bytes([2]) + frame(read("trust/testpki/DG2.bin"))
    seed("pa_verify", f"testpki_{p.stem}", pa)
seed("pa_verify", "testpki_sod_pit_now", bytes([3]) + seeds["pa_verify"]["testpki_sod-pit"][1:])
bsi_files = doc_files(DOCS["bsi2008"])
seed("verdict", "bsi2008_aa", bytes([1]) + frame(bytes(range(8))) + frame(bytes(128))
     + seeds["verdict"]["bsi2008"][1:])

# --- Secure messaging ---
sm3 = vector("sm_3des.json")
first_response = h(sm3["apdu_pairs_gmrtd"][0]["response"])
seed("sm_unprotect", "des3_vector", bytes([0]) + frame(first_response[-2:] + first_response[:-2]))
aes = [s for s in vector("sm_aes.json")["gmrtd_real_session"] if "protected_rapdu" in s][0]
rapdu = h(aes["protected_rapdu"])
seed("sm_unprotect", "aes_vector", bytes([1]) + frame(rapdu[-2:] + rapdu[:-2]))
do87 = tlv(0x87, b"\x01" + bytes(range(16)))
seed("sm_unprotect", "des3_fixed_mac", bytes([2]) + frame(h("9000") + tlv(0x87, b"\x01" + bytes(range(8))) + h("99029000"))
     + frame(h("6A82") + h("99026A82")))
seed("sm_unprotect", "aes_fixed_mac", bytes([3]) + frame(h("9000") + do87 + h("99029000")) + frame(h("9000") + h("99029000")))
seed("sm_unprotect", "des3_card_command", bytes([6]) + frame(h("0CB08100") + h("970100"))
     + frame(h("0CA4040C") + tlv(0x87, b"\x01" + bytes(range(8, 16)))))
seed("sm_unprotect", "aes_card_odd", bytes([7]) + frame(h("0CB10000") + tlv(0x85, bytes(16)) + h("97020000")))

# --- PACE ---
for name in ("pace_cam", "pace_dh_gm", "pace_ecdh_gm_brainpool256"):
    v = vector(f"{name}.json")
    oid = h(v["oid_der_value"])
    head = bytes([oid[-2], oid[-1], int(v["parameter_id"]), 0])
    answers = [h(a["response"])[:-2] for a in v["apdus"] if h(a["command"])[1] == 0x86]
    seed("pace_terminal", name, head + b"".join(frame(a) for a in answers))
im = vector("pace_im.json")["H1_ecdh_im_brainpoolP256r1"]
oid = h(im["oid_der_value"])
seed("pace_terminal", "pace_im", bytes([oid[-2], oid[-1], int(im["parameter_id"]), 0])
     + frame(tlv(0x7C, tlv(0x80, h(im["encrypted_nonce_z"])))) + frame(tlv(0x7C, b""))
     + frame(tlv(0x7C, tlv(0x84, h(im["pk_ic"])))) + frame(tlv(0x7C, tlv(0x86, h(im["t_ic"])))))

# --- APDUs and ATRs ---
for v in ("bac.json",):
    for i, a in enumerate(vector(v)["apdus"]):
        seed("apdu", f"bac_{i}_command", h(a["command"]))
        seed("apdu", f"bac_{i}_response", h(a["response"]))
seed("apdu", "sm3_command", h(sm3["apdu_pairs_gmrtd"][0]["command"]))
seed("apdu", "extended_read", h("00B0810000FFFF"))
seed("apdu", "extended_data", h("0022C1A4000003800102FFFF"))
seed("apdu", "get_response", h("61FF"))
atr = h("3B 88 80 01 80 73 00 C8 40 00 00 00")
tck = 0
for b in atr[1:]:
    tck ^= b
EXTENDED_ATR = atr + bytes([tck])
seed("atr", "contactless_extended", EXTENDED_ATR)
seed("atr", "short", h("3B8580017300C00000"))
seed("atr", "ef_atr_info", h("7F6608020208000202FF00") + h("E0 10 02 02 00 FF 02 02 00 FF 02 02 00 FF 02 02 00 FF"))
seed("atr", "t1", h("3BDD18008131FE4580F9A0000000770100700A90008B"))

# --- Card-driven: FuzzCard inputs ---
HONEST_BAC, WITH_ATR = 0x01, 0x02


def card(flags: int, files: list[tuple[int, bytes]], answers: list[bytes], atr: bytes | None = None) -> bytes:
    out = bytes([flags, len(files)])
    for location, data in files:
        out += bytes([location]) + frame(data)
    if flags & WITH_ATR:
        out += frame(atr or EXTENDED_ATR)
    return out + b"".join(frame(a) for a in answers)


def app_files(doc: str) -> list[tuple[int, bytes]]:
    return [(0x80 | sfi(n), d) for n, d in doc_files(DOCS[doc]).items()]


# The test PKI's documents: small (an 18-byte DG2), so that a read is fast.
testpki_com = tlv(0x60, tlv(0x5F01, b"0107") + tlv(0x5F36, b"040000") + tlv(0x5C, bytes([0x61, 0x75])))
for p in sorted((TV / "trust/testpki").glob("sod-*.bin")):
    files = [(0x80 | 0x1E, testpki_com), (0x80 | 0x1D, p.read_bytes()),
             (0x81, read("trust/testpki/DG1.bin")), (0x82, read("trust/testpki/DG2.bin"))]
    seed("read_document", f"testpki_{p.stem}", card(HONEST_BAC | WITH_ATR, files, []))
    seed("verdict", f"testpki_{p.stem}", bytes([0]) + b"".join(
        bytes([tag]) + frame(data) for tag, data in
        [(0x60, testpki_com), (0x77, p.read_bytes()), (0x61, read("trust/testpki/DG1.bin")),
         (0x75, read("trust/testpki/DG2.bin"))]))
seed("read_document", "specimen_bac_extended", card(HONEST_BAC | WITH_ATR, app_files("specimen"), []))
seed("read_document", "specimen_bac_short", card(HONEST_BAC | 0x04, app_files("specimen"), []))
seed("read_document", "loes2006_bac_aa", card(HONEST_BAC | WITH_ATR | 0x80, app_files("loes2006"), []))
seed("read_document", "bsi2008_bac_ca_aa", card(HONEST_BAC | WITH_ATR, app_files("bsi2008"), []))
pace = vector("pace_ecdh_gm_brainpool256.json")
pace_answers = [h(a["response"]) for a in pace["apdus"]]
seed("read_document", "pace_can_then_bac",
     card(HONEST_BAC | WITH_ATR | 0x40, [(0x1C, h(pace["ef_cardaccess"]))] + app_files("specimen"), pace_answers))
seed("read_document", "pace_can_only", card(WITH_ATR | 0x20, [(0x1C, card_accesses["pace_cam"])], pace_answers))
bac = vector("bac.json")
seed("read_document", "raw_bac", card(0, [], [h("6A82"), h("6A82"), h("9000"), h(bac["apdus"][0]["response"]),
                                              h(bac["response_data"]) + h("9000")]))

profile = tomllib.loads(default_profile.decode())
certs = [(0x80 | profile["authentication"]["certificate_sfi"], read("cards/specimen/eid-auth.der")),
         (0x80 | profile["signature"]["certificate_sfi"], read("cards/specimen/eid-sign.der"))]
signature = bytes(range(64))
eid_answers = [h("9000"), h("63C3"), h("63C5"), h("63C3"), h("9000"), h("9000"), h("9000"),
               h("63C5"), h("9000"), h("9000"), signature + h("9000"), h("9000"), signature + h("9000")]
seed("eid_session", "all_operations", h("01FF") + card(HONEST_BAC, certs, eid_answers))
seed("eid_session", "plain_refused", h("0001") + card(0, certs, [h("9000")]))
seed("eid_session", "blocked", h("8009") + card(HONEST_BAC, certs, [h("9000"), h("63C0")]))

ef_dir = tlv(0x61, tlv(0x4F, h("A000000063504B43532D3135")) + tlv(0x50, b"CNIE eID"))
seed("probe", "card_access_dir", card(WITH_ATR, [(0x1C, card_accesses["bsi_eac"])],
                                      [h("9000"), h("7F6608020208000202FF009000"), h("9000"), ef_dir + h("9000")]))
seed("probe", "nothing", card(WITH_ATR, [], []))
seed("probe", "refusals", card(0, [], [h("6A82")] * 8 + [h("6D00")] * 8))

# --- Evidence bundles (docs/evidence.md): written here in Python, byte for byte what
# Evidence::to_bytes writes, from the specimen's files. ---
import hashlib


def evidence_bundle(files, access, aa=None, read_at=1_795_392_000):
    content = {
        "tool_version": "cnie 0.1.0",
        "read_at": "2026-11-23T00:00:00Z",
        "read_at_unix": read_at,
        "access": access,
        "chip_checks_at_read": {"pace_cam": False, "chip_authentication": None},
        "active_authentication": aa,
        "files": [{"name": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest(), "data": d.hex()}
                  for n, d in files],
    }
    digest = hashlib.sha256(json.dumps(content, separators=(",", ":")).encode()).hexdigest()
    bundle = {"format": "cnie-evidence", "format_version": 1, "content": content,
              "integrity": {"algorithm": "SHA-256", "digest": digest}}
    return (json.dumps(bundle, indent=2) + "\n").encode()


specimen_files = [(n, read(f"cards/specimen/{n}.bin")) for n in ["EF.COM", "EF.SOD", "DG1", "DG2", "DG11"]]
seed("evidence", "specimen_pace", evidence_bundle(
    specimen_files, {"protocol": "PACE", "password": "CAN", "downgraded": False}))
seed("evidence", "small_bac_aa", evidence_bundle(
    [f for f in specimen_files if f[0] != "DG2"], {"protocol": "BAC", "password": "MRZ", "downgraded": True},
    {"challenge": "0011223344556677", "response": "00" * 128}))

# --- Write ---
if OUT.exists():
    shutil.rmtree(OUT)
total = 0
for target, files in sorted(seeds.items()):
    folder = OUT / target
    folder.mkdir(parents=True)
    for name, data in sorted(files.items()):
        (folder / name).write_bytes(data)
        total += len(data)
print(f"{sum(len(f) for f in seeds.values())} seeds for {len(seeds)} targets, {total} bytes, in {OUT}")
