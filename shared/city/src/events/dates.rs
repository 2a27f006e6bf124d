//! Dates as event sources write them: ISO 8601 (with or without offset, date only), iCalendar
//! values, and French text ("samedi 14 mars 2026 à 20h00", "du 3 au 28 février 2027").
//!
//! Every local time is a time in Rouen ([`TZ`]).

use crate::model::{Occurrence, TZ};
use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc,
};

/// A date or time as a source gives it, before it is placed in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A whole day (no time given).
    Date(NaiveDate),
    /// A wall-clock time with no offset: read in the zone of the document (Rouen unless told).
    Local(NaiveDateTime),
    /// A time with an offset or `Z`.
    Instant(DateTime<Utc>),
}

/// A local time of `zone` to an instant, never failing. At the autumn switch a time that occurs
/// twice is the first of the two; at the spring switch a time that does not exist is read with the
/// offset in force before the gap (02:30 becomes 03:30 summer time), as RFC 5545 §3.3.5 does.
pub fn local_in<Z: TimeZone>(zone: &Z, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.to_utc(),
        LocalResult::Ambiguous(first, second) => first.to_utc().min(second.to_utc()),
        LocalResult::None => {
            // The offset before the gap is the one an hour earlier, which always exists: the
            // European gaps last one hour.
            let before = local
                .checked_sub_signed(Duration::hours(1))
                .unwrap_or(local);
            match zone.from_local_datetime(&before) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
                    let offset = t.offset().fix();
                    local
                        .checked_sub_signed(Duration::seconds(i64::from(offset.local_minus_utc())))
                        .unwrap_or(local)
                        .and_utc()
                }
                LocalResult::None => local.and_utc(),
            }
        }
    }
}

/// A Rouen wall-clock time to an instant (see [`local_in`]).
pub fn paris(local: NaiveDateTime) -> DateTime<Utc> {
    local_in(&TZ, local)
}

/// Local midnight starting a Rouen day.
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    paris(day.and_time(NaiveTime::MIN))
}

impl When {
    /// The instant it starts at; a day starts at local midnight.
    pub fn instant(self) -> DateTime<Utc> {
        match self {
            When::Date(d) => day_start(d),
            When::Local(t) => paris(t),
            When::Instant(t) => t,
        }
    }
}

