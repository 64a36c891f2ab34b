//! A job's stage as a badge.

use joblens_core::Stage;
use leptos::prelude::*;

/// A job's stage as a badge: colour and text, never colour alone; unknown stages neutral.
/// One element whose class, title and text follow the stage: a job-table row keeps its badge
/// while the job it shows changes. `unreadable` marks an entry that was no job at all.
#[component]
pub fn StageBadge(
    #[prop(into)] stage: Signal<Stage>,
    #[prop(optional, into)] unreadable: Signal<bool>,
) -> impl IntoView {
    view! {
        <span
            class=move || {
                let modifier = if unreadable.get() { "unknown" } else { stage.with(Stage::css_modifier) };
                format!("stage-badge stage-badge--{modifier}")
            }
            title=move || if unreadable.get() { "The server's entry for this job could not be read" } else { stage.with(stage_title) }
        >
            {move || if unreadable.get() { "Not understood".to_owned() } else { stage.with(|s| s.label().into_owned()) }}
        </span>
    }
}

/// What a stage badge says on hover.
fn stage_title(stage: &Stage) -> &'static str {
    match stage {
        Stage::Other(s) if s.trim().is_empty() => {
            "The server did not say which stage the job is in"
        }
        Stage::Other(_) => "A stage this version of Joblens does not know",
        Stage::Running => "The search is still running",
        Stage::Success => "The search finished",
        Stage::Failed => "The search failed",
    }
}
