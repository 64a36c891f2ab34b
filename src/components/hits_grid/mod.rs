//! The hits grid: an ARIA grid of one page's hits, rendering only the rows and columns in view.

mod cell;
mod header;
mod row;
mod slots;

pub use cell::prepare;
use cell::{glyphs, Kind};
use joblens_core::{
    columns::is_time_column,
    format::zone_label,
    hits::{column_widths, is_severity_column},
    window::{moved, page_rows, ColumnWindow, RowWindow},
    Hit,
};
use leptos::{
    ev::{KeyboardEvent, MouseEvent},
    html::Div,
    prelude::*,
    web_sys::Element,
};
use row::{grid_cell, PageView, RowView};
use slots::{ids_in_order, row_position, Slots};
use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc,
};

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
/// The columns rendered: those in view and one more each side.
const COLUMNS: ColumnWindow = ColumnWindow { overscan: 1 };

/// How the grid reads times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeZone {
    pub offset_minutes: i32,
    pub utc: bool,
}

impl TimeZone {
    pub fn offset(self) -> i32 {
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
    /// Changes when what is shown changes (another page, filter or sort), not when a running
    /// job's page is loaded again with more hits: the grid then starts at the top with
    /// no active cell.
    pub view: u64,
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

/// The hits grid: an ARIA grid whose body renders only the rows and columns in view (cells in
/// a constant number whatever the page's size or number of fields; the header has every
/// column) in fixed-width columns, sorts by header click, and moves between cells with the
/// keyboard.
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
    let scroll_left = RwSignal::new(0.0f64);
    // Follows the scroll box's size: the field list shown or hidden, the window resized.
    let (viewport, view_width) =
        crate::hooks::size::use_client_size(scroller, (ROW_HEIGHT, 1.0), (600.0, 1000.0));
    // Another view (page, filter or sort) starts at its top with no active cell: the active
    // cell is a position in the grid's order, which now means other hits. The same page,
    // grown, keeps both. Only touches the scroll box when it is not there already: this runs
    // after the new rows are in the DOM, and writing scrollTop then forces a layout of the
    // whole grid inside the page switch.
    let view = Memo::new(move |_| data.with(|d| d.view));
    // (Read, not only tracked: a memo never read is never computed, and never changes.)
    Effect::new(move |_| {
        view.get();
        active.set(None);
        if scroll_top.get_untracked() != 0.0 {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(0);
            }
            scroll_top.set(0.0);
        }
    });

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
    let widths =
        Memo::new(move |_| data.with(|d| columns.with(|c| column_widths(&d.hits, c, glyphs()))));
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

    // A new value whenever one of its parts changes (they are compared on their own).
    let page = Memo::new_with_compare(
        move |_| {
            Arc::new(PageView {
                data: data.get(),
                columns: columns.get(),
                kinds: kinds.get(),
                widths: widths.get(),
                tz: tz.get(),
            })
        },
        |_, _| true,
    );
    // Each column's left edge, and the right edge of the last.
    let offsets = Memo::new(move |_| {
        widths.with(|w| {
            std::iter::once(0)
                .chain(w.iter().scan(0, |x, px| {
                    *x += px;
                    Some(*x)
                }))
                .collect::<Vec<u32>>()
        })
    });

    // Element ids for the slots, so rows and cells can be listed in order (`aria-owns`).
    let grid = {
        static GRIDS: AtomicUsize = AtomicUsize::new(0);
        GRIDS.fetch_add(1, Ordering::Relaxed)
    };
    let row_id = move |slot: usize| format!("hits-{grid}-r{slot}");
    let cell_id = move |row: usize, col: usize| format!("hits-{grid}-r{row}-c{col}");

    let count = move || data.with(|d| d.order.len());
    // Fixed sets of row and column slots, enough for the rows and columns in view and the
    // overscan (see `slots`).
    let window = Memo::new(move |_| ROWS.span(scroll_top.get(), viewport.get(), count()));
    let row_slots = Memo::new(move |_| ROWS.slots(viewport.get(), count()));
    let rows = Slots::new();
    Effect::new(move |_| rows.place(window.get(), row_slots.get()));
    let col_window =
        Memo::new(move |_| offsets.with(|o| COLUMNS.span(o, scroll_left.get(), view_width.get())));
    let col_slots = Memo::new(move |_| offsets.with(|o| COLUMNS.slots(o, view_width.get())));
    let cols = Slots::new();
    Effect::new(move |_| cols.place(col_window.get(), col_slots.get()));
    let built = slots::built_in_steps(row_slots, col_slots);
    // Set through the CSSOM (`style:`), which a strict CSP allows, not a style attribute.
    let body_height = move || format!("{}px", count() * ROW_PX);

