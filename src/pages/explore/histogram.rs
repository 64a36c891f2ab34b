//! Hits over time above the grid, stacked by severity in the grid's colours: drag across it
//! to set the time range, click a bar to zoom to it; arrow keys choose a bar (Shift+arrows a
//! span), Enter zooms, Escape clears the range. A table behind it says the same to screen
//! readers.

use super::place::Place;
use crate::{components::hits_grid::TimeZone, explorer::Explorer};
use joblens_core::{
    explore::{texts as say, Histogram},
    format::{count, hundredths},
};
use leptos::{prelude::*, svg::Svg};

/// The chart's own coordinates; it is stretched to the width it is given. Positions are written
/// with `format::hundredths` (the wasm carries no float formatting code).
const WIDTH_PX: u32 = 1000;
const HEIGHT_PX: u32 = 120;
const WIDTH: f64 = WIDTH_PX as f64;
const HEIGHT: f64 = HEIGHT_PX as f64;
/// Axis labels along the bottom.
const TICKS: usize = 5;

#[component]
pub fn Chart(place: Place, #[prop(into)] tz: Signal<TimeZone>) -> impl IntoView {
    let explorer = expect_context::<Explorer>();
    let histogram = Memo::new(move |_| {
        explorer
            .answer
            .with(|a| a.as_ref().and_then(|a| a.histogram.clone()))
    });
    let buckets = move || histogram.with(|h| h.as_ref().map_or(0, |h| h.counts.len()));
    // A span being chosen: (where it started, where it is now), by pointer or keys.
    let span = RwSignal::new(None::<(usize, usize)>);
    let dragging = RwSignal::new(false);
    let svg = NodeRef::<Svg>::new();

    let bucket_at = move |client_x: i32| -> Option<usize> {
        let n = buckets();
        let rect = svg.get_untracked()?.get_bounding_client_rect();
        if n == 0 || rect.width() <= 0.0 {
            return None;
        }
        let at = ((f64::from(client_x) - rect.left()) / rect.width() * n as f64).floor();
        Some((at.max(0.0) as usize).min(n - 1))
    };
    let zoom = move |a: usize, b: usize| {
        let Some(h) = histogram.get_untracked() else {
            return;
        };
        let (a, b) = (a.min(b) as i64, a.max(b) as i64);
        let mut view = place.view.get_untracked();
        view.query.time = Some((h.from + a * h.bucket_ms, h.from + (b + 1) * h.bucket_ms));
        span.set(None);
        place.go(view, 1);
    };
    let on_down = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        if let Some(b) = bucket_at(ev.client_x()) {
            if let Some(el) = svg.get_untracked() {
                let _ = el.set_pointer_capture(ev.pointer_id());
            }
            dragging.set(true);
            span.set(Some((b, b)));
        }
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        if dragging.get_untracked() {
            if let (Some(b), Some((a, _))) = (bucket_at(ev.client_x()), span.get_untracked()) {
                span.set(Some((a, b)));
            }
        }
    };
    let on_up = move |_: web_sys::PointerEvent| {
        if dragging.get_untracked() {
            dragging.set(false);
            if let Some((a, b)) = span.get_untracked() {
                zoom(a, b);
            }
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let n = buckets();
        if n == 0 {
            return;
        }
        let (anchor, at) = span.get_untracked().unwrap_or((0, 0));
        let moved = |to: usize| {
            if ev.shift_key() {
                (anchor, to)
            } else {
                (to, to)
            }
        };
        let next = match ev.key().as_str() {
            "ArrowRight" => Some(moved((at + 1).min(n - 1))),
            "ArrowLeft" => Some(moved(at.saturating_sub(1))),
            "Home" => Some(moved(0)),
            "End" => Some(moved(n - 1)),
            "Enter" | " " => {
                ev.prevent_default();
                zoom(anchor, at);
                return;
            }
            "Escape" => {
                span.set(None);
                let mut view = place.view.get_untracked();
                if view.query.time.take().is_some() {
                    place.go(view, 1);
                }
                return;
            }
            _ => None,
        };
        if let Some(s) = next {
            ev.prevent_default();
            span.set(Some(s));
        }
    };

    // The bars and their data table as markup, written at once: a few hundred rects and list
    // items built from numbers and dates (no value from a hit), far cheaper than as many
    // reactive elements.
    let markup = Memo::new(move |_| {
        let offset = tz.get().offset();
        histogram.with(|h| {
            h.as_ref()
                .map_or_else(Default::default, |h| bars_markup(h, offset))
        })
    });
    let bars = move || markup.with(|m| m.0.clone());
    let table = move || markup.with(|m| m.1.clone());
    let selection = move || {
        let (a, b) = span.get()?;
        let n = buckets().max(1) as f64;
        let (a, b) = (a.min(b) as f64, a.max(b) as f64);
        let w = WIDTH / n;
        Some(
            view! { <rect class="histo__span" x=hundredths(a * w) y="0" width=hundredths((b - a + 1.0) * w) height=HEIGHT_PX></rect> },
        )
    };
    let ticks = move || {
        let offset = tz.get().offset();
        histogram.with(|h| {
            let Some(h) = h else { return Vec::new() };
            let n = h.counts.len();
            let steps = TICKS.min(n);
            (0..steps)
                .map(|i| {
                    let b = if steps <= 1 { 0 } else { i * (n - 1) / (steps - 1) };
                    let left = (b as f64 + 0.5) / n as f64 * 100.0;
                    let text = say::axis_label(h.from + b as i64 * h.bucket_ms, h.bucket_ms, offset);
                    view! { <span class="histo__tick" style:left=format!("{}%", hundredths(left))>{text}</span> }
                })
                .collect::<Vec<_>>()
        })
    };
    let chosen = move || {
        let (_, at) = span.get()?;
        let offset = tz.get().offset();
        histogram.with(|h| h.as_ref().map(|h| say::bar(h, at, offset)))
    };
    let caption = move || {
        histogram.with(|h| {
            h.as_ref().map_or_else(String::new, |h| {
                let top = h
                    .counts
                    .iter()
                    .map(|c| c.iter().sum::<u32>())
                    .max()
                    .unwrap_or(0);
                format!(
                    "Hits over time, {} a bar (highest {})",
                    say::bucket_words(h.bucket_ms),
                    count(u64::from(top))
                )
            })
        })
    };
    view! {
        <Show when=move || histogram.with(Option::is_some)>
            <figure class="histo">
                <figcaption class="histo__caption muted">
                    {caption}
                    " · drag across it or use the arrow keys and Enter to zoom"
                </figcaption>
                <svg
                    node_ref=svg
                    class="histo__chart"
                    viewBox=format!("0 0 {WIDTH_PX} {HEIGHT_PX}")
                    preserveAspectRatio="none"
                    tabindex="0"
                    role="slider"
                    aria-label="Time range: arrow keys choose a bar, Shift+arrows a span, Enter zooms, Escape clears"
                    aria-valuemin="0"
                    aria-valuemax=move || buckets().saturating_sub(1).to_string()
                    aria-valuenow=move || span.get().map_or(0, |s| s.1).to_string()
                    aria-valuetext=move || chosen().unwrap_or_default()
                    on:pointerdown=on_down
                    on:pointermove=on_move
                    on:pointerup=on_up
                    on:keydown=on_key
                >
                    <g inner_html=bars></g>
                    {selection}
                </svg>
                <div class="histo__axis" aria-hidden="true">{ticks}</div>
                <p class="histo__chosen muted" aria-live="polite">{chosen}</p>
                <ul class="visually-hidden" aria-label="Hits over time, bar by bar" inner_html=table></ul>
            </figure>
        </Show>
    }
}

