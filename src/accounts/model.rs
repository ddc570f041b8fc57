//! Account rules: email addresses, password rules and hashing.

use anyhow::anyhow;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngExt;
use sha2::{Digest, Sha256};

use crate::newsroom::policy::Role;

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest password accepted (argon2 does not care, but a megabyte form field is abuse).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// A syntactically plausible email address, trimmed and lower-cased so that one person has
/// one account whatever case they type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Accepts `local@domain.tld` with no spaces, at most 254 bytes.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (local, domain) = text.rsplit_once('@')?;
        let ok = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && text.len() <= 254
            && !text.chars().any(|c| c.is_whitespace() || c.is_control());
        ok.then(|| Self(text.to_lowercase()))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks length and refuses passwords found near the top of password lists (zxcvbn guesses
/// them in under a million tries). No composition rules: they make passwords worse.
pub fn check_password_rules(password: &str) -> anyhow::Result<()> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(anyhow!("A password needs at least {MIN_PASSWORD_CHARS} characters."));
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(anyhow!("A password may have at most {MAX_PASSWORD_CHARS} characters."));
    }
    // zxcvbn's cost grows with length; the first 64 characters decide commonness.
    let head: String = password.chars().take(64).collect();
    if zxcvbn::zxcvbn(&head, &[]).score() < zxcvbn::Score::Two {
        return Err(anyhow!(
            "That password is one of the most common ones and easy to guess. \
             A few unrelated words make a strong password."
        ));
    }
    Ok(())
}

/// A name shown beside a reader's comments: 1–60 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    /// Trims and checks a display name; the error says what to fix.
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let name: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        match name.chars().count() {
            0 => Err("Please give a name to show beside your comments."),
            61.. => Err("A display name may have at most 60 characters."),
            _ if name.chars().any(char::is_control) => Err("A display name cannot contain control characters."),
            _ => Ok(Self(name)),
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where to go after logging in: only ever a path on this site (`/…`, not `//host` or
/// `/\\host`, which browsers treat as other sites).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.chars().any(|c| c.is_control() || c == '\\') =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// `n` random bytes as lowercase hex, from the operating system's CSPRNG via `rand`.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    rand::rng().fill(&mut bytes[..]);
    hex(&bytes)
}

/// SHA-256 of `text` as hex: how session ids and reset tokens are stored.
pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How much work hashing a new password takes; the algorithm is argon2id either way. A hash
/// records its parameters, so a password is always checked at the cost it was hashed with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PasswordCost {
    /// The argon2 crate's defaults (m=19 MiB, t=2, p=1, as OWASP recommends): every server.
    #[default]
    Standard,
    /// The least work argon2id allows (m=8 KiB, t=1, p=1), which slows down guessing a stolen
    /// hash hardly at all. Only for test suites, which start hundreds of apps and hash a
    /// password for each; no flag or variable selects it.
    InsecureForTestsOnly,
}

impl PasswordCost {
    fn hasher(self) -> anyhow::Result<Argon2<'static>> {
        Ok(match self {
            Self::Standard => Argon2::default(),
            Self::InsecureForTestsOnly => {
                let params = Params::new(Params::MIN_M_COST, Params::MIN_T_COST, Params::MIN_P_COST, None)
                    .map_err(|e| anyhow!("argon2 parameters: {e}"))?;
                Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            }
        })
    }
}

/// Hashes a password with argon2id at `cost` and a random salt.
pub fn hash_password(password: &str, cost: PasswordCost) -> anyhow::Result<String> {
    let hash = cost.hasher()?.hash_password(password.as_bytes()).map_err(|e| anyhow!("hashing a password: {e}"))?;
    Ok(hash.to_string())
}

/// Whether `password` matches a stored hash; a malformed hash never matches.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A random 20-character password from letters and digits (about 119 bits).
pub fn random_password() -> String {
    rand::rng().sample_iter(rand::distr::Alphanumeric).take(20).map(char::from).collect()
}

/// The logged-in user of a request.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub created_at: i64,
    /// The language the person chose for the newsroom, if they did.
    pub newsroom_lang: Option<crate::editions::Lang>,
    pub password_hash: String,
    /// Hash of the session id, to end this session.
    pub session_hash: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("correct horse battery", PasswordCost::Standard).unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse battery!", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn the_test_cost_is_still_argon2id_and_verifies_at_its_own_cost() {
        let hash = hash_password("correct horse battery", PasswordCost::InsecureForTestsOnly).unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=8,t=1,p=1$"), "{hash}");
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse battery!", &hash));
    }

    #[test]
    fn password_rules_are_length_and_commonness_only() {
        assert!(check_password_rules("short").is_err());
        assert!(check_password_rules("rainy ferry lantern").is_ok());
        assert!(check_password_rules("alllowercaseletters").is_ok());
        for common in ["password", "password1", "12345678", "qwertyuiop", "iloveyou"] {
            assert!(check_password_rules(common).is_err(), "{common}");
        }
        assert!(check_password_rules(&"x".repeat(MAX_PASSWORD_CHARS + 1)).is_err());
        assert!(check_password_rules(&"long unusual words ".repeat(6)).is_ok());
    }

    #[test]
    fn next_only_ever_points_at_this_site() {
        assert_eq!(safe_next(Some("/en/news/1/x#comments")), "/en/news/1/x#comments");
        for bad in ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "", "evil"] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse("  Rahim   Uddin ").unwrap().as_str(), "Rahim Uddin");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"ক".repeat(61)).is_err());
        assert!(DisplayName::parse(&"ক".repeat(60)).is_ok());
    }

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        assert_eq!(random_hex(16).len(), 32);
        assert_ne!(random_hex(16), random_hex(16));
        assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn emails_are_trimmed_and_lowercased() {
        assert_eq!(Email::parse(" Ann@Example.COM ").unwrap().as_str(), "ann@example.com");
        for bad in ["", "ann", "ann@", "@example.com", "ann@example", "a n@example.com"] {
            assert!(Email::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn random_passwords_differ_and_pass_the_rules() {
        let (a, b) = (random_password(), random_password());
        assert_ne!(a, b);
        assert!(check_password_rules(&a).is_ok());
    }
}
