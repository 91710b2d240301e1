//! The token's objects, built from the two certificates of the eID application:
//! for each key (authentication, signature) an X.509 certificate, a private key
//! and a public key, linked by `CKA_ID` (the profile's key reference). The
//! certificates and public keys are readable without login; the private keys are
//! private objects, listed after `C_Login`.

use cryptoki_sys::*;
use x509_cert::Certificate;
use x509_cert::der::{Decode, Encode};

/// Which key of the eID application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRole {
    /// The authentication key (INTERNAL AUTHENTICATE by default).
    Authentication,
    /// The signature key (PSO:CDS by default).
    Signature,
}

/// One object: its handle, class, role, and attributes (type → value bytes).
#[derive(Debug, Clone)]
pub struct Object {
    /// The object handle (stable for the token).
    pub handle: CK_OBJECT_HANDLE,
    /// CKO_CERTIFICATE, CKO_PRIVATE_KEY or CKO_PUBLIC_KEY.
    pub class: CK_OBJECT_CLASS,
    /// The key it belongs to.
    pub role: KeyRole,
    attributes: Vec<(CK_ATTRIBUTE_TYPE, Vec<u8>)>,
}

/// Why the objects could not be built.
#[derive(Debug, thiserror::Error)]
#[error("unusable certificate on the card: {0}")]
pub struct ObjectError(String);

fn ulong(v: CK_ULONG) -> Vec<u8> {
    v.to_ne_bytes().to_vec()
}

fn boolean(v: bool) -> Vec<u8> {
    vec![if v { CK_TRUE } else { CK_FALSE }]
}

impl Object {
    /// The value of attribute `t`, if the object has it.
    pub fn attribute(&self, t: CK_ATTRIBUTE_TYPE) -> Option<&[u8]> {
        self.attributes
            .iter()
            .find(|(k, _)| *k == t)
            .map(|(_, v)| v.as_slice())
    }

    /// Whether every (type, value) of a search template matches.
    pub fn matches(&self, template: &[(CK_ATTRIBUTE_TYPE, Vec<u8>)]) -> bool {
        template
            .iter()
            .all(|(t, v)| self.attribute(*t) == Some(v.as_slice()))
    }

    /// Whether the object is private (listed only after login).
    pub fn is_private(&self) -> bool {
        self.attribute(CKA_PRIVATE) == Some([CK_TRUE].as_slice())
    }

    /// Whether `t` is a secret this object never reveals.
    pub fn is_sensitive(&self, t: CK_ATTRIBUTE_TYPE) -> bool {
        self.class == CKO_PRIVATE_KEY && matches!(t, CKA_VALUE | CKA_PRIVATE_EXPONENT)
    }
}

/// What a certificate gives the objects.
struct Parsed {
    subject: Vec<u8>,
    issuer: Vec<u8>,
    serial: Vec<u8>,
    ec_params: Vec<u8>,
    ec_point: Vec<u8>,
}

fn parse(der: &[u8]) -> Result<Parsed, ObjectError> {
    let e = |e: x509_cert::der::Error| ObjectError(e.to_string());
    let cert = Certificate::from_der(der).map_err(e)?;
    let tbs = cert.tbs_certificate();
    let spki = tbs.subject_public_key_info();
    let ec_params = spki
        .algorithm
        .parameters
        .as_ref()
        .ok_or_else(|| ObjectError("no curve in the certificate's key".into()))?
        .to_der()
        .map_err(e)?;
    let point = spki
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| ObjectError("the public key is not whole bytes".into()))?;
    let ec_point = x509_cert::der::asn1::OctetString::new(point.to_vec())
        .map_err(e)?
        .to_der()
        .map_err(e)?;
    Ok(Parsed {
        subject: tbs.subject().to_der().map_err(e)?,
        issuer: tbs.issuer().to_der().map_err(e)?,
        serial: tbs.serial_number().to_der().map_err(e)?,
        ec_params,
        ec_point,
    })
}

