//! GTFS-Realtime: trip updates and service alerts, resolved against a [`Timetable`].

mod builder;
#[allow(clippy::all, clippy::pedantic, missing_docs)]
pub mod proto;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use prost::Message;

pub use builder::FeedBuilder;
use proto::trip_descriptor::ScheduleRelationship as TripRel;
use proto::trip_update::stop_time_update::ScheduleRelationship as StopRel;

use crate::error::RealtimeError;
use crate::model::{Timetable, TripIdx};
use crate::time::{candidate_days, parse_tz, service_day_start};

/// A predicted time: relative to the schedule or absolute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prediction {
    Delay(i32),
    Time(DateTime<Utc>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopUpdate {
    /// Position in the trip's pattern.
    pub position: u32,
    pub arrival: Option<Prediction>,
    pub departure: Option<Prediction>,
    pub skipped: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TripRealtime {
    pub cancelled: bool,
    /// Service day the update is for; `None` means whichever instance is running.
    pub start_date: Option<NaiveDate>,
    pub trip_delay: Option<i32>,
    /// Sorted by position.
    pub updates: Vec<StopUpdate>,
}

/// When an alert applies; an open end is unbounded.
pub type Period = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// What an alert says, in French when the feed has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub id: String,
    pub header: String,
    pub description: Option<String>,
    /// GTFS-RT cause/effect names in snake case (`construction`, `detour`); unknown ones are `None`.
    pub cause: Option<String>,
    pub effect: Option<String>,
    pub line_ids: Vec<String>,
    pub stop_ids: Vec<String>,
    pub active_periods: Vec<Period>,
}

impl Alert {
    /// No informed line nor stop: the whole network is concerned.
    pub fn is_network_wide(&self) -> bool {
        self.line_ids.is_empty() && self.stop_ids.is_empty()
    }
    pub fn is_active(&self, at: DateTime<Utc>) -> bool {
        self.active_periods.is_empty()
            || self
                .active_periods
                .iter()
                .any(|(s, e)| s.is_none_or(|s| s <= at) && e.is_none_or(|e| at < e))
    }
    pub fn starts_at(&self) -> Option<DateTime<Utc>> {
        self.active_periods.iter().filter_map(|p| p.0).min()
    }
    pub fn ends_at(&self) -> Option<DateTime<Utc>> {
        self.active_periods.iter().filter_map(|p| p.1).max()
    }
}

/// Realtime picture merged from one or more feeds.
#[derive(Debug, Clone, Default)]
pub struct RealtimeState {
    pub trips: HashMap<TripIdx, TripRealtime>,
    pub alerts: Vec<Alert>,
    /// Trip updates whose trip the timetable does not know (common in the Astuce feed): skipped.
    pub unknown_trips: usize,
    pub timestamp: Option<DateTime<Utc>>,
}

impl RealtimeState {
    /// Decodes a FeedMessage and resolves its trips against `tt`.
    pub fn parse(bytes: &[u8], tt: &Timetable) -> Result<RealtimeState, RealtimeError> {
        let msg = proto::FeedMessage::decode(bytes)?;
        let mut state = RealtimeState {
            timestamp: msg
                .header
                .timestamp
                .and_then(|t| DateTime::from_timestamp(t as i64, 0)),
            ..Default::default()
        };
        let now = state.timestamp;
        for e in msg.entity {
            if e.is_deleted == Some(true) {
                continue;
            }
            if let Some(tu) = e.trip_update {
                match resolve_trip(&tu, tt, now) {
                    Some((ti, rt)) => {
                        state.trips.insert(ti, rt);
                    }
                    None => state.unknown_trips += 1,
                }
            }
            if let Some(a) = e.alert {
                state.alerts.push(alert(e.id, a));
            }
        }
        Ok(state)
    }

    /// Adds another feed's content (Astuce publishes one trip-update feed per operator).
    pub fn merge(&mut self, other: RealtimeState) {
        self.trips.extend(other.trips);
        self.alerts.extend(other.alerts);
        self.unknown_trips += other.unknown_trips;
        self.timestamp = self.timestamp.max(other.timestamp);
    }

    /// Realtime of trip `trip` running on service day `date`, if any.
    pub fn trip(&self, trip: TripIdx, date: NaiveDate) -> Option<&TripRealtime> {
        self.trips
            .get(&trip)
            .filter(|t| t.start_date.is_none_or(|d| d == date))
    }

    pub fn alerts_at(&self, at: DateTime<Utc>) -> impl Iterator<Item = &Alert> {
        self.alerts.iter().filter(move |a| a.is_active(at))
    }

    /// Active alerts naming this line (network-wide ones excluded: they concern every line).
    pub fn alerts_for_line<'a>(
        &'a self,
        line_id: &'a str,
        at: DateTime<Utc>,
    ) -> impl Iterator<Item = &'a Alert> {
        self.alerts_at(at)
            .filter(move |a| a.line_ids.iter().any(|l| l == line_id))
    }

    /// Active alerts for riders at a stop: network-wide ones, those naming the stop, its station
    /// or one of its quays, and those naming a line that calls there.
    pub fn alerts_for_stop<'a>(
        &'a self,
        tt: &'a Timetable,
        stop_id: &str,
        at: DateTime<Utc>,
    ) -> Vec<&'a Alert> {
        let Some(s) = tt.stop_index(stop_id) else {
            return Vec::new();
        };
        let station = tt.station_of(s);
        let st = &tt.stops[station as usize];
        let mut ids: Vec<&str> = vec![&tt.stops[s as usize].id, &st.id];
        ids.extend(
            st.children
                .iter()
                .map(|&c| tt.stops[c as usize].id.as_str()),
        );
        let lines: Vec<&str> = st
            .lines
            .iter()
            .map(|&l| tt.lines[l as usize].id.as_str())
            .collect();
        self.alerts_at(at)
            .filter(|a| {
                a.is_network_wide()
                    || a.stop_ids.iter().any(|x| ids.contains(&x.as_str()))
                    || a.line_ids.iter().any(|x| lines.contains(&x.as_str()))
            })
            .collect()
    }
}

