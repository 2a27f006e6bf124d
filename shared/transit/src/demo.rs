//! Deterministic demo network for the local binary and the benchmarks.
//!
//! Real Astuce agency, routes and stops (original bytes), with GENERATED stop sequences and
//! timetables for the Métro (both branches), TEOR T1–T4 and FAST F1–F9: stations are real and
//! ordered along each line's path between real termini, but which stations a line serves and every
//! time are made up. The real timetable is not available here (see tests/fixtures/astuce-2024-01).
//!
//! A second, entirely GENERATED feed plays TER Normandie ([`demo_ter_gtfs_zip`]): real station
//! names and approximate positions on three lines through Rouen Rive Droite, in the shape SNCF
//! publishes, with made-up trains and times.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use thiserror::Error;

use crate::geo::distance_m;
use crate::model::{StopIdx, Timetable};
use crate::realtime::FeedBuilder;
use crate::realtime::proto::alert::{Cause, Effect};
use crate::search::normalize;
use crate::time::{parse_tz, service_day_start};

#[derive(Debug, Error)]
pub enum DemoError {
    #[error("reading the real Astuce files: {0}")]
    Io(#[from] std::io::Error),
    #[error("importing the real Astuce files: {0}")]
    Import(#[from] crate::error::ImportError),
    #[error("no stop named `{0}` in stops.txt")]
    UnknownStation(String),
    #[error("writing the zip: {0}")]
    Zip(#[from] zip::result::ZipError),
}

#[derive(Clone, Copy)]
enum Kind {
    Metro,
    Teor,
    Fast,
}

struct LineSpec {
    route_id: &'static str,
    /// Branch tag, part of trip ids (the Métro has two).
    branch: &'static str,
    /// Real stations the line passes, in order; the path is the polyline through them.
    waypoints: &'static [&'static str],
    /// Further stations served, placed along the path (Métro: listed; buses: found near it).
    members: &'static [&'static str],
    kind: Kind,
}

const METRO_TRUNK: [&str; 6] = [
    "Beauvoisine",
    "Gare-Rue Verte",
    "Palais de Justice - Gisèle Halimi",
    "Théâtre des Arts",
    "Joffre-Mutualité",
    "Saint-Sever",
];

const LINES: &[LineSpec] = &[
    LineSpec {
        route_id: "90",
        branch: "T",
        waypoints: &["Boulingrin", "Théâtre des Arts", "Technopôle"],
        members: &[
            METRO_TRUNK[0],
            METRO_TRUNK[1],
            METRO_TRUNK[2],
            METRO_TRUNK[3],
            METRO_TRUNK[4],
            METRO_TRUNK[5],
            "Europe",
            "Garibaldi",
            "Hôtel de Ville de Sotteville",
            "Champ de Courses",
        ],
        kind: Kind::Metro,
    },
    LineSpec {
        route_id: "90",
        branch: "G",
        waypoints: &["Boulingrin", "Théâtre des Arts", "Georges Braque"],
        members: &[
            METRO_TRUNK[0],
            METRO_TRUNK[1],
            METRO_TRUNK[2],
            METRO_TRUNK[3],
            METRO_TRUNK[4],
            METRO_TRUNK[5],
            "Jean Jaurès",
            "Mairie de Petit-Quevilly",
            "Saint-Julien",
        ],
        kind: Kind::Metro,
    },
    line(
        "91",
        &[
            "Mont aux Malades",
            "Mont-Riboudet",
            "Théâtre des Arts",
            "Boulingrin",
            "CHU Charles Nicolle",
        ],
        Kind::Teor,
    ),
    line(
        "92",
        &[
            "Mairie - V. Schoelcher",
            "Mont-Riboudet",
            "Théâtre des Arts",
            "Tamarelle",
        ],
        Kind::Teor,
    ),
    line(
        "93",
        &[
            "Monet",
            "Mont-Riboudet",
            "Théâtre des Arts",
            "Durécu-Lavoisier",
        ],
        Kind::Teor,
    ),
    line(
        "94",
        &[
            "Marie Curie - MTC",
            "Boulingrin",
            "Théâtre des Arts",
            "Saint-Sever",
            "Zénith - Parc Expo",
        ],
        Kind::Teor,
    ),
    line(
        "01",
        &[
            "Plaine de la Ronce",
            "Boulingrin",
            "Théâtre des Arts",
            "Stade Diochon",
        ],
        Kind::Fast,
    ),
    line(
        "02",
        &[
            "La Vatine - Centre Commercial",
            "Gare-Rue Verte",
            "Théâtre des Arts",
            "Tamarelle",
        ],
        Kind::Fast,
    ),
    line(
        "03",
        &[
            "Hôtel de Ville de Sotteville",
            "Saint-Sever",
            "Théâtre des Arts",
            "Tourville - Centre Commercial",
        ],
        Kind::Fast,
    ),
    line(
        "04",
        &["Hameau de Frévaux", "Lycée du Cailly", "Mont-Riboudet"],
        Kind::Fast,
    ),
    line(
        "05",
        &["Théâtre des Arts", "Saint-Sever", "Lycée Galilée"],
        Kind::Fast,
    ),
    line(
        "06",
        &[
            "Les Bouttières",
            "Georges Braque",
            "Saint-Sever",
            "Gare de Saint-Etienne",
        ],
        Kind::Fast,
    ),
    line(
        "07",
        &[
            "La Pléiade",
            "Mont-Riboudet",
            "Théâtre des Arts",
            "Hôtel de Ville de Sotteville",
        ],
        Kind::Fast,
    ),
    line(
        "08",
        &[
            "Lycée du Cailly",
            "Mont-Riboudet",
            "Théâtre des Arts",
            "Tamarelle",
        ],
        Kind::Fast,
    ),
    line(
        "09",
        &["Champ de Foire", "Georges Braque", "Théâtre des Arts"],
        Kind::Fast,
    ),
];

const fn line(route_id: &'static str, waypoints: &'static [&'static str], kind: Kind) -> LineSpec {
    LineSpec {
        route_id,
        branch: "",
        waypoints,
        members: &[],
        kind,
    }
}

/// (from, to, headway) in minutes since the service day start, per day type.
type Spans = &'static [(u32, u32, u32)];

struct Profile {
    speed_mps: f64,
    weekday: Spans,
    saturday: Spans,
    sunday: Spans,
}

const fn h(hours: u32, minutes: u32) -> u32 {
    hours * 60 + minutes
}

/// Per branch; the trunk gets twice as many trains. The last ones run past midnight.
const METRO: Profile = Profile {
    speed_mps: 8.5,
    weekday: &[
        (h(5, 0), h(7, 0), 12),
        (h(7, 0), h(9, 30), 8),
        (h(9, 30), h(16, 0), 10),
        (h(16, 0), h(19, 30), 8),
        (h(19, 30), h(24, 30), 15),
    ],
    saturday: &[(h(5, 30), h(24, 30), 12)],
    sunday: &[(h(7, 0), h(24, 0), 15)],
};

const TEOR: Profile = Profile {
    speed_mps: 5.5,
    weekday: &[
        (h(5, 30), h(7, 0), 10),
        (h(7, 0), h(9, 30), 5),
        (h(9, 30), h(16, 0), 8),
        (h(16, 0), h(19, 30), 5),
        (h(19, 30), h(23, 30), 15),
    ],
    saturday: &[(h(6, 0), h(23, 30), 10)],
    sunday: &[(h(7, 30), h(23, 0), 15)],
};

const FAST: Profile = Profile {
    speed_mps: 4.5,
    weekday: &[
        (h(5, 30), h(7, 0), 15),
        (h(7, 0), h(9, 30), 8),
        (h(9, 30), h(16, 0), 12),
        (h(16, 0), h(19, 30), 8),
        (h(19, 30), h(22, 30), 20),
    ],
    saturday: &[(h(6, 0), h(22, 0), 15)],
    sunday: &[(h(8, 0), h(21, 0), 30)],
};

fn profile(kind: Kind) -> &'static Profile {
    match kind {
        Kind::Metro => &METRO,
        Kind::Teor => &TEOR,
        Kind::Fast => &FAST,
    }
}

const SERVICES: [(&str, &str); 3] = [
    ("T26_SEM", "1,1,1,1,1,0,0"),
    ("T26_SAM", "0,0,0,0,0,1,0"),
    ("T26_DIM", "0,0,0,0,0,0,1"),
];
const VALID: (&str, &str) = ("20260831", "20270829");
/// Weekday public holidays of the season: Sunday service instead.
const HOLIDAYS: [&str; 7] = [
    "20261111", "20261225", "20270101", "20270329", "20270506", "20270517", "20270714",
];

/// Builds the demo GTFS zip from the real Astuce files in `real_dir` (agency, routes, stops).
pub fn demo_gtfs_zip(real_dir: &Path) -> Result<Vec<u8>, DemoError> {
    // The real files import (with their two hand-written trips): that gives stations and quays.
    let real = crate::import::from_path(real_dir, &Default::default())?;
    let mut trips = String::from("route_id,service_id,trip_id,trip_headsign,direction_id\n");
    let mut times = String::from("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
    for spec in LINES {
        let stations = stations_along(&real, spec)?;
        for dir in 0..2u8 {
            let mut seq: Vec<StopIdx> = stations.clone();
            if dir == 1 {
                seq.reverse();
            }
            // Quays: a station's first child one way, its second the other way.
            let quays: Vec<StopIdx> = seq
                .iter()
                .map(|&s| {
                    let c = &real.stops[s as usize].children;
                    if c.is_empty() {
                        s
                    } else {
                        c[usize::from(dir) % c.len()]
                    }
                })
                .collect();
            let offsets = run_times(&real, &quays, profile(spec.kind).speed_mps);
            let headsign = &real.stops[seq[seq.len() - 1] as usize].name;
            let p = profile(spec.kind);
            for ((service, _), spans) in SERVICES.iter().zip([p.weekday, p.saturday, p.sunday]) {
                // Offset the two directions and branches so they do not all leave on the minute.
                let shift = u32::from(dir) * 2 + if spec.branch == "G" { 4 } else { 0 };
                for &(from, to, every) in spans {
                    let mut start = from + shift;
                    while start < to {
                        let id = format!(
                            "{}-{}{}-{}-{:04}",
                            spec.route_id,
                            dir,
                            spec.branch,
                            &service[4..],
                            start / 60 * 100 + start % 60
                        );
                        let _ =
                            writeln!(trips, "{},{service},{id},{headsign},{dir}", spec.route_id);
                        for (i, (&q, off)) in quays.iter().zip(&offsets).enumerate() {
                            let t = hms(start * 60 + off);
                            let _ = writeln!(
                                times,
                                "{id},{t},{t},{},{}",
                                real.stops[q as usize].id,
                                i + 1
                            );
                        }
                        start += every;
                    }
                }
            }
        }
    }
    let mut calendar = String::from(
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n",
    );
    for (id, days) in SERVICES {
        let _ = writeln!(calendar, "{id},{days},{},{}", VALID.0, VALID.1);
    }
    let mut dates = String::from("service_id,date,exception_type\n");
    for d in HOLIDAYS {
        let _ = writeln!(dates, "T26_SEM,{d},2\nT26_DIM,{d},1");
    }
    let feed_info = format!(
        "feed_publisher_name,feed_publisher_url,feed_lang,feed_start_date,feed_end_date,feed_version\n\
         Rouen Social demo (GENERATED timetable on real Astuce stops),https://reseau-astuce.fr/,fr,{},{},demo-1\n",
        VALID.0, VALID.1
    );
    let read = |f: &str| std::fs::read(real_dir.join(f));
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("agency.txt", read("agency.txt")?),
        ("calendar.txt", calendar.into_bytes()),
        ("calendar_dates.txt", dates.into_bytes()),
        ("feed_info.txt", feed_info.into_bytes()),
        ("routes.txt", read("routes.txt")?),
        ("stop_times.txt", times.into_bytes()),
        ("stops.txt", read("stops.txt")?),
        ("trips.txt", trips.into_bytes()),
    ];
    zip_files(files)
}

/// Where the local sources mirror serves the TER demo feed: the snapshot path of
/// `https://eu.ftp.opendatasoft.com/sncf/plandata/export-ter-gtfs-last.zip` (host + path).
pub const TER_SNAPSHOT: &str = "eu.ftp.opendatasoft.com/sncf/plandata/export-ter-gtfs-last.zip";

/// A TER station: name, UIC code, latitude, longitude.
type TerStation = (&'static str, &'static str, f64, f64);

// Real station names; positions rounded from the real stations (not SNCF's published points).
// UIC codes: Rouen Rive Droite, Le Havre and Paris Saint-Lazare are the real ones, the others
// are made up (nothing reads them but this demo).
const RIVE_DROITE: TerStation = ("Rouen Rive Droite", "87411017", 49.44889, 1.09389);
const MAROMME: TerStation = ("Maromme", "87411124", 49.48030, 1.04140);
const MALAUNAY: TerStation = ("Malaunay - Le Houlme", "87411140", 49.52540, 1.03770);
const BARENTIN: TerStation = ("Barentin", "87411165", 49.54520, 0.95470);
const YVETOT: TerStation = ("Yvetot", "87413385", 49.61790, 0.75670);
const BREAUTE: TerStation = ("Bréauté - Beuzeville", "87413344", 49.62600, 0.40020);
const LE_HAVRE: TerStation = ("Le Havre", "87413013", 49.49270, 0.12530);
const SAINT_ETIENNE: TerStation = ("Saint-Étienne-du-Rouvray", "87411397", 49.37740, 1.10780);
const OISSEL: TerStation = ("Oissel", "87411462", 49.34310, 1.09640);
const ELBEUF: TerStation = ("Elbeuf - Saint-Aubin", "87411520", 49.30180, 1.02300);
const VAL_DE_REUIL: TerStation = ("Val-de-Reuil", "87411587", 49.27450, 1.21250);
const GAILLON: TerStation = ("Gaillon - Aubevoye", "87411629", 49.17260, 1.33460);
const VERNON: TerStation = ("Vernon - Giverny", "87415604", 49.09290, 1.48570);
const MANTES: TerStation = ("Mantes-la-Jolie", "87381509", 48.98960, 1.70330);
const SAINT_LAZARE: TerStation = ("Paris Saint-Lazare", "87384008", 48.87620, 2.32510);

struct TerLine {
    route_id: &'static str,
    short_name: &'static str,
    long_name: &'static str,
    /// First train number; each run takes the next one (odd leaving Rouen, even coming back).
    first_train: u32,
    /// Average speed between stations, metres per second, over 1.2 × the crow-flies distance.
    speed_mps: f64,
    stations: &'static [TerStation],
    /// (first departure, last departure, headway) in minutes, weekdays then weekends, both ways.
    weekday: Spans,
    weekend: Spans,
}

const TER_LINES: &[TerLine] = &[
    TerLine {
        route_id: "OCEDEMO-RLH",
        short_name: "TER",
        long_name: "Rouen Rive Droite - Yvetot - Le Havre",
        first_train: 3101,
        speed_mps: 22.0,
        stations: &[
            RIVE_DROITE,
            MAROMME,
            MALAUNAY,
            BARENTIN,
            YVETOT,
            BREAUTE,
            LE_HAVRE,
        ],
        weekday: &[(h(5, 40), h(9, 0), 30), (h(9, 10), h(22, 0), 60)],
        weekend: &[(h(7, 10), h(21, 30), 120)],
    },
    TerLine {
        route_id: "OCEDEMO-REL",
        short_name: "TER",
        long_name: "Rouen Rive Droite - Oissel - Elbeuf - Saint-Aubin",
        first_train: 3301,
        speed_mps: 15.0,
        stations: &[RIVE_DROITE, SAINT_ETIENNE, OISSEL, ELBEUF],
        weekday: &[(h(6, 5), h(9, 0), 30), (h(9, 35), h(21, 30), 60)],
        weekend: &[(h(7, 35), h(20, 0), 120)],
    },
    TerLine {
        route_id: "OCEDEMO-RPS",
        short_name: "TER",
        long_name: "Rouen Rive Droite - Vernon - Paris Saint-Lazare",
        first_train: 3501,
        speed_mps: 30.0,
        stations: &[
            RIVE_DROITE,
            OISSEL,
            VAL_DE_REUIL,
            GAILLON,
            VERNON,
            MANTES,
            SAINT_LAZARE,
        ],
        weekday: &[(h(5, 20), h(21, 0), 60)],
        weekend: &[(h(7, 20), h(20, 0), 120)],
    },
];

/// A GENERATED TER Normandie GTFS zip in the shape SNCF publishes (`StopArea:OCE…` stations,
/// `StopPoint:OCETrain TER-…` quays, route type 2, agency SNCF, `calendar_dates.txt` only) over
/// the demo season: real station names and approximate positions, made-up trains and times.
pub fn demo_ter_gtfs_zip() -> Result<Vec<u8>, DemoError> {
    let agency = "agency_id,agency_name,agency_url,agency_timezone,agency_lang\n\
                  OCESN,SNCF,https://www.sncf-connect.com,Europe/Paris,fr\n";
    let mut routes = String::from(
        "route_id,agency_id,route_short_name,route_long_name,route_desc,route_type,route_url,route_color,route_text_color\n",
    );
    let mut stops = String::from(
        "stop_id,stop_name,stop_desc,stop_lat,stop_lon,zone_id,stop_url,location_type,parent_station\n",
    );
    let mut listed: Vec<&str> = Vec::new();
    let mut trips =
        String::from("route_id,service_id,trip_id,trip_headsign,direction_id,block_id,shape_id\n");
    let mut times = String::from(
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence,stop_headsign,pickup_type,drop_off_type,shape_dist_traveled\n",
    );
    for line in TER_LINES {
        let _ = writeln!(
            routes,
            "{},OCESN,{},{},,2,,,",
            line.route_id, line.short_name, line.long_name
        );
        for &(name, uic, lat, lon) in line.stations {
            if listed.contains(&uic) {
                continue;
            }
            listed.push(uic);
            let _ = writeln!(
                stops,
                "StopArea:OCE{uic},{name},,{lat:.5},{lon:.5},,,1,\n\
                 StopPoint:OCETrain TER-{uic},{name},,{lat:.5},{lon:.5},,,0,StopArea:OCE{uic}"
            );
        }
        let mut train = line.first_train;
        for (service, spans) in [("000001", line.weekday), ("000002", line.weekend)] {
            for &(from, to, every) in spans {
                let mut start = from;
                while start < to {
                    for dir in 0..2u32 {
                        let mut seq: Vec<TerStation> = line.stations.to_vec();
                        if dir == 1 {
                            seq.reverse();
                        }
                        let offsets = ter_run_times(&seq, line.speed_mps);
                        let headsign = seq[seq.len() - 1].0;
                        // Trains back leave their terminus 7 minutes past the Rouen departures.
                        let leave = start + dir * 7;
                        let id = format!("OCESN{}F{service}", train + dir);
                        let _ =
                            writeln!(trips, "{},{service},{id},{headsign},{dir},,", line.route_id);
                        let last = seq.len() - 1;
                        for (i, (st, &(arr, dep))) in seq.iter().zip(&offsets).enumerate() {
                            // As SNCF: no drop-off at the origin, no pick-up at the terminus.
                            let (pickup, drop_off) = match i {
                                0 => (0, 1),
                                i if i == last => (1, 0),
                                _ => (0, 0),
                            };
                            let _ = writeln!(
                                times,
                                "{id},{},{},StopPoint:OCETrain TER-{},{i},,{pickup},{drop_off},",
                                hms(leave * 60 + arr),
                                hms(leave * 60 + dep),
                                st.1
                            );
                        }
                    }
                    train += 2;
                    start += every;
                }
            }
        }
    }
    // Every day of the demo season: weekdays on 000001, weekends and public holidays on 000002.
    let mut dates = String::from("service_id,date,exception_type\n");
    let parse = |d: &str| NaiveDate::parse_from_str(d, "%Y%m%d").unwrap_or_default();
    let (mut day, end) = (parse(VALID.0), parse(VALID.1));
    while day <= end {
        let ymd = day.format("%Y%m%d").to_string();
        let weekend = day.weekday().number_from_monday() >= 6 || HOLIDAYS.contains(&ymd.as_str());
        let service = if weekend { "000002" } else { "000001" };
        let _ = writeln!(dates, "{service},{ymd},1");
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    let feed_info = format!(
        "feed_publisher_name,feed_publisher_url,feed_lang,feed_start_date,feed_end_date,feed_version\n\
         Rouen Social demo (GENERATED TER timetable in SNCF's GTFS shape),https://www.ter.sncf.com/normandie,fr,{},{},demo-ter-1\n",
        VALID.0, VALID.1
    );
    zip_files(vec![
        ("agency.txt", agency.as_bytes().to_vec()),
        ("calendar_dates.txt", dates.into_bytes()),
        ("feed_info.txt", feed_info.into_bytes()),
        ("routes.txt", routes.into_bytes()),
        ("stop_times.txt", times.into_bytes()),
        ("stops.txt", stops.into_bytes()),
        ("trips.txt", trips.into_bytes()),
    ])
}

/// (arrival, departure) offsets in seconds from the first departure: 1.2 × crow-flies distance at
/// the line's speed in whole minutes, one minute's stop at intermediate stations.
fn ter_run_times(seq: &[TerStation], speed: f64) -> Vec<(u32, u32)> {
    let mut out = vec![(0, 0)];
    let mut t = 0u32;
    for (i, w) in seq.windows(2).enumerate() {
        let d = distance_m((w[0].2, w[0].3), (w[1].2, w[1].3)) * 1.2;
        t += (d / speed / 60.0).ceil() as u32 * 60;
        let arr = t;
        if i + 2 < seq.len() {
            t += 60;
        }
        out.push((arr, t));
    }
    out
}

/// A zip with fixed timestamps and order: the committed files must be byte-identical to a fresh
/// build.
fn zip_files(files: Vec<(&str, Vec<u8>)>) -> Result<Vec<u8>, DemoError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, body) in files {
        zip.start_file(name, opts)?;
        zip.write_all(&body)?;
    }
    Ok(zip.finish()?.into_inner())
}