    // Keeps the active cell in view.
    let reveal = move |row: usize, col: usize| {
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
        if let Some((left, right)) =
            offsets.with_untracked(|o| Some((*o.get(col)?, *o.get(col + 1)?)))
        {
            let current = el.scroll_left();
            let width = el.client_width();
            let (left, right) = (left as i32, right as i32);
            if left < current {
                el.set_scroll_left(left);
            } else if right > current + width {
                el.set_scroll_left(left.max(right - width));
            }
        }
        scroll_top.set(f64::from(el.scroll_top()));
        scroll_left.set(f64::from(el.scroll_left()));
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
        let page = page_rows(viewport.get_untracked(), ROW_HEIGHT);
        let (r, c) = active.get_untracked().unwrap_or((0, 0));
        match ev.key().as_str() {
            "Enter" => {
                ev.prevent_default();
                if let Some(i) = data.with_untracked(|d| d.order.get(r).copied()) {
                    on_open.run(i);
                }
            }
            key => {
                if let Some((row, col)) = moved(key, ev.ctrl_key(), (r, c), n, cols, page) {
                    ev.prevent_default();
                    active.set(Some((row, col)));
                    reveal(row, col);
                }
            }
        }
    };

    // One click handler and one double-click handler for the whole grid, none per row or header
    // (see `joblens_core::window`).
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
            .closest("[aria-colindex]")
            .ok()
            .flatten()
            .and_then(|cell| cell.get_attribute("aria-colindex")?.parse::<usize>().ok())
            .and_then(|index| index.checked_sub(1))
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

    let header = move || header::cells(columns.get(), sort, tz);

    view! {
        <div
            class="grid-scroll hits"
            node_ref=scroller
            role="grid"
            tabindex="0"
            aria-label="Hits. Arrow keys move between cells, Enter opens a hit."
            aria-rowcount=move || count() + 1
            aria-busy=move || (built.get() < row_slots.get()).then_some("true")
            aria-colcount=move || columns.with(Vec::len)
            on:scroll=move |_| {
                if let Some(el) = scroller.get_untracked() {
                    let (top, left) = (f64::from(el.scroll_top()), f64::from(el.scroll_left()));
                    if top != scroll_top.get_untracked() {
                        scroll_top.set(top);
                    }
                    if left != scroll_left.get_untracked() {
                        scroll_left.set(left);
                    }
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
            // view is laid out and painted alone, and the rest stay where they are. Cells are
            // placed in their column's track, whichever slot holds them.
            <div
                class="hits-body"
                role="rowgroup"
                style:height=body_height
                aria-owns=move || ids_in_order(&row_id, window.get(), row_slots.get())
            >
                <For
                    each=move || rows.ids_built(row_slots.get(), built.get())
                    key=|slot| *slot
                    let:slot
                >
                    {
                        let pos = rows.get(slot);
                        // One memo per slot: only the rows whose active cell changes redraw.
                        let active_col = Memo::new(move |_| {
                            let p = pos.get()?;
                            active.get().and_then(|(r, c)| (r == p).then_some(c))
                        });
                        let row = Memo::new(move |_| {
                            let p = pos.get()?;
                            let page = page.get();
                            let hit = *page.data.order.get(p)?;
                            Some(RowView { page, hit })
                        });
                        view! {
                            <div
                                class="hits-row"
                                id=row_id(slot)
                                aria-owns=move || {
                                    ids_in_order(
                                        &|c| cell_id(slot, c),
                                        col_window.get(),
                                        col_slots.get(),
                                    )
                                }
                                role=move || pos.get().map(|_| "row")
                                aria-rowindex=move || pos.get().map(|p| p + 2)
                                style:top=move || format!("{}px", pos.get().unwrap_or(0) * ROW_PX)
                                data-pos=move || pos.get()
                                class:row--unused=move || pos.get().is_none()
                                class:row--active=move || active_col.get().is_some()
                            >
                                <For
                                    each=move || cols.ids(col_slots.get())
                                    key=|col| *col
                                    let:col
                                >
                                    {grid_cell(cell_id(slot, col), row, active_col, cols.get(col))}
                                </For>
                            </div>
                        }
                    }
                </For>
            </div>
        </div>
    }
}
