//! GTFS feed → compiled [`Timetable`], with validation.
//!
//! Parsing is `gtfs-structures`' job (it strips the UTF-8 BOM and reads CRLF and extended route
//! types such as 715); this module checks references and times, groups trips into RAPTOR patterns,
//! expands calendars into day bitmaps and generates walking footpaths.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Cursor;
use std::path::Path;

use chrono::{Datelike, NaiveDate, Weekday};
use gtfs_structures::{
    Exception, GtfsReader, LocationType, RawGtfs, RawStopTime, RouteType, TransferType,
};

use crate::error::ImportError;
use crate::geo::{Grid, Walking, distance_m};
use crate::lines::{color, line_mode};
use crate::model::*;
use crate::search::normalize;

/// Knobs of the import; the defaults fit the Astuce feed.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Routes typed tram (0) that are really bus rapid transit. Routes whose names say "TEOR" are
    /// BRT anyway; Astuce's T1–T4 do not say so, hence their ids here.
    pub brt_route_ids: Vec<String>,
    /// Stops closer than this (crow flies) get a generated footpath.
    pub footpath_radius_m: f64,
    pub walking: Walking,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            brt_route_ids: ["91", "92", "93", "94"].map(String::from).to_vec(),
            footpath_radius_m: 300.0,
            walking: Walking::default(),
        }
    }
}

/// Stop reporting after this many blocking errors: one broken column would otherwise list all rows.
const MAX_ERRORS: usize = 20;

/// Imports a GTFS zip archive held in memory.
pub fn from_zip_bytes(bytes: &[u8], opts: &ImportOptions) -> Result<Timetable, ImportError> {
    let raw = reader().raw().read_from_reader(Cursor::new(bytes))?;
    let mut pb = Problems::default();
    let parts = Parts::take(raw, &mut pb)?;
    compile(parts, pb, opts)
}

/// Imports a GTFS directory or zip file.
pub fn from_path(path: &Path, opts: &ImportOptions) -> Result<Timetable, ImportError> {
    let raw = reader().raw().read_from_path(path)?;
    let mut pb = Problems::default();
    let parts = Parts::take(raw, &mut pb)?;
    compile(parts, pb, opts)
}

/// One GTFS zip of a merged import ([`from_zip_feeds`]).
#[derive(Debug, Clone, Copy)]
pub struct FeedInput<'a> {
    /// Prefix of every id of this feed, as `"{namespace}:{id}"`. `None` for the primary feed,
    /// whose ids stay as published: GTFS-RT trip ids and the API's stop ids name them.
    pub namespace: Option<&'a str>,
    pub bytes: &'a [u8],
}

