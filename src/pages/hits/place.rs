//! Where the hits page is, as the URL says: which job, which page, which field names; and
//! going elsewhere (another page, other names) by changing the URL.

use crate::routes;
use joblens_core::{RequestId, ResponseType};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_navigate, use_params_map, use_query_map},
    NavigateOptions,
};

#[derive(Clone, Copy)]
pub struct Place {
    pub id: Memo<RequestId>,
    /// From 1; anything else in the URL reads as 1.
    pub page: Memo<u64>,
    pub names: Memo<ResponseType>,
    /// Goes to a page, in some field names.
    pub go: Callback<(u64, ResponseType)>,
}

impl Place {
    pub fn from_url() -> Self {
        let params = use_params_map();
        let query = use_query_map();
        let navigate = use_navigate();
        let id =
            Memo::new(move |_| RequestId(params.with(|p| p.get("request_id").unwrap_or_default())));
        let page = Memo::new(move |_| {
            query.with(|q| {
                q.get("page")
                    .and_then(|p| p.parse::<u64>().ok())
                    .filter(|&p| p >= 1)
                    .unwrap_or(1)
            })
        });
        let names = Memo::new(move |_| {
            query.with(|q| {
                q.get("view")
                    .and_then(|v| ResponseType::parse(&v))
                    .unwrap_or_default()
            })
        });
        let go = Callback::new(move |(page, rt): (u64, ResponseType)| {
            let path = routes::hits(id.get_untracked().as_str(), page, rt);
            let options = NavigateOptions {
                scroll: false,
                ..Default::default()
            };
            navigate(&path, options);
        });
        Self {
            id,
            page,
            names,
            go,
        }
    }

    /// The in-app path of `page` of this job in these field names.
    pub fn path(&self, page: u64, names: ResponseType) -> String {
        routes::hits(self.id.get_untracked().as_str(), page, names)
    }
}
