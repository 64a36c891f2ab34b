//! Loading a whole job page by page: which page to fetch next, what is left, and what the
//! progress line says. Pure: the app feeds in what the server and the worker said.

use crate::{
    format::{count, count_of},
    models::{ResultsMeta, PAGE_SIZE},
};
use std::collections::BTreeMap;

/// What the loader does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    Fetch(u64),
    /// Every page the job has so far is held, and it is still running.
    WaitForJob,
    /// Every page is held (or failed).
    Done,
    /// The next page would take the store past the hits it may hold.
    Limit,
}

/// Where loading a whole job stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Status {
    /// Nothing held.
    #[default]
    Idle,
    Starting,
    Loading,
    Paused,
    /// Every page found so far is held; the job is still running.
    Waiting,
    Done,
    /// Stopped at `max_explore_hits`.
    Limit,
    /// The user stopped it; what was loaded stays.
    Stopped,
    /// It cannot go on, and why (the job vanished, the token was refused, the worker failed).
    Broken(String),
}

impl Status {
    /// Whether pages are being fetched or awaited.
    pub fn is_active(&self) -> bool {
        matches!(self, Self::Starting | Self::Loading | Self::Waiting)
    }

    /// What the progress line says after the counts; `failed` pages are named apart.
    pub fn text(&self, max_hits: u64, failed: usize) -> String {
        match self {
            Self::Done if failed > 0 => format!(
                "Every other page is loaded; {} could not be: questions cover the hits loaded",
                count_of(failed as u64, "page", "pages")
            ),
            Self::Idle => "Not loaded".into(),
            Self::Starting => "Starting…".into(),
            Self::Loading => "Loading…".into(),
            Self::Paused => "Paused".into(),
            Self::Waiting => "Every page so far is loaded; new hits are added as the job finds them".into(),
            Self::Done => "Every hit is loaded: questions are answered here, without another request".into(),
            Self::Limit => format!(
                "Stopped at the limit of {} (config.json max_explore_hits): questions cover the hits loaded",
                count_of(max_hits, "hit", "hits")
            ),
            Self::Stopped => "Stopped: questions cover the hits loaded".into(),
            Self::Broken(why) => format!("Stopped: {why}"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// Hits held per page, as the worker reported.
    held: BTreeMap<u64, usize>,
    /// Pages that kept failing, and why (named to the user, skipped until retried).
    failed: BTreeMap<u64, String>,
    /// The job's hits as last known, and whether it can still find more.
    total: Option<u64>,
    running: bool,
    /// The store stops short of this many hits.
    max_hits: u64,
}

impl Plan {
    pub fn max_hits(&self) -> u64 {
        self.max_hits
    }

    /// Hits held of `page`.
    pub fn held_of(&self, page: u64) -> usize {
        self.held.get(&page).copied().unwrap_or(0)
    }

    pub fn new(max_hits: u64) -> Self {
        Self {
            max_hits,
            running: true,
            ..Self::default()
        }
    }

    /// What the job summary says: how many hits it has found and whether it is final.
    pub fn job(&mut self, hits: Option<u64>, running: bool) {
        if let Some(h) = hits {
            self.total = Some(self.total.map_or(h, |t| t.max(h)));
        }
        self.running = running;
    }

    /// What a page's answer says about the whole job.
    pub fn page_answer(&mut self, page: u64, meta: &ResultsMeta, hits: usize) {
        let seen = (page - 1) * PAGE_SIZE + hits as u64;
        let total = meta.total_items.unwrap_or(0).max(seen);
        self.total = Some(self.total.map_or(total, |t| t.max(total)));
    }

    /// The worker holds `held` hits of `page` now.
    pub fn held(&mut self, page: u64, held: usize) {
        self.held.insert(page, held);
        self.failed.remove(&page);
    }

    pub fn failed(&mut self, page: u64, why: String) {
        self.failed.insert(page, why);
    }

    /// Failed pages are tried again.
    pub fn retry_failed(&mut self) {
        self.failed.clear();
    }

    pub fn failures(&self) -> &BTreeMap<u64, String> {
        &self.failed
    }

    pub fn hits_held(&self) -> u64 {
        self.held.values().map(|&h| h as u64).sum()
    }

    pub fn total(&self) -> Option<u64> {
        self.total
    }

    pub fn pages(&self) -> Option<u64> {
        self.total.map(|t| t.div_ceil(PAGE_SIZE))
    }

    /// Hits page `page` has on the server, as far as known.
    fn expected(&self, page: u64) -> Option<u64> {
        let total = self.total?;
        Some(total.saturating_sub((page - 1) * PAGE_SIZE).min(PAGE_SIZE))
    }

    fn wanted(&self, page: u64) -> bool {
        let held = self.held.get(&page).copied().unwrap_or(0) as u64;
        !self.failed.contains_key(&page) && self.expected(page).is_none_or(|e| held < e)
    }

    pub fn next(&self) -> Next {
        let Some(pages) = self.pages() else {
            // Nothing known yet: the first page says how many there are.
            return if self.failed.contains_key(&1) {
                Next::Done
            } else {
                Next::Fetch(1)
            };
        };
        match (1..=pages).find(|&p| self.wanted(p)) {
            Some(p) => {
                let held_here = self.held.get(&p).copied().unwrap_or(0) as u64;
                let more = self.expected(p).unwrap_or(PAGE_SIZE) - held_here;
                if self.hits_held() + more > self.max_hits {
                    Next::Limit
                } else {
                    Next::Fetch(p)
                }
            }
            None if self.running => Next::WaitForJob,
            None => Next::Done,
        }
    }

    /// Pages still to fetch, as far as known.
    pub fn pages_left(&self) -> u64 {
        self.pages()
            .map_or(1, |n| (1..=n).filter(|&p| self.wanted(p)).count() as u64)
    }

    /// The share of the job's hits held, 0 to 1.
    pub fn fraction(&self) -> f64 {
        match self.total {
            Some(0) => 1.0,
            Some(t) => (self.hits_held() as f64 / t as f64).min(1.0),
            None => 0.0,
        }
    }
}

/// Seconds `pages` requests take at `per_minute` a minute.
pub fn seconds_for(pages: u64, per_minute: u32) -> u64 {
    (pages * 60).div_ceil(u64::from(per_minute.max(1)))
}

/// "about 2 min" / "about 40 s": a wait said up front.
pub fn about(seconds: u64) -> String {
    match seconds {
        0..=59 => format!("about {seconds} s"),
        _ => format!("about {} min", seconds.div_ceil(60)),
    }
}

/// What the explore button offers: "Explore all 100,000 hits (100 pages, about 2 min)".
pub fn offer(hits: u64, per_minute: u32) -> String {
    let pages = hits.div_ceil(PAGE_SIZE);
    format!(
        "Explore all {} ({}, {})",
        count_of(hits, "hit", "hits"),
        count_of(pages, "page", "pages"),
        about(seconds_for(pages, per_minute))
    )
}

/// The progress line: "41,000 of 100,000 hits · 59 pages left, about 1 min".
pub fn progress_text(plan: &Plan, per_minute: u32) -> String {
    let held = count(plan.hits_held());
    let of = plan
        .total()
        .map(|t| format!(" of {}", count_of(t, "hit", "hits")))
        .unwrap_or_else(|| " hits".to_owned());
    let left = plan.pages_left();
    if left == 0 {
        return format!("{held}{of}");
    }
    format!(
        "{held}{of} · {} left, {}",
        count_of(left, "page", "pages"),
        about(seconds_for(left, per_minute))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(total: Option<u64>) -> ResultsMeta {
        ResultsMeta {
            total_items: total,
            ..ResultsMeta::default()
        }
    }

    #[test]
    fn pages_are_fetched_in_order_skipping_what_is_held() {
        let mut plan = Plan::new(1_000_000);
        assert_eq!(plan.next(), Next::Fetch(1));
        plan.job(Some(2_500), false);
        // Page 2 came from browsing.
        plan.held(2, 1000);
        assert_eq!(plan.next(), Next::Fetch(1));
        plan.held(1, 1000);
        assert_eq!(plan.next(), Next::Fetch(3));
        assert_eq!(plan.pages_left(), 1);
        plan.held(3, 500);
        assert_eq!(plan.next(), Next::Done);
        assert_eq!(plan.fraction(), 1.0);
    }

    #[test]
    fn a_running_job_waits_then_loads_its_grown_last_page() {
        let mut plan = Plan::new(1_000_000);
        plan.job(Some(1_200), true);
        plan.held(1, 1000);
        plan.held(2, 200);
        assert_eq!(plan.next(), Next::WaitForJob);
        plan.job(Some(1_700), true);
        assert_eq!(plan.next(), Next::Fetch(2));
        plan.held(2, 700);
        plan.job(Some(1_700), false);
        assert_eq!(plan.next(), Next::Done);
    }

    #[test]
    fn a_failed_page_is_skipped_named_and_retried_on_request() {
        let mut plan = Plan::new(1_000_000);
        plan.job(Some(3_000), false);
        plan.held(1, 1000);
        plan.failed(2, "HTTP 500".into());
        assert_eq!(plan.next(), Next::Fetch(3));
        plan.held(3, 1000);
        assert_eq!(plan.next(), Next::Done);
        assert_eq!(plan.failures().keys().collect::<Vec<_>>(), vec![&2]);
        plan.retry_failed();
        assert_eq!(plan.next(), Next::Fetch(2));
    }

    #[test]
    fn the_limit_stops_before_the_page_that_would_pass_it() {
        let mut plan = Plan::new(2_500);
        plan.job(Some(10_000), false);
        plan.held(1, 1000);
        plan.held(2, 1000);
        assert_eq!(plan.next(), Next::Limit);
        let mut plan = Plan::new(3_000);
        plan.job(Some(10_000), false);
        plan.held(1, 1000);
        plan.held(2, 1000);
        assert_eq!(plan.next(), Next::Fetch(3));
    }

    #[test]
    fn a_page_answer_teaches_the_total_when_the_summary_has_none() {
        let mut plan = Plan::new(1_000_000);
        plan.job(None, false);
        plan.page_answer(1, &total(Some(1_958)), 1000);
        assert_eq!(plan.pages(), Some(2));
        plan.held(1, 1000);
        assert_eq!(plan.next(), Next::Fetch(2));
        // No total at all: what was seen is a floor.
        let mut plan = Plan::new(1_000_000);
        plan.job(None, false);
        plan.page_answer(1, &total(None), 300);
        plan.held(1, 300);
        assert_eq!(plan.next(), Next::Done);
    }

    #[test]
    fn the_offer_and_progress_say_how_long() {
        assert_eq!(
            offer(100_000, 50),
            "Explore all 100,000 hits (100 pages, about 2 min)"
        );
        assert_eq!(
            offer(1_958, 50),
            "Explore all 1,958 hits (2 pages, about 3 s)"
        );
        let mut plan = Plan::new(1_000_000);
        plan.job(Some(100_000), false);
        for p in 1..=41 {
            plan.held(p, 1000);
        }
        assert_eq!(
            progress_text(&plan, 50),
            "41,000 of 100,000 hits · 59 pages left, about 2 min"
        );
    }
}
