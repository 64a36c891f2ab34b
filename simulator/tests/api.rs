//! Handler tests: every behaviour of the simulator, through its router, on a fixed clock.

mod common;
use axum::http::{Method, StatusCode};
use common::*;
use joblens_sim::{faults::Faults, Config, DEMO_TOKEN};
use serde_json::Value;
use std::collections::BTreeSet;

const HOUR: i64 = 3_600_000;

fn id_of(job: &Value) -> String {
    job["request_id"].as_str().unwrap().to_owned()
}

async fn results(app: &axum::Router, id: &str, query: &str) -> Answer {
    get(app, &format!("/api/v2/jobs/results?request_id={id}{query}")).await
}

#[tokio::test]
async fn seeded_jobs_cover_every_stage_newest_first() {
    let (_, app) = sim();
    let jobs = jobs(&app).await;
    let stages: BTreeSet<&str> = jobs.iter().map(|j| j["stage"].as_str().unwrap()).collect();
    assert_eq!(stages, BTreeSet::from(["FAILED", "RUNNING", "SUCCESS"]));
    let submitted: Vec<i64> = jobs
        .iter()
        .map(|j| j["submitted_at"].as_i64().unwrap())
        .collect();
    assert!(submitted.windows(2).all(|w| w[0] >= w[1]));
    assert!(jobs
        .iter()
        .any(|j| j["total_hits"].as_u64().unwrap() >= 100_000 && j["stage"] == "SUCCESS"));
    let body = get(&app, "/api/v2/jobs").await.json();
    assert_eq!(body["meta"]["total_items"], jobs.len());
}

#[tokio::test]
async fn the_same_seed_gives_the_same_answers_and_another_seed_others() {
    let (_, a) = sim();
    let (_, b) = sim();
    let (_, c) = sim_with(Config {
        seed: 7,
        ..config()
    });
    let ja = get(&a, "/api/v2/jobs").await.bytes;
    assert_eq!(ja, get(&b, "/api/v2/jobs").await.bytes);
    assert_ne!(ja, get(&c, "/api/v2/jobs").await.bytes);
    let id = id_of(&job_where(&a, |j| j["total_hits"] == 100_000).await);
    assert_eq!(
        results(&a, &id, "&page=37").await.bytes,
        results(&b, &id, "&page=37").await.bytes
    );
}

#[tokio::test]
async fn running_jobs_advance_and_finish_as_time_passes() {
    let (sim, app) = sim();
    let running = job_where(&app, |j| {
        j["stage"] == "RUNNING" && j["total_hits"] == 30_000
    })
    .await;
    let id = id_of(&running);
    let lookup = |app: axum::Router, id: String| async move {
        get(&app, &format!("/api/v2/jobs?request_id={id}"))
            .await
            .json()["data"]["jobs"]["requests"][0]
            .clone()
    };
    sim.clock.advance(30_000);
    let later = lookup(app.clone(), id.clone()).await;
    assert_eq!(later["stage"], "RUNNING");
    assert!(later["hits_done"].as_u64() > running["hits_done"].as_u64());
    assert!(later["last_synced_time"].as_i64() > running["last_synced_time"].as_i64());
    assert!(later["running_time"].as_str().unwrap().ends_with("ms"));
    sim.clock.advance(10 * 60_000);
    let done = lookup(app.clone(), id.clone()).await;
    assert_eq!(done["stage"], "SUCCESS");
    assert_eq!(done["hits_done"], 30_000);
    assert_eq!(done["total_pages"], 30);
    assert_eq!(done["running_time"], "3m 0s");
}

#[tokio::test]
async fn a_running_job_serves_the_pages_found_so_far() {
    let (_, app) = sim();
    let running = job_where(&app, |j| {
        j["stage"] == "RUNNING" && j["hits_done"].as_u64() > Some(0)
    })
    .await;
    let id = id_of(&running);
    let body = results(&app, &id, "").await.json();
    let done = running["hits_done"].as_u64().unwrap();
    assert_eq!(body["meta"]["total_items"], done);
    assert_eq!(
        body["data"]["hits"].as_array().unwrap().len() as u64,
        done.min(1000)
    );
}

