//! JSON Web Keys (RFC 7517): parsing what a user pastes or an issuer serves, describing each key,
//! and RFC 7638 thumbprints.
//!
//! Invariants:
//! - Parsing never fails because of one bad key: a key set keeps every key it could read and
//!   lists the others with the reason ([`KeySet::skipped`]).
//! - Key material comes only from here — a JWKS the user pasted or one fetched from the issuer's
//!   `jwks_uri` — never from a token header.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::json::{self, JsonError};

/// Why a pasted key text gave no usable keys at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyInputError {
    /// Nothing pasted.
    #[error("no keys: the input is empty")]
    Empty,
    /// Not JSON.
    #[error("not JSON: {0}")]
    Json(#[from] JsonError),
    /// JSON, but neither a JWKS, a JWK nor a discovery document.
    #[error(
        "expected a JWKS (`{{\"keys\": [...]}}`), one JWK (an object with `kty`) or a discovery \
         document followed by its JWKS; found {found}"
    )]
    Unrecognised {
        /// What was found instead.
        found: String,
    },
}

/// An RSA public key's parameters, decoded. The arithmetic on them lives in
/// [`crypto`](super::crypto), which builds the key when a signature is checked.
#[derive(Clone, PartialEq, Eq)]
pub struct RsaParams {
    n: Vec<u8>,
    e: Vec<u8>,
}

impl std::fmt::Debug for RsaParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RsaParams")
            .field("bits", &self.bits())
            .field("e", &self.e)
            .finish_non_exhaustive()
    }
}

impl RsaParams {
    /// Parameters from the decoded modulus and exponent (leading zero bytes already removed).
    pub fn new(n: Vec<u8>, e: Vec<u8>) -> Self {
        RsaParams { n, e }
    }

    /// Modulus, big-endian, leading zero bytes removed.
    pub fn n(&self) -> &[u8] {
        &self.n
    }

    /// Public exponent, big-endian, leading zero bytes removed.
    pub fn e(&self) -> &[u8] {
        &self.e
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        match self.n.first() {
            Some(first) => self
                .n
                .len()
                .saturating_mul(8)
                .saturating_sub(first.leading_zeros() as usize),
            None => 0,
        }
    }
}

/// The curves of the ECDSA algorithms STS accepts (RFC 7518 §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EcCurve {
    /// P-256, for ES256 (SHA-256).
    P256,
    /// P-384, for ES384 (SHA-384).
    P384,
    /// P-521, for ES512 (SHA-512).
    P521,
}

impl EcCurve {
    /// Every curve, in order.
    pub const ALL: [EcCurve; 3] = [EcCurve::P256, EcCurve::P384, EcCurve::P521];

    /// The curve named by a JWK's `crv` (case-sensitive, RFC 7518 §6.2.1.1).
    pub fn from_crv(crv: &str) -> Option<Self> {
        EcCurve::ALL.into_iter().find(|c| c.name() == crv)
    }

    /// The curve of an `alg` (`ES256` → P-256), if it is an ECDSA algorithm.
    pub fn for_alg(alg: &str) -> Option<Self> {
        EcCurve::ALL.into_iter().find(|c| c.alg() == alg)
    }