/// Imports several GTFS zips into one timetable: the primary feed (no namespace) keeps its ids,
/// every other feed's ids (stops and parent stations, routes, agencies, trips, services, transfers,
/// stop times' references) are prefixed with its namespace so that two publishers' `1` or `A`
/// never collide. Stops of different feeds closer than the footpath radius are linked on foot
/// like any two stops, which is what connects a train station to the metro under it.
///
/// Any feed failing to read, or disagreeing on the time zone, fails the whole import: a merged
/// timetable missing one network would silently plan worse journeys.
pub fn from_zip_feeds(
    feeds: &[FeedInput<'_>],
    opts: &ImportOptions,
) -> Result<Timetable, ImportError> {
    check_namespaces(feeds)?;
    let mut pb = Problems::default();
    let mut merged: Option<Parts> = None;
    for feed in feeds {
        let label = feed.namespace.unwrap_or(PRIMARY);
        let wrap = |source: ImportError| match feed.namespace {
            // The primary feed's errors read as they always have.
            None => source,
            Some(ns) => ImportError::Feed {
                namespace: ns.to_owned(),
                source: Box::new(source),
            },
        };
        let raw = reader()
            .raw()
            .read_from_reader(Cursor::new(feed.bytes))
            .map_err(|e| wrap(e.into()))?;
        let mut parts = Parts::take(raw, &mut pb).map_err(wrap)?;
        if let Some(ns) = feed.namespace {
            parts.namespace(ns);
        }
        match &mut merged {
            None => merged = Some(parts),
            Some(m) => {
                if m.timezone != parts.timezone {
                    return Err(ImportError::TimezoneMismatch {
                        namespace: label.to_owned(),
                        expected: m.timezone.clone(),
                        found: parts.timezone,
                    });
                }
                m.extend(parts);
            }
        }
    }
    let parts = merged.ok_or_else(|| ImportError::Invalid(vec!["no feed to import".into()]))?;
    compile(parts, pb, opts)
}

/// How errors name the feed without a namespace.
const PRIMARY: &str = "primary";

/// One feed without a namespace at most (its ids are kept as is), and namespaces that are unique,
/// non-empty and free of `:` (so that a prefixed id splits back unambiguously).
fn check_namespaces(feeds: &[FeedInput<'_>]) -> Result<(), ImportError> {
    let mut seen = HashSet::new();
    let mut primaries = 0;
    for f in feeds {
        match f.namespace {
            None => primaries += 1,
            Some(ns) if ns.is_empty() || ns.contains(':') || !seen.insert(ns) => {
                return Err(ImportError::Namespace(ns.to_owned()));
            }
            Some(_) => {}
        }
    }
    if primaries > 1 {
        return Err(ImportError::Namespace(
            "two feeds without a namespace".into(),
        ));
    }
    Ok(())
}

/// The files of a feed the compiler reads, owned, so that feeds can be namespaced and merged.
struct Parts {
    timezone: String,
    agencies: Vec<gtfs_structures::Agency>,
    stops: Vec<gtfs_structures::Stop>,
    routes: Vec<gtfs_structures::Route>,
    trips: Vec<gtfs_structures::RawTrip>,
    stop_times: Vec<RawStopTime>,
    calendar: Vec<gtfs_structures::Calendar>,
    calendar_dates: Vec<gtfs_structures::CalendarDate>,
    transfers: Vec<gtfs_structures::RawTransfer>,
}

impl Parts {
    fn take(raw: RawGtfs, pb: &mut Problems) -> Result<Parts, ImportError> {
        let agencies = match raw.agencies {
            Ok(a) => a,
            Err(e) => {
                pb.warn(format!("agency.txt unreadable, assuming Europe/Paris: {e}"));
                Vec::new()
            }
        };
        let timezone = agencies
            .first()
            .map(|a| a.timezone.clone())
            .filter(|tz| !tz.is_empty())
            .unwrap_or_else(|| "Europe/Paris".to_owned());
        if raw
            .frequencies
            .is_some_and(|f| f.is_ok_and(|f| !f.is_empty()))
        {
            pb.warn(
                "frequencies.txt is not supported: only the trips' own stop times are used".into(),
            );
        }
        Ok(Parts {
            timezone,
            agencies,
            stops: raw.stops?,
            routes: raw.routes?,
            trips: raw.trips?,
            stop_times: raw.stop_times?,
            calendar: raw.calendar.transpose()?.unwrap_or_default(),
            calendar_dates: raw.calendar_dates.transpose()?.unwrap_or_default(),
            transfers: raw.transfers.transpose()?.unwrap_or_default(),
        })
    }

    /// Prefixes every id and every reference to one with `"{ns}:"`.
    fn namespace(&mut self, ns: &str) {
        let prefix = |id: &mut String| *id = format!("{ns}:{id}");
        for a in &mut self.agencies {
            if let Some(id) = &mut a.id {
                prefix(id);
            }
        }
        for s in &mut self.stops {
            prefix(&mut s.id);
            if let Some(id) = &mut s.parent_station {
                prefix(id);
            }
        }
        for r in &mut self.routes {
            prefix(&mut r.id);
            if let Some(id) = &mut r.agency_id {
                prefix(id);
            }
        }
        for t in &mut self.trips {
            prefix(&mut t.id);
            prefix(&mut t.route_id);
            prefix(&mut t.service_id);
            if let Some(id) = &mut t.shape_id {
                prefix(id);
            }
            if let Some(id) = &mut t.block_id {
                prefix(id);
            }
        }
        for st in &mut self.stop_times {
            prefix(&mut st.trip_id);
            prefix(&mut st.stop_id);
        }
        for c in &mut self.calendar {
            prefix(&mut c.id);
        }
        for cd in &mut self.calendar_dates {
            prefix(&mut cd.service_id);
        }
        for tr in &mut self.transfers {
            prefix(&mut tr.from_stop_id);
            prefix(&mut tr.to_stop_id);
        }
    }

    fn extend(&mut self, other: Parts) {
        self.agencies.extend(other.agencies);
        self.stops.extend(other.stops);
        self.routes.extend(other.routes);
        self.trips.extend(other.trips);
        self.stop_times.extend(other.stop_times);
        self.calendar.extend(other.calendar);
        self.calendar_dates.extend(other.calendar_dates);
        self.transfers.extend(other.transfers);
    }
}

fn reader() -> GtfsReader {
    GtfsReader::default().read_shapes(false)
}

#[derive(Default)]
struct Problems {
    errors: Vec<String>,
    error_count: usize,
    report: ImportReport,
}

impl Problems {
    fn error(&mut self, msg: String) {
        self.error_count += 1;
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(msg);
        }
    }
    fn warn(&mut self, msg: String) {
        if self.report.warnings.len() < 200 {
            self.report.warnings.push(msg);
        }
    }
}

fn compile(parts: Parts, mut pb: Problems, opts: &ImportOptions) -> Result<Timetable, ImportError> {
    let Parts {
        timezone,
        stops: raw_stops,
        routes,
        trips: raw_trips,
        stop_times,
        calendar,
        calendar_dates,
        transfers,
        agencies: _,
    } = parts;

    // --- stops ---
    let mut stops: Vec<Stop> = Vec::new();
    let mut stop_ids: HashMap<String, StopIdx> = HashMap::new();
    for s in &raw_stops {
        let is_station = match s.location_type {
            LocationType::StopPoint => false,
            LocationType::StopArea => true,
            _ => continue, // entrances and nodes are not places to board
        };
        let (Some(lat), Some(lon)) = (s.latitude, s.longitude) else {
            pb.warn(format!("stop {} has no coordinates, ignored", s.id));
            continue;
        };
        let name = s
            .name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| s.id.clone());
        stop_ids.insert(s.id.clone(), stops.len() as StopIdx);
        stops.push(Stop {
            id: s.id.clone(),
            code: s.code.clone().filter(|c| !c.is_empty()),
            search_key: normalize(&name),
            name,
            lat,
            lon,
            is_station,
            parent: None,
            children: Vec::new(),
            lines: Vec::new(),
        });
    }
    for s in &raw_stops {
        let (Some(&child), Some(parent_id)) = (stop_ids.get(&s.id), s.parent_station.as_ref())
        else {
            continue;
        };
        match stop_ids.get(parent_id) {
            Some(&parent) if stops[parent as usize].is_station => {
                stops[child as usize].parent = Some(parent);
                stops[parent as usize].children.push(child);
            }
            _ => pb.warn(format!(
                "stop {} has unknown parent station {parent_id}",
                s.id
            )),
        }
    }
    if stops.is_empty() {
        pb.error("stops.txt has no usable stop".into());
    }

    // --- lines ---
    let mut lines: Vec<Line> = Vec::new();
    let mut line_ids: HashMap<String, LineIdx> = HashMap::new();
    for r in &routes {
        let route_type = route_type_code(r.route_type);
        let short_name = r.short_name.clone().unwrap_or_default();
        let long_name = r.long_name.clone().unwrap_or_default();
        let mode = line_mode(
            route_type,
            &r.id,
            &short_name,
            &long_name,
            &opts.brt_route_ids,
        );
        line_ids.insert(r.id.clone(), lines.len() as LineIdx);
        lines.push(Line {
            id: r.id.clone(),
            short_name,
            long_name,
            color: r.color.map(|c| color(c.r, c.g, c.b)),
            text_color: r.text_color.map(|c| color(c.r, c.g, c.b)),
            mode,
            route_type,
            sort_order: r.order,
        });
    }

    // --- services ---
    let (first_day, services, service_ids) = expand_services(&calendar, &calendar_dates);

    // --- trips and their stop times ---
    let mut by_trip: HashMap<&str, Vec<&RawStopTime>> = HashMap::new();
    let trip_id_set: HashSet<&str> = raw_trips.iter().map(|t| t.id.as_str()).collect();
    let mut unknown_trips = HashSet::new();
    for st in &stop_times {
        if !trip_id_set.contains(st.trip_id.as_str()) {
            if unknown_trips.insert(st.trip_id.as_str()) {
                pb.error(format!(
                    "stop_times.txt references unknown trip {}",
                    st.trip_id
                ));
            }
            continue;
        }
        by_trip.entry(st.trip_id.as_str()).or_default().push(st);
    }
    // Pattern key: line, stop sequence, GTFS stop_sequence numbers.
    type Key = (LineIdx, Vec<StopIdx>, Vec<u32>);
    let mut groups: HashMap<Key, Vec<(usize, Vec<StopTime>)>> = HashMap::new();
    for (ti, t) in raw_trips.iter().enumerate() {
        let line = line_ids.get(&t.route_id);
        let service = service_ids.get(&t.service_id);
        if line.is_none() {
            pb.error(format!(
                "trip {} references unknown route {}",
                t.id, t.route_id
            ));
        }
        if service.is_none() {
            pb.error(format!(
                "trip {} references unknown service {}",
                t.id, t.service_id
            ));
        }
        let Some(mut sts) = by_trip.remove(t.id.as_str()) else {
            pb.report.trips_without_stop_times += 1;
            continue;
        };
        let (Some(&line), Some(_)) = (line, service) else {
            continue;
        };
        sts.sort_by_key(|s| s.stop_sequence);
        let Some(compiled) = compile_trip(&t.id, &sts, &stop_ids, &mut pb) else {
            continue;
        };
        let key = (
            line,
            compiled.0,
            sts.iter().map(|s| s.stop_sequence).collect(),
        );
        groups.entry(key).or_default().push((ti, compiled.1));
    }
    if pb.report.trips_without_stop_times > 0 {
        pb.warn(format!(
            "{} trips have no stop times and were left out",
            pb.report.trips_without_stop_times
        ));
    }
    if groups.is_empty() {
        pb.error("no trip has usable stop times".into());
    }
    if pb.error_count > 0 {
        if pb.error_count > pb.errors.len() {
            pb.errors
                .push(format!("… {} errors in all", pb.error_count));
        }
        return Err(ImportError::Invalid(pb.errors));
    }

    // Deterministic pattern order (HashMap iteration is not), then split overtaking trips.
    let mut keys: Vec<Key> = groups.keys().cloned().collect();
    keys.sort();
    let mut patterns = Vec::new();
    let mut trips = Vec::new();
    let mut times = Vec::new();
    let mut max_time = 0;
    for key in keys {
        let Some(mut members) = groups.remove(&key) else {
            continue;
        };
        members.sort_by_key(|(ti, st)| (st[0].dep, *ti));
        for chain in split_fifo(members) {
            let pattern = patterns.len() as PatternIdx;
            patterns.push(Pattern {
                line: key.0,
                stops: key.1.clone(),
                stop_sequences: key.2.clone(),
                first_trip: trips.len() as TripIdx,
                trip_count: chain.len() as u32,
                first_time: times.len() as u32,
            });
            for (ti, st) in chain {
                let t = &raw_trips[ti];
                max_time = max_time.max(st.last().map_or(0, |s| s.arr));
                times.extend(st);
                trips.push(Trip {
                    id: t.id.clone(),
                    service: service_ids.get(&t.service_id).copied().unwrap_or(0),
                    pattern,
                    headsign: t.trip_headsign.clone().filter(|h| !h.is_empty()),
                });
            }
        }
    }

    // --- stop → patterns, lines per stop ---
    let mut at_stop: Vec<Vec<(PatternIdx, u32)>> = vec![Vec::new(); stops.len()];
    for (pi, p) in patterns.iter().enumerate() {
        for (pos, &s) in p.stops.iter().enumerate() {
            at_stop[s as usize].push((pi as PatternIdx, pos as u32));
            let station = stops[s as usize].parent.unwrap_or(s);
            for target in [s, station] {
                let l = &mut stops[target as usize].lines;
                if !l.contains(&p.line) {
                    l.push(p.line);
                }
            }
        }
    }
    let line_rank = |l: &LineIdx| {
        let line = &lines[*l as usize];
        (line.sort_order.unwrap_or(u32::MAX), line.short_name.clone())
    };
    for s in &mut stops {
        s.lines.sort_by_key(line_rank);
    }
    let (stop_pattern_index, stop_patterns) = csr(at_stop);

    let footpaths = footpaths(&stops, &stop_ids, &transfers, opts, &mut pb);
    let (footpath_index, footpaths) = csr(footpaths);

    // Feed validity: the days on which at least one compiled trip runs.
    let used: HashSet<u32> = trips.iter().map(|t| t.service).collect();
    let (mut lo, mut hi) = (None::<usize>, None::<usize>);
    for (_, s) in services
        .iter()
        .enumerate()
        .filter(|(i, _)| used.contains(&(*i as u32)))
    {
        for d in set_bits(&s.days) {
            lo = Some(lo.map_or(d, |l| l.min(d)));
            hi = Some(hi.map_or(d, |h| h.max(d)));
        }
    }
    let day = |d: usize| first_day + chrono::Duration::days(d as i64);

    let mut tt = Timetable {
        feed: FeedInfo {
            version: String::new(),
            timezone,
            first_day,
            valid_from: lo.map(day),
            valid_to: hi.map(day),
            max_time,
        },
        stops,
        lines,
        patterns,
        trips,
        times,
        services,
        footpath_index,
        footpaths,
        stop_pattern_index,
        stop_patterns,
        report: pb.report,
        lookup: Default::default(),
    };
    tt.feed.version = crate::codec::content_hash(&tt);
    tt.rebuild_lookup();
    Ok(tt)
}

