//! Journey planning: RAPTOR over the compiled timetable, depart-at and arrive-by.

mod journey;
mod raptor;

use chrono::{DateTime, Duration, Utc};

pub use journey::{Journey, Leg, PathPoint, Place};

use crate::error::QueryError;
use crate::geo::{Walking, distance_m};
use crate::model::{StopIdx, Timetable};

/// Where a journey starts or ends.
#[derive(Debug, Clone, PartialEq)]
pub enum Endpoint {
    Stop(String),
    Coord { lat: f64, lon: f64 },
}

#[derive(Debug, Clone)]
pub struct PlanRequest {
    pub from: Endpoint,
    pub to: Endpoint,
    /// Departure time, or latest arrival when `arrive_by`.
    pub at: DateTime<Utc>,
    pub arrive_by: bool,
    /// How many journeys to return at most.
    pub max_journeys: usize,
}

/// Planner knobs.
#[derive(Debug, Clone, Copy)]
pub struct PlanOptions {
    /// Walks from a coordinate to stops up to this far (crow flies).
    pub max_access_m: f64,
    /// Rounds = vehicles boarded at most.
    pub max_rounds: usize,
    pub walking: Walking,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            max_access_m: 800.0,
            max_rounds: 5,
            walking: Walking::default(),
        }
    }
}

/// A stop reachable from an endpoint on foot.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Access {
    pub stop: StopIdx,
    pub walk_s: u32,
    pub distance_m: u32,
}

impl Timetable {
    /// Plans journeys with the default options.
    pub fn plan(&self, req: &PlanRequest) -> Result<Vec<Journey>, QueryError> {
        self.plan_with(req, &PlanOptions::default())
    }

    /// Returns up to `max_journeys` journeys: the Pareto set (arrival × transfers) of a RAPTOR
    /// run, then later (earlier, for arrive-by) departures until enough are found.
    pub fn plan_with(
        &self,
        req: &PlanRequest,
        opts: &PlanOptions,
    ) -> Result<Vec<Journey>, QueryError> {
        let from = self.endpoint(&req.from)?;
        let to = self.endpoint(&req.to)?;
        let access = self.access(&from, opts);
        let egress = self.access(&to, opts);
        let mut out: Vec<Journey> = Vec::new();
        if let Some(j) = journey::direct_walk(self, &from, &to, req, opts) {
            out.push(j);
        }
        let mut at = req.at;
        for _ in 0..req.max_journeys.max(1) {
            let found: Vec<Journey> = raptor::run(self, &access, &egress, at, !req.arrive_by, opts)
                .into_iter()
                .map(|hops| journey::build(self, &from, &to, &access, &egress, hops))
                .map(|j| {
                    if req.arrive_by {
                        j
                    } else {
                        self.leave_later(j, &from, &to, &access, &egress, opts)
                    }
                })
                .collect();
            let before = out.len();
            for j in found {
                if !out.iter().any(|o| o.legs == j.legs) {
                    out.push(j);
                }
            }
            if out.len() == before || out.len() >= req.max_journeys {
                break;
            }
            // Look for the next alternative just after (before) the ones found.
            at = if req.arrive_by {
                out.iter().map(|j| j.arrives_at).min().unwrap_or(at) - Duration::seconds(60)
            } else {
                out.iter().map(|j| j.departs_at).max().unwrap_or(at) + Duration::seconds(60)
            };
        }
        if req.arrive_by {
            out.sort_by_key(|j| (std::cmp::Reverse(j.departs_at), j.transfers));
        } else {
            out.sort_by_key(|j| (j.arrives_at, j.transfers));
        }
        out.truncate(req.max_journeys.max(1));
        Ok(out)
    }

    /// A forward search boards the first vehicle it can, even if that only means a long wait
    /// later (Sunday's last train, then Monday's first bus). Searching backwards from the arrival
    /// finds the latest departure with the same arrival and no more transfers.
    fn leave_later(
        &self,
        j: Journey,
        from: &Resolved,
        to: &Resolved,
        access: &[Access],
        egress: &[Access],
        opts: &PlanOptions,
    ) -> Journey {
        raptor::run(self, access, egress, j.arrives_at, false, opts)
            .into_iter()
            .map(|hops| journey::build(self, from, to, access, egress, hops))
            .filter(|b| {
                b.transfers <= j.transfers
                    && b.departs_at > j.departs_at
                    && b.arrives_at <= j.arrives_at
            })
            .max_by_key(|b| (b.departs_at, std::cmp::Reverse(b.transfers)))
            .unwrap_or(j)
    }

    fn endpoint(&self, e: &Endpoint) -> Result<Resolved, QueryError> {
        match e {
            Endpoint::Stop(id) => {
                let s = self
                    .stop_index(id)
                    .ok_or_else(|| QueryError::UnknownStop(id.clone()))?;
                let st = &self.stops[s as usize];
                Ok(Resolved {
                    stop: Some(s),
                    lat: st.lat,
                    lon: st.lon,
                })
            }
            Endpoint::Coord { lat, lon } => Ok(Resolved {
                stop: None,
                lat: *lat,
                lon: *lon,
            }),
        }
    }

    fn access(&self, e: &Resolved, opts: &PlanOptions) -> Vec<Access> {
        match e.stop {
            // A station is boarded at any of its quays without walking.
            Some(s) => std::iter::once(s)
                .chain(self.stops[s as usize].children.iter().copied())
                .map(|stop| Access {
                    stop,
                    walk_s: 0,
                    distance_m: 0,
                })
                .collect(),
            // A linear scan of a few thousand stops is cheaper than building an index per query.
            None => self
                .stops
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.is_station)
                .filter(|(_, s)| distance_m((e.lat, e.lon), (s.lat, s.lon)) <= opts.max_access_m)
                .map(|(i, s)| {
                    let (distance_m, walk_s) = opts.walking.between((e.lat, e.lon), (s.lat, s.lon));
                    Access {
                        stop: i as StopIdx,
                        walk_s,
                        distance_m,
                    }
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolved {
    pub stop: Option<StopIdx>,
    pub lat: f64,
    pub lon: f64,
}
