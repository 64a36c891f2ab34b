//! `/jobs/:request_id/explore`: every hit of a job, loaded once into the explore worker and
//! asked about locally. `place` reads the URL (the filters live there), `progress` shows and
//! steers the loading, `chips` the filters, `histogram` the hits over time, `facets` the
//! field summary; this module puts them together around the hits grid.

mod chips;
mod facets;
mod histogram;
mod place;
mod progress;

use crate::{
    components::{
        hit_detail::HitDetail,
        hits_grid::{self, GridData, HitsGrid, TimeZone},
        pager::Pager,
        toolbar::Toolbar,
    },
    explorer::{Explorer, ROWS},
    routes,
};
use joblens_core::{
    config::AppConfig,
    explore::texts as say,
    export::Format,
    format,
    hits::{log_type_key, ColumnLayout},
    jobs::TableQuery,
    value::visible,
    Hit,
};
use leptos::prelude::*;
use leptos_router::components::A;
use place::Place;
use std::{
    hash::{DefaultHasher, Hash, Hasher},
    sync::Arc,
};

/// Waits this long after the last keystroke before the quick filter asks again.
const TYPING_MS: u64 = 250;

#[component]
pub fn ExplorePage() -> impl IntoView {
    let explorer = expect_context::<Explorer>();
    let config = use_context::<AppConfig>().unwrap_or_default();
    let place = Place::from_url();
    hits_grid::prepare();
    let held = Memo::new(move |_| explorer.holds(&place.id.get(), place.names.get()));
    // The tools (filter, chips, histogram, pager, field summary, grid) come a frame after the
    // job is held: pressing "Explore all" shows the loading at once, and the two are built in
    // tasks of their own.
    let tools = RwSignal::new(held.get_untracked());
    Effect::new(move |_| {
        if !held.get() {
            tools.set(false);
        } else if !tools.get_untracked() {
            crate::clock::after_next_frame(move || {
                if held.try_get_untracked() == Some(true) {
                    tools.try_set(true);
                }
            });
        }
    });

    // Every change of what is asked (filters, order, page of matches) is a question.
    Effect::new(move |_| {
        let (view, page) = (place.view.get(), place.page.get());
        if held.get() {
            explorer.ask(view, (page as usize - 1) * ROWS);
        }
    });

    let utc = RwSignal::new(config.utc);
    let tz_offset = crate::tz_offset_minutes();
    let tz = Signal::derive(move || TimeZone {
        offset_minutes: tz_offset,
        utc: utc.get(),
    });
    let show_fields = RwSignal::new(true);
    let detail = RwSignal::new(None::<Hit>);
    let active = RwSignal::new(None);
    let rows = explorer.rows;
    let fields = Memo::new(move |_| {
        explorer
            .answer
            .with(|a| a.as_ref().map(|a| a.fields.clone()).unwrap_or_default())
    });
    let layout = RwSignal::new(ColumnLayout::default());
    let log_type = Memo::new(move |_| rows.with(|r| log_type_key(r)));
    Effect::new(move |_| layout.set(crate::storage::column_layout(&log_type.get())));
    let columns = Memo::new(move |_| layout.with(|l| l.visible(&fields.get())));
    let data = Memo::new(move |_| {
        let version = explorer.rows_version.get();
        let hits = rows.get();
        let mut view = DefaultHasher::new();
        (place.view.get(), place.page.get()).hash(&mut view);
        GridData {
            generation: version,
            view: view.finish(),
            order: Arc::new((0..hits.len()).collect()),
            hits,
        }
    });
    let sort = Signal::derive(move || place.view.with(|v| v.sort.clone()));
    let matched = Memo::new(move |_| explorer.answer.with(|a| a.as_ref().map(|a| a.matched)));
    let last_page = Signal::derive(move || {
        matched
            .get()
            .map_or(1, |m| (m as u64).div_ceil(ROWS as u64).max(1))
    });

    // The quick filter: typed into a box, asked a moment after the typing stops.
    let typed = RwSignal::new(place.view.get_untracked().query.text);
    Effect::new(move |_| typed.set(place.view.with(|v| v.query.text.clone())));
    let typing = StoredValue::new(0u64);
    let on_type = move |text: String| {
        typed.set(text.clone());
        typing.update_value(|n| *n += 1);
        let mine = typing.get_value();
        leptos::task::spawn_local(async move {
            crate::clock::sleep_ms(TYPING_MS).await;
            if typing.try_get_value() == Some(mine) {
                let mut view = place.view.get_untracked();
                view.query.text = text;
                place.go(view, 1);
            }
        });
    };

    let export_format = RwSignal::new(Format::Csv);
    let export = move |_| {
        explorer.export(
            place.view.get_untracked(),
            export_format.get_untracked(),
            columns.get_untracked(),
        );
    };
    let jobs_href = routes::href(&routes::jobs(&TableQuery::default()));
    let hits_href =
        move || routes::href(&routes::hits(place.id.get().as_str(), 1, place.names.get()));
    let filter_by = Callback::new(move |(field, value, negate): (String, String, bool)| {
        detail.set(None);
        place.go(
            place
                .view
                .get_untracked()
                .with_condition(&field, &value, negate),
            1,
        );
    });

    view! {
        <section class="page page--explore">
            <div class="page__head">
                <p class="crumbs">
                    <A href=jobs_href>"Jobs"</A>
                    " / "
                    <A href=hits_href>{move || visible(place.id.get().as_str()).into_owned()}</A>
                    " /"
                </p>
                <h1>"Explore every hit"</h1>
            </div>
            <progress::Progress place=place held=held />
            <Show when=move || tools.get()>
                <Toolbar search=true>
                    <label class="field">
                        <span>"Filter every hit"</span>
                        <input
                            type="search"
                            placeholder="any field…"
                            prop:value=move || typed.get()
                            on:input=move |ev| on_type(event_target_value(&ev))
                        />
                    </label>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || utc.get() on:change=move |ev| utc.set(event_target_checked(&ev)) />
                        "Times in UTC"
                    </label>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || show_fields.get() on:change=move |ev| show_fields.set(event_target_checked(&ev)) />
                        "Field summary"
                    </label>
                    <span class="toolbar__group">
                        <label class="field field--inline">
                            <span>"Export matches as"</span>
                            <select on:change=move |ev| export_format.set(if event_target_value(&ev) == "ndjson" { Format::Ndjson } else { Format::Csv })>
                                <option value="csv">"CSV"</option>
                                <option value="ndjson">"NDJSON"</option>
                            </select>
                        </label>
                        <button class="button" on:click=export disabled=move || explorer.exporting.get() || matched.get().is_none()>
                            {move || if explorer.exporting.get() { "Exporting…" } else { "Export" }}
                        </button>
                    </span>
                </Toolbar>
                {move || explorer.exported.get().map(|r| match r {
                    Ok((n, name)) => view! { <p class="muted" role="status">{format!("Saved {} as {name}.", format::count_of(n as u64, "hit", "hits"))}</p> }.into_any(),
                    Err(why) => view! { <p class="error-text" role="alert">{format!("The export failed: {why}")}</p> }.into_any(),
                })}
                <chips::Chips place=place tz=tz matched=matched />
                <histogram::Chart place=place tz=tz />
                <Pager
                    page=place.page
                    last=last_page
                    path=Callback::new(move |n: u64| place.path(place.view.get(), n))
                    go=Callback::new(move |n: u64| place.go(place.view.get_untracked(), n))
                    status=Signal::derive(move || page_status(place.page.get(), matched.get()))
                />
                <div class="hits-layout" class:hits-layout--fields=move || show_fields.get()>
                    <Show when=move || show_fields.get()>
                        <facets::Facets layout=layout tz=tz on_filter=filter_by />
                    </Show>
                    <div class="hits-main">
                        <Show
                            when=move || rows.with(|r| !r.is_empty())
                            fallback=move || view! {
                                <p class="muted empty-note">
                                    {move || if matched.get() == Some(0) { "No hit matches these filters." } else { "Waiting for the first hits…" }}
                                </p>
                            }
                        >
                            <HitsGrid
                                data=data
                                columns=columns
                                tz=tz
                                sort=sort
                                on_sort=Callback::new(move |col: String| place.go(place.sorted_by(col), 1))
                                on_open=Callback::new(move |i: usize| detail.set(rows.with_untracked(|r| r.get(i).cloned())))
                                active=active
                            />
                        </Show>
                    </div>
                </div>
            </Show>
            <HitDetail hit=detail tz=tz on_filter=filter_by />
        </section>
    }
}

/// "Matches 1,001–2,000" for the pager.
fn page_status(page: u64, matched: Option<usize>) -> String {
    let Some(m) = matched.map(|m| m as u64) else {
        return String::new();
    };
    if m == 0 {
        return "No matches".into();
    }
    let first = (page - 1) * ROWS as u64 + 1;
    let last = (page * ROWS as u64).min(m);
    if first > m {
        return say::matching(0, m as usize, true);
    }
    format!("Matches {}–{}", format::count(first), format::count(last))
}