/// Validates one trip's stop times; returns its stop sequence and times.
fn compile_trip(
    trip: &str,
    sts: &[&RawStopTime],
    stop_ids: &HashMap<String, StopIdx>,
    pb: &mut Problems,
) -> Option<(Vec<StopIdx>, Vec<StopTime>)> {
    if sts.len() < 2 {
        pb.warn(format!("trip {trip} has fewer than two stops, ignored"));
        return None;
    }
    let mut stops = Vec::with_capacity(sts.len());
    for st in sts {
        match stop_ids.get(&st.stop_id) {
            Some(&s) => stops.push(s),
            None => {
                pb.error(format!(
                    "trip {trip} references unknown stop {}",
                    st.stop_id
                ));
                return None;
            }
        }
    }
    let mut times: Vec<Option<(u32, u32)>> = sts
        .iter()
        .map(|s| match (s.arrival_time, s.departure_time) {
            (Some(a), Some(d)) => Some((a, d)),
            (Some(a), None) => Some((a, a)),
            (None, Some(d)) => Some((d, d)),
            (None, None) => None,
        })
        .collect();
    if times[0].is_none() || times[times.len() - 1].is_none() {
        pb.error(format!("trip {trip} has no time at its first or last stop"));
        return None;
    }
    // Untimed intermediate stops: interpolate evenly between the surrounding timed ones.
    let mut interpolated = false;
    let mut prev = 0;
    for i in 1..times.len() {
        if let Some((a, _)) = times[i] {
            let (_, d0) = times[prev].unwrap_or((0, 0));
            for (j, slot) in times.iter_mut().enumerate().take(i).skip(prev + 1) {
                let t = d0 + (a.saturating_sub(d0)) * (j - prev) as u32 / (i - prev) as u32;
                *slot = Some((t, t));
                interpolated = true;
            }
            prev = i;
        }
    }
    if interpolated {
        pb.warn(format!(
            "trip {trip}: missing intermediate times were interpolated"
        ));
    }
    let times: Vec<StopTime> = times
        .into_iter()
        .map(|t| {
            t.map_or(StopTime { arr: 0, dep: 0 }, |(arr, dep)| StopTime {
                arr,
                dep,
            })
        })
        .collect();
    for (i, w) in times.windows(2).enumerate() {
        if w[0].dep < w[0].arr || w[1].arr < w[0].dep {
            pb.error(format!(
                "trip {trip}: times go backwards at stop_sequence {}",
                sts[i + 1].stop_sequence
            ));
            return None;
        }
    }
    Some((stops, times))
}

