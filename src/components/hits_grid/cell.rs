//! What a hits-grid cell shows for a value, and writing that into the cell's element.

use super::TimeZone;
use joblens_core::{
    cell::{cell_text, CellKind, CellText},
    glyphs::{Fit, Glyphs},
    hits::text_room,
};
use leptos::{
    prelude::*,
    wasm_bindgen::JsCast,
    web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement},
};
use serde_json::Value;
use std::{cell::Cell, sync::OnceLock};

/// What a column holds, read once per column rather than once per cell.
#[derive(Clone, Copy, PartialEq)]
pub(super) struct Kind {
    pub(super) time: bool,
    pub(super) severity: bool,
}

/// What a cell shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Shown {
    /// Classes besides `hits-td`.
    class: &'static str,
    text: String,
    /// The severity label's modifier, for a severity a cell shows as a coloured label.
    severity: Option<&'static str>,
    /// The hit lacks the field (the cell's title says so).
    missing: bool,
    /// The text may not fit, and the cell clips it (see [`fit`]).
    clip: bool,
    /// The text before it was cut to fit, which the cell's title shows.
    whole: Option<String>,
}

/// The cells' font size (CSS pixels), as `.hits-td` sets it.
const CELL_FONT_PX: u32 = 13;

/// Measures the cells' font when the page is next idle, so that the grid's first rows do not
/// wait for it, and has the system match the fonts a field list needs: for a page about to
/// show a grid.
pub fn prepare() {
    request_idle_callback(|| {
        glyphs();
        match_fonts();
    });
}

/// Sets a little text in the monospace font (field names) and the signs the field lists show
/// (= ≠ ·) in a canvas. The first text in a font the page has not used yet waits for the
/// system to match it (about 12 ms for the monospace list, 5 for the signs' fallback, on a
/// Linux desktop), inside the frame that first shows it; the canvas shares what was matched.
fn match_fonts() -> Option<()> {
    let document = document();
    let style = window()
        .get_computed_style(&document.document_element()?)
        .ok()??;
    let mono = style.get_property_value("--font-mono").ok()?;
    let body = style.get_property_value("--font-sans").ok()?;
    let context = canvas_2d()?;
    for (family, text) in [(mono.as_str(), "Device"), (body.as_str(), "= ≠ ·")] {
        context.set_font(&format!("{CELL_FONT_PX}px {family}"));
        context.measure_text(text).ok()?;
    }
    Some(())
}

/// A detached canvas's 2D context, for measuring text.
fn canvas_2d() -> Option<CanvasRenderingContext2d> {
    let canvas: HtmlCanvasElement = document().create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// The advance widths of the cells' font, measured once, in a canvas.
pub(super) fn glyphs() -> Option<&'static Glyphs> {
    static GLYPHS: OnceLock<Option<Glyphs>> = OnceLock::new();
    GLYPHS.get_or_init(measure_glyphs).as_ref()
}

fn measure_glyphs() -> Option<Glyphs> {
    let document = document();
    let family = window()
        .get_computed_style(&document.body()?.into())
        .ok()??
        .get_property_value("font-family")
        .ok()?;
    let context = canvas_2d()?;
    let size = format!("{CELL_FONT_PX}px");
    context.set_font(&format!("{size} {family}"));
    // A font the canvas does not take leaves its default (10 px): widths from that would be
    // too narrow, and text would spill.
    if !context.font().starts_with(&size) {
        return None;
    }
    let failed = Cell::new(false);
    let glyphs = Glyphs::measure(|c| {
        let mut buf = [0; 4];
        context
            .measure_text(c.encode_utf8(&mut buf))
            .map(|m| m.width() as f32)
            .unwrap_or_else(|_| {
                failed.set(true);
                0.0
            })
    });
    (!failed.get()).then_some(glyphs)
}

/// Fits a cell's text to `room` pixels without a clip where the widths are known: most text
/// fits, longer text is cut with an ellipsis; the rest (unknown characters, the severity
/// label with its own font and padding) is clipped by the cell.
fn fit(shown: &mut Shown, room: f32) {
    let fits = match glyphs() {
        Some(glyphs) if shown.severity.is_none() => glyphs.fit(&shown.text, room),
        _ => Fit::Unknown,
    };
    match fits {
        Fit::Whole => {}
        Fit::Cut(at) => {
            let mut cut = String::with_capacity(at + '…'.len_utf8());
            cut.push_str(&shown.text[..at]);
            cut.push('…');
            shown.whole = Some(std::mem::replace(&mut shown.text, cut));
        }
        Fit::Unknown => shown.clip = true,
    }
}

