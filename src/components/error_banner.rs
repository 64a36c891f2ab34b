use joblens_core::ApiError;
use leptos::prelude::*;

/// Says what went wrong and what to do, without hiding the data already on screen.
#[component]
pub fn ErrorBanner(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            let class = format!("banner banner--error banner--{}", e.kind());
            view! {
                <div class=class role="alert">
                    {e.to_string()}
                </div>
            }
        })
    }
}
