//! The hits grid's logic: page maths, severity levels, sorting, the quick filter, field
//! summaries, and the column layout a user chose.

use crate::{columns, format, models::PAGE_SIZE, Hit};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::{cmp::Ordering, collections::HashMap};

/// Where a page sits in a job's results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageSpan {
    pub page: u64,
    /// Hits on this page.
    pub len: u64,
    /// Hits available in all (`meta.total_items`), when the server said.
    pub total: Option<u64>,
    /// The job's `total_pages`, when known.
    pub pages: Option<u64>,
    /// The page's `meta.next_page`, when the server sent one.
    pub next: Option<u64>,
}

impl PageSpan {
    /// The last page (at least 1), by the numbers: the job's `total_pages`, else the page's
    /// `total_items`; `next_page` only when the server gave neither. Paging and export stop
    /// here whatever `next_page` says.
    pub fn last_page(&self) -> u64 {
        match (self.pages, self.total, self.next) {
            (Some(p), _, _) => p.max(1),
            (None, Some(t), _) => t.div_ceil(PAGE_SIZE).max(1),
            (None, None, Some(n)) => n.max(self.page).max(1),
            (None, None, None) => self.page.max(1),
        }
    }

    /// Whether this page lies past the job's last one: an empty page after the first that the
    /// job's page count does not include (a server may answer such a page with an empty 200
    /// instead of a 404).
    pub fn past_end(&self) -> bool {
        self.len == 0 && self.page > 1 && self.pages.is_none_or(|p| self.page > p)
    }

    /// `Hits 1,001–1,958 of 1,958`, or `No hits on this page`.
    pub fn range_text(&self) -> String {
        if self.len == 0 {
            return "No hits on this page".to_owned();
        }
        let first = (self.page - 1) * PAGE_SIZE + 1;
        let last = first + self.len - 1;
        match self.total {
            Some(t) => format!(
                "Hits {}–{} of {}",
                format::count(first),
                format::count(last),
                format::count(t)
            ),
            None => format!("Hits {}–{}", format::count(first), format::count(last)),
        }
    }
}

/// A page number typed by a person, if it is one within `1..=last`.
pub fn jump_target(input: &str, last: u64) -> Option<u64> {
    let n: u64 = input.trim().replace([',', ' '], "").parse().ok()?;
    (1..=last).contains(&n).then_some(n)
}

/// Severity levels, most severe first, with the vendor's words and syslog's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Critical,
    Error,
    Warning,
    Notice,
    Information,
    Debug,
    Unknown,
}

impl Severity {
    pub fn parse(s: &str) -> Self {
        match s.trim().to_ascii_lowercase().as_str() {
            "emergency" | "emerg" | "alert" | "critical" | "crit" | "fatal" => Self::Critical,
            "error" | "err" | "failure" => Self::Error,
            "warning" | "warn" => Self::Warning,
            "notice" => Self::Notice,
            "information" | "informational" | "info" | "success" | "audit success" => {
                Self::Information
            }
            "debug" | "verbose" | "trace" => Self::Debug,
            _ => Self::Unknown,
        }
    }

    pub fn css_modifier(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Notice => "notice",
            Self::Information => "info",
            Self::Debug => "debug",
            Self::Unknown => "unknown",
        }
    }
}

pub use crate::columns::is_severity_column;

/// A value's sort key: numbers (and numeric strings, such as `Time` and `Event ID`) by value,
/// other text case-insensitively; missing values last either way.
pub(crate) fn sort_key(column: &str, v: Option<&Value>) -> (u8, f64, String) {
    match v {
        // Severities sort by level, most severe first when ascending.
        Some(Value::String(s)) if is_severity_column(column) => {
            (0, Severity::parse(s) as u8 as f64, s.to_lowercase())
        }
        None | Some(Value::Null) => (2, 0.0, String::new()),
        Some(Value::Number(n)) => (0, n.as_f64().unwrap_or(0.0), String::new()),
        Some(Value::String(s)) => match s.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => (0, n, String::new()),
            _ => (1, 0.0, s.to_lowercase()),
        },
        Some(other) => (1, 0.0, other.to_string()),
    }
}

