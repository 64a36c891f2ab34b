//! The grid's header row: every column, its sort state, and the time zone beside time columns.
//! Clicks reach the grid's one handler, by the button's `data-column`.

use super::TimeZone;
use crate::components::sort_header::{aria_sort, SortButton};
use joblens_core::{columns::is_time_column, value::visible};
use leptos::prelude::*;

pub fn cells(
    columns: Vec<String>,
    sort: Signal<Option<(String, bool)>>,
    tz: Signal<TimeZone>,
) -> impl IntoView {
    columns
        .into_iter()
        .enumerate()
        .map(|(index, col)| {
            let sorted = {
                let col = col.clone();
                Signal::derive(move || {
                    sort.with(|s| s.as_ref().filter(|(c, _)| *c == col).map(|(_, d)| *d))
                })
            };
            let is_time = is_time_column(&col);
            let label = {
                let col = visible(&col).into_owned();
                move || {
                    if is_time {
                        format!("{col} ({})", tz.get().label())
                    } else {
                        col.clone()
                    }
                }
            };
            view! {
                <div
                    class="hits-th"
                    role="columnheader"
                    aria-colindex=index + 1
                    aria-sort=move || aria_sort(sorted.get())
                >
                    <SortButton sorted=sorted column=col>
                        {label}
                    </SortButton>
                </div>
            }
        })
        .collect_view()
}
