//! GTFS routes → rider-facing line modes and colours.

use crate::model::Mode;
use crate::search::normalize;

/// Mode of a route. TEOR lines are typed tram (0) although they are buses; Astuce models lifts
/// and escalators as bus routes, which only their names betray.
pub fn line_mode(
    route_type: i16,
    id: &str,
    short_name: &str,
    long_name: &str,
    brt_route_ids: &[String],
) -> Mode {
    let names = normalize(&format!("{short_name} {long_name}"));
    let says = |word: &str| names.split(' ').any(|w| w.starts_with(word));
    match route_type {
        0 if says("teor") || brt_route_ids.iter().any(|b| b == id) => Mode::Brt,
        0 | 5 | 900..=999 => Mode::Tram,
        1 | 12 | 400..=499 => Mode::Metro,
        2 | 100..=199 => Mode::Rail,
        4 | 1000..=1099 | 1200..=1299 => Mode::Ferry,
        6 | 7 | 1300..=1499 => Mode::Lift,
        // 715 is "demand and response bus"; taxis are booked on demand too.
        715 | 1500..=1599 => Mode::OnDemand,
        _ if says("ascenseur") || says("escalator") || says("funiculaire") => Mode::Lift,
        _ => Mode::Bus,
    }
}

/// `#RRGGBB` as the API shows it.
pub fn color(r: u8, g: u8, b: u8) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}