/// The order of two [`sort_key`]s: by rank, number, then text; missing values stay last
/// whichever way the column sorts.
pub(crate) fn compare_keys(
    a: &(u8, f64, String),
    b: &(u8, f64, String),
    descending: bool,
) -> Ordering {
    let o =
        a.0.cmp(&b.0)
            .then_with(|| a.1.partial_cmp(&b.1).unwrap_or(Ordering::Equal))
            .then_with(|| a.2.cmp(&b.2));
    if descending && a.0 != 2 && b.0 != 2 {
        o.reverse()
    } else {
        o
    }
}

/// The positions of `hits` that match `filter`, sorted by `sort` (column, descending).
pub fn view(hits: &[Hit], filter: &str, sort: Option<(&str, bool)>) -> Vec<usize> {
    let needle = filter.trim().to_lowercase();
    let mut idx: Vec<usize> = (0..hits.len())
        .filter(|&i| needle.is_empty() || matches_filter(&hits[i], &needle))
        .collect();
    if let Some((col, descending)) = sort {
        let keys: HashMap<usize, (u8, f64, String)> = idx
            .iter()
            .map(|&i| (i, sort_key(col, hits[i].get(col))))
            .collect();
        idx.sort_by(|a, b| compare_keys(&keys[a], &keys[b], descending).then_with(|| a.cmp(b)));
    }
    idx
}

/// Whether any key or value of `hit` contains `needle` (already lower-case).
fn matches_filter(hit: &Hit, needle: &str) -> bool {
    hit.iter().any(|(k, v)| {
        k.to_lowercase().contains(needle)
            || match v {
                Value::String(s) => s.to_lowercase().contains(needle),
                Value::Null => false,
                other => other.to_string().to_lowercase().contains(needle),
            }
    })
}

/// The top values of one column on a page, as Kibana's field list shows them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FieldSummary {
    pub column: String,
    /// (value, count), most frequent first.
    pub top: Vec<(String, usize)>,
    pub distinct: usize,
    /// Hits without this key (or with null).
    pub missing: usize,
    pub total: usize,
}

pub fn summarize(hits: &[Hit], column: &str, top_n: usize) -> FieldSummary {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut missing = 0;
    for hit in hits {
        match hit.get(column) {
            None | Some(Value::Null) => missing += 1,
            Some(Value::String(s)) => *counts.entry(s.clone()).or_default() += 1,
            Some(v) => *counts.entry(v.to_string()).or_default() += 1,
        }
    }
    let distinct = counts.len();
    FieldSummary::ranked(
        column,
        counts.into_iter().collect(),
        distinct,
        missing,
        hits.len(),
        top_n,
    )
}

impl FieldSummary {
    /// A summary from (value, count) pairs: the `top_n` most frequent first, ties by value.
    pub(crate) fn ranked(
        column: &str,
        mut top: Vec<(String, usize)>,
        distinct: usize,
        missing: usize,
        total: usize,
        top_n: usize,
    ) -> Self {
        top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        top.truncate(top_n);
        Self {
            column: column.to_owned(),
            top,
            distinct,
            missing,
            total,
        }
    }
}

/// The columns a user chose for one log type: their order and which are hidden. Saved in the
/// browser (never with the token).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnLayout {
    pub order: Vec<String>,
    pub hidden: Vec<String>,
}

impl ColumnLayout {
    /// The columns to show for `discovered` keys: the saved order first (for keys still
    /// present), then new keys in the default order; hidden ones left out.
    pub fn visible(&self, discovered: &[String]) -> Vec<String> {
        self.arranged(discovered)
            .into_iter()
            .filter(|c| !self.hidden.contains(c))
            .collect()
    }

    /// Every discovered column in the user's order (hidden ones included), for the chooser.
    pub fn arranged(&self, discovered: &[String]) -> Vec<String> {
        let mut out: Vec<String> = self
            .order
            .iter()
            .filter(|c| discovered.contains(c))
            .cloned()
            .collect();
        out.extend(
            discovered
                .iter()
                .filter(|c| !self.order.contains(c))
                .cloned(),
        );
        out
    }

    pub fn toggle(&mut self, column: &str) {
        if let Some(i) = self.hidden.iter().position(|c| c == column) {
            self.hidden.remove(i);
        } else {
            self.hidden.push(column.to_owned());
        }
    }

