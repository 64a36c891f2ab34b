//! The controls above the job table: the request-id filter and stage menu (kept in the URL),
//! auto-refresh with its interval, Refresh now, and how fresh the list is.

use super::state::JobsState;
use crate::components::toolbar::Toolbar;
use joblens_core::{
    jobs::{StageFilter, TableQuery, INTERVALS_MS},
    texts,
};
use leptos::prelude::*;

#[component]
pub fn JobsToolbar(
    state: JobsState,
    query: Memo<TableQuery>,
    set_query: Callback<TableQuery>,
    /// Asks for the list now.
    refresh_now: Callback<()>,
    /// The browser's time, ticking each second.
    now: RwSignal<i64>,
) -> impl IntoView {
    // The configured interval is one of the choices, whatever it is.
    let mut intervals = INTERVALS_MS.to_vec();
    let configured = state.refresh.get_untracked().interval_ms;
    if !intervals.contains(&configured) {
        intervals.push(configured);
        intervals.sort_unstable();
    }
    let freshness = move || {
        let next = state
            .next_try_at
            .get()
            .filter(|_| state.refresh.with(|r| r.enabled));
        texts::freshness(
            state.updated_at.get(),
            state.stale_since.get(),
            next,
            now.get(),
        )
    };
    let refresh_state = move || match (state.refresh.get().enabled, state.tab_hidden.get()) {
        (false, _) => "Auto-refresh is off",
        (true, true) => "Paused while the tab is hidden",
        (true, false) => "",
    };
    view! {
        <Toolbar search=true>
            <label class="field">
                <span>"Filter by request id"</span>
                <input
                    type="search"
                    placeholder="AZbne…"
                    prop:value=move || query.with(|q| q.text.clone())
                    on:input=move |ev| {
                        set_query.run(TableQuery { text: event_target_value(&ev), ..query.get_untracked() })
                    }
                />
            </label>
            <label class="field">
                <span>"Stage"</span>
                <select
                    prop:value=move || query.with(|q| q.stage.as_str())
                    on:change=move |ev| {
                        set_query.run(TableQuery {
                            stage: StageFilter::parse(&event_target_value(&ev)),
                            ..query.get_untracked()
                        })
                    }
                >
                    {StageFilter::ALL
                        .into_iter()
                        .map(|f| view! { <option value=f.as_str()>{f.label()}</option> })
                        .collect_view()}
                </select>
            </label>
            <div class="toolbar__refresh">
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || state.refresh.get().enabled
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            state.refresh.update(|r| r.enabled = on);
                        }
                    />
                    "Auto-refresh"
                </label>
                <label class="field field--inline">
                    <span class="visually-hidden">"Refresh interval"</span>
                    <select
                        aria-label="Refresh interval"
                        prop:value=move || state.refresh.get().interval_ms.to_string()
                        on:change=move |ev| {
                            if let Ok(ms) = event_target_value(&ev).parse::<u64>() {
                                state.refresh.update(|r| r.interval_ms = ms);
                            }
                        }
                    >
                        {intervals
                            .iter()
                            .map(|&ms| {
                                view! { <option value=ms.to_string()>{texts::interval_label(ms)}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button class="button" on:click=move |_| refresh_now.run(())>"Refresh now"</button>
                <span class="muted updated" class:stale=move || state.stale_since.get().is_some()>
                    {freshness}
                </span>
                <span class="muted">{refresh_state}</span>
            </div>
        </Toolbar>
    }
}
