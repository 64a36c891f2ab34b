//! Paging through numbered pages: first, previous, next and last as links, a box to jump to a
//! page, and what the current page holds.

use crate::routes;
use joblens_core::{format, hits::jump_target};
use leptos::prelude::*;
use leptos_router::components::A;

/// `path(n)` is page `n`'s in-app path (read reactively: the links follow what it reads);
/// `go(n)` goes there (the jump box); `status` says what the page holds.
#[component]
pub fn Pager(
    #[prop(into)] page: Signal<u64>,
    #[prop(into)] last: Signal<u64>,
    #[prop(into)] path: Callback<u64, String>,
    #[prop(into)] go: Callback<u64>,
    #[prop(into)] status: Signal<String>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let jump = move || {
        if let Some(p) = jump_target(&typed.get_untracked(), last.get_untracked()) {
            go.run(p);
        }
    };
    let links = move || {
        let (page, last) = (page.get(), last.get());
        let link = move |label: &'static str, name: &'static str, to: u64, enabled: bool| {
            if enabled {
                let href = routes::href(&path.run(to));
                view! { <A href=href attr:class="button" attr:aria-label=name>{label}</A> }
                    .into_any()
            } else {
                view! { <button class="button" disabled aria-label=name>{label}</button> }
                    .into_any()
            }
        };
        view! {
            {link("«", "First page", 1, page > 1)}
            {link("‹ Previous", "Previous page", page.saturating_sub(1).max(1), page > 1)}
            {link("Next ›", "Next page", page + 1, page < last)}
            {link("»", "Last page", last, page < last)}
        }
    };
    view! {
        <nav class="pager" aria-label="Pages">
            {links}
            <form class="pager__jump" on:submit=move |ev| { ev.prevent_default(); jump(); }>
                <label>
                    "Page "
                    <input
                        type="text"
                        inputmode="numeric"
                        size="5"
                        aria-label="Go to page"
                        placeholder=move || page.get().to_string()
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))
                    />
                    {move || format!(" of {}", format::count(last.get()))}
                </label>
                <button class="button" type="submit">"Go"</button>
            </form>
            <span class="pager__range" role="status">{move || status.get()}</span>
        </nav>
    }
}
