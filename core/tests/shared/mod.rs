//! Checks more than one test file runs: the explorer reads a page as the grid does.

/// What the explorer reads (`StorePage`) is what a page reads whole: the same paging facts and
/// hits, or the same failure.
pub fn store_reading_agrees(body: &[u8]) -> &'static str {
    use joblens_core::{
        decode::{Readable, Unread},
        models::StorePage,
    };
    let shown = |r: &Result<_, Unread>| format!("{r:?}");
    let whole = joblens_core::ResultsPage::read(body);
    match (StorePage::read(body), &whole) {
        (Ok(StorePage::Text { meta, hits, json }), Ok(page)) => {
            assert_eq!(meta, page.meta);
            assert_eq!(hits, page.hits.len());
            let read: Vec<joblens_core::Hit> = serde_json::from_str(&json).unwrap();
            assert_eq!(read, page.hits, "{}", String::from_utf8_lossy(body));
            "text"
        }
        (Ok(StorePage::Whole(read)), Ok(page)) => {
            assert_eq!(&read, page);
            "whole"
        }
        (Err(e), Err(_)) => {
            assert_eq!(shown(&Err(e)), shown(&whole.map(|_| ())));
            "failed"
        }
        (store, _) => panic!(
            "the explorer read {store:?} where the page reads {whole:?}: {}",
            String::from_utf8_lossy(body)
        ),
    }
}
