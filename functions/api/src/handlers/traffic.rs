//! Road traffic: the city summary, the live incidents (official and residents' reports), reporting
//! one, confirming or marking it gone, removing one's own (or, for moderators, any resident's).

use crate::caller::{caller, optional_caller};
use crate::city::incidents::{self, Area, IncidentType, IncidentView, NewReport, Vote};
use crate::io::{json, json_body, no_content, path_param, query_param};
use crate::openapi::{OperationDoc, ParamDoc, request_schema_of, schema_of};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::registry::{Auth, Handler, Route, Trigger};
use chrono::{DateTime, Utc};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json as json_value;
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route {
            function: "traffic-scrape",
            trigger: Trigger::Schedule {
                expression: "rate(10 minutes)",
            },
            auth: Auth::Public,
            handler: Handler::Schedule(|p| {
                async move {
                    crate::city::scrape::run_due(&p, rouen_city::SourceKind::Traffic)
                        .await
                        .map(|_| ())
                }
                .boxed()
            }),
            max_body_bytes: None,
            doc: None,
        },
        Route::http(
            "traffic-current",
            "GET",
            "/api/v1/traffic/current",
            Auth::Public,
            |p, r| current(p, r).boxed(),
            OperationDoc::new("traffic", "The traffic in Rouen now: a level, counts and the main incidents")
                .response(200, "The summary", schema_of::<TrafficSummary>),
        ),
        Route::http(
            "traffic-incidents-list",
            "GET",
            "/api/v1/traffic/incidents",
            Auth::Public,
            |p, r| list(p, r).boxed(),
            OperationDoc::new("traffic", "Live road incidents, newest first")
                .param(ParamDoc {
                    name: "type",
                    location: "query",
                    required: false,
                    description: "Only this type",
                    schema: || json_value!({"type": "string", "enum": IncidentType::ALL.map(IncidentType::code)}),
                })
                .param(ParamDoc {
                    name: "source",
                    location: "query",
                    required: false,
                    description: "`official` (scraped sources) or `resident` (reports)",
                    schema: || json_value!({"type": "string", "enum": ["official", "resident"]}),
                })
                .param(ParamDoc {
                    name: "bbox",
                    location: "query",
                    required: false,
                    description: "`minLon,minLat,maxLon,maxLat`: only incidents inside",
                    schema: || json_value!({"type": "string", "maxLength": 100}),
                })
                .response(200, "Incidents", schema_of::<IncidentList>),
        ),
        Route::http(
            "traffic-incidents-report",
            "POST",
            "/api/v1/traffic/incidents",
            Auth::User,
            |p, r| report(p, r).boxed(),
            OperationDoc::new("traffic", "Report a road incident at a place (it expires after a few hours)")
                .body(request_schema_of::<NewReport>)
                .response(201, "The report", schema_of::<IncidentView>),
        ),
        Route::http(
            "traffic-incidents-vote",
            "POST",
            "/api/v1/traffic/incidents/{id}/votes",
            Auth::User,
            |p, r| vote(p, r).boxed(),
            OperationDoc::new("traffic", "Confirm an incident is still there, or say it is gone")
                .param(incident_ref())
                .body(request_schema_of::<VoteRequest>)
                .response(200, "The incident with the counts", schema_of::<IncidentView>),
        ),
        Route::http(
            "traffic-incidents-delete",
            "DELETE",
            "/api/v1/traffic/incidents/{id}",
            Auth::User,
            |p, r| delete(p, r).boxed(),
            OperationDoc::new("traffic", "Remove one's own report (moderators: any resident's report)")
                .param(incident_ref())
                .no_content("Removed"),
        ),
    ]
}

