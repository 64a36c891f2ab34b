//! Decoding a server body: serde_json straight from the bytes, and one second chance for
//! bodies that only fail on lone UTF-16 surrogates (`"\ud800"`), which log lines can carry and
//! strict JSON parsers refuse. Such a surrogate becomes U+FFFD instead of failing a whole page.

use crate::ApiError;
use serde::de::DeserializeOwned;

/// Decodes `body`, naming what was expected if it is not that.
pub fn decode<T: DeserializeOwned>(body: &[u8], expected: &'static str) -> Result<T, ApiError> {
    serde_json::from_slice(body).or_else(|first| {
        repair_lone_surrogates(body)
            .and_then(|fixed| serde_json::from_slice(&fixed).ok())
            .ok_or_else(|| ApiError::Malformed {
                expected,
                detail: first.to_string(),
            })
    })
}

fn hex4(b: &[u8]) -> Option<u16> {
    let s = std::str::from_utf8(b.get(..4)?).ok()?;
    u16::from_str_radix(s, 16).ok()
}

/// The body with every `\uXXXX` escape of an unpaired surrogate replaced by `\ufffd`, or
/// `None` when there is none (nothing to repair).
pub fn repair_lone_surrogates(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut changed = false;
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            out.push(body[i]);
            i += 1;
            continue;
        }
        // An escape: `\\` and `\"` pass through whole, so `\\ud800` stays text.
        if body.get(i + 1) != Some(&b'u') {
            out.extend_from_slice(&body[i..(i + 2).min(body.len())]);
            i += 2;
            continue;
        }
        let Some(unit) = hex4(&body[i + 2..]) else {
            out.extend_from_slice(&body[i..(i + 2).min(body.len())]);
            i += 2;
            continue;
        };
        let is_high = (0xD800..0xDC00).contains(&unit);
        let is_low = (0xDC00..0xE000).contains(&unit);
        let next_low = body.get(i + 6..i + 8) == Some(b"\\u")
            && hex4(&body[i + 8..]).is_some_and(|u| (0xDC00..0xE000).contains(&u));
        if is_high && next_low {
            out.extend_from_slice(&body[i..i + 12]);
            i += 12;
        } else if is_high || is_low {
            out.extend_from_slice(b"\\ufffd");
            changed = true;
            i += 6;
        } else {
            out.extend_from_slice(&body[i..i + 6]);
            i += 6;
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let v: Value = decode(br#"{"a":"x\ud800y","b":"\udc00","c":"\ud83d\ude00"}"#, "x").unwrap();
        assert_eq!(v["a"], "x\u{FFFD}y");
        assert_eq!(v["b"], "\u{FFFD}");
        assert_eq!(v["c"], "😀", "a real pair is kept");
    }

    #[test]
    fn escaped_backslashes_are_text_not_escapes() {
        assert_eq!(repair_lone_surrogates(br#"{"a":"\\ud800"}"#), None);
        let v: Value = decode(br#"{"a":"\\ud800"}"#, "x").unwrap();
        assert_eq!(v["a"], "\\ud800");
    }

    #[test]
    fn other_malformed_bodies_still_fail_with_what_was_expected() {
        match decode::<Value>(b"{\"a\":", "a page of hits") {
            Err(ApiError::Malformed { expected, .. }) => assert_eq!(expected, "a page of hits"),
            other => panic!("{other:?}"),
        }
        assert_eq!(repair_lone_surrogates(b"\\"), None);
        assert_eq!(repair_lone_surrogates(b"\\u12"), None);
    }
}
