//! Who the app talks to the API as: the credential (in memory; in this tab's sessionStorage only
//! when the user asks), how the connection stands, and what a 401 does in each auth mode.

use crate::storage;
pub use joblens_core::connection::Connection;
use joblens_core::{
    config::AuthMode,
    connection::{self, WhenRefused},
    ApiError, Credential, Token,
};
use leptos::prelude::*;

/// The app's session, provided as context.
#[derive(Clone, Copy, Debug)]
pub struct Session {
    pub token: RwSignal<Option<Credential>>,
    pub connection: RwSignal<Connection>,
    /// Why the user is asked for a token again (a 401 mid-session).
    pub notice: RwSignal<Option<String>>,
    pub mode: AuthMode,
    /// Called when the server refuses a token the portal handed over (parent mode): the
    /// embedding glue asks the portal for a new one.
    on_refused: StoredValue<Option<Callback<()>>>,
}

impl Session {
    /// A proxy-mode session is connected from the start; a token-mode one picks up a token
    /// this tab was asked to remember.
    pub fn new(mode: AuthMode) -> Self {
        let initial = match mode {
            AuthMode::Proxy => Some(Credential::Proxy),
            AuthMode::Token => storage::remembered_token()
                .and_then(|t| Token::new(&t))
                .map(Credential::Bearer),
            AuthMode::Parent => None,
        };
        Self {
            connection: RwSignal::new(if initial.is_some() {
                Connection::Connecting
            } else {
                Connection::NoToken
            }),
            token: RwSignal::new(initial),
            notice: RwSignal::new(None),
            mode,
            on_refused: StoredValue::new(None),
        }
    }

    /// Uses `cred` from now on; `remember` keeps a token in this tab's sessionStorage.
    pub fn sign_in(&self, cred: Credential, remember: bool) {
        storage::remember_token(match (&cred, remember) {
            (Credential::Bearer(t), true) => Some(t.secret()),
            _ => None,
        });
        self.notice.set(None);
        self.token.set(Some(cred));
        self.connection.set(Connection::Connecting);
    }

    /// Forgets the token everywhere it was kept.
    pub fn sign_out(&self) {
        storage::remember_token(None);
        self.token.set(None);
        self.connection.set(Connection::NoToken);
    }

    /// What to do when the server refuses a token the portal handed over.
    pub fn when_refused(&self, ask: Callback<()>) {
        self.on_refused.set_value(Some(ask));
    }

    /// Records how a request went. A refused token sends the user back to the connect screen
    /// (the page stays where it was), or asks the portal for a new one.
    pub fn observe<T>(&self, result: &Result<T, ApiError>) {
        let next = Connection::after(result.as_ref().map(|_| ()));
        if next == Connection::Refused
            && self.token.try_with_untracked(Option::is_some) == Some(true)
        {
            match connection::when_refused(self.mode) {
                WhenRefused::AskUser(why) => {
                    self.sign_out();
                    self.notice.set(Some(why.to_owned()));
                }
                WhenRefused::AskPortal => {
                    self.token.set(None);
                    if let Some(ask) = self.on_refused.try_get_value().flatten() {
                        ask.run(());
                    }
                }
                WhenRefused::Nothing => {}
            }
        }
        self.connection.try_set(next);
    }
}
