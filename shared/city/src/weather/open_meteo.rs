//! Open-Meteo `/v1/forecast` answers: `current`, and `hourly` / `daily` as parallel arrays keyed by
//! variable with a `time` array (SOURCES.md §3.1; a real answer is in `tests/fixtures/weather`).
//!
//! Times are either Unix seconds (`timeformat=unixtime`, what the registry asks) or ISO local
//! times without offset (`2026-11-25T14:00`). Open-Meteo writes every local time of a document with
//! the one offset in `utc_offset_seconds` (the offset valid when asked), not with the zone's rules
//! hour by hour: across a DST switch its local times keep the old offset. So local times are
//! converted with that fixed offset, never through Europe/Paris rules, which would shift or merge
//! hours after the switch. Days are the local dates as written.

use super::{
    Condition, CurrentWeather, DAYS, DailyWeather, HourlyWeather, KEPT_HOURS, WeatherReport,
    from_unix, json_object, json_type, number, pct, small,
};
use crate::model::{ParseError, Skipped};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Timelike, Utc};
use serde_json::{Map, Value};

const FORMAT: &str = "Open-Meteo JSON";

/// Reads an Open-Meteo forecast. Malformed JSON, an error answer (`{"error": true, "reason"}`) or a
/// document with no `current`, `hourly` nor `daily` is an error; hours and days missing their
/// essentials are skipped.
pub fn parse_open_meteo(body: &[u8]) -> Result<WeatherReport, ParseError> {
    let doc = json_object(body, FORMAT)?;
    if doc.get("error").and_then(Value::as_bool) == Some(true) {
        let reason = doc
            .get("reason")
            .and_then(Value::as_str)
            .unwrap_or("no reason given");
        return Err(ParseError::malformed(
            FORMAT,
            format!("error answer: {reason}"),
        ));
    }
    let offset_seconds = match doc.get("utc_offset_seconds") {
        None => 0.0,
        Some(v) => number(Some(v))
            .ok_or_else(|| ParseError::malformed(FORMAT, "`utc_offset_seconds` is not a number"))?,
    };
    let offset = FixedOffset::east_opt(offset_seconds as i32)
        .ok_or_else(|| ParseError::malformed(FORMAT, "`utc_offset_seconds` out of range"))?;
    let section = |name: &'static str| -> Result<Option<&Map<String, Value>>, ParseError> {
        match doc.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(map)) => Ok(Some(map)),
            Some(other) => Err(ParseError::malformed(
                FORMAT,
                format!("`{name}` is {}", json_type(other)),
            )),
        }
    };
    let (current, hourly, daily) = (section("current")?, section("hourly")?, section("daily")?);
    if current.is_none() && hourly.is_none() && daily.is_none() {
        return Err(ParseError::Empty {
            what: "current, hourly or daily forecast",
        });
    }
    let units = |name: &str| doc.get(name).and_then(Value::as_object);
    let mut reader = Reader {
        offset,
        report: WeatherReport::default(),
    };
    if let Some(current) = current {
        reader.report.current = reader.current(current, units("current_units"));
    }
    if let Some(hourly) = hourly {
        reader.hourly(hourly, units("hourly_units"))?;
    }
    if let Some(daily) = daily {
        reader.daily(daily)?;
    }
    let mut report = reader.report;
    // The hourly series starts at local midnight and may include past days: keep KEPT_HOURS hours from
    // the current one. Without `current`, the document's first hour stands for now.
    let now = report.current.as_ref().map(|c| c.observed_at);
    if let Some(now) = now {
        let hour_start = now
            .with_minute(0)
            .and_then(|t| t.with_second(0))
            .unwrap_or(now);
        report.hourly.retain(|h| h.time >= hour_start);
        let today = now.with_timezone(&offset).date_naive();
        report.daily.retain(|d| d.date >= today);
    }
    report.hourly.truncate(KEPT_HOURS);
    report.daily.truncate(DAYS);
    Ok(report)
}

struct Reader {
    offset: FixedOffset,
    report: WeatherReport,
}

