//! JSON values as a person reads them: one `value → text` rule, characters that could deceive
//! the reader made visible, and lenient readers for numbers and text a server may send in
//! another JSON type than the reference page shows.

use serde_json::Value;
use std::borrow::Cow;

/// A value as text: a string as it is, anything else as its JSON (`true`, `1.5`, `null`,
/// `{"a":1}`). Exports use this too, so a value reads the same on screen and in a file.
pub fn text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_string()),
    }
}

/// Whether `c` changes how text around it reads while being invisible itself: bidirectional
/// overrides, embeddings, isolates and marks, zero-width and other format characters, blank
/// fillers that can make an id look empty, line and paragraph separators, and control
/// characters other than tab and line breaks. (Variation selectors stay: emoji need them.)
fn deceptive(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{180e}'
        | '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{3164}' | '\u{feff}' | '\u{ffa0}' | '\u{fff9}'..='\u{fffb}'
        | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e007f}')
}

/// Zero-width (non-)joiners shape the letters of many scripts and join emoji; beside ASCII,
/// or at either end of the text, they join nothing and only make two strings look alike.
fn stray_joiner(prev: Option<char>, c: char, next: Option<char>) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}')
        && (prev.is_none_or(|p| p.is_ascii()) || next.is_none_or(|n| n.is_ascii()))
}

/// `s` with every character that could make it read as something else shown as a marked
/// escape (`⟨U+202E⟩`), so `"\u{202E}evil"` can never read as "live". Ordinary text (all of it,
/// almost always) comes back borrowed.
pub fn visible(s: &str) -> Cow<'_, str> {
    let plain = |b: &u8| (0x20..0x7f).contains(b) || matches!(b, b'\t' | b'\n' | b'\r');
    if s.bytes().all(|b| plain(&b)) {
        return Cow::Borrowed(s);
    }
    let mut out: Option<String> = None;
    let mut prev = None;
    let mut chars = s.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if deceptive(c) || stray_joiner(prev, c, next) {
            out.get_or_insert_with(|| s[..at].to_owned())
                .push_str(&format!("⟨U+{:04X}⟩", c as u32));
        } else if let Some(out) = &mut out {
            out.push(c);
        }
        prev = Some(c);
    }
    out.map_or(Cow::Borrowed(s), Cow::Owned)
}

/// Whether two keys name the same field once case, `_`, `-` and spaces are set aside:
/// `requestId`, `request_id` and `REQUEST ID` alike.
pub fn same_key(a: &str, b: &str) -> bool {
    let fold = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, '_' | ' ' | '-'))
            .map(|c| c.to_ascii_lowercase())
            .collect::<Vec<_>>()
    };
    a.len().abs_diff(b.len()) < 8 && fold(a) == fold(b)
}

/// A count a server may send as a number (`372`, `372.0`) or as text (`"372"`); `None` for
/// anything else, negative or fractional.
pub fn uint(value: &Value) -> Option<u64> {
    int(value).and_then(|n| u64::try_from(n).ok())
}

/// A signed whole number (epoch milliseconds) as a number or as text; `None` otherwise.
pub fn int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
                .map(|f| f as i64)
        }),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<i64>()
                .ok()
                .or_else(|| int(&Value::from(s.parse::<f64>().ok()?)))
        }
        _ => None,
    }
}

/// Text a server may send as a string or a number (an id such as `12345`); `None` for
/// anything else.
pub fn string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_value_reads_as_text() {
        assert_eq!(text(&json!("a b")), "a b");
        assert_eq!(text(&json!(true)), "true");
        assert_eq!(text(&json!(null)), "null");
        assert_eq!(text(&json!(1.5)), "1.5");
        assert_eq!(text(&json!({"a":[1,"x"]})), r#"{"a":[1,"x"]}"#);
        assert!(matches!(text(&json!("s")), Cow::Borrowed(_)));
    }

    #[test]
    fn bidi_controls_and_invisible_characters_become_visible() {
        assert_eq!(visible("\u{202E}evil"), "⟨U+202E⟩evil");
        assert_eq!(visible("a\u{2066}b\u{2069}"), "a⟨U+2066⟩b⟨U+2069⟩");
        assert_eq!(visible("zero\u{200B}width"), "zero⟨U+200B⟩width");
        assert_eq!(visible("\u{FEFF}x\u{AD}"), "⟨U+FEFF⟩x⟨U+00AD⟩");
        assert_eq!(visible("bell\u{7}"), "bell⟨U+0007⟩");
        assert_eq!(visible("tag\u{E0041}"), "tag⟨U+E0041⟩");
        assert_eq!(
            visible("\u{3164}"),
            "⟨U+3164⟩",
            "a Hangul filler looks blank"
        );
        assert_eq!(visible("a\u{2028}b"), "a⟨U+2028⟩b");
        assert_eq!(
            visible("❤\u{FE0F}"),
            "❤\u{FE0F}",
            "emoji keep their variation selector"
        );
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{2067}', '\u{2068}', '\u{200E}',
            '\u{200F}', '\u{61C}',
        ] {
            let s = format!("x{c}y");
            assert!(visible(&s).contains("⟨U+"), "{:04X}", c as u32);
        }
    }

    #[test]
    fn ordinary_text_is_left_alone_and_borrowed() {
        for s in [
            "plain",
            "tab\there\nand lines",
            "Zürich — 東京 😀",
            "مرحبا",
            "",
        ] {
            assert!(matches!(visible(s), Cow::Borrowed(_)), "{s}");
        }
    }

    #[test]
    fn joiners_stay_where_they_join_and_show_where_they_only_disguise() {
        // A family emoji and a Persian word keep their joiners.
        let family = "👩\u{200D}👩\u{200D}👧";
        assert_eq!(visible(family), family);
        let persian = "می\u{200C}خواهم";
        assert_eq!(visible(persian), persian);
        // Between ASCII letters, or at an end, a joiner only makes two ids look alike.
        assert_eq!(visible("li\u{200D}ve"), "li⟨U+200D⟩ve");
        assert_eq!(visible("\u{200C}live"), "⟨U+200C⟩live");
    }

    #[test]
    fn keys_match_whatever_their_case_and_separators() {
        for k in ["request_id", "requestId", "REQUEST ID", "Request-Id"] {
            assert!(same_key(k, "request_id"), "{k}");
        }
        assert!(!same_key("request", "request_id"));
        assert!(!same_key("running_time", "running_time_millis"));
    }

    #[test]
    fn numbers_are_read_from_numbers_and_text() {
        assert_eq!(uint(&json!(372)), Some(372));
        assert_eq!(uint(&json!("372")), Some(372));
        assert_eq!(uint(&json!(" 372 ")), Some(372));
        assert_eq!(uint(&json!(372.0)), Some(372));
        assert_eq!(uint(&json!("372.0")), Some(372));
        for bad in [
            json!(-1),
            json!(1.5),
            json!("x"),
            json!(""),
            json!(null),
            json!(true),
            json!([1]),
            json!("1e400"),
        ] {
            assert_eq!(uint(&bad), None, "{bad}");
        }
        assert_eq!(int(&json!("1747640177921")), Some(1_747_640_177_921));
        assert_eq!(int(&json!(-5)), Some(-5));
        assert_eq!(int(&json!(1.747640177921e12)), Some(1_747_640_177_921));
        assert_eq!(int(&json!({})), None);
        assert_eq!(string(&json!(12345)), Some("12345".into()));
        assert_eq!(string(&json!("AZ")), Some("AZ".into()));
        assert_eq!(string(&json!(null)), None);
    }
}
