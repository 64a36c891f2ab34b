use joblens_core::Stage;
use leptos::prelude::*;

/// A job's stage as a badge: colour and text, never colour alone; unknown stages neutral.
#[component]
pub fn StageBadge(stage: Stage) -> impl IntoView {
    let class = format!("stage-badge stage-badge--{}", stage.css_modifier());
    view! { <span class=class title=stage_title(&stage)>{stage.label().to_owned()}</span> }
}

/// What a stage badge says on hover.
pub fn stage_title(stage: &Stage) -> &'static str {
    match stage {
        Stage::Other(_) => "A stage this version of Joblens does not know",
        Stage::Running => "The search is still running",
        Stage::Success => "The search finished",
        Stage::Failed => "The search failed",
    }
}
