//! The page for a path the app does not have.

use leptos::prelude::*;
use leptos_router::components::A;

/// Any path the app does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card empty">
            <h1>"Page not found"</h1>
            <p class="muted">"There is no such page in Joblens."</p>
            <A href=crate::routes::href("/") attr:class="button button--primary">"Back to the jobs"</A>
        </section>
    }
}
