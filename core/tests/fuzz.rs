//! Property tests (bounded, so they run in CI): the decoders of every server response never
//! panic on any input, and the export encoders always read back to the same cells.

use joblens_core::{
    decode::Answer,
    export::{csv_record, ndjson, parse_csv},
    models, ErrorBody, Hit, Job, JobsPage, Stage,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

mod shared;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".*".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((".*", inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Shapes close to the real envelopes, with hostile contents.
fn envelope() -> impl Strategy<Value = Value> {
    (json_value(), json_value(), json_value()).prop_map(|(a, b, c)| {
        serde_json::json!({
            "data": { "jobs": { "requests": [a] }, "hits": [b] },
            "meta": c,
        })
    })
}

fn decode_all(bytes: &[u8]) {
    for status in [200, 204, 404, 429, 500] {
        let answer = Answer {
            method: "GET",
            target: "/api/v2/jobs",
            status,
            content_type: None,
            retry_after: Some("x"),
            body: bytes,
        };
        let _ = answer.read::<models::JobsPage>("the job list");
        let _ = answer.read::<models::ResultsPage>("a page of hits");
        let _ = answer.read::<models::StorePage>("a page of hits");
        let _ = answer.read_delete();
    }
    let _ = ErrorBody::parse(bytes);
    shared::store_reading_agrees(bytes);
}

/// A results page's envelope with hits in any of their places, each of any shape.
fn results_envelope() -> impl Strategy<Value = Value> {
    let hits = prop_oneof![
        prop::collection::vec(json_value(), 0..4).prop_map(Value::Array),
        prop::collection::vec(prop::collection::vec((".*", json_value()), 0..4), 0..4).prop_map(
            |hits| {
                Value::Array(
                    hits.into_iter()
                        .map(|kv| Value::Object(kv.into_iter().collect()))
                        .collect(),
                )
            }
        ),
        json_value(),
    ];
    let at = prop::sample::select(vec!["data", "results", "top", "none"]);
    (hits, at, json_value(), json_value()).prop_map(|(hits, at, meta, other)| match at {
        "data" => serde_json::json!({"data": {"hits": hits, "x": other}, "meta": meta}),
        "results" => {
            serde_json::json!({"results": {"hits": hits}, "next_page": meta, "data": other})
        }
        "top" => serde_json::json!({"hits": hits, "meta": meta, "error": other}),
        _ => serde_json::json!({"meta": meta, "error": other, "code": hits}),
    })
}

/// The job of the reference page, as JSON.
fn reference_job() -> Value {
    let page: Value = serde_json::from_str(include_str!("../../contract/jobs-list.json")).unwrap();
    page["data"]["jobs"]["requests"][0].clone()
}

/// Every field of a job the reference page documents, and their v1 names.
const JOB_FIELDS: [&str; 13] = [
    "request_id",
    "stage",
    "status",
    "hits_done",
    "total_hits",
    "total_pages",
    "submitted_at",
    "started_at",
    "stopped_at",
    "last_synced_time",
    "running_time_millis",
    "running_time_in_millis",
    "running_time",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decoders_never_panic_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_all(&bytes);
    }

    #[test]
    fn decoders_never_panic_on_hostile_json(v in envelope()) {
        let bytes = serde_json::to_vec(&v).unwrap();
        decode_all(&bytes);
        decode_all(&bytes[..bytes.len() / 2]);
    }

    /// The explorer's reading of a page (hits kept as text) and the grid's agree on any
    /// envelope, whole or cut short.
    #[test]
    fn the_explorers_reading_of_any_page_agrees_with_the_grids(v in results_envelope()) {
        let bytes = serde_json::to_vec(&v).unwrap();
        shared::store_reading_agrees(&bytes);
        shared::store_reading_agrees(&bytes[..bytes.len() * 2 / 3]);
    }

    #[test]
    fn any_stage_string_is_kept_or_read_as_a_documented_one(s in ".*") {
        let stage = Stage::parse(&s);
        match stage {
            Stage::Other(ref kept) => prop_assert_eq!(kept, &s),
            known => prop_assert!(s.trim().eq_ignore_ascii_case(known.as_str())),
        }
    }

    /// Any JSON value in any documented field of one job (or as the whole entry) never fails
    /// the list, nor changes how the other jobs read.
    #[test]
    fn one_odd_job_never_fails_the_others(
        odd in prop::collection::vec((0..JOB_FIELDS.len(), json_value()), 0..5),
        whole in prop::option::of(json_value()),
        at in 0usize..3,
    ) {
        let good = reference_job();
        let mut strange = good.clone();
        strange["request_id"] = Value::from("ODD");
        for (field, v) in odd {
            strange[JOB_FIELDS[field]] = v;
        }
        let strange = whole.unwrap_or(strange);
        let mut entries = vec![good.clone(), good.clone()];
        entries[1]["request_id"] = Value::from("SECOND");
        entries.insert(at.min(2), strange);
        let body = serde_json::to_vec(&serde_json::json!({"data": {"jobs": {"requests": entries}}})).unwrap();
        let page: JobsPage = serde_json::from_slice(&body).unwrap();
        prop_assert_eq!(page.jobs().len(), 3);
        let expected = Job::from_value(&good, 0);
        prop_assert!(expected.odd.is_none());
        let mut found = 0;
        for job in page.jobs() {
            if job.request_id.as_str() == "AZbneNUBx31OH7OTNMmz" || job.request_id.as_str() == "SECOND" {
                found += 1;
                prop_assert_eq!(&job.stage, &expected.stage);
                prop_assert_eq!(job.total_hits, Some(372));
                prop_assert_eq!(job.submitted_at, expected.submitted_at);
                prop_assert!(job.odd.is_none());
            }
        }
        prop_assert!(found >= 2);
        let keys: std::collections::HashSet<String> = page.jobs().iter().map(Job::key).collect();
        prop_assert_eq!(keys.len(), page.jobs().len(), "every row its own key");
    }

    #[test]
    fn csv_reads_back_to_the_same_cells(rows in prop::collection::vec(prop::collection::vec(".*", 1..6), 1..6)) {
        let text: String = rows.iter().map(|r| csv_record(r.iter().map(String::as_str))).collect();
        let back = parse_csv(&text);
        let expected: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| {
                        if c.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                            format!("'{c}")
                        } else {
                            c.clone()
                        }
                    })
                    .collect()
            })
            .collect();
        prop_assert_eq!(back, expected);
    }

    #[test]
    fn ndjson_lines_read_back_to_the_same_hits(hits in prop::collection::vec(prop::collection::vec((".*", json_value()), 0..5), 0..5)) {
        let hits: Vec<Hit> = hits.into_iter().map(|kv| kv.into_iter().collect()).collect();
        let text = ndjson(&hits);
        let back: Vec<Hit> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        prop_assert_eq!(back, hits);
    }

    #[test]
    fn grid_logic_never_panics_on_hostile_hits(hits in prop::collection::vec(prop::collection::vec((".*", json_value()), 0..5), 0..8), filter in ".*") {
        let hits: Vec<Hit> = hits.into_iter().map(|kv| kv.into_iter().collect()).collect();
        let cols = joblens_core::hits::discovered(&hits);
        for c in &cols {
            let order = joblens_core::hits::view(&hits, &filter, Some((c, true)));
            prop_assert!(order.len() <= hits.len());
            let s = joblens_core::hits::summarize(&hits, c, 5);
            prop_assert_eq!(s.total, hits.len());
            for v in hits.iter().filter_map(|h| h.get(c)) {
                let _ = joblens_core::value::text(v);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn surrogate_repair_never_panics_and_keeps_valid_json_as_it_is(v in json_value()) {
        let bytes = serde_json::to_vec(&v).unwrap();
        prop_assert_eq!(joblens_core::decode::repair_lone_surrogates(&bytes), None);
        let back: Value = joblens_core::decode::parse(&bytes).ok().unwrap();
        prop_assert_eq!(back, v);
    }

    #[test]
    fn surrogate_repair_never_panics_on_bytes(bytes in prop::collection::vec(prop_oneof![Just(b'\\'), Just(b'u'), Just(b'd'), Just(b'8'), any::<u8>()], 0..64)) {
        let _ = joblens_core::decode::repair_lone_surrogates(&bytes);
    }
}
