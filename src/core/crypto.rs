//! The signature arithmetic, behind a seam: [`verify`](super::verify) decides which key to try
//! and what a result means; a [`SignatureMath`] does the big-number work (RSA PKCS#1 v1.5,
//! ECDSA on P-256/P-384/P-521) for one [`Job`] at a time.
//!
//! Why a seam: the arithmetic is most of the page's WebAssembly, and it is needed only once keys
//! are there. The CLI and the tests use [`LocalMath`] (compute now); the page asks a worker
//! built from the same [`compute`] and answers from its cache of [`Answers`], so its first load
//! carries no crypto crate. The verdict is the same either way: a [`Job`] holds everything the
//! computation reads, and [`compute`] is a pure function of it.
//!
//! Invariants:
//! - [`compute`] decides only "does this signature verify under this key with this algorithm";
//!   which keys fit the token (`kty`, `crv`, `alg`, `use`) and whether a signature is
//!   well-formed is decided before a job is made, without this module's crates.
//! - A job carries public values only: a public key, the signing input and the signature.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::jwk::EcCurve;

/// Which RSA PKCS#1 v1.5 digest an algorithm uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RsaHash {
    /// RS256.
    Sha256,
    /// RS384.
    Sha384,
    /// RS512.
    Sha512,
}

/// An algorithm STS accepts, as this verifier implements it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SigAlg {
    /// RSASSA-PKCS1-v1_5 with this hash.
    Rsa(RsaHash),
    /// ECDSA on this curve (with its hash), signature R‖S.
    Ec(EcCurve),
}

impl SigAlg {
    /// The algorithm named by a header's `alg`, if STS accepts it (names are case-sensitive).
    pub fn parse(alg: &str) -> Option<Self> {
        match alg {
            "RS256" => Some(SigAlg::Rsa(RsaHash::Sha256)),
            "RS384" => Some(SigAlg::Rsa(RsaHash::Sha384)),
            "RS512" => Some(SigAlg::Rsa(RsaHash::Sha512)),
            other => EcCurve::for_alg(other).map(SigAlg::Ec),
        }
    }
}

/// A public key's parameters, as the arithmetic needs them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kty")]
pub enum PublicKeyParams {
    /// RSA: modulus and exponent, big-endian, leading zero bytes removed.
    #[serde(rename = "RSA")]
    Rsa {
        /// Modulus.
        #[serde(with = "b64")]
        n: Vec<u8>,
        /// Public exponent.
        #[serde(with = "b64")]
        e: Vec<u8>,
    },
    /// EC: the curve and the point's coordinates, of the curve's exact length (not yet known
    /// to be on the curve: [`compute`] checks).
    #[serde(rename = "EC")]
    Ec {
        /// The curve.
        curve: EcCurve,
        /// x, big-endian.
        #[serde(with = "b64")]
        x: Vec<u8>,
        /// y, big-endian.
        #[serde(with = "b64")]
        y: Vec<u8>,
    },
}

/// One verification: does `sig` over `msg` verify under `key` with `alg`?
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Job {
    /// The algorithm (the token's, never the key's).
    pub alg: SigAlg,
    /// The key.
    pub key: PublicKeyParams,
    /// The signing input (`header.payload`).
    #[serde(with = "b64")]
    pub msg: Vec<u8>,
    /// The signature.
    #[serde(with = "b64")]
    pub sig: Vec<u8>,
}

/// The answer to a [`Job`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", content = "why", rename_all = "snake_case")]
pub enum Answer {
    /// The signature verifies.
    Verified,
    /// The key is usable and the signature does not match.
    Mismatch,
    /// The key's parameters do not make a usable key: why ("expected …, found …").
    KeyInvalid(String),
}

/// Who answers jobs.
pub trait SignatureMath {
    /// The answer to `job`, or `None` when it is not known yet.
    fn answer(&self, job: &Job) -> Option<Answer>;

    /// Why answers will not come (e.g. the page's verification module failed to load), if so.
    fn unavailable(&self) -> Option<&str> {
        None
    }
}

/// Computes every answer now, in this thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalMath;

impl SignatureMath for LocalMath {
    fn answer(&self, job: &Job) -> Option<Answer> {
        Some(compute(job))
    }
}

/// Answers computed elsewhere (the page's worker), looked up by job.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    known: HashMap<Job, Answer>,
    /// Bumped on every change, so that equality is cheap and exact.
    generation: u64,
    unavailable: Option<String>,
}