impl Reader {
    fn instant(&self, value: Option<&Value>) -> Option<DateTime<Utc>> {
        match value? {
            Value::Number(n) => from_unix(n.as_f64()?),
            Value::String(s) => {
                let s = s.trim();
                let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
                    .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
                    .ok()?;
                Some(naive.and_utc() - self.offset_duration())
            }
            _ => None,
        }
    }

    fn offset_duration(&self) -> chrono::Duration {
        chrono::Duration::seconds(i64::from(self.offset.local_minus_utc()))
    }

    /// A daily `time`: a local date, or Unix seconds of local midnight (with the same fixed offset).
    fn date(&self, value: Option<&Value>) -> Option<NaiveDate> {
        match value? {
            Value::Number(n) => Some(
                from_unix(n.as_f64()?)?
                    .with_timezone(&self.offset)
                    .date_naive(),
            ),
            Value::String(s) => NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok(),
            _ => None,
        }
    }

    fn default(&mut self, what: String) {
        if !self.report.defaulted.contains(&what) {
            self.report.defaulted.push(what);
        }
    }

    fn skip(&mut self, item: String, reason: &str) {
        self.report.skipped.push(Skipped {
            item,
            reason: reason.to_owned(),
        });
    }

    fn current(
        &mut self,
        c: &Map<String, Value>,
        units: Option<&Map<String, Value>>,
    ) -> Option<CurrentWeather> {
        let wind_factor = wind_factor(units, "wind_speed_10m");
        let observed_at = self.instant(c.get("time"));
        let temperature = number(c.get("temperature_2m"));
        let code = weather_code(c.get("weather_code"));
        let wind = number(c.get("wind_speed_10m"));
        let (Some(observed_at), Some(temperature_c), Some((weather_code, condition)), Some(wind)) =
            (observed_at, temperature, code, wind)
        else {
            self.skip(
                "current".into(),
                "missing time, temperature_2m, weather_code or wind_speed_10m",
            );
            return None;
        };
        let apparent = number(c.get("apparent_temperature")).unwrap_or_else(|| {
            self.default("current.apparent_temperature: absent, read as the temperature".into());
            temperature_c
        });
        let precipitation = number(c.get("precipitation")).unwrap_or_else(|| {
            self.default("current.precipitation: absent, read as 0".into());
            0.0
        });
        let is_day = match c.get("is_day") {
            Some(Value::Bool(b)) => *b,
            Some(v) if number(Some(v)).is_some() => number(Some(v)) != Some(0.0),
            _ => {
                // A rough day: 8:00 to 17:59 local covers Rouen's daylight all year but midsummer.
                self.default("current.is_day: absent, read from the local hour".into());
                (8..18).contains(&observed_at.with_timezone(&self.offset).hour())
            }
        };
        Some(CurrentWeather {
            observed_at,
            temperature_c,
            apparent_temperature_c: apparent,
            humidity_pct: pct(c.get("relative_humidity_2m")),
            wind_kmh: wind * wind_factor,
            wind_gust_kmh: number(c.get("wind_gusts_10m")).map(|g| g * wind_factor),
            wind_direction_deg: small(c.get("wind_direction_10m"), 360),
            precipitation_mm: precipitation,
            weather_code,
            condition,
            is_day,
        })
    }

    fn hourly(
        &mut self,
        h: &Map<String, Value>,
        units: Option<&Map<String, Value>>,
    ) -> Result<(), ParseError> {
        let times = column(h, "time")
            .ok_or_else(|| ParseError::malformed(FORMAT, "`hourly` has no `time` array"))?;
        let wind_factor = wind_factor(units, "wind_speed_10m");
        let temperature = column(h, "temperature_2m");
        let code = column(h, "weather_code");
        let wind = column(h, "wind_speed_10m");
        let precipitation = column(h, "precipitation");
        let probability = column(h, "precipitation_probability");
        if precipitation.is_none() {
            self.default("hourly.precipitation: absent, read as 0".into());
        }
        for (i, time) in times.iter().enumerate() {
            let (Some(time), Some(temperature_c), Some((weather_code, condition)), Some(wind)) = (
                self.instant(Some(time)),
                number(cell(temperature, i)),
                weather_code(cell(code, i)),
                number(cell(wind, i)),
            ) else {
                self.skip(
                    format!("hourly {}", time_label(time)),
                    "missing time, temperature_2m, weather_code or wind_speed_10m",
                );
                continue;
            };
            self.report.hourly.push(HourlyWeather {
                time,
                temperature_c,
                precipitation_probability_pct: pct(cell(probability, i)),
                precipitation_mm: number(cell(precipitation, i)).unwrap_or(0.0),
                weather_code,
                condition,
                wind_kmh: wind * wind_factor,
            });
        }
        Ok(())
    }

