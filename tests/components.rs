//! Component tests in a real browser (wasm-bindgen-test, headless Chromium): mount a
//! component, let Leptos render, read the DOM.
#![cfg(target_arch = "wasm32")]

use joblens::components::{
    job_table::{JobTable, Row, TableActions},
    stage_badge::StageBadge,
    toasts::Toaster,
};
use joblens_core::{
    jobs::{SortKey, TableQuery},
    Job, JobsPage, Stage,
};
use leptos::prelude::*;
use leptos_router::components::Router;
use std::collections::HashSet;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

/// The first element matching `selector` under `root`; a test fails when there is none.
fn one(root: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

/// A job-table row that shows a job (the table's unused row slots carry no request id).
const JOB_ROW: &str = "tbody tr[data-request-id]";

fn texts(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| {
            list.item(i)
                .unwrap()
                .text_content()
                .unwrap_or_default()
                .trim()
                .to_owned()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn stage_badges_carry_text_and_a_class_per_stage() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), || {
        view! {
            <StageBadge stage=Stage::Running />
            <StageBadge stage=Stage::Failed />
            <StageBadge stage=Stage::Other("QUEUED".into()) />
        }
    });
    leptos::task::tick().await;
    assert_eq!(
        texts(&root, ".stage-badge"),
        ["Running", "Failed", "QUEUED"]
    );
    assert_eq!(texts(&root, ".stage-badge--unknown"), ["QUEUED"]);
    assert_eq!(texts(&root, ".stage-badge--running"), ["Running"]);
}

/// A job table of `rows` mounted under `root`, recording the sorts and the inspections it asks
/// for; it stays mounted while the returned handle lives.
fn mount_job_table(
    root: &web_sys::HtmlElement,
    rows: RwSignal<Vec<Row>>,
    now: RwSignal<i64>,
    sorted: RwSignal<Vec<SortKey>>,
    inspected: RwSignal<Vec<String>>,
) -> impl Sized {
    leptos::mount::mount_to(root.clone(), move || {
        provide_context(Toaster::new());
        let actions = TableActions {
            sort: Callback::new(move |k| sorted.update(|s| s.push(k))),
            select: Callback::new(|_| {}),
            select_all: Callback::new(|_| {}),
            delete: Callback::new(|_| {}),
            inspect: Callback::new(move |id| inspected.update(|d| d.push(id))),
        };
        view! {
            <Router>
                <JobTable
                    rows=rows
                    query=Signal::derive(TableQuery::default)
                    selected=RwSignal::new(HashSet::new())
                    actions=actions
                    now=now
                    tz_offset=0
                />
            </Router>
        }
    })
}

fn reference_jobs() -> Vec<Job> {
    let page: JobsPage = serde_json::from_str(include_str!("../contract/jobs-list.json")).unwrap();
    let mut jobs = page.into_jobs();
    let mut running = jobs[0].clone();
    running.request_id = "AZrunningjob00000000".into();
    running.stage = Stage::Running;
    running.hits_done = Some(120);
    running.total_hits = Some(480);
    jobs.push(running);
    jobs
}

#[wasm_bindgen_test]
async fn the_job_table_renders_a_keyed_row_per_job_and_updates_cells_in_place() {
    let root = container();
    let jobs = reference_jobs();
    let rows: Vec<Row> = jobs.into_iter().map(Row::new).collect();
    let running = rows[1].job.clone();
    let rows = RwSignal::new(rows);
    let now = RwSignal::new(1_747_640_200_000i64);
    let sorted = RwSignal::new(Vec::<SortKey>::new());
    let _mounted = mount_job_table(&root, rows, now, sorted, RwSignal::new(Vec::new()));
    leptos::task::tick().await;
    assert_eq!(root.query_selector_all(JOB_ROW).unwrap().length(), 2);
    let link = one(&root, &format!("{JOB_ROW} a"));
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/jobs/AZbneNUBx31OH7OTNMmz")
    );
    assert_eq!(texts(&root, ".progress__text"), ["372 / 372", "120 / 480"]);
    assert_eq!(
        root.query_selector_all("progress").unwrap().length(),
        1,
        "a bar only while running"
    );
    assert_eq!(
        texts(&root, "time")[0],
        "07:36:17",
        "today's times are compact"
    );
    let submitted = one(&root, "th[aria-sort=descending]");
    assert!(submitted.text_content().unwrap().contains("Submitted"));

    // A refresh that changes only the running job updates its cell; the other row stays.
    let first_row = one(&root, JOB_ROW);
    let first_cell = one(&root, &format!("{JOB_ROW} .progress__text"));
    running.update(|j| j.hits_done = Some(240));
    leptos::task::tick().await;
    assert_eq!(texts(&root, ".progress__text"), ["372 / 372", "240 / 480"]);
    let still_first = one(&root, JOB_ROW);
    assert!(
        first_row.is_same_node(Some(&still_first)),
        "unchanged row was rebuilt"
    );
    let still_cell = one(&root, &format!("{JOB_ROW} .progress__text"));
    assert!(
        first_cell.is_same_node(Some(&still_cell)),
        "unchanged cell was rebuilt"
    );

    // Headers are buttons that ask for a sort.
    let button: web_sys::HtmlElement = one(&root, "th .th-sort").unchecked_into();
    button.click();
    assert_eq!(sorted.get_untracked(), [SortKey::RequestId]);
}

