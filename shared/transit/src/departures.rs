//! Next departures at a stop or station, with realtime when given.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::error::QueryError;
use crate::model::{Line, Timetable};
use crate::realtime::RealtimeState;
use crate::time::{candidate_days, parse_tz, service_day_start};

#[derive(Debug, Clone, PartialEq)]
pub struct Departure<'a> {
    pub line: &'a Line,
    /// Trip headsign, or the name of the trip's last stop.
    pub headsign: &'a str,
    pub scheduled_at: DateTime<Utc>,
    pub expected_at: Option<DateTime<Utc>>,
    pub realtime: bool,
    pub cancelled: bool,
    /// The quay's rider-facing code (Astuce: `BOU1`).
    pub platform: Option<&'a str>,
    pub trip_id: &'a str,
    pub stop_id: &'a str,
    pub service_day: NaiveDate,
}

impl Departure<'_> {
    /// When the vehicle is expected to leave, realtime first.
    pub fn best_time(&self) -> DateTime<Utc> {
        self.expected_at.unwrap_or(self.scheduled_at)
    }
}

/// A late vehicle scheduled this long before `at` may still be to come.
const LATE_WINDOW: Duration = Duration::hours(1);

impl Timetable {
    /// The next `limit` departures from `stop_id` (a station includes its quays) at or after `at`,
    /// ordered by expected time. Cancelled departures are listed, flagged.
    pub fn departures(
        &self,
        stop_id: &str,
        at: DateTime<Utc>,
        limit: usize,
        realtime: Option<&RealtimeState>,
    ) -> Result<Vec<Departure<'_>>, QueryError> {
        let s = self
            .stop_index(stop_id)
            .ok_or_else(|| QueryError::UnknownStop(stop_id.into()))?;
        let stop = &self.stops[s as usize];
        let tz = parse_tz(&self.feed.timezone);
        let mut out = Vec::new();
        for &quay in std::iter::once(&s).chain(&stop.children) {
            for &(pi, pos) in self.patterns_at(quay) {
                let p = &self.patterns[pi as usize];
                let pos = pos as usize;
                if pos + 1 == p.stops.len() {
                    continue; // arrivals at the terminus are not departures
                }
                for day in candidate_days(tz, at, self.feed.max_time) {
                    let start = service_day_start(tz, day);
                    let from = (at - LATE_WINDOW - start).num_seconds().max(0) as u32;
                    let first = partition(p.trip_count, |k| self.time(p, k, pos).dep < from);
                    let mut taken = 0;
                    for k in first..p.trip_count {
                        if taken >= limit {
                            break;
                        }
                        let ti = p.first_trip + k;
                        let trip = &self.trips[ti as usize];
                        if !self.runs_on(trip.service, day) {
                            continue;
                        }
                        let sched = |q: u32| {
                            start + Duration::seconds(self.time(p, k, q as usize).dep.into())
                        };
                        let scheduled_at = sched(pos as u32);
                        let rt = realtime.and_then(|r| r.trip(ti, day));
                        let expected_at = rt.and_then(|r| r.expected(pos as u32, sched));
                        let cancelled = rt.is_some_and(|r| r.cancelled || r.skips(pos as u32));
                        if expected_at.unwrap_or(scheduled_at) < at {
                            continue;
                        }
                        taken += 1;
                        let last = p.stops[p.stops.len() - 1] as usize;
                        let q = &self.stops[p.stops[pos] as usize];
                        out.push(Departure {
                            line: &self.lines[p.line as usize],
                            headsign: trip.headsign.as_deref().unwrap_or(&self.stops[last].name),
                            scheduled_at,
                            expected_at,
                            realtime: expected_at.is_some() || cancelled,
                            cancelled,
                            platform: q.code.as_deref(),
                            trip_id: &trip.id,
                            stop_id: &q.id,
                            service_day: day,
                        });
                    }
                }
            }
        }
        out.sort_by_key(|d| (d.best_time(), d.scheduled_at));
        out.truncate(limit);
        Ok(out)
    }
}

/// First k in 0..n for which `before(k)` is false (`before` must be monotonic).
pub(crate) fn partition(n: u32, before: impl Fn(u32) -> bool) -> u32 {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) { lo = mid + 1 } else { hi = mid }
    }
    lo
}
