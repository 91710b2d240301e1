# cnie: the messages of the command line, English (the reference: every id here is in
# fr/ and ar/ with the same variables; see src/i18n.rs). JSON output is never translated.

## The report of `read`, `verify` and `mrz`: labels (one column, padded)

label-format = Format
label-name = Name
label-surname = Surname
label-given-names = Given names
label-document = Document
label-cin = CIN
label-optional-data = Optional data
label-born = Born
label-expires = Expires
label-nationality = Nationality
label-other-name = Other name
label-place-of-birth = Place of birth
label-personal-number = Personal no.
label-address = Address
label-photo = Photo
label-access = Access
label-note = Note
label-hashes = Hashes
label-signature = Signature
label-chain = Chain
label-chip = Chip
label-result = Result
label-warning = Warning
label-detail = Detail
label-problem = Problem
label-skipped = Skipped
label-read = Read
label-checks = Checks

## The report: values

document-line = { $number } ({ $code }, issued by { $state })
born-line = { $date }  (sex { $sex })
photo-saved = { $path } ({ $format }, { $size } bytes)
photo-not-saved = { $format }, { $size } bytes (save it with { $option })
photo-line = { $format }, { $size } bytes
photo-none = none
access-line = { $protocol } with the { $password }
com-line = LDS { $lds }, Unicode { $unicode }, lists { $files }
com-lists-nothing = nothing
stats-line = { $apdus } APDUs, { $received } bytes in, { $sent } bytes out, { $ms } ms ({ $mode } APDUs)
apdu-extended = extended
apdu-short = short
mrz-checks = all check digits valid

hash-match = match
hash-mismatch = MISMATCH
hash-not-read = not read
signature-valid = valid
signature-invalid = INVALID
chain-valid = valid
chain-not-trusted = not trusted
chain-expired = expired
chain-revoked = revoked
chain-invalid = invalid

chip-genuine = genuine ({ $method })
chip-failed = FAILED ({ $method })
chip-genuine-plain = genuine
chip-failed-plain = FAILED
chip-not-checked = not checked (the card offers no chip check)

password-mrz = MRZ
password-can = CAN
password-pin = PIN
password-puk = PUK

## The verdict

verdict-authentic = AUTHENTIC: data signed by a trusted issuer, intact and complete
verdict-invalid = INVALID: do not rely on this document
verdict-not-trusted = NOT TRUSTED: data intact and signed, but the signer is not among the trusted anchors (add --trust)
verdict-incomplete = INCOMPLETE: nothing failed, but required data was not read
verdict-word-authentic = AUTHENTIC
verdict-word-invalid = INVALID
verdict-word-not-trusted = NOT TRUSTED
verdict-word-incomplete = INCOMPLETE

## Why a verdict is not authentic, and its warnings ($detail: the library's words, English)

