//! The simulator's answers have exactly the keys, key order and JSON types of the reference
//! page's example bodies (`contract/`).

mod common;
use axum::http::{Method, StatusCode};
use common::*;
use serde_json::Value;

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

#[tokio::test]
async fn the_job_list_has_the_reference_shape_for_every_job() {
    let (_, app) = sim();
    let answer = get(&app, "/api/v2/jobs").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers["content-type"].to_str().unwrap(),
        "application/json"
    );
    let body = answer.json();
    let expected = reference("jobs-list.json");
    let job_shape = shape(&expected["data"]["jobs"]["requests"][0]);
    for job in body["data"]["jobs"]["requests"].as_array().unwrap() {
        assert_eq!(shape(job), job_shape, "{job}");
        assert_eq!(keys(job), keys(&expected["data"]["jobs"]["requests"][0]));
    }
    assert_eq!(shape(&body["meta"]), shape(&expected["meta"]));
    assert_eq!(keys(&body), keys(&expected));
}

#[tokio::test]
async fn one_job_by_request_id_has_the_reference_shape() {
    let (_, app) = sim();
    let job = job_where(&app, |j| j["stage"] == "SUCCESS").await;
    let id = job["request_id"].as_str().unwrap();
    let body = get(&app, &format!("/api/v2/jobs?request_id={id}"))
        .await
        .json();
    assert_eq!(shape(&body), shape(&reference("jobs-list.json")));
    assert_eq!(body["meta"]["total_items"], 1);
}

#[tokio::test]
async fn a_results_page_of_a_windows_job_has_the_reference_shape() {
    let (_, app) = sim();
    let job = job_where(&app, |j| j["total_hits"] == 1958).await;
    let id = job["request_id"].as_str().unwrap();
    let body = get(
        &app,
        &format!("/api/v2/jobs/results?request_id={id}&page=1"),
    )
    .await
    .json();
    let expected = reference("results.json");
    assert_eq!(shape(&body), shape(&expected));
    for hit in body["data"]["hits"].as_array().unwrap() {
        assert_eq!(shape(hit), shape(&expected["data"]["hits"][0]));
        assert_eq!(keys(hit), keys(&expected["data"]["hits"][0]));
    }
    assert_eq!(keys(&body["meta"]), keys(&expected["meta"]));
}

#[tokio::test]
async fn delete_answers_with_the_reference_shape_and_message() {
    let (_, app) = sim();
    let job = job_where(&app, |j| j["stage"] == "FAILED").await;
    let id = job["request_id"].as_str().unwrap();
    let answer = call(
        &app,
        Method::DELETE,
        &format!("/api/v2/jobs?request_id={id}"),
        Some(TOKEN),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let body = answer.json();
    assert_eq!(shape(&body), shape(&reference("delete.json")));
    assert_eq!(
        body["data"]["message"],
        format!("Deleted hits for requestId [{id}]")
    );
}

#[tokio::test]
async fn a_missing_or_wrong_token_gets_the_reference_401_body_byte_for_byte() {
    let (_, app) = sim();
    let expected = reference("error-401.json");
    for uri in ["/api/v2/jobs", "/api/v2/jobs/results?request_id=x"] {
        for token in [None, Some("wrong")] {
            let answer = call(&app, Method::GET, uri, token).await;
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
            assert_eq!(answer.json(), expected);
            assert_eq!(
                String::from_utf8(answer.bytes).unwrap(),
                serde_json::to_string(&expected).unwrap()
            );
        }
    }
}
