//! Where the explorer is, as the URL says: which job, in which field names, which filters and
//! order ([`View`]), which page of the matches; and going elsewhere by changing the URL, so a
//! link reopens the same view once the job is loaded again.

use crate::routes;
use joblens_core::{explore::protocol::View, RequestId, ResponseType};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_navigate, use_params_map, use_query_map},
    NavigateOptions,
};

#[derive(Clone, Copy)]
pub struct Place {
    pub id: Memo<RequestId>,
    pub names: Memo<ResponseType>,
    pub view: Memo<View>,
    /// The page of matches, from 1.
    pub page: Memo<u64>,
    go: Callback<(View, u64)>,
}

impl Place {
    pub fn from_url() -> Self {
        let params = use_params_map();
        let query = use_query_map();
        let navigate = use_navigate();
        let id =
            Memo::new(move |_| RequestId(params.with(|p| p.get("request_id").unwrap_or_default())));
        let names = Memo::new(move |_| {
            query.with(|q| {
                q.get("view")
                    .and_then(|v| ResponseType::parse(&v))
                    .unwrap_or_default()
            })
        });
        let page = Memo::new(move |_| {
            query.with(|q| {
                q.get("page")
                    .and_then(|p| p.parse::<u64>().ok())
                    .filter(|&p| p >= 1)
                    .unwrap_or(1)
            })
        });
        let view = Memo::new(move |_| {
            query.with(|q| View::from_params(|k| q.get_all(k).unwrap_or_default()))
        });
        let go = Callback::new(move |(view, page): (View, u64)| {
            let path = routes::explore(
                id.get_untracked().as_str(),
                names.get_untracked(),
                &view,
                page,
            );
            let options = NavigateOptions {
                scroll: false,
                ..Default::default()
            };
            navigate(&path, options);
        });
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
        self.go.run((view, page));
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