    /// The JWK `crv` name: `P-256`, `P-384`, `P-521`.
    pub fn name(self) -> &'static str {
        match self {
            EcCurve::P256 => "P-256",
            EcCurve::P384 => "P-384",
            EcCurve::P521 => "P-521",
        }
    }

    /// The JWS algorithm that uses this curve.
    pub fn alg(self) -> &'static str {
        match self {
            EcCurve::P256 => "ES256",
            EcCurve::P384 => "ES384",
            EcCurve::P521 => "ES512",
        }
    }

    /// The hash the algorithm uses.
    pub fn hash_name(self) -> &'static str {
        match self {
            EcCurve::P256 => "SHA-256",
            EcCurve::P384 => "SHA-384",
            EcCurve::P521 => "SHA-512",
        }
    }

    /// The curve's size in bits.
    pub fn bits(self) -> usize {
        match self {
            EcCurve::P256 => 256,
            EcCurve::P384 => 384,
            EcCurve::P521 => 521,
        }
    }

    /// The length of `x`, `y`, and of each of R and S: 32, 48, 66 bytes (RFC 7518 §6.2.1.2).
    pub fn coordinate_len(self) -> usize {
        self.bits().div_ceil(8)
    }

    /// The length of a JWS signature, R‖S (RFC 7518 §3.4): 64, 96, 132 bytes.
    pub fn signature_len(self) -> usize {
        self.coordinate_len().saturating_mul(2)
    }

    /// Why `sig` cannot be a signature on this curve (wrong length, R or S zero or not below the
    /// group order), or `None` when it is well-formed. Depends on the curve only, not on a key.
    pub fn signature_problem(self, sig: &[u8]) -> Option<String> {
        let expected = self.signature_len();
        if sig.len() != expected {
            let der = if sig.first() == Some(&0x30) {
                " (it starts like an ASN.1 DER `SEQUENCE`: JWS needs the fixed-size R‖S form, not DER)"
            } else {
                ""
            };
            return Some(format!(
                "expected a {} signature of {expected} bytes (R‖S, {} bytes each, RFC 7518 §3.4), found {} bytes{der}",
                self.alg(),
                self.coordinate_len(),
                sig.len()
            ));
        }
        let (r, s) = sig.split_at(self.coordinate_len());
        let ok = [r, s].iter().all(|v| self.is_scalar(v));
        (!ok).then(|| {
            format!(
                "expected R and S between 1 and the order of {} minus 1, found a value out of \
                 that range (no valid signature has it)",
                self.name()
            )
        })
    }

    /// Whether `v` (big-endian, the curve's coordinate length) is a valid ECDSA scalar: between 1
    /// and the group order minus 1. Byte strings of equal length compare as the numbers they
    /// encode.
    fn is_scalar(self, v: &[u8]) -> bool {
        let order: &[u8] = match self {
            EcCurve::P256 => &P256_ORDER,
            EcCurve::P384 => &P384_ORDER,
            EcCurve::P521 => &P521_ORDER,
        };
        v.len() == order.len() && v.iter().any(|b| *b != 0) && v < order
    }
}

// The group orders n of the NIST curves (FIPS 186-5 / SEC 2), big-endian; the tests check them
// against RustCrypto's `p256`, `p384` and `p521`.
const P256_ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, //
    0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, //
    0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];
const P384_ORDER: [u8; 48] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, //
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, //
    0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf, 0x58, 0x1a, 0x0d, 0xb2, //
    0x48, 0xb0, 0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73,
];
const P521_ORDER: [u8; 66] = [
    0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, //
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, //
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfa, 0x51, 0x86, //
    0x87, 0x83, 0xbf, 0x2f, 0x96, 0x6b, 0x7f, 0xcc, 0x01, 0x48, 0xf7, 0x09, //
    0xa5, 0xd0, 0x3b, 0xb5, 0xc9, 0xb8, 0x89, 0x9c, 0x47, 0xae, 0xbb, 0x6f, //
    0xb7, 0x1e, 0x91, 0x38, 0x64, 0x09,
];

/// An EC public key's parameters (`crv`, `x`, `y`), checked: a known curve and exact coordinate
/// lengths. Whether the point is on the curve is found when a signature is checked
/// ([`crypto::compute`](super::crypto::compute)), which refuses it as an invalid key.
#[derive(Clone, PartialEq, Eq)]
pub struct EcParams {
    curve: EcCurve,
    x: Vec<u8>,
    y: Vec<u8>,
}

impl std::fmt::Debug for EcParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EcParams")
            .field("curve", &self.curve)
            .field("x", &URL_SAFE_NO_PAD.encode(&self.x))
            .field("y", &URL_SAFE_NO_PAD.encode(&self.y))
            .finish()
    }
}

impl EcParams {
    /// Checks `crv` and the lengths of the decoded `x` and `y`.
    ///
    /// # Errors
    /// Why they do not make a public key ("expected …, found …").
    pub fn new(crv: &str, x: Vec<u8>, y: Vec<u8>) -> Result<Self, String> {
        let curve = EcCurve::from_crv(crv)
            .ok_or_else(|| format!("expected `crv` `P-256`, `P-384` or `P-521`, found `{crv}`"))?;
        let len = curve.coordinate_len();
        for (name, value) in [("x", &x), ("y", &y)] {
            if value.len() != len {
                return Err(format!(
                    "expected `{name}` of {len} bytes for {crv} (RFC 7518 §6.2.1.2), found {} bytes",
                    value.len()
                ));
            }
        }
        Ok(EcParams { curve, x, y })
    }

