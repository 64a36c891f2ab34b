//! How the connection to the API stands, as the header shows it, and what one request's
//! outcome does to it; and what a refused token leads to in each auth mode.

use crate::{config::AuthMode, ApiError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Connection {
    /// No token entered yet.
    NoToken,
    /// A token is set; no answer yet.
    Connecting,
    /// The last request succeeded.
    Connected,
    /// The server refused the token (401).
    Refused,
    /// The server is limiting requests (429).
    Limited,
    /// The server could not be reached or failed.
    Trouble,
}

impl Connection {
    pub fn label(&self) -> &'static str {
        match self {
            Self::NoToken => "Not connected",
            Self::Connecting => "Connecting…",
            Self::Connected => "Connected",
            Self::Refused => "Token refused",
            Self::Limited => "Rate limited",
            Self::Trouble => "Connection trouble",
        }
    }

    pub fn css_modifier(&self) -> &'static str {
        match self {
            Self::NoToken | Self::Connecting => "idle",
            Self::Connected => "ok",
            Self::Refused | Self::Trouble => "bad",
            Self::Limited => "warn",
        }
    }

    /// What the outcome of a request says about the connection.
    pub fn after(result: Result<(), &ApiError>) -> Self {
        match result {
            Ok(()) => Self::Connected,
            Err(ApiError::Unauthorized(_)) => Self::Refused,
            Err(ApiError::RateLimited { .. }) => Self::Limited,
            Err(
                ApiError::Network(_)
                | ApiError::Timeout { .. }
                | ApiError::Server { .. }
                | ApiError::NoApi(_),
            ) => Self::Trouble,
            // A 404, 403 or a malformed page is about one request, not the connection.
            Err(_) => Self::Connected,
        }
    }
}

/// What a refused token (a 401 while one is set) leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WhenRefused {
    /// Forget it and ask the user for another, saying why; the page stays where it was.
    AskUser(&'static str),
    /// Forget it and ask the embedding portal for a fresh one.
    AskPortal,
    /// Nothing to forget: the proxy holds the credential.
    Nothing,
}

pub fn when_refused(mode: AuthMode) -> WhenRefused {
    match mode {
        AuthMode::Token => WhenRefused::AskUser(
            "The server refused the token: it is invalid, revoked or expired. Enter a valid token to continue where you were.",
        ),
        AuthMode::Parent => WhenRefused::AskPortal,
        AuthMode::Proxy => WhenRefused::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_move_the_connection() {
        assert_eq!(Connection::after(Ok(())), Connection::Connected);
        let refused = ApiError::Unauthorized(None);
        assert_eq!(Connection::after(Err(&refused)), Connection::Refused);
        let limited = ApiError::RateLimited {
            retry_after_ms: None,
        };
        assert_eq!(Connection::after(Err(&limited)), Connection::Limited);
        let timeout = ApiError::Timeout { after_ms: 1 };
        assert_eq!(Connection::after(Err(&timeout)), Connection::Trouble);
        let missing = ApiError::NotFound(None);
        assert_eq!(
            Connection::after(Err(&missing)),
            Connection::Connected,
            "a 404 is about one request"
        );
        assert_eq!(Connection::Limited.css_modifier(), "warn");
        assert_eq!(Connection::Refused.label(), "Token refused");
    }

    #[test]
    fn a_refused_token_leads_where_the_mode_says() {
        assert!(
            matches!(when_refused(AuthMode::Token), WhenRefused::AskUser(why) if why.contains("refused"))
        );
        assert_eq!(when_refused(AuthMode::Parent), WhenRefused::AskPortal);
        assert_eq!(when_refused(AuthMode::Proxy), WhenRefused::Nothing);
    }
}
