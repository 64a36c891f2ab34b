use joblens_core::Stage;
use leptos::prelude::*;

/// A job's stage as a badge: colour and text, never colour alone; unknown stages neutral.
/// One element whose class, title and text follow the stage: a job-table row keeps its badge
/// while the job it shows changes.
#[component]
pub fn StageBadge(#[prop(into)] stage: Signal<Stage>) -> impl IntoView {
    view! {
        <span
            class=move || stage.with(|s| format!("stage-badge stage-badge--{}", s.css_modifier()))
            title=move || stage.with(stage_title)
        >
            {move || stage.with(|s| s.label().to_owned())}
        </span>
    }
}

/// What a stage badge says on hover.
fn stage_title(stage: &Stage) -> &'static str {
    match stage {
        Stage::Other(_) => "A stage this version of Joblens does not know",
        Stage::Running => "The search is still running",
        Stage::Success => "The search finished",
        Stage::Failed => "The search failed",
    }
}
