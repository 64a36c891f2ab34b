//! The API client in a real browser against the real simulator process: every error kind the
//! simulator can produce comes back as the right `ApiError`, the budget paces a burst, and a
//! 429 storm is met with waiting, not hammering. `cargo xtask test` starts the simulator
//! (`--admin --cors-origin '*'`) and passes its URL at build time in `JOBLENS_SIM_URL`.
#![cfg(target_arch = "wasm32")]

use gloo_net::http::Request;
use joblens::{api::Client, clock::now_ms};
use joblens_core::{
    budget::{Backoff, Budget},
    models::StorePage,
    ApiError, Credential, RequestId, ResponseType, ResultsPage, Token,
};
use serde_json::Value;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SIM: &str = match option_env!("JOBLENS_SIM_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:18471",
};

fn bearer(t: &str) -> Credential {
    Credential::Bearer(Token::new(t).unwrap())
}

fn full() -> Credential {
    bearer("wasm-full")
}

fn reader() -> Credential {
    bearer("wasm-reader")
}

/// A client that does not retry, so each error is seen as the server sent it. Its budget is
/// generous: these tests share one page, and the app's budget persists across clients in it.
fn client() -> Client {
    Client::new(SIM)
        .with_budget(Budget::new(1_000, 60_000))
        .with_retry(Backoff {
            max_attempts: 1,
            ..Backoff::default()
        })
}

async fn admin(method: &str, path: &str, body: &str) -> Value {
    let url = format!("{SIM}{path}");
    let req = match method {
        "PUT" => Request::put(&url)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .unwrap(),
        _ => Request::post(&url)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .unwrap(),
    };
    let res = req.send().await.expect("the simulator answers");
    assert!(res.ok(), "{method} {path}: {}", res.status());
    serde_json::from_slice(&res.binary().await.unwrap()).unwrap_or(Value::Null)
}

async fn reset() {
    admin("POST", "/__sim/reset", "").await;
}

async fn faults(json: &str) {
    admin("PUT", "/__sim/faults", json).await;
}

async fn stats() -> Value {
    let res = Request::get(&format!("{SIM}/__sim/stats"))
        .send()
        .await
        .unwrap();
    serde_json::from_slice(&res.binary().await.unwrap()).unwrap()
}

async fn some_job(pred: impl Fn(&joblens_core::Job) -> bool) -> RequestId {
    let page = client().jobs(&full(), None).await.expect("jobs");
    page.jobs()
        .iter()
        .find(|j| pred(j))
        .expect("a matching job")
        .request_id
        .clone()
}

#[wasm_bindgen_test]
async fn jobs_and_pages_decode_from_a_full_base_url() {
    reset().await;
    let page = client().jobs(&full(), None).await.unwrap();
    assert!(page.jobs().len() >= 10);
    assert_eq!(page.total_items, Some(page.jobs().len() as u64));
    let id = some_job(|j| j.total_hits == Some(1958)).await;
    let results = client()
        .results::<ResultsPage>(&id, 2, ResponseType::Server, &full(), None)
        .await
        .unwrap();
    assert_eq!(results.hits.len(), 958);
    assert_eq!(results.meta.next_page, None);
    assert!(results.hits[0].contains_key("HOSTNAME"));
    // The explorer's reading of the same page: the hits as the server's text.
    let text = client()
        .results::<StorePage>(&id, 2, ResponseType::Server, &full(), None)
        .await
        .unwrap();
    let StorePage::Text { meta, hits, json } = text else {
        panic!("the simulator's page was not read as text");
    };
    assert_eq!((meta, hits), (results.meta, 958));
    assert_eq!(
        serde_json::from_str::<Vec<joblens_core::Hit>>(&json).unwrap(),
        results.hits
    );
}

#[wasm_bindgen_test]
async fn a_wrong_token_is_unauthorized_with_the_servers_code() {
    reset().await;
    let err = client().jobs(&bearer("wrong"), None).await.unwrap_err();
    match &err {
        ApiError::Unauthorized(Some(body)) => assert_eq!(body.code, "070011101"),
        other => panic!("{other:?}"),
    }
    assert!(!err.to_string().contains("wrong"));
}