/// Parses ISO 8601 as schema.org and JSON APIs write it: `2026-12-05`, `2026-12-05T20:00`,
/// `2026-12-05T20:00:00`, `2026-12-05 20:00:00`, fractions of seconds, and offsets `Z`, `+01:00`,
/// `+0100` or `+01`.
pub fn parse_iso(text: &str) -> Option<When> {
    let text = text.trim();
    if text.len() < 10 || !text.is_char_boundary(10) {
        return None;
    }
    let (date, rest) = text.split_at(10);
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    if rest.is_empty() {
        return Some(When::Date(date));
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    // The time ends where an offset begins.
    let split = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (time, offset) = rest.split_at(split);
    let time = parse_clock(time)?;
    let local = date.and_time(time);
    if offset.is_empty() {
        return Some(When::Local(local));
    }
    let offset = parse_offset(offset)?;
    let instant = offset.from_local_datetime(&local).single()?.to_utc();
    Some(When::Instant(instant))
}

fn parse_clock(text: &str) -> Option<NaiveTime> {
    let text = text.split(['.', ',']).next()?;
    ["%H:%M:%S", "%H:%M", "%H%M%S", "%H%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(text, f).ok())
}

fn parse_offset(text: &str) -> Option<FixedOffset> {
    if text.eq_ignore_ascii_case("z") {
        return FixedOffset::east_opt(0);
    }
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// An occurrence from a start and an optional end as a source gives them. `inclusive_end_date`
/// says whether an end given as a date is the last day (schema.org, OpenAgenda) rather than the
/// day after (iCalendar `DTEND;VALUE=DATE`). An end that is not after the start is dropped.
pub fn occurrence(start: When, end: Option<When>, inclusive_end_date: bool) -> Occurrence {
    let all_day = matches!(start, When::Date(_));
    let starts_at = start.instant();
    let ends_at = match end {
        Some(When::Date(d)) => {
            let last = if inclusive_end_date {
                d.succ_opt()
            } else {
                Some(d)
            };
            last.map(day_start)
        }
        Some(other) => Some(other.instant()),
        None if all_day => {
            // A whole day without an end covers that day only.
            match start {
                When::Date(d) => d.succ_opt().map(day_start),
                _ => None,
            }
        }
        None => None,
    };
    Occurrence {
        starts_at,
        ends_at: ends_at.filter(|end| *end > starts_at),
        all_day,
    }
}

/// Sorts occurrences by start, drops repeats, keeps at most `cap` (the soonest).
pub fn tidy(occurrences: &mut Vec<Occurrence>, cap: usize) {
    occurrences.sort_by(|a, b| {
        a.starts_at
            .cmp(&b.starts_at)
            .then(a.ends_at.cmp(&b.ends_at))
    });
    occurrences.dedup_by(|a, b| a.starts_at == b.starts_at && a.ends_at == b.ends_at);
    occurrences.truncate(cap);
}

/// Why a French date text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateTextError {
    #[error("no date in `{0}`")]
    NoDate(String),
    #[error("the date `{0}` gives no year")]
    NoYear(String),
    #[error("`{0}` is not a date that exists")]
    Impossible(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Day(u32),
    Month(u32),
    Year(i32),
    /// `dd/mm` or `dd/mm/yyyy`.
    Numeric(u32, u32, Option<i32>),
    Time(u32, u32),
    /// "au", "jusqu'au": the next date ends a range.
    To,
    Other,
}

#[derive(Debug, Clone, Default)]
struct Mention {
    day: u32,
    month: Option<u32>,
    year: Option<i32>,
    times: Vec<NaiveTime>,
    /// This mention ends a range opened by the previous one.
    ends_range: bool,
}

const MONTHS: &[(&str, u32)] = &[
    ("janvier", 1),
    ("janv", 1),
    ("jan", 1),
    ("fevrier", 2),
    ("fevr", 2),
    ("fev", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("aout", 8),
    ("septembre", 9),
    ("sept", 9),
    ("sep", 9),
    ("octobre", 10),
    ("oct", 10),
    ("novembre", 11),
    ("nov", 11),
    ("decembre", 12),
    ("dec", 12),
];

/// Lower case without accents; `20:30` becomes `20h30` and `05/12/2026` keeps its slashes, every
/// other punctuation becomes a space.
fn normalise(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let chars: Vec<char> = text
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    let mut out = String::with_capacity(chars.len());
    for (i, c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        match c {
            c if c.is_alphanumeric() => out.push(*c),
            ':' if between_digits => out.push('h'),
            '/' | '.' if between_digits => out.push('/'),
            _ => out.push(' '),
        }
    }
    out
}

fn tokenize(text: &str) -> Vec<Token> {
    let normalised = normalise(text);
    let words: Vec<&str> = normalised.split_whitespace().collect();
    let mut tokens = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        let next = words.get(i + 1).copied();
        i += 1;
        if let Some(time) = read_time(word) {
            tokens.push(time);
            continue;
        }
        // "20 h 30" and "20 h"
        if next == Some("h") && word.len() <= 2 && word.bytes().all(|b| b.is_ascii_digit()) {
            let minutes = words
                .get(i + 1)
                .filter(|w| w.len() == 2 && w.bytes().all(|b| b.is_ascii_digit()));
            let joined = format!("{word}h{}", minutes.copied().unwrap_or(""));
            if let Some(time) = read_time(&joined) {
                tokens.push(time);
                i += if minutes.is_some() { 2 } else { 1 };
                continue;
            }
        }
        tokens.push(read_word(word));
    }
    tokens
}

fn read_time(word: &str) -> Option<Token> {
    if word == "midi" {
        return Some(Token::Time(12, 0));
    }
    let (h, m) = word.split_once('h')?;
    if h.is_empty() || h.len() > 2 || !h.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !(m.is_empty() || (m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()))) {
        return None;
    }
    let hours: u32 = h.parse().ok()?;
    let minutes: u32 = if m.is_empty() { 0 } else { m.parse().ok()? };
    (hours <= 24 && minutes < 60).then_some(Token::Time(hours, minutes))
}

fn read_word(word: &str) -> Token {
    if let Some((_, month)) = MONTHS.iter().find(|(name, _)| *name == word) {
        return Token::Month(*month);
    }
    match word {
        "au" | "jusqu" | "jusque" => return Token::To,
        "1er" | "1re" | "1ere" => return Token::Day(1),
        _ => {}
    }
    if word.contains('/') {
        let parts: Vec<&str> = word.split('/').collect();
        let day = parts.first().and_then(|d| d.parse::<u32>().ok());
        let month = parts.get(1).and_then(|m| m.parse::<u32>().ok());
        let year = parts.get(2).and_then(|y| y.parse::<i32>().ok());
        return match (day, month, parts.len()) {
            (Some(d), Some(m), 2) => Token::Numeric(d, m, None),
            (Some(d), Some(m), 3) if year.is_some() => {
                Token::Numeric(d, m, year.map(|y| if y < 100 { 2000 + y } else { y }))
            }
            _ => Token::Other,
        };
    }
    if word.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = word.parse::<u32>()
    {
        if word.len() == 4 && (1900..=2200).contains(&n) {
            return Token::Year(n as i32);
        }
        if word.len() <= 2 && (1..=31).contains(&n) {
            return Token::Day(n);
        }
    }
    Token::Other
}

/// Reads the dates of one line of French text. A line with no date at all gives an empty list
/// (a venue or a price line beside the dates is not an error); a date that cannot be placed
/// (no year, 31 février) is an error.
///
/// - a day with a time is a timed occurrence, a second time on it is its end ("de 14h à 18h");
/// - a day alone is a whole day;
/// - "du 3 au 28 février 2027" is one multi-day, whole-day occurrence;
/// - several days ("les 5 et 6 décembre 2026 à 20h") are several occurrences sharing what the
///   last one says of month, year and time.
pub fn parse_french(line: &str) -> Result<Vec<Occurrence>, DateTextError> {
    let tokens = tokenize(line);
    let mut mentions: Vec<Mention> = Vec::new();
    let mut pending_to = false;
    let mut has_month = false;
    for token in tokens {
        match token {
            Token::Day(d) => {
                mentions.push(Mention {
                    day: d,
                    ends_range: std::mem::take(&mut pending_to) && !mentions.is_empty(),
                    ..Mention::default()
                });
            }
            Token::Numeric(d, m, y) => {
                has_month = true;
                mentions.push(Mention {
                    day: d,
                    month: Some(m),
                    year: y,
                    ends_range: std::mem::take(&mut pending_to) && !mentions.is_empty(),
                    ..Mention::default()
                });
            }
            Token::Month(m) => {
                has_month = true;
                if let Some(last) = mentions.last_mut().filter(|l| l.month.is_none()) {
                    last.month = Some(m);
                }
            }
            Token::Year(y) => {
                if let Some(last) = mentions.last_mut().filter(|l| l.year.is_none()) {
                    last.year = Some(y);
                }
            }
            Token::Time(h, m) => {
                if let Some(last) = mentions.last_mut() {
                    let time = if h == 24 {
                        Some(NaiveTime::MIN)
                    } else {
                        NaiveTime::from_hms_opt(h, m, 0)
                    };
                    if let Some(time) = time.filter(|_| last.times.len() < 2) {
                        last.times.push(time);
                    }
                }
            }
            Token::To => pending_to = true,
            Token::Other => {}
        }
    }
    if mentions.is_empty() || !has_month {
        return Ok(Vec::new());
    }
    fill_backwards(&mut mentions);

    let mut out = Vec::new();
    let mut i = 0;
    while i < mentions.len() {
        let start = &mentions[i];
        let start_day = place(start, line)?;
        match mentions.get(i + 1).filter(|m| m.ends_range) {
            Some(end) => {
                let end_day = place(end, line)?;
                out.push(range(start, start_day, end, end_day));
                i += 2;
            }
            None => {
                out.push(single(start, start_day));
                i += 1;
            }
        }
    }
    Ok(out)
}

/// Earlier mentions take the month, year and times of later ones they lack ("du 3 au 28 février
/// 2027", "les 5 et 6 décembre à 20h"). A range start in a later month than its end belongs to the
/// year before ("du 28 décembre au 4 janvier 2027").
fn fill_backwards(mentions: &mut [Mention]) {
    for i in (0..mentions.len().saturating_sub(1)).rev() {
        let (head, tail) = mentions.split_at_mut(i + 1);
        let (current, next) = (&mut head[i], &tail[0]);
        let month_was_missing = current.month.is_none();
        if current.month.is_none() {
            current.month = next.month;
        }
        if current.year.is_none() {
            current.year = match (next.year, current.month, next.month) {
                (Some(y), Some(a), Some(b)) if next.ends_range && !month_was_missing && a > b => {
                    Some(y - 1)
                }
                (y, _, _) => y,
            };
        }
        if current.times.is_empty() && !next.ends_range {
            current.times = next.times.clone();
        }
    }
}

fn place(mention: &Mention, line: &str) -> Result<NaiveDate, DateTextError> {
    let snippet = || crate::text::one_line(line);
    let month = mention
        .month
        .ok_or_else(|| DateTextError::NoDate(snippet()))?;
    let year = mention
        .year
        .ok_or_else(|| DateTextError::NoYear(snippet()))?;
    NaiveDate::from_ymd_opt(year, month, mention.day)
        .ok_or_else(|| DateTextError::Impossible(snippet()))
}

fn single(mention: &Mention, day: NaiveDate) -> Occurrence {
    match mention.times.as_slice() {
        [] => occurrence(When::Date(day), None, true),
        [start, rest @ ..] => {
            let starts_at = paris(day.and_time(*start));
            let ends_at = rest.first().map(|end| {
                // An end earlier than the start is after midnight.
                let end_day = if end <= start {
                    day.succ_opt().unwrap_or(day)
                } else {
                    day
                };
                paris(end_day.and_time(*end))
            });
            Occurrence {
                starts_at,
                ends_at: ends_at.filter(|e| *e > starts_at),
                all_day: false,
            }
        }
    }
}

fn range(start: &Mention, start_day: NaiveDate, end: &Mention, end_day: NaiveDate) -> Occurrence {
    match (start.times.first(), end.times.first()) {
        (Some(s), Some(e)) => {
            let starts_at = paris(start_day.and_time(*s));
            let ends_at = paris(end_day.and_time(*e));
            Occurrence {
                starts_at,
                ends_at: (ends_at > starts_at).then_some(ends_at),
                all_day: false,
            }
        }
        // Opening hours beside a range ("du 3 au 28 février, 10h-18h") describe each day, not the
        // range: it stays a run of whole days.
        _ => occurrence(When::Date(start_day), Some(When::Date(end_day)), true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn one(text: &str) -> Occurrence {
        let all = parse_french(text).unwrap();
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all[0].clone()
    }

    #[test]
    fn iso_forms() {
        assert_eq!(
            parse_iso("2026-12-05"),
            Some(When::Date(NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()))
        );
        assert_eq!(
            parse_iso("2026-12-05T20:00:00+0100").map(When::instant),
            Some(utc("2026-12-05T19:00:00Z"))
        );
        assert_eq!(
            parse_iso("2023-05-06T12:00:00.000+02:00").map(When::instant),
            Some(utc("2023-05-06T10:00:00Z"))
        );
        assert_eq!(
            parse_iso("2026-12-05T19:00:00Z").map(When::instant),
            Some(utc("2026-12-05T19:00:00Z"))
        );
        assert_eq!(
            parse_iso("2027-03-28T16:00").map(When::instant),
            Some(utc("2027-03-28T14:00:00Z"))
        );
        assert_eq!(
            parse_iso("2027-03-27 20:00:00").map(When::instant),
            Some(utc("2027-03-27T19:00:00Z"))
        );
        assert_eq!(
            parse_iso("2026-12-05T20:00:00-0500").map(When::instant),
            Some(utc("2026-12-06T01:00:00Z"))
        );
        assert_eq!(parse_iso("05/12/2026"), None);
        assert_eq!(parse_iso("2026-13-05"), None);
        assert_eq!(parse_iso("2026-12-05Tsoir"), None);
        assert_eq!(parse_iso("é"), None);
    }

    #[test]
    fn dst_switches_never_panic() {
        // 2027-03-28 02:30 does not exist in Rouen: read with the winter offset, 03:30 summer time.
        let gap = NaiveDate::from_ymd_opt(2027, 3, 28)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(paris(gap), utc("2027-03-28T01:30:00Z"));
        // 2026-10-25 02:30 happens twice: the first one, still summer time.
        let twice = NaiveDate::from_ymd_opt(2026, 10, 25)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(paris(twice), utc("2026-10-25T00:30:00Z"));
    }

    #[test]
    fn all_day_ends() {
        let d = |s| parse_iso(s).unwrap();
        let schema = occurrence(d("2026-12-01"), Some(d("2027-02-28")), true);
        assert!(schema.all_day);
        assert_eq!(schema.starts_at, utc("2026-11-30T23:00:00Z"));
        assert_eq!(schema.ends_at, Some(utc("2027-02-28T23:00:00Z")));
        let ics = occurrence(d("2026-12-01"), Some(d("2026-12-02")), false);
        assert_eq!(ics.local_days().0, ics.local_days().1);
        let backwards = occurrence(d("2026-12-05T20:00"), Some(d("2026-12-05T19:00")), true);
        assert_eq!(backwards.ends_at, None);
    }

    #[test]
    fn french_single_dates() {
        assert_eq!(
            one("samedi 14 mars 2026 à 20h00").starts_at,
            utc("2026-03-14T19:00:00Z")
        );
        assert_eq!(
            one("14 mars 2026 - 20h30").starts_at,
            utc("2026-03-14T19:30:00Z")
        );
        assert_eq!(
            one("mardi 2 décembre 2026 20:30").starts_at,
            utc("2026-12-02T19:30:00Z")
        );
        assert_eq!(
            one("Dimanche 28 mars 2027 à 16h").starts_at,
            utc("2027-03-28T14:00:00Z")
        );
        assert_eq!(
            one("le 5 DECEMBRE 2026 à 20 h 30").starts_at,
            utc("2026-12-05T19:30:00Z")
        );
        assert_eq!(one("05/12/2026 20h").starts_at, utc("2026-12-05T19:00:00Z"));
        let first = one("1er avril 2027");
        assert!(first.all_day);
        assert_eq!(first.starts_at, utc("2027-03-31T22:00:00Z"));
        assert_eq!(first.ends_at, Some(utc("2027-04-01T22:00:00Z")));
        let evening = one("vendredi 4 décembre 2026 de 22h à 2h");
        assert_eq!(evening.ends_at, Some(utc("2026-12-05T01:00:00Z")));
        assert_eq!(one("12 août 2027").starts_at, one("12 aout 2027").starts_at);
        assert_eq!(
            one("3 février 2027").starts_at,
            one("3 fevrier 2027").starts_at
        );
    }

    #[test]
    fn french_ranges_and_lists() {
        let feb = one("Du 3 au 28 février 2027");
        assert!(feb.all_day);
        let (first, last) = feb.local_days();
        assert_eq!(first, NaiveDate::from_ymd_opt(2027, 2, 3).unwrap());
        assert_eq!(last, NaiveDate::from_ymd_opt(2027, 2, 28).unwrap());

        let winter = one("du 12 décembre 2026 au 4 janvier 2027");
        assert_eq!(
            winter.local_days().0,
            NaiveDate::from_ymd_opt(2026, 12, 12).unwrap()
        );
        assert_eq!(
            winter.local_days().1,
            NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()
        );

        let new_year = one("du 28 décembre au 4 janvier 2027");
        assert_eq!(
            new_year.local_days().0,
            NaiveDate::from_ymd_opt(2026, 12, 28).unwrap()
        );

        let both = parse_french("les 5 et 6 décembre 2026 à 20h").unwrap();
        assert_eq!(both.len(), 2);
        assert_eq!(both[0].starts_at, utc("2026-12-05T19:00:00Z"));
        assert_eq!(both[1].starts_at, utc("2026-12-06T19:00:00Z"));
    }

    #[test]
    fn french_failures() {
        assert_eq!(parse_french("Théâtre des Arts"), Ok(vec![]));
        assert_eq!(parse_french("Tarif 12 €"), Ok(vec![]));
        assert!(matches!(
            parse_french("samedi 14 mars à 20h"),
            Err(DateTextError::NoYear(_))
        ));
        assert!(matches!(
            parse_french("31 février 2027"),
            Err(DateTextError::Impossible(_))
        ));
        assert_eq!(parse_french("bientôt"), Ok(vec![]));
    }
}
