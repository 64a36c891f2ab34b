//! `config.json`: the runtime configuration an administrator puts beside `index.html`, so one
//! build serves every deployment. Validated on load; every problem is reported, in words.

use serde::Deserialize;

/// Where the token comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AuthMode {
    /// The user enters it.
    #[default]
    Token,
    /// A reverse proxy adds the `Authorization` header: no token in the browser at all.
    Proxy,
    /// The embedding portal hands it over by `postMessage`.
    Parent,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follows the operating system.
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// `auto`, `light` or `dark`.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Auto, Self::Light, Self::Dark]
            .into_iter()
            .find(|t| t.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }
}

/// The configuration, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppConfig {
    /// Empty for the page's own origin, or `https://host[:port]`.
    pub api_base_url: String,
    pub auth_mode: AuthMode,
    /// The job table's refresh interval while a job runs.
    pub poll_interval_ms: u64,
    /// Origins allowed to embed the app and hand it a token.
    pub allowed_parent_origins: Vec<String>,
    pub theme: Theme,
    /// Show times in UTC by default.
    pub utc: bool,
    /// Hide the app's own chrome (also `?embed=1`).
    pub embed: bool,
    /// Exploring a job stops loading at this many hits, before the tab runs out of memory.
    pub max_explore_hits: u64,
}

/// The most hits a job's exploration loads by default (about 75 MB in the store).
pub const MAX_EXPLORE_HITS: u64 = 1_000_000;

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            api_base_url: String::new(),
            auth_mode: AuthMode::Token,
            poll_interval_ms: 5_000,
            allowed_parent_origins: Vec::new(),
            theme: Theme::Auto,
            utc: false,
            embed: false,
            max_explore_hits: MAX_EXPLORE_HITS,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    api_base_url: Option<String>,
    auth_mode: Option<String>,
    poll_interval_ms: Option<u64>,
    allowed_parent_origins: Option<Vec<String>>,
    theme: Option<String>,
    time_zone: Option<String>,
    embed: Option<bool>,
    max_explore_hits: Option<u64>,
}

/// `scheme://host[:port]` with nothing after it.
pub fn is_origin(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && !rest.contains(['/', '?', '#', '@', ' '])
}

/// An API base URL: empty (same origin) or an http(s) URL without query or credentials.
pub fn is_base_url(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    let Some((scheme, rest)) = s.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && !rest.starts_with('/')
        && !rest.contains(['?', '#', '@', ' '])
}

impl AppConfig {
    /// Parses and checks `config.json`; the error lists every problem found.
    pub fn parse(bytes: &[u8]) -> Result<Self, Vec<String>> {
        let raw: Raw = serde_json::from_slice(bytes)
            .map_err(|e| vec![format!("config.json is not valid: {e}")])?;
        let d = Self::default();
        let mut problems = Vec::new();
        let api_base_url = raw
            .api_base_url
            .unwrap_or_default()
            .trim()
            .trim_end_matches('/')
            .to_owned();
        if !is_base_url(&api_base_url) {
            problems.push(format!(
                "api_base_url must be empty (same origin) or an http(s) URL such as https://siem.example:8400, got {api_base_url:?}"
            ));
        }
        let auth_mode = match raw.auth_mode.as_deref() {
            None | Some("token") => AuthMode::Token,
            Some("proxy") => AuthMode::Proxy,
            Some("parent") => AuthMode::Parent,
            Some(other) => {
                problems.push(format!(
                    "auth_mode must be token, proxy or parent, got {other:?}"
                ));
                d.auth_mode
            }
        };
        let poll_interval_ms = raw.poll_interval_ms.unwrap_or(d.poll_interval_ms);
        if !(2_000..=600_000).contains(&poll_interval_ms) {
            problems.push(format!(
                "poll_interval_ms must be between 2000 and 600000 (the server allows 60 requests a minute), got {poll_interval_ms}"
            ));
        }
        let allowed_parent_origins = raw.allowed_parent_origins.unwrap_or_default();
        for o in &allowed_parent_origins {
            if !is_origin(o) {
                problems.push(format!(
                    "allowed_parent_origins: {o:?} is not an origin (scheme://host[:port], no path)"
                ));
            }
        }
        if auth_mode == AuthMode::Parent && allowed_parent_origins.is_empty() {
            problems
                .push("auth_mode parent needs at least one entry in allowed_parent_origins".into());
        }
        let theme = match raw.theme.as_deref().map(|t| (t, Theme::parse(t))) {
            None => Theme::Auto,
            Some((_, Some(theme))) => theme,
            Some((other, None)) => {
                problems.push(format!("theme must be auto, light or dark, got {other:?}"));
                d.theme
            }
        };
        let utc = match raw.time_zone.as_deref() {
            None | Some("local") => false,
            Some("utc") | Some("UTC") => true,
            Some(other) => {
                problems.push(format!("time_zone must be local or utc, got {other:?}"));
                false
            }
        };
        let max_explore_hits = raw.max_explore_hits.unwrap_or(d.max_explore_hits);
        if !(1_000..=10_000_000).contains(&max_explore_hits) {
            problems.push(format!(
                "max_explore_hits must be between 1000 and 10000000 (each hit takes about 75 bytes in the browser), got {max_explore_hits}"
            ));
        }
        if problems.is_empty() {
            Ok(Self {
                api_base_url,
                auth_mode,
                poll_interval_ms,
                allowed_parent_origins,
                theme,
                utc,
                embed: raw.embed.unwrap_or(false),
                max_explore_hits,
            })
        } else {
            Err(problems)
        }
    }

