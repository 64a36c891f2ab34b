use crate::components::stage_badge::StageBadge;
use joblens_core::{
    format::{count, date_time, duration, relative},
    models::RETENTION_MS,
    Job,
};
use leptos::prelude::*;
use leptos_router::components::A;

/// What identifies a row's content: a row is rebuilt only when one of these changes.
fn row_key(job: &Job) -> (String, String, u64, Option<i64>) {
    (
        job.request_id.0.clone(),
        job.stage.as_str().to_owned(),
        job.hits_done,
        job.last_synced_time,
    )
}

/// The job table: one keyed row per job, so a refresh touches only the rows that changed.
#[component]
pub fn JobTable(
    #[prop(into)] jobs: Signal<Vec<Job>>,
    /// The browser's "now", epoch ms, ticking for relative times.
    #[prop(into)]
    now: Signal<i64>,
    /// The local zone, minutes east of UTC.
    tz_offset: i32,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="jobs">
                <caption class="visually-hidden">"Search jobs on the server"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Request ID"</th>
                        <th scope="col">"Stage"</th>
                        <th scope="col">"Progress"</th>
                        <th scope="col" class="num">"Hits"</th>
                        <th scope="col" class="num">"Pages"</th>
                        <th scope="col">"Submitted"</th>
                        <th scope="col" class="num">"Running time"</th>
                        <th scope="col">"Results expire"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || jobs.get() key=row_key let:job>
                        <JobRow job=job now=now tz_offset=tz_offset />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn JobRow(job: Job, now: Signal<i64>, tz_offset: i32) -> impl IntoView {
    let id = job.request_id.0.clone();
    let row_id = id.clone();
    let href = format!("/jobs/{}", js_sys::encode_uri_component(&id));
    let percent = (job.progress() * 100.0).round();
    let running = !job.stage.is_final();
    let progress_text = format!("{} / {}", count(job.hits_done), count(job.total_hits));
    let submitted = job.submitted_at;
    let expires_at = submitted + RETENTION_MS;
    view! {
        <tr data-request-id=row_id>
            <td>
                <A href=href attr:class="mono">
                    {id}
                </A>
            </td>
            <td>
                <StageBadge stage=job.stage.clone() />
            </td>
            <td>
                <div class="progress" class:progress--running=running>
                    <progress max="100" value=percent aria-label=format!("{percent}% of hits found")></progress>
                    <span class="progress__text">{progress_text}</span>
                </div>
            </td>
            <td class="num">{count(job.total_hits)}</td>
            <td class="num">{count(job.total_pages)}</td>
            <td>
                <time title=move || relative(submitted, now.get())>
                    {date_time(submitted, tz_offset)}
                </time>
            </td>
            <td class="num">{job.running_time_millis.map(duration)}</td>
            <td>{move || relative(expires_at, now.get())}</td>
        </tr>
    }
}
