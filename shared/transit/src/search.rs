//! Stop search: accent- and case-insensitive word-prefix matching, stations before quays.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::geo::distance_m;
use crate::model::{Line, Stop, StopIdx, Timetable};

/// Folds a name for matching: "Théâtre-des-Arts" → "theatre des arts".
pub fn normalize(s: &str) -> String {
    let folded: String = s
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Clone)]
pub struct StopMatch<'a> {
    pub stop: &'a Stop,
    pub distance_m: Option<f64>,
    pub lines: Vec<&'a Line>,
}

/// Finds stops by name. Every query word must start a word of the name; with `near`, results are
/// sorted by distance, otherwise names starting with the query come first. Quays that belong to a
/// station are represented by their station. An empty query with `near` lists the nearest stops.
pub fn search<'a>(
    tt: &'a Timetable,
    q: &str,
    near: Option<(f64, f64)>,
    limit: usize,
) -> Vec<StopMatch<'a>> {
    let q = normalize(q);
    let words: Vec<&str> = q.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() && near.is_none() {
        return Vec::new();
    }
    let mut hits: Vec<(u8, f64, StopIdx)> = Vec::new();
    for (i, s) in tt.stops.iter().enumerate() {
        // Unserved stops are noise (school-only quays of a subset feed, for instance).
        if s.parent.is_some() || s.lines.is_empty() {
            continue;
        }
        let rank = if words.is_empty() || s.search_key.starts_with(&q) {
            0
        } else if words
            .iter()
            .all(|w| s.search_key.split(' ').any(|n| n.starts_with(w)))
        {
            1
        } else {
            continue;
        };
        let d = near.map_or(0.0, |p| distance_m(p, (s.lat, s.lon)));
        hits.push((rank, d, i as StopIdx));
    }
    let name = |i: StopIdx| &tt.stops[i as usize].search_key;
    if near.is_some() {
        hits.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| name(a.2).cmp(name(b.2))));
    } else {
        hits.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| name(a.2).cmp(name(b.2))));
    }
    hits.into_iter()
        .take(limit)
        .map(|(_, d, i)| {
            let stop = &tt.stops[i as usize];
            StopMatch {
                stop,
                distance_m: near.map(|_| d),
                lines: stop.lines.iter().map(|&l| &tt.lines[l as usize]).collect(),
            }
        })
        .collect()
}
