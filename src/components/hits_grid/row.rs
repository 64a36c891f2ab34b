//! What a row slot shows (the page and one hit) and the cells it holds, each written by one
//! effect that changes only what changed.

use super::{
    cell::{cell, write_cell, Kind, Written},
    GridData, TimeZone,
};
use leptos::{html::Div, prelude::*};
use std::sync::Arc;

/// Everything a cell reads besides its row and column, in one value that changes with the page,
/// the columns or the time zone. Cells read it through their row (see [`RowView`]): an effect
/// re-subscribes to what it reads on every run, and doing that to a source every cell shares
/// costs in proportion to the number of cells.
pub struct PageView {
    pub data: GridData,
    pub columns: Vec<String>,
    pub kinds: Vec<Kind>,
    pub widths: Vec<u32>,
    pub tz: TimeZone,
}

/// The page and the hit a row slot shows.
#[derive(Clone)]
pub struct RowView {
    pub page: Arc<PageView>,
    pub hit: usize,
}

/// The same page (the same value, not an equal one) and hit.
impl PartialEq for RowView {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.page, &other.page) && self.hit == other.hit
    }
}

/// One cell of a row slot, in a column slot: it shows the column that slot shows, for the hit
/// the row slot shows, and is kept as long as both slots are.
pub fn grid_cell(
    id: String,
    row: Memo<Option<RowView>>,
    active_col: Memo<Option<usize>>,
    col: Signal<Option<usize>>,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    // One effect writes the cell, and only what changed: a scroll changes what a few rows show,
    // and each effect run re-subscribes to what it reads, so one per cell, not one per
    // attribute.
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
