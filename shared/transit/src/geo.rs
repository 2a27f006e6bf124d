//! Distances and walking times.

use serde::{Deserialize, Serialize};

/// How riders are assumed to walk.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Walking {
    pub speed_mps: f64,
    /// Streets are not straight lines: crow-flies distance is multiplied by this.
    pub detour_factor: f64,
}

impl Default for Walking {
    fn default() -> Self {
        Walking {
            speed_mps: 1.2,
            detour_factor: 1.3,
        }
    }
}

impl Walking {
    /// Walking distance and time between two points.
    pub fn between(&self, a: (f64, f64), b: (f64, f64)) -> (u32, u32) {
        let d = distance_m(a, b) * self.detour_factor;
        (d.round() as u32, (d / self.speed_mps).ceil() as u32)
    }
}

/// Great-circle distance in metres between two (lat, lon) points.
pub fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    const R: f64 = 6_371_008.8;
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let dla = la2 - la1;
    let dlo = (b.1 - a.1).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().min(1.0).asin()
}

/// Spatial hash for "who is within r metres" questions over a few thousand stops.
pub(crate) struct Grid {
    cell_deg: f64,
    cells: std::collections::HashMap<(i32, i32), Vec<u32>>,
}

impl Grid {
    pub fn new(points: impl Iterator<Item = (u32, (f64, f64))>, radius_m: f64) -> Self {
        // A cell spans at least the radius both ways so the 3x3 neighbourhood covers the disc;
        // longitude cells are twice as wide in degrees, enough up to 60° of latitude.
        let cell_deg = (radius_m / 111_000.0).max(1e-4);
        let mut cells: std::collections::HashMap<(i32, i32), Vec<u32>> = Default::default();
        for (i, p) in points {
            cells.entry(Self::key(cell_deg, p)).or_default().push(i);
        }
        Grid { cell_deg, cells }
    }
    fn key(cell: f64, p: (f64, f64)) -> (i32, i32) {
        (
            (p.0 / cell).floor() as i32,
            (p.1 / (2.0 * cell)).floor() as i32,
        )
    }
    /// Candidates near `p` (a superset of those within the radius).
    pub fn near(&self, p: (f64, f64)) -> impl Iterator<Item = u32> + '_ {
        let (x, y) = Self::key(self.cell_deg, p);
        (x - 1..=x + 1)
            .flat_map(move |i| (y - 1..=y + 1).map(move |j| (i, j)))
            .filter_map(|k| self.cells.get(&k))
            .flatten()
            .copied()
    }
}
