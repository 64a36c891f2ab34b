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
use futures::{channel::mpsc, future::select, pin_mut, StreamExt};
use joblens_core::{budget::Backoff, ApiError};
use leptos::{prelude::*, task::spawn_local};
use web_sys::AbortSignal;

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

    // The loop reports every failure and backs off itself, so the client must not also retry
    // behind its back (it still shares the app's budget).
    let client = client.clone().with_retry(Backoff::ONCE);
    spawn_local(async move {
        let mut failures = 0u32;
        while let Some(token) = session.token.get_untracked() {
            crate::mark("joblens:poll-start");
            let result = client.jobs(&token, signal.as_ref()).await;
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