impl TripRealtime {
    /// Expected departure at `position` given the scheduled instants of the trip's stops
    /// (`scheduled(p)` = scheduled departure at position p). Delays propagate downstream until the
    /// next update, as the GTFS-RT spec says; before the first update only the trip delay applies.
    pub fn expected(
        &self,
        position: u32,
        scheduled: impl Fn(u32) -> DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let at = scheduled(position);
        let last = self.updates.iter().rev().find(|u| u.position <= position);
        let Some(u) = last else {
            return self
                .trip_delay
                .map(|d| at + chrono::Duration::seconds(d.into()));
        };
        let delay = |p: Prediction, base: DateTime<Utc>| match p {
            Prediction::Delay(d) => i64::from(d),
            Prediction::Time(t) => (t - base).num_seconds(),
        };
        if u.position == position {
            let p = u.departure.or(u.arrival)?;
            return Some(at + chrono::Duration::seconds(delay(p, at)));
        }
        let p = u.departure.or(u.arrival)?;
        let d = delay(p, scheduled(u.position));
        Some(at + chrono::Duration::seconds(d))
    }

    pub fn skips(&self, position: u32) -> bool {
        self.updates
            .iter()
            .any(|u| u.position == position && u.skipped)
    }
}

fn resolve_trip(
    tu: &proto::TripUpdate,
    tt: &Timetable,
    now: Option<DateTime<Utc>>,
) -> Option<(TripIdx, TripRealtime)> {
    let ti = tt.trip_index(tu.trip.trip_id.as_deref()?)?;
    let pattern = &tt.patterns[tt.trips[ti as usize].pattern as usize];
    let start_date = tu
        .trip
        .start_date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok())
        .or_else(|| running_day(tu, tt, ti, now));
    let cancelled = tu.trip.schedule_relationship == Some(TripRel::Canceled as i32);
    let event = |e: &Option<proto::trip_update::StopTimeEvent>| {
        let e = e.as_ref()?;
        match (e.time, e.delay) {
            (Some(t), _) => DateTime::from_timestamp(t, 0).map(Prediction::Time),
            (None, Some(d)) => Some(Prediction::Delay(d)),
            (None, None) => None,
        }
    };
    let mut updates = Vec::new();
    let mut from = 0;
    for stu in &tu.stop_time_update {
        // Match by stop_sequence when given, else by stop id after the previous match
        // (a loop line visits a stop twice).
        let pos = match (stu.stop_sequence, stu.stop_id.as_deref()) {
            (Some(seq), _) => pattern.stop_sequences.iter().position(|&s| s == seq),
            (None, Some(id)) => {
                let s = tt.stop_index(id)?;
                pattern
                    .stops
                    .iter()
                    .skip(from)
                    .position(|&x| x == s)
                    .map(|p| p + from)
            }
            (None, None) => None,
        };
        let Some(pos) = pos else { continue };
        from = pos;
        updates.push(StopUpdate {
            position: pos as u32,
            arrival: event(&stu.arrival),
            departure: event(&stu.departure),
            skipped: stu.schedule_relationship == Some(StopRel::Skipped as i32),
        });
    }
    updates.sort_by_key(|u| u.position);
    Some((
        ti,
        TripRealtime {
            cancelled,
            start_date,
            trip_delay: tu.delay,
            updates,
        },
    ))
}

