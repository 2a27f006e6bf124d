//! Events: lists with filters, search, categories, the month calendar, detail and iCalendar, RSVPs,
//! favourites, the resident's own events and calendar feed; and the schedules that scrape event
//! sources and send reminders.

use crate::caller::{caller, optional_caller};
use crate::city::events::{self, Filter, StoredEvent};
use crate::city::rsvp::{self, MyList, Status};
use crate::city::{ics, reminders, scrape};
use crate::io::{json, json_body, limit_param, path_param, query_param, trim_schema};
use crate::openapi::{OperationDoc, ParamDoc, request_schema_of, schema_of};
use crate::platform::Platform;
use crate::problem::{ApiError, FieldError};
use crate::registry::{Auth, Handler, Route, Trigger};
use chrono::{Datelike, Duration, NaiveDate};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use rouen_city::{EventCategory, EventStatus, Price, SourceKind, TZ};
use rouen_ports::GeoPoint;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json as json_value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

const DEFAULT_DAYS: i64 = 90;
const MAX_RANGE_DAYS: i64 = 366;

pub fn routes() -> Vec<Route> {
    vec![
        Route {
            function: "events-scrape",
            trigger: Trigger::Schedule { expression: "rate(30 minutes)" },
            auth: Auth::Public,
            handler: Handler::Schedule(|p| {
                async move { scrape::run_due(&p, SourceKind::Events).await.map(|_| ()) }.boxed()
            }),
            max_body_bytes: None,
            doc: None,
        },
        Route {
            function: "events-reminders",
            trigger: Trigger::Schedule { expression: "rate(60 minutes)" },
            auth: Auth::Public,
            handler: Handler::Schedule(|p| async move { reminders::run(&p).await.map(|_| ()) }.boxed()),
            max_body_bytes: None,
            doc: None,
        },
        Route::http(
            "events-list",
            "GET",
            "/api/v1/events",
            Auth::Public,
            |p, r| list(p, r).boxed(),
            OperationDoc::new("events", "Upcoming and ongoing events in and around Rouen, soonest first")
                .param(date_param("from", "First day (Europe/Paris), default today"))
                .param(date_param("to", "Last day, default 90 days after `from`; at most 366 days after it"))
                .param(category_param())
                .param(ParamDoc {
                    name: "free",
                    location: "query",
                    required: false,
                    description: "`true`: only free events",
                    schema: || json_value!({"type": "string", "enum": ["true", "false"]}),
                })
                .param(ParamDoc {
                    name: "neighbourhood",
                    location: "query",
                    required: false,
                    description: "A neighbourhood id (see /neighbourhoods)",
                    schema: || json_value!({"type": "string", "maxLength": 60}),
                })
                .param(ParamDoc {
                    name: "near",
                    location: "query",
                    required: false,
                    description: "`lat,lon`: only events within `radius_km` of this point",
                    schema: || json_value!({"type": "string", "pattern": "^-?[0-9]{1,2}(\\.[0-9]+)?,-?[0-9]{1,3}(\\.[0-9]+)?$"}),
                })
                .param(ParamDoc {
                    name: "radius_km",
                    location: "query",
                    required: false,
                    description: "Radius for `near` (0.1 to 50, default 2)",
                    schema: || json_value!({"type": "number", "minimum": 0.1, "maximum": 50}),
                })
                .param(ParamDoc {
                    name: "q",
                    location: "query",
                    required: false,
                    description: "Words to look for (1 to 100 characters)",
                    schema: || json_value!({"type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"}),
                })
                .paged()
                .response(200, "Events, soonest first", schema_of::<EventList>),
        ),
        Route::http(
            "events-search",
            "GET",
            "/api/v1/events/search",
            Auth::Public,
            |p, r| search(p, r).boxed(),
            OperationDoc::new("events", "Search events (accents folded, French stemming), best first")
                .param(ParamDoc {
                    name: "q",
                    location: "query",
                    required: true,
                    description: "Words to look for (1 to 100 characters)",
                    schema: || json_value!({"type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"}),
                })
                .param(ParamDoc::limit())
                .response(200, "Matching events", schema_of::<EventList>),
        ),
        Route::http(
            "events-categories",
            "GET",
            "/api/v1/events/categories",
            Auth::Public,
            |p, r| categories(p, r).boxed(),
            OperationDoc::new("events", "Every event category with the number of events in the next 90 days")
                .response(200, "Categories", schema_of::<CategoryList>),
        ),
        Route::http(
            "events-calendar",
            "GET",
            "/api/v1/events/calendar",
            Auth::Public,
            |p, r| calendar(p, r).boxed(),
            OperationDoc::new("events", "A month of events by day (a multi-day event is on each of its days)")
                .param(ParamDoc {
                    name: "month",
                    location: "query",
                    required: true,
                    description: "`YYYY-MM`",
                    schema: || json_value!({"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"}),
                })
                .param(category_param())
                .param(ParamDoc {
                    name: "mine",
                    location: "query",
                    required: false,
                    description: "`true`: only events the caller RSVP'd to or saved (needs a token)",
                    schema: || json_value!({"type": "string", "enum": ["true", "false"]}),
                })
                .response(200, "The month's days that have events", schema_of::<Calendar>),
        ),
        Route::http(
            "events-get",
            "GET",
            "/api/v1/events/{id}",
            Auth::Public,
            |p, r| get(p, r).boxed(),
            OperationDoc::new("events", "One event; `{id}.ics` answers it as iCalendar")
                .param(event_ref())
                .response(200, "The event", schema_of::<EventView>),
        ),
        Route::http(
            "events-rsvp",
            "POST",
            "/api/v1/events/{id}/rsvp",
            Auth::User,
            |p, r| rsvp_set(p, r).boxed(),
            OperationDoc::new("events", "Say one is going to, or interested in, an event")
                .param(event_ref())
                .body(request_schema_of::<RsvpRequest>)
                .response(200, "The caller's RSVP and the counts", schema_of::<RsvpState>),
        ),
        Route::http(
            "events-rsvp-delete",
            "DELETE",
            "/api/v1/events/{id}/rsvp",
            Auth::User,
            |p, r| rsvp_delete(p, r).boxed(),
            OperationDoc::new("events", "Withdraw one's RSVP")
                .param(event_ref())
                .response(200, "No RSVP any more, and the counts", schema_of::<RsvpState>),
        ),
        Route::http(
            "events-favourite",
            "PUT",
            "/api/v1/events/{id}/favourite",
            Auth::User,
            |p, r| favourite(p, r, true).boxed(),
            OperationDoc::new("events", "Save an event")
                .param(event_ref())
                .response(200, "Saved", schema_of::<FavouriteState>),
        ),
        Route::http(
            "events-unfavourite",
            "DELETE",
            "/api/v1/events/{id}/favourite",
            Auth::User,
            |p, r| favourite(p, r, false).boxed(),
            OperationDoc::new("events", "Unsave an event")
                .param(event_ref())
                .response(200, "Not saved", schema_of::<FavouriteState>),
        ),
        Route::http(
            "users-me-events",
            "GET",
            "/api/v1/users/me/events",
            Auth::User,
            |p, r| my_events(p, r).boxed(),
            OperationDoc::new("events", "The caller's events (going, interested or saved), soonest first")
                .param(ParamDoc {
                    name: "kind",
                    location: "query",
                    required: false,
                    description: "`going`, `interested` or `favourite` (default `going`)",
                    schema: || json_value!({"type": "string", "enum": ["going", "interested", "favourite"]}),
                })
                .response(200, "Events", schema_of::<EventList>),
        ),
        Route::http(
            "users-me-calendar-feed",
            "POST",
            "/api/v1/users/me/calendar-feed",
            Auth::User,
            |p, r| calendar_feed(p, r).boxed(),
            OperationDoc::new("events", "Create (or replace) the caller's private iCalendar feed of their RSVPs")
                .response(201, "The feed's secret URL", schema_of::<CalendarFeed>),
        ),
        Route::http(
            "calendar-feed",
            "GET",
            "/api/v1/calendar/{token}",
            Auth::Public,
            |p, r| feed(p, r).boxed(),
            OperationDoc::new("events", "A resident's RSVPs as iCalendar (`{token}.ics`, the URL is the secret)")
                .param(ParamDoc {
                    name: "token",
                    location: "path",
                    required: true,
                    description: "The feed token, with `.ics`",
                    schema: || json_value!({"type": "string", "maxLength": 60}),
                })
                .response(200, "text/calendar", schema_of::<String>),
        ),
    ]
}

