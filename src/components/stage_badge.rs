use joblens_core::Stage;
use leptos::prelude::*;

/// A job's stage as a badge: colour and text, never colour alone; unknown stages neutral.
#[component]
pub fn StageBadge(stage: Stage) -> impl IntoView {
    let class = format!("stage-badge stage-badge--{}", stage.css_modifier());
    let title = match &stage {
        Stage::Other(_) => "A stage this version of Joblens does not know",
        Stage::Running => "The search is still running",
        Stage::Success => "The search finished",
        Stage::Failed => "The search failed",
    };
    view! { <span class=class title=title>{stage.label().to_owned()}</span> }
}
