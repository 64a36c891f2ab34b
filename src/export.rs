//! Exports a job's hits to a file: page by page through the API client (so the app's request
//! budget paces it), each page's text handed to the browser as it arrives, one download at
//! the end. It either saves every page asked for or nothing, and says which page failed.

use crate::api::Client;
use joblens_core::{
    export::{Export, ExportError},
    ApiError, Credential, ResultsPage,
};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

/// Fetches every page of `export` and saves the file; `done` counts pages as they arrive.
pub async fn run(
    export: &Export,
    client: &Client,
    token: &Credential,
    cancel: &AbortSignal,
    done: RwSignal<u64>,
) -> Result<String, ExportError> {
    let parts = js_sys::Array::new();
    for (i, page) in (export.first..=export.last).enumerate() {
        let cancelled = || ExportError::Cancelled {
            done: i as u64,
            total: export.pages(),
        };
        if cancel.aborted() {
            return Err(cancelled());
        }
        let result = client
            .results::<ResultsPage>(&export.id, page, export.response_type, token, Some(cancel))
            .await;
        let hits = match result {
            Ok(p) => p.hits,
            Err(ApiError::Aborted) => return Err(cancelled()),
            Err(error) => return Err(ExportError::Failed { page, error }),
        };
        let text = export.format.encode(&hits, &export.columns, i == 0);
        parts.push(&JsValue::from_str(&text));
        done.try_set(i as u64 + 1);
    }
    let name = export.file_name();
    save(&parts, &name, export.format.mime()).map_err(ExportError::Browser)?;
    Ok(name)
}

/// Hands `text` to the browser as a file download.
pub fn save_text(text: &str, name: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    save(&parts, name, mime)
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
