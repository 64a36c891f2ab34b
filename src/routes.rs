//! Every in-app link: the app's paths built in one place, and the path the app is served from.
//!
//! A path (`/jobs/ID?page=2&view=client`) is what the router and `navigate` take; [`href`]
//! puts the serving path in front of it for a link's `href`.

use joblens_core::{jobs::TableQuery, ResponseType};

/// `/`, the job table, with its filter and sort.
pub fn jobs(query: &TableQuery) -> String {
    format!("/{}", query.to_query_string())
}

/// `/jobs/ID`: the hits of a job, at their first page.
pub fn job(id: &str) -> String {
    format!("/jobs/{}", js_sys::encode_uri_component(id))
}

/// `/jobs/ID?page=N&view=client|server`: one page of a job's hits, in one kind of field names.
pub fn hits(id: &str, page: u64, view: ResponseType) -> String {
    format!("{}?page={page}&view={}", job(id), view.as_str())
}

/// Where the app is served from, as `<base href>` says (trunk's `--public-url`): `""` at the
/// root, `/tools/joblens` under a sub-path. Routes and links are relative to it.
fn served_from() -> String {
    let path = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|u| u.pathname())
        .unwrap_or_default();
    path.trim_end_matches('/').to_owned()
}

thread_local! {
    static BASE: String = served_from();
}

/// The path the app is served from, for the router.
pub fn base() -> String {
    BASE.with(Clone::clone)
}

/// An app path as a link's `href`: under the path the app is served from. (`navigate` adds the
/// base itself; `<A>` takes an absolute `href` as it is.)
pub fn href(path: &str) -> String {
    BASE.with(|base| format!("{base}{path}"))
}