/// Splits trips (sorted by first departure) into chains where no trip overtakes another, which
/// RAPTOR's "earliest trip at each stop" scan relies on.
fn split_fifo(members: Vec<(usize, Vec<StopTime>)>) -> Vec<Vec<(usize, Vec<StopTime>)>> {
    let mut chains: Vec<Vec<(usize, Vec<StopTime>)>> = Vec::new();
    for m in members {
        let fits = |c: &Vec<(usize, Vec<StopTime>)>| {
            c.last().is_some_and(|(_, last)| {
                last.iter()
                    .zip(&m.1)
                    .all(|(a, b)| a.arr <= b.arr && a.dep <= b.dep)
            })
        };
        match chains.iter_mut().find(|c| fits(c)) {
            Some(c) => c.push(m),
            None => chains.push(vec![m]),
        }
    }
    chains
}

fn csr<T>(rows: Vec<Vec<T>>) -> (Vec<u32>, Vec<T>) {
    let mut index = Vec::with_capacity(rows.len() + 1);
    let mut flat = Vec::new();
    index.push(0);
    for r in rows {
        flat.extend(r);
        index.push(flat.len() as u32);
    }
    (index, flat)
}

fn set_bits(words: &[u64]) -> impl Iterator<Item = usize> + '_ {
    words.iter().enumerate().flat_map(|(w, &bits)| {
        (0..64)
            .filter(move |b| bits & (1 << b) != 0)
            .map(move |b| w * 64 + b)
    })
}