/// What a cell shows for a value, in a column `width` pixels wide.
pub(super) fn cell(value: Option<&Value>, kind: Kind, tz: TimeZone, width: u32) -> Shown {
    let mut shown = content(value, kind, tz);
    let room = text_room(width, shown.class == "cell--null");
    fit(&mut shown, room);
    shown
}

/// What a cell shows for a value, before fitting: core decides the text, this its classes.
fn content(value: Option<&Value>, kind: Kind, tz: TimeZone) -> Shown {
    let CellText { kind: what, text } = cell_text(value, kind.time, kind.severity, tz.offset());
    let class = match what {
        CellKind::Missing => "cell--missing",
        CellKind::Null => "cell--null",
        CellKind::Number => "num",
        CellKind::Time => "cell--time",
        CellKind::Severity(_) | CellKind::Text => "",
    };
    Shown {
        class,
        text,
        severity: match what {
            CellKind::Severity(level) => Some(level.css_modifier()),
            _ => None,
        },
        // Plain text (the cell carries the explanation): most hits lack most of the page's
        // fields, and an element per missing value would multiply the grid's DOM.
        missing: what == CellKind::Missing,
        ..Shown::default()
    }
}

/// What a cell's element was last made to show.
#[derive(Clone, PartialEq)]
pub(super) struct Written {
    /// The column it shows, if any (a slot past the columns in view is hidden).
    pub(super) col: Option<usize>,
    pub(super) active: bool,
    pub(super) shown: Shown,
}

/// Brings a cell's element from showing `before` (nothing yet, if `None`) to showing `now`.
pub(super) fn write_cell(el: &Element, before: Option<&Written>, now: &Written) {
    let differs = |same: &dyn Fn(&Written) -> bool| before.is_none_or(|b| !same(b));
    let shown = &now.shown;
    // Setting attributes and properties on a live element cannot fail for these names.
    if differs(&|b| b.col == now.col) {
        match now.col {
            Some(col) => {
                let _ = el.set_attribute("role", "gridcell");
                let _ = el.set_attribute("aria-colindex", &(col + 1).to_string());
                let _ = leptos::web_sys::HtmlElement::style(el.unchecked_ref())
                    .set_property("grid-column", &(col + 1).to_string());
            }
            None => {
                let _ = el.remove_attribute("role");
                let _ = el.remove_attribute("aria-colindex");
            }
        }
    }
    if differs(&|b| {
        b.shown.class == shown.class
            && b.shown.clip == shown.clip
            && b.active == now.active
            && b.col.is_some() == now.col.is_some()
    }) {
        let clip = if shown.clip { " cell--clip" } else { "" };
        let highlight = if now.active { " cell--active" } else { "" };
        let unused = if now.col.is_none() {
            " cell--unused"
        } else {
            ""
        };
        el.set_class_name(&format!("hits-td {}{clip}{highlight}{unused}", shown.class));
    }
    if differs(&|b| b.active == now.active && b.col.is_some() == now.col.is_some()) {
        let _ = match now.col {
            Some(_) => el.set_attribute("aria-selected", if now.active { "true" } else { "false" }),
            None => el.remove_attribute("aria-selected"),
        };
    }
    if differs(&|b| b.shown.missing == shown.missing && b.shown.whole == shown.whole) {
        let title = match &shown.whole {
            _ if shown.missing => Some("This hit has no such field"),
            Some(whole) => Some(whole.as_str()),
            None => None,
        };
        let _ = match title {
            Some(title) => el.set_attribute("title", title),
            None => el.remove_attribute("title"),
        };
    }
    if differs(&|b| b.shown.text == shown.text && b.shown.severity == shown.severity) {
        // A severity shows as a label coloured by the severity (with its name as text).
        match shown.severity {
            Some(modifier) => {
                el.set_text_content(None);
                if let Ok(label) = document().create_element("span") {
                    label.set_class_name(&format!("sev sev--{modifier}"));
                    label.set_text_content(Some(&shown.text));
                    let _ = el.append_child(&label);
                }
            }
            None => el.set_text_content(Some(&shown.text)),
        }
    }
}
