//! Where the explorer is, as the URL says: which job, in which field names, which filters and
//! order ([`View`]), which page of the matches; and going elsewhere by changing the URL, so a
//! link reopens the same view once the job is loaded again.

use crate::{
    pages::job_url::{navigate_in_place, JobUrl},
    routes,
};
use joblens_core::{explore::protocol::View, RequestId, ResponseType};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[derive(Clone, Copy)]
pub struct Place {
    pub id: Memo<RequestId>,
    pub names: Memo<ResponseType>,
    pub view: Memo<View>,
    /// The page of matches, from 1.
    pub page: Memo<u64>,
    go: Callback<String>,
}

impl Place {
    pub fn from_url() -> Self {
        let JobUrl { id, page, names } = JobUrl::read();
        let query = use_query_map();
        let view = Memo::new(move |_| {
            query.with(|q| View::from_params(|k| q.get_all(k).unwrap_or_default()))
        });
        let navigate = navigate_in_place();
        let go = Callback::new(move |path: String| navigate(&path));
        Self {
            id,
            names,
            view,
            page,
            go,
        }
    }

    /// Shows `view` at page `page` of its matches.
    pub fn go(&self, view: View, page: u64) {
        self.go.run(self.path(view, page));
    }

    /// The in-app path of `view` at `page`.
    pub fn path(&self, view: View, page: u64) -> String {
        routes::explore(
            self.id.get_untracked().as_str(),
            self.names.get_untracked(),
            &view,
            page,
        )
    }

    /// The view sorted by `col`: a new column ascending, the same column the other way.
    pub fn sorted_by(&self, col: String) -> View {
        let mut view = self.view.get_untracked();
        view.sort = match view.sort.take() {
            Some((c, desc)) if c == col => Some((c, !desc)),
            _ => Some((col, false)),
        };
        view
    }
}
