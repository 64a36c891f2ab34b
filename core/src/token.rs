//! The API token: a secret that can be used but never printed.

use std::fmt;

/// A Bearer token. `Debug` shows no part of it and there is no `Display`, so it cannot slip
/// into a log line, an error text or a panic message by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Trims what a paste adds; an empty token is no token.
    pub fn new(raw: &str) -> Option<Self> {
        let t = raw.trim();
        let t = t.strip_prefix("Bearer ").unwrap_or(t).trim();
        (!t.is_empty()).then(|| Self(t.to_owned()))
    }

    /// The value of the `Authorization` header. The only way to read the secret.
    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let t = Token::new("s3cr3t-value").unwrap();
        let shown = format!("{t:?} {:?}", Some(t.clone()));
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert_eq!(t.authorization(), "Bearer s3cr3t-value");
    }

    #[test]
    fn pasted_tokens_are_cleaned_and_empty_ones_refused() {
        assert_eq!(
            Token::new("  abc \n").unwrap().authorization(),
            "Bearer abc"
        );
        assert_eq!(
            Token::new("Bearer abc").unwrap().authorization(),
            "Bearer abc"
        );
        assert!(Token::new("   ").is_none());
    }
}
