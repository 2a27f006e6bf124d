//! Round-based public transit routing (RAPTOR, Delling et al. 2012), both directions.
//!
//! Arrive-by runs the same rounds backwards in time: labels hold the *latest* departure that still
//! reaches the destination. Both directions share one code path by working on "scores" (time
//! forwards, minus time backwards): lower is always better.

use super::{Access, PlanOptions};
use crate::departures::partition;
use crate::model::{PatternIdx, StopIdx, Timetable};
use crate::time::{candidate_days, parse_tz, service_day_start};
use chrono::{DateTime, Utc};

const INF: i64 = i64::MAX / 4;
const NONE: u32 = u32::MAX;

/// A step of a journey, in travel order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Hop {
    Ride {
        pattern: PatternIdx,
        trip: u32,
        day_start: i64,
        from_pos: usize,
        to_pos: usize,
    },
    Walk {
        from: StopIdx,
        to: StopIdx,
        duration_s: u32,
        distance_m: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Via {
    Inherited,
    Start,
    Ride,
    /// On foot from `other`, whose ride label of the same round it extends.
    Walk {
        other: StopIdx,
        duration_s: u32,
        distance_m: u32,
    },
}

#[derive(Debug, Clone, Copy)]
struct RideParent {
    pattern: PatternIdx,
    trip: u32,
    day: u8,
    /// Position where the vehicle was caught (boarded forwards, left backwards).
    caught: u16,
    /// Position of this stop.
    at: u16,
}

struct Round {
    label: Vec<i64>,
    via: Vec<Via>,
    ride_label: Vec<i64>,
    ride: Vec<Option<RideParent>>,
}

/// One RAPTOR run; returns the Pareto-optimal journeys (one per round that improved the
/// destination), each as hops in travel order.
pub(crate) fn run(
    tt: &Timetable,
    access: &[Access],
    egress: &[Access],
    at: DateTime<Utc>,
    forward: bool,
    opts: &PlanOptions,
) -> Vec<Vec<Hop>> {
    let tz = parse_tz(&tt.feed.timezone);
    let days = candidate_days(tz, at, tt.feed.max_time);
    let starts: Vec<i64> = days
        .iter()
        .map(|d| service_day_start(tz, *d).timestamp())
        .collect();
    let active: Vec<Vec<bool>> = days
        .iter()
        .map(|d| {
            (0..tt.services.len())
                .map(|s| tt.runs_on(s as u32, *d))
                .collect()
        })
        .collect();
    let score = |t: i64| if forward { t } else { -t };
    let n = tt.stops.len();
    let (sources, targets) = if forward {
        (access, egress)
    } else {
        (egress, access)
    };

    let mut rounds = vec![Round {
        label: vec![INF; n],
        via: vec![Via::Inherited; n],
        ride_label: vec![INF; n],
        ride: vec![None; n],
    }];
    let mut best = vec![INF; n];
    let mut marked = vec![false; n];
    let mut marked_list: Vec<StopIdx> = Vec::new();
    for a in sources {
        let sc = score(at.timestamp()) + i64::from(a.walk_s);
        let s = a.stop as usize;
        if sc < rounds[0].label[s] {
            rounds[0].label[s] = sc;
            rounds[0].via[s] = Via::Start;
            best[s] = sc;
            mark(a.stop, &mut marked, &mut marked_list);
        }
    }
    // From a chosen stop (no access walk), nearby quays are a footpath away.
    for a in sources.iter().filter(|a| a.walk_s == 0) {
        let from = rounds[0].label[a.stop as usize];
        for fp in footpaths(tt, a.stop, forward) {
            let (t, sc) = (fp.0 as usize, from + i64::from(fp.1));
            if sc < best[t] {
                best[t] = sc;
                rounds[0].label[t] = sc;
                rounds[0].via[t] = Via::Walk {
                    other: a.stop,
                    duration_s: fp.1,
                    distance_m: fp.2,
                };
                mark(fp.0, &mut marked, &mut marked_list);
            }
        }
    }

    let mut target_best = INF;
    let mut found: Vec<(usize, StopIdx)> = Vec::new();
    let mut first_pos = vec![NONE; tt.patterns.len()];
    let mut queue: Vec<PatternIdx> = Vec::new();
    for k in 1..=opts.max_rounds {
        let prev_label = rounds[k - 1].label.clone();
        rounds.push(Round {
            label: prev_label.clone(),
            via: vec![Via::Inherited; n],
            ride_label: vec![INF; n],
            ride: vec![None; n],
        });
        for s in marked_list.drain(..) {
            marked[s as usize] = false;
            for &(p, pos) in tt.patterns_at(s) {
                let e = &mut first_pos[p as usize];
                if *e == NONE {
                    queue.push(p);
                    *e = pos;
                } else if forward {
                    *e = (*e).min(pos);
                } else {
                    *e = (*e).max(pos);
                }
            }
        }
        let mut improved: Vec<StopIdx> = Vec::new();
        for p in queue.drain(..) {
            let pos0 = first_pos[p as usize] as usize;
            first_pos[p as usize] = NONE;
            let pat = &tt.patterns[p as usize];
            let positions: Box<dyn Iterator<Item = usize>> = if forward {
                Box::new(pos0..pat.stops.len())
            } else {
                Box::new((0..=pos0).rev())
            };
            let mut cur: Option<(u32, usize, usize)> = None;
            for pos in positions {
                let s = pat.stops[pos] as usize;
                if let Some((trip, d, caught)) = cur {
                    let st = tt.time(pat, trip, pos);
                    let sc = score(starts[d] + i64::from(if forward { st.arr } else { st.dep }));
                    if sc < best[s].min(target_best) {
                        let r = &mut rounds[k];
                        r.label[s] = sc;
                        r.ride_label[s] = sc;
                        r.via[s] = Via::Ride;
                        r.ride[s] = Some(RideParent {
                            pattern: p,
                            trip,
                            day: d as u8,
                            caught: caught as u16,
                            at: pos as u16,
                        });
                        best[s] = sc;
                        mark(s as StopIdx, &mut marked, &mut improved);
                    }
                }
                let ready = prev_label[s];
                if ready >= INF {
                    continue;
                }
                let boarding = cur.map(|(trip, d, _)| {
                    let st = tt.time(pat, trip, pos);
                    score(starts[d] + i64::from(if forward { st.dep } else { st.arr }))
                });
                if boarding.is_none_or(|b| ready <= b)
                    && let Some((trip, d, sc)) = catch(tt, p, pos, ready, forward, &starts, &active)
                    && boarding.is_none_or(|b| sc < b)
                {
                    cur = Some((trip, d, pos));
                }
            }
        }
        // Footpaths extend this round's ride arrivals only (one walk between two rides).
        let sources_now: Vec<(StopIdx, i64)> = improved
            .iter()
            .map(|&s| (s, rounds[k].ride_label[s as usize]))
            .collect();
        for (s, from) in sources_now {
            for fp in footpaths(tt, s, forward) {
                let (t, sc) = (fp.0 as usize, from + i64::from(fp.1));
                if sc < best[t].min(target_best) {
                    best[t] = sc;
                    rounds[k].label[t] = sc;
                    rounds[k].via[t] = Via::Walk {
                        other: s,
                        duration_s: fp.1,
                        distance_m: fp.2,
                    };
                    mark(fp.0, &mut marked, &mut improved);
                }
            }
        }
        let mut this_round = None;
        for a in targets {
            let sc = rounds[k].label[a.stop as usize].saturating_add(i64::from(a.walk_s));
            if sc < target_best {
                target_best = sc;
                this_round = Some(a.stop);
            }
        }
        if let Some(s) = this_round {
            found.push((k, s));
        }
        marked_list = improved;
        if marked_list.is_empty() {
            break;
        }
    }
    found
        .into_iter()
        .filter_map(|(k, s)| reconstruct(tt, &rounds, &starts, k, s, forward))
        .collect()
}

/// Footpaths leaving `s` (forwards) or arriving at `s` (backwards): (other stop, seconds, metres).
fn mark(s: StopIdx, marked: &mut [bool], list: &mut Vec<StopIdx>) {
    if !marked[s as usize] {
        marked[s as usize] = true;
        list.push(s);
    }
}

fn footpaths(tt: &Timetable, s: StopIdx, forward: bool) -> Vec<(StopIdx, u32, u32)> {
    if forward {
        tt.footpaths_from(s)
            .iter()
            .map(|f| (f.to, f.duration_s, f.distance_m))
            .collect()
    } else {
        tt.footpaths_to(s).to_vec()
    }
}

/// The best vehicle of pattern `p` to catch at `pos` given the score at which we are ready there:
/// forwards the earliest departure after it, backwards the latest arrival before it.
fn catch(
    tt: &Timetable,
    p: PatternIdx,
    pos: usize,
    ready: i64,
    forward: bool,
    starts: &[i64],
    active: &[Vec<bool>],
) -> Option<(u32, usize, i64)> {
    let pat = &tt.patterns[p as usize];
    let runs = |trip: u32, d: usize| {
        active[d][tt.trips[(pat.first_trip + trip) as usize].service as usize]
    };
    let mut best: Option<(u32, usize, i64)> = None;
    for (d, &start) in starts.iter().enumerate() {
        if forward {
            let rel = ready - start;
            if rel > i64::from(tt.feed.max_time) {
                continue;
            }
            let rel = rel.max(0) as u32;
            let first = partition(pat.trip_count, |k| tt.time(pat, k, pos).dep < rel);
            if let Some(trip) = (first..pat.trip_count).find(|&k| runs(k, d)) {
                let sc = start + i64::from(tt.time(pat, trip, pos).dep);
                if best.is_none_or(|b| sc < b.2) {
                    best = Some((trip, d, sc));
                }
            }
        } else {
            let rel = -ready - start;
            if rel < 0 {
                continue;
            }
            let rel = rel.min(i64::from(u32::MAX)) as u32;
            let end = partition(pat.trip_count, |k| tt.time(pat, k, pos).arr <= rel);
            if let Some(trip) = (0..end).rev().find(|&k| runs(k, d)) {
                let sc = -(start + i64::from(tt.time(pat, trip, pos).arr));
                if best.is_none_or(|b| sc < b.2) {
                    best = Some((trip, d, sc));
                }
            }
        }
    }
    best
}

fn reconstruct(
    tt: &Timetable,
    rounds: &[Round],
    starts: &[i64],
    round: usize,
    stop: StopIdx,
    forward: bool,
) -> Option<Vec<Hop>> {
    let mut hops = Vec::new();
    let (mut k, mut s) = (round, stop);
    // Every step moves to an earlier round or follows a walk to a ride label: bounded.
    let mut steps = 0;
    loop {
        steps += 1;
        if steps > 4 * (round + 2) {
            return None;
        }
        while k > 0 && rounds[k].via[s as usize] == Via::Inherited {
            k -= 1;
        }
        let ride_at = |s: StopIdx, k: usize, hops: &mut Vec<Hop>| -> Option<StopIdx> {
            let r = rounds[k].ride[s as usize]?;
            let pat = &tt.patterns[r.pattern as usize];
            let (caught, here) = (r.caught as usize, r.at as usize);
            let (from_pos, to_pos) = if forward {
                (caught, here)
            } else {
                (here, caught)
            };
            hops.push(Hop::Ride {
                pattern: r.pattern,
                trip: r.trip,
                day_start: starts[r.day as usize],
                from_pos,
                to_pos,
            });
            Some(pat.stops[caught])
        };
        match rounds[k].via[s as usize] {
            Via::Start => break,
            Via::Inherited => return None,
            Via::Ride => {
                s = ride_at(s, k, &mut hops)?;
                k = k.checked_sub(1)?;
            }
            Via::Walk {
                other,
                duration_s,
                distance_m,
            } => {
                let (from, to) = if forward { (other, s) } else { (s, other) };
                hops.push(Hop::Walk {
                    from,
                    to,
                    duration_s,
                    distance_m,
                });
                s = other;
                if k > 0 {
                    s = ride_at(s, k, &mut hops)?;
                    k -= 1;
                }
            }
        }
    }
    if forward {
        hops.reverse();
    }
    hops.iter()
        .any(|h| matches!(h, Hop::Ride { .. }))
        .then_some(hops)
}
