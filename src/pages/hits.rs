use crate::{api::Client, components::error_banner::ErrorBanner, session::Session, ViewScope};
use joblens_core::{
    columns::{cell_text, columns},
    format,
    models::PAGE_SIZE,
    ApiError, RequestId, ResponseType, ResultsPage,
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};
use std::sync::{
    atomic::{AtomicU64, Ordering},
    Arc,
};

/// `/jobs/:request_id?page=N&view=client|server`: one page of a job's hits.
#[component]
pub fn HitsPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let client = expect_context::<Client>();
    let scope = ViewScope::new();
    let params = use_params_map();
    let query = use_query_map();
    let id =
        Memo::new(move |_| RequestId(params.with(|p| p.get("request_id").unwrap_or_default())));
    let page_no = Memo::new(move |_| {
        query.with(|q| {
            q.get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .filter(|&p| p >= 1)
                .unwrap_or(1)
        })
    });
    let response_type = Memo::new(move |_| {
        query.with(|q| {
            q.get("view")
                .and_then(|v| ResponseType::parse(&v))
                .unwrap_or_default()
        })
    });
    // The last page that loaded stays on screen while the next one loads.
    let shown = RwSignal::new(None::<(u64, ResultsPage)>);
    let error = RwSignal::new(None::<ApiError>);
    let loading = RwSignal::new(false);
    let generation = Arc::new(AtomicU64::new(0));
    let signal = scope.signal();

    Effect::new(move |_| {
        let (id, page, rt) = (id.get(), page_no.get(), response_type.get());
        let Some(token) = session.token.get() else {
            return;
        };
        let seq = generation.fetch_add(1, Ordering::Relaxed) + 1;
        let generation = generation.clone();
        let client = client.clone();
        let signal = signal.clone();
        loading.set(true);
        spawn_local(async move {
            let result = client.results(&id, page, rt, &token, signal.as_ref()).await;
            if generation.load(Ordering::Relaxed) != seq || shown.is_disposed() {
                return;
            }
            session.observe(&result);
            loading.set(false);
            match result {
                Ok(p) => {
                    shown.set(Some((page, p)));
                    error.set(None);
                }
                Err(ApiError::Aborted) => {}
                Err(e) => error.set(Some(e)),
            }
        });
    });

    let tz_offset = crate::tz_offset_minutes();
    let href = move |page: u64| {
        format!(
            "/jobs/{}?page={page}&view={}",
            js_sys::encode_uri_component(id.get().as_str()),
            response_type.get().as_str()
        )
    };
    let range = move || {
        shown.with(|s| {
            s.as_ref().map(|(page, p)| {
                let n = p.data.hits.len() as u64;
                let first = (page - 1) * PAGE_SIZE + 1;
                match (n, p.meta.total_items) {
                    (0, _) => "No hits on this page".to_owned(),
                    (_, Some(total)) => format!(
                        "Hits {}–{} of {}",
                        format::count(first),
                        format::count(first + n - 1),
                        format::count(total)
                    ),
                    (_, None) => format!(
                        "Hits {}–{}",
                        format::count(first),
                        format::count(first + n - 1)
                    ),
                }
            })
        })
    };
    let next = move || shown.with(|s| s.as_ref().and_then(|(_, p)| p.meta.next_page));
    let prev = move || page_no.get().checked_sub(1).filter(|&p| p >= 1);

    view! {
        <section class="page">
            <div class="page__head">
                <p class="crumbs">
                    <A href="/">"Jobs"</A>
                    " / "
                </p>
                <h1 class="mono">{move || id.get().0}</h1>
                <p class="muted page__meta" role="status">
                    {range}
                    {move || loading.get().then_some(" · loading…")}
                </p>
            </div>
            <ErrorBanner error=error />
            <nav class="pager" aria-label="Pages">
                {move || prev().map(|p| view! { <A href=href(p) attr:class="button">"‹ Previous"</A> })}
                <span class="pager__page">{move || format!("Page {}", page_no.get())}</span>
                {move || next().map(|p| view! { <A href=href(p) attr:class="button">"Next ›"</A> })}
            </nav>
            {move || {
                shown
                    .with(|s| s.as_ref().map(|(_, p)| p.data.hits.clone()))
                    .map(|hits| {
                        let cols = columns(&hits);
                        let head = cols
                            .iter()
                            .map(|c| view! { <th scope="col">{c.clone()}</th> })
                            .collect_view();
                        let rows = hits
                            .iter()
                            .map(|hit| {
                                let cells = cols
                                    .iter()
                                    .map(|c| match cell_text(hit, c, tz_offset) {
                                        Some(t) => view! { <td>{t}</td> }.into_any(),
                                        None => view! { <td class="cell--missing">"—"</td> }.into_any(),
                                    })
                                    .collect_view();
                                view! { <tr>{cells}</tr> }
                            })
                            .collect_view();
                        view! {
                            <div class="table-wrap">
                                <table class="hits">
                                    <thead>
                                        <tr>{head}</tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                    })
            }}
        </section>
    }
}
