//! What a real server may send beside the reference page's shapes, and how each is read: one
//! rule a test, so a server Joblens has never seen meets a rule someone wrote down.

use joblens_core::{
    decode::Answer,
    models::{JobsPage, ResultsPage, NOT_AN_OBJECT},
    Job, RequestId, Stage,
};
use serde_json::{json, Value};

mod shared;

fn jobs(body: Value) -> JobsPage {
    JobsPage::try_from(body).unwrap()
}

fn one(job: Value) -> Job {
    jobs(json!({"data": {"jobs": {"requests": [job]}}}))
        .into_jobs()
        .remove(0)
}

fn results(body: Value) -> ResultsPage {
    ResultsPage::try_from(body).unwrap()
}

#[test]
fn numbers_sent_as_text_are_read_as_numbers() {
    let job = one(
        json!({"request_id": "A", "stage": "SUCCESS", "hits_done": "372",
        "total_hits": "372", "total_pages": "1", "submitted_at": "1747640177921",
        "running_time_millis": "97"}),
    );
    assert_eq!(job.hits_done, Some(372));
    assert_eq!(job.total_hits, Some(372));
    assert_eq!(job.total_pages, Some(1));
    assert_eq!(job.submitted_at, Some(1_747_640_177_921));
    assert_eq!(job.running_time_millis, Some(97));
    assert_eq!(job.odd, None);
}

#[test]
fn v1_names_are_understood() {
    let job = one(json!({"request_id": "A", "status": "RUNNING", "running_time_in_millis": 5}));
    assert_eq!(job.stage, Stage::Running);
    assert_eq!(job.running_time_millis, Some(5));
    // `stage` is the documented name: where both come, it wins.
    let both = one(json!({"request_id": "A", "stage": "FAILED", "status": "RUNNING"}));
    assert_eq!(both.stage, Stage::Failed);
    // Other spellings of the keys.
    let camel = one(json!({"requestId": "B", "hitsDone": 3, "TOTAL_HITS": 9}));
    assert_eq!(camel.request_id, RequestId::from("B"));
    assert_eq!((camel.hits_done, camel.total_hits), (Some(3), Some(9)));
}

#[test]
fn stages_match_whatever_their_case_and_unknown_ones_stay_neutral_and_running() {
    for (sent, stage) in [
        ("success", Stage::Success),
        ("Success", Stage::Success),
        (" FAILED ", Stage::Failed),
        ("running", Stage::Running),
    ] {
        assert_eq!(
            one(json!({"request_id": "A", "stage": sent})).stage,
            stage,
            "{sent}"
        );
    }
    for sent in [json!("QUEUED"), json!(""), json!(null), json!(7)] {
        let stage = one(json!({"request_id": "A", "stage": sent})).stage;
        assert!(matches!(stage, Stage::Other(_)), "{sent}");
        assert!(!stage.is_final(), "{sent}");
        assert_eq!(stage.css_modifier(), "unknown");
    }
    assert_eq!(one(json!({"request_id": "A"})).stage.label(), "No stage");
    assert_eq!(
        one(json!({"request_id": "A", "stage": "QUEUED"}))
            .stage
            .label(),
        "QUEUED"
    );
}

#[test]
fn missing_counters_and_times_are_unknown_not_a_failure() {
    let job = one(json!({"request_id": "A", "stage": "RUNNING"}));
    assert_eq!(
        (
            job.hits_done,
            job.total_hits,
            job.total_pages,
            job.submitted_at
        ),
        (None, None, None, None)
    );
    assert_eq!(job.odd, None, "absent fields are not odd");
    assert_eq!(job.progress(), 0.0);
    let done = one(json!({"request_id": "A", "stage": "SUCCESS"}));
    assert_eq!(done.progress(), 1.0);
    assert_eq!(joblens_core::jobs::expires_at(&done), None);
}

#[test]
fn unknown_fields_are_ignored_and_values_it_cannot_read_are_noted() {
    let job = one(
        json!({"request_id": "A", "stage": "SUCCESS", "hits_done": {"n": 1},
        "total_hits": -3, "priority": "high", "tags": [1, 2]}),
    );
    assert_eq!(job.stage, Stage::Success);
    assert_eq!((job.hits_done, job.total_hits), (None, None));
    let odd = job.odd.expect("the odd values are kept");
    assert!(!odd.unreadable);
    assert_eq!(odd.problems, ["hits_done: {\"n\":1}", "total_hits: -3"]);
    assert!(
        odd.raw.contains("\"priority\":\"high\""),
        "the entry is kept whole"
    );
}

