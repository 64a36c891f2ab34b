//! The hits page's keys: `n` and `p` for the next and previous page, `/` to the filter. Not
//! while typing in a field, with a modifier held, or with a hit's detail open.

use super::place::Place;
use crate::hooks::events::{on_window, typing_into};
use leptos::{html::Input, prelude::*};
use web_sys::KeyboardEvent;

pub fn page_keys(
    place: Place,
    last_page: Signal<u64>,
    detail_open: Signal<bool>,
    filter_box: NodeRef<Input>,
) {
    on_window("keydown", move |ev: KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || detail_open.get_untracked() {
            return;
        }
        if typing_into(&ev) {
            return;
        }
        let (page, names) = (place.page.get_untracked(), place.names.get_untracked());
        match ev.key().as_str() {
            "n" if page < last_page.get_untracked() => place.go.run((page + 1, names)),
            "p" if page > 1 => place.go.run((page - 1, names)),
            "/" => {
                ev.prevent_default();
                if let Some(el) = filter_box.get_untracked() {
                    let _ = el.focus();
                }
            }
            _ => {}
        }
    });
}
