//! The app's header: the name, the connection's state and signing out.

use crate::session::Session;
use leptos::prelude::*;
use leptos_router::components::A;

/// The app's header: product name, the connection's state, and sign-out.
#[component]
pub fn Header() -> impl IntoView {
    let session = expect_context::<Session>();
    let status = move || session.connection.get();
    view! {
        <header class="app-header">
            <A href=crate::routes::href("/") attr:class="brand">
                <span class="brand__mark" aria-hidden="true">"◎"</span>
                "Joblens"
            </A>
            <span class="brand__tagline">"EventLog Analyzer jobs"</span>
            <div class="app-header__end">
                <span
                    class=move || format!("conn conn--{}", status().css_modifier())
                    role="status"
                    aria-label=move || format!("Connection: {}", status().label())
                >
                    <span class="conn__dot" aria-hidden="true"></span>
                    {move || status().label()}
                </span>
                <Show when=move || session.token.with(Option::is_some)>
                    <button class="button button--ghost" on:click=move |_| session.sign_out()>
                        "Sign out"
                    </button>
                </Show>
            </div>
        </header>
    }
}
