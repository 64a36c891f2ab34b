use joblens_core::{
    columns::is_time_column,
    format::{date_time, zone_label},
    grid::{column_widths, is_severity_column, Severity},
    rows::RowWindow,
    Hit,
};
use leptos::{
    ev::{KeyboardEvent, MouseEvent},
    html::Div,
    prelude::*,
    web_sys::Element,
};
use serde_json::Value;
use std::sync::Arc;

/// Every row is this tall, so the rows in view follow from the scroll position alone.
pub const ROW_HEIGHT: f64 = ROW_PX as f64;
/// The same, whole: pixel offsets are formatted from integers (no float formatting code in the
/// wasm).
const ROW_PX: usize = 30;
/// The rows rendered: those in view and 8 above and below, so a quick scroll shows no gap.
const ROWS: RowWindow = RowWindow {
    row_px: ROW_HEIGHT,
    overscan: 8,
};
/// Longer values are cut in the cell; the row detail shows them whole.
const CELL_CHARS: usize = 300;

/// How the grid reads times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeZone {
    pub offset_minutes: i32,
    pub utc: bool,
}

impl TimeZone {
    fn offset(self) -> i32 {
        if self.utc {
            0
        } else {
            self.offset_minutes
        }
    }

    pub fn label(self) -> String {
        zone_label(self.offset())
    }
}

/// The data the grid shows: one page's hits, and which of them in which order.
#[derive(Clone)]
pub struct GridData {
    /// Changes with every page loaded, so rows of a new page are new rows.
    pub generation: u64,
    pub hits: Arc<Vec<Hit>>,
    /// Positions in `hits`, filtered and sorted.
    pub order: Arc<Vec<usize>>,
}

/// The same page in the same order is the same grid (the hits themselves are not compared).
impl PartialEq for GridData {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
            && Arc::ptr_eq(&self.hits, &other.hits)
            && self.order == other.order
    }
}

/// The cell in focus: (row in `order`, column).
pub type Active = (usize, usize);

/// The position (in the grid's order) of the row an element is in.
fn row_position(el: &Element) -> Option<usize> {
    el.closest(".hits-body [data-pos]")
        .ok()??
        .get_attribute("data-pos")?
        .parse()
        .ok()
}

/// What a column holds, read once per column rather than once per cell.
#[derive(Clone, Copy, PartialEq)]
struct Kind {
    time: bool,
    severity: bool,
}

/// A cell's class and content.
fn cell(value: Option<&Value>, kind: Kind, tz: TimeZone) -> (&'static str, AnyView) {
    match value {
        // Plain text (the cell carries the explanation): most hits lack most of the page's
        // fields, and an element per missing value was a third of the grid's DOM.
        None => ("cell--missing", "—".into_any()),
        Some(Value::Null) => ("cell--null", "null".into_any()),
        Some(Value::Number(n)) if !kind.time => ("num", n.to_string().into_any()),
        Some(v) => {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if kind.time {
                if let Ok(ms) = text.trim().parse::<i64>() {
                    return ("cell--time", date_time(ms, tz.offset()).into_any());
                }
            }
            if kind.severity {
                let class = format!("sev sev--{}", Severity::parse(&text).css_modifier());
                return ("", view! { <span class=class>{text}</span> }.into_any());
            }
            if text.chars().count() > CELL_CHARS {
                let cut: String = text
                    .chars()
                    .take(CELL_CHARS)
                    .chain(std::iter::once('…'))
                    .collect();
                return ("cell--long", cut.into_any());
            }
            ("", text.into_any())
        }
    }
}

