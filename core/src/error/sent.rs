//! What was sent and answered when an answer was not understood, kept for the user to report.

use crate::format;

/// What a server sent that Joblens could not understand, kept so a user can report it: the
/// request (method, path and query: never a header, so never the token) and the answer's start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub method: &'static str,
    /// Path and query, as asked (`/api/v2/jobs?request_id=…`).
    pub target: String,
    pub status: u16,
    pub content_type: Option<String>,
    /// The body's first [`Sent::KEPT`] bytes, as text.
    pub body: String,
    /// The body's whole length in bytes.
    pub body_len: usize,
}

impl Sent {
    /// How much of a body is kept.
    pub const KEPT: usize = 4096;

    pub fn new(
        method: &'static str,
        target: &str,
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Self {
        let mut end = body.len().min(Self::KEPT);
        // Cut on a character boundary when the body is text.
        while end > 0 && end < body.len() && (body[end] & 0xC0) == 0x80 {
            end -= 1;
        }
        Self {
            method,
            target: target.to_owned(),
            status,
            content_type: content_type.map(str::to_owned),
            body: String::from_utf8_lossy(&body[..end]).into_owned(),
            body_len: body.len(),
        }
    }

    /// The report a user copies: the request, the answer's status and type, the body's start.
    pub fn report(&self) -> String {
        let kept = if self.body_len > self.body.len() {
            format!(
                " (the first {} shown)",
                format::count_of(self.body.len() as u64, "byte", "bytes")
            )
        } else {
            String::new()
        };
        format!(
            "{} {}\nHTTP {} · {} · {}{kept}\n\n{}",
            self.method,
            self.target,
            self.status,
            self.content_type.as_deref().unwrap_or("no Content-Type"),
            format::count_of(self.body_len as u64, "byte", "bytes"),
            if self.body.is_empty() {
                "(empty body)"
            } else {
                &self.body
            },
        )
    }
}
