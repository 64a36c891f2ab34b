//! Every example body of the vendor's reference page decodes into the app's models.

use joblens_core::{
    decode::Answer,
    models::{JobsPage, ResultsPage},
    ErrorBody, Stage,
};
use serde_json::Value;

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../contract/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn jobs_list_example_decodes_every_field() {
    let page: JobsPage = serde_json::from_slice(&read("jobs-list.json")).unwrap();
    let job = &page.jobs()[0];
    assert_eq!(job.request_id.as_str(), "AZbneNUBx31OH7OTNMmz");
    assert_eq!(job.stage, Stage::Success);
    assert_eq!(
        (job.hits_done, job.total_hits, job.total_pages),
        (Some(372), Some(372), Some(1))
    );
    assert_eq!(job.submitted_at, Some(1_747_640_177_921));
    assert_eq!(job.started_at, Some(1_747_640_177_924));
    assert_eq!(job.stopped_at, Some(1_747_640_178_021));
    assert_eq!(job.last_synced_time, Some(1_747_640_178_021));
    assert_eq!(job.running_time_millis, Some(97));
    assert_eq!(job.running_time.as_deref(), Some("97ms"));
    assert_eq!(page.total_items, Some(10));
    assert_eq!(job.odd, None, "nothing in the reference is odd");
}

#[test]
fn results_example_keeps_key_order_spaces_and_string_time() {
    let page: ResultsPage = serde_json::from_slice(&read("results.json")).unwrap();
    let hit = &page.hits[0];
    let keys: Vec<&str> = hit.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "Type",
            "Device",
            "OS Category",
            "LogType",
            "DisplayName",
            "Severity",
            "Time",
            "Event ID",
            "UUID",
            "Source"
        ]
    );
    assert_eq!(hit["Time"], Value::String("1747735585000".into()));
    assert_eq!(page.meta.next_page, Some(2));
    assert_eq!(page.meta.total_items, Some(1958));
    assert_eq!(page.meta.items_in_current_page, Some(1000));
}

#[test]
fn delete_and_error_examples_decode() {
    let body = read("delete.json");
    let answer = Answer {
        method: "DELETE",
        target: "/api/v2/jobs?request_id=AZXXq3eDWLsD0SHGJKxk",
        status: 200,
        content_type: Some("application/json"),
        retry_after: None,
        body: &body,
    };
    assert_eq!(
        answer.read_delete().unwrap().message.as_deref(),
        Some("Deleted hits for requestId [AZXXq3eDWLsD0SHGJKxk]")
    );
    let err = ErrorBody::parse(&read("error-401.json")).unwrap();
    assert_eq!(err.code, "070011101");
    assert_eq!(err.title, "Unauthorized");
}

#[test]
fn unknown_stages_and_missing_optional_fields_never_fail() {
    let body = br#"{"data":{"jobs":{"requests":[{"request_id":"X","stage":"QUEUED",
        "hits_done":0,"total_hits":0,"total_pages":0,"submitted_at":1}]}}}"#;
    let page: JobsPage = serde_json::from_slice(body).unwrap();
    assert_eq!(page.jobs()[0].stage, Stage::Other("QUEUED".into()));
    assert_eq!(page.jobs()[0].stage.label(), "QUEUED");
    assert_eq!(page.total_items, None);
    let last: ResultsPage = serde_json::from_slice(
        br#"{"data":{"hits":[{"a":null,"b":1.5,"c":true}]},"meta":{"next_page":null}}"#,
    )
    .unwrap();
    assert_eq!(last.meta.next_page, None);
}
