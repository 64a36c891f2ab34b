//! A column header's sort button: the label, an arrow for the sorted column, and the
//! `aria-sort` value its header cell carries.

use leptos::prelude::*;

/// `aria-sort` for a column: `sorted` is `Some(descending)` for the column sorted by.
pub fn aria_sort(sorted: Option<bool>) -> &'static str {
    match sorted {
        None => "none",
        Some(true) => "descending",
        Some(false) => "ascending",
    }
}

/// The button inside a header cell. It has no handler of its own: `column` names it
/// (`data-column`) for the one click handler of the table it is in.
#[component]
pub fn SortButton(
    #[prop(into)] sorted: Signal<Option<bool>>,
    #[prop(into)] column: String,
    children: Children,
) -> impl IntoView {
    let arrow = move || match sorted.get() {
        None => "",
        Some(true) => " ▼",
        Some(false) => " ▲",
    };
    view! {
        <button
            class="th-sort"
            data-column=column
        >
            {children()}
            <span aria-hidden="true">{arrow}</span>
        </button>
    }
}
