//! GTFS service-day arithmetic in Europe/Paris, independent of the machine's time zone.

use chrono::{NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use rouen_transit::time::{candidate_days, instant, service_day_start};

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

#[test]
fn plain_day_starts_at_local_midnight() {
    let day = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
    assert_eq!(service_day_start(Paris, day), utc(2026, 3, 2, 23, 0));
    // 25:00:00 is 01:00 the next morning.
    assert_eq!(instant(Paris, day, 25 * 3600), utc(2026, 3, 4, 0, 0));
}

#[test]
fn spring_forward_day_counts_from_noon_minus_twelve_hours() {
    // 29 March 2026: noon CEST = 10:00Z, minus 12 h = 22:00Z on the 28th (23:00 CET, not midnight).
    let day = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
    assert_eq!(service_day_start(Paris, day), utc(2026, 3, 28, 22, 0));
    // "01:30:00" is then 23:30Z = 00:30 CET on the wall clock, and "03:30:00" is 01:30Z = 03:30 CEST.
    assert_eq!(instant(Paris, day, 5400), utc(2026, 3, 28, 23, 30));
    assert_eq!(
        instant(Paris, day, 3 * 3600 + 1800),
        utc(2026, 3, 29, 1, 30)
    );
}

#[test]
fn fall_back_day_counts_from_noon_minus_twelve_hours() {
    // 25 October 2026: noon CET = 11:00Z, minus 12 h = 23:00Z on the 24th (01:00 CEST).
    let day = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
    assert_eq!(service_day_start(Paris, day), utc(2026, 10, 24, 23, 0));
    // "02:30:00" is 01:30Z: the second 02:30 of the night (CET).
    assert_eq!(
        instant(Paris, day, 2 * 3600 + 1800),
        utc(2026, 10, 25, 1, 30)
    );
    // The 24th is a summer-time day (starts 22:00Z on the 23rd): its "24:30:00" is 22:30Z,
    // 00:30 CEST on the 25th, before the clocks go back.
    let eve = NaiveDate::from_ymd_opt(2026, 10, 24).unwrap();
    assert_eq!(
        instant(Paris, eve, 24 * 3600 + 1800),
        utc(2026, 10, 24, 22, 30)
    );
}

#[test]
fn candidate_days_cover_trips_past_midnight() {
    let at = utc(2026, 3, 3, 23, 30); // 00:30 Wednesday in Paris
    let days = candidate_days(Paris, at, 25 * 3600);
    let d = |n| NaiveDate::from_ymd_opt(2026, 3, n).unwrap();
    assert_eq!(days, [d(3), d(4), d(5)]);
    // Without times past 24:00, yesterday's service is not needed.
    assert_eq!(candidate_days(Paris, at, 23 * 3600), [d(4), d(5)]);
}
