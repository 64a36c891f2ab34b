//! The hits grid: an ARIA grid of one page's hits, rendering only the rows and columns in view.

mod cell;

use cell::{cell, glyphs, write_cell, Kind, Written};
use joblens_core::{
    columns::is_time_column,
    format::zone_label,
    grid::{column_widths, is_severity_column},
    rows::{ColumnWindow, RowWindow},
    value::visible,
    Hit,
};
use leptos::{
    ev::{KeyboardEvent, MouseEvent},
    html::Div,
    prelude::*,
    wasm_bindgen::{closure::Closure, JsCast},
    web_sys::{Element, ResizeObserver},
};
use send_wrapper::SendWrapper;
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

/// The position (in the grid's order) of the row an element is in.
fn row_position(el: &Element) -> Option<usize> {
    el.closest(".hits-body [data-pos]")
        .ok()??
        .get_attribute("data-pos")?
        .parse()
        .ok()
}

/// A set of slots (rows or columns) and the position each shows, a signal per slot set only
/// when it changes: position p lives in slot p mod n, so a scroll by one row or column changes
/// one slot, and only the cells of that slot are written. (Derived from the scroll position
/// instead, every cell would be checked on every scroll.) The slots' document order is
/// therefore rotated; `aria-owns` gives assistive technology the positions' order.
#[derive(Clone, Copy)]
struct Slots(StoredValue<Vec<ArcRwSignal<Option<usize>>>>);

impl Slots {
    fn new() -> Self {
        Self(StoredValue::new(Vec::new()))
    }

    /// Makes sure there are at least `n` slots. Slots are only ever added: a slot built and
    /// dropped, with its cells, kept wasm memory for as long as the page was open, and the
    /// number needed moves with every page's column widths and every filter. Slots past the
    /// `n` in use show nothing and are hidden.
    fn grow(self, n: usize) -> usize {
        self.0.update_value(|p| {
            if p.len() < n {
                p.resize_with(n, || ArcRwSignal::new(None));
            }
        });
        self.0.with_value(Vec::len)
    }

    /// The slot ids when `n` are needed.
    fn ids(self, n: usize) -> Vec<usize> {
        (0..self.grow(n)).collect()
    }

    /// Places the span's positions in the first `n` slots.
    fn place(self, span: (usize, usize), n: usize) {
        self.grow(n);
        self.0.with_value(|p| {
            for (slot, pos) in p.iter().enumerate() {
                let now = RowWindow::in_slot(slot, n, span);
                if pos.get_untracked() != now {
                    pos.set(now);
                }
            }
        });
    }

    fn get(self, slot: usize) -> Signal<Option<usize>> {
        self.0.with_value(|p| p[slot].clone()).into()
    }
}

/// The ids of the slots that hold a span's positions, in the positions' order.
fn ids_in_order(id: &dyn Fn(usize) -> String, (start, end): (usize, usize), n: usize) -> String {
    (start..end)
        .map(|p| id(RowWindow::slot_of(p, n)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Everything a cell reads besides its row and column, in one value that changes with the page,
/// the columns or the time zone. Cells read it through their row (see [`RowView`]): an effect
/// re-subscribes to what it reads on every run, and doing that to a source every cell shares
/// costs in proportion to the number of cells.
struct PageView {
    data: GridData,
    columns: Vec<String>,
    kinds: Vec<Kind>,
    widths: Vec<u32>,
    tz: TimeZone,
}

/// The page and the hit a row slot shows.
#[derive(Clone)]
struct RowView {
    page: Arc<PageView>,
    hit: usize,
}

/// The same page (the same value, not an equal one) and hit.
impl PartialEq for RowView {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.page, &other.page) && self.hit == other.hit
    }
}

/// One cell of a row slot, in a column slot: it shows the column that slot shows, for the hit
/// the row slot shows, and is kept as long as both slots are.
fn grid_cell(
    id: String,
    row: Memo<Option<RowView>>,
    active_col: Memo<Option<usize>>,
    col: Signal<Option<usize>>,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    // One effect writes the cell, and only what changed: a scroll changes what a few rows show,
    // and an effect each for the class, the title and the text was most of a scroll frame's
    // script time.
    Effect::new(move |before: Option<Option<Written>>| {
        let el = node.get()?;
        let col = col.get();
        // A column slot past the columns in view does not follow its row.
        let shown = col.and_then(|c| {
            row.with(|row| {
                let row = row.as_ref()?;
                let page = &row.page;
                let name = page.columns.get(c)?;
                let px = *page.widths.get(c)?;
                let value = page.data.hits.get(row.hit)?.get(name);
                Some(cell(value, *page.kinds.get(c)?, page.tz, px))
            })
        });
        let now = Written {
            col: shown.as_ref().and(col),
            active: col.is_some() && active_col.get() == col,
            shown: shown.unwrap_or_default(),
        };
        write_cell(&el, before.flatten().as_ref(), &now);
        Some(now)
    });
    view! { <div id=id node_ref=node></div> }
}

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
    let viewport = RwSignal::new(600.0f64);
    let view_width = RwSignal::new(1000.0f64);
    // Follows the scroll box's size: the field list shown or hidden, the window resized.
    Effect::new(move |_| {
        let Some(el) = scroller.get() else {
            return;
        };
        let measure = move || {
            if let Some(el) = scroller.get_untracked() {
                let height = f64::from(el.client_height()).max(ROW_HEIGHT);
                let width = f64::from(el.client_width()).max(1.0);
                if viewport.get_untracked() != height {
                    viewport.set(height);
                }
                if view_width.get_untracked() != width {
                    view_width.set(width);
                }
            }
        };
        measure();
        let on_resize = Closure::<dyn Fn()>::new(measure);
        if let Ok(observer) = ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&el);
            let held = SendWrapper::new((observer, on_resize));
            on_cleanup(move || held.take().0.disconnect());
        }
    });
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
    // overscan: scrolling moves hits and columns between slots instead of building and dropping
    // elements (each row built and dropped kept some wasm memory for as long as the page was
    // open).
    let window = Memo::new(move |_| ROWS.span(scroll_top.get(), viewport.get(), count()));
    let row_slots = Memo::new(move |_| ROWS.slots(viewport.get(), count()));
    let rows = Slots::new();
    Effect::new(move |_| rows.place(window.get(), row_slots.get()));
    let col_window =
        Memo::new(move |_| offsets.with(|o| COLUMNS.span(o, scroll_left.get(), view_width.get())));
    let col_slots = Memo::new(move |_| offsets.with(|o| COLUMNS.slots(o, view_width.get())));
    let cols = Slots::new();
    Effect::new(move |_| cols.place(col_window.get(), col_slots.get()));
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
                reveal(next, next_col);
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

    let header = move || {
        columns
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, col)| {
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
                    let col = visible(&col).into_owned();
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
                    <div
                        class="hits-th"
                        role="columnheader"
                        aria-colindex=index + 1
                        aria-sort=aria
                    >
                        <button class="th-sort" data-column=col>
                            {label}
                            <span aria-hidden="true">{arrow}</span>
                        </button>
                    </div>
                }
            })
            .collect_view()
    };

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
                <For each=move || rows.ids(row_slots.get()) key=|slot| *slot let:slot>
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