fn to_naive(d: jiff::civil::Date) -> NaiveDate {
    NaiveDate::from_ymd_opt(
        i32::from(d.year()),
        u32::from(d.month() as u8),
        u32::from(d.day() as u8),
    )
    .unwrap_or_default()
}

/// calendar.txt + calendar_dates.txt → one day bitmap per service, counted from the first day.
fn expand_services(
    calendar: &[gtfs_structures::Calendar],
    dates: &[gtfs_structures::CalendarDate],
) -> (NaiveDate, Vec<Service>, HashMap<String, u32>) {
    let starts = calendar.iter().map(|c| to_naive(c.start_date));
    let first_day = starts
        .chain(dates.iter().map(|d| to_naive(d.date)))
        .min()
        .unwrap_or_default();
    let mut days: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    let set = |bits: &mut Vec<u64>, date: NaiveDate, on: bool| {
        let d = (date - first_day).num_days().max(0) as usize;
        if bits.len() <= d / 64 {
            bits.resize(d / 64 + 1, 0);
        }
        if on {
            bits[d / 64] |= 1 << (d % 64);
        } else {
            bits[d / 64] &= !(1 << (d % 64));
        }
    };
    for c in calendar {
        let bits = days.entry(c.id.as_str()).or_default();
        let (mut d, end) = (to_naive(c.start_date), to_naive(c.end_date));
        while d <= end {
            let on = match d.weekday() {
                Weekday::Mon => c.monday,
                Weekday::Tue => c.tuesday,
                Weekday::Wed => c.wednesday,
                Weekday::Thu => c.thursday,
                Weekday::Fri => c.friday,
                Weekday::Sat => c.saturday,
                Weekday::Sun => c.sunday,
            };
            if on {
                set(bits, d, true);
            }
            match d.succ_opt() {
                Some(next) => d = next,
                None => break,
            }
        }
    }
    for cd in dates {
        let bits = days.entry(cd.service_id.as_str()).or_default();
        set(
            bits,
            to_naive(cd.date),
            cd.exception_type == Exception::Added,
        );
    }
    let mut ids = HashMap::new();
    let services = days
        .into_iter()
        .enumerate()
        .map(|(i, (id, days))| {
            ids.insert(id.to_owned(), i as u32);
            Service {
                id: id.to_owned(),
                days,
            }
        })
        .collect();
    (first_day, services, ids)
}