    /// The curve.
    pub fn curve(&self) -> EcCurve {
        self.curve
    }

    /// The x coordinate, big-endian, of the curve's exact length.
    pub fn x(&self) -> &[u8] {
        &self.x
    }

    /// The y coordinate, big-endian, of the curve's exact length.
    pub fn y(&self) -> &[u8] {
        &self.y
    }
}

/// One key as read from a JWKS.
#[derive(Debug, Clone, PartialEq)]
pub struct Jwk {
    /// Position in the key set (0-based).
    pub index: usize,
    /// `kty` (key type): `RSA`, `EC`, `OKP`, `oct`.
    pub kty: String,
    /// `kid`, if present.
    pub kid: Option<String>,
    /// `alg`, if present.
    pub alg: Option<String>,
    /// `use`, if present (`sig` or `enc`).
    pub key_use: Option<String>,
    /// `key_ops`, if present.
    pub key_ops: Option<Vec<String>>,
    /// `crv` for EC/OKP keys.
    pub crv: Option<String>,
    /// Decoded RSA parameters, for `kty` `RSA` with valid `n` and `e`.
    pub rsa: Option<RsaParams>,
    /// Checked EC parameters, for `kty` `EC` with a known `crv` and a point on it.
    pub ec: Option<EcParams>,
    /// RFC 7638 thumbprint (SHA-256, base64url), when the required members are present.
    pub thumbprint: Option<String>,
    /// Problems with this key that make it unusable or suspicious (e.g. `n` not base64url).
    pub problems: Vec<String>,
    /// Private members found (`d`, `p`, ...): a JWKS must never publish them.
    pub private_members: Vec<String>,
}

impl Jwk {
    /// A one-line description: "RSA 2048-bit, kid `abc`, alg RS256, use sig".
    pub fn describe(&self) -> String {
        let mut out = self.kty.clone();
        if let Some(rsa) = &self.rsa {
            out.push_str(&format!(" {}-bit", rsa.bits()));
        }
        if let Some(crv) = &self.crv {
            out.push_str(&format!(" {crv}"));
        }
        match &self.kid {
            Some(kid) => out.push_str(&format!(", kid `{kid}`")),
            None => out.push_str(", no kid"),
        }
        if let Some(alg) = &self.alg {
            out.push_str(&format!(", alg {alg}"));
        }
        if let Some(u) = &self.key_use {
            out.push_str(&format!(", use {u}"));
        }
        out
    }
}

/// A set of keys plus what could not be read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeySet {
    /// The keys read, in their order.
    pub keys: Vec<Jwk>,
    /// Entries that are not keys at all: (index, reason).
    pub skipped: Vec<(usize, String)>,
}

/// Everything a key paste box can hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeyInput {
    /// The keys, if a JWKS or JWK was present.
    pub keys: Option<KeySet>,
    /// A discovery document, if one was present.
    pub discovery: Option<Map<String, Value>>,
    /// How the input was understood, for display ("a JWKS with 13 keys").
    pub understood_as: String,
}

/// Reads a pasted JWKS, a single JWK, a discovery document, or a discovery document followed by
/// (or wrapping, or in an array with) its JWKS.
///
/// # Errors
/// Returns [`KeyInputError`] when the text is empty, not JSON, or none of those shapes.
pub fn parse_key_input(text: &str) -> Result<KeyInput, KeyInputError> {
    if text.trim().is_empty() {
        return Err(KeyInputError::Empty);
    }
    let docs = json::parse_strict_stream(text)?;
    let docs: Vec<Value> = match docs.as_slice() {
        [Value::Array(items)] => items.clone(),
        _ => docs,
    };
    let mut input = KeyInput::default();
    let mut parts = Vec::new();
    for doc in docs {
        let Value::Object(map) = doc else {
            return Err(KeyInputError::Unrecognised {
                found: json::kind_of(&doc).to_string(),
            });
        };
        if map.contains_key("keys") {
            let set = parse_jwks_object(&map);
            parts.push(format!(
                "a JWKS with {} key{}",
                set.keys.len(),
                plural(set.keys.len())
            ));
            input.keys = Some(set);
        } else if map.contains_key("kty") {
            let key = parse_jwk(0, &map);
            parts.push("one JWK".to_string());
            input.keys = Some(KeySet {
                keys: vec![key],
                skipped: Vec::new(),
            });
        } else if map.contains_key("issuer") || map.contains_key("jwks_uri") {
            // A wrapper such as {"discovery": {...}, "jwks": {...}} is handled below.
            parts.push("a discovery document".to_string());
            input.discovery = Some(map);
        } else if let (Some(Value::Object(d)), Some(Value::Object(j))) =
            (map.get("discovery"), map.get("jwks"))
        {
            let set = parse_jwks_object(j);
            parts.push(format!(
                "a discovery document and a JWKS with {} key{}",
                set.keys.len(),
                plural(set.keys.len())
            ));
            input.discovery = Some(d.clone());
            input.keys = Some(set);
        } else {
            let names: Vec<&str> = map.keys().take(5).map(String::as_str).collect();
            return Err(KeyInputError::Unrecognised {
                found: format!("an object with members {}", backticked(&names)),
            });
        }
    }
    if parts.is_empty() {
        return Err(KeyInputError::Empty);
    }
    input.understood_as = parts.join(" and ");
    Ok(input)
}

