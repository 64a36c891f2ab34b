//! The messages an embedding portal sends the app, read: a token to sign in with, or a theme
//! and design tokens to apply. Anything else is ignored.

use crate::{config::Theme, Token};
use serde_json::Value;

#[derive(Debug, PartialEq)]
pub enum PortalMessage {
    /// `{"type":"joblens:token","token":"…"}`
    Token(Token),
    /// `{"type":"joblens:theme","theme":"light|dark|auto","tokens":{"--accent":"#…"}}`: either
    /// part may be missing; only custom properties (`--…`) with text values are kept.
    Theme {
        theme: Option<Theme>,
        tokens: Vec<(String, String)>,
    },
}

/// What a message says, if it is one of the portal's.
pub fn read(data: &Value) -> Option<PortalMessage> {
    match data["type"].as_str()? {
        "joblens:token" => data["token"]
            .as_str()
            .and_then(Token::new)
            .map(PortalMessage::Token),
        "joblens:theme" => Some(PortalMessage::Theme {
            theme: data["theme"].as_str().and_then(Theme::parse),
            tokens: data["tokens"]
                .as_object()
                .map(|t| {
                    t.iter()
                        .filter(|(name, _)| name.starts_with("--"))
                        .filter_map(|(name, v)| Some((name.clone(), v.as_str()?.to_owned())))
                        .collect()
                })
                .unwrap_or_default(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_token_message_signs_in_and_an_empty_one_does_not() {
        let m = read(&json!({"type": "joblens:token", "token": " abc "}));
        assert_eq!(m, Some(PortalMessage::Token(Token::new("abc").unwrap())));
        assert_eq!(read(&json!({"type": "joblens:token", "token": "  "})), None);
        assert_eq!(read(&json!({"type": "joblens:token"})), None);
    }

    #[test]
    fn a_theme_message_keeps_only_custom_properties_with_text() {
        let m = read(&json!({
            "type": "joblens:theme", "theme": "dark",
            "tokens": {"--accent": "#0af", "color": "red", "--n": 3}
        }));
        assert_eq!(
            m,
            Some(PortalMessage::Theme {
                theme: Some(Theme::Dark),
                tokens: vec![("--accent".into(), "#0af".into())],
            })
        );
        let odd = read(&json!({"type": "joblens:theme", "theme": "neon"}));
        assert_eq!(
            odd,
            Some(PortalMessage::Theme {
                theme: None,
                tokens: vec![]
            })
        );
    }

    #[test]
    fn other_messages_are_ignored() {
        assert_eq!(read(&json!({"type": "other"})), None);
        assert_eq!(read(&json!("joblens:token")), None);
        assert_eq!(read(&json!({})), None);
    }
}
