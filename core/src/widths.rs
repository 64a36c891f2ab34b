//! Column widths of the hits grid: fixed per page, read from the widest value in each column
//! and its header, within bounds, with the font's glyph widths where they are known.

use crate::{columns, glyphs::Glyphs, hits::is_severity_column, Hit};
use serde_json::Value;
use std::collections::HashMap;

/// Grid columns are never narrower or wider than this (CSS pixels); longer values are cut with
/// an ellipsis and read whole in the row detail.
pub const COLUMN_PX: (u32, u32) = (64, 420);
/// A time cell as the grid writes it.
const TIME_SAMPLE: &str = "2026-11-28 23:47:13";
/// About how wide a character is at the grid's 13 px, for text the glyph table cannot measure.
const PX_PER_CHAR: f64 = 7.4;
/// Room a header needs beside its name: the sort arrow, and bold being wider than the table's
/// regular weight (a tenth).
const HEADER_EXTRA_PX: f64 = 22.0;
const HEADER_BOLD: f64 = 1.1;
/// A severity label's padding and border, and its bold 12 px against the table's 13 px.
const LABEL_EXTRA_PX: f64 = 24.0;
/// A cell's horizontal padding, both sides (CSS pixels), as `.hits-td` sets it.
pub const CELL_PADDING_PX: u32 = 16;

/// Pixels a cell keeps spare beside its text: one for rounding, four more for italic text
/// (`null`), which leans past its advance width.
pub fn cell_spare_px(italic: bool) -> u32 {
    if italic {
        5
    } else {
        1
    }
}

/// The room for text in a cell of a column `width` pixels wide.
pub fn text_room(width: u32, italic: bool) -> f32 {
    width.saturating_sub(CELL_PADDING_PX + cell_spare_px(italic)) as f32
}
/// Characters read of a long value: more than the widest column holds at any font.
const MEASURED_CHARS: usize = 160;

