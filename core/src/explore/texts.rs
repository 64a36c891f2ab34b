//! The explorer's data-dependent sentences: how many hits match, what a filter chip says, the
//! histogram's axis and bars.

use super::{Condition, Histogram};
use crate::{
    format::{count, count_of, date_time},
    hits::Severity,
    texts::top_value,
    value::visible,
};

/// "1,234 of 100,000 hits match" (or "All 100,000 hits" with no filter).
pub fn matching(matched: usize, total: usize, filtered: bool) -> String {
    if filtered {
        format!(
            "{} of {} match",
            count(matched as u64),
            count_of(total as u64, "hit", "hits")
        )
    } else {
        format!("All {}", count_of(total as u64, "hit", "hits"))
    }
}

/// A condition as its chip shows it: `Severity = error`, `Host ≠ fw-01`; a time field's value
/// as a date.
pub fn chip(c: &Condition, offset_minutes: i32) -> String {
    let value = top_value(&c.field, &c.value, offset_minutes);
    let value = if c.value.is_empty() {
        "(empty)".to_owned()
    } else {
        value
    };
    format!(
        "{} {} {}",
        visible(&c.field),
        if c.negate { "≠" } else { "=" },
        visible(&value)
    )
}

/// A time range as its chip shows it: `Time 2026-12-01 10:00:00 – 10:05:00`.
pub fn time_chip(from: i64, to: i64, offset_minutes: i32) -> String {
    let a = date_time(from, offset_minutes);
    let b = date_time(to, offset_minutes);
    // The same day is said once.
    let b = match (a.split_once(' '), b.split_once(' ')) {
        (Some((da, _)), Some((db, tb))) if da == db => tb.to_owned(),
        _ => b,
    };
    format!("Time {a} – {b}")
}

/// An axis label at `ms` for buckets of `bucket_ms`: dates for days, minutes for minutes,
/// seconds below.
pub fn axis_label(ms: i64, bucket_ms: i64, offset_minutes: i32) -> String {
    let full = date_time(ms, offset_minutes);
    match bucket_ms {
        b if b >= 86_400_000 => full[..10].to_owned(),
        b if b >= 60_000 => full[5..16].to_owned(),
        _ => full[11..].to_owned(),
    }
}

/// How long one bucket is, in words: "5 min", "1 h", "30 s", "1 day".
pub fn bucket_words(bucket_ms: i64) -> String {
    match bucket_ms {
        b if b >= 86_400_000 => count_of((b / 86_400_000) as u64, "day", "days"),
        b if b >= 3_600_000 => format!("{} h", b / 3_600_000),
        b if b >= 60_000 => format!("{} min", b / 60_000),
        b => format!("{} s", b / 1000),
    }
}

/// What a bar says to a screen reader and in its tooltip: "2026-12-01 10:05:00, 5 min:
/// 1,204 hits (3 error, 1,201 info)".
pub fn bar(h: &Histogram, bucket: usize, offset_minutes: i32) -> String {
    let Some(counts) = h.counts.get(bucket) else {
        return String::new();
    };
    let total: u32 = counts.iter().sum();
    let parts: Vec<String> = counts
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(s, &n)| format!("{} {}", count(u64::from(n)), severity_name(s)))
        .collect();
    let start = h.from + bucket as i64 * h.bucket_ms;
    let mut out = format!(
        "{}, {}: {}",
        date_time(start, offset_minutes),
        bucket_words(h.bucket_ms),
        count_of(u64::from(total), "hit", "hits")
    );
    if !parts.is_empty() {
        out.push_str(&format!(" ({})", parts.join(", ")));
    }
    out
}

/// The word for severity level `s` (`Severity as usize`).
pub fn severity_name(s: usize) -> &'static str {
    SEVERITY_ORDER
        .get(s)
        .map_or("unknown", |sev| sev.css_modifier())
}

const SEVERITY_ORDER: [Severity; super::SEVERITIES] = [
    Severity::Critical,
    Severity::Error,
    Severity::Warning,
    Severity::Notice,
    Severity::Information,
    Severity::Debug,
    Severity::Unknown,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_read_well() {
        assert_eq!(matching(1234, 100_000, true), "1,234 of 100,000 hits match");
        assert_eq!(matching(5, 5, false), "All 5 hits");
        let c = Condition {
            field: "Time".into(),
            value: "1747640177921".into(),
            negate: true,
        };
        assert_eq!(chip(&c, 0), "Time ≠ 2025-05-19 07:36:17");
        assert_eq!(
            time_chip(1_747_640_177_921, 1_747_640_477_921, 0),
            "Time 2025-05-19 07:36:17 – 07:41:17"
        );
        assert_eq!(axis_label(1_747_640_177_921, 300_000, 0), "05-19 07:36");
        assert_eq!(axis_label(1_747_640_177_921, 1000, 0), "07:36:17");
        assert_eq!(axis_label(1_747_640_177_921, 86_400_000, 0), "2025-05-19");
        let h = Histogram {
            from: 1_747_640_100_000,
            bucket_ms: 300_000,
            counts: vec![[0, 3, 0, 0, 1201, 0, 0]],
        };
        assert_eq!(
            bar(&h, 0, 0),
            "2025-05-19 07:35:00, 5 min: 1,204 hits (3 error, 1,201 info)"
        );
        for (i, sev) in SEVERITY_ORDER.iter().enumerate() {
            assert_eq!(*sev as usize, i);
        }
    }
}