#[wasm_bindgen_test]
async fn delete_without_the_scope_is_forbidden_and_an_unknown_job_not_found() {
    reset().await;
    let id = some_job(|j| j.stage.is_final()).await;
    match client().delete(&id, &reader(), None).await.unwrap_err() {
        ApiError::Forbidden(Some(body)) => assert!(body.detail.contains("jobs.DELETE")),
        other => panic!("{other:?}"),
    }
    let gone = RequestId::from("AZdoesnotexist000000");
    assert!(matches!(
        client().job(&gone, &full(), None).await,
        Err(ApiError::NotFound(Some(_)))
    ));
    let deleted = client().delete(&id, &full(), None).await.unwrap();
    assert!(deleted.message.unwrap_or_default().contains(id.as_str()));
    assert!(matches!(
        client().delete(&id, &full(), None).await,
        Err(ApiError::NotFound(_))
    ));
}

#[wasm_bindgen_test]
async fn a_page_past_the_end_is_not_found_and_page_zero_a_bad_request() {
    reset().await;
    let id = some_job(|j| j.total_hits == Some(1958)).await;
    assert!(matches!(
        client()
            .results::<ResultsPage>(&id, 3, ResponseType::Client, &full(), None)
            .await,
        Err(ApiError::NotFound(_))
    ));
    assert!(matches!(
        client()
            .results::<ResultsPage>(&id, 0, ResponseType::Client, &full(), None)
            .await,
        Err(ApiError::BadRequest { status: 400, .. })
    ));
}