impl PartialEq for Answers {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation && self.unavailable == other.unavailable
    }
}

impl Answers {
    /// These answers and `new` ones.
    #[must_use]
    pub fn with(&self, new: Vec<(Job, Answer)>) -> Self {
        let mut known = self.known.clone();
        known.extend(new);
        Answers {
            known,
            generation: self.generation.wrapping_add(1),
            unavailable: self.unavailable.clone(),
        }
    }

    /// These answers, and the reason no more will come.
    #[must_use]
    pub fn failed(&self, why: String) -> Self {
        Answers {
            known: self.known.clone(),
            generation: self.generation.wrapping_add(1),
            unavailable: Some(why),
        }
    }

    /// Whether `job` has an answer.
    pub fn knows(&self, job: &Job) -> bool {
        self.known.contains_key(job)
    }
}

impl SignatureMath for Answers {
    fn answer(&self, job: &Job) -> Option<Answer> {
        self.known.get(job).cloned()
    }

    fn unavailable(&self) -> Option<&str> {
        self.unavailable.as_deref()
    }
}

/// Answers one job: builds the key (or says why it cannot be built) and verifies.
pub fn compute(job: &Job) -> Answer {
    match (&job.key, job.alg) {
        (PublicKeyParams::Rsa { n, e }, SigAlg::Rsa(hash)) => rsa_verify(n, e, hash, job),
        (PublicKeyParams::Ec { curve, x, y }, SigAlg::Ec(alg_curve)) if *curve == alg_curve => {
            ec_verify(*curve, x, y, job)
        }
        // `verify` never pairs a key with an algorithm it does not fit; say so if asked.
        (PublicKeyParams::Rsa { .. }, SigAlg::Ec(c)) => Answer::KeyInvalid(format!(
            "expected a key on {} for {}, found an RSA key",
            c.name(),
            c.alg()
        )),
        (PublicKeyParams::Ec { curve, .. }, alg) => Answer::KeyInvalid(format!(
            "expected a key for {alg:?}, found an EC key on {}",
            curve.name()
        )),
    }
}

/// The worker's protocol: a JSON list of `[number, job]` pairs in, a JSON list of
/// `[number, answer]` pairs out, in the same order (an unreadable request gets an empty list).
/// The asker keeps its jobs by number: answers never carry a job back.
pub fn answer_message(request: &str) -> String {
    let jobs: Vec<(u32, Job)> = serde_json::from_str(request).unwrap_or_default();
    let answered: Vec<(u32, Answer)> = jobs
        .into_iter()
        .map(|(id, job)| (id, compute(&job)))
        .collect();
    serde_json::to_string(&answered).unwrap_or_else(|_| "[]".to_string())
}

fn rsa_verify(n: &[u8], e: &[u8], hash: RsaHash, job: &Job) -> Answer {
    use sha2::{Sha256, Sha384, Sha512};
    let public = match build_rsa_key(n, e) {
        Ok(k) => k,
        Err(why) => return Answer::KeyInvalid(why),
    };
    let verified = match hash {
        RsaHash::Sha256 => public.pkcs1v15_verify::<Sha256>(&job.msg, &job.sig),
        RsaHash::Sha384 => public.pkcs1v15_verify::<Sha384>(&job.msg, &job.sig),
        RsaHash::Sha512 => public.pkcs1v15_verify::<Sha512>(&job.msg, &job.sig),
    };
    if verified.is_ok() {
        Answer::Verified
    } else {
        Answer::Mismatch
    }
}

fn build_rsa_key(n: &[u8], e: &[u8]) -> Result<rsa::PublicKey, String> {
    use rsa::{BoxedUint, PublicKey};
    let bits = |len: usize| -> u32 {
        let b = u32::try_from(len.saturating_mul(8)).unwrap_or(u32::MAX);
        b.div_ceil(64).max(1).saturating_mul(64)
    };
    if n.len().saturating_mul(8) < PublicKey::MIN_SIZE.saturating_sub(7) {
        return Err(format!(
            "the modulus is {} bits; this page cannot verify RSA keys under {} bits (its RSA \
             library's limit); AWS documents no minimum size, so what STS does with it is unknown",
            n.len().saturating_mul(8),
            PublicKey::MIN_SIZE
        ));
    }
    let n_uint = BoxedUint::from_be_slice(n, bits(n.len()))
        .map_err(|_| "the modulus `n` cannot be read".to_string())?;
    let e_uint = BoxedUint::from_be_slice(e, bits(e.len()))
        .map_err(|_| "the exponent `e` cannot be read".to_string())?;
    PublicKey::new(n_uint, e_uint).map_err(|err| format!("invalid RSA public key ({err})"))
}

