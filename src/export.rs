//! Exports a job's hits to a file: page by page through the API client (so the app's request
//! budget paces it), each page's text handed to the browser as it arrives, one download at
//! the end. It either saves every page asked for or nothing, and says which page failed.

use crate::api::Client;
use joblens_core::{
    export::{csv, ndjson},
    ApiError, Credential, RequestId, ResponseType,
};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Ndjson,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Ndjson => "ndjson",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            Self::Csv => "text/csv;charset=utf-8",
            Self::Ndjson => "application/x-ndjson",
        }
    }
}

/// What to export.
#[derive(Clone, Debug)]
pub struct Export {
    pub id: RequestId,
    pub first: u64,
    pub last: u64,
    pub format: Format,
    /// CSV columns (NDJSON keeps every field).
    pub columns: Vec<String>,
    pub response_type: ResponseType,
}

/// Why an export saved nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportError {
    Cancelled { done: u64, total: u64 },
    Failed { page: u64, error: ApiError },
    Browser(String),
}

impl ExportError {
    /// What a failed export says before the error that stopped it.
    pub fn stopped_at(page: u64) -> String {
        format!("Export stopped at page {page}; nothing was saved.")
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Cancelled { done, total } => write!(
                f,
                "Export cancelled after {done} of {}. Nothing was saved.",
                joblens_core::format::count_of(*total, "page", "pages")
            ),
            Self::Failed { page, error } => {
                write!(f, "{} {error}", Self::stopped_at(*page))
            }
            Self::Browser(why) => write!(f, "The browser could not save the file: {why}"),
        }
    }
}

impl Export {
    pub fn pages(&self) -> u64 {
        self.last + 1 - self.first
    }

    pub fn file_name(&self) -> String {
        joblens_core::export::file_name(
            self.id.as_str(),
            self.first,
            self.last,
            self.format.extension(),
        )
    }

    /// Fetches every page and saves the file; `done` counts pages as they arrive.
    pub async fn run(
        &self,
        client: &Client,
        token: &Credential,
        cancel: &AbortSignal,
        done: RwSignal<u64>,
    ) -> Result<String, ExportError> {
        let parts = js_sys::Array::new();
        for (i, page) in (self.first..=self.last).enumerate() {
            let cancelled = || ExportError::Cancelled {
                done: i as u64,
                total: self.pages(),
            };
            if cancel.aborted() {
                return Err(cancelled());
            }
            let result = client
                .results(&self.id, page, self.response_type, token, Some(cancel))
                .await;
            let hits = match result {
                Ok(p) => p.hits,
                Err(ApiError::Aborted) => return Err(cancelled()),
                Err(error) => return Err(ExportError::Failed { page, error }),
            };
            let text = match self.format {
                Format::Csv => csv(&hits, &self.columns, i == 0),
                Format::Ndjson => ndjson(&hits),
            };
            parts.push(&JsValue::from_str(&text));
            done.try_set(i as u64 + 1);
        }
        let name = self.file_name();
        save(&parts, &name, self.format.mime()).map_err(ExportError::Browser)?;
        Ok(name)
    }
}

/// Hands the parts to the browser as one file download.
fn save(parts: &js_sys::Array, name: &str, mime: &str) -> Result<(), String> {
    let why = |e: JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(parts, &bag).map_err(why)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(why)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(why)?
        .dyn_into()
        .map_err(|_| "not an anchor".to_owned())?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Give the download time to start before the URL goes.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}