#[wasm_bindgen_test]
async fn odd_and_unreadable_jobs_get_rows_that_say_so_and_offer_only_what_is_safe() {
    let root = container();
    let page: JobsPage = serde_json::from_value(serde_json::json!({"data": {"jobs": {"requests": [
        {"request_id": "AZsparse", "status": "running", "hits_done": "7"},
        {"stage": "SUCCESS", "hits_done": 3},
        {"request_id": "AZodd", "stage": "SUCCESS", "total_hits": {"n": 1}},
        "AZbareentry000000001",
    ]}}}))
    .unwrap();
    let rows: Vec<Row> = page.into_jobs().into_iter().map(Row::new).collect();
    let keys: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let inspected = RwSignal::new(Vec::<String>::new());
    let rows = RwSignal::new(rows);
    let now = RwSignal::new(1_747_640_200_000i64);
    let _mounted = mount_job_table(&root, rows, now, RwSignal::new(Vec::new()), inspected);
    leptos::task::tick().await;
    let rows = root.query_selector_all(JOB_ROW).unwrap();
    assert_eq!(rows.length(), 4, "every entry gets a row");
    let row = |i: u32| -> web_sys::HtmlElement { rows.item(i).unwrap().unchecked_into() };
    let text = |el: &web_sys::HtmlElement, sel: &str| one(el, sel).text_content().unwrap();
    let hidden = |el: &web_sys::HtmlElement, sel: &str| one(el, sel).has_attribute("hidden");
    // The table shows the rows in the order given (the page sorts them).
    let unreadable = row(1);
    assert_eq!(text(&unreadable, ".stage-badge"), "Not understood");
    assert_eq!(text(&unreadable, "a.mono"), "(no request id)");
    assert!(
        one(&unreadable, "a.mono").get_attribute("href").is_none(),
        "no link without an id"
    );
    assert!(
        hidden(&unreadable, ".icon-button--danger"),
        "no delete without an id"
    );
    assert!(!hidden(&unreadable, ".icon-button--odd"));
    let select: web_sys::HtmlInputElement =
        one(&unreadable, "input[type=checkbox]").unchecked_into();
    assert!(select.disabled());
    let odd = row(2);
    assert_eq!(text(&odd, ".stage-badge"), "Success");
    assert!(!hidden(&odd, ".icon-button--odd"));
    assert_eq!(
        texts(&odd, "td.num"),
        ["—", "—", "—"],
        "hits, pages and running time unknown"
    );
    let sparse = row(0);
    assert_eq!(text(&sparse, ".stage-badge"), "Running");
    assert_eq!(text(&sparse, ".progress__text"), "7 / —");
    assert!(
        hidden(&sparse, ".icon-button--odd"),
        "nothing odd, only missing"
    );
    assert!(!hidden(&sparse, ".icon-button--danger"));
    // An entry that is only an id shows it, but offers neither its hits nor a delete.
    let bare = row(3);
    assert_eq!(text(&bare, "a.mono"), "AZbareentry000000001");
    assert!(one(&bare, "a.mono").get_attribute("href").is_none());
    assert!(hidden(&bare, ".icon-button--danger"));
    assert_eq!(text(&bare, ".stage-badge"), "Not understood");
    // The "?" asks to see what was sent, by the row's key.
    let ask: web_sys::HtmlElement = one(&unreadable, ".icon-button--odd").unchecked_into();
    ask.click();
    assert_eq!(inspected.get_untracked(), [keys[1].clone()]);
}
