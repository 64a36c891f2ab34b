//! The job's summary under the hits page's title: stage, hits found, pages, when it was
//! submitted, how long it ran, and what its stage means for the hits shown.

use crate::components::stage_badge::StageBadge;
use joblens_core::{format, texts, Job};
use leptos::prelude::*;

#[component]
pub fn JobSummary(job: RwSignal<Option<Job>>, now: RwSignal<i64>, tz_offset: i32) -> impl IntoView {
    move || {
        job.get().map(|j| {
            let pages = j
                .total_pages
                .map_or_else(|| "— pages".to_owned(), |n| format::count_of(n, "page", "pages"));
            view! {
                <div class="job-summary">
                    <StageBadge stage=j.stage.clone() />
                    <span>{texts::job_hits(&j)}</span>
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
                    {texts::stage_note(&j.stage).map(|n| view! { <span class="muted">{n}</span> })}
                </div>
            }
        })
    }
}