#[wasm_bindgen_test]
async fn server_failures_are_server_errors() {
    reset().await;
    faults(r#"{"error_rate": 1.0}"#).await;
    let err = client().jobs(&full(), None).await.unwrap_err();
    assert!(
        matches!(
            err,
            ApiError::Server {
                status: 500 | 503,
                ..
            }
        ),
        "{err:?}"
    );
    reset().await;
}

#[wasm_bindgen_test]
async fn broken_bodies_are_malformed_and_dropped_connections_network_errors() {
    reset().await;
    faults(r#"{"truncate_rate": 1.0}"#).await;
    match client().jobs(&full(), None).await.unwrap_err() {
        ApiError::Malformed { expected, .. } => assert_eq!(expected, "the job list"),
        other => panic!("{other:?}"),
    }
    faults(r#"{"malformed_rate": 1.0}"#).await;
    assert!(matches!(
        client().jobs(&full(), None).await,
        Err(ApiError::Malformed { .. })
    ));
    faults(r#"{"drop_rate": 1.0}"#).await;
    let id = some_job_raw().await;
    let err = client()
        .results::<ResultsPage>(&id, 1, ResponseType::Client, &full(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Network(_)), "{err:?}");
    reset().await;
}

/// A job id read while faults are on, through the admin-free path: the 100 000-hit job's id is
/// the same for the same seed, so read it before breaking bodies.
async fn some_job_raw() -> RequestId {
    faults("{}").await;
    let id = some_job(|j| j.total_hits == Some(100_000)).await;
    faults(r#"{"drop_rate": 1.0}"#).await;
    id
}

#[wasm_bindgen_test]
async fn an_unreachable_server_is_a_network_error() {
    let err = Client::new("http://127.0.0.1:9")
        .jobs(&full(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Network(_)), "{err:?}");
}

#[wasm_bindgen_test]
async fn a_slow_server_times_out() {
    reset().await;
    faults(r#"{"latency_ms": 3000}"#).await;
    let err = client()
        .with_timeout_ms(300)
        .jobs(&full(), None)
        .await
        .unwrap_err();
    assert_eq!(err, ApiError::Timeout { after_ms: 300 });
    reset().await;
}

#[wasm_bindgen_test]
async fn a_cancelled_view_aborts_its_request() {
    reset().await;
    faults(r#"{"latency_ms": 2000}"#).await;
    let controller = web_sys::AbortController::new().unwrap();
    let signal = controller.signal();
    let c = client();
    let token = full();
    let call = c.jobs(&token, Some(&signal));
    let abort = async {
        gloo_timers::future::TimeoutFuture::new(100).await;
        controller.abort();
    };
    let (result, ()) = futures::join!(call, abort);
    assert_eq!(result.unwrap_err(), ApiError::Aborted);
    // Already aborted: nothing is sent at all.
    let before = stats().await["api_requests"].as_u64().unwrap();
    assert_eq!(
        c.jobs(&token, Some(&signal)).await.unwrap_err(),
        ApiError::Aborted
    );
    assert_eq!(stats().await["api_requests"].as_u64().unwrap(), before);
    reset().await;
}

#[wasm_bindgen_test]
async fn the_budget_paces_a_burst_so_no_window_holds_more_than_it_allows() {
    reset().await;
    // 4 requests in any 1.5 s: 10 concurrent calls need three windows.
    let c = client().with_budget(Budget::new(4, 1_500));
    let token = full();
    let started = now_ms();
    let calls: Vec<_> = (0..10).map(|_| c.jobs(&token, None)).collect();
    for r in futures::future::join_all(calls).await {
        r.unwrap();
    }
    assert!(
        now_ms() - started >= 3_000,
        "10 requests at 4 per 1.5 s take two full waits"
    );
    let recent: Vec<i64> = stats().await["recent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(recent.len(), 10);
    for (i, &t) in recent.iter().enumerate() {
        // Arrival times can lag send times a little; allow 100 ms of skew.
        let in_window = recent[i..].iter().take_while(|&&u| u < t + 1_400).count();
        assert!(
            in_window <= 4,
            "{in_window} requests within 1.4 s of {t}: {recent:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_429_storm_is_met_with_waiting_not_hammering() {
    reset().await;
    faults(r#"{"throttle_rate": 1.0, "throttle_retry_after_s": 1}"#).await;
    let c = Client::new(SIM)
        .with_budget(Budget::new(1_000, 60_000))
        .with_retry(Backoff {
            max_attempts: 4,
            ..Backoff::default()
        });
    let started = now_ms();
    let err = c.jobs(&full(), None).await.unwrap_err();
    assert_eq!(
        err,
        ApiError::RateLimited {
            retry_after_ms: Some(1_000)
        }
    );
    let elapsed = now_ms() - started;
    let s = stats().await;
    assert_eq!(s["api_requests"], 4, "four attempts, no more");
    assert_eq!(s["rate_limited"], 4);
    assert!(
        elapsed >= 3_000,
        "each retry waited for Retry-After: {elapsed} ms"
    );
    // The budget stays paused after the storm: the next call would wait.
    assert!(c.budget_wait_ms() > 0);
    reset().await;
}

/// Switches the simulator to the `variant` dialect with `changes` on top.
async fn variant(changes: &str) {
    let mut dialect: Value = serde_json::from_str(
        r#"{"string_numbers": true, "v1_names": true, "lowercase_stages": true,
            "running_without_total": true, "error_shape": "wrapped", "errors_as_200": true,
            "delete_reply": "message", "lookup_lists_all": true, "no_results_meta": true,
            "empty_past_end": true, "no_retry_after": true}"#,
    )
    .unwrap();
    let changes: Value = serde_json::from_str(changes).unwrap();
    for (k, v) in changes.as_object().unwrap() {
        dialect[k] = v.clone();
    }
    admin("PUT", "/__sim/dialect", &dialect.to_string()).await;
}

#[wasm_bindgen_test]
async fn a_variant_server_is_read_job_by_job_and_lookups_pick_the_job_asked_for() {
    reset().await;
    let reference = client().jobs(&full(), None).await.unwrap();
    variant("{}").await;
    let page = client().jobs(&full(), None).await.unwrap();
    assert_eq!(page.jobs().len(), reference.jobs().len());
    for (v, r) in page.jobs().iter().zip(reference.jobs()) {
        assert_eq!(v.request_id, r.request_id);
        assert_eq!(v.odd, None);
        // Running jobs move between the two answers; finished ones read the same.
        if r.stage.is_final() {
            assert_eq!(v.stage, r.stage, "lower-case v1 status read as the stage");
            assert_eq!(v.hits_done, r.hits_done, "text read as numbers");
            assert_eq!(v.total_hits, r.total_hits);
            assert_eq!(v.running_time_millis, r.running_time_millis);
        } else {
            assert_eq!(v.total_hits, None, "a running job without its total");
        }
    }
    // The server lists every job for a lookup, the one asked for last.
    let asked = &reference.jobs()[2];
    let job = client()
        .job(&asked.request_id, &full(), None)
        .await
        .unwrap();
    assert_eq!(job.request_id, asked.request_id);
    assert_eq!(job.submitted_at, asked.submitted_at);
    let missing = client()
        .job(&RequestId::from("AZdoesnotexist000000"), &full(), None)
        .await;
    assert_eq!(missing, Err(ApiError::NotFound(None)));
    reset().await;
}

#[wasm_bindgen_test]
async fn every_successful_delete_reply_is_a_delete_and_an_empty_id_is_never_sent() {
    reset().await;
    let ids: Vec<RequestId> = client()
        .jobs(&full(), None)
        .await
        .unwrap()
        .into_jobs()
        .into_iter()
        .map(|j| j.request_id)
        .collect();
    for (i, reply) in ["documented", "message", "empty", "no_content"]
        .iter()
        .enumerate()
    {
        variant(&format!(r#"{{"delete_reply": "{reply}"}}"#)).await;
        let done = client().delete(&ids[i], &full(), None).await;
        assert!(done.is_ok(), "{reply}: {done:?}");
    }
    let before = stats().await["api_requests"].as_u64().unwrap();
    for blank in ["", "   "] {
        let err = client()
            .delete(&RequestId::from(blank), &full(), None)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), "not-sent");
    }
    assert_eq!(
        stats().await["api_requests"].as_u64().unwrap(),
        before,
        "nothing was sent"
    );
    reset().await;
}

#[wasm_bindgen_test]
async fn errors_in_every_shape_and_inside_a_200_keep_the_servers_words() {
    reset().await;
    for shape in ["flat", "wrapped", "message", "upper", "numeric"] {
        variant(&format!(r#"{{"error_shape": "{shape}"}}"#)).await;
        let err = client().jobs(&bearer("wrong"), None).await.unwrap_err();
        assert_eq!(err.kind(), "unauthorized", "{shape}: {err:?}");
        assert!(
            err.to_string().contains("Invalid or missing AuthToken"),
            "{shape}: {err}"
        );
    }
    reset().await;
}

#[wasm_bindgen_test]
async fn a_page_past_the_end_may_be_an_empty_200_and_a_429_may_not_say_how_long() {
    reset().await;
    let id = some_job(|j| j.total_hits == Some(1958)).await;
    variant("{}").await;
    let past = client()
        .results::<ResultsPage>(&id, 3, ResponseType::Client, &full(), None)
        .await
        .unwrap();
    assert!(past.hits.is_empty());
    assert_eq!(past.meta, Default::default());
    admin("POST", "/__sim/fail-next", "[429]").await;
    let c = client();
    let err = c.jobs(&full(), None).await.unwrap_err();
    assert_eq!(
        err,
        ApiError::RateLimited {
            retry_after_ms: None
        }
    );
    assert!(c.budget_wait_ms() > 55_000, "the budget waits its minute");
    reset().await;
}

#[wasm_bindgen_test]
async fn a_base_url_without_a_jobs_api_is_told_apart_from_a_missing_job() {
    reset().await;
    let err = Client::new(&format!("{SIM}/api/v9"))
        .with_budget(Budget::new(1_000, 60_000))
        .jobs(&full(), None)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "no-api", "{err:?}");
}