#[test]
fn an_entry_that_is_no_job_becomes_a_row_that_says_so_and_the_others_show() {
    let page = jobs(json!({"data": {"jobs": {"requests": [
        {"request_id": "GOOD1", "stage": "SUCCESS"},
        "AZbneNUBx31OH7OTNMmz",
        {"stage": "SUCCESS", "hits_done": 3},
        [1, 2],
        null,
        {"request_id": "   "},
        {"request_id": 12345, "stage": "FAILED"},
        {"request_id": "GOOD2", "stage": "RUNNING"},
    ]}}}));
    let jobs = page.jobs();
    assert_eq!(jobs.len(), 8);
    assert!(!jobs[0].is_unreadable() && !jobs[7].is_unreadable());
    // A bare id is found and shown, but an entry that is no job is never deleted or opened;
    // the rest have no id, and each keeps what was sent.
    assert!(jobs[1].is_unreadable());
    assert_eq!(jobs[1].request_id.as_str(), "AZbneNUBx31OH7OTNMmz");
    assert!(!jobs[1].is_addressable());
    for (i, raw) in [
        (2, r#"{"stage":"SUCCESS","hits_done":3}"#),
        (3, "[1,2]"),
        (4, "null"),
        (5, r#"{"request_id":"   "}"#),
    ] {
        assert!(jobs[i].is_unreadable(), "{i}");
        assert!(
            !jobs[i].is_addressable(),
            "{i}: a delete is never sent without an id"
        );
        assert_eq!(jobs[i].odd.as_ref().unwrap().raw, raw);
    }
    // A numeric id is an id.
    assert_eq!(jobs[6].request_id.as_str(), "12345");
    assert_eq!(jobs[6].stage, Stage::Failed);
    // Every row has its own key.
    let keys: std::collections::HashSet<String> = jobs.iter().map(Job::key).collect();
    assert_eq!(keys.len(), 8);
}

#[test]
fn a_null_documented_field_leaves_room_for_its_v1_name() {
    let job = one(
        json!({"request_id": "A", "stage": null, "status": "RUNNING",
        "running_time_millis": null, "running_time_in_millis": 5}),
    );
    assert_eq!(job.stage, Stage::Running);
    assert_eq!(job.running_time_millis, Some(5));
}

#[test]
fn a_bare_string_is_an_id_only_when_it_looks_like_one() {
    let page = jobs(json!({"requests": ["*", "all", "-1", "null", "AZbneNUBx31OH7OTNMmz"]}));
    let ids: Vec<&str> = page.jobs().iter().map(|j| j.request_id.as_str()).collect();
    assert_eq!(ids, ["", "", "", "", "AZbneNUBx31OH7OTNMmz"]);
}

#[test]
fn repeated_request_ids_keep_both_rows_apart() {
    let page = jobs(json!({"requests": [
        {"request_id": "SAME", "stage": "SUCCESS"},
        {"request_id": "SAME", "stage": "FAILED"},
        "AZbneNUBx31OH7OTNMmz",
        {"request_id": "AZbneNUBx31OH7OTNMmz"},
    ]}));
    let keys: std::collections::HashSet<String> = page.jobs().iter().map(Job::key).collect();
    assert_eq!(keys.len(), 4, "every row its own key");
    let second = &page.jobs()[1];
    assert_eq!(second.stage, Stage::Failed);
    let odd = second.odd.as_ref().unwrap();
    assert!(odd.repeated && !odd.unreadable);
    assert_eq!(odd.problems, ["an entry before it has the same request id"]);
    assert!(odd.raw.contains("FAILED"));
    assert!(
        page.jobs()[0].odd.is_none(),
        "the first keeps its id as its key"
    );
    assert_eq!(page.jobs()[0].key(), "SAME");
}

#[test]
fn job_lists_come_in_v1_and_other_envelopes() {
    let v1 = jobs(json!({"total": "2", "requests": [{"request_id": "A"}, {"request_id": "B"}]}));
    assert_eq!(v1.jobs().len(), 2);
    assert_eq!(v1.total_items, Some(2));
    assert_eq!(
        jobs(json!({"data": {"requests": [{"request_id": "A"}]}}))
            .jobs()
            .len(),
        1
    );
    assert_eq!(
        jobs(json!({"data": {"jobs": [{"request_id": "A"}]}}))
            .jobs()
            .len(),
        1
    );
    for empty in [
        json!({"data": {"jobs": {"requests": null}}}),
        json!({"data": {"jobs": {"requests": []}}}),
        json!({"data": {"jobs": null}}),
        json!({"data": {"jobs": {}}}),
        json!({"data": {}}),
        json!({"data": null, "meta": {"total_items": 0}}),
        json!({"requests": null}),
    ] {
        assert!(jobs(empty.clone()).jobs().is_empty(), "{empty}");
    }
    for not_a_list in [
        json!({}),
        json!([]),
        json!("jobs"),
        json!({"data": {"jobs": {"requests": "x"}}}),
    ] {
        assert!(
            JobsPage::try_from(not_a_list.clone()).is_err(),
            "{not_a_list}"
        );
    }
}

#[test]
fn a_lookup_answered_with_several_jobs_gives_the_one_asked_for() {
    let page = jobs(json!({"data": {"jobs": {"requests": [
        {"request_id": "A"}, {"request_id": "B", "total_hits": 5}, {"request_id": "C"}
    ]}}}));
    assert_eq!(page.clone().take(&"B".into()).unwrap().total_hits, Some(5));
    assert_eq!(page.take(&"Z".into()), None);
}

#[test]
fn a_page_of_hits_without_meta_or_hits_is_an_empty_state_not_an_error() {
    let page = results(json!({"data": {"hits": [{"a": 1}]}}));
    assert_eq!(page.hits.len(), 1);
    assert_eq!(page.meta, Default::default());
    let partial =
        results(json!({"data": {"hits": []}, "meta": {"total_items": "1958", "next_page": null}}));
    assert_eq!(partial.meta.total_items, Some(1958));
    assert_eq!(partial.meta.next_page, None);
    for empty in [
        json!({"data": {"hits": null}}),
        json!({"data": {}}),
        json!({"data": null}),
        json!({"data": {"hits": []}}),
    ] {
        assert!(results(empty.clone()).hits.is_empty(), "{empty}");
    }
    assert!(ResultsPage::try_from(json!({})).is_err());
    assert!(ResultsPage::try_from(json!({"data": {"hits": {"a": 1}}})).is_err());
}

#[test]
fn v1_results_and_hits_of_any_shape_are_kept() {
    let v1 = results(
        json!({"next_page": 3, "results": {"hits": [{"APPID": 2, "IS_THROWAWAY": true,
        "COMMON_SEVERITY": "INFORMATION"}], "hits_count_in_current_page": 1}}),
    );
    assert_eq!(v1.meta.next_page, Some(3));
    assert_eq!(v1.meta.items_in_current_page, Some(1));
    assert_eq!(v1.hits[0]["IS_THROWAWAY"], json!(true));
    // Something other than an object in the list is still a hit, under one key.
    let odd = results(json!({"data": {"hits": ["text", 5, null, {"a": {"nested": [1]}}]}}));
    assert_eq!(odd.hits.len(), 4);
    assert_eq!(odd.hits[0][NOT_AN_OBJECT], json!("text"));
    assert_eq!(odd.hits[2][NOT_AN_OBJECT], Value::Null);
    assert_eq!(odd.hits[3]["a"], json!({"nested": [1]}));
}

#[test]
fn hit_values_of_every_json_type_show_as_text_and_export_faithfully() {
    let page = results(json!({"data": {"hits": [
        {"b": true, "n": 1.5, "z": null, "o": {"k": [1, "x"]}, "s": "=1+1"}
    ]}}));
    let cols: Vec<String> = ["b", "n", "z", "o", "s"].map(String::from).to_vec();
    let shown: Vec<_> = cols
        .iter()
        .map(|c| joblens_core::value::text(&page.hits[0][c]).into_owned())
        .collect();
    assert_eq!(shown, ["true", "1.5", "null", r#"{"k":[1,"x"]}"#, "=1+1"]);
    let csv = joblens_core::export::csv(&page.hits, &cols, false);
    assert_eq!(
        joblens_core::export::parse_csv(&csv),
        [["true", "1.5", "", r#"{"k":[1,"x"]}"#, "'=1+1"]]
    );
    let nd = joblens_core::export::ndjson(&page.hits);
    let back: Value = serde_json::from_str(nd.trim()).unwrap();
    assert_eq!(
        back,
        json!({"b": true, "n": 1.5, "z": null, "o": {"k": [1, "x"]}, "s": "=1+1"})
    );
}

#[test]
fn a_404_from_the_job_list_means_no_jobs_api_there() {
    let answer = Answer {
        method: "GET",
        target: "/api/v2/jobs",
        status: 404,
        content_type: Some("text/html"),
        retry_after: None,
        body: b"<html>Not Found</html>",
    };
    let err = answer.read::<JobsPage>("the job list").unwrap_err();
    assert_eq!(err.kind(), "not-found", "a 404 alone is a missing job");
    assert_eq!(err.for_job_list().kind(), "no-api");
    // Also when the shared framework says "Page Not Found" in a 200.
    let framework =
        br#"{"error":{"code":"00000104","title":"Page Not Found","detail":"No such API"}}"#;
    let answer = Answer {
        status: 200,
        body: framework,
        ..answer
    };
    let err = answer
        .read::<JobsPage>("the job list")
        .unwrap_err()
        .for_job_list();
    assert_eq!(err.kind(), "no-api");
    assert!(err.to_string().contains("No such API"), "{err}");
    // Other errors stay as they are.
    assert_eq!(
        joblens_core::ApiError::Network("x".into())
            .for_job_list()
            .kind(),
        "network"
    );
}

#[test]
fn the_explorer_reads_a_page_as_the_grid_does_with_its_hits_kept_as_text() {
    let text = |v: Value| v.to_string().into_bytes();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../contract/results.json"
            ))
            .unwrap(),
            "text",
        ),
        (
            text(
                json!({"data": {"hits": [{"a": 1}, {"b": "x\u{e9}"}]}, "meta": {"total_items": "1958", "next_page": 2}}),
            ),
            "text",
        ),
        (
            text(
                json!({"next_page": 3, "results": {"hits": [{"APPID": 2}], "hits_count_in_current_page": 1}}),
            ),
            "text",
        ),
        (
            text(json!({"hits": [{"a": [1, {"b": null}]}], "meta": {"total": 7}})),
            "text",
        ),
        // data.hits comes first wherever the keys are.
        (
            text(
                json!({"hits": [{"top": 1}], "results": {"hits": [{"v1": 1}]}, "data": {"hits": [{"v2": 1}]}}),
            ),
            "text",
        ),
        (text(json!({"data": {"hits": null}})), "text"),
        (text(json!({"data": {}})), "text"),
        (text(json!({"data": null})), "text"),
        (
            text(json!({"data": {"hits": []}, "error": "ignored: the answer carries hits"})),
            "text",
        ),
        (
            br#"{"data": {"hits": [{"a": 1}, {"a": 2}], "hits": [{"a": 3}]}}"#.to_vec(),
            "text",
        ),
        (
            br#" { "data" : { "hits" : [ { "a" : "\u00e9\"" } ] } } "#.to_vec(),
            "text",
        ),
        // Lone surrogates are repaired first, as for the grid.
        (
            br#"{"data": {"hits": [{"a": "x\ud800y"}, {"b": "\udc00"}]}}"#.to_vec(),
            "text",
        ),
        // Hits that are not objects are read whole, and kept as the grid keeps them.
        (
            text(json!({"data": {"hits": ["text", 5, null, {"a": 1}]}})),
            "whole",
        ),
        // What fails fails the same way.
        (text(json!({"data": {"hits": {"a": 1}}})), "failed"),
        (text(json!({"data": {"hits": "none"}})), "failed"),
        (text(json!({})), "failed"),
        (text(json!([{"a": 1}])), "failed"),
        (
            text(json!({"error": {"code": "10001101", "title": "Unauthorized"}})),
            "failed",
        ),
        (
            text(json!({"code": 429, "message": "slow down", "title": "Too many"})),
            "failed",
        ),
        (b"".to_vec(), "failed"),
        (br#"{"data": {"hits": [{"a": 1}"#.to_vec(), "failed"),
        (
            br#"{"data": {"hits": [{"a": 1}]}} trailing"#.to_vec(),
            "failed",
        ),
    ];
    for (body, how) in cases {
        assert_eq!(
            shared::store_reading_agrees(&body),
            how,
            "{}",
            String::from_utf8_lossy(&body)
        );
    }
}
