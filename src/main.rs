//! The entry point: the crash screen, then the app mounted on the page.

use joblens::{crash, expose_diagnostics, App};

fn main() {
    crash::install();
    expose_diagnostics();
    leptos::mount::mount_to_body(App);
    joblens::mark_after_paint("joblens:mounted");
}