/// The hits grid: an ARIA grid that renders only the rows in view (constant DOM size whatever
/// the page size) in fixed-width columns, sorts by header click, and moves between cells with
/// the keyboard.
#[component]
pub fn HitsGrid(
    #[prop(into)] data: Signal<GridData>,
    #[prop(into)] columns: Signal<Vec<String>>,
    #[prop(into)] tz: Signal<TimeZone>,
    /// (column, descending)
    #[prop(into)]
    sort: Signal<Option<(String, bool)>>,
    #[prop(into)] on_sort: Callback<String>,
    /// Opens a hit (its position in the page).
    #[prop(into)]
    on_open: Callback<usize>,
    active: RwSignal<Option<Active>>,
) -> impl IntoView {
    let scroller = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = RwSignal::new(600.0f64);
    Effect::new(move |_| {
        if let Some(el) = scroller.get() {
            viewport.set(f64::from(el.client_height()).max(ROW_HEIGHT));
        }
    });
    // A new page starts at its top. Only touches the scroll box when it is not there already:
    // this runs after the new rows are in the DOM, and writing scrollTop then forces a layout
    // of the whole grid inside the page switch.
    Effect::new(move |_| {
        data.with(|d| d.generation);
        if scroll_top.get_untracked() != 0.0 {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(0);
            }
            scroll_top.set(0.0);
        }
    });

    let count = move || data.with(|d| d.order.len());
    let window = Memo::new(move |_| ROWS.span(scroll_top.get(), viewport.get(), count()));
    // A fixed set of row slots, enough for the rows in view and the overscan: scrolling moves
    // hits between slots instead of building and dropping rows (each row built and dropped kept
    // some wasm memory for as long as the page was open). Position p lives in slot p mod n, so
    // a scroll by one row changes one slot.
    let slots = Memo::new(move |_| ROWS.slots(viewport.get(), count()));
    let slot_ids = move || (0..slots.get()).collect::<Vec<_>>();
    // Set through the CSSOM (`style:`), which a strict CSP allows, not a style attribute.
    let body_height = move || format!("{}px", count() * ROW_PX);

    // Keeps the active row in view.
    let reveal = move |row: usize| {
        let Some(el) = scroller.get_untracked() else {
            return;
        };
        let top = row as f64 * ROW_HEIGHT;
        let header = ROW_HEIGHT;
        let current = f64::from(el.scroll_top());
        let height = f64::from(el.client_height());
        if top < current {
            el.set_scroll_top(top as i32);
        } else if top + ROW_HEIGHT + header > current + height {
            el.set_scroll_top((top + ROW_HEIGHT + header - height) as i32);
        }
        scroll_top.set(f64::from(el.scroll_top()));
    };
    let on_key = move |ev: KeyboardEvent| {
        // Keys pressed on a header's sort button belong to the button.
        if event_target::<Element>(&ev)
            .closest("button")
            .ok()
            .flatten()
            .is_some()
        {
            return;
        }
        let n = count();
        let cols = columns.with(Vec::len);
        if n == 0 || cols == 0 {
            return;
        }
        let page = ((viewport.get_untracked() / ROW_HEIGHT) as usize)
            .saturating_sub(2)
            .max(1);
        let (r, c) = active.get_untracked().unwrap_or((0, 0));
        let next = match ev.key().as_str() {
            "ArrowDown" => (r + 1).min(n - 1),
            "ArrowUp" => r.saturating_sub(1),
            "PageDown" => (r + page).min(n - 1),
            "PageUp" => r.saturating_sub(page),
            "Home" if ev.ctrl_key() => 0,
            "End" if ev.ctrl_key() => n - 1,
            _ => r,
        };
        let next_col = match ev.key().as_str() {
            "ArrowRight" => (c + 1).min(cols - 1),
            "ArrowLeft" => c.saturating_sub(1),
            "Home" if !ev.ctrl_key() => 0,
            "End" if !ev.ctrl_key() => cols - 1,
            _ => c,
        };
        match ev.key().as_str() {
            "Enter" => {
                ev.prevent_default();
                if let Some(i) = data.with_untracked(|d| d.order.get(r).copied()) {
                    on_open.run(i);
                }
            }
            "ArrowDown" | "ArrowUp" | "PageDown" | "PageUp" | "ArrowRight" | "ArrowLeft"
            | "Home" | "End" => {
                ev.prevent_default();
                active.set(Some((next, next_col)));
                reveal(next);
            }
            _ => {}
        }
    };

    // One click handler and one double-click handler for the whole grid, rather than one per
    // row and header: rows come and go with every scroll and page, and each element's own
    // handlers cost wasm memory that was not given back while the page stayed open.
    let on_click = move |ev: MouseEvent| {
        let el = event_target::<Element>(&ev);
        if let Some(button) = el.closest("button[data-column]").ok().flatten() {
            if let Some(column) = button.get_attribute("data-column") {
                on_sort.run(column);
            }
            return;
        }
        let Some(pos) = row_position(&el) else {
            return;
        };
        let column = el
            .closest("[role=gridcell]")
            .ok()
            .flatten()
            .map(|cell| {
                std::iter::successors(cell.previous_element_sibling(), |c| {
                    c.previous_element_sibling()
                })
                .count()
            })
            .unwrap_or_else(|| active.get_untracked().map_or(0, |a| a.1));
        active.set(Some((pos, column)));
    };
    let on_dblclick = move |ev: MouseEvent| {
        let hit = row_position(&event_target::<Element>(&ev))
            .and_then(|pos| data.with_untracked(|d| d.order.get(pos).copied()));
        if let Some(i) = hit {
            on_open.run(i);
        }
    };

    let header = move || {
        columns
            .get()
            .into_iter()
            .map(|col| {
                let sorted = {
                    let col = col.clone();
                    move || sort.with(|s| s.as_ref().filter(|(c, _)| *c == col).map(|(_, d)| *d))
                };
                let aria = {
                    let sorted = sorted.clone();
                    move || match sorted() {
                        None => "none",
                        Some(true) => "descending",
                        Some(false) => "ascending",
                    }
                };
                let arrow = move || match sorted() {
                    None => "",
                    Some(true) => " ▼",
                    Some(false) => " ▲",
                };
                let is_time = is_time_column(&col);
                let label = {
                    let col = col.clone();
                    move || {
                        if is_time {
                            format!("{col} ({})", tz.get().label())
                        } else {
                            col.clone()
                        }
                    }
                };
                // Clicks reach the grid's one handler (see `on_click`).
                view! {
                    <div class="hits-th" role="columnheader" aria-sort=aria>
                        <button class="th-sort" data-column=col>
                            {label}
                            <span aria-hidden="true">{arrow}</span>
                        </button>
                    </div>
                }
            })
            .collect_view()
    };

    let kinds = Memo::new(move |_| {
        columns.with(|c| {
            c.iter()
                .map(|k| Kind {
                    time: is_time_column(k),
                    severity: is_severity_column(k),
                })
                .collect::<Vec<_>>()
        })
    });

    // Fixed column widths for the page, handed to every row through two custom properties on
    // the grid (set through the CSSOM, which a strict CSP allows).
    let widths = Memo::new(move |_| data.with(|d| columns.with(|c| column_widths(&d.hits, c))));
    Effect::new(move |_| {
        let Some(el) = scroller.get() else {
            return;
        };
        widths.with(|w| {
            let template = match w.split_last() {
                Some((last, rest)) => rest
                    .iter()
                    .map(|px| format!("{px}px "))
                    .chain(std::iter::once(format!("minmax({last}px, 1fr)")))
                    .collect::<String>(),
                None => "1fr".to_owned(),
            };
            let style = leptos::web_sys::HtmlElement::style(&el);
            // Setting a custom property cannot fail for a well-formed name.
            let _ = style.set_property("--hits-cols", &template);
            let _ = style.set_property("--hits-width", &format!("{}px", w.iter().sum::<u32>()));
        });
    });

    view! {
        <div
            class="grid-scroll hits"
            node_ref=scroller
            role="grid"
            tabindex="0"
            aria-label="Hits. Arrow keys move between cells, Enter opens a hit."
            aria-rowcount=move || count() + 1
            aria-colcount=move || columns.with(Vec::len)
            on:scroll=move |_| {
                if let Some(el) = scroller.get_untracked() {
                    scroll_top.set(f64::from(el.scroll_top()));
                }
            }
            on:keydown=on_key
            on:click=on_click
            on:dblclick=on_dblclick
        >
            <div class="hits-head" role="rowgroup">
                <div class="hits-row" role="row" aria-rowindex="1">{header}</div>
            </div>
            // Rows sit at fixed offsets in a body as tall as the whole page: a row entering the
            // view is laid out and painted alone, and the rest stay where they are.
            <div class="hits-body" role="rowgroup" style:height=body_height>
                <For each=slot_ids key=|slot| *slot let:slot>
                    {
                        let pos = Memo::new(move |_| {
                            let n = slots.get().max(1);
                            let (start, end) = window.get();
                            let p = start + (slot + n - start % n) % n;
                            (p < end).then_some(p)
                        });
                        // One memo per slot: only the rows whose active cell changes redraw,
                        // and cells carry no reactive state of their own.
                        let active_col = Memo::new(move |_| {
                            let p = pos.get()?;
                            active.get().and_then(|(r, c)| (r == p).then_some(c))
                        });
                        view! {
                            <div
                                class="hits-row"
                                role="row"
                                aria-rowindex=move || pos.get().map(|p| p + 2)
                                style:top=move || format!("{}px", pos.get().unwrap_or(0) * ROW_PX)
                                data-pos=move || pos.get()
                                class:row--unused=move || pos.get().is_none()
                                class:row--active=move || active_col.get().is_some()
                            >
                                {move || {
                                    let p = pos.get()?;
                                    let tz = tz.get();
                                    let cols = columns.get();
                                    let kinds = kinds.get();
                                    let active_col = active_col.get();
                                    data.with(|d| {
                                        let hit = &d.hits[*d.order.get(p)?];
                                        Some(cols.iter()
                                            .enumerate()
                                            .map(|(ci, col)| {
                                                let value = hit.get(col);
                                                let (class, content) = cell(value, kinds[ci], tz);
                                                let selected = active_col == Some(ci);
                                                let class = if selected { format!("hits-td {class} cell--active") } else { format!("hits-td {class}") };
                                                // Two shapes rather than an optional title: an absent
                                                // attribute is still a DOM call per cell.
                                                if value.is_some() {
                                                    view! {
                                                        <div role="gridcell" class=class aria-selected=selected.to_string()>
                                                            {content}
                                                        </div>
                                                    }
                                                    .into_any()
                                                } else {
                                                    view! {
                                                        <div role="gridcell" class=class title="This hit has no such field" aria-selected=selected.to_string()>
                                                            {content}
                                                        </div>
                                                    }
                                                    .into_any()
                                                }
                                            })
                                            .collect_view())
                                    })
                                }}
                            </div>
                        }
                    }
                </For>
            </div>
        </div>
    }
}
