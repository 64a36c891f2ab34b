use crate::{api::Client, session::Session};
use joblens_core::{budget::Backoff, config::is_base_url, ApiError, Credential, Token};
use leptos::{prelude::*, task::spawn_local};

/// The connect screen: where the API is and which token to use, checked with a real request
/// before the app goes on. The token stays in memory unless "remember in this tab" is ticked.
#[component]
pub fn ConnectScreen() -> impl IntoView {
    let session = expect_context::<Session>();
    let client = expect_context::<Client>();
    let base = RwSignal::new(client.base());
    let token_input = NodeRef::<leptos::html::Input>::new();
    let remember = RwSignal::new(false);
    let checking = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(el) = token_input.get() else { return };
        let url = base.get_untracked().trim().trim_end_matches('/').to_owned();
        if !is_base_url(&url) {
            problem.set(Some(
                "The API base URL must be empty (this site) or start with http:// or https://, such as https://siem.example:8400.".into(),
            ));
            return;
        }
        let Some(token) = Token::new(&el.value()) else {
            problem.set(Some(
                "Enter the token an administrator created under Admin Settings > API Settings."
                    .into(),
            ));
            return;
        };
        let cred = Credential::Bearer(token);
        client.set_base(&url);
        let check = client.clone().with_retry(Backoff {
            max_attempts: 1,
            ..Backoff::default()
        });
        let keep = remember.get_untracked();
        checking.set(true);
        problem.set(None);
        spawn_local(async move {
            let result = check.jobs(&cred, None).await;
            if checking.is_disposed() {
                return;
            }
            checking.set(false);
            match result {
                Ok(_) => {
                    el.set_value("");
                    session.sign_in(cred, keep);
                    session.observe(&Ok::<(), ApiError>(()));
                }
                Err(ApiError::Unauthorized(body)) => {
                    let mut text = "The token is invalid, revoked or expired.".to_owned();
                    if let Some(b) = body {
                        text.push_str(&format!(
                            " The server says: {} (code {}).",
                            b.detail, b.code
                        ));
                    }
                    problem.set(Some(text));
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
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
                {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
            </form>
        </section>
    }
}