/// The three objects of one key, handles `first`, `first + 1`, `first + 2`.
pub fn key_objects(
    first: CK_OBJECT_HANDLE,
    role: KeyRole,
    key_reference: u8,
    certificate: &[u8],
) -> Result<Vec<Object>, ObjectError> {
    let p = parse(certificate)?;
    let label = match role {
        KeyRole::Authentication => "CNIE authentication",
        KeyRole::Signature => "CNIE signature",
    };
    let common = |class: CK_OBJECT_CLASS| {
        vec![
            (CKA_CLASS, ulong(class)),
            (CKA_TOKEN, boolean(true)),
            (CKA_PRIVATE, boolean(false)),
            (CKA_MODIFIABLE, boolean(false)),
            (CKA_LABEL, label.as_bytes().to_vec()),
            (CKA_ID, vec![key_reference]),
        ]
    };
    let mut cert = common(CKO_CERTIFICATE);
    cert.extend([
        (CKA_CERTIFICATE_TYPE, ulong(CKC_X_509)),
        (CKA_CERTIFICATE_CATEGORY, ulong(1)),
        (CKA_TRUSTED, boolean(false)),
        (CKA_SUBJECT, p.subject.clone()),
        (CKA_ISSUER, p.issuer),
        (CKA_SERIAL_NUMBER, p.serial),
        (CKA_VALUE, certificate.to_vec()),
    ]);
    let key = |class: CK_OBJECT_CLASS| {
        let mut a = common(class);
        a.extend([
            (CKA_KEY_TYPE, ulong(CKK_EC)),
            (CKA_SUBJECT, p.subject.clone()),
            (CKA_EC_PARAMS, p.ec_params.clone()),
            (CKA_EC_POINT, p.ec_point.clone()),
            (CKA_LOCAL, boolean(true)),
            (CKA_DERIVE, boolean(false)),
        ]);
        a
    };
    let mut private = key(CKO_PRIVATE_KEY);
    // Private keys are private objects: seen after C_Login, as applications expect
    // (OpenSSL's pkcs11 engine logs in before it looks for them).
    for (t, v) in private.iter_mut() {
        if *t == CKA_PRIVATE {
            *v = boolean(true);
        }
    }
    private.extend([
        (CKA_SIGN, boolean(true)),
        (CKA_SIGN_RECOVER, boolean(false)),
        (CKA_DECRYPT, boolean(false)),
        (CKA_UNWRAP, boolean(false)),
        (CKA_SENSITIVE, boolean(true)),
        (CKA_ALWAYS_SENSITIVE, boolean(true)),
        (CKA_EXTRACTABLE, boolean(false)),
        (CKA_NEVER_EXTRACTABLE, boolean(true)),
        (CKA_ALWAYS_AUTHENTICATE, boolean(false)),
    ]);
    let mut public = key(CKO_PUBLIC_KEY);
    public.extend([
        (CKA_VERIFY, boolean(false)),
        (CKA_ENCRYPT, boolean(false)),
        (CKA_WRAP, boolean(false)),
    ]);
    Ok([
        (CKO_CERTIFICATE, cert),
        (CKO_PRIVATE_KEY, private),
        (CKO_PUBLIC_KEY, public),
    ]
    .into_iter()
    .zip(first..)
    .map(|((class, attributes), handle)| Object {
        handle,
        class,
        role,
        attributes,
    })
    .collect())
}

/// The token label: "CNIE " and the signature certificate's subject common name,
/// cut to 32 bytes on a character boundary.
pub fn label(certificate: &[u8]) -> String {
    let cn = Certificate::from_der(certificate).ok().and_then(|c| {
        c.tbs_certificate()
            .subject()
            .common_name()
            .ok()
            .flatten()
            .map(|cn| cn.value().into_owned())
    });
    let mut label = match cn {
        Some(cn) => format!("CNIE {cn}"),
        None => "CNIE".to_string(),
    };
    while label.len() > 32 {
        label.pop();
    }
    label
}