/// Generated walking footpaths between nearby quays, then transfers.txt on top: explicit minimum
/// times replace generated ones, type 3 removes the pair.
fn footpaths(
    stops: &[Stop],
    stop_ids: &HashMap<String, StopIdx>,
    transfers: &[gtfs_structures::RawTransfer],
    opts: &ImportOptions,
    pb: &mut Problems,
) -> Vec<Vec<Footpath>> {
    let quays = stops.iter().enumerate().filter(|(_, s)| !s.is_station);
    let grid = Grid::new(
        quays.map(|(i, s)| (i as u32, (s.lat, s.lon))),
        opts.footpath_radius_m,
    );
    let mut paths: Vec<BTreeMap<StopIdx, Footpath>> = vec![BTreeMap::new(); stops.len()];
    for (i, s) in stops.iter().enumerate() {
        if s.is_station {
            continue;
        }
        for j in grid.near((s.lat, s.lon)) {
            let t = &stops[j as usize];
            if j as usize == i
                || distance_m((s.lat, s.lon), (t.lat, t.lon)) > opts.footpath_radius_m
            {
                continue;
            }
            let (distance_m, duration_s) = opts.walking.between((s.lat, s.lon), (t.lat, t.lon));
            paths[i].insert(
                j,
                Footpath {
                    to: j,
                    duration_s,
                    distance_m,
                },
            );
        }
    }
    let mut unknown = 0;
    for tr in transfers {
        let (Some(&a), Some(&b)) = (stop_ids.get(&tr.from_stop_id), stop_ids.get(&tr.to_stop_id))
        else {
            unknown += 1;
            continue;
        };
        if a == b {
            continue; // same-stop transfer times are not modelled
        }
        if tr.transfer_type == TransferType::Impossible {
            paths[a as usize].remove(&b);
            continue;
        }
        let (sa, sb) = (&stops[a as usize], &stops[b as usize]);
        let (distance_m, walk) = opts.walking.between((sa.lat, sa.lon), (sb.lat, sb.lon));
        let duration_s = tr.min_transfer_time.unwrap_or(walk);
        paths[a as usize].insert(
            b,
            Footpath {
                to: b,
                duration_s,
                distance_m,
            },
        );
    }
    if unknown > 0 {
        pb.warn(format!(
            "{unknown} transfers reference unknown stops and were ignored"
        ));
    }
    paths
        .into_iter()
        .map(|m| m.into_values().collect())
        .collect()
}

/// Numeric GTFS route type, extended types included.
fn route_type_code(rt: RouteType) -> i16 {
    match rt {
        RouteType::Tramway => 0,
        RouteType::Subway => 1,
        RouteType::Rail => 2,
        RouteType::Bus => 3,
        RouteType::Ferry => 4,
        RouteType::CableCar => 5,
        RouteType::Gondola => 6,
        RouteType::Funicular => 7,
        RouteType::Extended(e) => e as i16,
        RouteType::Other(i) => i,
    }
}
