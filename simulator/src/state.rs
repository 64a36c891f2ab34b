//! The simulator's whole state: its jobs, the switches the admin endpoints turn (dialect,
//! faults, extra entries, scripted failures), the rate-limit windows and the counters.

use crate::{
    clock::Clock,
    dialect::Dialect,
    faults::Faults,
    jobs::{self, JobSpec, NewJob},
    limits::Windows,
    rng,
    stats::{Counters, Stats},
    Config,
};
use serde_json::Value;
use std::{
    collections::VecDeque,
    sync::{atomic::AtomicU64, atomic::Ordering, Arc, Mutex, RwLock},
};

/// One job and whether it was deleted.
#[derive(Clone, Debug)]
struct Slot {
    spec: JobSpec,
    deleted: bool,
}

impl Slot {
    /// The seeded jobs, none deleted.
    fn seeded(seed: u64, now: i64) -> Vec<Self> {
        jobs::seeded(seed, now)
            .into_iter()
            .map(|spec| Self {
                spec,
                deleted: false,
            })
            .collect()
    }

    /// Not deleted and not yet expired at `now`.
    fn is_live(&self, now: i64) -> bool {
        !self.deleted && now < self.spec.expires_at()
    }
}

pub struct Sim {
    pub(crate) config: Config,
    pub clock: Clock,
    jobs: Mutex<Vec<Slot>>,
    faults: RwLock<Faults>,
    dialect: RwLock<Dialect>,
    /// Entries added verbatim to every job list (`PUT /__sim/extra-jobs`), for tests of what a
    /// client does with entries it cannot read.
    extra_jobs: Mutex<Vec<Value>>,
    /// Statuses the next API requests get, whatever they ask (`POST /__sim/fail-next`):
    /// 429, a 5xx, or 0 for a connection dropped midway.
    fail_next: Mutex<VecDeque<u16>>,
    draws: AtomicU64,
    pub(crate) windows: Windows,
    pub(crate) counters: Counters,
}

impl Sim {
    pub fn new(config: Config, clock: Clock) -> Arc<Self> {
        let now = clock.now_ms();
        let jobs = Slot::seeded(config.seed, now);
        Arc::new(Self {
            faults: RwLock::new(config.faults.clone()),
            dialect: RwLock::new(config.dialect.clone()),
            config,
            clock,
            jobs: Mutex::new(jobs),
            extra_jobs: Mutex::default(),
            fail_next: Mutex::default(),
            draws: AtomicU64::new(0),
            windows: Windows::default(),
            counters: Counters::default(),
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect.read().expect("dialect lock").clone()
    }

    pub fn set_dialect(&self, dialect: Dialect) {
        *self.dialect.write().expect("dialect lock") = dialect;
    }

    pub fn faults(&self) -> Faults {
        self.faults.read().expect("faults lock").clone()
    }

    pub fn set_faults(&self, faults: Faults) {
        *self.faults.write().expect("faults lock") = faults;
    }

    /// Sets the entries added verbatim to every job list.
    pub fn set_extra_jobs(&self, entries: Vec<Value>) {
        *self.extra_jobs.lock().expect("extra lock") = entries;
    }

    pub(crate) fn extra_jobs(&self) -> Vec<Value> {
        self.extra_jobs.lock().expect("extra lock").clone()
    }

    /// Queues statuses for the next API requests (0: the connection drops midway).
    pub fn fail_next(&self, statuses: impl IntoIterator<Item = u16>) {
        self.fail_next.lock().expect("script lock").extend(statuses);
    }

    /// The next scripted status, if any is queued.
    pub(crate) fn next_scripted(&self) -> Option<u16> {
        self.fail_next.lock().expect("script lock").pop_front()
    }

    pub fn stats(&self) -> Stats {
        self.counters.snapshot()
    }

    /// A draw in 0.0..1.0 from the run's seeded sequence.
    pub(crate) fn draw(&self) -> f64 {
        let n = self.draws.fetch_add(1, Ordering::Relaxed);
        rng::Rng::new(rng::hash(&[self.config.seed, 0xFA17, n])).unit()
    }

    pub(crate) fn chance(&self, rate: f64) -> bool {
        rate > 0.0 && self.draw() < rate
    }

    /// Adds a job as if a client had submitted an asynchronous search now.
    pub fn submit(&self, new: NewJob) -> JobSpec {
        let mut jobs = self.jobs.lock().expect("jobs lock");
        let spec = new.into_spec(self.config.seed, jobs.len() as u64, self.clock.now_ms());
        jobs.push(Slot {
            spec: spec.clone(),
            deleted: false,
        });
        spec
    }

    /// Marks a live job deleted; false when there is none by that id.
    pub(crate) fn delete(&self, id: &str, now: i64) -> bool {
        let mut jobs = self.jobs.lock().expect("jobs lock");
        match jobs
            .iter_mut()
            .find(|s| s.spec.request_id == id && s.is_live(now))
        {
            Some(slot) => {
                slot.deleted = true;
                true
            }
            None => false,
        }
    }

    /// Back to the seeded jobs, no faults but the configured ones, fresh limits and stats.
    pub fn reset(&self) {
        let now = self.clock.now_ms();
        *self.jobs.lock().expect("jobs lock") = Slot::seeded(self.config.seed, now);
        self.set_faults(self.config.faults.clone());
        self.set_dialect(self.config.dialect.clone());
        self.set_extra_jobs(Vec::new());
        self.fail_next.lock().expect("script lock").clear();
        self.windows.clear();
        self.counters.clear();
    }

    /// Live jobs (not deleted, not expired) at `now`, newest first.
    pub(crate) fn live(&self, now: i64) -> Vec<JobSpec> {
        let jobs = self.jobs.lock().expect("jobs lock");
        let mut live: Vec<JobSpec> = jobs
            .iter()
            .filter(|s| s.is_live(now))
            .map(|s| s.spec.clone())
            .collect();
        live.sort_by_key(|j| std::cmp::Reverse(j.submitted_at));
        live
    }

    pub(crate) fn find(&self, id: &str, now: i64) -> Option<JobSpec> {
        self.live(now).into_iter().find(|j| j.request_id == id)
    }
}
