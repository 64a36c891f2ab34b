//! Reading a server's answer: its status, an error body in any shape (also inside a 2xx), and
//! the JSON body, parsed by serde_json straight from the bytes with one second chance for
//! bodies that only fail on lone UTF-16 surrogates (`"\ud800"`), which log lines can carry and
//! strict JSON parsers refuse. Such a surrogate becomes U+FFFD instead of failing a whole page.
//! An answer that cannot be understood keeps what was sent, for the user to report.

use crate::{error::Sent, models::Deleted, ApiError, ErrorBody};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Why a 2xx body was not what was asked for.
#[derive(Debug)]
pub enum Unread {
    /// It is an error body (some servers answer refusals with HTTP 200).
    Error(ErrorBody),
    /// It is not understood, and why.
    Why(String),
}

/// A 2xx answer's body that a model reads.
pub trait Readable: Sized {
    fn read(body: &[u8]) -> Result<Self, Unread>;
}

/// `body` parsed as `T` (lone surrogates repaired), or why it is not JSON.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Unread> {
    serde_json::from_slice(body)
        .or_else(|first| {
            repair_lone_surrogates(body)
                .and_then(|fixed| serde_json::from_slice(&fixed).ok())
                .ok_or(first)
        })
        .map_err(|e| {
            Unread::Why(if body.iter().all(u8::is_ascii_whitespace) {
                "the body is empty".to_owned()
            } else {
                format!("not JSON: {e}")
            })
        })
}

/// Reads a body through a JSON tree: first whether it is an error body, then as a `T`.
pub fn read_value<T: TryFrom<Value, Error = String>>(body: &[u8]) -> Result<T, Unread> {
    read_tree(parse(body)?)
}

/// A body's JSON tree read: first whether it is an error body, then as a `T`.
pub fn read_tree<T: TryFrom<Value, Error = String>>(value: Value) -> Result<T, Unread> {
    if let Some(error) = ErrorBody::in_success(&value) {
        return Err(Unread::Error(error));
    }
    T::try_from(value).map_err(Unread::Why)
}

/// One answer of the server, as it came: everything needed to read it or to report it.
#[derive(Clone, Copy, Debug)]
pub struct Answer<'a> {
    pub method: &'static str,
    /// Path and query, as asked.
    pub target: &'a str,
    pub status: u16,
    pub content_type: Option<&'a str>,
    /// The raw `Retry-After` header.
    pub retry_after: Option<&'a str>,
    pub body: &'a [u8],
}

impl Answer<'_> {
    fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// "Not understood", with what was sent kept for the user to report.
    fn malformed(&self, expected: &'static str, detail: String) -> ApiError {
        ApiError::Malformed {
            expected,
            detail,
            sent: Some(Box::new(Sent::new(
                self.method,
                self.target,
                self.status,
                self.content_type,
                self.body,
            ))),
        }
    }

    /// The answer as a `T` (read leniently), or the error it carries: a non-2xx status's, or
    /// an error body inside a 2xx, or "not understood" with what was sent.
    pub fn read<T: Readable>(&self, expected: &'static str) -> Result<T, ApiError> {
        if !self.ok() {
            return Err(ApiError::from_status(
                self.status,
                self.body,
                self.retry_after,
            ));
        }
        T::read(self.body).map_err(|e| match e {
            Unread::Error(body) => ApiError::in_success(body),
            Unread::Why(why) => self.malformed(expected, why),
        })
    }

    /// A delete's answer: any 2xx that is not an error body means the job is gone, an empty
    /// body and a 204 included.
    pub fn read_delete(&self) -> Result<Deleted, ApiError> {
        if self.ok() && self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Deleted::default());
        }
        self.read("the delete confirmation")
    }
}

fn hex4(b: &[u8]) -> Option<u16> {
    let s = std::str::from_utf8(b.get(..4)?).ok()?;
    u16::from_str_radix(s, 16).ok()
}

