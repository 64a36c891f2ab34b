//! Copying text to the clipboard, saying whether it worked: the browser may refuse (no
//! permission, an insecure origin), and a "Copied" that did not copy misleads.

use wasm_bindgen_futures::JsFuture;

/// Puts `text` on the clipboard; the error says why it could not.
pub async fn copy(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    JsFuture::from(window.navigator().clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|e| {
            js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "the browser refused".to_owned())
        })
}