fn ec_verify(curve: EcCurve, x: &[u8], y: &[u8], job: &Job) -> Answer {
    use p256::ecdsa::signature::Verifier as _;
    let mut sec1 = Vec::with_capacity(x.len().saturating_add(y.len()).saturating_add(1));
    sec1.push(0x04);
    sec1.extend_from_slice(x);
    sec1.extend_from_slice(y);
    // (key on the curve, signature verifies)
    let outcome = match curve {
        EcCurve::P256 => p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).map(|k| {
            p256::ecdsa::Signature::from_slice(&job.sig)
                .is_ok_and(|s| k.verify(&job.msg, &s).is_ok())
        }),
        EcCurve::P384 => p384::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).map(|k| {
            p384::ecdsa::Signature::from_slice(&job.sig)
                .is_ok_and(|s| k.verify(&job.msg, &s).is_ok())
        }),
        EcCurve::P521 => p521::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).map(|k| {
            p521::ecdsa::Signature::from_slice(&job.sig)
                .is_ok_and(|s| k.verify(&job.msg, &s).is_ok())
        }),
    };
    match outcome {
        Ok(true) => Answer::Verified,
        Ok(false) => Answer::Mismatch,
        Err(_) => Answer::KeyInvalid(format!(
            "expected a point on {}, found (`x`, `y`) that is not on it",
            curve.name()
        )),
    }
}

/// Bytes as unpadded base64url in the worker's messages.
mod b64 {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        URL_SAFE_NO_PAD
            .decode(text)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(alg: SigAlg, key: PublicKeyParams) -> Job {
        Job {
            alg,
            key,
            msg: b"m".to_vec(),
            sig: vec![1; 64],
        }
    }

    #[test]
    fn jobs_travel_as_json_and_come_back_equal() {
        let j = job(
            SigAlg::Ec(EcCurve::P256),
            PublicKeyParams::Ec {
                curve: EcCurve::P256,
                x: vec![7; 32],
                y: vec![9; 32],
            },
        );
        let text =
            serde_json::to_string(&vec![(j.clone(), Answer::KeyInvalid("x".into()))]).unwrap();
        let back: Vec<(Job, Answer)> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, vec![(j, Answer::KeyInvalid("x".into()))]);
    }

    #[test]
    fn answers_are_looked_up_by_job_and_compare_by_generation() {
        let j = job(
            SigAlg::Rsa(RsaHash::Sha256),
            PublicKeyParams::Rsa {
                n: vec![0xff; 64],
                e: vec![1, 0, 1],
            },
        );
        let none = Answers::default();
        assert_eq!(none.answer(&j), None);
        let some = none.with(vec![(j.clone(), compute(&j))]);
        assert_ne!(none, some);
        // A 512-bit modulus is under the RSA crate's limit: the key is unusable, not "mismatch".
        assert!(
            matches!(some.answer(&j), Some(Answer::KeyInvalid(why)) if why.contains("512 bits"))
        );
        let failed = some.failed("no worker".into());
        assert_eq!(failed.unavailable(), Some("no worker"));
        assert!(failed.knows(&j));
    }

    #[test]
    fn the_worker_protocol_answers_each_job_and_ignores_garbage() {
        let j = job(
            SigAlg::Rsa(RsaHash::Sha256),
            PublicKeyParams::Rsa {
                n: vec![0xff; 64],
                e: vec![1, 0, 1],
            },
        );
        let request = serde_json::to_string(&vec![(7u32, j.clone()), (3, j.clone())]).unwrap();
        let back: Vec<(u32, Answer)> = serde_json::from_str(&answer_message(&request)).unwrap();
        assert_eq!(back, vec![(7, compute(&j)), (3, compute(&j))]);
        assert_eq!(answer_message("not json"), "[]");
    }

    #[test]
    fn an_off_curve_point_is_an_invalid_key() {
        let j = job(
            SigAlg::Ec(EcCurve::P256),
            PublicKeyParams::Ec {
                curve: EcCurve::P256,
                x: vec![1; 32],
                y: vec![2; 32],
            },
        );
        assert!(matches!(compute(&j), Answer::KeyInvalid(why) if why.contains("not on it")));
    }
}
