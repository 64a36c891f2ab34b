//! Joblens: a fast, reactive browser console for EventLog Analyzer's asynchronous search jobs.
//!
//! `App` sets up the context (session, API client) and the router; pages live in `pages/`,
//! components in `components/`, HTTP in `api`, and every piece of pure logic in the
//! `joblens-core` crate, which is tested natively.

pub mod api;
pub mod components;
pub mod export;
pub mod pages;
pub mod session;

use components::{
    header::Header,
    toasts::{Toaster, Toasts},
    token_prompt::TokenPrompt,
};
use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};
use pages::{hits::HitsPage, jobs::JobsPage, not_found::NotFound};
use send_wrapper::SendWrapper;
use session::Session;
use std::time::Duration;
use web_sys::{AbortController, AbortSignal};

/// The whole app: context providers, header, routes.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Session::new());
    provide_context(api::Client::default());
    provide_context(Toaster::new());
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Header />
            <main id="main" class="app-main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <RequireToken><JobsPage /></RequireToken> } />
                    <Route
                        path=path!("/jobs/:request_id")
                        view=|| view! { <RequireToken><HitsPage /></RequireToken> }
                    />
                </Routes>
            </main>
            <Toasts />
        </Router>
    }
}

/// Shows its children once a token is set, the token prompt before.
#[component]
pub fn RequireToken(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    move || {
        if session.token.with(Option::is_some) {
            children().into_any()
        } else {
            view! { <TokenPrompt /> }.into_any()
        }
    }
}

/// What a view owns while it is on screen: an abort signal for its requests and a clock that
/// ticks each second for relative times. Both stop when the view goes.
pub struct ViewScope {
    controller: Option<SendWrapper<AbortController>>,
}

impl ViewScope {
    pub fn new() -> Self {
        let controller = AbortController::new().ok().map(SendWrapper::new);
        let on_exit = controller.clone();
        on_cleanup(move || {
            if let Some(c) = on_exit {
                c.abort();
            }
        });
        Self { controller }
    }

    /// Aborts when the view is cleaned up.
    pub fn signal(&self) -> Option<AbortSignal> {
        self.controller.as_ref().map(|c| c.signal())
    }

    /// The browser's time in epoch ms, updated every second while the view lives.
    pub fn clock(&self) -> RwSignal<i64> {
        let now = RwSignal::new(api::now_ms() as i64);
        let handle = set_interval_with_handle(
            move || {
                now.try_set(api::now_ms() as i64);
            },
            Duration::from_secs(1),
        )
        .ok();
        on_cleanup(move || {
            if let Some(h) = handle {
                h.clear();
            }
        });
        now
    }
}

impl Default for ViewScope {
    fn default() -> Self {
        Self::new()
    }
}

/// Calls `f` on each `event` of `target` until the view that asked goes.
pub fn listen(
    target: web_sys::EventTarget,
    event: &'static str,
    f: impl Fn(web_sys::Event) + 'static,
) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let closure = Closure::<dyn Fn(web_sys::Event)>::new(f);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    let held = SendWrapper::new((target, closure));
    on_cleanup(move || {
        let (target, closure) = held.take();
        let _ = target.remove_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    });
}

/// The browser's zone, in minutes east of UTC.
pub fn tz_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}
