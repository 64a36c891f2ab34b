//! What the URL of a job's pages says, which the hits page and the explorer both read: which
//! job, which page, which field names; and going to another such URL in place.

use joblens_core::{RequestId, ResponseType};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_navigate, use_params_map, use_query_map},
    NavigateOptions,
};

#[derive(Clone, Copy)]
pub struct JobUrl {
    pub id: Memo<RequestId>,
    /// From 1; anything else in the URL reads as 1.
    pub page: Memo<u64>,
    pub names: Memo<ResponseType>,
}

impl JobUrl {
    pub fn read() -> Self {
        let params = use_params_map();
        let query = use_query_map();
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
        Self { id, page, names }
    }
}

/// Goes to an in-app path, keeping the scroll position (a page of the same job, other filters).
pub fn navigate_in_place() -> impl Fn(&str) + Clone + Send + Sync + 'static {
    let navigate = use_navigate();
    move |path| {
        let options = NavigateOptions {
            scroll: false,
            ..Default::default()
        };
        navigate(path, options);
    }
}
