//! Export encoders: CSV (RFC 4180 quoting, with formula injection defused) and NDJSON.

use crate::{format::count_of, value::text, ApiError, Hit, RequestId, ResponseType};
use serde_json::Value;

/// One CSV field: quoted when it holds a comma, a quote, a line break or leading/trailing
/// space; a value a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is
/// prefixed with `'` so it stays text.
pub fn csv_field(value: &str) -> String {
    let defused;
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        defused = format!("'{value}");
        defused.as_str()
    } else {
        value
    };
    let needs_quotes =
        value.contains([',', '"', '\n', '\r']) || value.starts_with(' ') || value.ends_with(' ');
    if needs_quotes {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// One CSV record, ending in CRLF.
pub fn csv_record<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut line = fields
        .into_iter()
        .map(csv_field)
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// The CSV of some hits under `columns` (a header record first when `header`). Values read as
/// on screen ([`crate::value::text`]) but raw: times stay epoch milliseconds, as the server sent
/// them, and deceptive characters stay as sent; `null` and a missing key are empty cells.
pub fn csv(hits: &[Hit], columns: &[String], header: bool) -> String {
    let mut out = String::new();
    if header {
        out.push_str(&csv_record(columns.iter().map(String::as_str)));
    }
    for hit in hits {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| match hit.get(c) {
                None | Some(Value::Null) => String::new(),
                Some(v) => text(v).into_owned(),
            })
            .collect();
        out.push_str(&csv_record(cells.iter().map(String::as_str)));
    }
    out
}

/// Newline-delimited JSON: one hit per line, exactly as the server sent it.
pub fn ndjson(hits: &[Hit]) -> String {
    let mut out = String::new();
    for hit in hits {
        out.push_str(&serde_json::to_string(hit).expect("a map of JSON values serialises"));
        out.push('\n');
    }
    out
}

/// Parses CSV back into records (for tests and checks: what a spreadsheet would read).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// Minutes an export of `pages` pages takes at `per_minute` requests a minute (rounded up).
pub fn estimate_minutes(pages: u64, per_minute: u32) -> u64 {
    pages.div_ceil(u64::from(per_minute.max(1)))
}

/// The name an export is saved under: `joblens-ID-page-3.csv`, `joblens-ID-pages-1-2.ndjson`.
/// The id keeps only letters, digits, `-` and `_` (anything else becomes `_`): a request id
/// comes from the server, and a name must not hide its real extension behind a bidirectional
/// override or reach outside the download folder.
pub fn file_name(id: &str, first: u64, last: u64, extension: &str) -> String {
    let id = clean_id(id);
    let which = if first == last {
        format!("page-{first}")
    } else {
        format!("pages-{first}-{last}")
    };
    format!("joblens-{id}-{which}.{extension}")
}

/// The name an export of a whole job's matching hits is saved under: `joblens-ID-matches.csv`
/// (the id cleaned as [`file_name`] does).
pub fn matches_file_name(id: &str, extension: &str) -> String {
    format!("joblens-{}-matches.{extension}", clean_id(id))
}

fn clean_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// An export's file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Ndjson,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Ndjson => "ndjson",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Csv => "text/csv;charset=utf-8",
            Self::Ndjson => "application/x-ndjson",
        }
    }

    /// One page's part of the file (a CSV's header goes with the first).
    pub fn encode(self, hits: &[Hit], columns: &[String], first: bool) -> String {
        match self {
            Self::Csv => csv(hits, columns, first),
            Self::Ndjson => ndjson(hits),
        }
    }
}

/// What to export: pages `first..=last` of a job, in one format and kind of field names.
#[derive(Clone, Debug)]
pub struct Export {
    pub id: RequestId,
    pub first: u64,
    pub last: u64,
    pub format: Format,
    /// CSV columns (NDJSON keeps every field).
    pub columns: Vec<String>,
    pub response_type: ResponseType,
}

impl Export {
    pub fn pages(&self) -> u64 {
        self.last + 1 - self.first
    }

    pub fn file_name(&self) -> String {
        file_name(
            self.id.as_str(),
            self.first,
            self.last,
            self.format.extension(),
        )
    }
}

