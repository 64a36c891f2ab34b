//! Every in-app link: the app's paths built in one place, and the path the app is served from.
//!
//! A path (`/jobs/ID?page=2&view=client`) is what the router and `navigate` take; [`href`]
//! puts the serving path in front of it for a link's `href`.

use joblens_core::{explore::protocol::View, jobs::TableQuery, ResponseType};

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

/// `/jobs/ID/explore?view=…&page=N&q=…`: every hit of a job, filtered and sorted as `view`
/// says, at page `page` of the matches.
pub fn explore(id: &str, names: ResponseType, view: &View, page: u64) -> String {
    let mut query = format!("view={}", names.as_str());
    if page > 1 {
        query.push_str(&format!("&page={page}"));
    }
    let rest = view.to_query_string();
    if !rest.is_empty() {
        query.push('&');
        query.push_str(&rest);
    }
    format!("{}/explore?{query}", job(id))
}

/// The request id of the job an app path is about (`/jobs/ID…`), as the URL has it.
pub fn job_in_path(path: &str) -> Option<String> {
    let rest = path.split_once("/jobs/")?.1;
    let id = rest.split(['/', '?']).next().filter(|s| !s.is_empty())?;
    Some(
        js_sys::decode_uri_component(id)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| id.to_owned()),
    )
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

/// Whether a location's path is the job table's (the app's root, with or without its slash).
pub fn is_job_table(path: &str) -> bool {
    BASE.with(|base| {
        path.strip_prefix(base.as_str())
            .is_some_and(|rest| rest.is_empty() || rest == "/")
    })
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
