//! The row of controls above a table: filters, menus, switches and actions.

use leptos::prelude::*;

/// `search`: the controls narrow what is shown (a search landmark for screen readers).
#[component]
pub fn Toolbar(#[prop(optional)] search: bool, children: Children) -> impl IntoView {
    view! { <div class="toolbar" role=search.then_some("search")>{children()}</div> }
}
