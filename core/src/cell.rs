//! What one hits-grid cell shows for a value: that the field is missing, `null`, a number, a
//! time in the chosen zone, a severity, or text with deceptive characters made visible and cut
//! at [`CELL_CHARS`] characters (the hit's detail shows it whole).

use crate::{
    format::date_time,
    hits::Severity,
    value::{self, visible},
};
use serde_json::Value;

/// Longer values are cut in the cell.
pub const CELL_CHARS: usize = 300;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    /// The hit lacks the field.
    Missing,
    Null,
    Number,
    Time,
    Severity(Severity),
    Text,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellText {
    pub kind: CellKind,
    pub text: String,
}

/// What a cell shows for `value` in a column of times (`time`) or severities (`severity`),
/// times read in the zone `offset_minutes` east of UTC.
pub fn cell_text(
    value: Option<&Value>,
    time: bool,
    severity: bool,
    offset_minutes: i32,
) -> CellText {
    let shown = |kind, text| CellText { kind, text };
    match value {
        None => shown(CellKind::Missing, "—".to_owned()),
        Some(Value::Null) => shown(CellKind::Null, "null".to_owned()),
        Some(Value::Number(n)) if !time => shown(CellKind::Number, n.to_string()),
        Some(v) => {
            if let Some(ms) = value::int(v).filter(|_| time) {
                return shown(CellKind::Time, date_time(ms, offset_minutes));
            }
            let raw = value::text(v);
            if severity {
                let level = Severity::parse(&raw);
                return shown(CellKind::Severity(level), visible(&raw).into_owned());
            }
            // Cut before escaping, so an escape is never cut in half.
            if raw.chars().count() > CELL_CHARS {
                let cut: String = raw.chars().take(CELL_CHARS).collect();
                return shown(CellKind::Text, format!("{}…", visible(&cut)));
            }
            shown(CellKind::Text, visible(&raw).into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(v: Option<Value>, time: bool, severity: bool) -> (CellKind, String) {
        let c = cell_text(v.as_ref(), time, severity, 0);
        (c.kind, c.text)
    }

    #[test]
    fn missing_differs_from_null_and_numbers_read_as_numbers() {
        assert_eq!(text(None, false, false), (CellKind::Missing, "—".into()));
        assert_eq!(
            text(Some(json!(null)), false, false),
            (CellKind::Null, "null".into())
        );
        assert_eq!(
            text(Some(json!(1.5)), false, false),
            (CellKind::Number, "1.5".into())
        );
        assert_eq!(
            text(Some(json!(true)), false, false),
            (CellKind::Text, "true".into())
        );
        assert_eq!(
            text(Some(json!({"a": [1]})), false, false),
            (CellKind::Text, r#"{"a":[1]}"#.into())
        );
    }

    #[test]
    fn times_read_in_the_zone_and_other_values_in_a_time_column_stay_text() {
        let t = cell_text(Some(&json!("1747735585000")), true, false, 120);
        assert_eq!(
            (t.kind, t.text.as_str()),
            (CellKind::Time, "2025-05-20 12:06:25")
        );
        let n = cell_text(Some(&json!(1747735585000_i64)), true, false, 0);
        assert_eq!(n.text, "2025-05-20 10:06:25");
        assert_eq!(
            text(Some(json!("soon")), true, false),
            (CellKind::Text, "soon".into())
        );
    }

    #[test]
    fn severities_are_levels_and_long_text_is_cut_before_escaping() {
        let s = cell_text(Some(&json!("Error")), false, true, 0);
        assert_eq!(s.kind, CellKind::Severity(Severity::parse("error")));
        let long = "\u{202e}".repeat(CELL_CHARS + 5);
        let cut = cell_text(Some(&json!(long)), false, false, 0).text;
        assert!(cut.ends_with('…'), "{cut}");
        assert_eq!(
            cut.matches("⟨U+202E⟩").count(),
            CELL_CHARS,
            "no escape is cut in half"
        );
    }
}
