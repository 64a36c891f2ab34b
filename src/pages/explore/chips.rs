//! The filters as removable chips (`Severity = error ×`, the time range), and how many hits
//! match them, always in view.

use super::place::Place;
use crate::components::hits_grid::TimeZone;
use joblens_core::explore::texts as say;
use leptos::prelude::*;

#[component]
pub fn Chips(
    place: Place,
    #[prop(into)] tz: Signal<TimeZone>,
    #[prop(into)] matched: Signal<Option<usize>>,
) -> impl IntoView {
    let explorer = expect_context::<crate::explorer::Explorer>();
    let count = move || {
        let total = explorer.answer.with(|a| a.as_ref().map_or(0, |a| a.total));
        let filtered = place.view.with(|v| v.query != Default::default());
        matched
            .get()
            .map(|m| say::matching(m, total, filtered))
            .unwrap_or_else(|| "Counting…".into())
    };
    let conditions = move || {
        let offset = tz.get().offset();
        place.view.with(|v| {
            v.query
                .conditions
                .iter()
                .enumerate()
                .map(|(i, c)| (i, say::chip(c, offset), c.negate))
                .collect::<Vec<_>>()
        })
    };
    let time = move || {
        let offset = tz.get().offset();
        place
            .view
            .with(|v| v.query.time.map(|(a, b)| say::time_chip(a, b, offset)))
    };
    let filtered = move || place.view.with(|v| v.query != Default::default());
    view! {
        <div class="chips" aria-label="Filters">
            <strong class="chips__count" role="status" aria-live="polite">{count}</strong>
            {move || conditions().into_iter().map(|(i, text, negate)| {
                let label = format!("Remove the filter {text}");
                view! {
                    <span class="chip" class:chip--not=negate>
                        <span class="chip__text">{text}</span>
                        <button class="chip__remove" aria-label=label on:click=move |_| {
                            place.go(place.view.get_untracked().without_condition(i), 1);
                        }>"×"</button>
                    </span>
                }
            }).collect_view()}
            {move || time().map(|text| {
                let label = format!("Remove the filter {text}");
                view! {
                    <span class="chip chip--time">
                        <span class="chip__text">{text}</span>
                        <button class="chip__remove" aria-label=label on:click=move |_| {
                            let mut v = place.view.get_untracked();
                            v.query.time = None;
                            place.go(v, 1);
                        }>"×"</button>
                    </span>
                }
            })}
            <Show when=filtered>
                <button class="button button--small" on:click=move |_| {
                    let mut v = place.view.get_untracked();
                    v.query = Default::default();
                    place.go(v, 1);
                }>"Clear filters"</button>
            </Show>
        </div>
    }
}