    /// Moves `column` one place earlier (`-1`) or later (`1`) among `discovered`.
    pub fn shift(&mut self, discovered: &[String], column: &str, by: isize) {
        let mut order = self.arranged(discovered);
        if let Some(i) = order.iter().position(|c| c == column) {
            let j = i as isize + by;
            if (0..order.len() as isize).contains(&j) {
                order.swap(i, j as usize);
            }
        }
        self.order = order;
    }
}

/// What a page's hits are, for remembering column layouts: their log types, sorted and joined
/// (`Firewall+Windows`), or `unknown`.
pub fn log_type_key(hits: &[Hit]) -> String {
    let mut types: Vec<&str> = hits
        .iter()
        .filter_map(|h| h.get("LogType").or_else(|| h.get("LOGTYPE")))
        .filter_map(Value::as_str)
        .collect();
    types.sort_unstable();
    types.dedup();
    if types.is_empty() {
        "unknown".to_owned()
    } else {
        types.join("+")
    }
}

/// A page's column widths (kept in `widths`, named here for the grid).
pub use crate::widths::{cell_spare_px, column_widths, text_room, CELL_PADDING_PX, COLUMN_PX};

/// The discovered columns of a page (re-exported here for the grid).
pub fn discovered(hits: &[Hit]) -> Vec<String> {
    columns::columns(hits)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// A page's hits from a JSON list of objects.
    pub(crate) fn hits(v: Value) -> Vec<Hit> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_object().unwrap().clone())
            .collect()
    }

    #[test]
    fn page_spans_read_like_a_person_would_say_them() {
        let span = |page, len, total| PageSpan {
            page,
            len,
            total,
            ..PageSpan::default()
        };
        let s = span(2, 958, Some(1958));
        assert_eq!(s.range_text(), "Hits 1,001–1,958 of 1,958");
        assert_eq!(s.last_page(), 2);
        assert_eq!(span(1, 0, Some(0)).range_text(), "No hits on this page");
        assert_eq!(span(1, 0, Some(0)).last_page(), 1);
        assert_eq!(span(100, 1000, Some(100_000)).last_page(), 100);
        assert_eq!(span(3, 10, None).range_text(), "Hits 2,001–2,010");
    }

    #[test]
    fn paging_goes_by_the_numbers_whatever_next_page_says() {
        let page = |pages, total, next| PageSpan {
            page: 2,
            len: 1000,
            total,
            pages,
            next,
        };
        assert_eq!(
            page(Some(2), Some(9_000), Some(3)).last_page(),
            2,
            "total_pages wins"
        );
        assert_eq!(
            page(None, Some(2_500), Some(9)).last_page(),
            3,
            "then total_items"
        );
        assert_eq!(
            page(None, None, Some(3)).last_page(),
            3,
            "next_page only alone"
        );
        assert_eq!(page(None, None, None).last_page(), 2);
        assert_eq!(page(Some(0), None, None).last_page(), 1);
    }

    #[test]
    fn an_empty_page_after_the_last_is_past_the_end() {
        let empty = |page, pages| PageSpan {
            page,
            pages,
            ..PageSpan::default()
        };
        assert!(empty(3, Some(2)).past_end());
        assert!(
            empty(3, None).past_end(),
            "an empty page after the first, count unknown"
        );
        assert!(
            !empty(2, Some(2)).past_end(),
            "an empty page the job counts"
        );
        assert!(
            !empty(1, Some(0)).past_end(),
            "a job without hits has one empty page"
        );
        assert!(!PageSpan {
            len: 5,
            ..empty(3, Some(2))
        }
        .past_end());
    }

    #[test]
    fn jumps_accept_only_pages_that_exist() {
        assert_eq!(jump_target("42", 100), Some(42));
        assert_eq!(jump_target(" 1,00 ", 100), Some(100));
        assert_eq!(jump_target("0", 100), None);
        assert_eq!(jump_target("101", 100), None);
        assert_eq!(jump_target("abc", 100), None);
    }

    #[test]
    fn severities_map_vendor_and_syslog_words() {
        assert_eq!(Severity::parse("warning"), Severity::Warning);
        assert_eq!(Severity::parse("CRITICAL"), Severity::Critical);
        assert_eq!(Severity::parse("emerg"), Severity::Critical);
        assert_eq!(Severity::parse("information"), Severity::Information);
        assert_eq!(Severity::parse("weird"), Severity::Unknown);
        assert!(is_severity_column("COMMON_SEVERITY"));
        assert!(!is_severity_column("Source"));
    }

    #[test]
    fn sorting_is_numeric_for_numbers_and_keeps_missing_last() {
        let h = hits(json!([
            {"Event ID": "10", "n": 3}, {"Event ID": "9"}, {"Event ID": "100", "n": 1}, {"n": 2}
        ]));
        assert_eq!(view(&h, "", Some(("Event ID", false))), [1, 0, 2, 3]);
        assert_eq!(view(&h, "", Some(("Event ID", true))), [2, 0, 1, 3]);
        assert_eq!(view(&h, "", Some(("n", true))), [0, 3, 2, 1]);
        assert_eq!(view(&h, "", None), [0, 1, 2, 3]);
    }

    #[test]
    fn severities_sort_by_level_not_alphabet() {
        let h = hits(json!([
            {"Severity": "information"}, {"Severity": "critical"}, {"Severity": "warning"}, {"Severity": "error"}
        ]));
        assert_eq!(view(&h, "", Some(("Severity", false))), [1, 3, 2, 0]);
        assert_eq!(view(&h, "", Some(("Severity", true))), [0, 2, 3, 1]);
    }

    #[test]
    fn the_quick_filter_searches_every_field_case_insensitively() {
        let h = hits(json!([
            {"Device": "WEB-01", "Message": "ok"}, {"Device": "db", "Code": 404}, {"x": null}
        ]));
        assert_eq!(view(&h, "web", None), [0]);
        assert_eq!(view(&h, "404", None), [1]);
        assert_eq!(view(&h, "device", None), [0, 1]);
        assert_eq!(view(&h, "null", None), Vec::<usize>::new());
    }

    #[test]
    fn field_summaries_count_top_values_and_missing() {
        let h = hits(json!([
            {"Severity": "warning"}, {"Severity": "error"}, {"Severity": "warning"}, {"Other": 1}
        ]));
        let s = summarize(&h, "Severity", 5);
        assert_eq!(s.top, [("warning".to_owned(), 2), ("error".to_owned(), 1)]);
        assert_eq!((s.distinct, s.missing, s.total), (2, 1, 4));
        assert_eq!(summarize(&h, "Severity", 1).top.len(), 1);
    }

    #[test]
    fn a_saved_layout_keeps_its_order_and_takes_in_new_columns() {
        let found: Vec<String> = ["Time", "Severity", "Device", "Source"]
            .map(String::from)
            .to_vec();
        let mut layout = ColumnLayout::default();
        assert_eq!(layout.visible(&found), found);
        layout.toggle("Severity");
        layout.shift(&found, "Source", -1);
        assert_eq!(layout.visible(&found), ["Time", "Source", "Device"]);
        assert_eq!(
            layout.arranged(&found),
            ["Time", "Severity", "Source", "Device"]
        );
        layout.shift(&found, "Time", -1);
        assert_eq!(
            layout.arranged(&found)[0],
            "Time",
            "cannot move before the first"
        );
        let more: Vec<String> = ["Time", "Device", "Source", "New"]
            .map(String::from)
            .to_vec();
        assert_eq!(layout.visible(&more), ["Time", "Source", "Device", "New"]);
        layout.toggle("Severity");
        assert!(layout.hidden.is_empty());
        let json = serde_json::to_string(&layout).unwrap();
        assert_eq!(serde_json::from_str::<ColumnLayout>(&json).unwrap(), layout);
    }

    #[test]
    fn layouts_are_remembered_per_log_type() {
        let h =
            hits(json!([{"LogType": "Windows"}, {"LogType": "Firewall"}, {"LogType": "Windows"}]));
        assert_eq!(log_type_key(&h), "Firewall+Windows");
        let s = hits(json!([{"LOGTYPE": "Unix"}]));
        assert_eq!(log_type_key(&s), "Unix");
        assert_eq!(log_type_key(&[]), "unknown");
    }
}
