//! The whole-job store against the single page's rules: every hit comes back as sent, and
//! filters, field summaries and sorts across the store answer exactly as `hits` answers for the
//! same hits; plus what a hit costs in memory, on the simulator's mixed logs.

use joblens_core::{
    explore::{Condition, Query, Store, SEVERITIES},
    hits::{self, Severity},
    Hit,
};
use joblens_sim::hits::{HitSource, LogMix, Naming};
use proptest::prelude::*;
use serde_json::{json, Value};

fn generated(n: u64, mix: LogMix, naming: Naming) -> Vec<Hit> {
    let source = HitSource {
        seed: 42,
        job: 7,
        mix,
        newest_ms: 1_747_735_585_000,
        spacing_ms: 900,
    };
    (0..n).map(|i| source.hit(i, naming)).collect()
}

fn store_of(hits: &[Hit]) -> Store {
    let mut store = Store::new();
    // As pages arrive: in pieces.
    for page in hits.chunks(1000) {
        store.add(page);
    }
    store
}

fn all(store: &Store) -> Vec<u32> {
    (0..store.len() as u32).collect()
}

#[test]
fn every_hit_comes_back_as_the_server_sent_it() {
    for naming in [Naming::Client, Naming::Server] {
        let hits = generated(5_000, LogMix::Mixed, naming);
        let store = store_of(&hits);
        assert_eq!(store.len(), hits.len());
        for (i, hit) in hits.iter().enumerate() {
            assert_eq!(&store.hit(i), hit, "hit {i}");
        }
    }
}

#[test]
fn odd_values_and_late_fields_come_back_too() {
    let hits: Vec<Hit> = [
        json!({"Time": 1747735585000_i64, "a": null, "b": true, "c": {"k": [1, "x"]}, "d": 1.5}),
        json!({"Time": 1747735586000_i64, "e": "late", "a": "text"}),
        json!({"Time": "not a time", "b": false}),
        json!({}),
    ]
    .into_iter()
    .map(|v| v.as_object().unwrap().clone())
    .collect();
    let store = store_of(&hits);
    for (i, hit) in hits.iter().enumerate() {
        assert_eq!(&store.hit(i), hit, "hit {i}");
    }
    assert_eq!(store.time(0), Some(1_747_735_585_000));
    assert_eq!(
        store.time(2),
        None,
        "a time column with text in it still reads its numbers"
    );
    assert!(store.has(0, "a") && !store.has(1, "c"));
}

#[test]
fn the_quick_filter_matches_what_the_page_filter_matches() {
    let hits = generated(4_000, LogMix::Mixed, Naming::Client);
    let store = store_of(&hits);
    for needle in [
        "sshd",
        "SSHD",
        "fw-edge-02",
        "device",
        "1747",
        "  error ",
        "critical",
        "nothing-like-this",
        "###AZ",
    ] {
        let expected: Vec<u32> = hits::view(&hits, needle, None)
            .into_iter()
            .map(|i| i as u32)
            .collect();
        let got = store.matching(&Query {
            text: needle.into(),
            ..Query::default()
        });
        assert_eq!(got, expected, "{needle:?}");
    }
}

