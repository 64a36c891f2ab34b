//! Row and column slots: a fixed set of each, every slot showing the position that falls to it,
//! so scrolling moves rows and columns between slots instead of building elements.

use joblens_core::window::RowWindow;
use leptos::{prelude::*, web_sys::Element};

/// The position (in the grid's order) of the row an element is in.
pub fn row_position(el: &Element) -> Option<usize> {
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
pub struct Slots(StoredValue<Vec<ArcRwSignal<Option<usize>>>>);

impl Slots {
    pub fn new() -> Self {
        Self(StoredValue::new(Vec::new()))
    }

    /// Makes sure there are at least `n` slots. Slots are only ever added (see
    /// `joblens_core::window`), while the number needed moves with every page's column widths
    /// and every filter: slots past the `n` in use show nothing and are hidden.
    fn grow(self, n: usize) -> usize {
        self.0.update_value(|p| {
            if p.len() < n {
                p.resize_with(n, || ArcRwSignal::new(None));
            }
        });
        self.0.with_value(Vec::len)
    }

    /// The slot ids when `n` are needed.
    pub fn ids(self, n: usize) -> Vec<usize> {
        (0..self.grow(n)).collect()
    }

    /// The same, of the first `built` slots only (see [`built_in_steps`]).
    pub fn ids_built(self, n: usize, built: usize) -> Vec<usize> {
        (0..self.grow(n).min(built)).collect()
    }

    /// Places the span's positions in the first `n` slots.
    pub fn place(self, span: (usize, usize), n: usize) {
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

    pub fn get(self, slot: usize) -> Signal<Option<usize>> {
        self.0.with_value(|p| p[slot].clone()).into()
    }
}

/// Cells built in one task while the grid fills its row slots (when it mounts, or its view
/// grows): a full view (about 40 rows of 12 cells) is built over a few tasks, the top rows
/// first, so that none keeps the page busy long.
const CELLS_PER_TASK: usize = 80;

/// How many row slots have their elements, `needed` of `columns` cells each: none in the
/// task that mounts the grid (its header and the rest of the page are work enough), then
/// `CELLS_PER_TASK` cells' worth in each task after it until there are `needed`. Never fewer:
/// slots are only ever added.
pub fn built_in_steps(needed: Memo<usize>, columns: Memo<usize>) -> ReadSignal<usize> {
    let built = RwSignal::new(0usize);
    Effect::new(move |_| {
        if built.get() >= needed.get() {
            return;
        }
        let step = (CELLS_PER_TASK / columns.get().max(1)).max(1);
        set_timeout(
            move || {
                let want = needed.try_get_untracked().unwrap_or(0);
                built.try_update(|b| *b = (*b + step).min(want.max(*b)));
            },
            std::time::Duration::ZERO,
        );
    });
    built.read_only()
}

/// The ids of the slots that hold a span's positions, in the positions' order.
pub fn ids_in_order(
    id: &dyn Fn(usize) -> String,
    (start, end): (usize, usize),
    n: usize,
) -> String {
    (start..end)
        .map(|p| id(RowWindow::slot_of(p, n)))
        .collect::<Vec<_>>()
        .join(" ")
}