/// The body with every `\uXXXX` escape of an unpaired surrogate replaced by `\ufffd`, or
/// `None` when there is none (nothing to repair).
pub fn repair_lone_surrogates(body: &[u8]) -> Option<Vec<u8>> {
    // Copied only from the first lone surrogate on: most bodies have none.
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            i += 1;
            continue;
        }
        // An escape: `\\` and `\"` pass through whole, so `\\ud800` stays text.
        let Some(unit) = (body.get(i + 1) == Some(&b'u'))
            .then(|| hex4(&body[i + 2..]))
            .flatten()
        else {
            i += 2;
            continue;
        };
        let is_high = (0xD800..0xDC00).contains(&unit);
        let is_low = (0xDC00..0xE000).contains(&unit);
        let next_low = body.get(i + 6..i + 8) == Some(b"\\u")
            && hex4(&body[i + 8..]).is_some_and(|u| (0xDC00..0xE000).contains(&u));
        if is_high && next_low {
            i += 12;
        } else if is_high || is_low {
            let o = out.get_or_insert_with(|| Vec::with_capacity(body.len()));
            o.extend_from_slice(&body[copied..i]);
            o.extend_from_slice(b"\\ufffd");
            i += 6;
            copied = i;
        } else {
            i += 6;
        }
    }
    out.map(|mut o| {
        o.extend_from_slice(&body[copied.min(body.len())..]);
        o
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{JobsPage, ResultsPage};

    fn answer(status: u16, body: &[u8]) -> Answer<'_> {
        Answer {
            method: "GET",
            target: "/api/v2/jobs?request_id=AZ",
            status,
            content_type: Some("application/json"),
            retry_after: None,
            body,
        }
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let v: Value = parse(br#"{"a":"x\ud800y","b":"\udc00","c":"\ud83d\ude00"}"#).unwrap();
        assert_eq!(v["a"], "x\u{FFFD}y");
        assert_eq!(v["b"], "\u{FFFD}");
        assert_eq!(v["c"], "😀", "a real pair is kept");
    }

    #[test]
    fn escaped_backslashes_are_text_not_escapes() {
        assert_eq!(repair_lone_surrogates(br#"{"a":"\\ud800"}"#), None);
        let v: Value = parse(br#"{"a":"\\ud800"}"#).unwrap();
        assert_eq!(v["a"], "\\ud800");
        assert_eq!(repair_lone_surrogates(b"\\"), None);
        assert_eq!(repair_lone_surrogates(b"\\u12"), None);
    }

    #[test]
    fn an_answer_not_understood_keeps_the_request_and_the_bodys_start() {
        let body = format!("<html>{}</html>", "x".repeat(10_000));
        let err = answer(200, body.as_bytes())
            .read::<JobsPage>("the job list")
            .unwrap_err();
        let ApiError::Malformed { expected, sent, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*expected, "the job list");
        let sent = sent.as_deref().unwrap();
        assert_eq!(sent.target, "/api/v2/jobs?request_id=AZ");
        assert_eq!(sent.body.len(), Sent::KEPT);
        assert_eq!(sent.body_len, body.len());
        let report = sent.report();
        assert!(report.starts_with("GET /api/v2/jobs?request_id=AZ\nHTTP 200 · application/json · 10,013 bytes (the first 4,096 bytes shown)\n\n<html>xxx"), "{report}");
        // A multi-byte character across the cut is not split.
        let wide = "é".repeat(3000);
        let sent = Sent::new("GET", "/x", 200, None, wide.as_bytes());
        assert!(sent.body.chars().all(|c| c == 'é'));
        assert!(sent.report().contains("no Content-Type"));
        let empty = answer(200, b"")
            .read::<JobsPage>("the job list")
            .unwrap_err();
        assert!(empty.to_string().contains("the body is empty"), "{empty}");
        assert!(empty.sent().unwrap().report().ends_with("(empty body)"));
    }

    #[test]
    fn an_error_body_in_a_200_is_that_error() {
        let refused = br#"{"code":"070011101","title":"Unauthorized","detail":"Invalid or missing AuthToken."}"#;
        let err = answer(200, refused)
            .read::<JobsPage>("the job list")
            .unwrap_err();
        assert_eq!(err.kind(), "unauthorized");
        assert!(err.to_string().contains("Invalid or missing AuthToken."));
        for (body, kind) in [
            (&br#"{"error":{"code":"00000107","title":"Invalid Parameter","detail":"page must be a number"}}"#[..], "bad-request"),
            (br#"{"error":{"message":"Bad value for request_id","errorcode":4000}}"#, "bad-request"),
            (br#"{"ERROR_CODE":"070011106","ERROR_DESCRIPTION":"No permission"}"#, "forbidden"),
            (br#"{"error":{"code":70011104,"title":"Page Not Found","detail":"No such job"}}"#, "not-found"),
            (br#"{"code":"070011129","title":"Too Many Requests","detail":"slow down"}"#, "rate-limited"),
            (br#"{"error":"Internal error"}"#, "bad-request"),
        ] {
            let err = answer(200, body).read::<ResultsPage>("a page of hits").unwrap_err();
            assert_eq!(err.kind(), kind, "{}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn every_successful_delete_reply_is_a_delete() {
        let reference = br#"{"data":{"message":"Deleted hits for requestId [AZ]"}}"#;
        assert_eq!(
            answer(200, reference)
                .read_delete()
                .unwrap()
                .message
                .as_deref(),
            Some("Deleted hits for requestId [AZ]")
        );
        let v1 = br#"{"message":"deleted hits for for request_id [AZ]"}"#;
        assert_eq!(
            answer(200, v1).read_delete().unwrap().message.as_deref(),
            Some("deleted hits for for request_id [AZ]")
        );
        assert_eq!(answer(200, b"").read_delete(), Ok(Deleted::default()));
        assert_eq!(answer(204, b"").read_delete(), Ok(Deleted::default()));
        assert_eq!(
            answer(200, br#"{"status":"ok"}"#).read_delete(),
            Ok(Deleted::default())
        );
        // A login page in a 200 is not a delete; an error body in a 200 is that error.
        assert_eq!(
            answer(200, b"<html>Sign in</html>")
                .read_delete()
                .unwrap_err()
                .kind(),
            "malformed"
        );
        let refused = br#"{"code":"070011101","title":"Unauthorized","detail":"x"}"#;
        assert_eq!(
            answer(200, refused).read_delete().unwrap_err().kind(),
            "unauthorized"
        );
        assert_eq!(
            answer(404, b"").read_delete().unwrap_err().kind(),
            "not-found"
        );
    }
}