    fn daily(&mut self, d: &Map<String, Value>) -> Result<(), ParseError> {
        let times = column(d, "time")
            .ok_or_else(|| ParseError::malformed(FORMAT, "`daily` has no `time` array"))?;
        let code = column(d, "weather_code");
        let max = column(d, "temperature_2m_max");
        let min = column(d, "temperature_2m_min");
        let precipitation = column(d, "precipitation_sum");
        let probability = column(d, "precipitation_probability_max");
        let (sunrise, sunset) = (column(d, "sunrise"), column(d, "sunset"));
        if precipitation.is_none() {
            self.default("daily.precipitation_sum: absent, read as 0".into());
        }
        for (i, time) in times.iter().enumerate() {
            let (Some(date), Some((weather_code, condition)), Some(max), Some(min)) = (
                self.date(Some(time)),
                weather_code(cell(code, i)),
                number(cell(max, i)),
                number(cell(min, i)),
            ) else {
                self.skip(
                    format!("daily {}", time_label(time)),
                    "missing time, weather_code, temperature_2m_max or temperature_2m_min",
                );
                continue;
            };
            let daily = DailyWeather {
                date,
                weather_code,
                condition,
                temperature_max_c: max,
                temperature_min_c: min,
                precipitation_mm: number(cell(precipitation, i)).unwrap_or(0.0),
                precipitation_probability_pct: pct(cell(probability, i)),
                sunrise: self.instant(cell(sunrise, i)),
                sunset: self.instant(cell(sunset, i)),
            };
            self.report.daily.push(daily);
        }
        Ok(())
    }
}

fn cell(column: Option<&Vec<Value>>, i: usize) -> Option<&Value> {
    column.and_then(|c| c.get(i))
}

fn column<'a>(section: &'a Map<String, Value>, name: &str) -> Option<&'a Vec<Value>> {
    section.get(name).and_then(Value::as_array)
}

fn weather_code(value: Option<&Value>) -> Option<(u8, Condition)> {
    let code = u8::try_from(small(value, 99)?).ok()?;
    Some((code, Condition::from_wmo(code)?))
}

/// km/h per unit of the document's wind speeds (Open-Meteo's default is km/h).
fn wind_factor(units: Option<&Map<String, Value>>, field: &str) -> f64 {
    match units.and_then(|u| u.get(field)).and_then(Value::as_str) {
        Some("m/s" | "ms") => 3.6,
        Some("mp/h" | "mph") => 1.609_344,
        Some("kn") => 1.852,
        _ => 1.0,
    }
}

fn time_label(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn iso_local_times_use_the_documents_fixed_offset() {
        // Asked on 2026-10-24 (CEST): the series keeps +02:00 past the 25 October switch.
        let doc = json!({
            "utc_offset_seconds": 7200, "timezone": "Europe/Paris",
            "hourly": {"time": ["2026-10-25T01:00", "2026-10-25T02:00", "2026-10-25T03:00"],
                       "temperature_2m": [10.0, 9.5, 9.0], "weather_code": [3, 3, 61],
                       "wind_speed_10m": [10.0, 11.0, 12.0]}
        });
        let r = parse_open_meteo(doc.to_string().as_bytes()).unwrap();
        let times: Vec<String> = r.hourly.iter().map(|h| h.time.to_rfc3339()).collect();
        assert_eq!(
            times,
            [
                "2026-10-24T23:00:00+00:00",
                "2026-10-25T00:00:00+00:00",
                "2026-10-25T01:00:00+00:00"
            ]
        );
        assert_eq!(r.defaulted, ["hourly.precipitation: absent, read as 0"]);
    }
}
