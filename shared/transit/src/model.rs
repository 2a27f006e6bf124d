//! The compiled timetable: flat, index-addressed arrays laid out for RAPTOR scans.
//!
//! Indices (`u32`) replace string ids everywhere inside; ids survive only on the entities
//! themselves, for the API. Times are seconds since the service day's reference instant
//! ("noon minus 12 h", see [`crate::time`]), so they can exceed 24 h.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub type StopIdx = u32;
pub type LineIdx = u32;
pub type PatternIdx = u32;
pub type TripIdx = u32;

/// Transport mode as the API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Metro,
    Tram,
    Brt,
    Bus,
    Ferry,
    Rail,
    Lift,
    OnDemand,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Metro => "metro",
            Mode::Tram => "tram",
            Mode::Brt => "brt",
            Mode::Bus => "bus",
            Mode::Ferry => "ferry",
            Mode::Rail => "rail",
            Mode::Lift => "lift",
            Mode::OnDemand => "on_demand",
        }
    }
}

/// A GTFS route as riders know it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub id: String,
    pub short_name: String,
    pub long_name: String,
    /// `#RRGGBB`, upper case.
    pub color: Option<String>,
    pub text_color: Option<String>,
    pub mode: Mode,
    /// The raw GTFS `route_type` (extended types kept, e.g. 715).
    pub route_type: i16,
    pub sort_order: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stop {
    pub id: String,
    /// Rider-facing code; for Astuce quays this is the platform (`BOU1`).
    pub code: Option<String>,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub is_station: bool,
    pub parent: Option<StopIdx>,
    pub children: Vec<StopIdx>,
    /// Lines calling here (for a station: at any of its quays), in line order.
    pub lines: Vec<LineIdx>,
    /// Accent- and case-folded name words, for search.
    pub search_key: String,
}

/// A RAPTOR route: trips sharing one stop sequence, none overtaking another, sorted by departure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pattern {
    pub line: LineIdx,
    pub stops: Vec<StopIdx>,
    /// GTFS `stop_sequence` of each position (same for every trip here), for realtime matching.
    pub stop_sequences: Vec<u32>,
    /// Trips of this pattern are `first_trip .. first_trip + trip_count`.
    pub first_trip: TripIdx,
    pub trip_count: u32,
    /// Offset into [`Timetable::times`]: trip `k` of the pattern, position `p` is at
    /// `first_time + k * stops.len() + p`.
    pub first_time: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trip {
    pub id: String,
    pub service: u32,
    pub pattern: PatternIdx,
    pub headsign: Option<String>,
}

/// Arrival and departure, seconds since the service day reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopTime {
    pub arr: u32,
    pub dep: u32,
}

/// Days a service runs, as a bitmap from [`FeedInfo::first_day`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub id: String,
    pub days: Vec<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Footpath {
    pub to: StopIdx,
    pub duration_s: u32,
    pub distance_m: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedInfo {
    /// Content hash of the compiled timetable (hex), changes whenever anything does.
    pub version: String,
    pub timezone: String,
    /// Day 0 of the service bitmaps.
    pub first_day: NaiveDate,
    /// First and last day any trip runs.
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// Largest stop time in the feed: how many previous service days can still be running.
    pub max_time: u32,
}

/// Problems that did not block the import.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub warnings: Vec<String>,
    pub trips_without_stop_times: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timetable {
    pub feed: FeedInfo,
    pub stops: Vec<Stop>,
    pub lines: Vec<Line>,
    pub patterns: Vec<Pattern>,
    pub trips: Vec<Trip>,
    pub times: Vec<StopTime>,
    pub services: Vec<Service>,
    /// Footpaths of stop `s` are `footpaths[footpath_index[s] .. footpath_index[s + 1]]`.
    pub footpath_index: Vec<u32>,
    pub footpaths: Vec<Footpath>,
    /// (pattern, position) pairs of stop `s`: `stop_patterns[stop_pattern_index[s] .. [s + 1]]`.
    pub stop_pattern_index: Vec<u32>,
    pub stop_patterns: Vec<(PatternIdx, u32)>,
    pub report: ImportReport,
    #[serde(skip)]
    pub(crate) lookup: Lookup,
}

/// String id → index maps, rebuilt after decoding rather than serialised.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Lookup {
    pub stops: HashMap<String, StopIdx>,
    pub trips: HashMap<String, TripIdx>,
    pub lines: HashMap<String, LineIdx>,
    /// Footpaths arriving at each stop: (from, seconds, metres), for backward searches.
    pub footpaths_to: Vec<Vec<(StopIdx, u32, u32)>>,
}

impl Timetable {
    pub(crate) fn rebuild_lookup(&mut self) {
        let index = |ids: &mut dyn Iterator<Item = &String>| {
            ids.enumerate()
                .map(|(i, id)| (id.clone(), i as u32))
                .collect()
        };
        let mut footpaths_to = vec![Vec::new(); self.stops.len()];
        for s in 0..self.stops.len() {
            for f in self.footpaths_from(s as StopIdx) {
                footpaths_to[f.to as usize].push((s as StopIdx, f.duration_s, f.distance_m));
            }
        }
        self.lookup = Lookup {
            stops: index(&mut self.stops.iter().map(|s| &s.id)),
            trips: index(&mut self.trips.iter().map(|t| &t.id)),
            lines: index(&mut self.lines.iter().map(|l| &l.id)),
            footpaths_to,
        };
    }

    pub fn stop_index(&self, id: &str) -> Option<StopIdx> {
        self.lookup.stops.get(id).copied()
    }
    pub fn trip_index(&self, id: &str) -> Option<TripIdx> {
        self.lookup.trips.get(id).copied()
    }
    pub fn line_index(&self, id: &str) -> Option<LineIdx> {
        self.lookup.lines.get(id).copied()
    }
    pub fn stop(&self, id: &str) -> Option<&Stop> {
        self.stop_index(id).map(|i| &self.stops[i as usize])
    }
    pub fn line(&self, id: &str) -> Option<&Line> {
        self.line_index(id).map(|i| &self.lines[i as usize])
    }

    pub fn footpaths_from(&self, s: StopIdx) -> &[Footpath] {
        let s = s as usize;
        &self.footpaths[self.footpath_index[s] as usize..self.footpath_index[s + 1] as usize]
    }
    pub fn footpaths_to(&self, s: StopIdx) -> &[(StopIdx, u32, u32)] {
        &self.lookup.footpaths_to[s as usize]
    }
    pub fn patterns_at(&self, s: StopIdx) -> &[(PatternIdx, u32)] {
        let s = s as usize;
        &self.stop_patterns
            [self.stop_pattern_index[s] as usize..self.stop_pattern_index[s + 1] as usize]
    }
    /// Stop time of the `k`-th trip of pattern `p` at position `pos`.
    pub fn time(&self, p: &Pattern, k: u32, pos: usize) -> StopTime {
        self.times[p.first_time as usize + k as usize * p.stops.len() + pos]
    }
    /// Does `service` run on the service day `date`?
    pub fn runs_on(&self, service: u32, date: NaiveDate) -> bool {
        let day = (date - self.feed.first_day).num_days();
        if day < 0 {
            return false;
        }
        let day = day as usize;
        self.services[service as usize]
            .days
            .get(day / 64)
            .is_some_and(|w| w & (1 << (day % 64)) != 0)
    }
    /// The station a stop belongs to, or the stop itself.
    pub fn station_of(&self, s: StopIdx) -> StopIdx {
        self.stops[s as usize].parent.unwrap_or(s)
    }
    pub fn trip_count(&self) -> usize {
        self.trips.len()
    }
}