/// The SVG of every bar (per bucket a group with its description and one rect per severity,
/// stacked from the bottom), and the list of the bars that have hits, one item each, which
/// screen readers read.
fn bars_markup(h: &Histogram, offset: i32) -> (String, String) {
    use std::fmt::Write;
    let n = h.counts.len().max(1) as f64;
    let top = h
        .counts
        .iter()
        .map(|c| c.iter().sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = (HEIGHT - 4.0) / f64::from(top);
    let w = WIDTH / n;
    let (mut out, mut list) = (String::new(), String::new());
    for (b, counts) in h.counts.iter().enumerate() {
        let x = b as f64 * w + 0.5;
        let width = (w - 1.0).max(0.5);
        let title = say::bar(h, b, offset)
            .replace('&', "&amp;")
            .replace('<', "&lt;");
        if counts.iter().any(|&c| c > 0) {
            let _ = write!(list, "<li>{title}</li>");
        }
        let _ = write!(out, "<g><title>{title}</title>");
        let mut y = HEIGHT;
        for (s, &c) in counts.iter().enumerate().filter(|(_, &c)| c > 0) {
            let height = (f64::from(c) * scale).max(1.0);
            y -= height;
            let _ = write!(
                out,
                r#"<rect class="histo__bar histo__bar--{}" x="{}" y="{}" width="{}" height="{}"></rect>"#,
                say::severity_name(s),
                hundredths(x),
                hundredths(y),
                hundredths(width),
                hundredths(height),
            );
        }
        out.push_str("</g>");
    }
    (out, list)
}
