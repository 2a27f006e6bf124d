//! Public transport (the Astuce network merged with TER Normandie's trains): stop search, departures with real time, lines and their
//! disruptions, the imported timetable's version, journey planning; and the schedules that import
//! the timetable and read the real-time feeds.

use crate::city::transit::{self, Version};
use crate::city::transit_alerts::{self, TransitAlert};
use crate::io::{json, limit_param, path_param, query_param};
use crate::openapi::{OperationDoc, ParamDoc, schema_of};
use crate::platform::Platform;
use crate::problem::{ApiError, FieldError};
use crate::registry::{Auth, Handler, Route, Trigger};
use chrono::{DateTime, Utc};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use rouen_city::{ParserConfig, SourceKind};
use rouen_transit::{Endpoint, Journey, Leg, Line, Place, PlanRequest, Timetable};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::json as json_value;
use std::sync::Arc;

/// Journeys answered at most.
const MAX_JOURNEYS: usize = 3;

pub fn routes() -> Vec<Route> {
    vec![
        Route {
            function: "transit-import",
            trigger: Trigger::Schedule {
                expression: "rate(60 minutes)",
            },
            auth: Auth::Public,
            handler: Handler::Schedule(|p| {
                async move {
                    let imported = crate::city::scrape::run_due_where(&p, SourceKind::Transit, |s| {
                        s.parser == ParserConfig::Gtfs
                    })
                    .await?;
                    // A first (or new) timetable: read the real-time feeds against it now rather
                    // than at their next turn.
                    if imported.iter().any(|o| o.result == "ran") {
                        crate::city::scrape::run_due_where(&p, SourceKind::Transit, |s| {
                            s.parser != ParserConfig::Gtfs
                        })
                        .await?;
                    }
                    Ok(())
                }
                .boxed()
            }),
            max_body_bytes: None,
            doc: None,
        },
        Route {
            function: "transit-realtime",
            trigger: Trigger::Schedule {
                expression: "rate(1 minute)",
            },
            auth: Auth::Public,
            handler: Handler::Schedule(|p| {
                async move {
                    // The feeds name the timetable's trips: before the first import there is
                    // nothing to read them against (not a failure of the feeds).
                    if transit::pointer(&p).await?.is_none() {
                        return Ok(());
                    }
                    crate::city::scrape::run_due_where(&p, SourceKind::Transit, |s| {
                        s.parser != ParserConfig::Gtfs
                    })
                    .await
                    .map(|_| ())
                }
                .boxed()
            }),
            max_body_bytes: None,
            doc: None,
        },
        Route::http(
            "transit-stops-search",
            "GET",
            "/api/v1/transit/stops",
            Auth::Public,
            |p, r| stops(p, r).boxed(),
            OperationDoc::new("transit", "Find stops by name (accents and case ignored) or near a point")
                .param(ParamDoc {
                    name: "q",
                    location: "query",
                    required: false,
                    description: "Words of the stop's name (1 to 100 characters); `q` or `lat`+`lon` is needed",
                    schema: || json_value!({"type": "string", "minLength": 1, "maxLength": 100}),
                })
                .param(coord_param("lat", "Latitude: nearest stops first"))
                .param(coord_param("lon", "Longitude: nearest stops first"))
                .param(ParamDoc::limit())
                .response(200, "Stops (stations rather than their quays)", schema_of::<StopList>),
        ),
        Route::http(
            "transit-departures",
            "GET",
            "/api/v1/transit/stops/{id}/departures",
            Auth::Public,
            |p, r| departures(p, r).boxed(),
            OperationDoc::new("transit", "Next departures at a stop (a station: all its quays), real time where known")
                .param(ParamDoc {
                    name: "id",
                    location: "path",
                    required: true,
                    description: "A stop id from the stop search",
                    schema: || json_value!({"type": "string", "minLength": 1, "maxLength": 100}),
                })
                .param(at_param("From when (RFC 3339), default now"))
                .param(ParamDoc::limit())
                .response(200, "Departures, soonest first, and the stop's disruptions", schema_of::<DepartureBoard>),
        ),
        Route::http(
            "transit-lines",
            "GET",
            "/api/v1/transit/lines",
            Auth::Public,
            |p, r| lines(p, r).boxed(),
            OperationDoc::new("transit", "Every line with its colours and status")
                .response(200, "Lines", schema_of::<LineList>),
        ),
        Route::http(
            "transit-line",
            "GET",
            "/api/v1/transit/lines/{id}",
            Auth::Public,
            |p, r| line(p, r).boxed(),
            OperationDoc::new("transit", "One line, its status and its disruptions")
                .param(ParamDoc {
                    name: "id",
                    location: "path",
                    required: true,
                    description: "A line id",
                    schema: || json_value!({"type": "string", "minLength": 1, "maxLength": 100}),
                })
                .response(200, "The line", schema_of::<LineDetail>),
        ),
        Route::http(
            "transit-feed",
            "GET",
            "/api/v1/transit/feed",
            Auth::Public,
            |p, r| feed(p, r).boxed(),
            OperationDoc::new("transit", "The timetable in service: version, validity, size")
                .response(200, "The imported timetable", schema_of::<FeedView>),
        ),
        Route::http(
            "traffic-routes",
            "GET",
            "/api/v1/traffic/routes",
            Auth::Public,
            |p, r| routes_plan(p, r).boxed(),
            OperationDoc::new(
                "transit",
                "Plan a journey by public transport (Astuce and TER Normandie, one network) and on foot; transit legs carry the stops' path for a map",
            )
                .param(place_param("from", "Where from: a stop id or `lat,lon`"))
                .param(place_param("to", "Where to: a stop id or `lat,lon`"))
                .param(at_param("Leave at (or with `arrive_by`, arrive by) this time (RFC 3339), default now"))
                .param(ParamDoc {
                    name: "arrive_by",
                    location: "query",
                    required: false,
                    description: "`true`: `at` is the latest arrival",
                    schema: || json_value!({"type": "string", "enum": ["true", "false"]}),
                })
                .response(200, "Journeys, best first (empty when none is found)", schema_of::<JourneyList>),
        ),
    ]
}

