//! The field summary across every matching hit: each field's distinct values and top values
//! with their counts and share; a value filters the grid in (=) or out (≠); a check shows or
//! hides the field's column.

use crate::{components::hits_grid::TimeZone, explorer::Explorer};
use joblens_core::{
    format::{count, count_of, percent_tenths, percent_whole},
    hits::ColumnLayout,
    texts::top_value,
    value::visible,
};
use leptos::prelude::*;

#[component]
pub fn Facets(
    layout: RwSignal<ColumnLayout>,
    #[prop(into)] tz: Signal<TimeZone>,
    /// (field, value, negate): adds a filter.
    on_filter: Callback<(String, String, bool)>,
) -> impl IntoView {
    let explorer = expect_context::<Explorer>();
    // The fields whose top values are open (as the hits page's field list, one click away:
    // every field open at once is a long list to draw with each answer).
    let open = RwSignal::new(vec!["Severity".to_owned()]);
    let facets = explorer.facets;
    view! {
        <aside class="fields" aria-label="Field summary">
            <h2 class="fields__title">"Fields"</h2>
            <p class="muted fields__hint">"Across every matching hit. = keeps a value, ≠ leaves it out."</p>
            <ul class="fields__list">
                // Keyed by field: a field's row stays (and a control in it keeps the focus)
                // while answers change its counts, which are written in place.
                <For
                    each=move || facets.with(|f| f.iter().map(|f| f.column.clone()).collect::<Vec<_>>())
                    key=|name| name.clone()
                    children=move |name| {
                        let summary = {
                            let name = name.clone();
                            Memo::new(move |_| facets.with(|f| f.iter().find(|f| f.column == name).cloned()))
                        };
                        let shown = {
                            let name = name.clone();
                            move || layout.with(|l| !l.hidden.contains(&name))
                        };
                        let toggle = {
                            let name = name.clone();
                            move |_| layout.update(|l| l.toggle(&name))
                        };
                        let label = visible(&name).into_owned();
                        let is_open = {
                            let name = name.clone();
                            move || open.with(|o| o.contains(&name))
                        };
                        let flip = {
                            let name = name.clone();
                            move |_| open.update(|o| match o.iter().position(|n| *n == name) {
                                Some(i) => { o.remove(i); }
                                None => o.push(name.clone()),
                            })
                        };
                        let (field, label2) = (name.clone(), label.clone());
                        let values = move || {
                            let offset = tz.get().offset();
                            summary.with(|f| {
                                let Some(f) = f else { return Vec::new() };
                                f.top.iter().map(|(value, n)| {
                                    let (name, label) = (&field, &label2);
                                    let text = visible(&top_value(name, value, offset)).into_owned();
                                    let (keep, drop) = (
                                        format!("Only {label} = {text}"),
                                        format!("Without {label} = {text}"),
                                    );
                                    let (field_in, value_in) = (name.clone(), value.clone());
                                    let (field_out, value_out) = (name.clone(), value.clone());
                                    let total = f.total as u64;
                                    view! {
                                        <li class="facet__value">
                                            <span class="facet__text" title=value.clone()>{text}</span>
                                            <span class="facet__count">{format!("{} · {}", count(*n as u64), percent_whole(*n as u64, total))}</span>
                                            <button class="button button--tiny" aria-label=keep on:click=move |_| on_filter.run((field_in.clone(), value_in.clone(), false))>"="</button>
                                            <button class="button button--tiny" aria-label=drop on:click=move |_| on_filter.run((field_out.clone(), value_out.clone(), true))>"≠"</button>
                                            <span class="facet__bar" style:width=percent_tenths(*n as u64, total)></span>
                                        </li>
                                    }
                                }).collect::<Vec<_>>()
                            })
                        };
                        let expanded = is_open.clone();
                        view! {
                            <li class="facet">
                                <div class="facet__head">
                                    <label class="check">
                                        <input type="checkbox" prop:checked=shown on:change=toggle />
                                        <span class="mono">{label.clone()}</span>
                                    </label>
                                    <button
                                        class="icon-button"
                                        aria-expanded=move || expanded().to_string()
                                        aria-label=format!("Top values of {label}")
                                        on:click=flip
                                    >
                                        {move || summary.with(|f| count_of(f.as_ref().map_or(0, |f| f.distinct) as u64, "value", "values"))}
                                        // Drawn by the style sheet: a sign (▸) would send the
                                        // first layout to look for a font that has it.
                                        <span class="disclosure" aria-hidden="true"></span>
                                    </button>
                                </div>
                                <Show when=is_open.clone()>
                                    <ul class="facet__values">{values.clone()}</ul>
                                </Show>
                            </li>
                        }
                    }
                />
            </ul>
        </aside>
    }
}