/// Reads a JWKS document (`{"keys": [...]}`) from text.
///
/// # Errors
/// Returns [`KeyInputError`] when the text is not JSON or has no `keys` array.
pub fn parse_jwks(text: &str) -> Result<KeySet, KeyInputError> {
    match json::parse_strict(text)? {
        Value::Object(map) if map.contains_key("keys") => Ok(parse_jwks_object(&map)),
        other => Err(KeyInputError::Unrecognised {
            found: json::kind_of(&other).to_string(),
        }),
    }
}

fn parse_jwks_object(map: &Map<String, Value>) -> KeySet {
    let mut set = KeySet::default();
    match map.get("keys") {
        Some(Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                match item {
                    Value::Object(obj) if obj.contains_key("kty") => {
                        set.keys.push(parse_jwk(index, obj));
                    }
                    Value::Object(_) => set.skipped.push((
                        index,
                        "expected a JWK with `kty`, found an object without it".into(),
                    )),
                    other => set.skipped.push((
                        index,
                        format!("expected a JWK object, found {}", json::kind_of(other)),
                    )),
                }
            }
        }
        Some(other) => set.skipped.push((
            0,
            format!("`keys` must be an array, found {}", json::kind_of(other)),
        )),
        None => {}
    }
    set
}

const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "k"];

/// Reads one JWK object. Never fails: problems are recorded on the key.
pub fn parse_jwk(index: usize, obj: &Map<String, Value>) -> Jwk {
    let mut problems = Vec::new();
    let kty = member_str(obj, "kty", &mut problems).unwrap_or_default();
    let kid = member_str(obj, "kid", &mut problems);
    let alg = member_str(obj, "alg", &mut problems);
    let key_use = member_str(obj, "use", &mut problems);
    let crv = member_str(obj, "crv", &mut problems);
    let key_ops = match obj.get("key_ops") {
        None => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect(),
        ),
        Some(other) => {
            problems.push(format!(
                "`key_ops` must be an array, found {}",
                json::kind_of(other)
            ));
            None
        }
    };
    let Material {
        rsa,
        ec,
        thumbprint,
    } = match kty.as_str() {
        "RSA" => rsa_material(obj, &mut problems),
        "EC" => ec_material(obj, crv.as_deref(), &mut problems),
        "OKP" => Material {
            thumbprint: match (&crv, obj.get("x")) {
                (Some(crv), Some(Value::String(x))) => {
                    Some(thumbprint_of(&[("crv", crv), ("kty", "OKP"), ("x", x)]))
                }
                _ => None,
            },
            ..Material::default()
        },
        "" => {
            problems.push("`kty` is missing".to_string());
            Material::default()
        }
        _ => Material::default(),
    };
    let private_members = PRIVATE_MEMBERS
        .iter()
        .filter(|m| obj.contains_key(**m))
        .map(|m| (*m).to_string())
        .collect();
    Jwk {
        index,
        kty,
        kid,
        alg,
        key_use,
        key_ops,
        crv,
        rsa,
        ec,
        thumbprint,
        problems,
        private_members,
    }
}

