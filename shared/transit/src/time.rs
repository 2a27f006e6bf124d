//! Service-day arithmetic. GTFS times count from "noon minus 12 h" of the service day in the
//! feed's time zone, which is midnight except on DST-change days; times past 24:00 belong to the
//! previous service day. Everything here is explicit about the zone so results never depend on
//! the machine's local time zone.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The instant stop times of `date`'s service day count from.
pub fn service_day_start(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    // Noon is never skipped nor repeated by a DST change, so this always resolves.
    let noon = date.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN));
    let noon = tz
        .from_local_datetime(&noon)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&noon));
    noon - Duration::hours(12)
}

/// Absolute instant of a GTFS stop time on a service day.
pub fn instant(tz: Tz, date: NaiveDate, secs: u32) -> DateTime<Utc> {
    service_day_start(tz, date) + Duration::seconds(i64::from(secs))
}

/// Local calendar date of an instant in the feed's zone.
pub fn local_date(tz: Tz, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// Service days whose trips may be running at `at`: from `max_time` back to the next day.
pub fn candidate_days(tz: Tz, at: DateTime<Utc>, max_time: u32) -> Vec<NaiveDate> {
    let today = local_date(tz, at);
    // Only feeds with times past 24:00 need yesterday's service (past 48:00, the day before).
    let back = i64::from(max_time.saturating_sub(1) / 86_400);
    (-back..=1).map(|d| today + Duration::days(d)).collect()
}

pub(crate) fn parse_tz(name: &str) -> Tz {
    name.parse().unwrap_or(chrono_tz::Europe::Paris)
}