fn hms(secs: u32) -> String {
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// Seconds from the first stop to each stop: street distance at the line's speed, 20 s dwell.
fn run_times(tt: &Timetable, quays: &[StopIdx], speed: f64) -> Vec<u32> {
    let mut t = 0u32;
    let mut out = vec![0];
    for w in quays.windows(2) {
        let (a, b) = (&tt.stops[w[0] as usize], &tt.stops[w[1] as usize]);
        let d = distance_m((a.lat, a.lon), (b.lat, b.lon)) * 1.25;
        t += (d / speed).round() as u32 + 20;
        // Whole minutes, as printed timetables are.
        out.push(t.div_ceil(60) * 60);
    }
    out
}

fn find(tt: &Timetable, name: &str) -> Result<StopIdx, DemoError> {
    let key = normalize(name);
    let stand_alone = |s: &crate::model::Stop| s.is_station || s.parent.is_none();
    tt.stops
        .iter()
        .position(|s| stand_alone(s) && s.is_station && s.search_key == key)
        .or_else(|| {
            tt.stops
                .iter()
                .position(|s| stand_alone(s) && s.search_key == key)
        })
        .map(|i| i as StopIdx)
        .ok_or_else(|| DemoError::UnknownStation(name.into()))
}

/// The line's stations in path order: waypoints, members, and (buses) stations within 150 m of
/// the path, at least 350 m apart.
fn stations_along(tt: &Timetable, spec: &LineSpec) -> Result<Vec<StopIdx>, DemoError> {
    let way: Vec<StopIdx> = spec
        .waypoints
        .iter()
        .map(|n| find(tt, n))
        .collect::<Result<_, _>>()?;
    let pts: Vec<(f64, f64)> = way
        .iter()
        .map(|&s| (tt.stops[s as usize].lat, tt.stops[s as usize].lon))
        .collect();
    // Position along the polyline (metres from the start) and distance off it.
    let locate = |p: (f64, f64)| -> (f64, f64) {
        let mut best = (f64::MAX, 0.0);
        let mut along = 0.0;
        for w in pts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let len = distance_m(a, b);
            // A local flat projection (metres, origin at `a`) is fine at city scale.
            let (bx, by) = ((b.1 - a.1) * 72_900.0, (b.0 - a.0) * 111_200.0);
            let (px, py) = ((p.1 - a.1) * 72_900.0, (p.0 - a.0) * 111_200.0);
            let l2 = bx * bx + by * by;
            let t = if l2 > 0.0 {
                ((px * bx + py * by) / l2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let off = ((px - t * bx).powi(2) + (py - t * by).powi(2)).sqrt();
            if off < best.0 {
                best = (off, along + t * len);
            }
            along += len;
        }
        (best.1, best.0)
    };
    let mut chosen: Vec<(f64, StopIdx, bool)> = Vec::new();
    for &s in &way {
        let st = &tt.stops[s as usize];
        chosen.push((locate((st.lat, st.lon)).0, s, true));
    }
    for n in spec.members {
        let s = find(tt, n)?;
        let st = &tt.stops[s as usize];
        chosen.push((locate((st.lat, st.lon)).0, s, true));
    }
    if matches!(spec.kind, Kind::Teor | Kind::Fast) {
        for (i, st) in tt.stops.iter().enumerate() {
            // Stations only (and stand-alone stops), not the lifts' and escalators' pseudo-stops.
            if st.parent.is_some()
                || st.name.starts_with("Ascenseur")
                || st.name.starts_with("Escalator")
            {
                continue;
            }
            let (along, off) = locate((st.lat, st.lon));
            if off <= 150.0 {
                chosen.push((along, i as StopIdx, false));
            }
        }
    }
    chosen.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.2.cmp(&a.2)).then(a.1.cmp(&b.1)));
    chosen.dedup_by_key(|c| c.1);
    // Keep waypoints and members always; drop filler stations too close to a kept one.
    let min_gap = 350.0;
    let mut out: Vec<(f64, StopIdx, bool)> = Vec::new();
    for c in chosen {
        let near_kept = out.iter().any(|o| (c.0 - o.0).abs() < min_gap);
        if c.2 || !near_kept {
            if c.2 && near_kept {
                out.retain(|o| o.2 || (c.0 - o.0).abs() >= min_gap);
            }
            if !out.iter().any(|o| o.1 == c.1) {
                out.push(c);
            }
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(out.into_iter().map(|c| c.1).collect())
}

/// The instant the local demo's clock starts (as in infra/scripts/test-all.sh).
pub fn demo_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 11, 30, 0)
        .single()
        .unwrap_or_default()
}

