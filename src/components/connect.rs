//! The connect screen: where the API is and which token to use, checked with a real request.

use crate::{
    api::Client,
    clock::{now_ms, sleep_unless_aborted},
    components::error_banner::ErrorText,
    session::Session,
    ViewScope,
};
use joblens_core::{budget::Backoff, config::is_base_url, format, ApiError, Credential, Token};
use leptos::{prelude::*, task::spawn_local};
use send_wrapper::SendWrapper;
use web_sys::AbortController;

/// A check that failed for a reason that may pass, waiting to be tried again.
#[derive(Clone, Debug, PartialEq)]
struct Waiting {
    /// When the next try goes (epoch ms).
    at: i64,
    /// The try that will go then (1-based), and how many there are in all.
    next: u32,
    error: ApiError,
}

/// What the screen says went wrong.
#[derive(Clone, Debug, PartialEq)]
enum Problem {
    /// The form itself.
    Input(&'static str),
    /// The check: the server's answer, or its absence; `stopped` when the user cancelled.
    Check { error: ApiError, stopped: bool },
}

/// The connect screen: where the API is and which token to use, checked with a real request
/// before the app goes on. A check that fails for a reason that may pass (a 429 once its wait
/// is over, a 5xx, the network, a timeout) is tried again within the request budget, with a
/// countdown and a Cancel; the token stays in memory unless "remember in this tab" is ticked.
#[component]
pub fn ConnectScreen() -> impl IntoView {
    let session = expect_context::<Session>();
    let client = expect_context::<Client>();
    let now = ViewScope::new().clock();
    let base = RwSignal::new(client.base());
    let token_input = NodeRef::<leptos::html::Input>::new();
    let remember = RwSignal::new(false);
    let checking = RwSignal::new(false);
    let waiting = RwSignal::new(None::<Waiting>);
    let problem = RwSignal::new(None::<Problem>);
    let cancel = StoredValue::new(None::<SendWrapper<AbortController>>);
    on_cleanup(move || {
        cancel.with_value(|c| {
            if let Some(c) = c {
                c.abort();
            }
        })
    });

    let stop = move |_| {
        cancel.with_value(|c| {
            if let Some(c) = c {
                c.abort();
            }
        });
        if let Some(w) = waiting.get_untracked() {
            problem.set(Some(Problem::Check {
                error: w.error,
                stopped: true,
            }));
        }
        waiting.set(None);
        checking.set(false);
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(el) = token_input.get() else { return };
        let url = base.get_untracked().trim().trim_end_matches('/').to_owned();
        if !is_base_url(&url) {
            problem.set(Some(Problem::Input(
                "The API base URL must be empty (this site) or start with http:// or https://, such as https://siem.example:8400.",
            )));
            return;
        }
        let Some(token) = Token::new(&el.value()) else {
            problem.set(Some(Problem::Input(
                "Enter the token an administrator created under Admin Settings > API Settings.",
            )));
            return;
        };
        let Ok(controller) = AbortController::new() else {
            return;
        };
        let signal = controller.signal();
        cancel.set_value(Some(SendWrapper::new(controller)));
        let cred = Credential::Bearer(token);
        client.set_base(&url);
        // This screen retries by itself, with a countdown: the client must not also retry.
        let check = client.clone().with_retry(Backoff::ONCE);
        let keep = remember.get_untracked();
        checking.set(true);
        problem.set(None);
        spawn_local(async move {
            let policy = Backoff::CONNECT;
            let mut attempt = 0;
            loop {
                let result = check.jobs(&cred, Some(&signal)).await;
                if signal.aborted() || checking.is_disposed() {
                    return;
                }
                let error = match result {
                    Ok(_) => {
                        checking.set(false);
                        el.set_value("");
                        session.sign_in(cred, keep);
                        session.observe(&Ok::<(), ApiError>(()));
                        return;
                    }
                    Err(e) => e,
                };
                let wait = policy.next_try(
                    attempt,
                    &error,
                    js_sys::Math::random(),
                    check.budget_wait_ms(),
                );
                let Some(wait) = wait else {
                    checking.set(false);
                    problem.set(Some(Problem::Check {
                        error,
                        stopped: false,
                    }));
                    return;
                };
                attempt += 1;
                waiting.set(Some(Waiting {
                    at: now_ms() as i64 + wait as i64,
                    next: attempt + 1,
                    error,
                }));
                if !sleep_unless_aborted(wait, &signal).await || waiting.is_disposed() {
                    return;
                }
                waiting.set(None);
            }
        });
    };

    // Built once per try: only the countdown's text follows the clock (an alert rebuilt every
    // second would be announced every second, and the Cancel button would lose focus).
    let tries = Memo::new(move |_| waiting.with(|w| w.as_ref().map(|w| (w.error.clone(), w.next))));
    let countdown = move || {
        tries.get().map(|(error, next)| {
            let when = move || waiting.with(|w| w.as_ref().map(|w| format::until(w.at, now.get())));
            view! {
                <div class="connect__waiting" role="status">
                    <ErrorText error=error class="banner banner--warn" />
                    <p>
                        "Trying again "
                        {when}
                        {format!(" (try {next} of {}).", Backoff::CONNECT.max_attempts)}
                        " "
                        <button type="button" class="button" on:click=stop>"Cancel"</button>
                    </p>
                </div>
            }
        })
    };
    let problem_view = move || {
        problem.get().map(|p| match p {
            Problem::Input(text) => {
                view! { <p class="field-error" role="alert">{text}</p> }.into_any()
            }
            Problem::Check { error, stopped } => {
                let lead = stopped.then_some("Stopped trying to connect.".to_owned());
                match lead {
                    Some(lead) => {
                        view! { <ErrorText error=error class="field-error" lead=lead /> }.into_any()
                    }
                    None => view! { <ErrorText error=error class="field-error" /> }.into_any(),
                }
            }
        })
    };
    view! {
        <section class="card token-prompt" aria-labelledby="token-title">
            <h1 id="token-title">"Connect to EventLog Analyzer"</h1>
            {move || session.notice.get().map(|n| view! { <p class="banner banner--error" role="alert">{n}</p> })}
            <p class="muted">
                "Joblens reads the Jobs API with your API token. It stays in this tab's memory unless you ask it to remember it for this tab."
            </p>
            <form on:submit=submit>
                <label for="api-base">"API base URL"</label>
                <input
                    id="api-base"
                    type="text"
                    inputmode="url"
                    placeholder="this site (same origin)"
                    prop:value=move || base.get()
                    on:input=move |ev| base.set(event_target_value(&ev))
                />
                <label for="token">"Token"</label>
                <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required node_ref=token_input />
                <label class="check">
                    <input type="checkbox" prop:checked=move || remember.get() on:change=move |ev| remember.set(event_target_checked(&ev)) />
                    "Remember in this tab (until it is closed)"
                </label>
                <div class="token-prompt__actions">
                    <button type="submit" class="button button--primary" disabled=move || checking.get()>
                        {move || if checking.get() { "Checking…" } else { "Connect" }}
                    </button>
                </div>
                {countdown}
                {problem_view}
            </form>
        </section>
    }
}
