//! Time and identifiers.

use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
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

/// A clock that only moves when told to: for tests of expiry, back-off and schedules. Mirrored to a
/// file ([`ManualClock::mirrored`]), it also moves the [`FileClock`]s of other processes (the cloud
/// mode's functions, in the tests that run against it).
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
    mirror: Option<PathBuf>,
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            now: Mutex::new(start),
            mirror: None,
        }
    }

    /// A manual clock whose every move is written to `path` before the call returns.
    pub fn mirrored(start: DateTime<Utc>, path: PathBuf) -> std::io::Result<Self> {
        write_instant(&path, start)?;
        Ok(Self {
            now: Mutex::new(start),
            mirror: Some(path),
        })
    }

    /// The file the clock is mirrored to.
    pub fn mirror_path(&self) -> Option<&Path> {
        self.mirror.as_deref()
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *now += by;
        self.publish(*now);
    }

    pub fn set(&self, to: DateTime<Utc>) {
        let mut now = self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *now = to;
        self.publish(to);
    }

    fn publish(&self, now: DateTime<Utc>) {
        if let Some(path) = &self.mirror {
            // Only tests mirror a clock; one that cannot move the other processes' must stop them.
            if let Err(error) = write_instant(path, now) {
                panic!("mirroring the manual clock to {}: {error}", path.display());
            }
        }
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

/// Written whole then renamed: a reader never sees half an instant.
fn write_instant(path: &Path, now: DateTime<Utc>) -> std::io::Result<()> {
    let mut staging = path.as_os_str().to_owned();
    staging.push(".next");
    std::fs::write(
        &staging,
        now.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
    )?;
    std::fs::rename(&staging, path)
}

/// The instant a [`ManualClock`] of another process mirrors to a file: how the cloud mode's functions
/// (separate processes) follow a test's manual clock (`ROUEN_CLOCK_FILE`, never set in AWS). An
/// unreadable file keeps the last instant read (the real time before any).
#[derive(Debug)]
pub struct FileClock {
    path: PathBuf,
    last: Mutex<Option<DateTime<Utc>>>,
}

impl FileClock {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            last: Mutex::new(None),
        }
    }
}

impl Clock for FileClock {
    fn now(&self) -> DateTime<Utc> {
        let read = std::fs::read_to_string(&self.path)
            .ok()
            .and_then(|text| DateTime::parse_from_rfc3339(text.trim()).ok())
            .map(|t| t.to_utc());
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match read {
            Some(now) => {
                *last = Some(now);
                now
            }
            None => last.unwrap_or_else(Utc::now),
        }
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

    #[test]
    fn a_mirrored_manual_clock_moves_the_file_clocks_reading_it() -> std::io::Result<()> {
        let dir = std::env::temp_dir().join(format!("rouen-clock-test-{}", ulid::Ulid::new()));
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("now");
        let start = DateTime::from_timestamp(1_700_000_000, 123_000_000).unwrap_or_default();
        let manual = ManualClock::mirrored(start, path.clone())?;
        let other = FileClock::new(path.clone());
        assert_eq!(other.now(), start);
        manual.advance(chrono::Duration::milliseconds(1_500));
        assert_eq!(other.now(), manual.now());
        manual.set(start);
        assert_eq!(other.now(), start);

        // A file that goes bad keeps the last instant read rather than jumping to the real time.
        std::fs::write(&path, "not an instant")?;
        assert_eq!(other.now(), start);
        std::fs::remove_dir_all(&dir)
    }
}