#[tokio::test]
async fn results_are_paged_by_1000_and_the_last_page_has_no_next_page() {
    let (_, app) = sim();
    let id = id_of(&job_where(&app, |j| j["total_hits"] == 1958).await);
    let first = results(&app, &id, "&page=1").await.json();
    assert_eq!(first["data"]["hits"].as_array().unwrap().len(), 1000);
    assert_eq!(first["meta"]["next_page"], 2);
    assert_eq!(first["meta"]["total_items"], 1958);
    assert_eq!(first["meta"]["items_in_current_page"], 1000);
    let default_page = results(&app, &id, "").await.json();
    assert_eq!(default_page, first, "page defaults to 1");
    let last = results(&app, &id, "&page=2").await.json();
    assert_eq!(last["data"]["hits"].as_array().unwrap().len(), 958);
    assert!(
        last["meta"].get("next_page").is_none(),
        "absent on the last page"
    );
    assert_eq!(last["meta"]["items_in_current_page"], 958);
}

#[tokio::test]
async fn a_job_without_hits_has_one_empty_page() {
    let (_, app) = sim();
    let id = id_of(&job_where(&app, |j| j["total_hits"] == 0).await);
    let body = results(&app, &id, "").await.json();
    assert_eq!(body["data"]["hits"], Value::Array(vec![]));
    assert_eq!(body["meta"]["total_items"], 0);
}

#[tokio::test]
async fn a_page_past_the_end_is_a_404_with_an_error_body() {
    let (_, app) = sim();
    let id = id_of(&job_where(&app, |j| j["total_hits"] == 1958).await);
    let answer = results(&app, &id, "&page=3").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let body = answer.json();
    assert_eq!(body["code"], "070011104");
    assert!(body["detail"]
        .as_str()
        .unwrap()
        .contains("Page 3 is past the last page (2)"));
}

