//! `/jobs/:request_id`: one page of a job's hits, with the job's live summary, paging and export.

use crate::{
    api::{sleep_ms, Client},
    components::{
        error_banner::{ErrorBanner, ErrorText},
        field_list::FieldList,
        hit_detail::HitDetail,
        hits_grid::{Active, GridData, HitsGrid, TimeZone},
        stage_badge::StageBadge,
        toasts::{ToastKind, Toaster},
    },
    export::{Export, ExportError, Format},
    listen, routes,
    session::Session,
    storage, ViewScope,
};
use joblens_core::{
    budget::DEFAULT_LIMIT_PER_MINUTE,
    config::AppConfig,
    export::estimate_minutes,
    format,
    grid::{discovered, jump_target, log_type_key, view as grid_view, ColumnLayout, PageSpan},
    value::visible,
    ApiError, Hit, Job, RequestId, ResponseType, ResultsPage,
};
use leptos::{html::Input, prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map, use_query_map},
    NavigateOptions,
};
use send_wrapper::SendWrapper;
use std::{
    hash::{DefaultHasher, Hash, Hasher},
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
};
use wasm_bindgen::JsCast;

const JOB_POLL_MS: u64 = 5_000;
/// A loaded page of hits.
#[derive(Clone)]
struct Loaded {
    generation: u64,
    /// Which page of which job, in which field names.
    place: (RequestId, u64, ResponseType),
    /// Changes when another page is shown; not when the same page is loaded again because
    /// the running job found more hits (the grid then keeps its place).
    view: u64,
    /// Hits the page gained since it was last loaded, when it was loaded again.
    added: usize,
    page: u64,
    hits: Arc<Vec<Hit>>,
    meta: joblens_core::models::ResultsMeta,
}

