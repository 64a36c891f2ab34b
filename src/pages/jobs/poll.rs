//! The refresh loop: asks for the job list, waits its turn (or until woken), backs off after
//! failures, pauses while the tab is hidden, and stops on a refused token or when the page goes.

use super::state::JobsState;
use crate::{
    api::Client,
    clock::{now_ms, sleep_ms},
    components::toasts::Toaster,
    hooks::{events::on_window, visibility::follow_visibility},
    session::Session,
};
use futures::{
    channel::{mpsc, oneshot},
    future::select,
    pin_mut, StreamExt,
};
use joblens_core::{budget::Backoff, models::JobsPage, token::Credential, ApiError};
use leptos::{prelude::*, task::spawn_local};
use web_sys::AbortSignal;

/// The job list asked for the moment the app knows the server and the token, while the shell
/// and the page are still being built: the loop's first round takes its answer instead of
/// asking again. On loopback that overlaps a few milliseconds; over a VPN, a round trip.
#[derive(Clone, Copy)]
pub struct FirstList(StoredValue<Option<(Credential, Answer)>, LocalStorage>);

type Answer = oneshot::Receiver<Result<JobsPage, ApiError>>;

impl FirstList {
    /// Asks now when the app opens on the job table with a token in hand; otherwise the
    /// loop asks itself.
    pub fn start(client: &Client, session: Session, on_the_job_table: bool) -> Self {
        let slot = StoredValue::new_local(None);
        if let (true, Some(token)) = (on_the_job_table, session.token.get_untracked()) {
            let (answer, receiver) = oneshot::channel();
            let client = polling_client(client);
            crate::mark("joblens:poll-start");
            let asked_with = token.clone();
            spawn_local(async move {
                let _ = answer.send(client.jobs(&asked_with, None).await);
            });
            slot.set_value(Some((token, receiver)));
        }
        Self(slot)
    }

    /// The answer, once, if it was asked with this token (a token refused meanwhile and
    /// replaced gets a fresh list).
    fn take_for(self, token: &Credential) -> Option<Answer> {
        self.0
            .try_update_value(Option::take)
            .flatten()
            .and_then(|(asked_with, answer)| (&asked_with == token).then_some(answer))
    }
}

/// The loop reports every failure and backs off itself, so the client must not also retry
/// behind its back (it still shares the app's budget).
fn polling_client(client: &Client) -> Client {
    client.clone().with_retry(Backoff::ONCE)
}

/// Starts the loop for the page's life; the callback wakes it at once (Refresh now, the tab
/// shown again, the network back, a new refresh setting).
pub fn keep_polling(
    state: JobsState,
    client: &Client,
    session: Session,
    toaster: Toaster,
    signal: Option<AbortSignal>,
) -> Callback<()> {
    let (wake_tx, mut wake_rx) = mpsc::unbounded::<()>();
    let wake = Callback::new(move |()| {
        let _ = wake_tx.unbounded_send(());
    });
    follow_visibility(state.tab_hidden, move || wake.run(()));
    on_window("online", move |_: web_sys::Event| wake.run(()));
    Effect::new(move |first: Option<()>| {
        state.refresh.track();
        if first.is_some() {
            wake.run(());
        }
    });

    let client = polling_client(client);
    let mut first = use_context::<FirstList>();
    spawn_local(async move {
        let mut failures = 0u32;
        while let Some(token) = session.token.get_untracked() {
            let asked_already = match first.take().and_then(|f| f.take_for(&token)) {
                Some(answer) => answer.await.ok(),
                None => None,
            };
            let result = match asked_already {
                Some(result) => result,
                None => {
                    crate::mark("joblens:poll-start");
                    client.jobs(&token, signal.as_ref()).await
                }
            };
            if matches!(result, Err(ApiError::Aborted)) || state.rows.is_disposed() {
                break;
            }
            let backoff = match result {
                Ok(page) => {
                    failures = 0;
                    state.apply(page, toaster);
                    state.error.set(None);
                    state.stale_since.set(None);
                    state.next_try_at.set(None);
                    state.updated_at.set(Some(now_ms() as i64));
                    crate::mark_after_paint("joblens:poll-painted");
                    None
                }
                Err(e) => {
                    let stop = matches!(e, ApiError::Unauthorized(_) | ApiError::Forbidden(_));
                    let wait = match &e {
                        ApiError::RateLimited {
                            retry_after_ms: Some(ms),
                        } => *ms,
                        _ => Backoff::default().delay_ms(failures, js_sys::Math::random()),
                    };
                    if state.stale_since.get_untracked().is_none() {
                        state.stale_since.set(Some(now_ms() as i64));
                    }
                    state.error.set(Some(e));
                    if stop {
                        state.next_try_at.set(None);
                        break;
                    }
                    failures += 1;
                    // The budget may hold the next request longer (a 429's pause).
                    let wait = wait.max(client.budget_wait_ms());
                    state.next_try_at.set(Some(now_ms() as i64 + wait as i64));
                    Some(wait)
                }
            };
            let next = state.refresh.get_untracked().next_in(
                state.any_running(),
                state.tab_hidden.get_untracked(),
                backoff,
            );
            match next {
                Some(ms) => {
                    let timer = sleep_ms(ms);
                    let woken = wake_rx.next();
                    pin_mut!(timer);
                    select(timer, woken).await;
                }
                None => {
                    if wake_rx.next().await.is_none() {
                        break;
                    }
                }
            }
            while wake_rx.try_recv().is_ok() {}
            // The page may have gone while the loop slept (its wake sender with it).
            if state.rows.is_disposed() {
                break;
            }
            // A hidden tab asks nothing until it is shown again.
            while state.tab_hidden.try_get_untracked() == Some(true) {
                if wake_rx.next().await.is_none() {
                    return;
                }
            }
        }
    });
    wake
}
