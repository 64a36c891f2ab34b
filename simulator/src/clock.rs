//! Where the simulator's time comes from: the system clock plus an offset `/__sim/clock` can
//! advance, or a fixed clock for tests.

use std::{
    sync::atomic::{AtomicI64, Ordering},
    time::{SystemTime, UNIX_EPOCH},
};

#[derive(Debug)]
pub enum Clock {
    System { offset_ms: AtomicI64 },
    Manual { now_ms: AtomicI64 },
}

impl Clock {
    pub fn system() -> Self {
        Self::System {
            offset_ms: AtomicI64::new(0),
        }
    }

    pub fn manual(now_ms: i64) -> Self {
        Self::Manual {
            now_ms: AtomicI64::new(now_ms),
        }
    }

    /// Epoch milliseconds.
    pub fn now_ms(&self) -> i64 {
        match self {
            Self::System { offset_ms } => {
                let sys = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_millis() as i64)
                    .unwrap_or_default();
                sys + offset_ms.load(Ordering::Relaxed)
            }
            Self::Manual { now_ms } => now_ms.load(Ordering::Relaxed),
        }
    }

    pub fn advance(&self, ms: i64) {
        match self {
            Self::System { offset_ms } => offset_ms.fetch_add(ms, Ordering::Relaxed),
            Self::Manual { now_ms } => now_ms.fetch_add(ms, Ordering::Relaxed),
        };
    }
}
