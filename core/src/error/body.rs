//! A server's error body, read in any of the shapes the vendor's API and its sibling products
//! use.

use crate::value::{self, same_key};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A server's error body, in any of the shapes the vendor's API and its sibling products use:
/// the vendor's flat `{"code":"070011101","title":"Unauthorized","detail":"…"}`, the shared v2
/// framework's `{"error":{code,title,detail}}`, `{"error":{"message":…,"errorcode":…}}`, v1's
/// `{"ERROR_CODE":…,"ERROR_DESCRIPTION":…}`, a numeric code, or (from a proxy) short plain text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub detail: String,
}

impl ErrorBody {
    /// The server's words in an error answer's body, if it has any; anything else gives `None`.
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        match crate::decode::parse::<Value>(bytes) {
            Ok(v) => Self::from_value(&v),
            Err(_) => {
                // A proxy's plain-text answer ("upstream timed out") is the server's words too;
                // an HTML page is not words anyone should read in a banner.
                let text = std::str::from_utf8(bytes).ok()?.trim();
                (!text.is_empty() && text.len() <= 300 && !text.starts_with('<')).then(|| Self {
                    detail: text.to_owned(),
                    ..Self::default()
                })
            }
        }
    }

    /// The words of an error body in any known shape.
    pub fn from_value(v: &Value) -> Option<Self> {
        let obj = v.as_object()?;
        let mut body = match obj.iter().find(|(k, _)| same_key(k, "error")) {
            Some((_, inner @ Value::Object(_))) => Self::from_value(inner).unwrap_or_default(),
            Some((_, Value::String(s))) => Self {
                detail: s.clone(),
                ..Self::default()
            },
            _ => Self::default(),
        };
        for (k, v) in obj {
            let Some(text) = value::string(v).filter(|t| !t.trim().is_empty()) else {
                continue;
            };
            let is = |names: &[&str]| names.iter().any(|n| same_key(k, n));
            let slot = if is(&["code", "error_code"]) {
                &mut body.code
            } else if is(&["title"]) {
                &mut body.title
            } else if is(&[
                "detail",
                "message",
                "description",
                "error_description",
                "error_message",
            ]) {
                &mut body.detail
            } else {
                continue;
            };
            if slot.is_empty() {
                *slot = text;
            }
        }
        (!body.code.is_empty() || !body.title.is_empty() || !body.detail.is_empty()).then_some(body)
    }

    /// The error a successful (2xx) answer carries in its body, if it is an error body: some
    /// servers answer refusals with HTTP 200. Stricter than [`ErrorBody::from_value`], so that
    /// v1's delete reply (`{"message":…}`) is not taken for an error.
    pub fn in_success(v: &Value) -> Option<Self> {
        let obj = v.as_object()?;
        // An answer that carries what was asked for is that answer, whatever else it says.
        let payload = ["data", "requests", "jobs", "hits", "results"];
        if obj.keys().any(|k| payload.iter().any(|p| same_key(k, p))) {
            return None;
        }
        // A key counts only with something in it: `"error": null` and a success code
        // (`"code": 0`, `"code": 200`) say nothing went wrong.
        let said = |names: &[&str]| {
            obj.iter().any(|(k, v)| {
                names.iter().any(|n| same_key(k, n))
                    && match v {
                        Value::Null | Value::Bool(false) => false,
                        Value::String(s) => !s.trim().is_empty(),
                        Value::Object(o) => !o.is_empty(),
                        _ => true,
                    }
            })
        };
        let success_code = obj.iter().any(|(k, v)| {
            same_key(k, "code") && value::uint(v).is_some_and(|c| c == 0 || (200..300).contains(&c))
        });
        let error_shaped = said(&["error", "error_code", "error_description"])
            || (said(&["code"]) && !success_code && said(&["title", "detail", "message"]));
        error_shaped.then(|| Self::from_value(v)).flatten()
    }

    /// What the error means, from its code where the code is one of the ManageEngine v2
    /// framework's (eight or more digits ending in `…101` Unauthorized, `…104` not found,
    /// `…106` Forbidden, `…5xx`; `…129` is the simulator's own), else from its title. Other
    /// numbering (v1's, OpManager's) says nothing the title does not.
    pub(crate) fn meaning(&self) -> Option<u16> {
        let digits: String = self.code.chars().filter(char::is_ascii_digit).collect();
        let framework = digits.len() >= 8 && digits.len() == self.code.trim().len();
        let by_code = match digits.get(digits.len().saturating_sub(3)..) {
            _ if !framework => None,
            Some("101") => Some(401),
            Some("106") => Some(403),
            Some("104") => Some(404),
            Some("129") => Some(429),
            Some(t) if t.starts_with('5') => Some(500),
            _ => None,
        };
        by_code.or_else(|| match self.title.trim().to_ascii_lowercase().as_str() {
            "unauthorized" => Some(401),
            "forbidden" => Some(403),
            "not found" | "page not found" => Some(404),
            "too many requests" => Some(429),
            _ => None,
        })
    }
}