/// `/jobs/:request_id?page=N&view=client|server`: one page of a job's hits.
#[component]
pub fn HitsPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let client = expect_context::<Client>();
    let toaster = expect_context::<Toaster>();
    let scope = ViewScope::new();
    let now = scope.clock();
    let params = use_params_map();
    let query = use_query_map();
    let navigate = use_navigate();
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
    let href =
        move |page: u64, rt: ResponseType| routes::hits(id.get_untracked().as_str(), page, rt);
    let go = Callback::new(move |(page, rt): (u64, ResponseType)| {
        navigate(
            &href(page, rt),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    });

    let shown = RwSignal::new(None::<Loaded>);
    let error = RwSignal::new(None::<ApiError>);
    let loading = RwSignal::new(false);
    let job = RwSignal::new(None::<Job>);
    let job_error = RwSignal::new(None::<ApiError>);
    let reload = RwSignal::new(0u64);
    let generation = Arc::new(AtomicU64::new(0));

    // The page in the URL, fetched whenever it changes; the last page stays until it arrives.
    let signal = scope.signal();
    {
        let client = client.clone();
        let signal = signal.clone();
        Effect::new(move |_| {
            let (id, page, rt) = (id.get(), page_no.get(), response_type.get());
            reload.track();
            let Some(token) = session.token.get() else {
                return;
            };
            let seq = generation.fetch_add(1, Ordering::Relaxed) + 1;
            let generation = generation.clone();
            let client = client.clone();
            let signal = signal.clone();
            loading.set(true);
            spawn_local(async move {
                let result: Result<ResultsPage, ApiError> =
                    client.results(&id, page, rt, &token, signal.as_ref()).await;
                if generation.load(Ordering::Relaxed) != seq || shown.is_disposed() {
                    return;
                }
                loading.set(false);
                match result {
                    Ok(p) => {
                        crate::mark("joblens:page-data");
                        crate::mark_after_paint("joblens:page-painted");
                        let place = (id, page, rt);
                        let (view, added) = shown.with_untracked(|s| match s {
                            Some(old) if old.place == place => {
                                (old.view, p.hits.len().saturating_sub(old.hits.len()))
                            }
                            Some(old) => (old.view + 1, 0),
                            None => (0, 0),
                        });
                        shown.set(Some(Loaded {
                            generation: seq,
                            place,
                            view,
                            added,
                            page,
                            hits: Arc::new(p.hits),
                            meta: p.meta,
                        }));
                        error.set(None);
                    }
                    Err(ApiError::Aborted) => {}
                    Err(e) => error.set(Some(e)),
                }
            });
        });
    }

    // The job's summary, kept live while it runs; a running job's last page grows.
    {
        let client = client.clone();
        let signal = signal.clone();
        spawn_local(async move {
            while let Some(token) = session.token.get_untracked() {
                let Some(rid) = id.try_get_untracked() else {
                    break;
                };
                let result = client.job(&rid, &token, signal.as_ref()).await;
                if matches!(result, Err(ApiError::Aborted)) || job.is_disposed() {
                    break;
                }
                match result {
                    Ok(fresh) => {
                        let grew = job
                            .with_untracked(|old| old.as_ref().map(|o| o.hits_done))
                            .is_some_and(|before| before != fresh.hits_done);
                        let running = !fresh.stage.is_final();
                        job.set(Some(fresh));
                        job_error.set(None);
                        let partial = shown.with_untracked(|s| {
                            s.as_ref()
                                .is_none_or(|l| l.meta.next_page.is_none() && l.hits.len() < 1000)
                        });
                        if grew && partial {
                            reload.update(|n| *n += 1);
                        }
                        if !running {
                            break;
                        }
                    }
                    Err(e) => {
                        let gone = matches!(e, ApiError::NotFound(_));
                        job_error.set(Some(e));
                        if gone {
                            break;
                        }
                    }
                }
                sleep_ms(JOB_POLL_MS).await;
            }
        });
    }

    // What the grid shows.
    let filter = RwSignal::new(String::new());
    let sort = RwSignal::new(None::<(String, bool)>);
    let active = RwSignal::new(None::<Active>);
    let utc = RwSignal::new(use_context::<AppConfig>().is_some_and(|c| c.utc));
    let show_fields = RwSignal::new(true);
    let detail = RwSignal::new(None::<Hit>);
    let hits =
        Memo::new(move |_| shown.with(|s| s.as_ref().map(|l| l.hits.clone()).unwrap_or_default()));
    let log_type = Memo::new(move |_| hits.with(|h| log_type_key(h)));
    let found = Memo::new(move |_| hits.with(|h| discovered(h)));
    let layout = RwSignal::new(ColumnLayout::default());
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
    let on_sort = Callback::new(move |col: String| {
        sort.update(|s| {
            *s = match s.take() {
                Some((c, desc)) if c == col => Some((c, !desc)),
                _ => Some((col, false)),
            }
        })
    });
    let on_open =
        Callback::new(move |i: usize| detail.set(hits.with_untracked(|h| h.get(i).cloned())));

    let job_pages = Memo::new(move |_| job.with(|j| j.as_ref().and_then(|j| j.total_pages)));
    let span = Memo::new(move |_| {
        let pages = job_pages.get();
        shown.with(|s| {
            s.as_ref().map(|l| PageSpan {
                page: l.page,
                len: l.hits.len() as u64,
                total: l.meta.total_items,
                pages,
                next: l.meta.next_page,
            })
        })
    });
    let last_page = move || span.get().map_or(1, |s| s.last_page());
    let filter_box = NodeRef::<Input>::new();

    // Keys for the whole page: n / p for pages, / to the filter.
    if let Some(w) = web_sys::window() {
        listen(w.into(), "keydown", move |ev| {
            let Some(ev) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if ev.ctrl_key()
                || ev.meta_key()
                || ev.alt_key()
                || detail.with_untracked(Option::is_some)
            {
                return;
            }
            let typing = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                });
            if typing {
                return;
            }
            let (page, rt) = (page_no.get_untracked(), response_type.get_untracked());
            match ev.key().as_str() {
                "n" if span.get_untracked().is_some_and(|s| page < s.last_page()) => {
                    go.run((page + 1, rt))
                }
                "p" if page > 1 => go.run((page - 1, rt)),
                "/" => {
                    ev.prevent_default();
                    if let Some(el) = filter_box.get_untracked() {
                        let _ = el.focus();
                    }
                }
                _ => {}
            }
        });
    }

    // Export.
    let export_open = RwSignal::new(false);
    let export_all = RwSignal::new(false);
    let export_format = RwSignal::new(Format::Csv);
    let export_done = RwSignal::new(0u64);
    let export_total = RwSignal::new(None::<u64>);
    let export_error = RwSignal::new(None::<ExportError>);
    let export_cancel = StoredValue::new(None::<SendWrapper<web_sys::AbortController>>);
    let start_export = {
        let client = client.clone();
        Callback::new(move |()| {
            let Some(token) = session.token.get_untracked() else {
                return;
            };
            let page = page_no.get_untracked();
            let (first, last) = if export_all.get_untracked() {
                (1, last_page())
            } else {
                (page, page)
            };
            let export = Export {
                id: id.get_untracked(),
                first,
                last,
                format: export_format.get_untracked(),
                columns: columns.get_untracked(),
                response_type: response_type.get_untracked(),
            };
            let Ok(controller) = web_sys::AbortController::new() else {
                return;
            };
            let cancel = controller.signal();
            export_cancel.set_value(Some(SendWrapper::new(controller)));
            export_done.set(0);
            export_total.set(Some(export.pages()));
            export_error.set(None);
            let client = client.clone();
            spawn_local(async move {
                let result = export.run(&client, &token, &cancel, export_done).await;
                if export_total.is_disposed() {
                    return;
                }
                export_total.set(None);
                match result {
                    Ok(name) => {
                        toaster.push(ToastKind::Success, format!("Saved {name}"), None);
                        export_open.set(false);
                    }
                    Err(e) => export_error.set(Some(e)),
                }
            });
        })
    };
    let cancel_export = move |_| {
        export_cancel.with_value(|c| {
            if let Some(c) = c {
                c.abort();
            }
        })
    };
    let estimate = move || {
        let pages = if export_all.get() { last_page() } else { 1 };
        let minutes = estimate_minutes(pages, DEFAULT_LIMIT_PER_MINUTE);
        if pages > u64::from(DEFAULT_LIMIT_PER_MINUTE) {
            format!(
                "{} pages, one request each: about {minutes} minutes at the app's limit of {DEFAULT_LIMIT_PER_MINUTE} requests a minute (the server allows 60).",
                format::count(pages)
            )
        } else {
            format!(
                "{} page{}, one request each.",
                format::count(pages),
                if pages == 1 { "" } else { "s" }
            )
        }
    };

    // What the page says above the grid.
    let gone = move || {
        matches!(job_error.get(), Some(ApiError::NotFound(_)))
            || (matches!(error.get(), Some(ApiError::NotFound(_)))
                && job.with(Option::is_none)
                && !loading.get())
    };
    // A page past the last: a 404 where the job has fewer pages, or an empty 200 past them.
    let past_end = move || {
        let missing = matches!(error.get(), Some(ApiError::NotFound(_)))
            && job_pages.get().is_some_and(|p| page_no.get() > p.max(1));
        let empty = error.with(Option::is_none)
            && span
                .get()
                .is_some_and(|s| s.page == page_no.get() && s.past_end());
        missing || empty
    };
    let last_known = move || job_pages.get().map_or_else(last_page, |p| p.max(1));
    let job_summary = move || {
        job.get().map(|j| {
            let note = match &j.stage {
                joblens_core::Stage::Running => Some("The search is still running: hits appear as it finds them."),
                joblens_core::Stage::Failed => Some("The search failed; the hits it found before failing are shown."),
                _ => None,
            };
            let hits = match (j.hits_done, j.total_hits) {
                (Some(done), Some(total)) if done != total => {
                    format!("{} / {}", format::count(done), format::count_of(total, "hit", "hits"))
                }
                (_, Some(total)) => format::count_of(total, "hit", "hits"),
                (Some(done), None) => format!("{} / — hits", format::count(done)),
                (None, None) => "— hits".to_owned(),
            };
            let pages = j
                .total_pages
                .map_or_else(|| "— pages".to_owned(), |n| format::count_of(n, "page", "pages"));
            view! {
                <div class="job-summary">
                    <StageBadge stage=j.stage.clone() />
                    <span>{hits}</span>
                    <span>{pages}</span>
                    {j.submitted_at.map(|at| view! {
                        <span>
                            "submitted "
                            <time title=format::date_time(at, tz_offset)>
                                {move || format::relative(at, now.get())}
                            </time>
                        </span>
                    })}
                    {j.running_time_millis.map(|ms| view! { <span>{format!("ran {}", format::duration(ms))}</span> })}
                    {note.map(|n| view! { <span class="muted">{n}</span> })}
                </div>
            }
        })
    };
    let page_input = RwSignal::new(String::new());
    let jump = move || {
        if let Some(p) = jump_target(&page_input.get_untracked(), last_page()) {
            go.run((p, response_type.get_untracked()));
        }
    };

    view! {
        <section class="page page--hits">
            <div class="page__head">
                <p class="crumbs">
                    <A href=routes::href("/")>"Jobs"</A>
                    " /"
                </p>
                <h1 class="mono">{move || visible(id.get().as_str()).into_owned()}</h1>
                {job_summary}
            </div>
            <Show
                when=move || !gone()
                fallback=move || {
                    view! {
                        <div class="card empty" role="alert">
                            <h2>"This job is gone"</h2>
                            <p class="muted">
                                "It was deleted, or its results expired: the server removes them 24 hours after the search."
                            </p>
                            <A href=routes::href("/") attr:class="button button--primary">"Back to the jobs"</A>
                        </div>
                    }
                }
            >
                <div class="toolbar">
                    <label class="field">
                        <span>"Filter this page"</span>
                        <input
                            type="search"
                            node_ref=filter_box
                            placeholder="any field…  ( / )"
                            prop:value=move || filter.get()
                            on:input=move |ev| filter.set(event_target_value(&ev))
                        />
                    </label>
                    <label class="field">
                        <span>"Field names"</span>
                        <select
                            prop:value=move || response_type.get().as_str()
                            on:change=move |ev| {
                                let rt = ResponseType::parse(&event_target_value(&ev)).unwrap_or_default();
                                go.run((page_no.get_untracked(), rt));
                            }
                        >
                            <option value="client">"Display names (client)"</option>
                            <option value="server">"Internal names (server)"</option>
                        </select>
                    </label>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || utc.get() on:change=move |ev| utc.set(event_target_checked(&ev)) />
                        "Times in UTC"
                    </label>
                    <label class="check">
                        <input
                            type="checkbox"
                            prop:checked=move || show_fields.get()
                            on:change=move |ev| show_fields.set(event_target_checked(&ev))
                        />
                        "Field list"
                    </label>
                    <button class="button" aria-expanded=move || export_open.get().to_string() on:click=move |_| export_open.update(|o| *o = !*o)>
                        "Export…"
                    </button>
                </div>
                <Show when=move || export_open.get()>
                    <div class="card export" role="region" aria-label="Export">
                        <fieldset>
                            <legend>"Which hits"</legend>
                            <label class="check">
                                <input type="radio" name="export-scope" prop:checked=move || !export_all.get() on:change=move |_| export_all.set(false) />
                                {move || format!("This page ({})", page_no.get())}
                            </label>
                            <label class="check">
                                <input type="radio" name="export-scope" prop:checked=move || export_all.get() on:change=move |_| export_all.set(true) />
                                {move || format!("All {}", format::count_of(last_page(), "page", "pages"))}
                            </label>
                        </fieldset>
                        <fieldset>
                            <legend>"Format"</legend>
                            <label class="check">
                                <input type="radio" name="export-format" prop:checked=move || export_format.get() == Format::Csv on:change=move |_| export_format.set(Format::Csv) />
                                "CSV (the columns shown)"
                            </label>
                            <label class="check">
                                <input type="radio" name="export-format" prop:checked=move || export_format.get() == Format::Ndjson on:change=move |_| export_format.set(Format::Ndjson) />
                                "NDJSON (every field)"
                            </label>
                        </fieldset>
                        <p class="muted">{estimate}</p>
                        {move || match export_total.get() {
                            None => view! {
                                <button class="button button--primary" on:click=move |_| start_export.run(())>"Start export"</button>
                            }.into_any(),
                            Some(total) => view! {
                                <div class="export__progress" role="status">
                                    <progress max=total value=move || export_done.get() aria-label="Export progress"></progress>
                                    <span>{move || format!("{} of {}", export_done.get(), format::count_of(total, "page", "pages"))}</span>
                                    <button class="button" on:click=cancel_export>"Cancel export"</button>
                                </div>
                            }.into_any(),
                        }}
                        {move || export_error.get().map(|e| match e {
                            ExportError::Failed { page, error } => view! {
                                <ErrorText error=error class="field-error" lead=ExportError::stopped_at(page) />
                            }.into_any(),
                            other => view! { <p class="field-error" role="alert">{other.to_string()}</p> }.into_any(),
                        })}
                    </div>
                </Show>
                <nav class="pager" aria-label="Pages">
                    {move || {
                        let page = page_no.get();
                        let last = last_page();
                        let rt = response_type.get();
                        let link = move |label: &'static str, name: &'static str, to: u64, enabled: bool| {
                            if enabled {
                                view! { <A href=routes::href(&href(to, rt)) attr:class="button" attr:aria-label=name>{label}</A> }.into_any()
                            } else {
                                view! { <button class="button" disabled aria-label=name>{label}</button> }.into_any()
                            }
                        };
                        view! {
                            {link("«", "First page", 1, page > 1)}
                            {link("‹ Previous", "Previous page", page.saturating_sub(1).max(1), page > 1)}
                            {link("Next ›", "Next page", page + 1, page < last)}
                            {link("»", "Last page", last, page < last)}
                        }
                    }}
                    <form class="pager__jump" on:submit=move |ev| { ev.prevent_default(); jump(); }>
                        <label>
                            "Page "
                            <input
                                type="text"
                                inputmode="numeric"
                                size="5"
                                aria-label="Go to page"
                                placeholder=move || page_no.get().to_string()
                                prop:value=move || page_input.get()
                                on:input=move |ev| page_input.set(event_target_value(&ev))
                            />
                            {move || format!(" of {}", format::count(last_page()))}
                        </label>
                        <button class="button" type="submit">"Go"</button>
                    </form>
                    <span class="pager__range" role="status">
                        {move || span.get().map(|s| s.range_text())}
                        {move || loading.get().then_some(" · loading…")}
                    </span>
                </nav>
                <ErrorBanner error=Signal::derive(move || error.get().filter(|e| !matches!(e, ApiError::NotFound(_)))) />
                <Show when=past_end>
                    <div class="card empty" role="alert">
                        <h2>{move || format!("Page {} does not exist", page_no.get())}</h2>
                        <p class="muted">{move || format!("This job has {}.", format::count_of(last_known(), "page", "pages"))}</p>
                        <A href=move || routes::href(&href(last_known(), response_type.get())) attr:class="button">
                            "Go to the last page"
                        </A>
                    </div>
                </Show>
                {move || (shown.with(Option::is_none) && error.with(Option::is_none)).then(|| view! { <p class="muted" role="status">"Loading hits…"</p> })}
                <Show when=move || shown.with(|s| s.as_ref().is_some_and(|l| l.hits.is_empty())) && !past_end()>
                    <div class="card empty">
                        <h2>"No hits on this page"</h2>
                        <p class="muted">"A running search shows its hits as it finds them."</p>
                    </div>
                </Show>
                <Show when=move || hits.with(|h| !h.is_empty())>
                    <div class="hits-layout" class:hits-layout--fields=move || show_fields.get()>
                        <Show when=move || show_fields.get()>
                            <FieldList hits=hits discovered=found layout=layout />
                        </Show>
                        <div class="hits-main">
                            <p class="muted grid-meta" role="status">
                                {move || {
                                    let shown_n = data.with(|d| d.order.len());
                                    let all = hits.with(|h| h.len());
                                    let filtered = (shown_n != all).then(|| format!("{} of {} on this page match the filter.", format::count(shown_n as u64), format::count_of(all as u64, "hit", "hits")));
                                    let added = shown.with(|s| s.as_ref().map_or(0, |l| l.added));
                                    let grown = (added > 0).then(|| format!("{} new {} arrived while you were here.", format::count(added as u64), if added == 1 { "hit" } else { "hits" }));
                                    [filtered, grown].into_iter().flatten().collect::<Vec<_>>().join(" ")
                                }}
                            </p>
                            <HitsGrid data=data columns=columns tz=tz sort=sort on_sort=on_sort on_open=on_open active=active />
                        </div>
                    </div>
                </Show>
            </Show>
            <HitDetail hit=detail tz=tz />
        </section>
    }
}