fn incident_ref() -> ParamDoc {
    ParamDoc {
        name: "id",
        location: "path",
        required: true,
        description: "The incident's id",
        schema: || json_value!({"type": "string", "minLength": 1, "maxLength": 200}),
    }
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct IncidentList {
    pub incidents: Vec<IncidentView>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteRequest {
    pub vote: Vote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Fluid,
    Busy,
    Congested,
    Unknown,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct TrafficSummary {
    pub level: Level,
    pub incidents_count: usize,
    pub roadworks_count: usize,
    pub reports_count: usize,
    /// The incidents that matter most now (closures and accidents first).
    pub top: Vec<IncidentView>,
    /// Public transport lines with a disruption in force.
    pub disrupted_lines: usize,
    pub updated_at: DateTime<Utc>,
}

fn severity(kind: IncidentType) -> u8 {
    match kind {
        IncidentType::Closure => 0,
        IncidentType::Accident => 1,
        IncidentType::Congestion => 2,
        IncidentType::Hazard => 3,
        IncidentType::Event | IncidentType::Police => 4,
        IncidentType::Roadworks => 5,
        IncidentType::Other => 6,
    }
}

/// A coarse level from what is happening now: jams and accidents weigh, roadworks barely.
fn level(records: &[incidents::IncidentRecord]) -> Level {
    let weight: u32 = records
        .iter()
        .map(|r| match r.kind {
            IncidentType::Closure | IncidentType::Accident | IncidentType::Congestion => 2,
            IncidentType::Hazard | IncidentType::Event => 1,
            _ => 0,
        })
        .sum();
    match weight {
        0..=2 => Level::Fluid,
        3..=7 => Level::Busy,
        _ => Level::Congested,
    }
}

async fn current(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let viewer = optional_caller(&request).map(|c| c.user_id);
    let now = platform.clock.now();
    let live: Vec<_> = incidents::live(&platform)
        .await?
        .into_iter()
        .filter(|r| r.starts_at.is_none_or(|s| s <= now))
        .collect();
    let mut top: Vec<_> = live
        .iter()
        .filter(|r| r.kind != IncidentType::Roadworks)
        .cloned()
        .collect();
    top.sort_by_key(|r| (severity(r.kind), std::cmp::Reverse(r.created_at)));
    top.truncate(3);
    let summary = TrafficSummary {
        level: level(&live),
        incidents_count: live.len(),
        roadworks_count: live
            .iter()
            .filter(|r| r.kind == IncidentType::Roadworks)
            .count(),
        reports_count: live.iter().filter(|r| r.is_resident()).count(),
        top: incidents::views(&platform, &top, viewer.as_deref()).await?,
        disrupted_lines: crate::city::transit_alerts::disrupted_lines(&platform).await?,
        updated_at: now,
    };
    json(StatusCode::OK, &summary)
}

async fn list(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let viewer = optional_caller(&request).map(|c| c.user_id);
    let kind = match query_param(&request, "type")? {
        Some(t) => Some(IncidentType::parse(&t).ok_or_else(|| {
            ApiError::field("query.type", "invalid_type", "not an incident type")
        })?),
        None => None,
    };
    let official = match query_param(&request, "source")?.as_deref() {
        None => None,
        Some("official") => Some(true),
        Some("resident") => Some(false),
        Some(_) => {
            return Err(ApiError::field(
                "query.source",
                "invalid_source",
                "official or resident",
            ));
        }
    };
    let bbox = match query_param(&request, "bbox")? {
        Some(b) => Some(Area::parse_bbox(&b).ok_or_else(|| {
            ApiError::field(
                "query.bbox",
                "invalid_bbox",
                "minLon,minLat,maxLon,maxLat with min < max",
            )
        })?),
        None => None,
    };
    let records: Vec<_> = incidents::live(&platform)
        .await?
        .into_iter()
        .filter(|r| kind.is_none_or(|k| r.kind == k))
        .filter(|r| official.is_none_or(|o| o != r.is_resident()))
        .filter(|r| bbox.is_none_or(|b| b.contains(r.lat, r.lon)))
        .collect();
    json(
        StatusCode::OK,
        &IncidentList {
            incidents: incidents::views(&platform, &records, viewer.as_deref()).await?,
        },
    )
}

async fn report(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: NewReport = json_body(&request)?;
    let reporter = crate::accounts::directory::load_caller(&platform, &caller.user_id).await?;
    let record = incidents::report(&platform, &reporter, input).await?;
    let view = incidents::views(&platform, &[record], Some(&caller.user_id)).await?;
    json(StatusCode::CREATED, &view.into_iter().next())
}

async fn vote(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let id = path_param(&request, "id")?;
    let body: VoteRequest = json_body(&request)?;
    let record = incidents::vote(&platform, &id, &caller.user_id, body.vote)
        .await?
        .ok_or(ApiError::NotFound)?;
    let view = incidents::views(&platform, &[record], Some(&caller.user_id)).await?;
    json(StatusCode::OK, &view.into_iter().next())
}

async fn delete(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let id = path_param(&request, "id")?;
    let record = incidents::load(&platform, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let own = record.reporter_id.as_deref() == Some(caller.user_id.as_str());
    if !(own || caller.is_moderator() && record.is_resident()) {
        return Err(ApiError::Forbidden);
    }
    incidents::delete(&platform, &record).await?;
    tracing::info!(incident = %id, by = %caller.user_id, own, "incident removed");
    Ok(no_content())
}
