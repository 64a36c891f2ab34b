//! The field list beside the hits grid.

use super::hits_grid::TimeZone;
use joblens_core::{
    format::{count, count_of, percent_tenths},
    hits::{summarize, ColumnLayout},
    texts::top_value,
    value::visible,
    Hit,
};
use leptos::prelude::*;
use std::sync::Arc;

/// The fields of the page, as Kibana's field list: show or hide each column, move it, and see
/// its top values on this page.
#[component]
pub fn FieldList(
    #[prop(into)] hits: Signal<Arc<Vec<Hit>>>,
    /// Every column found on the page, in default order.
    #[prop(into)]
    discovered: Signal<Vec<String>>,
    layout: RwSignal<ColumnLayout>,
    /// Times read in this zone, as in the grid.
    #[prop(into)]
    tz: Signal<TimeZone>,
) -> impl IntoView {
    let open = RwSignal::new(None::<String>);
    let arranged = move || layout.with(|l| l.arranged(&discovered.get()));
    view! {
        <aside class="fields" aria-label="Fields">
            <h2 class="fields__title">"Fields"</h2>
            <p class="muted fields__hint">"Check to show a column; arrows move it."</p>
            <ul class="fields__list">
                <For each=arranged key=|c| c.clone() let:col>
                    {
                        let name = col.clone();
                        let label = visible(&col).into_owned();
                        let shown = {
                            let name = name.clone();
                            move || layout.with(|l| !l.hidden.contains(&name))
                        };
                        let toggle = {
                            let name = name.clone();
                            move |_| layout.update(|l| l.toggle(&name))
                        };
                        let up = {
                            let name = name.clone();
                            move |_| layout.update(|l| l.shift(&discovered.get_untracked(), &name, -1))
                        };
                        let down = {
                            let name = name.clone();
                            move |_| layout.update(|l| l.shift(&discovered.get_untracked(), &name, 1))
                        };
                        let is_open = {
                            let name = name.clone();
                            Signal::derive(move || open.with(|o| o.as_deref() == Some(name.as_str())))
                        };
                        let flip = {
                            let name = name.clone();
                            move |_| open.update(|o| *o = if o.as_deref() == Some(name.as_str()) { None } else { Some(name.clone()) })
                        };
                        let summary = {
                            let name = name.clone();
                            move || {
                                is_open.get().then(|| {
                                    let s = hits.with(|h| summarize(h, &name, 5));
                                    let total = s.total as u64;
                                    view! {
                                        <div class="summary">
                                            <p class="muted">
                                                {format!(
                                                    "{} distinct in {}{}",
                                                    count(s.distinct as u64),
                                                    count_of(s.total as u64, "hit", "hits"),
                                                    if s.missing > 0 { format!(", {} without it", count(s.missing as u64)) } else { String::new() }
                                                )}
                                            </p>
                                            <ul>
                                                {s
                                                    .top
                                                    .into_iter()
                                                    .map(|(value, n)| {
                                                        let width = percent_tenths(n as u64, total);
                                                        let shown = top_value(&name, &value, tz.get().offset());
                                                        view! {
                                                            <li>
                                                                <span class="summary__value" title=visible(&value).into_owned()>{visible(&shown).into_owned()}</span>
                                                                <span class="summary__count">{count(n as u64)}</span>
                                                                <span class="summary__bar" style:width=width></span>
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        </div>
                                    }
                                })
                            }
                        };
                        view! {
                            <li class="field-item">
                                <div class="field-item__row">
                                    <input type="checkbox" aria-label=format!("Show column {label}") prop:checked=shown on:change=toggle />
                                    <button
                                        class="field-item__name"
                                        aria-label=format!("Top values of {label}")
                                        aria-expanded=move || is_open.get().to_string()
                                        on:click=flip
                                        title="Top values on this page"
                                    >
                                        {label.clone()}
                                    </button>
                                    <button class="icon-button" aria-label=format!("Move {label} up") on:click=up>"↑"</button>
                                    <button class="icon-button" aria-label=format!("Move {label} down") on:click=down>"↓"</button>
                                </div>
                                {summary}
                            </li>
                        }
                    }
                </For>
            </ul>
        </aside>
    }
}
