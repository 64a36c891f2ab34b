//! Joblens: a fast, reactive browser console for EventLog Analyzer's asynchronous search jobs.
//!
//! `App` sets up the context (session, API client) and the router; pages live in `pages/`,
//! components in `components/`, HTTP in `api`, and every piece of pure logic in the
//! `joblens-core` crate, which is tested natively.

pub mod api;
pub mod clock;
pub mod components;
pub mod crash;
pub mod embed;
pub mod explorer;
pub mod export;
pub mod hooks;
pub mod pages;
pub mod routes;
pub mod session;
pub mod storage;

use components::{
    connect::ConnectScreen,
    header::Header,
    toasts::{Toaster, Toasts},
};
use joblens_core::config::{AppConfig, AuthMode};
use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};
use pages::{
    jobs::{FirstList, JobsPage},
    not_found::NotFound,
    on_demand::{JobPage, OnDemand},
};
use send_wrapper::SendWrapper;
use session::Session;
use std::time::Duration;
use web_sys::{AbortController, AbortSignal};

/// The whole app: loads the configuration, then the shell.
///
/// One-shot work here and in the views is a task that sets a signal: the app ships no
/// `LocalResource` or `Action`, whose machinery would add about 11 KB (brotli) to the first
/// download (README, "Benchmarks").
#[component]
pub fn App() -> impl IntoView {
    let config = RwSignal::new(None);
    leptos::task::spawn_local(async move { config.set(Some(api::load_config().await)) });
    move || match config.get() {
        None => view! { <p class="muted boot" role="status">"Loading Joblens…"</p> }.into_any(),
        Some(Err(problems)) => config_problems(problems).into_any(),
        Some(Ok(config)) => view! { <Shell config=config /> }.into_any(),
    }
}

/// What stops the app when config.json has problems: every one of them.
fn config_problems(problems: Vec<String>) -> impl IntoView {
    view! {
        <section class="card config-error" role="alert">
            <h1>"Joblens cannot start: config.json has problems"</h1>
            <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            <p class="muted">"Fix config.json beside index.html and reload. README.md lists its fields."</p>
        </section>
    }
}

/// Context providers, header, routes.
#[component]
fn Shell(config: AppConfig) -> impl IntoView {
    let session = Session::new(config.auth_mode);
    provide_context(session);
    let client = api::Client::new(&config.api_base_url).reporting_to(session);
    let path = window().location().pathname().unwrap_or_default();
    provide_context(FirstList::start(
        &client,
        session,
        routes::is_job_table(&path),
    ));
    provide_context(explorer::Explorer::new(client.clone(), session));
    provide_context(client);
    provide_context(Toaster::new());
    let embedded = embed::wants_embed(&config);
    embed::apply_theme(config.theme);
    embed::start(&config, session);
    provide_context(config);
    view! {
        <Router base=routes::base()>
            <Show when=move || !embedded>
                <a class="skip-link" href="#main">"Skip to content"</a>
                <Header />
            </Show>
            <main id="main" class="app-main" class:app-main--embedded=embedded>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <RequireToken><JobsPage /></RequireToken> } />
                    <Route
                        path=path!("/jobs/:request_id")
                        view=|| view! { <RequireToken><OnDemand page=JobPage::Hits /></RequireToken> }
                    />
                    <Route
                        path=path!("/jobs/:request_id/explore")
                        view=|| view! { <RequireToken><OnDemand page=JobPage::Explore /></RequireToken> }
                    />
                </Routes>
                <ReleaseExplorer />
            </main>
            <Toasts />
        </Router>
    }
}

/// Frees the job explored (its worker and every hit it holds) once the user is on another job
/// or off the jobs altogether.
#[component]
fn ReleaseExplorer() -> impl IntoView {
    let explorer = expect_context::<explorer::Explorer>();
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        let here = routes::job_in_path(&location.pathname.get());
        let held = explorer
            .job
            .with(|j| j.as_ref().map(|(id, _)| id.0.clone()));
        if held.is_some() && here != held {
            explorer.forget();
        }
    });
}

/// Shows its children once there is a credential; before, the connect screen (or, when the
/// portal hands the token over, a note that it is awaited).
#[component]
pub fn RequireToken(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>();
    move || {
        if session.token.with(Option::is_some) {
            children().into_any()
        } else if session.mode == AuthMode::Parent {
            view! {
                <section class="card token-prompt" role="status">
                    <h1>"Waiting for the portal"</h1>
                    <p class="muted">"Joblens receives its token from the admin portal it is embedded in."</p>
                </section>
            }
            .into_any()
        } else {
            view! { <ConnectScreen /> }.into_any()
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
        let now = RwSignal::new(clock::now_ms() as i64);
        let handle = set_interval_with_handle(
            move || {
                now.try_set(clock::now_ms() as i64);
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

/// A `performance.mark` for the benchmarks.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        // One entry per name: the browser keeps marks for the page's life, and the poll loop
        // marks every few seconds for as long as the tab stays open.
        p.clear_marks_with_mark_name(name);
        let _ = p.mark(name);
    }
}

/// A `performance.mark` placed once the browser has painted what the app just rendered (the
/// next animation frame).
pub fn mark_after_paint(name: &'static str) {
    request_animation_frame(move || mark(name));
}

/// Lets tests and benchmarks read the wasm memory's size: `window.__joblensWasmBytes()`.
pub fn expose_diagnostics() {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Some(window) = web_sys::window() else {
        return;
    };
    let bytes = Closure::<dyn Fn() -> f64>::new(|| {
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        memory
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length() as f64
    });
    let _ = js_sys::Reflect::set(
        &window,
        &"__joblensWasmBytes".into(),
        bytes.as_ref().unchecked_ref(),
    );
    // For the page's lifetime.
    bytes.forget();
}

/// The browser's zone, in minutes east of UTC.
pub fn tz_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}
