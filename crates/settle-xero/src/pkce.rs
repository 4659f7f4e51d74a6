//! RFC 7636 PKCE with S256, and the random `state`: both from the operating system's CSPRNG.
//! Owns: generating the verifier, its challenge and the state. Must not: send anything.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::TryRngCore;
use settle_core::secret::Secret;
use sha2::{Digest, Sha256};

use crate::error::XeroError;

/// A code verifier (secret until the exchange) and its S256 challenge (sent in the URL).
pub(crate) struct Pkce {
    pub verifier: Secret,
    pub challenge: String,
}

impl Pkce {
    /// 64 random bytes → an 86-character verifier from the RFC's unreserved alphabet
    /// (base64url without padding), inside the 43..=128 the RFC allows.
    pub fn generate() -> Result<Self, XeroError> {
        let verifier = random_text(64)?;
        let challenge = s256_challenge(&verifier);
        Ok(Self {
            verifier: Secret::new(verifier),
            challenge,
        })
    }
}

/// BASE64URL(SHA-256(verifier)) without padding.
pub fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// `bytes` random bytes as base64url text (for `state`: 32 bytes, 43 characters).
pub(crate) fn random_text(bytes: usize) -> Result<String, XeroError> {
    let mut buf = vec![0u8; bytes];
    OsRng
        .try_fill_bytes(&mut buf)
        .map_err(|e| XeroError::Randomness(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(&buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_vector() {
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifiers_are_well_formed_and_fresh() {
        let a = Pkce::generate().unwrap();
        let b = Pkce::generate().unwrap();
        let v = a.verifier.expose();
        assert_eq!(v.len(), 86);
        assert!(v
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"-._~".contains(&c)));
        assert_ne!(v, b.verifier.expose());
        assert_eq!(a.challenge, s256_challenge(v));
        assert_eq!(random_text(32).unwrap().len(), 43);
    }
}
