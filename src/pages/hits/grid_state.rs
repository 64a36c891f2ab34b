//! What the grid shows of the loaded page: the quick filter, the sort, the columns (their
//! layout remembered per log type), the time zone, the active cell and the hit opened.

use super::load::Pages;
use crate::{
    components::hits_grid::{Active, GridData, TimeZone},
    storage,
};
use joblens_core::{
    config::AppConfig,
    hits::{discovered, log_type_key, view as grid_view, ColumnLayout},
    Hit,
};
use leptos::prelude::*;
use std::{
    hash::{DefaultHasher, Hash, Hasher},
    sync::Arc,
};

#[derive(Clone, Copy)]
pub struct GridState {
    pub filter: RwSignal<String>,
    /// The column sorted by, and whether descending.
    pub sort: RwSignal<Option<(String, bool)>>,
    pub active: RwSignal<Option<Active>>,
    pub utc: RwSignal<bool>,
    pub show_fields: RwSignal<bool>,
    /// The hit whose detail is open.
    pub detail: RwSignal<Option<Hit>>,
    pub hits: Memo<Arc<Vec<Hit>>>,
    /// Every field the page's hits have, in first-seen order.
    pub found: Memo<Vec<String>>,
    pub layout: RwSignal<ColumnLayout>,
    pub columns: Memo<Vec<String>>,
    pub data: Memo<GridData>,
    pub tz: Signal<TimeZone>,
}

impl GridState {
    pub fn new(pages: Pages) -> Self {
        let shown = pages.shown;
        let filter = RwSignal::new(String::new());
        let sort = RwSignal::new(None::<(String, bool)>);
        let utc = RwSignal::new(use_context::<AppConfig>().is_some_and(|c| c.utc));
        let hits = Memo::new(move |_| {
            shown.with(|s| s.as_ref().map(|l| l.hits.clone()).unwrap_or_default())
        });
        let log_type = Memo::new(move |_| hits.with(|h| log_type_key(h)));
        let found = Memo::new(move |_| hits.with(|h| discovered(h)));
        let layout = RwSignal::new(ColumnLayout::default());
        // Each log type has its own layout: read when the type changes, saved when the
        // layout does.
        Effect::new(move |_| layout.set(storage::column_layout(&log_type.get())));
        Effect::new(move |prev: Option<String>| {
            let key = log_type.get_untracked();
            layout.with(|l| {
                if prev.as_deref() == Some(key.as_str()) {
                    storage::set_column_layout(&key, l);
                }
            });
            key
        });
        let columns = Memo::new(move |_| layout.with(|l| l.visible(&found.get())));
        let data = Memo::new(move |_| {
            let (generation, page_view) =
                shown.with(|s| s.as_ref().map_or((0, 0), |l| (l.generation, l.view)));
            let hits = hits.get();
            let (order, view) = filter.with(|f| {
                sort.with(|s| {
                    // What is shown: the page, the filter and the sort (not how many hits the
                    // page has).
                    let mut view = DefaultHasher::new();
                    (page_view, f, s).hash(&mut view);
                    let order = grid_view(&hits, f, s.as_ref().map(|(c, d)| (c.as_str(), *d)));
                    (order, view.finish())
                })
            });
            GridData {
                generation,
                view,
                hits,
                order: Arc::new(order),
            }
        });
        let tz_offset = crate::tz_offset_minutes();
        let tz = Signal::derive(move || TimeZone {
            offset_minutes: tz_offset,
            utc: utc.get(),
        });
        Self {
            filter,
            sort,
            active: RwSignal::new(None),
            utc,
            show_fields: RwSignal::new(true),
            detail: RwSignal::new(None),
            hits,
            found,
            layout,
            columns,
            data,
            tz,
        }
    }

    /// A header click: sorts by the column, or turns its direction.
    pub fn sort_by(&self, col: String) {
        self.sort.update(|s| {
            *s = match s.take() {
                Some((c, desc)) if c == col => Some((c, !desc)),
                _ => Some((col, false)),
            }
        })
    }

    /// Opens the detail of the hit at position `i` of the page.
    pub fn open(&self, i: usize) {
        self.detail
            .set(self.hits.with_untracked(|h| h.get(i).cloned()));
    }
}