reason-missing-required = { $file } was not read
reason-not-read = { $file } is listed in EF.SOD but could not be read
reason-not-in-sod = { $file } is present but EF.SOD lists no hash for it: its content is not authenticated and is not shown
reason-hash-mismatch = { $file } does not match its hash in EF.SOD: it was changed
reason-sod-signature = EF.SOD signature: { $detail }
reason-com-malformed = EF.COM cannot be decoded: { $detail }
reason-certificate-chain = certificate chain: { $detail }
reason-not-trusted = the Document Signer does not chain to a trusted CSCA (add its country's CSCA or master list)
reason-issuing-state-mismatch = DG1 names issuing state { $document }, but the chain ends at a CSCA of { $csca }
reason-chip-failed = { $method } failed: { $detail }
reason-card-security-chain = EF.CardSecurity's signer: { $detail }
reason-document-expired = the document expired on { $date }
reason-downgraded = the card offers PACE but was read with BAC (downgraded)
reason-chip-not-checked = the chip offers no Chip or Active Authentication: a copy of its data on another chip would read the same
reason-weak-algorithm = weak algorithm: { $detail }
reason-expired-since = expired since it was used (not an error): { $detail }
reason-revocation-not-checked = revocation not checked: no CRL of the CSCA was given
reason-terminal-authentication = { $file } is protected by Terminal Authentication and was not read

## PIN and PUK

pin-tries-left = { $name }: { $n ->
    [one] { $n } try left
   *[other] { $n } tries left
}
pin-already-verified = { $name }: already verified in this session
pin-counter-unknown = { $name }: the card does not tell the tries left (it answered { $sw }): counted as the last try
pin-not-usable = the card says the { $name } cannot be used (6984: deactivated or not yet set)
pin-correct = PIN correct.
pin-changed = PIN changed.
pin-unblocked-and-set = PIN unblocked and set.
pin-unblocked = PIN unblocked (its try counter is reset).

## Prompts (no echo) and secrets read from standard input

prompt-pin = PIN
prompt-current-pin = current PIN
prompt-new-pin = new PIN
prompt-puk = PUK
prompt-again = { $label } again
secret-not-text = invalid { $label }: not text; the { $name } was not sent
secret-invalid = invalid { $label }: { $detail }; the { $name } was not sent
secret-differ = the two entries of the { $label } differ: nothing was changed
secret-stdin-empty = no { $label } on standard input (one a line)
secret-stdin-too-long = invalid { $label } on standard input: the line is longer than { $max } bytes
secret-stdin-error = cannot read the { $label } from standard input: { $detail }
secret-no-terminal = cannot ask for the { $label } on a terminal ({ $detail }): use { $option }

## Errors and their advice (every piece of advice works with an installed cnie)

error-pcscd-not-running = the smart-card service (pcscd) is not running: start it (e.g. `sudo systemctl start pcscd`, or `sudo service pcscd start`) and try again
error-no-reader = no smart-card reader found: plug in a contactless (NFC) reader, then check that `cnie readers` lists it
error-reader-not-found = no reader matching "{ $name }": `cnie readers` lists the readers with their numbers
error-reader-index = no reader number { $index }: { $count ->
    [0] no reader is connected
    [one] there is 1 reader, number 0 (see `cnie readers`)
   *[other] there are { $count } readers, numbered from 0 (see `cnie readers`)
}
error-no-card = no card found on the reader: place the card flat on the reader and try again
error-card-lost = { $detail }: the exchange was cut short and nothing was verified; keep the card still on the reader and try again
error-transport-other = { $detail }: nothing was verified; try again
transport-card-removed = the card was removed
transport-card-unresponsive = the card does not respond
transport-card-timeout = the card did not answer in time
error-access-denied-mrz = access denied: the card refused the key; check the document number, date of birth and date of expiry (from the MRZ on the back of the card)
error-access-denied-can = access denied: the card refused the CAN; check the 6-digit card access number printed on the front of the card
error-access-denied = access denied: the card refused the password
error-pin-invalid = invalid { $name }: { $detail }
error-secure-channel-needed = the eID application needs a secure channel first: give the CAN (--can NNNNNN or --can -, printed on the front of the card) or the MRZ data
error-puk-blocked = the PUK is blocked: the PIN can no longer be unblocked; contact the card issuer
error-pin-blocked = the PIN is blocked: unblock it with `cnie unblock-pin` and the PUK
error-wrong-pin = wrong { $name }: { $n ->
    [one] { $n } try left
   *[other] { $n } tries left
}; nothing was retried
error-counter-unknown = the card does not tell how many { $name } tries are left (it answered { $sw }): that counts as the last try and it was not spent; if you are sure of the { $name }, run again with --force (a wrong { $name } may then block it)
error-last-try = only one { $name } try is left: not spent; if you are sure of the { $name }, run again with --force (a wrong { $name } then blocks it)
error-no-eid-application = the card has no eID application at the profile's AID (it answered { $sw }): `cnie probe` shows what the card offers; give a matching profile with --profile FILE
error-eid-other = { $detail }: nothing was returned; the card may not follow this profile
error-card-data = the card sent invalid data ({ $detail }): the read was aborted and nothing was verified; try again, and if it persists the card may be damaged or not genuine
error-chip-not-genuine = { $detail }: the chip does not hold the key its signed data names (a copied or faulty chip); nothing was verified
error-challenge-aa = --challenge takes 8 bytes in hex (16 hex digits)
json-encode-failed = cannot encode JSON: { $detail }
stdout-failed = cannot write to standard output: { $detail }
warning-trace-data = warning: --trace-data shows the data read from the card (MRZ, names, face, certificates): the trace is personal data, do not share it

## Readers, waiting and progress

readers-none = no readers
reader-card-present = card present (ATR { $atr })
reader-no-card = no card
waiting-for-card = waiting up to { $seconds } s for a card on { $readers }…
card-lost-resume = the card was lost after { $bytes } bytes: put it back on the reader to go on (waiting up to { $seconds } s)
progress-access-control = access control ({ $protocol })…
progress-file = { $file } [{ $bar }] { $read } / { $total } bytes
progress-skipped = { $file } skipped
error-access-key = invalid access key: { $detail }
error-mrz = invalid MRZ: { $detail }
error-no-access-key = give an access key: --can NNNNNN (or --can - to type it unseen), --mrz "LINES" (or --mrz -), or --doc N --dob YYMMDD --doe YYMMDD
error-stdin = cannot read standard input: { $detail }
error-mrz-stdin-too-long = invalid MRZ: standard input is longer than { $kib } KiB (an MRZ is 2 or 3 lines of at most 44 characters)
error-mrz-stdin-not-utf8 = invalid MRZ: standard input is not UTF-8 text (byte { $byte } is not)
error-at-format = --at: "{ $value }" is not YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ
error-require-unknown = --require: unknown file "{ $name }" (use EF.COM, EF.SOD, DG1 … DG16)
error-master-list-unverified = master list { $origin } does not verify ({ $detail }): refused; --trust-unverified-list loads it anyway
error-trust-load = cannot load trust anchors from { $path }: { $detail }
error-profile-read = cannot read the profile { $path }: { $detail }
error-core-dump = cannot turn core dumps off ({ $what }: { $detail }): nothing was done
error-file-read = cannot read { $path }: { $detail }
error-file-too-large = { $path } is larger than 16 MiB
error-not-a-folder = { $path } exists and is not a folder
error-not-a-dump = { $path } holds no EF.SOD.bin: not a dump folder written by `cnie read --out`
error-aa-challenge-size = { $file } is not 8 bytes
error-pem = cannot encode PEM: { $detail }
error-cert-malformed = the card's { $role } is malformed: { $detail }
error-challenge-hex = the challenge is not hex: { $detail }
error-challenge-size = the challenge must have 1 to { $max } bytes

## Private files (personal data: folders 0700, files 0600)

file-exists = { $path } already exists: nothing was written; --force-overwrite replaces it
file-not-regular = { $path } exists and is not a regular file (a symbolic link, a folder or a device): nothing was written, even with --force-overwrite
folder-is-link = { $path } is a symbolic link: refused as a folder for personal data; give the real folder
folder-not-owned = { $path } belongs to another user: refused as a folder for personal data
folder-writable-by-others = { $path } is writable by other users: refused as a folder for personal data; use a folder of your own
file-named-twice = { $path } is named for two files: give each its own path
file-io-create = cannot create { $path }: { $detail }
file-io-create-folder = cannot create the folder { $path }: { $detail }
file-io-inspect = cannot inspect { $path }: { $detail }
file-io-write = cannot write { $path }: { $detail }
file-io-replace = cannot replace { $path }: { $detail }

## Certificates, signatures, trust anchors

cert-role-authentication = authentication certificate
cert-role-signature = signature certificate
cert-subject = subject
cert-issuer = issuer
cert-serial = serial
cert-valid = valid
cert-validity = { $from } to { $to }
cert-public-key = public key
cert-written-to = written to
sign-encoding-cms = detached CMS/CAdES-BES
sign-encoding-raw = raw r||s
sign-encoding-der = DER
sign-done = signature of { $input } (ECDSA P-256 over SHA-256 { $digest }, { $size } bytes { $encoding }) verified against the card's signature certificate and written to { $out }
authenticate-done = challenge signed with the card's authentication key; verified against its certificate
authenticate-signature = signature { $hex }
trust-key-id = key id
trust-key-none = (none)
trust-link = link
trust-signed-by = signed by key { $key }
trust-source = source
trust-list-unverified = the master list did not verify
trust-summary = { $anchors } anchors, { $crls } CRLs; user store { $store } ({ $ds } DS certificates kept, not anchors)

## cnie probe

yes = yes
no = no
not-said = not said
probe-reader = Reader
probe-atr = { $hex } (historical bytes { $historical }, extended length { $extended })
probe-malformed = malformed
probe-unknown = unknown
probe-master-file = Master file
probe-not-sent = not sent
probe-no-answer = no answer
probe-file-not-read = not read ({ $detail })
probe-file-not-found = not found ({ $sw })
probe-file-read = read ({ $via }, { $size } bytes, { $structure })
probe-truncated = (truncated)
probe-not-understood = not understood: { $detail }
probe-largest-apdus = largest APDUs: command { $command } bytes, response { $response } bytes
probe-capabilities = card capabilities: { $caps }
probe-no-aid = (no AID)
probe-applications = Applications (SELECT by AID):
probe-selected = selected
probe-summary = { $n } commands sent; no PIN asked, nothing written, no personal data read.
probe-summary-limit = { $n } commands sent (limit reached); no PIN asked, nothing written, no personal data read.
probe-share = Share the output of `cnie probe --json` to help confirm the card's layout.
probe-written = Report written to { $path }

## Access keys typed unseen (--can -, --mrz -)

prompt-can = CAN (6 digits, on the front of the card)
prompt-mrz = MRZ (every line, separated by spaces)
error-stdin-not-text = invalid { $label }: not text

## cnie read --watch

watch-waiting = waiting for a card (Ctrl-C to stop)…
watch-card = ── card { $n }: { $verdict } ──
watch-card-failed = ── card { $n }: not read ──
watch-remove-card = take the card away to read the next one
watch-stopped = stopped: { $n ->
    [one] { $n } card
   *[other] { $n } cards
} presented
error-signal = cannot catch Ctrl-C: { $detail }

## The HTML report (`--html`)

html-title = Identity document check
html-subtitle = Electronic identity card (ICAO 9303) read by cnie
html-no-photo = No photo
html-check-access = Access protocol
html-check-hashes = Data group hashes
html-check-signature = Document signature (EF.SOD)
html-check-chain = Certificate chain
html-check-chip = Chip authenticity
html-technical = Technical details
html-signer = Document Signer
html-signer-issuer = Signer's issuer
html-anchor = Trust anchor (CSCA)
html-files = Files read (bytes)
html-photo-declared = the biometric record declares { $width }×{ $height }
html-footer = Report made by cnie { $version }. It holds personal data: keep it private.

## --photo

photo-none-to-write = no face image to write: --photo was not written
photo-not-decoded = the face image could not be turned into a PNG: { $detail }

## The user's trust store (`trust import`, `trust remove`, `trust list`)

trust-expired = EXPIRED
trust-fingerprint = sha-256
trust-imported = { $added } added ({ $csca } CSCA, { $ds } DS certificates, { $crls } CRLs), { $present } already there; store { $store }
trust-removed = removed { $fingerprint } { $name }
trust-store-no-folder = no folder for the trust store: set CNIE_TRUST_DIR (or HOME)
trust-store-damaged = { $path } is damaged ({ $detail }): remove it and import again
trust-store-bad-item = the trust store's { $path }: { $detail }
trust-import-unverified = { $path }: the master list does not verify ({ $detail }): not imported; --force imports it anyway
trust-import-failed = cannot import { $path }: { $detail }
trust-remove-nothing-given = trust remove: give a fingerprint or a subject
trust-remove-no-match = nothing in the trust store { $store } matches "{ $pattern }"
trust-remove-failed = cannot remove { $path }: { $detail }
error-file-over-limit = { $path } is larger than { $max } bytes

## Evidence bundles (`read --evidence`, `verify FILE`)

label-evidence = Evidence
evidence-written = written to { $path } ({ $size } bytes)
evidence-checked = bundle v{ $version } by { $tool }, read at { $date } (its file hashes and integrity digest verify)
evidence-no-folder = cannot write { $path }: no such folder
evidence-unreadable = { $path }: { $detail }
evidence-not-authentic = { $path }: { $detail }: the bundle was changed after it was written, it is not authentic