/// Without a start_date, an update is for the instance running around its predicted times (or
/// the feed's timestamp): the running day whose scheduled start is closest to that.
fn running_day(
    tu: &proto::TripUpdate,
    tt: &Timetable,
    ti: TripIdx,
    now: Option<DateTime<Utc>>,
) -> Option<NaiveDate> {
    let absolute = tu.stop_time_update.iter().find_map(|u| {
        let ev = u.departure.as_ref().or(u.arrival.as_ref())?;
        DateTime::from_timestamp(ev.time?, 0)
    });
    let reference = absolute.or(now)?;
    let tz = parse_tz(&tt.feed.timezone);
    let trip = &tt.trips[ti as usize];
    let p = &tt.patterns[trip.pattern as usize];
    let k = ti - p.first_trip;
    candidate_days(tz, reference, tt.feed.max_time)
        .into_iter()
        .filter(|d| tt.runs_on(trip.service, *d))
        .min_by_key(|d| {
            let start =
                service_day_start(tz, *d) + chrono::Duration::seconds(tt.time(p, k, 0).dep.into());
            (start - reference).num_seconds().abs()
        })
}

fn alert(id: String, a: proto::Alert) -> Alert {
    let text = |t: Option<proto::TranslatedString>| {
        let t = t?;
        let pick = |f: &dyn Fn(&str) -> bool| {
            t.translation
                .iter()
                .find(|tr| f(tr.language.as_deref().unwrap_or("")))
                .map(|tr| tr.text.clone())
        };
        pick(&|l| l.eq_ignore_ascii_case("fr") || l.to_ascii_lowercase().starts_with("fr-"))
            .or_else(|| pick(&|l| l.is_empty()))
            .or_else(|| t.translation.first().map(|tr| tr.text.clone()))
            .filter(|s| !s.trim().is_empty())
    };
    let name = |s: &str| Some(s.to_ascii_lowercase()).filter(|s| !s.starts_with("unknown"));
    let cause = a
        .cause
        .and_then(|c| proto::alert::Cause::try_from(c).ok())
        .and_then(|c| name(c.as_str_name()));
    let effect = a
        .effect
        .and_then(|c| proto::alert::Effect::try_from(c).ok())
        .and_then(|c| name(c.as_str_name()));
    let mut line_ids = Vec::new();
    let mut stop_ids = Vec::new();
    for e in &a.informed_entity {
        let route = e
            .route_id
            .clone()
            .or_else(|| e.trip.as_ref().and_then(|t| t.route_id.clone()));
        if let Some(r) = route.filter(|r| !line_ids.contains(r)) {
            line_ids.push(r);
        }
        if let Some(s) = e.stop_id.clone().filter(|s| !stop_ids.contains(s)) {
            stop_ids.push(s);
        }
    }
    let ts = |t: Option<u64>| {
        t.filter(|&t| t > 0)
            .and_then(|t| DateTime::from_timestamp(t as i64, 0))
    };
    Alert {
        id,
        header: text(a.header_text).unwrap_or_default(),
        description: text(a.description_text),
        cause,
        effect,
        line_ids,
        stop_ids,
        active_periods: a
            .active_period
            .iter()
            .map(|p| (ts(p.start), ts(p.end)))
            .collect(),
    }
}
