//! The job pages (hits and explore) as code fetched on demand: the job table never downloads
//! them. `cargo xtask dist` splits the linked wasm at the functions below into a second file
//! that is fetched the first time one of them runs; in a build that is not split (tests,
//! `cargo check`) they are plain calls.

use leptos::{prelude::*, wasm_split::SplitLoaderError};
use leptos_router::components::A;

/// Which job page to show once its code is here.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum JobPage {
    Hits,
    Explore,
}

// Both pages share the hits grid, so they are one file: the module name `job_pages` names it.
#[leptos::wasm_split::wasm_split(job_pages, wasm_split_path = ::leptos::wasm_split, fallible)]
fn hits_view() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <super::hits::HitsPage /> }.into_any())
}

#[leptos::wasm_split::wasm_split(job_pages, wasm_split_path = ::leptos::wasm_split, fallible)]
fn explore_view() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <super::explore::ExplorePage /> }.into_any())
}

/// A job page, shown once its code has arrived. If it cannot be fetched (a network drop, a
/// deployment replaced underneath the tab) the page says so and offers to try again; the rest
/// of the app keeps working.
#[component]
pub fn OnDemand(page: JobPage) -> impl IntoView {
    let attempt = RwSignal::new(0u32);
    // Said while the file is on its way (the first visit to a job, on a slow link).
    let pending = RwSignal::new(true);
    let page_view = move || {
        attempt.track();
        Suspend::new(async move {
            let view = match page {
                JobPage::Hits => hits_view().await,
                JobPage::Explore => explore_view().await,
            };
            pending.set(false);
            view.unwrap_or_else(|_| {
                view! {
                    <section class="card empty" role="alert">
                        <h1>"This page could not be loaded"</h1>
                        <p class="muted">
                            "Its code did not arrive: the network may be down, or Joblens was updated on the server. "
                            "Try again, or reload the page."
                        </p>
                        <p>
                            <button
                                class="button button--primary"
                                on:click=move |_| {
                                    pending.set(true);
                                    attempt.update(|n| *n += 1);
                                }
                            >
                                "Try again"
                            </button>
                            " "
                            <A href=crate::routes::href("/") attr:class="button">"Back to the jobs"</A>
                        </p>
                    </section>
                }
                .into_any()
            })
        })
    };
    view! {
        {move || pending.get().then(|| view! { <p class="muted" role="status">"Loading the page…"</p> })}
        {page_view}
    }
}