/// The width of every column for one page, fixed for as long as the page is shown, so the
/// grid's layout never depends on which rows are in view (no columns jumping while scrolling,
/// and a row entering the view lays out alone). Read from the widest value in each column and
/// its header (plus room for the zone and the sort arrow), within [`COLUMN_PX`]: with the
/// font's glyph widths where they are known, so a value up to the widest column shows whole.
pub fn column_widths(hits: &[Hit], columns: &[String], glyphs: Option<&Glyphs>) -> Vec<u32> {
    let px = |text: &str| -> f64 {
        // No more bytes than measured characters: nothing to cut.
        let text = match text.len() > MEASURED_CHARS {
            true => text
                .char_indices()
                .nth(MEASURED_CHARS)
                .map_or(text, |(end, _)| &text[..end]),
            false => text,
        };
        glyphs
            .and_then(|g| g.width(text))
            .map_or_else(|| text.chars().count() as f64 * PX_PER_CHAR, f64::from)
    };
    let widest = f64::from(COLUMN_PX.1);
    let spare = |italic| f64::from(cell_spare_px(italic));
    let missing = px("—") + spare(false);
    let severity: Vec<bool> = columns.iter().map(|c| is_severity_column(c)).collect();
    let timed: Vec<bool> = columns.iter().map(|c| columns::is_time_column(c)).collect();
    let mut content: Vec<f64> = columns
        .iter()
        .zip(&timed)
        .map(|(column, &timed)| {
            let header = px(column) * HEADER_BOLD + HEADER_EXTRA_PX;
            // "Time (UTC+05:30)"
            if timed {
                px(TIME_SAMPLE).max(header + 12.0 * PX_PER_CHAR)
            } else {
                header
            }
        })
        .collect();
    // Each hit's fields are walked in their order, which is nearly always the columns' (they
    // are discovered in first-seen order): a field is found by comparing it with the column
    // after the last one found, and looked up by name only when that is not it.
    let index: HashMap<&str, usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let mut seen = vec![false; columns.len()];
    for hit in hits {
        seen.iter_mut().for_each(|s| *s = false);
        let mut next = 0;
        for (key, value) in hit {
            let Some(i) = (if columns.get(next).is_some_and(|c| c == key) {
                Some(next)
            } else {
                index.get(key.as_str()).copied()
            }) else {
                continue;
            };
            next = i + 1;
            seen[i] = true;
            if timed[i] {
                continue;
            }
            let w = match value {
                Value::Null => px("null") + spare(true),
                Value::String(s) if severity[i] => px(s) + LABEL_EXTRA_PX,
                Value::String(s) => px(s) + spare(false),
                Value::Number(n) => px(&n.to_string()) + spare(false),
                Value::Bool(b) => px(if *b { "true" } else { "false" }) + spare(false),
                _ => widest,
            };
            content[i] = content[i].max(w);
        }
        for (i, _) in seen.iter().enumerate().filter(|(i, &s)| !s && !timed[*i]) {
            content[i] = content[i].max(missing);
        }
    }
    content
        .into_iter()
        .map(|content| {
            // A pixel more for rounding the content's width up.
            let px = (content + f64::from(CELL_PADDING_PX) + 1.0).min(widest);
            (px.ceil() as u32).clamp(COLUMN_PX.0, COLUMN_PX.1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{glyphs::Fit, hits::tests::hits};
    use serde_json::json;

    #[test]
    fn column_widths_follow_the_longest_value_within_bounds() {
        let page = hits(json!([
            {"Time": "1700000000000", "ID": 7, "Message": "short", "Severity": "warning", "Long": "x".repeat(5000), "Deep": {"a": [1, 2]}},
            {"Time": "1700000000001", "ID": 1234567, "Message": "a somewhat longer message", "Severity": null}
        ]));
        let cols: Vec<String> = ["Time", "ID", "Message", "Severity", "Long", "Deep", "Z"]
            .iter()
            .map(|c| c.to_string())
            .collect();
        let w = column_widths(&page, &cols, None);
        assert_eq!(w.len(), cols.len());
        // Time holds a formatted date-time and its zone label, not the 13 digits of the raw value.
        assert!(w[0] >= 19 * 7, "{w:?}");
        // "ID" is short but its header and numbers set the width; the minimum holds.
        assert!(w[1] >= COLUMN_PX.0 && w[1] < w[2], "{w:?}");
        // The longer message widens its column.
        assert!(w[2] > (25.0 * 7.0) as u32, "{w:?}");
        // Huge and nested values stop at the maximum.
        assert_eq!(w[4], COLUMN_PX.1);
        assert_eq!(w[5], COLUMN_PX.1);
        // A column no hit has is as wide as its header needs, at least the minimum.
        assert_eq!(w[6], COLUMN_PX.0);
        // The same page gives the same widths: no jumping while scrolling or re-rendering.
        assert_eq!(column_widths(&page, &cols, None), w);
        assert!(column_widths(&[], &[], None).is_empty());
    }

    #[test]
    fn with_the_fonts_widths_every_value_up_to_the_widest_column_fits_whole() {
        // A font with wide capitals: counting characters would cut "WWWW…".
        let glyphs = Glyphs::measure(|c| if c.is_ascii_uppercase() { 12.0 } else { 6.0 });
        let page = hits(json!([
            {"Host": "WWWWWWWWWWWWWWWW", "Note": "short", "Id": 1234567890},
            {"Host": "ab", "Note": "x".repeat(500)}
        ]));
        let cols: Vec<String> = ["Host", "Note", "Id"]
            .iter()
            .map(|c| c.to_string())
            .collect();
        let w = column_widths(&page, &cols, Some(&glyphs));
        let room = |i: usize| text_room(w[i], false);
        for hit in &page {
            for (i, col) in cols.iter().enumerate() {
                let text = match hit.get(col) {
                    Some(Value::String(s)) => s.clone(),
                    Some(v) => v.to_string(),
                    None => "—".to_owned(),
                };
                let fit = glyphs.fit(&text, room(i));
                if glyphs.width(&text).unwrap() + 18.0 <= COLUMN_PX.1 as f32 {
                    assert_eq!(fit, Fit::Whole, "{col}: {text}");
                } else {
                    assert!(matches!(fit, Fit::Cut(_)), "{col}");
                }
            }
        }
        assert_eq!(w[0], 16 * 12 + 18);
        assert_eq!(w[1], COLUMN_PX.1);
        // Text the table cannot measure falls back to counting characters.
        let page = hits(json!([{"Host": "日本語のホスト名"}]));
        let w = column_widths(&page, &cols[..1], Some(&glyphs));
        assert_eq!(w[0], (8.0 * PX_PER_CHAR + 18.0).ceil() as u32);
    }

    /// The widths read the straightforward way: each column looked up in each hit by name.
    fn plain_column_widths(hits: &[Hit], columns: &[String], glyphs: Option<&Glyphs>) -> Vec<u32> {
        let px = |text: &str| -> f64 {
            let text = match text.char_indices().nth(MEASURED_CHARS) {
                Some((end, _)) => &text[..end],
                None => text,
            };
            glyphs
                .and_then(|g| g.width(text))
                .map_or_else(|| text.chars().count() as f64 * PX_PER_CHAR, f64::from)
        };
        let widest = f64::from(COLUMN_PX.1);
        let spare = |italic| f64::from(cell_spare_px(italic));
        columns
            .iter()
            .map(|column| {
                let header = px(column) * HEADER_BOLD + HEADER_EXTRA_PX;
                let content = if columns::is_time_column(column) {
                    px(TIME_SAMPLE).max(header + 12.0 * PX_PER_CHAR)
                } else {
                    hits.iter()
                        .map(|hit| match hit.get(column) {
                            None => px("—") + spare(false),
                            Some(Value::Null) => px("null") + spare(true),
                            Some(Value::String(s)) if is_severity_column(column) => {
                                px(s) + LABEL_EXTRA_PX
                            }
                            Some(Value::String(s)) => px(s) + spare(false),
                            Some(Value::Number(n)) => px(&n.to_string()) + spare(false),
                            Some(Value::Bool(b)) => {
                                px(if *b { "true" } else { "false" }) + spare(false)
                            }
                            Some(_) => widest,
                        })
                        .fold(header, f64::max)
                };
                let px = (content + f64::from(CELL_PADDING_PX) + 1.0).min(widest);
                (px.ceil() as u32).clamp(COLUMN_PX.0, COLUMN_PX.1)
            })
            .collect()
    }

    use proptest::prelude::{prop_assert_eq, Strategy};

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

        /// Fields in any order and any subset, columns in any order (one no hit has), values
        /// of every kind, long and non-ASCII text.
        #[test]
        fn column_widths_are_what_a_lookup_by_name_finds(
            hits in proptest::collection::vec(
                proptest::collection::vec((0usize..6, 0usize..7), 0..7),
                0..12,
            ),
            order in proptest::sample::subsequence((0usize..7).collect::<Vec<_>>(), 0..=7).prop_shuffle(),
            measured in proptest::bool::ANY,
        ) {
            let names = ["Time", "Severity", "Device", "Message", "ID", "Deep", "Nobody"];
            let values = [json!(null), json!(true), json!(12345), json!("warning"), json!("é".repeat(70)), json!({"a": 1}), json!("x".repeat(90))];
            let hits: Vec<Hit> = hits
                .into_iter()
                .map(|fields| fields.into_iter().map(|(k, v)| (names[k].to_owned(), values[v].clone())).collect())
                .collect();
            let columns: Vec<String> = order.into_iter().map(|i| names[i].to_owned()).collect();
            let glyphs = Glyphs::measure(|c| if c.is_ascii_uppercase() { 12.0 } else { 6.0 });
            let glyphs = measured.then_some(&glyphs);
            prop_assert_eq!(column_widths(&hits, &columns, glyphs), plain_column_widths(&hits, &columns, glyphs));
        }
    }
}
