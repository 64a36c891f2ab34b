//! Looking a request id up on the server when the list has no job matching the filter: the
//! list may not show every job, and a job may have started since the last refresh.

use super::state::JobsState;
use crate::{
    api::Client,
    components::{error_banner::ErrorText, stage_badge::StageBadge},
    routes,
    session::Session,
};
use joblens_core::{format, jobs::TableQuery, value::visible, ApiError, Job, RequestId};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::components::A;

/// The answer to looking up one request id on the server.
#[derive(Clone, Debug, PartialEq)]
pub enum Lookup {
    Searching(String),
    Found(Job),
    Missing(String, ApiError),
}

/// The card under the filter when no listed job matches it: a button that asks the server for
/// that id, and what it answered.
#[component]
pub fn LookupCard(state: JobsState, query: Memo<TableQuery>, tz_offset: i32) -> impl IntoView {
    let client = expect_context::<Client>();
    let session = expect_context::<Session>();
    let answer_now = RwSignal::new(None::<Lookup>);
    let look_up = move |id: String| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        answer_now.set(Some(Lookup::Searching(id.clone())));
        let client = client.clone();
        spawn_local(async move {
            let answer = match client.job(&RequestId(id.clone()), &token, None).await {
                Ok(job) => Lookup::Found(job),
                Err(e) => Lookup::Missing(id, e),
            };
            answer_now.try_set(Some(answer));
        });
    };
    let no_match_for = move || {
        let text = query.with(|q| q.text.trim().to_owned());
        let wanted = text.to_ascii_lowercase();
        (state.loaded.get() && !text.is_empty())
            .then(|| {
                let any = state.rows.with(|rows| {
                    rows.iter()
                        .any(|r| r.id.to_ascii_lowercase().contains(&wanted))
                });
                (!any).then_some(text)
            })
            .flatten()
    };
    move || {
        no_match_for().map(|text| {
            let look_up = look_up.clone();
            let id = text.clone();
            view! {
                <div class="card lookup">
                    <p>{format!("No job in the list matches “{text}”.")}</p>
                    <button class="button" on:click=move |_| look_up(id.clone())>
                        {format!("Look up {text} on the server")}
                    </button>
                    {move || answer_now.get().map(|l| answer(l, tz_offset))}
                </div>
            }
        })
    }
}

fn answer(l: Lookup, tz_offset: i32) -> AnyView {
    match l {
        Lookup::Searching(id) => view! { <p class="muted" role="status">{format!("Looking up {}…", visible(&id))}</p> }.into_any(),
        Lookup::Found(job) => {
            let href = routes::href(&routes::job(job.request_id.as_str()));
            let hits = job
                .total_hits
                .map(|n| format!(" · {}", format::count_of(n, "hit", "hits")))
                .unwrap_or_default();
            let submitted = job
                .submitted_at
                .map(|t| format!(" · submitted {}", format::date_time(t, tz_offset)))
                .unwrap_or_default();
            view! {
                <p class="lookup__found">
                    <StageBadge stage=job.stage.clone() />
                    " "
                    <A href=href attr:class="mono">{visible(job.request_id.as_str()).into_owned()}</A>
                    {format!("{hits}{submitted}")}
                </p>
            }
                .into_any()
        }
        Lookup::Missing(id, ApiError::NotFound(_)) => view! {
            <p class="field-error" role="alert">
                {format!("The server has no job {}: it was deleted, its results expired after 24 hours, or it never existed.", visible(&id))}
            </p>
        }
            .into_any(),
        Lookup::Missing(_, e) => view! { <ErrorText error=e class="field-error" /> }.into_any(),
    }
}
