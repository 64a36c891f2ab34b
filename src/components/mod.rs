//! Components: they render state and send intents; none of them talks HTTP.

pub mod confirm;
pub mod connect;
pub mod copy_button;
pub mod error_banner;
pub mod field_list;
pub mod header;
pub mod hit_detail;
pub mod hits_grid;
pub mod job_table;
pub mod pager;
pub mod raw_dialog;
pub mod sort_header;
pub mod stage_badge;
pub mod toasts;
pub mod toolbar;
