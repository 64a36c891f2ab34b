use crate::{
    api::{now_ms, sleep_ms, Client},
    components::{error_banner::ErrorBanner, job_table::JobTable},
    session::Session,
    ViewScope,
};
use joblens_core::{budget::Backoff, format, ApiError, JobsPage as Page};
use leptos::{prelude::*, task::spawn_local};

/// Poll every few seconds while a job runs; slowly when every job is final.
const POLL_RUNNING_MS: u64 = 5_000;
const POLL_IDLE_MS: u64 = 30_000;

/// `/`: every job the server knows, kept live.
#[component]
pub fn JobsPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let client = expect_context::<Client>();
    let scope = ViewScope::new();
    let page = RwSignal::new(None::<Page>);
    let error = RwSignal::new(None::<ApiError>);
    let updated_at = RwSignal::new(None::<i64>);
    let now = scope.clock();

    let signal = scope.signal();
    spawn_local(async move {
        let mut failures = 0u32;
        while let Some(token) = session.token.get_untracked() {
            let result = client.jobs(&token, signal.as_ref()).await;
            if matches!(result, Err(ApiError::Aborted)) || page.is_disposed() {
                break;
            }
            session.observe(&result);
            let delay = match result {
                Ok(fresh) => {
                    failures = 0;
                    let running = fresh.jobs().iter().any(|j| !j.stage.is_final());
                    page.set(Some(fresh));
                    error.set(None);
                    updated_at.set(Some(now_ms() as i64));
                    if running {
                        POLL_RUNNING_MS
                    } else {
                        POLL_IDLE_MS
                    }
                }
                Err(e) => {
                    let transient = e.is_transient();
                    let wait = match &e {
                        ApiError::RateLimited {
                            retry_after_ms: Some(ms),
                        } => *ms,
                        _ => Backoff::default().delay_ms(failures, js_sys::Math::random()),
                    };
                    error.set(Some(e));
                    if !transient {
                        break;
                    }
                    failures += 1;
                    wait
                }
            };
            sleep_ms(delay).await;
        }
    });

    let jobs = Signal::derive(move || {
        page.with(|p| p.as_ref().map(|p| p.jobs().to_vec()).unwrap_or_default())
    });
    let summary = move || {
        page.with(|p| {
            p.as_ref().map(|p| {
                let rows = p.jobs().len() as u64;
                let mut text = format!("{} jobs", format::count(rows));
                if let Some(total) = p.meta.total_items.filter(|&t| t != rows) {
                    text.push_str(&format!(
                        " (the server reports {} in all)",
                        format::count(total)
                    ));
                }
                text
            })
        })
    };
    let updated = move || {
        updated_at
            .get()
            .map(|t| format!("updated {}", format::relative(t, now.get())))
    };
    let refused = move || matches!(error.get(), Some(ApiError::Unauthorized(_)));
    let tz_offset = crate::tz_offset_minutes();

    view! {
        <section class="page">
            <div class="page__head">
                <h1>"Jobs"</h1>
                <p class="muted page__meta">
                    <span>{summary}</span>
                    " "
                    <span class="updated">{updated}</span>
                </p>
            </div>
            <ErrorBanner error=error />
            <Show when=refused>
                <button class="button button--primary" on:click=move |_| session.sign_out()>
                    "Enter another token"
                </button>
            </Show>
            {move || match page.with(|p| p.as_ref().map(|p| p.jobs().is_empty())) {
                None if error.with(Option::is_none) => {
                    view! { <p class="muted" role="status">"Loading jobs…"</p> }.into_any()
                }
                None => ().into_any(),
                Some(true) => {
                    view! {
                        <div class="card empty">
                            <h2>"No jobs on the server"</h2>
                            <p class="muted">
                                "Jobs appear here when someone runs an asynchronous search or alert. Results are kept for 24 hours."
                            </p>
                        </div>
                    }
                        .into_any()
                }
                Some(false) => view! { <JobTable jobs=jobs now=now tz_offset=tz_offset /> }.into_any(),
            }}
        </section>
    }
}
