//! Property tests (bounded, so they run in CI): the decoders of every server response never
//! panic on any input, and the export encoders always read back to the same cells.

use joblens_core::{
    export::{csv_record, ndjson, parse_csv},
    grid, models, ErrorBody, Hit, Stage,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

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
    let _ = serde_json::from_slice::<models::JobsPage>(bytes);
    let _ = serde_json::from_slice::<models::ResultsPage>(bytes);
    let _ = serde_json::from_slice::<models::DeleteResponse>(bytes);
    let _ = ErrorBody::parse(bytes);
}

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

    #[test]
    fn any_stage_string_is_kept_as_it_came(s in ".*") {
        let stage = Stage::parse(&s);
        prop_assert_eq!(stage.as_str(), s.as_str());
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
        let cols = grid::discovered(&hits);
        for c in &cols {
            let order = grid::view(&hits, &filter, Some((c, true)));
            prop_assert!(order.len() <= hits.len());
            let s = grid::summarize(&hits, c, 5);
            prop_assert_eq!(s.total, hits.len());
            for h in &hits {
                let _ = joblens_core::columns::cell_text(h, c, 330);
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
        let back: Value = joblens_core::decode::decode(&bytes, "x").unwrap();
        prop_assert_eq!(back, v);
    }

    #[test]
    fn surrogate_repair_never_panics_on_bytes(bytes in prop::collection::vec(prop_oneof![Just(b'\\'), Just(b'u'), Just(b'd'), Just(b'8'), any::<u8>()], 0..64)) {
        let _ = joblens_core::decode::repair_lone_surrogates(&bytes);
    }
}