/// A string member (`None` when absent; a problem when it is not a string).
fn member_str(obj: &Map<String, Value>, name: &str, problems: &mut Vec<String>) -> Option<String> {
    match obj.get(name) {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            problems.push(format!(
                "`{name}` must be a string, found {}",
                json::kind_of(other)
            ));
            None
        }
    }
}

/// What a key's type-specific members give: its parameters and its RFC 7638 thumbprint.
#[derive(Default)]
struct Material {
    rsa: Option<RsaParams>,
    ec: Option<EcParams>,
    thumbprint: Option<String>,
}

/// `n` and `e` of an RSA key.
fn rsa_material(obj: &Map<String, Value>, problems: &mut Vec<String>) -> Material {
    let n = member_b64(obj, "n", problems);
    let e = member_b64(obj, "e", problems);
    let Some(((n_txt, n), (e_txt, e))) = n.zip(e) else {
        return Material::default();
    };
    Material {
        thumbprint: Some(thumbprint_of(&[
            ("e", &e_txt),
            ("kty", "RSA"),
            ("n", &n_txt),
        ])),
        rsa: Some(RsaParams::new(
            strip_leading_zeros(n),
            strip_leading_zeros(e),
        )),
        ec: None,
    }
}

/// `crv`, `x` and `y` of an EC key (`crv` read already; `None` when absent or not a string).
fn ec_material(
    obj: &Map<String, Value>,
    crv: Option<&str>,
    problems: &mut Vec<String>,
) -> Material {
    let thumbprint = match (crv, obj.get("x"), obj.get("y")) {
        (Some(crv), Some(Value::String(x)), Some(Value::String(y))) => Some(thumbprint_of(&[
            ("crv", crv),
            ("kty", "EC"),
            ("x", x),
            ("y", y),
        ])),
        _ => None,
    };
    if crv.is_none() && !obj.contains_key("crv") {
        problems.push("`crv` is missing".to_string());
    }
    let x = member_b64(obj, "x", problems);
    let y = member_b64(obj, "y", problems);
    let mut ec = None;
    if let (Some(crv), Some((_, x)), Some((_, y))) = (crv, x, y) {
        match EcParams::new(crv, x, y) {
            Ok(params) => ec = Some(params),
            Err(why) => problems.push(why),
        }
    }
    Material {
        rsa: None,
        ec,
        thumbprint,
    }
}

fn member_b64(
    obj: &Map<String, Value>,
    name: &str,
    problems: &mut Vec<String>,
) -> Option<(String, Vec<u8>)> {
    match obj.get(name) {
        Some(Value::String(s)) => match URL_SAFE_NO_PAD.decode(s) {
            Ok(bytes) if !bytes.is_empty() => Some((s.clone(), bytes)),
            Ok(_) => {
                problems.push(format!("`{name}` is empty"));
                None
            }
            Err(err) => {
                problems.push(format!("`{name}` is not unpadded base64url: {err}"));
                None
            }
        },
        Some(other) => {
            problems.push(format!(
                "`{name}` must be a string, found {}",
                json::kind_of(other)
            ));
            None
        }
        None => {
            problems.push(format!("`{name}` is missing"));
            None
        }
    }
}

fn strip_leading_zeros(mut bytes: Vec<u8>) -> Vec<u8> {
    let zeros = bytes.iter().take_while(|b| **b == 0).count();
    bytes.drain(..zeros);
    bytes
}

