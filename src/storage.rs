//! Everything the app keeps in the browser's storage, each under its one key, and the only
//! code that touches storage. Nothing here is the token unless the user asked to be remembered
//! in this tab (sessionStorage, gone when the tab closes); localStorage holds only layouts.

use joblens_core::{budget::Budget, hits::ColumnLayout};

/// The request budget this tab has used: a reload must not buy a fresh minute of requests.
const BUDGET: &str = "joblens.budget";
/// The token, when "Remember in this tab" is ticked.
const TOKEN: &str = "joblens.token";
/// The column layout chosen for a log type (the key's suffix).
const COLUMNS: &str = "joblens.columns.v1.";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read<T: serde::de::DeserializeOwned>(store: Option<web_sys::Storage>, key: &str) -> Option<T> {
    serde_json::from_str(&store?.get_item(key).ok()??).ok()
}

fn write<T: serde::Serialize>(store: Option<web_sys::Storage>, key: &str, value: &T) {
    if let (Some(s), Ok(json)) = (store, serde_json::to_string(value)) {
        let _ = s.set_item(key, &json);
    }
}

pub fn budget() -> Option<Budget> {
    read(session(), BUDGET)
}

pub fn set_budget(budget: &Budget) {
    write(session(), BUDGET, budget);
}

/// The token this tab was asked to remember, if any.
pub fn remembered_token() -> Option<String> {
    session()?.get_item(TOKEN).ok().flatten()
}

/// Remembers `token` in this tab, or forgets it (`None`).
pub fn remember_token(token: Option<&str>) {
    if let Some(s) = session() {
        let _ = match token {
            Some(t) => s.set_item(TOKEN, t),
            None => s.remove_item(TOKEN),
        };
    }
}

/// The columns chosen for `log_type` (the defaults when none were).
pub fn column_layout(log_type: &str) -> ColumnLayout {
    read(local(), &format!("{COLUMNS}{log_type}")).unwrap_or_default()
}

pub fn set_column_layout(log_type: &str, layout: &ColumnLayout) {
    write(local(), &format!("{COLUMNS}{log_type}"), layout);
}
