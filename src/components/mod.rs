//! Components: they render state and send intents; none of them talks HTTP.

pub mod confirm;
pub mod error_banner;
pub mod header;
pub mod job_table;
pub mod stage_badge;
pub mod toasts;
pub mod token_prompt;
