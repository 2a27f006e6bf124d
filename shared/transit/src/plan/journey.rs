//! Journeys as riders read them: legs with places and times.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::raptor::Hop;
use super::{Access, PlanOptions, PlanRequest, Resolved};
use crate::geo::distance_m;
use crate::model::{Line, StopIdx, Timetable};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub stop_id: Option<String>,
}

/// A point of a leg's path.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PathPoint {
    pub lat: f64,
    pub lon: f64,
}

// A journey has a handful of legs, built once per answer: boxing the transit variant would only
// make every match on it clumsier.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Leg {
    Walk {
        from: Place,
        to: Place,
        departs_at: DateTime<Utc>,
        arrives_at: DateTime<Utc>,
        distance_m: u32,
    },
    Transit {
        line: Line,
        headsign: String,
        from: Place,
        to: Place,
        departs_at: DateTime<Utc>,
        arrives_at: DateTime<Utc>,
        /// Stops travelled, the alighting one included.
        stops_count: u32,
        trip_id: String,
        /// Every stop the vehicle passes, boarding and alighting stops included, in ride order:
        /// the leg drawn stop to stop (the feeds' shapes are not read).
        path: Vec<PathPoint>,
    },
}

impl Leg {
    pub fn departs_at(&self) -> DateTime<Utc> {
        match self {
            Leg::Walk { departs_at, .. } | Leg::Transit { departs_at, .. } => *departs_at,
        }
    }
    pub fn arrives_at(&self) -> DateTime<Utc> {
        match self {
            Leg::Walk { arrives_at, .. } | Leg::Transit { arrives_at, .. } => *arrives_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Journey {
    pub departs_at: DateTime<Utc>,
    pub arrives_at: DateTime<Utc>,
    pub duration_s: i64,
    pub transfers: u32,
    pub walking_m: u32,
    pub legs: Vec<Leg>,
}

fn stop_place(tt: &Timetable, s: StopIdx) -> Place {
    let st = &tt.stops[s as usize];
    Place {
        name: st.name.clone(),
        lat: st.lat,
        lon: st.lon,
        stop_id: Some(st.id.clone()),
    }
}

fn place(tt: &Timetable, r: &Resolved) -> Place {
    match r.stop {
        Some(s) => stop_place(tt, s),
        None => Place {
            name: format!("{:.5}, {:.5}", r.lat, r.lon),
            lat: r.lat,
            lon: r.lon,
            stop_id: None,
        },
    }
}

fn ts(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or_default()
}

/// Walking only, when both ends are within walking distance of each other.
pub(crate) fn direct_walk(
    tt: &Timetable,
    from: &Resolved,
    to: &Resolved,
    req: &PlanRequest,
    opts: &PlanOptions,
) -> Option<Journey> {
    if let (Some(a), Some(b)) = (from.stop, to.stop)
        && tt.station_of(a) == tt.station_of(b)
    {
        return None;
    }
    if distance_m((from.lat, from.lon), (to.lat, to.lon)) > opts.max_access_m {
        return None;
    }
    let (distance_m, walk_s) = opts.walking.between((from.lat, from.lon), (to.lat, to.lon));
    let walk = Duration::seconds(walk_s.into());
    let (departs_at, arrives_at) = if req.arrive_by {
        (req.at - walk, req.at)
    } else {
        (req.at, req.at + walk)
    };
    Some(Journey {
        departs_at,
        arrives_at,
        duration_s: walk.num_seconds(),
        transfers: 0,
        walking_m: distance_m,
        legs: vec![Leg::Walk {
            from: place(tt, from),
            to: place(tt, to),
            departs_at,
            arrives_at,
            distance_m,
        }],
    })
}

/// Turns RAPTOR hops into legs, adding the walks to and from the endpoints.
pub(crate) fn build(
    tt: &Timetable,
    from: &Resolved,
    to: &Resolved,
    access: &[Access],
    egress: &[Access],
    hops: Vec<Hop>,
) -> Journey {
    let hop_stops = |h: &Hop| match *h {
        Hop::Ride {
            pattern,
            from_pos,
            to_pos,
            ..
        } => {
            let p = &tt.patterns[pattern as usize];
            (p.stops[from_pos], p.stops[to_pos])
        }
        Hop::Walk { from, to, .. } => (from, to),
    };
    let first = hops.first().map(|h| hop_stops(h).0);
    let last = hops.last().map(|h| hop_stops(h).1);
    let find = |set: &[Access], s: Option<StopIdx>| set.iter().find(|a| Some(a.stop) == s).copied();
    // (leg, fixed times?) — rides have fixed times; walks are placed around them afterwards.
    let mut legs: Vec<Leg> = Vec::new();
    let mut clock: Option<i64> = None;
    let mut pending_walk: Option<(Place, Place, u32, u32)> = None;
    let push_walk = |legs: &mut Vec<Leg>,
                     clock: &mut Option<i64>,
                     pending: &mut Option<(Place, Place, u32, u32)>,
                     w: (Place, Place, u32, u32)| {
        match clock {
            Some(t) => {
                legs.push(Leg::Walk {
                    from: w.0,
                    to: w.1,
                    departs_at: ts(*t),
                    arrives_at: ts(*t + i64::from(w.2)),
                    distance_m: w.3,
                });
                *t += i64::from(w.2);
            }
            // Before the first ride: timed once the ride is known (leave just in time).
            None => *pending = Some(w),
        }
    };
    if let Some(a) = find(access, first)
        && (a.walk_s > 0 || from.stop.is_none())
        && let Some(s) = first
    {
        push_walk(
            &mut legs,
            &mut clock,
            &mut pending_walk,
            (place(tt, from), stop_place(tt, s), a.walk_s, a.distance_m),
        );
    }
    for h in &hops {
        match *h {
            Hop::Walk {
                from,
                to,
                duration_s,
                distance_m,
            } => {
                let w = (
                    stop_place(tt, from),
                    stop_place(tt, to),
                    duration_s,
                    distance_m,
                );
                push_walk(&mut legs, &mut clock, &mut pending_walk, w);
            }
            Hop::Ride {
                pattern,
                trip,
                day_start,
                from_pos,
                to_pos,
            } => {
                let p = &tt.patterns[pattern as usize];
                let dep = day_start + i64::from(tt.time(p, trip, from_pos).dep);
                let arr = day_start + i64::from(tt.time(p, trip, to_pos).arr);
                if let Some(w) = pending_walk.take() {
                    // Walks queued before the first ride, in order, ending at its departure.
                    let total: i64 = i64::from(w.2);
                    legs.push(Leg::Walk {
                        from: w.0,
                        to: w.1,
                        departs_at: ts(dep - total),
                        arrives_at: ts(dep),
                        distance_m: w.3,
                    });
                }
                let t = &tt.trips[(p.first_trip + trip) as usize];
                let terminus = &tt.stops[p.stops[p.stops.len() - 1] as usize].name;
                legs.push(Leg::Transit {
                    line: tt.lines[p.line as usize].clone(),
                    headsign: t.headsign.clone().unwrap_or_else(|| terminus.clone()),
                    from: stop_place(tt, p.stops[from_pos]),
                    to: stop_place(tt, p.stops[to_pos]),
                    departs_at: ts(dep),
                    arrives_at: ts(arr),
                    stops_count: (to_pos - from_pos) as u32,
                    trip_id: t.id.clone(),
                    path: p.stops[from_pos..=to_pos]
                        .iter()
                        .map(|&s| {
                            let st = &tt.stops[s as usize];
                            PathPoint {
                                lat: st.lat,
                                lon: st.lon,
                            }
                        })
                        .collect(),
                });
                clock = Some(arr);
            }
        }
    }
    if let Some(a) = find(egress, last)
        && (a.walk_s > 0 || to.stop.is_none())
        && let Some(s) = last
    {
        push_walk(
            &mut legs,
            &mut clock,
            &mut pending_walk,
            (stop_place(tt, s), place(tt, to), a.walk_s, a.distance_m),
        );
    }
    let departs_at = legs.first().map_or(ts(0), Leg::departs_at);
    let arrives_at = legs.last().map_or(ts(0), Leg::arrives_at);
    let rides = legs
        .iter()
        .filter(|l| matches!(l, Leg::Transit { .. }))
        .count() as u32;
    let walking_m = legs
        .iter()
        .map(|l| {
            if let Leg::Walk { distance_m, .. } = l {
                *distance_m
            } else {
                0
            }
        })
        .sum();
    Journey {
        departs_at,
        arrives_at,
        duration_s: (arrives_at - departs_at).num_seconds(),
        transfers: rides.saturating_sub(1),
        walking_m,
        legs,
    }
}
