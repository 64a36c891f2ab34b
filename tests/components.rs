//! Component tests in a real browser (wasm-bindgen-test, headless Chromium): mount a
//! component, let Leptos render, read the DOM.
#![cfg(target_arch = "wasm32")]

use joblens::components::{job_table::JobTable, stage_badge::StageBadge};
use joblens_core::{Job, JobsPage, Stage};
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

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

fn reference_jobs() -> Vec<Job> {
    let page: JobsPage = serde_json::from_str(include_str!("../contract/jobs-list.json")).unwrap();
    let mut jobs = page.into_jobs();
    let mut running = jobs[0].clone();
    running.request_id = "AZrunningjob00000000".into();
    running.stage = Stage::Running;
    running.hits_done = 120;
    running.total_hits = 480;
    jobs.push(running);
    jobs
}

#[wasm_bindgen_test]
async fn the_job_table_renders_a_keyed_row_per_job_and_updates_in_place() {
    let root = container();
    let jobs = RwSignal::new(reference_jobs());
    let now = RwSignal::new(1_747_640_200_000i64);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Router>
                <JobTable jobs=jobs now=now tz_offset=0 />
            </Router>
        }
    });
    leptos::task::tick().await;
    let rows = root.query_selector_all("tbody tr").unwrap();
    assert_eq!(rows.length(), 2);
    let link = root.query_selector("tbody tr a").unwrap().unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/jobs/AZbneNUBx31OH7OTNMmz")
    );
    assert_eq!(texts(&root, ".progress__text"), ["372 / 372", "120 / 480"]);
    assert!(texts(&root, "time")[0].starts_with("2025-05-19 07:36:17"));

    // A refresh where only the running job changed keeps the other row's element.
    let first_row = root.query_selector("tbody tr").unwrap().unwrap();
    jobs.update(|j| j[1].hits_done = 240);
    leptos::task::tick().await;
    assert_eq!(texts(&root, ".progress__text"), ["372 / 372", "240 / 480"]);
    let still_first = root.query_selector("tbody tr").unwrap().unwrap();
    assert!(
        first_row.is_same_node(Some(&still_first)),
        "unchanged row was rebuilt"
    );
}
