//! Which columns a page of hits gets, and how a cell reads.

use crate::Hit;

/// Where a key goes: time first, then severity, device, source, event id, message-like
/// fields; every other key keeps the order it was first seen in.
fn rank(key: &str) -> u8 {
    match key.to_ascii_lowercase().replace([' ', '_'], "").as_str() {
        "time" => 0,
        "severity" | "commonseverity" => 1,
        "device" | "hostname" => 2,
        "logtype" => 3,
        "source" | "sourceip" => 4,
        "eventid" => 5,
        "message" => 6,
        _ => 7,
    }
}

/// The union of the keys of `hits`, in display order.
pub fn columns(hits: &[Hit]) -> Vec<String> {
    // A set for the membership test: a page is 1000 hits of a dozen keys each.
    let mut known: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut seen: Vec<String> = Vec::new();
    for hit in hits {
        for key in hit.keys() {
            if known.insert(key.as_str()) {
                seen.push(key.clone());
            }
        }
    }
    // A stable sort keeps first-seen order within a rank.
    seen.sort_by_key(|k| rank(k));
    seen
}

/// Whether a column holds a severity (`Severity`, `COMMON_SEVERITY`).
pub fn is_severity_column(key: &str) -> bool {
    rank(key) == 1
}

/// Whether a column holds epoch milliseconds (the API's `Time`, as a string).
pub fn is_time_column(key: &str) -> bool {
    rank(key) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use serde_json::Value;

    fn hit(v: Value) -> Hit {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn the_reference_hit_reads_time_first() {
        let page: crate::ResultsPage =
            serde_json::from_str(include_str!("../../contract/results.json")).unwrap();
        let cols = columns(&page.hits);
        assert_eq!(
            cols,
            [
                "Time",
                "Severity",
                "Device",
                "LogType",
                "Source",
                "Event ID",
                "Type",
                "OS Category",
                "DisplayName",
                "UUID"
            ]
        );
    }

    #[test]
    fn columns_are_the_union_of_keys_across_hits() {
        let hits = [
            hit(json!({"a": 1, "TIME": "0"})),
            hit(json!({"b": 2, "a": 3})),
        ];
        assert_eq!(columns(&hits), ["TIME", "a", "b"]);
    }
}
