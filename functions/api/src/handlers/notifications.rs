//! `/api/v1/notifications`: the in-app list (bursts grouped), the unread count, marking read.

use crate::accounts::directory;
use crate::accounts::model::ProfileSummary;
use crate::caller::caller;
use crate::io::{json, json_body, limit_param, query_param};
use crate::openapi::{OperationDoc, request_schema_of, schema_of};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::registry::{Auth, Handler, Route, Trigger};
use crate::social::notification_prefs::{self, Preferences};
use crate::social::notifications::{self, Kind};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route::http(
            "notifications-preferences",
            "GET",
            "/api/v1/notifications/preferences",
            Auth::User,
            |p, r| preferences(p, r).boxed(),
            OperationDoc::new(
                "notifications",
                "One's notification preferences (per kind: in app, e-mail digest; quiet hours)",
            )
            .response(200, "The preferences", schema_of::<Preferences>),
        ),
        Route::http(
            "notifications-preferences-update",
            "PUT",
            "/api/v1/notifications/preferences",
            Auth::User,
            |p, r| update_preferences(p, r).boxed(),
            OperationDoc::new("notifications", "Replace one's notification preferences")
                .body(request_schema_of::<Preferences>)
                .response(200, "The preferences as saved", schema_of::<Preferences>),
        ),
        Route {
            function: "notifications-digest",
            trigger: Trigger::Schedule {
                expression: "rate(1 hour)",
            },
            auth: Auth::Public,
            handler: Handler::Schedule(|p| {
                async move { crate::social::digest::send_all(&p).await.map(|_| ()) }.boxed()
            }),
            max_body_bytes: None,
            doc: None,
        },
        Route::http(
            "notifications-list",
            "GET",
            "/api/v1/notifications",
            Auth::User,
            |p, r| list(p, r).boxed(),
            OperationDoc::new(
                "notifications",
                "One's notifications, newest first, bursts grouped",
            )
            .paged()
            .response(
                200,
                "A page of notifications",
                schema_of::<NotificationPage>,
            ),
        ),
        Route::http(
            "notifications-unread",
            "GET",
            "/api/v1/notifications/unread",
            Auth::User,
            |p, r| unread(p, r).boxed(),
            OperationDoc::new(
                "notifications",
                "How many notifications are unread (of the newest 100)",
            )
            .response(200, "The count", schema_of::<Unread>),
        ),
        Route::http(
            "notifications-read",
            "POST",
            "/api/v1/notifications/read",
            Auth::User,
            |p, r| mark(p, r).boxed(),
            OperationDoc::new(
                "notifications",
                "Mark some notifications read, or all of them",
            )
            .body(request_schema_of::<MarkRead>)
            .response(200, "How many were marked", schema_of::<Marked>),
        ),
    ]
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct NotificationView {
    /// Ids of the notifications grouped here (newest first); pass them to mark them read.
    pub ids: Vec<String>,
    pub kind: Kind,
    /// Up to three of the residents behind it, newest first.
    pub actors: Vec<ProfileSummary>,
    /// How many residents in all ("Alice and 12 others").
    pub actor_count: u32,
    pub post_id: Option<String>,
    /// For messages: the conversation.
    pub conversation_id: Option<String>,
    /// For platform notices (event reminders, breaking news): what it is about. `actors` is empty.
    pub subject: Option<notifications::Subject>,
    pub created_at: String,
    pub read: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct NotificationPage {
    pub items: Vec<NotificationView>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Unread {
    pub unread: u32,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    /// The ids to mark; absent: all.
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub ids: Option<Vec<String>>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Marked {
    pub marked: u32,
}

fn s(item: &rouen_ports::Item, attr: &str) -> String {
    item.get(attr)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

async fn list(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let limit = limit_param(&request, 30, 100)?;
    let (items, next_cursor) = notifications::page(
        &platform,
        &caller.user_id,
        query_param(&request, "cursor")?,
        limit,
    )
    .await?;
    // Likes, comments and shares of one post within the page collapse into one entry.
    let mut groups: Vec<(Kind, Option<String>, Vec<rouen_ports::Item>)> = Vec::new();
    for item in items {
        let Ok(kind) =
            serde_json::from_value::<Kind>(item.get("kind").cloned().unwrap_or(Value::Null))
        else {
            continue;
        };
        let post = item
            .get("post_id")
            .and_then(Value::as_str)
            .map(str::to_owned);
        // Messages of one conversation collapse the same way, on the conversation.
        let post = if kind == Kind::Message {
            item.get("conversation_id")
                .and_then(Value::as_str)
                .map(str::to_owned)
        } else {
            post
        };
        let groupable = matches!(
            kind,
            Kind::Like | Kind::Comment | Kind::Share | Kind::Message
        ) && post.is_some();
        match groups
            .iter_mut()
            .find(|(k, p, _)| groupable && *k == kind && *p == post)
        {
            Some((_, _, members)) => members.push(item),
            None => groups.push((kind, post, vec![item])),
        }
    }
    let actor_ids: Vec<String> = groups
        .iter()
        .flat_map(|(_, _, m)| m.iter().map(|i| s(i, "actor_id")))
        .collect();
    let actors: HashMap<String, ProfileSummary> = directory::summaries(&platform, &actor_ids)
        .await?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    let mut out = Vec::new();
    for (kind, post_id, members) in groups {
        let mut distinct: Vec<String> = Vec::new();
        for m in &members {
            let a = s(m, "actor_id");
            if !distinct.contains(&a) {
                distinct.push(a);
            }
        }
        let shown: Vec<ProfileSummary> = distinct
            .iter()
            .filter_map(|a| actors.get(a).cloned())
            .take(3)
            .collect();
        let subject = members
            .first()
            .and_then(|m| m.get("subject").cloned())
            .and_then(|v| serde_json::from_value::<notifications::Subject>(v).ok());
        if shown.is_empty() && !(kind.is_system() && subject.is_some()) {
            continue;
        }
        out.push(NotificationView {
            ids: members.iter().map(|m| s(m, "id")).collect(),
            kind,
            actors: shown,
            actor_count: if kind.is_system() {
                0
            } else {
                distinct.len() as u32
            },
            conversation_id: (kind == Kind::Message).then(|| post_id.clone()).flatten(),
            post_id: (kind != Kind::Message).then_some(post_id).flatten(),
            subject,
            created_at: members
                .first()
                .map(|m| s(m, "created_at"))
                .unwrap_or_default(),
            read: members
                .iter()
                .all(|m| m.get("read").and_then(Value::as_bool) == Some(true)),
        });
    }
    json(
        StatusCode::OK,
        &NotificationPage {
            items: out,
            next_cursor,
        },
    )
}

async fn unread(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    json(
        StatusCode::OK,
        &Unread {
            unread: notifications::unread(&platform, &caller.user_id).await?,
        },
    )
}

async fn mark(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: MarkRead = json_body(&request)?;
    if input.ids.as_ref().is_some_and(|ids| ids.len() > 100) {
        return Err(ApiError::field(
            "body.ids",
            "too_many",
            "at most 100 notification ids",
        ));
    }
    // An id that cannot exist marks nothing; it is not an error.
    let ids: Option<Vec<String>> = input.ids.map(|ids| {
        ids.into_iter()
            .filter(|i| !i.is_empty() && i.len() <= 64)
            .collect()
    });
    let marked = notifications::mark_read(&platform, &caller.user_id, ids.as_deref()).await?;
    json(StatusCode::OK, &Marked { marked })
}

async fn preferences(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    json(
        StatusCode::OK,
        &notification_prefs::load(&platform, &caller.user_id).await?,
    )
}

async fn update_preferences(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: Preferences = json_body(&request)?;
    input.validate()?;
    notification_prefs::save(&platform, &caller.user_id, &input).await?;
    json(StatusCode::OK, &input)
}
