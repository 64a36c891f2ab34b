use joblens::{crash, App};

fn main() {
    crash::install();
    leptos::mount::mount_to_body(App);
}
