//! Time and identifiers.

use chrono::{DateTime, Utc};
use std::sync::Mutex;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    fn now_epoch(&self) -> i64 {
        self.now().timestamp()
    }
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The real clock moved to start at a given instant: time flows normally from there. The local
/// binary runs on it when asked to replay the recorded city sources as if they were fresh
/// (`ROUEN_CLOCK_START`).
#[derive(Debug, Clone, Copy)]
pub struct ShiftedClock {
    offset: chrono::Duration,
}

impl ShiftedClock {
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        Self {
            offset: start - Utc::now(),
        }
    }

    /// A clock `offset` ahead of the real one (behind when negative). Processes that must agree on
    /// one shifted time (the cloud mode's functions) share the offset, not a start instant.
    pub fn with_offset(offset: chrono::Duration) -> Self {
        Self { offset }
    }

    pub fn offset(&self) -> chrono::Duration {
        self.offset
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }
}

/// A clock that only moves when told to: for tests of expiry, back-off and schedules.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            now: Mutex::new(start),
        }
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *now += by;
    }

    pub fn set(&self, to: DateTime<Utc>) {
        *self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Makes identifiers that sort by creation time.
pub trait IdGenerator: Send + Sync {
    fn new_id(&self) -> String;
}

/// ULIDs, monotonic within a process (two ids made in the same millisecond still sort in order).
#[derive(Debug, Default)]
pub struct UlidGenerator {
    last: Mutex<Option<ulid::Ulid>>,
}

impl IdGenerator for UlidGenerator {
    fn new_id(&self) -> String {
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let fresh = ulid::Ulid::new();
        let next = match *last {
            Some(prev) if fresh <= prev => prev.increment().unwrap_or(fresh),
            _ => fresh,
        };
        *last = Some(next);
        next.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ulids_are_strictly_increasing() {
        let ids = UlidGenerator::default();
        let made: Vec<String> = (0..1000).map(|_| ids.new_id()).collect();
        assert!(made.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let start = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
        let clock = ManualClock::new(start);
        assert_eq!(clock.now(), start);
        clock.advance(chrono::Duration::seconds(90));
        assert_eq!(clock.now_epoch(), 1_700_000_090);
    }
}