#[test]
fn field_filters_and_time_ranges_narrow_it() {
    let hits = generated(3_000, LogMix::Mixed, Naming::Client);
    let store = store_of(&hits);
    let is = |field: &str, value: &str, negate| Condition {
        field: field.into(),
        value: value.into(),
        negate,
    };
    let q = Query {
        conditions: vec![
            is("Device", "fw-edge-02", false),
            is("Severity", "information", true),
        ],
        ..Query::default()
    };
    let expected: Vec<u32> = (0..hits.len() as u32)
        .filter(|&i| {
            let h = &hits[i as usize];
            h.get("Device") == Some(&json!("fw-edge-02"))
                && h.get("Severity") != Some(&json!("information"))
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(store.matching(&q), expected);
    // A field no hit has: nothing equals it, everything differs from it.
    let none = Query {
        conditions: vec![is("Nope", "x", false)],
        ..Query::default()
    };
    assert!(store.matching(&none).is_empty());
    let every = Query {
        conditions: vec![is("Nope", "x", true)],
        ..Query::default()
    };
    assert_eq!(store.matching(&every).len(), hits.len());
    // Half-open time ranges.
    let (from, to) = (store.time(2_000).unwrap(), store.time(1_000).unwrap());
    let window = Query {
        time: Some((from, to)),
        ..Query::default()
    };
    let expected: Vec<u32> = (0..hits.len() as u32)
        .filter(|&i| store.time(i as usize).is_some_and(|t| from <= t && t < to))
        .collect();
    assert_eq!(store.matching(&window), expected);
}

#[test]
fn field_summaries_count_as_the_field_list_does() {
    let hits = generated(3_000, LogMix::Mixed, Naming::Client);
    let store = store_of(&hits);
    let rows = store.matching(&Query {
        text: "windows".into(),
        ..Query::default()
    });
    let subset: Vec<Hit> = rows.iter().map(|&r| hits[r as usize].clone()).collect();
    for field in store.fields() {
        assert_eq!(
            store.facet(&rows, field, 5),
            hits::summarize(&subset, field, 5),
            "{field}"
        );
    }
    // Whole numbers too far apart for four-byte offsets, mostly different (so not a
    // dictionary's), some repeated, some missing.
    let hits: Vec<Hit> = (0..3_000i64)
        .map(|i| match i % 7 {
            0 => Hit::new(),
            1 | 2 => [("Big".to_owned(), json!(i % 3))].into_iter().collect(),
            _ => [("Big".to_owned(), json!(i * 1_000_000_000_000))]
                .into_iter()
                .collect(),
        })
        .collect();
    let store = store_of(&hits);
    assert!(store.column("Big").unwrap().is_ints());
    assert!(
        store.column("Big").unwrap().int_offsets().is_none(),
        "eight bytes a hit"
    );
    let rows = all(&store);
    assert_eq!(
        store.facet(&rows, "Big", 5),
        hits::summarize(&hits, "Big", 5)
    );
}

#[test]
fn texts_alike_in_their_first_bytes_sort_by_the_whole_text() {
    // Nearly all different (so stored front-coded), sharing long beginnings, in mixed case,
    // with repeats, numbers written as text, missing values and nulls.
    let hits: Vec<Hit> = (0..5000u32)
        .map(|i| {
            let v = match i % 50 {
                0 => Value::Null,
                1 => return Hit::new(),
                2 => Value::from(format!("{i}")),
                3 => Value::from("Shared-prefix-AAA"),
                _ => Value::from(format!(
                    "{}hared-prefix-{:05}-{}",
                    if i % 2 == 0 { 'S' } else { 's' },
                    (i * 7919) % 5000,
                    i % 3
                )),
            };
            [("Msg".to_owned(), v)].into_iter().collect()
        })
        .collect();
    let store = store_of(&hits);
    let column = store.column("Msg").expect("the column");
    assert!(column.codes().is_none() && !column.is_ints(), "front-coded");
    for descending in [false, true] {
        let mut rows = all(&store);
        store.sort(&mut rows, "Msg", descending);
        let expected: Vec<u32> = hits::view(&hits, "", Some(("Msg", descending)))
            .into_iter()
            .map(|i| i as u32)
            .collect();
        assert_eq!(rows, expected, "descending: {descending}");
    }
}

#[test]
fn sorting_orders_as_the_grid_does() {
    let hits = generated(2_500, LogMix::Mixed, Naming::Client);
    let store = store_of(&hits);
    for field in [
        "Severity", "Time", "Device", "PID", "Bytes", "UUID", "Message", "Nope",
    ] {
        for descending in [false, true] {
            let mut rows = all(&store);
            store.sort(&mut rows, field, descending);
            let expected: Vec<u32> = hits::view(&hits, "", Some((field, descending)))
                .into_iter()
                .map(|i| i as u32)
                .collect();
            assert_eq!(rows, expected, "{field} descending: {descending}");
        }
    }
}

#[test]
fn the_histogram_buckets_every_timed_hit_by_severity() {
    let hits = generated(5_000, LogMix::Mixed, Naming::Client);
    let store = store_of(&hits);
    let rows = all(&store);
    let h = store.histogram(&rows, 60).unwrap();
    // 5 000 hits 0.9 s apart span 75 minutes: 2-minute buckets fit in 60.
    assert_eq!(h.bucket_ms, 120_000);
    assert!(h.counts.len() <= 60, "{}", h.counts.len());
    assert_eq!(h.from % h.bucket_ms, 0);
    let total: u32 = h.counts.iter().flatten().sum();
    assert_eq!(total as usize, hits.len());
    // Each hit in the bucket its time falls in, hits on a bucket's edge included (every
    // 400th hit here).
    let mut expected = vec![[0u32; SEVERITIES]; h.counts.len()];
    for hit in &hits {
        let t: i64 = hit["Time"].as_str().unwrap().parse().unwrap();
        let level = Severity::parse(hit["Severity"].as_str().unwrap_or("")) as usize;
        expected[((t - h.from) / h.bucket_ms) as usize][level] += 1;
    }
    assert_eq!(h.counts, expected);
    let facet = store.facet(&rows, "Severity", 10);
    for (value, n) in facet.top {
        let level = Severity::parse(&value) as usize;
        let stacked: u32 = h.counts.iter().map(|b| b[level]).sum();
        assert_eq!(stacked as usize, n, "{value}");
    }
    assert_eq!(SEVERITIES, 7);
    assert!(store.histogram(&[], 60).is_none());
    assert_eq!(joblens_core::explore::bucket_ms(10_000, 60), 1_000);
    assert_eq!(
        joblens_core::explore::bucket_ms(400 * 86_400_000, 60),
        86_400_000
    );
}

/// Deterministic, so asserted: the budget is 100 bytes a hit (the JSON is about 350).
#[test]
fn a_hit_costs_under_100_bytes() {
    let hits = generated(100_000, LogMix::Mixed, Naming::Client);
    let json: usize = hits
        .iter()
        .map(|h| serde_json::to_string(h).unwrap().len())
        .sum();
    let store = store_of(&hits);
    let per_hit = store.heap_bytes() as f64 / hits.len() as f64;
    println!(
        "store: {per_hit:.1} bytes a hit ({:.1} as JSON), {} fields",
        json as f64 / hits.len() as f64,
        store.fields().len()
    );
    assert!(per_hit <= 100.0, "{per_hit:.1} bytes a hit");
}

fn small_hit() -> impl Strategy<Value = Hit> {
    let value = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-5i64..5).prop_map(Value::from),
        "[a-c]{0,2}".prop_map(Value::from),
        prop_oneof![Just("error"), Just("Warning"), Just("info")].prop_map(Value::from),
        (0i64..4).prop_map(|n| Value::from((1_747_735_585_000 + n * 1000).to_string())),
    ];
    prop::collection::vec(
        (
            prop_oneof![Just("Time"), Just("a"), Just("B"), Just("Severity")],
            value,
        ),
        0..4,
    )
    .prop_map(|kv| kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_small_job_reads_back_filters_and_sorts_as_a_page(
        hits in prop::collection::vec(small_hit(), 0..40),
        needle in "[a-cB0-9]{0,2}",
        desc in any::<bool>(),
    ) {
        let store = store_of(&hits);
        for (i, hit) in hits.iter().enumerate() {
            prop_assert_eq!(&store.hit(i), hit);
        }
        let expected: Vec<u32> = hits::view(&hits, &needle, None).into_iter().map(|i| i as u32).collect();
        prop_assert_eq!(store.matching(&Query { text: needle.clone(), ..Query::default() }), expected);
        for field in ["Time", "a", "B", "Severity"] {
            let mut rows = all(&store);
            store.sort(&mut rows, field, desc);
            let expected: Vec<u32> = hits::view(&hits, "", Some((field, desc))).into_iter().map(|i| i as u32).collect();
            prop_assert_eq!(rows, expected);
        }
    }
}

/// The straightforward reading of `query` over decoded hits: the page's quick filter, then each
/// condition on a field's text (a hit without the field equals nothing), then the time range.
fn plainly_matching(hits: &[Hit], query: &Query) -> Vec<u32> {
    let text: Vec<usize> = hits::view(hits, &query.text, None);
    text.into_iter()
        .filter(|&i| {
            let hit = &hits[i];
            query.conditions.iter().all(|c| {
                let equal = hit
                    .get(&c.field)
                    .is_some_and(|v| joblens_core::value::text(v) == c.value);
                equal != c.negate
            })
        })
        .filter(|&i| {
            query.time.is_none_or(|(from, to)| {
                let time = hits[i]
                    .get("Time")
                    .and_then(|v| joblens_core::value::text(v).parse::<i64>().ok());
                time.is_some_and(|t| from <= t && t < to)
            })
        })
        .map(|i| i as u32)
        .collect()
}

fn query() -> impl Strategy<Value = Query> {
    let condition = (
        prop_oneof![
            Just("Time"),
            Just("a"),
            Just("B"),
            Just("Severity"),
            Just("Nope")
        ],
        prop_oneof![
            Just(""),
            Just("a"),
            Just("ab"),
            Just("null"),
            Just("true"),
            Just("0"),
            Just("-3"),
            Just("1747735586000")
        ],
        any::<bool>(),
    )
        .prop_map(|(field, value, negate)| Condition {
            field: field.into(),
            value: value.into(),
            negate,
        });
    let bound = prop_oneof![
        Just(-4i64),
        Just(0),
        Just(1_747_735_585_000),
        Just(1_747_735_587_000)
    ];
    (
        "[a-cB0-9]{0,2}",
        prop::collection::vec(condition, 0..3),
        prop::option::of((bound.clone(), bound)),
    )
        .prop_map(|(text, conditions, time)| Query {
            text,
            conditions,
            time,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_query_matches_what_a_straightforward_filter_of_the_hits_matches(
        hits in prop::collection::vec(small_hit(), 0..40),
        query in query(),
    ) {
        let store = store_of(&hits);
        prop_assert_eq!(store.matching(&query), plainly_matching(&hits, &query));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Rows in any order, any subset; times as numbers, as text, or neither; the time column
    /// kept as four-byte offsets or, when they do not fit, as whole numbers.
    #[test]
    fn any_histogram_counts_what_a_straightforward_count_of_the_hits_counts(
        hits in prop::collection::vec(small_hit(), 0..40),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 0..50),
        max_buckets in 1i64..8,
    ) {
        let store = store_of(&hits);
        // A set of rows, as a query gives them; and every row, last first.
        let mut some: Vec<u32> = Vec::new();
        for r in picks.iter().map(|p| p.index(hits.len().max(1)) as u32).filter(|&r| (r as usize) < hits.len()) {
            if !some.contains(&r) {
                some.push(r);
            }
        }
        let every: Vec<u32> = (0..hits.len() as u32).rev().collect();
        let time = |r: u32| hits[r as usize].get("Time").and_then(|v| joblens_core::value::text(v).parse::<i64>().ok());
        for rows in [some, every] {
            let times: Vec<(u32, i64)> = rows.iter().filter_map(|&r| time(r).map(|t| (r, t))).collect();
            let got = store.histogram(&rows, max_buckets);
            let (Some(from), Some(to)) = (times.iter().map(|t| t.1).min(), times.iter().map(|t| t.1).max()) else {
                prop_assert!(got.is_none());
                continue;
            };
            let got = got.expect("a histogram of timed hits");
            let bucket_ms = joblens_core::explore::bucket_ms(to - from + 1, max_buckets);
            let from = from - from.rem_euclid(bucket_ms);
            let mut expected = vec![[0u32; SEVERITIES]; ((to - from) / bucket_ms) as usize + 1];
            for (r, t) in times {
                let severity = hits[r as usize].get("Severity").map(|v| joblens_core::value::text(v).into_owned()).unwrap_or_default();
                expected[((t - from) / bucket_ms) as usize][Severity::parse(&severity) as usize] += 1;
            }
            prop_assert_eq!(got, joblens_core::explore::Histogram { from, bucket_ms, counts: expected });
        }
    }
}

/// Mostly different text, as ids and messages are (so the store keeps it front-coded), built to
/// tie in its first bytes: shared beginnings of every length around a sort key's 7 bytes, case
/// and non-ASCII letters that lower-case to other lengths, NULs that tie with text ending,
/// numbers written as text, severities, booleans, nulls and missing values.
fn mostly_different_text() -> impl Strategy<Value = Vec<Hit>> {
    let prefix = prop_oneof![
        Just(""),
        Just("a"),
        Just("Shared"),
        Just("shared-"),
        Just("SHARED-p"),
        Just("shared-prefix-"),
        Just("SHARED-PREFIX-OF-TWENTY-TWO"),
        Just("İstanbul-ß-"),
        Just("x\u{0}\u{0}"),
        Just("Error"),
    ];
    let value = prop_oneof![
        16 => (prefix, "[a-cA-C0\u{0}é]{0,14}").prop_map(|(p, s)| Value::from(format!("{p}{s}"))),
        3 => (-50i64..50).prop_map(|n| Value::from(format!("{n}.5"))),
        1 => prop_oneof![Just(Value::Null), Just(Value::Bool(true)), Just(json!({"k": 1}))],
    ];
    prop::collection::vec(prop::option::weighted(0.99, value), 4_200..4_400).prop_map(|values| {
        values
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                // A counter keeps nearly all values different, after the text that ties.
                let mut hit = Hit::new();
                if let Some(v) = v {
                    let v = match v {
                        Value::String(s) if i % 50 != 0 => Value::from(format!("{s}{i}")),
                        other => other,
                    };
                    hit.insert("Msg".into(), v.clone());
                    // The same text as a severity: by level, then as text.
                    hit.insert("Severity".into(), v);
                }
                hit
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn mostly_different_text_sorts_and_counts_as_a_page_does(
        hits in mostly_different_text(),
        // Text every string shares, as ids often do (a sort skips what all share).
        shared in prop_oneof![Just(""), Just("logs_ela_1796169600_1796169600###AZ"), Just("ab-İ")],
        desc in any::<bool>(),
        every in 1usize..4,
        top in 1usize..8,
    ) {
        let hits: Vec<Hit> = hits
            .into_iter()
            .map(|mut hit| {
                for v in hit.values_mut() {
                    if let Value::String(s) = v {
                        *s = format!("{shared}{s}");
                    }
                }
                hit
            })
            .collect();
        let store = store_of(&hits);
        for field in ["Msg", "Severity"] {
            let column = store.column(field).expect("the column");
            prop_assume!(column.codes().is_none() && !column.is_ints());
        }
        // A condition on a column kept front-coded, alone and after a quick filter.
        let value = hits[every..].iter().find_map(|h| h.get("Msg")).map(|v| joblens_core::value::text(v).into_owned()).unwrap_or_default();
        for (text, negate) in [("", false), ("", true), ("a", false), ("a", true)] {
            let query = Query {
                text: text.into(),
                conditions: vec![Condition { field: "Msg".into(), value: value.clone(), negate }],
                ..Query::default()
            };
            prop_assert_eq!(store.matching(&query), plainly_matching(&hits, &query));
        }
        // All rows, or a filter's rows (every `every`-th).
        let rows: Vec<u32> = (0..hits.len() as u32).step_by(every).collect();
        let subset: Vec<Hit> = rows.iter().map(|&r| hits[r as usize].clone()).collect();
        prop_assert_eq!(store.facet(&rows, "Msg", top), hits::summarize(&subset, "Msg", top));
        for field in ["Msg", "Severity"] {
            let expected: Vec<u32> = hits::view(&subset, "", Some((field, desc)))
                .into_iter()
                .map(|i| (i * every) as u32)
                .collect();
            // Rows come in load order from a filter; in any order, ties still keep it.
            let mut sorted = rows.clone();
            store.sort(&mut sorted, field, desc);
            prop_assert_eq!(&sorted, &expected, "{}", field);
            let mut sorted: Vec<u32> = rows.iter().rev().copied().collect();
            store.sort(&mut sorted, field, desc);
            prop_assert_eq!(&sorted, &expected, "{} from the last row", field);
        }
    }
}