fn coord_param(name: &'static str, description: &'static str) -> ParamDoc {
    ParamDoc {
        name,
        location: "query",
        required: false,
        description,
        schema: if name == "lat" {
            || json_value!({"type": "number", "minimum": -90, "maximum": 90})
        } else {
            || json_value!({"type": "number", "minimum": -180, "maximum": 180})
        },
    }
}

fn at_param(description: &'static str) -> ParamDoc {
    ParamDoc {
        name: "at",
        location: "query",
        required: false,
        description,
        schema: || json_value!({"type": "string", "format": "date-time"}),
    }
}

fn place_param(name: &'static str, description: &'static str) -> ParamDoc {
    ParamDoc {
        name,
        location: "query",
        required: true,
        description,
        schema: || json_value!({"type": "string", "minLength": 1, "maxLength": 100}),
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LineView {
    pub id: String,
    pub short_name: String,
    pub long_name: String,
    /// `#RRGGBB`.
    pub color: Option<String>,
    pub text_color: Option<String>,
    /// `metro`, `tram`, `brt` (TEOR), `bus`, `ferry`, `rail`, `lift`, `on_demand`.
    pub mode: String,
}

impl From<&Line> for LineView {
    fn from(l: &Line) -> Self {
        Self {
            id: l.id.clone(),
            short_name: l.short_name.clone(),
            long_name: l.long_name.clone(),
            color: l.color.clone(),
            text_color: l.text_color.clone(),
            mode: l.mode.as_str().to_owned(),
        }
    }
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct StopView {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub distance_m: Option<f64>,
    pub lines: Vec<LineView>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct StopList {
    pub stops: Vec<StopView>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct StopRef {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct DepartureView {
    pub line: LineView,
    pub headsign: String,
    pub scheduled_at: DateTime<Utc>,
    pub expected_at: Option<DateTime<Utc>>,
    pub realtime: bool,
    pub cancelled: bool,
    pub platform: Option<String>,
    pub trip_id: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct DepartureBoard {
    pub stop: StopRef,
    pub departures: Vec<DepartureView>,
    pub alerts: Vec<TransitAlert>,
    pub generated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct LineStatus {
    #[serde(flatten)]
    pub line: LineView,
    /// `normal` or `disrupted`.
    pub status: String,
    pub alerts_count: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct LineList {
    pub lines: Vec<LineStatus>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct LineDetail {
    #[serde(flatten)]
    pub line: LineView,
    pub status: String,
    pub alerts: Vec<TransitAlert>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FeedView {
    pub version: String,
    pub imported_at: DateTime<Utc>,
    pub valid_from: Option<chrono::NaiveDate>,
    pub valid_to: Option<chrono::NaiveDate>,
    pub stops: usize,
    pub lines: usize,
    pub trips: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PlaceView {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub stop_id: Option<String>,
}

impl From<&Place> for PlaceView {
    fn from(p: &Place) -> Self {
        Self {
            name: p.name.clone(),
            lat: p.lat,
            lon: p.lon,
            stop_id: p.stop_id.clone(),
        }
    }
}

// A handful of legs per answer, serialised once: boxing the transit variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Serialize, JsonSchema)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum LegView {
    Walk {
        from: PlaceView,
        to: PlaceView,
        departs_at: DateTime<Utc>,
        arrives_at: DateTime<Utc>,
        distance_m: u32,
    },
    Transit {
        line: LineView,
        headsign: String,
        from: PlaceView,
        to: PlaceView,
        departs_at: DateTime<Utc>,
        arrives_at: DateTime<Utc>,
        stops_count: u32,
        trip_id: String,
        /// Where the vehicle goes: the coordinates of every stop it passes, from the boarding stop
        /// to the alighting stop inclusive, in ride order (first = `from`, last = `to`). Stop to
        /// stop, not the street or track geometry.
        path: Vec<PathPoint>,
    },
}

/// A point of a transit leg's path.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct PathPoint {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct JourneyView {
    pub departs_at: DateTime<Utc>,
    pub arrives_at: DateTime<Utc>,
    pub duration_s: i64,
    pub transfers: u32,
    pub walking_m: u32,
    pub legs: Vec<LegView>,
}

impl From<&Journey> for JourneyView {
    fn from(j: &Journey) -> Self {
        Self {
            departs_at: j.departs_at,
            arrives_at: j.arrives_at,
            duration_s: j.duration_s,
            transfers: j.transfers,
            walking_m: j.walking_m,
            legs: j.legs.iter().map(leg_view).collect(),
        }
    }
}

fn leg_view(leg: &Leg) -> LegView {
    match leg {
        Leg::Walk {
            from,
            to,
            departs_at,
            arrives_at,
            distance_m,
        } => LegView::Walk {
            from: from.into(),
            to: to.into(),
            departs_at: *departs_at,
            arrives_at: *arrives_at,
            distance_m: *distance_m,
        },
        Leg::Transit {
            line,
            headsign,
            from,
            to,
            departs_at,
            arrives_at,
            stops_count,
            trip_id,
            path,
        } => LegView::Transit {
            line: line.into(),
            headsign: headsign.clone(),
            from: from.into(),
            to: to.into(),
            departs_at: *departs_at,
            arrives_at: *arrives_at,
            stops_count: *stops_count,
            trip_id: trip_id.clone(),
            path: path
                .iter()
                .map(|p| PathPoint {
                    lat: p.lat,
                    lon: p.lon,
                })
                .collect(),
        },
    }
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct JourneyList {
    pub journeys: Vec<JourneyView>,
}

fn float_param(
    request: &Request,
    name: &str,
    range: std::ops::RangeInclusive<f64>,
) -> Result<Option<f64>, ApiError> {
    match query_param(request, name)? {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite() && range.contains(f))
            .map(Some)
            .ok_or_else(|| {
                ApiError::field(
                    format!("query.{name}"),
                    "invalid_coordinate",
                    "a coordinate in degrees",
                )
            }),
    }
}

/// Timetables cover about a year: a time further than that from now is refused, not searched.
const MAX_AT_DISTANCE_DAYS: i64 = 400;

fn at_of(request: &Request, platform: &Platform) -> Result<DateTime<Utc>, ApiError> {
    let now = platform.clock.now();
    let Some(v) = query_param(request, "at")? else {
        return Ok(now);
    };
    let at = DateTime::parse_from_rfc3339(v.trim())
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| {
            ApiError::field(
                "query.at",
                "invalid_format",
                "a time as RFC 3339 (2026-11-25T08:30:00+01:00)",
            )
        })?;
    if (at - now).num_days().abs() > MAX_AT_DISTANCE_DAYS {
        return Err(ApiError::field(
            "query.at",
            "out_of_range",
            "a time within a year of now",
        ));
    }
    Ok(at)
}

async fn stops(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let q = query_param(&request, "q")?
        .map(|q| q.trim().to_owned())
        .filter(|q| !q.is_empty());
    let lat = float_param(&request, "lat", -90.0..=90.0)?;
    let lon = float_param(&request, "lon", -180.0..=180.0)?;
    let near = match (lat, lon) {
        (Some(lat), Some(lon)) => Some((lat, lon)),
        (None, None) => None,
        _ => {
            return Err(ApiError::field(
                "query.lat",
                "incomplete_point",
                "lat and lon go together",
            ));
        }
    };
    if q.is_none() && near.is_none() {
        return Err(ApiError::field(
            "query.q",
            "required",
            "a name to look for, or lat and lon",
        ));
    }
    if q.as_ref().is_some_and(|q| q.chars().count() > 100) {
        return Err(ApiError::field(
            "query.q",
            "too_long",
            "at most 100 characters",
        ));
    }
    let limit = limit_param(&request, 10, 50)? as usize;
    let (_, tt) = transit::require_timetable(&platform).await?;
    let stops = tt
        .search_stops(q.as_deref().unwrap_or(""), near, limit)
        .into_iter()
        .map(|m| StopView {
            id: m.stop.id.clone(),
            name: m.stop.name.clone(),
            lat: m.stop.lat,
            lon: m.stop.lon,
            distance_m: m.distance_m.map(|d| d.round()),
            lines: m.lines.into_iter().map(LineView::from).collect(),
        })
        .collect();
    json(StatusCode::OK, &StopList { stops })
}

fn alerts_for_stop(tt: &Timetable, alerts: &[TransitAlert], stop_id: &str) -> Vec<TransitAlert> {
    let Some(stop) = tt.stop(stop_id) else {
        return Vec::new();
    };
    // A stop is concerned by alerts on it, on its quays, on its station, or on its lines.
    let mut ids: Vec<&str> = vec![stop.id.as_str()];
    ids.extend(
        stop.children
            .iter()
            .map(|c| tt.stops[*c as usize].id.as_str()),
    );
    if let Some(parent) = stop.parent {
        ids.push(tt.stops[parent as usize].id.as_str());
    }
    let lines: Vec<&str> = stop
        .lines
        .iter()
        .map(|l| tt.lines[*l as usize].id.as_str())
        .collect();
    alerts
        .iter()
        .filter(|a| {
            (a.line_ids.is_empty() && a.stop_ids.is_empty())
                || a.stop_ids.iter().any(|s| ids.contains(&s.as_str()))
                || a.line_ids.iter().any(|l| lines.contains(&l.as_str()))
        })
        .cloned()
        .collect()
}

async fn departures(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let id = path_param(&request, "id")?;
    let at = at_of(&request, &platform)?;
    let limit = limit_param(&request, 20, 100)? as usize;
    let (version, tt) = transit::require_timetable(&platform).await?;
    let stop = tt.stop(&id).ok_or(ApiError::NotFound)?;
    let rt = transit::realtime(&platform, &version, &tt).await?;
    let list = tt
        .departures(&id, at, limit, rt.as_deref())
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let alerts = transit_alerts::active(&platform).await?;
    let board = DepartureBoard {
        stop: StopRef {
            id: stop.id.clone(),
            name: stop.name.clone(),
            lat: stop.lat,
            lon: stop.lon,
        },
        departures: list
            .iter()
            .map(|d| DepartureView {
                line: d.line.into(),
                headsign: d.headsign.to_owned(),
                scheduled_at: d.scheduled_at,
                expected_at: d.expected_at,
                realtime: d.realtime,
                cancelled: d.cancelled,
                platform: d.platform.map(str::to_owned),
                trip_id: d.trip_id.to_owned(),
            })
            .collect(),
        alerts: alerts_for_stop(&tt, &alerts, &id),
        generated_at: platform.clock.now(),
    };
    json(StatusCode::OK, &board)
}

fn status_of(alerts: &[&TransitAlert]) -> String {
    if alerts.is_empty() {
        "normal"
    } else {
        "disrupted"
    }
    .into()
}

async fn lines(platform: Arc<Platform>, _request: Request) -> Result<Response<Body>, ApiError> {
    let (_, tt) = transit::require_timetable(&platform).await?;
    let alerts = transit_alerts::active(&platform).await?;
    let mut lines: Vec<&Line> = tt.lines.iter().collect();
    lines.sort_by_key(|l| {
        (
            l.sort_order.unwrap_or(u32::MAX),
            l.mode.as_str(),
            l.short_name.clone(),
        )
    });
    let lines = lines
        .into_iter()
        .map(|l| {
            let mine: Vec<&TransitAlert> =
                alerts.iter().filter(|a| a.concerns_line(&l.id)).collect();
            LineStatus {
                line: l.into(),
                status: status_of(&mine),
                alerts_count: mine.len(),
            }
        })
        .collect();
    json(StatusCode::OK, &LineList { lines })
}

async fn line(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let id = path_param(&request, "id")?;
    let (_, tt) = transit::require_timetable(&platform).await?;
    let line = tt.line(&id).ok_or(ApiError::NotFound)?;
    let alerts: Vec<TransitAlert> = transit_alerts::active(&platform)
        .await?
        .into_iter()
        .filter(|a| a.concerns_line(&id))
        .collect();
    json(
        StatusCode::OK,
        &LineDetail {
            line: line.into(),
            status: status_of(&alerts.iter().collect::<Vec<_>>()),
            alerts,
        },
    )
}

async fn feed(platform: Arc<Platform>, _request: Request) -> Result<Response<Body>, ApiError> {
    let pointer = transit::pointer(&platform).await?.ok_or_else(|| {
        ApiError::Unavailable("no public transport timetable has been imported yet".into())
    })?;
    let Version {
        version,
        imported_at,
        valid_from,
        valid_to,
        stops,
        lines,
        trips,
        ..
    } = pointer.current;
    json(
        StatusCode::OK,
        &FeedView {
            version,
            imported_at,
            valid_from,
            valid_to,
            stops,
            lines,
            trips,
        },
    )
}

/// A stop id or `lat,lon`.
fn endpoint(request: &Request, tt: &Timetable, name: &str) -> Result<Endpoint, FieldError> {
    let field = format!("query.{name}");
    let Some(value) = query_param(request, name)
        .ok()
        .flatten()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
    else {
        return Err(FieldError::new(field, "required", "a stop id or lat,lon"));
    };
    if let Some((lat, lon)) = value.split_once(',')
        && let (Ok(lat), Ok(lon)) = (lat.trim().parse::<f64>(), lon.trim().parse::<f64>())
    {
        if !crate::city::incidents::AREA.contains(lat, lon) {
            return Err(FieldError::new(
                field,
                "outside_area",
                "the place is outside the network's area",
            ));
        }
        return Ok(Endpoint::Coord { lat, lon });
    }
    if tt.stop(&value).is_some() {
        Ok(Endpoint::Stop(value))
    } else {
        Err(FieldError::new(
            field,
            "unknown_stop",
            "no stop has this id",
        ))
    }
}

async fn routes_plan(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let at = at_of(&request, &platform)?;
    let arrive_by = match query_param(&request, "arrive_by")?.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            return Err(ApiError::field(
                "query.arrive_by",
                "invalid_boolean",
                "true or false",
            ));
        }
    };
    let (_, tt) = transit::require_timetable(&platform).await?;
    let (from, to) = (
        endpoint(&request, &tt, "from"),
        endpoint(&request, &tt, "to"),
    );
    let (from, to) = match (from, to) {
        (Ok(f), Ok(t)) => (f, t),
        (f, t) => {
            return Err(ApiError::Validation(
                [f.err(), t.err()].into_iter().flatten().collect(),
            ));
        }
    };
    let plan = PlanRequest {
        from,
        to,
        at,
        arrive_by,
        max_journeys: MAX_JOURNEYS,
    };
    let tt2 = tt.clone();
    let journeys = tokio::task::spawn_blocking(move || tt2.plan(&plan))
        .await
        .map_err(|e| ApiError::Internal(format!("planner task: {e}")))?
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    json(
        StatusCode::OK,
        &JourneyList {
            journeys: journeys.iter().map(JourneyView::from).collect(),
        },
    )
}