    pub fn allows_parent(&self, origin: &str) -> bool {
        self.allowed_parent_origins.iter().any(|o| o == origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_object_is_the_default() {
        assert_eq!(AppConfig::parse(b"{}").unwrap(), AppConfig::default());
    }

    #[test]
    fn every_field_is_read() {
        let c = AppConfig::parse(
            br#"{"api_base_url":"https://siem.example:8400/","auth_mode":"parent","poll_interval_ms":10000,
                 "allowed_parent_origins":["https://portal.example"],"theme":"dark","time_zone":"utc","embed":true}"#,
        )
        .unwrap();
        assert_eq!(c.api_base_url, "https://siem.example:8400");
        assert_eq!(c.auth_mode, AuthMode::Parent);
        assert_eq!(c.poll_interval_ms, 10_000);
        assert!(c.allows_parent("https://portal.example"));
        assert!(!c.allows_parent("https://evil.example"));
        assert_eq!((c.theme, c.utc, c.embed), (Theme::Dark, true, true));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let errors = AppConfig::parse(
            br#"{"api_base_url":"ftp://x","auth_mode":"magic","poll_interval_ms":10,
                 "allowed_parent_origins":["https://portal.example/path"],"theme":"pink","time_zone":"mars",
                 "max_explore_hits":5}"#,
        )
        .unwrap_err();
        assert_eq!(errors.len(), 7, "{errors:#?}");
        assert!(errors
            .iter()
            .any(|e| e.contains("max_explore_hits must be between")));
        assert!(errors[0].contains("api_base_url"));
        assert!(errors
            .iter()
            .any(|e| e.contains("auth_mode must be token, proxy or parent")));
        assert!(errors.iter().any(|e| e.contains("not an origin")));
    }

    #[test]
    fn parent_mode_needs_origins_and_junk_is_refused() {
        let e = AppConfig::parse(br#"{"auth_mode":"parent"}"#).unwrap_err();
        assert!(e[0].contains("allowed_parent_origins"));
        let e = AppConfig::parse(br#"{"tokne":"x"}"#).unwrap_err();
        assert!(e[0].contains("unknown field"), "{e:?}");
        let e = AppConfig::parse(b"not json").unwrap_err();
        assert!(e[0].starts_with("config.json is not valid"));
    }

    #[test]
    fn origins_and_base_urls() {
        assert!(is_origin("http://localhost:8080"));
        assert!(!is_origin("http://localhost:8080/"));
        assert!(!is_origin("localhost"));
        assert!(is_base_url(""));
        assert!(is_base_url("https://siem.example:8400"));
        assert!(is_base_url("https://siem.example/eventlog"));
        assert!(!is_base_url("https://user:pw@siem.example"));
        assert!(!is_base_url("javascript:alert(1)"));
    }

    #[test]
    fn the_exploration_limit_defaults_to_a_million_and_can_be_set() {
        assert_eq!(AppConfig::default().max_explore_hits, 1_000_000);
        let c = AppConfig::parse(br#"{"max_explore_hits":250000}"#).unwrap();
        assert_eq!(c.max_explore_hits, 250_000);
    }
}