/// Why an export saved nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportError {
    Cancelled { done: u64, total: u64 },
    Failed { page: u64, error: ApiError },
    Browser(String),
}

impl ExportError {
    /// What a failed export says before the error that stopped it.
    pub fn stopped_at(page: u64) -> String {
        format!("Export stopped at page {page}; nothing was saved.")
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Cancelled { done, total } => write!(
                f,
                "Export cancelled after {done} of {}. Nothing was saved.",
                count_of(*total, "page", "pages")
            ),
            Self::Failed { page, error } => write!(f, "{} {error}", Self::stopped_at(*page)),
            Self::Browser(why) => write!(f, "The browser could not save the file: {why}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn file_names_name_the_pages_and_keep_only_safe_characters() {
        assert_eq!(
            file_name("AZbne-x_1", 3, 3, "csv"),
            "joblens-AZbne-x_1-page-3.csv"
        );
        assert_eq!(
            file_name("AZ", 1, 2, "ndjson"),
            "joblens-AZ-pages-1-2.ndjson"
        );
        assert_eq!(
            file_name("\u{202E}vsc.exe", 1, 1, "csv"),
            "joblens-_vsc_exe-page-1.csv"
        );
        assert_eq!(
            file_name("../../etc/x", 1, 1, "csv"),
            "joblens-______etc_x-page-1.csv"
        );
        assert_eq!(
            matches_file_name("../AZ\u{202E}", "ndjson"),
            "joblens-___AZ_-matches.ndjson"
        );
    }

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field(" padded"), "\" padded\"");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("+cmd"), "'+cmd");
        assert_eq!(csv_field("-2"), "'-2");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(
            csv_field("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        assert_eq!(csv_field("a=b"), "a=b");
    }

    #[test]
    fn csv_round_trips_through_a_parser() {
        let hit: Hit = json!({
            "Time": "1747735585000", "Message": "a, \"quoted\"\nline", "Count": 3,
            "Null": null, "Flag": true
        })
        .as_object()
        .unwrap()
        .clone();
        let cols: Vec<String> = ["Time", "Message", "Count", "Null", "Flag", "Missing"]
            .map(String::from)
            .to_vec();
        let text = csv(&[hit], &cols, true);
        let records = parse_csv(&text);
        assert_eq!(records[0], cols);
        assert_eq!(
            records[1],
            ["1747735585000", "a, \"quoted\"\nline", "3", "", "true", ""]
        );
        assert!(text.ends_with("\r\n"));
    }

    #[test]
    fn ndjson_is_one_hit_a_line_in_the_servers_key_order() {
        let hits: Vec<Hit> = vec![
            json!({"b": 1, "a": "x\ny"}).as_object().unwrap().clone(),
            json!({"c": null}).as_object().unwrap().clone(),
        ];
        assert_eq!(ndjson(&hits), "{\"b\":1,\"a\":\"x\\ny\"}\n{\"c\":null}\n");
    }

    #[test]
    fn export_estimates_follow_the_budget() {
        assert_eq!(estimate_minutes(100, 50), 2);
        assert_eq!(estimate_minutes(1, 50), 1);
        assert_eq!(estimate_minutes(0, 50), 0);
    }

    #[test]
    fn an_export_names_its_file_and_says_why_it_stopped() {
        let export = Export {
            id: RequestId("AZ/1".into()),
            first: 2,
            last: 4,
            format: Format::Ndjson,
            columns: vec![],
            response_type: ResponseType::default(),
        };
        assert_eq!(export.pages(), 3);
        assert!(
            export.file_name().ends_with(".ndjson"),
            "{}",
            export.file_name()
        );
        assert!(!export.file_name().contains('/'));
        let cancelled = ExportError::Cancelled { done: 1, total: 3 };
        assert_eq!(
            cancelled.to_string(),
            "Export cancelled after 1 of 3 pages. Nothing was saved."
        );
        let failed = ExportError::Failed {
            page: 2,
            error: ApiError::Timeout { after_ms: 30_000 },
        };
        assert!(failed
            .to_string()
            .starts_with("Export stopped at page 2; nothing was saved. "));
    }
}
