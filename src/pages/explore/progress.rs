//! Loading the whole job, seen and steered: the offer before it starts (how many pages, how
//! long), then a progress bar with pause, resume, stop and Forget, pages that failed, and what
//! the store holds.

use super::place::Place;
use crate::{api::Client, explorer::Explorer, session::Session, ViewScope};
use joblens_core::{
    budget::DEFAULT_LIMIT_PER_MINUTE,
    config::AppConfig,
    explore::plan::{offer, progress_text, Status},
    format::{count, count_of, hundredths, megabytes},
    Job,
};
use leptos::{prelude::*, task::spawn_local};

#[component]
pub fn Progress(place: Place, #[prop(into)] held: Signal<bool>) -> impl IntoView {
    let explorer = expect_context::<Explorer>();
    let max_hits = use_context::<AppConfig>().map_or(1_000_000, |c| c.max_explore_hits);
    view! {
        <Show when=move || held.get() fallback=move || view! { <Offer place=place max_hits=max_hits /> }>
            <Loading explorer=explorer />
        </Show>
    }
}

/// Before anything is held: what exploring costs, and the button that starts it.
#[component]
fn Offer(place: Place, max_hits: u64) -> impl IntoView {
    let explorer = expect_context::<Explorer>();
    let client = expect_context::<Client>();
    let session = expect_context::<Session>();
    let scope = ViewScope::new();
    let job = RwSignal::new(None::<Job>);
    let signal = scope.signal();
    if let Some(token) = session.token.get_untracked() {
        let id = place.id.get_untracked();
        spawn_local(async move {
            if let Ok(j) = client.job(&id, &token, signal.as_ref()).await {
                job.try_set(Some(j));
            }
        });
    }
    let hits = move || job.with(|j| j.as_ref().and_then(|j| j.hits_done.or(j.total_hits)));
    let label = move || match hits() {
        Some(n) => offer(n, DEFAULT_LIMIT_PER_MINUTE),
        None => "Explore all hits".to_owned(),
    };
    let filtered = move || place.view.with(|v| *v != Default::default());
    let start = move |_| {
        explorer.start(
            place.id.get_untracked(),
            place.names.get_untracked(),
            max_hits,
        )
    };
    view! {
        <div class="card explore-offer">
            <h2>"Every hit of this job, asked locally"</h2>
            <p>
                "Joblens fetches each page once, within the app's "
                {DEFAULT_LIMIT_PER_MINUTE}
                " requests a minute, into memory in this tab. Filters, counts, the chart and sorting then cover every hit, without another request."
            </p>
            <p class="muted">
                "Nothing is written to disk. The hits are released when you leave this job or press Forget. At most "
                {count_of(max_hits, "hit", "hits")}
                " are loaded (config.json max_explore_hits)."
            </p>
            <Show when=filtered>
                <p class="muted">"The filters in this link apply once the hits are loaded."</p>
            </Show>
            <button class="button button--primary" on:click=start>{label}</button>
        </div>
    }
}

/// While and after loading: how far, how long, and the controls.
#[component]
fn Loading(explorer: Explorer) -> impl IntoView {
    let status = explorer.status;
    let plan = explorer.plan;
    let percent = move || (plan.with(|p| p.fraction()) * 100.0).round() as u32;
    let line = move || plan.with(|p| progress_text(p, DEFAULT_LIMIT_PER_MINUTE));
    let said = move || status.with(|s| plan.with(|p| s.text(p.max_hits(), p.failures().len())));
    let failures = move || {
        plan.with(|p| {
            p.failures()
                .iter()
                .map(|(page, why)| format!("Page {page}: {why}"))
                .collect::<Vec<_>>()
        })
    };
    let store = move || {
        let s = explorer.stats.get();
        let per_hit = s.heap_bytes.checked_div(s.hits).unwrap_or(0);
        let (_, memory) = explorer.memory.get();
        let mut text = format!(
            "Worker memory {}; the store {} ({} B a hit)",
            megabytes(memory),
            megabytes(s.heap_bytes as u64),
            count(per_hit as u64)
        );
        if let Some(ms) = explorer.query_ms.get() {
            text.push_str(&format!(" · last answer {} ms", ms.round() as u64));
        }
        text
    };
    let busy = move || status.with(Status::is_active);
    let can_go_on = move || {
        status.with(|s| matches!(s, Status::Paused | Status::Stopped | Status::Broken(_)))
            || !failures().is_empty() && !busy()
    };
    view! {
        <div class="card explore-progress" aria-label="Loading every hit">
            <div class="explore-progress__head">
                <progress
                    max="100"
                    value=move || percent().to_string()
                    aria-label="Hits loaded"
                    aria-valuetext=line
                ></progress>
                <span class="explore-progress__line" role="status">{line}</span>
            </div>
            <p class="explore-progress__status" class:error-text=move || status.with(|s| matches!(s, Status::Broken(_)))>{said}</p>
            <Show when=move || !failures().is_empty()>
                <div class="explore-progress__failed" role="alert">
                    <p>{move || format!("{} could not be loaded; the hits loaded stay usable.", count_of(failures().len() as u64, "page", "pages"))}</p>
                    <ul>{move || failures().into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
                </div>
            </Show>
            <div class="explore-progress__actions">
                <Show when=busy>
                    <button class="button" on:click=move |_| explorer.pause()>"Pause"</button>
                    <button class="button" on:click=move |_| explorer.stop()>"Stop"</button>
                </Show>
                <Show when=can_go_on>
                    <button class="button button--primary" on:click=move |_| explorer.resume()>
                        {move || if failures().is_empty() { "Resume" } else { "Retry failed pages" }}
                    </button>
                </Show>
                <button class="button button--danger-ghost" on:click=move |_| explorer.forget()>"Forget"</button>
                <span
                    class="muted explore-progress__store"
                    // What the benchmark reads (cargo xtask bench): the worker's own timings.
                    data-hits=move || explorer.stats.get().hits
                    data-memory-start=move || explorer.memory.get().0
                    data-memory=move || explorer.memory.get().1
                    data-add-ms=move || explorer.add_ms.get().map(hundredths)
                    data-view=move || explorer.answer.with(|a| a.as_ref().map(|a| a.view.to_query_string()))
                    data-answer=move || explorer.answer.with(|a| a.as_ref().map(|a| {
                        let t = a.timings;
                        let ms = [explorer.query_ms.get_untracked().unwrap_or(0.0), t.filter_ms, t.sort_ms, t.facets_ms, t.histogram_ms];
                        format!("{} {} {}", a.id, a.matched, ms.map(hundredths).join(" "))
                    }))
                >
                    {store}
                </span>
            </div>
        </div>
    }
}