fn date_param(name: &'static str, description: &'static str) -> ParamDoc {
    ParamDoc {
        name,
        location: "query",
        required: false,
        description,
        schema: || json_value!({"type": "string", "format": "date"}),
    }
}

fn category_param() -> ParamDoc {
    ParamDoc {
        name: "category",
        location: "query",
        required: false,
        description: "A category code",
        schema: || json_value!({"type": "string", "enum": EventCategory::ALL.iter().map(|c| c.code()).collect::<Vec<_>>()}),
    }
}

fn event_ref() -> ParamDoc {
    ParamDoc {
        name: "id",
        location: "path",
        required: true,
        description: "The event id",
        schema: || json_value!({"type": "string", "maxLength": 40}),
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OccurrenceView {
    pub starts_at: String,
    pub ends_at: Option<String>,
    pub all_day: bool,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct VenueView {
    pub name: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PriceView {
    /// `free`, `paid` or `unknown`.
    pub kind: String,
    pub min_cents: Option<u32>,
    pub max_cents: Option<u32>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SourceRef {
    pub source_id: String,
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EventView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub starts_at: String,
    pub ends_at: Option<String>,
    pub all_day: bool,
    pub occurrences: Vec<OccurrenceView>,
    pub venue: Option<VenueView>,
    pub neighbourhood: Option<String>,
    pub price: PriceView,
    pub category: String,
    pub image: Option<String>,
    /// `scheduled`, `cancelled` or `postponed`.
    pub status: String,
    pub sources: Vec<SourceRef>,
    pub going_count: i64,
    pub interested_count: i64,
    /// `going`, `interested` or null.
    pub my_rsvp: Option<Status>,
    pub favourite: bool,
    pub map_url: Option<String>,
    pub ics_url: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EventList {
    pub items: Vec<EventView>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CategoryCount {
    pub code: String,
    pub upcoming: u32,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CategoryList {
    pub items: Vec<CategoryCount>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CalendarDay {
    pub date: String,
    pub items: Vec<EventView>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Calendar {
    pub month: String,
    pub days: Vec<CalendarDay>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RsvpRequest {
    pub status: Status,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RsvpState {
    pub status: Option<Status>,
    pub going_count: i64,
    pub interested_count: i64,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FavouriteState {
    pub favourite: bool,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CalendarFeed {
    pub url: String,
}

fn source_names() -> HashMap<String, String> {
    rouen_city::registry()
        .map(|sources| sources.into_iter().map(|s| (s.id, s.name)).collect())
        .unwrap_or_default()
}

/// What the caller has said about these events.
struct Mine {
    rsvps: HashMap<String, Status>,
    favourites: BTreeSet<String>,
}

async fn mine(platform: &Platform, user: Option<&str>, ids: &[String]) -> Result<Mine, ApiError> {
    let mut out = Mine {
        rsvps: HashMap::new(),
        favourites: BTreeSet::new(),
    };
    let Some(user) = user else {
        return Ok(out);
    };
    let mut keys = Vec::new();
    for id in ids {
        keys.push(rouen_ports::Key::new(
            format!("EVENT#{id}"),
            format!("RSVP#{user}"),
        ));
        keys.push(rouen_ports::Key::new(
            format!("EVENT#{id}"),
            format!("FAV#{user}"),
        ));
    }
    for chunk in keys.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
        for item in platform.store.batch_get(chunk).await? {
            let Some(id) = item.get("event_id").and_then(|v| v.as_str()) else {
                continue;
            };
            let sk = item.get("sk").and_then(|v| v.as_str()).unwrap_or("");
            if sk.starts_with("FAV#") {
                out.favourites.insert(id.to_owned());
            } else if let Some(status) = item
                .get("status")
                .cloned()
                .and_then(|v| serde_json::from_value::<Status>(v).ok())
            {
                out.rsvps.insert(id.to_owned(), status);
            }
        }
    }
    Ok(out)
}

fn view(event: &StoredEvent, mine: &Mine, names: &HashMap<String, String>) -> EventView {
    let r = &event.record;
    let d = &r.draft;
    let occurrences: Vec<OccurrenceView> = d
        .occurrences
        .iter()
        .map(|o| OccurrenceView {
            starts_at: o.starts_at.to_rfc3339(),
            ends_at: o.ends_at.map(|e| e.to_rfc3339()),
            all_day: o.all_day,
        })
        .collect();
    let venue = d.venue.as_ref().map(|v| VenueView {
        name: v.name.clone(),
        address: v.address.clone(),
        postal_code: v.postal_code.clone(),
        city: v.city.clone(),
        lat: v.lat,
        lon: v.lon,
    });
    let map_url = d.venue.as_ref().and_then(|v| {
        let (lat, lon) = (v.lat?, v.lon?);
        Some(format!(
            "https://www.openstreetmap.org/?mlat={lat:.5}&mlon={lon:.5}#map=17/{lat:.5}/{lon:.5}"
        ))
    });
    let price = match d.price {
        Price::Free => PriceView {
            kind: "free".into(),
            min_cents: None,
            max_cents: None,
        },
        Price::Paid {
            min_cents,
            max_cents,
        } => PriceView {
            kind: "paid".into(),
            min_cents,
            max_cents,
        },
        Price::Unknown => PriceView {
            kind: "unknown".into(),
            min_cents: None,
            max_cents: None,
        },
    };
    EventView {
        id: r.id.clone(),
        title: d.title.clone(),
        description: d.description.clone(),
        starts_at: r.starts_at().to_rfc3339(),
        ends_at: r.ends_at().map(|e| e.to_rfc3339()),
        all_day: d.occurrences.iter().all(|o| o.all_day),
        occurrences,
        venue,
        neighbourhood: r.neighbourhood.clone(),
        price,
        category: r.category.code().into(),
        image: d.image.clone(),
        status: match d.status {
            EventStatus::Scheduled => "scheduled",
            EventStatus::Cancelled => "cancelled",
            EventStatus::Postponed => "postponed",
        }
        .into(),
        sources: r
            .sources
            .iter()
            .map(|s| SourceRef {
                source_id: s.source_id.clone(),
                name: names
                    .get(&s.source_id)
                    .cloned()
                    .unwrap_or_else(|| s.source_id.clone()),
                url: s.url.clone(),
            })
            .collect(),
        going_count: event.going_count,
        interested_count: event.interested_count,
        my_rsvp: mine.rsvps.get(&r.id).copied(),
        favourite: mine.favourites.contains(&r.id),
        map_url,
        ics_url: format!("/api/v1/events/{}.ics", r.id),
    }
}

async fn views(
    platform: &Platform,
    request: &Request,
    events: &[StoredEvent],
) -> Result<Vec<EventView>, ApiError> {
    let caller = optional_caller(request);
    let ids: Vec<String> = events.iter().map(|e| e.record.id.clone()).collect();
    let mine = mine(platform, caller.as_ref().map(|c| c.user_id.as_str()), &ids).await?;
    let names = source_names();
    Ok(events.iter().map(|e| view(e, &mine, &names)).collect())
}

fn today(platform: &Platform) -> NaiveDate {
    platform.clock.now().with_timezone(&TZ).date_naive()
}

fn parse_date(
    request: &Request,
    name: &str,
    errors: &mut Vec<FieldError>,
) -> Result<Option<NaiveDate>, ApiError> {
    Ok(match query_param(request, name)? {
        None => None,
        Some(raw) => match NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d") {
            Ok(d) if raw.trim().len() == 10 => Some(d),
            _ => {
                errors.push(FieldError::new(
                    format!("query.{name}"),
                    "invalid_date",
                    format!("{name} is a date YYYY-MM-DD"),
                ));
                None
            }
        },
    })
}

fn parse_category(
    request: &Request,
    errors: &mut Vec<FieldError>,
) -> Result<Option<EventCategory>, ApiError> {
    Ok(match query_param(request, "category")? {
        None => None,
        Some(raw) => match EventCategory::from_code(raw.trim()) {
            Some(c) => Some(c),
            None => {
                errors.push(FieldError::new(
                    "query.category",
                    "unknown_category",
                    "category is one of the codes of /events/categories",
                ));
                None
            }
        },
    })
}

fn parse_bool(
    request: &Request,
    name: &str,
    errors: &mut Vec<FieldError>,
) -> Result<bool, ApiError> {
    Ok(match query_param(request, name)?.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            errors.push(FieldError::new(
                format!("query.{name}"),
                "invalid_boolean",
                format!("{name} is `true` or `false`"),
            ));
            false
        }
    })
}

/// Offset cursors: an event list is computed whole (a city's months are small) and sliced.
fn parse_cursor(request: &Request) -> Result<usize, ApiError> {
    match query_param(request, "cursor")? {
        None => Ok(0),
        Some(raw) => raw
            .strip_prefix("o")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n <= 100_000)
            .ok_or(ApiError::InvalidCursor),
    }
}

async fn list(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let mut errors = Vec::new();
    let from = parse_date(&request, "from", &mut errors)?;
    let to = parse_date(&request, "to", &mut errors)?;
    let category = parse_category(&request, &mut errors)?;
    let free = parse_bool(&request, "free", &mut errors)?;
    let neighbourhood = query_param(&request, "neighbourhood")?.map(|n| n.trim().to_owned());
    if let Some(n) = &neighbourhood
        && crate::accounts::neighbourhoods::find(n).is_none()
    {
        errors.push(FieldError::new(
            "query.neighbourhood",
            "unknown_neighbourhood",
            "neighbourhood is an id of /neighbourhoods",
        ));
    }
    let radius = match query_param(&request, "radius_km")? {
        None => 2.0,
        Some(raw) => match raw.trim().parse::<f64>() {
            Ok(r) if (0.1..=50.0).contains(&r) => r,
            _ => {
                errors.push(FieldError::new(
                    "query.radius_km",
                    "out_of_range",
                    "radius_km is 0.1 to 50",
                ));
                2.0
            }
        },
    };
    let near = match query_param(&request, "near")? {
        None => None,
        Some(raw) => {
            let point = raw.split_once(',').and_then(|(a, b)| {
                let p = GeoPoint {
                    lat: a.trim().parse().ok()?,
                    lon: b.trim().parse().ok()?,
                };
                ((-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon)).then_some(p)
            });
            if point.is_none() {
                errors.push(FieldError::new(
                    "query.near",
                    "invalid_point",
                    "near is `lat,lon`",
                ));
            }
            point.map(|p| (p, radius))
        }
    };
    let q = match query_param(&request, "q")? {
        None => None,
        Some(raw) => {
            let q = trim_schema(&raw).to_owned();
            if q.is_empty() || q.chars().count() > 100 {
                errors.push(FieldError::new(
                    "query.q",
                    "invalid_length",
                    "q has 1 to 100 characters",
                ));
            }
            Some(q)
        }
    };
    let limit = limit_param(&request, 20, 100)? as usize;
    let offset = parse_cursor(&request)?;
    let from = from.unwrap_or_else(|| today(&platform));
    let to = to.unwrap_or(from + Duration::days(DEFAULT_DAYS));
    if to < from || (to - from).num_days() > MAX_RANGE_DAYS {
        errors.push(FieldError::new(
            "query.to",
            "invalid_range",
            "to is on or after from, at most 366 days later",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let only = match &q {
        Some(q) => Some(
            events::search_ids(&platform, q, 100)
                .await?
                .into_iter()
                .collect(),
        ),
        None => None,
    };
    let filter = Filter {
        from: Some(from),
        to: Some(to),
        category,
        free,
        neighbourhood,
        near,
        only,
    };
    let all = events::in_range(&platform, from, to, &filter).await?;
    let page: Vec<StoredEvent> = all.iter().skip(offset).take(limit).cloned().collect();
    let next_cursor =
        (offset + page.len() < all.len()).then(|| format!("o{}", offset + page.len()));
    let items = views(&platform, &request, &page).await?;
    json(StatusCode::OK, &EventList { items, next_cursor })
}

async fn search(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let q = crate::io::search_text(&request)?;
    let limit = limit_param(&request, 20, 50)?;
    let ids = events::search_ids(&platform, &q, limit).await?;
    let found = events::load_many(&platform, &ids).await?;
    let ordered: Vec<StoredEvent> = ids.iter().filter_map(|id| found.get(id).cloned()).collect();
    let items = views(&platform, &request, &ordered).await?;
    json(
        StatusCode::OK,
        &EventList {
            items,
            next_cursor: None,
        },
    )
}

async fn categories(
    platform: Arc<Platform>,
    _request: Request,
) -> Result<Response<Body>, ApiError> {
    let from = today(&platform);
    let to = from + Duration::days(DEFAULT_DAYS);
    let all = events::in_range(&platform, from, to, &Filter::default()).await?;
    let mut counts: BTreeMap<EventCategory, u32> = BTreeMap::new();
    for e in &all {
        *counts.entry(e.record.category).or_insert(0) += 1;
    }
    let items = EventCategory::ALL
        .iter()
        .map(|c| CategoryCount {
            code: c.code().into(),
            upcoming: counts.get(c).copied().unwrap_or(0),
        })
        .collect();
    let mut response = json(StatusCode::OK, &CategoryList { items })?;
    response.headers_mut().insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("public, max-age=300"),
    );
    Ok(response)
}

async fn calendar(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let mut errors = Vec::new();
    let month = query_param(&request, "month")?.unwrap_or_default();
    let first = NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d")
        .ok()
        .filter(|_| month.trim().len() == 7);
    if first.is_none() {
        errors.push(FieldError::new(
            "query.month",
            "invalid_month",
            "month is YYYY-MM",
        ));
    }
    let category = parse_category(&request, &mut errors)?;
    let mine_only = parse_bool(&request, "mine", &mut errors)?;
    let caller = optional_caller(&request);
    if mine_only && caller.is_none() {
        return Err(ApiError::Unauthorized);
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let Some(first) = first else {
        return Err(ApiError::Validation(errors));
    };
    let last = NaiveDate::from_ymd_opt(
        if first.month() == 12 {
            first.year() + 1
        } else {
            first.year()
        },
        if first.month() == 12 {
            1
        } else {
            first.month() + 1
        },
        1,
    )
    .and_then(|d| d.pred_opt())
    .unwrap_or(first);
    let only = match (&caller, mine_only) {
        (Some(c), true) => {
            let since =
                first.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - Duration::days(400);
            let mut ids = BTreeSet::new();
            for list in [MyList::Rsvp, MyList::Favourite] {
                for e in rsvp::my_events(&platform, &c.user_id, list, since).await? {
                    ids.insert(e.record.id);
                }
            }
            Some(ids)
        }
        _ => None,
    };
    let filter = Filter {
        category,
        only,
        ..Filter::default()
    };
    let all = events::in_range(&platform, first, last, &filter).await?;
    let rendered = views(&platform, &request, &all).await?;
    let by_id: HashMap<&str, &EventView> = rendered.iter().map(|v| (v.id.as_str(), v)).collect();
    let mut days: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
    for e in &all {
        for day in e.record.days_within(first, last) {
            days.entry(day).or_default().push(e.record.id.clone());
        }
    }
    let days = days
        .into_iter()
        .map(|(date, ids)| CalendarDay {
            date: date.to_string(),
            items: ids
                .iter()
                .filter_map(|id| by_id.get(id.as_str()).map(|v| (*v).clone()))
                .collect(),
        })
        .collect();
    json(
        StatusCode::OK,
        &Calendar {
            month: first.format("%Y-%m").to_string(),
            days,
        },
    )
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 40 && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

async fn load_event(platform: &Platform, id: &str) -> Result<StoredEvent, ApiError> {
    if !valid_id(id) {
        return Err(ApiError::NotFound);
    }
    events::load(platform, id).await?.ok_or(ApiError::NotFound)
}

async fn get(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let raw = path_param(&request, "id")?;
    if let Some(id) = raw.strip_suffix(".ics") {
        let event = load_event(&platform, id).await?;
        let body = ics::calendar(
            &event.record.draft.title,
            std::slice::from_ref(&event.record),
            &platform.settings.auth.web_url,
            platform.clock.now(),
        );
        return calendar_response(body, &format!("{id}.ics"));
    }
    let event = load_event(&platform, &raw).await?;
    let mut items = views(&platform, &request, std::slice::from_ref(&event)).await?;
    let view = items.pop().ok_or(ApiError::NotFound)?;
    json(StatusCode::OK, &view)
}

fn calendar_response(body: String, filename: &str) -> Result<Response<Body>, ApiError> {
    Response::builder()
        .status(StatusCode::OK)
        .header(http::header::CONTENT_TYPE, "text/calendar; charset=utf-8")
        .header(
            http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        )
        .header(http::header::CACHE_CONTROL, "private, max-age=300")
        .body(Body::Text(body))
        .map_err(|e| ApiError::Internal(e.to_string()))
}

async fn rsvp_state(platform: &Platform, id: &str, user: &str) -> Result<RsvpState, ApiError> {
    let event = load_event(platform, id).await?;
    Ok(RsvpState {
        status: rsvp::of(platform, id, user).await?,
        going_count: event.going_count,
        interested_count: event.interested_count,
    })
}

async fn rsvp_set(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let id = path_param(&request, "id")?;
    let body: RsvpRequest = json_body(&request)?;
    let event = load_event(&platform, &id).await?;
    rsvp::set(&platform, &event.record, &caller.user_id, Some(body.status)).await?;
    json(
        StatusCode::OK,
        &rsvp_state(&platform, &id, &caller.user_id).await?,
    )
}

async fn rsvp_delete(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let id = path_param(&request, "id")?;
    let event = load_event(&platform, &id).await?;
    rsvp::set(&platform, &event.record, &caller.user_id, None).await?;
    json(
        StatusCode::OK,
        &rsvp_state(&platform, &id, &caller.user_id).await?,
    )
}

async fn favourite(
    platform: Arc<Platform>,
    request: Request,
    on: bool,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let id = path_param(&request, "id")?;
    let event = load_event(&platform, &id).await?;
    rsvp::set_favourite(&platform, &event.record, &caller.user_id, on).await?;
    json(StatusCode::OK, &FavouriteState { favourite: on })
}

async fn my_events(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let list = match query_param(&request, "kind")?.as_deref() {
        None | Some("going") => MyList::Going,
        Some("interested") => MyList::Interested,
        Some("favourite") => MyList::Favourite,
        Some(_) => {
            return Err(ApiError::field(
                "query.kind",
                "invalid_kind",
                "kind is going, interested or favourite",
            ));
        }
    };
    let since = platform.clock.now() - Duration::days(30);
    let found = rsvp::my_events(&platform, &caller.user_id, list, since).await?;
    let items = views(&platform, &request, &found).await?;
    json(
        StatusCode::OK,
        &EventList {
            items,
            next_cursor: None,
        },
    )
}

async fn calendar_feed(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let token = rsvp::rotate_feed_token(&platform, &caller.user_id).await?;
    let base = platform.settings.auth.web_url.trim_end_matches('/');
    json(
        StatusCode::CREATED,
        &CalendarFeed {
            url: format!("{base}/api/v1/calendar/{token}.ics"),
        },
    )
}

async fn feed(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let raw = path_param(&request, "token")?;
    let token = raw.strip_suffix(".ics").unwrap_or(&raw);
    let owner = rsvp::feed_owner(&platform, token)
        .await?
        .ok_or(ApiError::NotFound)?;
    let since = platform.clock.now() - Duration::days(30);
    let found = rsvp::my_events(&platform, &owner, MyList::Rsvp, since).await?;
    let records: Vec<_> = found.into_iter().map(|e| e.record).collect();
    let body = ics::calendar(
        "Rouen Social",
        &records,
        &platform.settings.auth.web_url,
        platform.clock.now(),
    );
    calendar_response(body, "rouen-social.ics")
}
