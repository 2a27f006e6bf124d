//! Météo-France DPVigilance `cartevigilance/encours`: `product.periods[]` (J and J1), each with
//! `timelaps.domain_ids[]` of `{domain_id, phenomenon_items[{phenomenon_id,
//! phenomenon_max_color_id, timelaps_items[{begin_time, end_time, color_id}]}]}` (SOURCES.md §3.2,
//! [seen in code]).
//!
//! Only one département is read, and only yellow and above. The coloured intervals of one
//! phenomenon that touch at the same level (today's ending at midnight, tomorrow's starting then)
//! become one alert.

use super::{AlertLevel, Alerts, Phenomenon, WeatherAlert, from_unix, json_object, number, small};
use crate::model::{ParseError, Skipped};
use chrono::{DateTime, Utc};
use serde_json::Value;

const FORMAT: &str = "Météo-France vigilance JSON";

/// Seine-Maritime, Rouen's département.
pub const SEINE_MARITIME: &str = "76";

/// One coloured stretch of a phenomenon.
#[derive(Debug, Clone, Copy)]
struct Interval {
    phenomenon: Phenomenon,
    level: AlertLevel,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
}

/// The alerts of `department` ("76") at yellow or above. A document without `product.periods` (an
/// API gateway error such as `{"code": "900901", "message": "Invalid Credentials"}`, or another
/// JSON) is malformed; no period or no coloured phenomenon is simply no alert.
pub fn parse_vigilance(body: &[u8], department: &str) -> Result<Alerts, ParseError> {
    let doc = json_object(body, FORMAT)?;
    let Some(periods) = doc
        .get("product")
        .and_then(|p| p.get("periods"))
        .and_then(Value::as_array)
    else {
        let detail = ["message", "description", "error"]
            .iter()
            .find_map(|k| doc.get(*k).and_then(Value::as_str))
            .map_or_else(
                || "no `product.periods` array".to_owned(),
                |m| format!("no `product.periods` array ({m})"),
            );
        return Err(ParseError::malformed(FORMAT, detail));
    };
    let mut skipped = Vec::new();
    let mut intervals = Vec::new();
    for (index, period) in periods.iter().enumerate() {
        let name = period
            .get("echeance")
            .and_then(Value::as_str)
            .map_or_else(|| format!("period {}", index + 1), str::to_owned);
        let Some(domains) = period
            .pointer("/timelaps/domain_ids")
            .and_then(Value::as_array)
        else {
            skipped.push(Skipped {
                item: name,
                reason: "no timelaps.domain_ids".into(),
            });
            continue;
        };
        let validity = (
            instant(period.get("begin_validity_time")),
            instant(period.get("end_validity_time")),
        );
        for domain in domains {
            if id_text(domain.get("domain_id")).as_deref() != Some(department) {
                continue;
            }
            let items = domain.get("phenomenon_items").and_then(Value::as_array);
            for item in items.into_iter().flatten() {
                read_item(item, &name, validity, &mut intervals, &mut skipped);
            }
        }
    }
    let mut alerts: Vec<WeatherAlert> = merge(intervals)
        .into_iter()
        .map(|i| WeatherAlert {
            id: format!(
                "meteo-france-{department}-{}-{}-{}",
                i.phenomenon.code(),
                i.level.code(),
                i.starts_at.format("%Y%m%dT%H%MZ")
            ),
            phenomenon: i.phenomenon,
            level: i.level,
            starts_at: i.starts_at,
            ends_at: i.ends_at,
            title: WeatherAlert::title_of(i.phenomenon, i.level),
            description: Some(i.level.advice().to_owned()),
            source: "meteo-france".into(),
        })
        .collect();
    alerts.sort_by_key(|a| (a.starts_at, a.phenomenon));
    Ok(Alerts { alerts, skipped })
}

fn read_item(
    item: &Value,
    period: &str,
    validity: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    intervals: &mut Vec<Interval>,
    skipped: &mut Vec<Skipped>,
) {
    let id = id_text(item.get("phenomenon_id")).unwrap_or_default();
    let Some(phenomenon) = id.parse::<u8>().ok().and_then(Phenomenon::from_id) else {
        skipped.push(Skipped {
            item: format!("{period} phenomenon `{id}`"),
            reason: "unknown phenomenon_id".into(),
        });
        return;
    };
    let color = |v: Option<&Value>| small(v, 9).and_then(|c| AlertLevel::from_color_id(c as u8));
    let mut skip = |reason: &str| {
        skipped.push(Skipped {
            item: format!("{period} {}", phenomenon.code()),
            reason: reason.to_owned(),
        })
    };
    let steps = item
        .get("timelaps_items")
        .and_then(Value::as_array)
        .filter(|s| !s.is_empty());
    match steps {
        Some(steps) => {
            for step in steps {
                let Some(level) = color(step.get("color_id")) else {
                    continue;
                };
                match (
                    instant(step.get("begin_time")),
                    instant(step.get("end_time")),
                ) {
                    (Some(starts_at), Some(ends_at)) if ends_at > starts_at => {
                        intervals.push(Interval {
                            phenomenon,
                            level,
                            starts_at,
                            ends_at,
                        });
                    }
                    _ => skip("a coloured interval without valid begin_time and end_time"),
                }
            }
        }
        // Without the hour by hour detail, the maximum colour holds for the whole period.
        None => {
            let Some(level) = color(item.get("phenomenon_max_color_id")) else {
                return;
            };
            match validity {
                (Some(starts_at), Some(ends_at)) if ends_at > starts_at => {
                    intervals.push(Interval {
                        phenomenon,
                        level,
                        starts_at,
                        ends_at,
                    });
                }
                _ => skip("coloured, but neither intervals nor period validity times"),
            }
        }
    }
}

/// Joins intervals of one phenomenon and level that touch or overlap.
fn merge(mut intervals: Vec<Interval>) -> Vec<Interval> {
    intervals.sort_by_key(|i| (i.phenomenon, i.level, i.starts_at));
    let mut out: Vec<Interval> = Vec::new();
    for i in intervals {
        match out.last_mut() {
            Some(last)
                if last.phenomenon == i.phenomenon
                    && last.level == i.level
                    && i.starts_at <= last.ends_at =>
            {
                last.ends_at = last.ends_at.max(i.ends_at);
            }
            _ => out.push(i),
        }
    }
    out
}

/// RFC 3339 text (`2026-11-25T06:00:00Z`) or Unix seconds.
fn instant(value: Option<&Value>) -> Option<DateTime<Utc>> {
    match value? {
        Value::String(s) => DateTime::parse_from_rfc3339(s.trim())
            .ok()
            .map(|t| t.to_utc()),
        v => from_unix(number(Some(v))?),
    }
}

/// Ids are strings ("76", "1") in some answers and numbers in others.
fn id_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
