//! Where the hits page is, as the URL says: which job, which page, which field names; and
//! going elsewhere (another page, other names) by changing the URL.

use crate::{
    pages::job_url::{navigate_in_place, JobUrl},
    routes,
};
use joblens_core::{RequestId, ResponseType};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Place {
    pub id: Memo<RequestId>,
    pub page: Memo<u64>,
    pub names: Memo<ResponseType>,
    /// Goes to a page, in some field names.
    pub go: Callback<(u64, ResponseType)>,
}

impl Place {
    pub fn from_url() -> Self {
        let JobUrl { id, page, names } = JobUrl::read();
        let navigate = navigate_in_place();
        let go = Callback::new(move |(page, rt): (u64, ResponseType)| {
            navigate(&routes::hits(id.get_untracked().as_str(), page, rt));
        });
        Self {
            id,
            page,
            names,
            go,
        }
    }

    /// The in-app path of `page` of this job in these field names.
    pub fn path(&self, page: u64, names: ResponseType) -> String {
        routes::hits(self.id.get_untracked().as_str(), page, names)
    }
}
