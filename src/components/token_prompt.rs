use crate::session::Session;
use joblens_core::Token;
use leptos::prelude::*;

/// Asks for the API token. It stays in memory: nothing is stored or put in the URL.
#[component]
pub fn TokenPrompt() -> impl IntoView {
    let session = expect_context::<Session>();
    let input = NodeRef::<leptos::html::Input>::new();
    let problem = RwSignal::new(None::<&'static str>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(el) = input.get() else { return };
        match Token::new(&el.value()) {
            Some(token) => {
                el.set_value("");
                problem.set(None);
                session.sign_in(token);
            }
            None => problem.set(Some(
                "Enter the token an administrator created under Admin Settings > API Settings.",
            )),
        }
    };
    view! {
        <section class="card token-prompt" aria-labelledby="token-title">
            <h1 id="token-title">"Connect to EventLog Analyzer"</h1>
            <p class="muted">
                "Joblens reads the Jobs API with your API token. It is kept in this tab's memory only."
            </p>
            <form on:submit=submit>
                <label for="token">"Token"</label>
                <div class="token-prompt__row">
                    <input
                        id="token"
                        name="token"
                        type="password"
                        autocomplete="off"
                        spellcheck="false"
                        required
                        node_ref=input
                    />
                    <button type="submit" class="button button--primary">"Connect"</button>
                </div>
                {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
            </form>
        </section>
    }
}
