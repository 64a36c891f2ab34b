//! The `variant` dialect through the router: each way it differs from the reference page, and
//! the admin endpoints that switch one difference at a time, add raw entries, and script
//! failures.

mod common;
use axum::http::{Method, StatusCode};
use common::*;
use joblens_sim::{dialect::Dialect, Config};
use serde_json::{json, Value};

fn variant() -> (std::sync::Arc<joblens_sim::Sim>, axum::Router) {
    sim_with(Config {
        dialect: Dialect::named("variant").unwrap(),
        ..config()
    })
}

/// A job as a v1-style server lists it, found by a predicate on its reference form.
async fn reference_ids(pred: impl Fn(&Value) -> bool) -> String {
    let (_, app) = sim();
    job_where(&app, pred).await["request_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn put(app: &axum::Router, uri: &str, body: Value) -> Answer {
    let req = axum::http::Request::builder()
        .method(Method::PUT)
        .uri(uri)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    send(app, req).await
}

#[tokio::test]
async fn jobs_come_with_text_numbers_v1_names_lower_case_stages_and_no_running_total() {
    let (_, app) = variant();
    let jobs = jobs(&app).await;
    assert!(!jobs.is_empty());
    for job in &jobs {
        assert!(
            job.get("stage").is_none() && job["status"].is_string(),
            "{job}"
        );
        assert!(job["hits_done"].is_string(), "{job}");
        assert!(job["running_time_in_millis"].is_string(), "{job}");
        let status = job["status"].as_str().unwrap();
        assert_eq!(status, status.to_ascii_lowercase());
        assert_eq!(
            job.get("total_hits").is_none(),
            status == "running",
            "{job}"
        );
    }
    let body = get(&app, "/api/v2/jobs").await.json();
    assert_eq!(body["meta"]["total_items"], json!(jobs.len().to_string()));
}

#[tokio::test]
async fn a_lookup_answers_with_every_job_the_one_asked_for_last() {
    let (_, app) = variant();
    let all = jobs(&app).await;
    let first = all[0]["request_id"].as_str().unwrap();
    let listed = get(&app, &format!("/api/v2/jobs?request_id={first}")).await;
    assert_eq!(listed.status, StatusCode::OK);
    let ids: Vec<Value> = listed.json()["data"]["jobs"]["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["request_id"].clone())
        .collect();
    assert_eq!(ids.len(), all.len());
    assert_eq!(ids.last().unwrap(), first);
    let unknown = get(&app, "/api/v2/jobs?request_id=AZnosuchjob").await;
    assert_eq!(
        unknown.status,
        StatusCode::OK,
        "not a 404: the list without it"
    );
}

#[tokio::test]
async fn errors_are_wrapped_and_refusals_come_as_200() {
    let (_, app) = variant();
    let refused = call(&app, Method::GET, "/api/v2/jobs", Some("wrong")).await;
    assert_eq!(refused.status, StatusCode::OK);
    assert_eq!(refused.json()["error"]["code"], "070011101");
    let bad = get(&app, "/api/v2/jobs/results?request_id=").await;
    assert_eq!(bad.status, StatusCode::OK);
    assert_eq!(bad.json()["error"]["title"], "Bad Request");
    let gone = get(&app, "/api/v2/jobs/results?request_id=AZnosuchjob").await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert!(gone.json()["error"]["detail"]
        .as_str()
        .unwrap()
        .contains("AZnosuchjob"));
}

#[tokio::test]
async fn results_have_no_meta_and_a_page_past_the_end_is_an_empty_200() {
    let (_, app) = variant();
    let id = reference_ids(|j| j["total_hits"] == 1958).await;
    let page = get(
        &app,
        &format!("/api/v2/jobs/results?request_id={id}&page=2"),
    )
    .await;
    let body = page.json();
    assert!(body.get("meta").is_none());
    assert_eq!(body["data"]["hits"].as_array().unwrap().len(), 958);
    let past = get(
        &app,
        &format!("/api/v2/jobs/results?request_id={id}&page=3"),
    )
    .await;
    assert_eq!(past.status, StatusCode::OK);
    assert_eq!(past.json(), json!({"data": {"hits": []}}));
}

#[tokio::test]
async fn a_delete_answers_in_the_shape_the_dialect_says() {
    let (_, app) = variant();
    let ids: Vec<String> = jobs(&app)
        .await
        .iter()
        .map(|j| j["request_id"].as_str().unwrap().to_owned())
        .collect();
    let delete = |id: String| {
        let app = app.clone();
        async move {
            call(
                &app,
                Method::DELETE,
                &format!("/api/v2/jobs?request_id={id}"),
                Some(TOKEN),
            )
            .await
        }
    };
    let v1 = delete(ids[0].clone()).await;
    assert_eq!(v1.status, StatusCode::OK);
    assert_eq!(
        v1.json(),
        json!({"message": format!("deleted hits for for request_id [{}]", ids[0])})
    );
    for (reply, status, empty) in [
        ("empty", StatusCode::OK, true),
        ("no_content", StatusCode::NO_CONTENT, true),
        ("documented", StatusCode::OK, false),
    ] {
        let set = put(&app, "/__sim/dialect", json!({"delete_reply": reply})).await;
        assert_eq!(set.status, StatusCode::OK);
        let i = 1 + ["empty", "no_content", "documented"]
            .iter()
            .position(|r| *r == reply)
            .unwrap();
        let answer = delete(ids[i].clone()).await;
        assert_eq!(answer.status, status, "{reply}");
        assert_eq!(answer.bytes.is_empty(), empty, "{reply}");
    }
}

#[tokio::test]
async fn each_error_shape_can_be_chosen_and_a_429_may_come_without_retry_after() {
    let (sim, app) = sim();
    for (shape, words) in [
        ("flat", "/detail"),
        ("wrapped", "/error/detail"),
        ("message", "/error/message"),
        ("upper", "/ERROR_DESCRIPTION"),
        ("numeric", "/detail"),
    ] {
        put(&app, "/__sim/dialect", json!({"error_shape": shape})).await;
        let body = call(&app, Method::GET, "/api/v2/jobs", Some("wrong"))
            .await
            .json();
        assert!(
            body.pointer(words)
                .and_then(Value::as_str)
                .unwrap()
                .contains("AuthToken"),
            "{shape}: {body}"
        );
    }
    put(&app, "/__sim/dialect", json!({"no_retry_after": true})).await;
    let answer = post_json(&app, "/__sim/fail-next", "[429]").await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    let limited = get(&app, "/api/v2/jobs").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers.get("retry-after").is_none());
    sim.reset();
    assert_eq!(
        sim.dialect(),
        Dialect::default(),
        "reset brings the start dialect back"
    );
}

#[tokio::test]
async fn scripted_failures_go_first_then_the_server_answers_again() {
    let (sim, app) = sim();
    post_json(&app, "/__sim/fail-next", "[429, 503]").await;
    let first = get(&app, "/api/v2/jobs").await;
    assert_eq!(first.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(first.headers.get("retry-after").is_some());
    assert_eq!(
        get(&app, "/api/v2/jobs").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(get(&app, "/api/v2/jobs").await.status, StatusCode::OK);
    assert_eq!(sim.stats().by_status[&503], 1);
    let refused = post_json(&app, "/__sim/fail-next", "[404]").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn extra_entries_are_listed_verbatim_after_the_jobs() {
    let (_, app) = sim();
    let n = jobs(&app).await.len();
    let extra =
        json!(["AZbare", {"stage": "SUCCESS"}, {"request_id": "\u{202E}evil", "stage": "RUNNING"}]);
    let set = put(&app, "/__sim/extra-jobs", extra.clone()).await;
    assert_eq!(set.status, StatusCode::NO_CONTENT);
    let listed = jobs(&app).await;
    assert_eq!(listed.len(), n + 3);
    assert_eq!(Value::Array(listed[n..].to_vec()), extra);
}

#[tokio::test]
async fn the_stats_count_what_an_error_meant_when_it_went_out_as_200() {
    let (sim, app) = variant();
    call(&app, Method::GET, "/api/v2/jobs", Some("wrong")).await;
    assert_eq!(sim.stats().unauthorized, 1);
}