#[tokio::test]
async fn malformed_queries_get_a_clear_400() {
    let (_, app) = sim();
    let id = id_of(&job_where(&app, |j| j["total_hits"] == 1958).await);
    for (query, says) in [
        (format!("request_id={id}&page=abc"), "page parameter"),
        (format!("request_id={id}&page=0"), "page parameter"),
        (format!("request_id={id}&page=-1"), "page parameter"),
        (
            format!("request_id={id}&response_type=xml"),
            "client or server",
        ),
        ("page=1".to_owned(), "request_id parameter is required"),
    ] {
        let answer = get(&app, &format!("/api/v2/jobs/results?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        let body = answer.json();
        assert_eq!(body["title"], "Bad Request");
        assert!(
            body["detail"].as_str().unwrap().contains(says),
            "{query}: {body}"
        );
    }
    let answer = call(&app, Method::DELETE, "/api/v2/jobs", Some(TOKEN)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn response_type_server_uses_internal_field_names() {
    let (_, app) = sim();
    let id = id_of(&job_where(&app, |j| j["total_hits"] == 372).await);
    let client = results(&app, &id, "&response_type=client").await.json();
    let server = results(&app, &id, "&response_type=server").await.json();
    let (c, s) = (&client["data"]["hits"][0], &server["data"]["hits"][0]);
    assert_eq!(c["Device"], s["HOSTNAME"]);
    assert_eq!(c["Severity"], s["COMMON_SEVERITY"]);
    assert_eq!(c["Time"], s["TIME"]);
    assert!(s.get("Device").is_none());
}

#[tokio::test]
async fn unknown_jobs_are_404_with_an_error_body() {
    let (_, app) = sim();
    for uri in [
        "/api/v2/jobs?request_id=AZnope",
        "/api/v2/jobs/results?request_id=AZnope",
    ] {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        let body = answer.json();
        assert_eq!(body["code"], "070011104");
        assert!(body["detail"].as_str().unwrap().contains("AZnope"));
    }
    let answer = get(&app, "/api/v3/other").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.json()["title"], "Not Found");
}

#[tokio::test]
async fn a_deleted_job_is_gone_from_the_list_and_its_results() {
    let (_, app) = sim();
    let id = id_of(&job_where(&app, |j| j["total_hits"] == 1958).await);
    let del = call(
        &app,
        Method::DELETE,
        &format!("/api/v2/jobs?request_id={id}"),
        Some(TOKEN),
    )
    .await;
    assert_eq!(del.status, StatusCode::OK);
    assert!(jobs(&app).await.iter().all(|j| id_of(j) != id));
    assert_eq!(results(&app, &id, "").await.status, StatusCode::NOT_FOUND);
    let again = call(
        &app,
        Method::DELETE,
        &format!("/api/v2/jobs?request_id={id}"),
        Some(TOKEN),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn results_expire_24_hours_after_the_search() {
    let (sim, app) = sim();
    let before = jobs(&app).await;
    let oldest = before.last().unwrap().clone();
    let id = id_of(&oldest);
    let expires = oldest["submitted_at"].as_i64().unwrap() + 24 * HOUR;
    sim.clock.advance(expires - NOW - 1);
    assert_eq!(results(&app, &id, "").await.status, StatusCode::OK);
    sim.clock.advance(1);
    assert_eq!(results(&app, &id, "").await.status, StatusCode::NOT_FOUND);
    assert_eq!(jobs(&app).await.len(), before.len() - 1);
    sim.clock.advance(24 * HOUR);
    assert!(jobs(&app).await.is_empty(), "every seeded job expires");
}

#[tokio::test]
async fn a_token_without_jobs_delete_gets_403_but_may_read() {
    let (_, app) = sim();
    let id = id_of(&jobs(&app).await[0]);
    let answer = call(
        &app,
        Method::DELETE,
        &format!("/api/v2/jobs?request_id={id}"),
        Some(READER),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let body = answer.json();
    assert_eq!(body["title"], "Forbidden");
    assert_eq!(body["code"], "070011106");
    assert!(body["detail"].as_str().unwrap().contains("jobs.DELETE"));
    assert_eq!(shape(&body), shape(&reference("error-401.json")));
    assert_eq!(
        call(&app, Method::GET, "/api/v2/jobs", Some(READER))
            .await
            .status,
        StatusCode::OK
    );
    assert!(
        jobs(&app).await.iter().any(|j| id_of(j) == id),
        "nothing was deleted"
    );
}

#[tokio::test]
async fn the_default_config_accepts_the_demo_token_with_every_scope() {
    let (_, app) = sim_with(Config {
        admin: false,
        ..Config::default()
    });
    assert_eq!(
        call(&app, Method::GET, "/api/v2/jobs", Some(DEMO_TOKEN))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        get(&app, "/api/v2/jobs").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get(&app, "/__sim/stats").await.status,
        StatusCode::NOT_FOUND,
        "admin is off"
    );
}

#[tokio::test]
async fn the_61st_request_in_a_minute_is_refused_with_retry_after() {
    let (sim, app) = sim();
    for i in 0..60 {
        sim.clock.advance(100);
        assert_eq!(
            get(&app, "/api/v2/jobs").await.status,
            StatusCode::OK,
            "request {i}"
        );
    }
    let refused = get(&app, "/api/v2/jobs").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = refused.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let body = refused.json();
    assert_eq!(body["title"], "Too Many Requests");
    assert_eq!(shape(&body), shape(&reference("error-401.json")));
    // Another token has its own minute.
    assert_eq!(
        call(&app, Method::GET, "/api/v2/jobs", Some(READER))
            .await
            .status,
        StatusCode::OK
    );
    sim.clock.advance(retry as i64 * 1000);
    assert_eq!(get(&app, "/api/v2/jobs").await.status, StatusCode::OK);
    let stats = sim.stats();
    assert_eq!(stats.rate_limited, 1);
    assert_eq!(stats.max_per_minute, 61);
}

#[tokio::test]
async fn the_limit_can_be_switched_off_for_benchmarks() {
    let (_, app) = sim_with(Config {
        rate_limit: None,
        ..config()
    });
    for _ in 0..200 {
        assert_eq!(get(&app, "/api/v2/jobs").await.status, StatusCode::OK);
    }
}

fn with_faults(faults: Faults) -> (std::sync::Arc<joblens_sim::Sim>, axum::Router) {
    sim_with(Config { faults, ..config() })
}

#[tokio::test]
async fn fault_error_rate_answers_5xx_with_an_error_body() {
    let (_, app) = with_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    let answer = get(&app, "/api/v2/jobs").await;
    assert!(answer.status.is_server_error(), "{}", answer.status);
    assert_eq!(answer.json()["code"], "070011500");
}

#[tokio::test]
async fn fault_throttle_rate_answers_429_regardless_of_the_budget() {
    let (_, app) = with_faults(Faults {
        throttle_rate: 1.0,
        ..Faults::default()
    });
    let answer = get(&app, "/api/v2/jobs").await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(answer.headers.contains_key("retry-after"));
}

#[tokio::test]
async fn fault_truncate_cuts_the_body_in_half() {
    let (_, clean) = sim();
    let whole = get(&clean, "/api/v2/jobs").await.bytes;
    let (_, app) = with_faults(Faults {
        truncate_rate: 1.0,
        ..Faults::default()
    });
    let answer = get(&app, "/api/v2/jobs").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.bytes, whole[..whole.len() / 2]);
    assert!(serde_json::from_slice::<Value>(&answer.bytes).is_err());
}

#[tokio::test]
async fn fault_malformed_sends_something_that_is_not_json() {
    let (_, app) = with_faults(Faults {
        malformed_rate: 1.0,
        ..Faults::default()
    });
    let answer = get(&app, "/api/v2/jobs").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(serde_json::from_slice::<Value>(&answer.bytes).is_err());
}

#[tokio::test]
async fn fault_drop_breaks_the_body_midway() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let (_, app) = with_faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    });
    let id = id_of(&job_where(&sim().1, |j| j["total_hits"] == 1958).await);
    let req = axum::http::Request::get(format!("/api/v2/jobs/results?request_id={id}"))
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(axum::body::Body::empty())
        .unwrap();
    let res = app.oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.into_body().collect().await.is_err(),
        "the body must fail midway"
    );
}

#[tokio::test]
async fn fault_unknown_stage_reports_running_jobs_as_queued() {
    let (_, app) = with_faults(Faults {
        unknown_stage: true,
        ..Faults::default()
    });
    let stages: BTreeSet<String> = jobs(&app)
        .await
        .iter()
        .map(|j| j["stage"].as_str().unwrap().to_owned())
        .collect();
    assert!(stages.contains("QUEUED"));
    assert!(!stages.contains("RUNNING"));
}

#[tokio::test]
async fn fault_vanish_answers_lookups_404() {
    let (_, clean) = sim();
    let id = id_of(&jobs(&clean).await[0]);
    let (_, app) = with_faults(Faults {
        vanish_rate: 1.0,
        ..Faults::default()
    });
    assert_eq!(
        get(&app, &format!("/api/v2/jobs?request_id={id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(results(&app, &id, "").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        get(&app, "/api/v2/jobs").await.status,
        StatusCode::OK,
        "the list still answers"
    );
}

#[tokio::test(start_paused = true)]
async fn fault_latency_delays_every_answer() {
    let (_, app) = with_faults(Faults {
        latency_ms: 750,
        ..Faults::default()
    });
    let started = tokio::time::Instant::now();
    assert_eq!(get(&app, "/api/v2/jobs").await.status, StatusCode::OK);
    assert!(started.elapsed() >= std::time::Duration::from_millis(750));
}

#[tokio::test(start_paused = true)]
async fn fault_slow_body_spaces_out_the_chunks() {
    let (_, app) = with_faults(Faults {
        slow_body_ms: 200,
        ..Faults::default()
    });
    let id = id_of(&job_where(&sim().1, |j| j["total_hits"] == 1958).await);
    let started = tokio::time::Instant::now();
    let answer = results(&app, &id, "").await;
    assert_eq!(answer.status, StatusCode::OK);
    let chunks = answer.bytes.len().div_ceil(16 * 1024) as u64;
    assert!(chunks > 2);
    assert!(started.elapsed() >= std::time::Duration::from_millis(200 * (chunks - 1)));
    answer.json();
}

#[tokio::test]
async fn faults_switch_at_run_time_through_the_admin_endpoint() {
    let (_, app) = sim();
    let put = |body: &'static str| {
        let app = app.clone();
        async move {
            let req = axum::http::Request::put("/__sim/faults")
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body))
                .unwrap();
            send(&app, req).await
        }
    };
    assert_eq!(put(r#"{"error_rate": 1.0}"#).await.status, StatusCode::OK);
    assert!(get(&app, "/api/v2/jobs").await.status.is_server_error());
    assert_eq!(get(&app, "/__sim/faults").await.json()["error_rate"], 1.0);
    let bad = put(r#"{"error_rate": 2}"#).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        put(r#"{"no_such_fault": 1}"#).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(put("{}").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/api/v2/jobs").await.status, StatusCode::OK);
}

#[tokio::test]
async fn new_jobs_can_be_submitted_and_run() {
    let (sim, app) = sim();
    let before = jobs(&app).await.len();
    let answer = post_json(
        &app,
        "/__sim/jobs",
        r#"{"total_hits": 2500, "run_ms": 10000, "mix": "firewall"}"#,
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let id = answer.json()["request_id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 20);
    let listed = jobs(&app).await;
    assert_eq!(listed.len(), before + 1);
    assert_eq!(id_of(&listed[0]), id, "newest first");
    assert_eq!(listed[0]["stage"], "RUNNING");
    // Submitted jobs start 3 ms after submission, as the reference's job did.
    sim.clock.advance(10_003);
    let done = get(&app, &format!("/api/v2/jobs?request_id={id}"))
        .await
        .json();
    assert_eq!(done["data"]["jobs"]["requests"][0]["stage"], "SUCCESS");
    let page = results(&app, &id, "&page=3").await.json();
    assert_eq!(page["data"]["hits"].as_array().unwrap().len(), 500);
    assert_eq!(page["data"]["hits"][0]["LogType"], "Firewall");
    let failing = post_json(&app, "/__sim/jobs", r#"{"failed_at": 0.5, "run_ms": 1000}"#)
        .await
        .json();
    sim.clock.advance(1_003);
    let failed = get(
        &app,
        &format!(
            "/api/v2/jobs?request_id={}",
            failing["request_id"].as_str().unwrap()
        ),
    )
    .await
    .json();
    assert_eq!(failed["data"]["jobs"]["requests"][0]["stage"], "FAILED");
    assert_eq!(
        post_json(&app, "/__sim/jobs", r#"{"total_hits": "many"}"#)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn the_clock_can_be_advanced_and_the_state_reset() {
    let (_, app) = sim();
    let id = id_of(&job_where(&app, |j| j["stage"] == "RUNNING").await);
    call(
        &app,
        Method::DELETE,
        &format!("/api/v2/jobs?request_id={id}"),
        Some(TOKEN),
    )
    .await;
    let answer = post_json(&app, "/__sim/clock", r#"{"advance_ms": 5000}"#).await;
    assert_eq!(answer.json()["now_ms"], NOW + 5000);
    let reset = post_json(&app, "/__sim/reset", "").await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    assert!(
        jobs(&app).await.iter().any(|j| id_of(j) == id),
        "the deleted job is back"
    );
    let stats = get(&app, "/__sim/stats").await.json();
    assert_eq!(
        stats["api_requests"], 1,
        "stats restart: only the list above counts"
    );
}