/// GTFS-RT service alerts of the demo: roadworks on T4.
pub fn demo_alerts() -> Vec<u8> {
    let now = demo_now();
    let from = Utc
        .with_ymd_and_hms(2026, 11, 16, 5, 0, 0)
        .single()
        .unwrap_or(now);
    let to = Utc
        .with_ymd_and_hms(2026, 12, 19, 5, 0, 0)
        .single()
        .unwrap_or(now);
    FeedBuilder::new(now - Duration::seconds(30))
        .alert(
            "demo-t4-travaux",
            "T4 : travaux, arrêts Saint-Sever non desservis",
            Some("En raison de travaux de voirie, le T4 est dévié entre Théâtre des Arts et Saint-Sever jusqu'au 18 décembre. Reportez-vous aux arrêts provisoires."),
            Cause::Construction,
            Effect::Detour,
            &["94"],
            &[],
            Some((from, to)),
        )
        .encode()
}

/// GTFS-RT trip updates of the demo, on `tt` (the imported demo zip): delays on Métro and TEOR
/// trips around the demo clock, one cancelled T2 trip, and one trip unknown to the GTFS (the real
/// feed has many).
pub fn demo_trip_updates(tt: &Timetable) -> Vec<u8> {
    let now = demo_now();
    let tz = parse_tz(&tt.feed.timezone);
    let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
    let start = service_day_start(tz, day);
    let mut feed = FeedBuilder::new(now - Duration::seconds(30)).service_day(Some(day));
    let mut n: i32 = 0;
    let mut cancelled = false;
    for t in &tt.trips {
        let p = &tt.patterns[t.pattern as usize];
        let line = &tt.lines[p.line as usize].id;
        let k = tt.trip_index(&t.id).map_or(0, |i| i - p.first_trip);
        let first = start + Duration::seconds(tt.time(p, k, 0).dep.into());
        let running = first > now - Duration::minutes(40) && first < now + Duration::minutes(30);
        if !running
            || !tt.runs_on(t.service, day)
            || !["90", "91", "92", "93", "94"].contains(&line.as_str())
        {
            continue;
        }
        if line == "92" && !cancelled && first > now {
            feed = feed.cancel(&t.id, Some(day));
            cancelled = true;
            continue;
        }
        // Delays of 0 to 6 minutes from the third stop on, varying trip to trip.
        feed = feed.delay(&t.id, 3, (n * 97) % 7 * 60);
        n += 1;
    }
    feed.delay("TCAR:22430", 1, 120).encode()
}