/// RFC 7638 §3: SHA-256 over the required members, lexicographically ordered, no whitespace.
fn thumbprint_of(members: &[(&str, &str)]) -> String {
    let mut canonical = String::from("{");
    for (i, (name, value)) in members.iter().enumerate() {
        if i > 0 {
            canonical.push(',');
        }
        // serde_json's string serialisation is the JSON escaping RFC 7638 requires.
        canonical.push_str(&Value::from(*name).to_string());
        canonical.push(':');
        canonical.push_str(&Value::from(*value).to_string());
    }
    canonical.push('}');
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A serialisable summary of a key, for reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeySummary {
    /// Position in the key set.
    pub index: usize,
    /// `kid`.
    pub kid: Option<String>,
    /// `kty`.
    pub kty: String,
    /// `alg`.
    pub alg: Option<String>,
    /// Modulus size for RSA keys, curve size for EC keys.
    pub bits: Option<usize>,
    /// `crv` for EC keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    /// RFC 7638 thumbprint.
    pub thumbprint: Option<String>,
}

impl From<&Jwk> for KeySummary {
    fn from(k: &Jwk) -> Self {
        KeySummary {
            index: k.index,
            kid: k.kid.clone(),
            kty: k.kty.clone(),
            alg: k.alg.clone(),
            bits: k
                .rsa
                .as_ref()
                .map(RsaParams::bits)
                .or_else(|| k.ec.as_ref().map(|e| e.curve().bits())),
            crv: k.crv.clone(),
            thumbprint: k.thumbprint.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 7638 §3.1 example key and its thumbprint.
    const RFC7638_JWK: &str = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;

    #[test]
    fn curve_orders_match_rustcrypto() {
        // R and S must be in [1, n-1]: the crates' own answer at n-1, n and 0, for R and for S.
        fn crate_accepts(curve: EcCurve, sig: &[u8]) -> bool {
            match curve {
                EcCurve::P256 => p256::ecdsa::Signature::from_slice(sig).is_ok(),
                EcCurve::P384 => p384::ecdsa::Signature::from_slice(sig).is_ok(),
                EcCurve::P521 => p521::ecdsa::Signature::from_slice(sig).is_ok(),
            }
        }
        for (curve, order) in [
            (EcCurve::P256, &P256_ORDER[..]),
            (EcCurve::P384, &P384_ORDER[..]),
            (EcCurve::P521, &P521_ORDER[..]),
        ] {
            let mut below = order.to_vec();
            *below.last_mut().unwrap() -= 1;
            let mut one = vec![0; order.len()];
            *one.last_mut().unwrap() = 1;
            let zero = vec![0; order.len()];
            for (r, s) in [
                (&below, &one),
                (&one, &below),
                (&order.to_vec(), &one),
                (&one, &order.to_vec()),
                (&zero, &one),
                (&one, &zero),
            ] {
                let sig = [r.as_slice(), s.as_slice()].concat();
                assert_eq!(
                    curve.signature_problem(&sig).is_none(),
                    crate_accepts(curve, &sig),
                    "{curve:?}"
                );
            }
            assert!(crate_accepts(curve, &[below.as_slice(), &below].concat()));
        }
    }

    #[test]
    fn thumbprint_rfc7638_example_matches() {
        let input = parse_key_input(RFC7638_JWK).unwrap();
        let key = &input.keys.unwrap().keys[0];
        assert_eq!(
            key.thumbprint.as_deref(),
            Some("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        );
        assert_eq!(key.rsa.as_ref().unwrap().bits(), 2048);
        assert_eq!(key.describe(), "RSA 2048-bit, kid `2011-04-29`, alg RS256");
    }

    #[test]
    fn parse_key_input_discovery_then_jwks() {
        let text = format!(
            "{{\"issuer\":\"https://x\",\"jwks_uri\":\"https://x/k\"}}\n{{\"keys\":[{RFC7638_JWK}]}}"
        );
        let input = parse_key_input(&text).unwrap();
        assert!(input.discovery.is_some());
        assert_eq!(input.keys.unwrap().keys.len(), 1);
        assert_eq!(
            input.understood_as,
            "a discovery document and a JWKS with 1 key"
        );
    }

    #[test]
    fn parse_key_input_bad_entries_kept_as_skipped() {
        let input =
            parse_key_input(r#"{"keys":[1,{"kty":"RSA","n":"@@","e":"AQAB"},{}]}"#).unwrap();
        let set = input.keys.unwrap();
        assert_eq!(set.keys.len(), 1);
        assert_eq!(set.skipped.len(), 2);
        assert!(set.keys[0].problems[0].contains("`n` is not unpadded base64url"));
    }

    #[test]
    fn parse_key_input_unrecognised_names_members() {
        let err = parse_key_input(r#"{"foo":1}"#).unwrap_err();
        assert!(err.to_string().contains("`foo`"), "{err}");
        assert_eq!(parse_key_input("  ").unwrap_err(), KeyInputError::Empty);
    }

    #[test]
    fn parse_jwk_private_members_flagged() {
        let input = parse_key_input(r#"{"kty":"RSA","n":"AQAB","e":"AQAB","d":"AQAB"}"#).unwrap();
        assert_eq!(input.keys.unwrap().keys[0].private_members, ["d"]);
    }
}
