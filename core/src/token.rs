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

    /// The value of the `Authorization` header.
    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.0)
    }

    /// The secret itself, for the one place that keeps it when the user asks to: this tab's
    /// `sessionStorage` ("remember in this tab"). Never for URLs, logs or messages.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// How requests prove who they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// `Authorization: Bearer TOKEN`, set by the app.
    Bearer(Token),
    /// A reverse proxy in front of the API sets the header; the browser holds no token.
    Proxy,
}

impl Credential {
    /// The `Authorization` header the app sets, if any.
    pub fn authorization(&self) -> Option<String> {
        match self {
            Self::Bearer(t) => Some(t.authorization()),
            Self::Proxy => None,
        }
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

    #[test]
    fn a_proxy_credential_sets_no_header() {
        assert_eq!(Credential::Proxy.authorization(), None);
        let b = Credential::Bearer(Token::new("s3cr3t").unwrap());
        assert_eq!(b.authorization().as_deref(), Some("Bearer s3cr3t"));
        assert!(!format!("{b:?}").contains("s3cr3t"));
    }
}
