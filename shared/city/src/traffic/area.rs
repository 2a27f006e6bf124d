//! The Rouen area: a bounding box around the Métropole, and the approximate centres of its main
//! communes for sources that name a commune but give no position.

use crate::text;

/// A latitude/longitude box (WGS 84), edges included.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub min_lat: f64,
    pub max_lat: f64,
    pub min_lon: f64,
    pub max_lon: f64,
}

/// Rouen and its Métropole with a margin: Elbeuf in the south (49.29 N) to Malaunay in the north
/// (49.53 N), Duclair's loop in the west (0.88 E) to the plateau east of Darnétal (1.3 E).
pub const ROUEN: Area = Area {
    min_lat: 49.25,
    max_lat: 49.60,
    min_lon: 0.85,
    max_lon: 1.35,
};

/// Everything: for reading a feed of another city (tests on real dumps).
pub const WORLD: Area = Area {
    min_lat: -90.0,
    max_lat: 90.0,
    min_lon: -180.0,
    max_lon: 180.0,
};

impl Area {
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.min_lat..=self.max_lat).contains(&lat) && (self.min_lon..=self.max_lon).contains(&lon)
    }

    /// Reads `minLon,minLat,maxLon,maxLat` (the order of [`Area::bbox_param`]); `None` unless four
    /// finite coordinates on Earth with min < max.
    pub fn parse_bbox(text: &str) -> Option<Self> {
        let v: Vec<f64> = text
            .split(',')
            .map(|p| p.trim().parse::<f64>().ok().filter(|f| f.is_finite()))
            .collect::<Option<_>>()?;
        let [min_lon, min_lat, max_lon, max_lat] = v[..] else {
            return None;
        };
        let area = Self {
            min_lat,
            max_lat,
            min_lon,
            max_lon,
        };
        (min_lon < max_lon
            && min_lat < max_lat
            && WORLD.contains(min_lat, min_lon)
            && WORLD.contains(max_lat, max_lon))
        .then_some(area)
    }

    /// `minLon,minLat,maxLon,maxLat`, the order of TomTom's `bbox` and of `/traffic/incidents`.
    pub fn bbox_param(&self) -> String {
        format!(
            "{},{},{},{}",
            self.min_lon, self.min_lat, self.max_lon, self.max_lat
        )
    }
}

/// A plausible position: finite, on Earth, and not 0,0 (a form left empty).
pub fn valid_point(lat: f64, lon: f64) -> bool {
    lat.is_finite()
        && lon.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon)
        && (lat != 0.0 || lon != 0.0)
}

/// Approximate town-hall positions (to about 500 m) of the Métropole's larger communes.
const COMMUNES: &[(&str, f64, f64)] = &[
    ("Rouen", 49.4431, 1.0993),
    ("Sotteville-lès-Rouen", 49.4100, 1.0900),
    ("Saint-Étienne-du-Rouvray", 49.3780, 1.1050),
    ("Le Grand-Quevilly", 49.4090, 1.0400),
    ("Le Petit-Quevilly", 49.4240, 1.0600),
    ("Mont-Saint-Aignan", 49.4630, 1.0890),
    ("Bois-Guillaume", 49.4700, 1.1200),
    ("Bihorel", 49.4550, 1.1230),
    ("Darnétal", 49.4450, 1.1520),
    ("Canteleu", 49.4410, 1.0260),
    ("Déville-lès-Rouen", 49.4690, 1.0490),
    ("Maromme", 49.4780, 1.0400),
    ("Notre-Dame-de-Bondeville", 49.4880, 1.0520),
    ("Le Mesnil-Esnard", 49.4130, 1.1400),
    ("Bonsecours", 49.4290, 1.1300),
    ("Franqueville-Saint-Pierre", 49.4030, 1.1650),
    ("Petit-Couronne", 49.3860, 1.0280),
    ("Grand-Couronne", 49.3570, 1.0060),
    ("Oissel", 49.3420, 1.0930),
    ("Elbeuf", 49.2860, 1.0080),
    ("Caudebec-lès-Elbeuf", 49.2810, 1.0230),
    ("Saint-Pierre-lès-Elbeuf", 49.2780, 1.0450),
    ("Isneauville", 49.4980, 1.1530),
    ("Malaunay", 49.5270, 1.0400),
    ("Duclair", 49.4830, 0.8760),
];

/// The approximate centre of a commune of the Métropole, by name (accents, case and hyphens do not
/// matter; "Grand-Quevilly" finds "Le Grand-Quevilly").
pub fn commune_centre(name: &str) -> Option<(f64, f64)> {
    let wanted = text::fold(name);
    let wanted = wanted
        .strip_prefix("le ")
        .or_else(|| wanted.strip_prefix("la "))
        .unwrap_or(&wanted);
    COMMUNES.iter().find_map(|(commune, lat, lon)| {
        let folded = text::fold(commune);
        let folded = folded.strip_prefix("le ").unwrap_or(&folded);
        (folded == wanted).then_some((*lat, *lon))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_holds_the_metropole_and_not_le_havre() {
        for (name, lat, lon) in COMMUNES {
            assert!(ROUEN.contains(*lat, *lon), "{name}");
        }
        assert!(!ROUEN.contains(49.4944, 0.1079)); // Le Havre
        assert!(!ROUEN.contains(48.8566, 2.3522)); // Paris
        assert_eq!(ROUEN.bbox_param(), "0.85,49.25,1.35,49.6");
    }

    #[test]
    fn communes_by_folded_name() {
        assert_eq!(commune_centre("ROUEN"), Some((49.4431, 1.0993)));
        assert!(commune_centre("Grand Quevilly").is_some());
        assert!(commune_centre("saint-etienne-du-rouvray").is_some());
        assert_eq!(commune_centre("Lyon"), None);
    }
}
