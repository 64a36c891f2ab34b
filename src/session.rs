//! Who the app talks to the API as: the token (in memory only) and how the connection stands.

use joblens_core::{ApiError, Token};
use leptos::prelude::*;

/// How the connection to the API stands, as the header shows it.
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
            Err(ApiError::Network(_) | ApiError::Timeout { .. } | ApiError::Server { .. }) => {
                Self::Trouble
            }
            // A 404, 403 or a malformed page is about one request, not the connection.
            Err(_) => Self::Connected,
        }
    }
}

/// The app's session, provided as context. The token lives in this signal only: never in a
/// URL, storage or a log line.
#[derive(Clone, Copy)]
pub struct Session {
    pub token: RwSignal<Option<Token>>,
    pub connection: RwSignal<Connection>,
}

impl Session {
    pub fn new() -> Self {
        Self {
            token: RwSignal::new(None),
            connection: RwSignal::new(Connection::NoToken),
        }
    }

    pub fn sign_in(&self, token: Token) {
        self.token.set(Some(token));
        self.connection.set(Connection::Connecting);
    }

    pub fn sign_out(&self) {
        self.token.set(None);
        self.connection.set(Connection::NoToken);
    }

    /// Records how a request went.
    pub fn observe<T>(&self, result: &Result<T, ApiError>) {
        let next = Connection::after(result.as_ref().map(|_| ()));
        self.connection.try_set(next);
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}
