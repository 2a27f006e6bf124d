//! `/api/v1/moderation/*`: the reports queue, held posts, hiding and restoring posts, suspending
//! accounts, and the audit log. Moderators and administrators only.

use crate::accounts::directory;
use crate::caller::{Caller, caller};
use crate::io::{json, json_body, limit_param, path_param, query_param};
use crate::openapi::{OperationDoc, ParamDoc, request_schema_of, schema_of};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::registry::{Auth, Route};
use crate::social::model::{PostRecord, PostStatus, PostView};
use crate::social::moderation;
use crate::social::posts;
use crate::social::render::{Context, load_posts};
use chrono::{DateTime, Utc};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use rouen_ports::Query;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json as json_value};
use std::sync::Arc;

fn id_param(description: &'static str) -> ParamDoc {
    ParamDoc {
        name: "id",
        location: "path",
        required: true,
        description,
        schema: || json_value!({"type": "string", "minLength": 1, "maxLength": 64}),
    }
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::http(
            "moderation-reports",
            "GET",
            "/api/v1/moderation/reports",
            Auth::Admin,
            |p, r| reports(p, r).boxed(),
            OperationDoc::new(
                "moderation",
                "Open reports, oldest first, with the reported post",
            )
            .paged()
            .response(200, "A page of reports", schema_of::<ReportPage>),
        ),
        Route::http(
            "moderation-resolve-report",
            "POST",
            "/api/v1/moderation/reports/{id}/resolve",
            Auth::Admin,
            |p, r| resolve(p, r).boxed(),
            OperationDoc::new("moderation", "Close a report, saying what was done")
                .param(id_param("The report's id"))
                .body(request_schema_of::<ResolveInput>)
                .response(200, "The report as closed", schema_of::<ReportView>),
        ),
        Route::http(
            "moderation-held",
            "GET",
            "/api/v1/moderation/held",
            Auth::Admin,
            |p, r| held(p, r).boxed(),
            OperationDoc::new("moderation", "Posts the word list held back").response(
                200,
                "Held posts",
                schema_of::<HeldPosts>,
            ),
        ),
        Route::http(
            "moderation-post-status",
            "POST",
            "/api/v1/moderation/posts/{id}/status",
            Auth::Admin,
            |p, r| post_status(p, r).boxed(),
            OperationDoc::new("moderation", "Release, hide or restore a post")
                .param(id_param("The post's id"))
                .body(request_schema_of::<StatusInput>)
                .response(200, "The post", schema_of::<PostView>),
        ),
        Route::http(
            "moderation-suspend",
            "POST",
            "/api/v1/moderation/users/{id}/suspend",
            Auth::Admin,
            |p, r| suspend(p, r).boxed(),
            OperationDoc::new(
                "moderation",
                "Suspend an account for some days, or lift a suspension",
            )
            .param(id_param("The user's id or username"))
            .body(request_schema_of::<SuspendInput>)
            .response(200, "The suspension", schema_of::<Suspension>),
        ),
        Route::http(
            "moderation-audit",
            "GET",
            "/api/v1/moderation/audit",
            Auth::Admin,
            |p, r| audit_log(p, r).boxed(),
            OperationDoc::new(
                "moderation",
                "Every moderator action of a month, newest first",
            )
            .param(ParamDoc {
                name: "month",
                location: "query",
                required: false,
                description: "YYYY-MM (default: this month)",
                schema: || json_value!({"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"}),
            })
            .paged()
            .response(200, "A page of actions", schema_of::<AuditPage>),
        ),
    ]
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Dismissed,
    Hidden,
    Removed,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveInput {
    pub outcome: Outcome,
    #[serde(default)]
    #[schemars(length(max = 500))]
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModeratedStatus {
    Visible,
    Hidden,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusInput {
    pub status: ModeratedStatus,
    #[serde(default)]
    #[schemars(length(max = 500))]
    pub reason: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuspendInput {
    /// 1 to 365 days; null lifts a suspension.
    #[schemars(range(min = 1, max = 365))]
    pub days: Option<u32>,
    #[serde(default)]
    #[schemars(length(max = 500))]
    pub reason: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Suspension {
    pub user_id: String,
    pub suspended_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ReportView {
    pub id: String,
    pub post_id: String,
    pub reporter_id: String,
    pub reason: String,
    pub details: String,
    pub created_at: String,
    pub outcome: Option<String>,
    /// The post, unless it was deleted meanwhile.
    pub post: Option<PostView>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ReportPage {
    pub items: Vec<ReportView>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct HeldPosts {
    pub items: Vec<PostView>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct AuditEntry {
    pub id: String,
    pub moderator_id: String,
    pub action: String,
    pub target: String,
    pub reason: String,
    pub at: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    pub next_cursor: Option<String>,
}

fn s(item: &rouen_ports::Item, attr: &str) -> String {
    item.get(attr)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

async fn post_views(
    platform: &Platform,
    caller: &Caller,
    ids: &[String],
) -> Result<Vec<(String, PostView)>, ApiError> {
    let found = load_posts(platform, ids).await?;
    let posts: Vec<PostRecord> = ids.iter().filter_map(|id| found.get(id).cloned()).collect();
    let ctx = Context::for_posts(platform, Some(&caller.user_id), true, &posts).await?;
    let mut out = Vec::new();
    for p in &posts {
        if let Some(v) = ctx.view(platform, p).await? {
            out.push((p.id.clone(), v));
        }
    }
    Ok(out)
}

fn report_view(item: &rouen_ports::Item, post: Option<PostView>) -> ReportView {
    ReportView {
        id: s(item, "id"),
        post_id: s(item, "post_id"),
        reporter_id: s(item, "reporter_id"),
        reason: s(item, "reason"),
        details: s(item, "details"),
        created_at: s(item, "created_at"),
        outcome: item
            .get("outcome")
            .and_then(Value::as_str)
            .map(str::to_owned),
        post,
    }
}

async fn reports(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let limit = limit_param(&request, 20, 100)?;
    let (items, next_cursor) =
        moderation::open_reports(&platform, query_param(&request, "cursor")?, limit).await?;
    let ids: Vec<String> = items.iter().map(|i| s(i, "post_id")).collect();
    let views: std::collections::HashMap<String, PostView> = post_views(&platform, &caller, &ids)
        .await?
        .into_iter()
        .collect();
    let items = items
        .iter()
        .map(|i| report_view(i, views.get(&s(i, "post_id")).cloned()))
        .collect();
    json(StatusCode::OK, &ReportPage { items, next_cursor })
}

async fn resolve(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: ResolveInput = json_body(&request)?;
    let id = path_param(&request, "id")?;
    let report = platform
        .store
        .get(&crate::social::keys::report(&id))
        .await?
        .ok_or(ApiError::NotFound)?;
    let post_id = s(&report, "post_id");
    if let Some(post) = posts::load(&platform, &post_id).await? {
        match input.outcome {
            Outcome::Dismissed => {}
            Outcome::Hidden => moderation::set_status(&platform, &post, PostStatus::Hidden).await?,
            Outcome::Removed => posts::delete(&platform, &post).await?,
        }
    }
    let outcome = serde_json::to_value(input.outcome)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let closed = moderation::close_report(&platform, &id, &outcome, &caller.user_id).await?;
    moderation::audit(
        &platform,
        &caller.user_id,
        &format!("report_{outcome}"),
        &format!("post:{post_id}"),
        &input.reason,
    )
    .await?;
    json(StatusCode::OK, &report_view(&closed, None))
}

async fn held(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let ids = moderation::held_posts(&platform).await?;
    let items = post_views(&platform, &caller, &ids)
        .await?
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    json(StatusCode::OK, &HeldPosts { items })
}

async fn post_status(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: StatusInput = json_body(&request)?;
    let post = posts::load(&platform, &path_param(&request, "id")?)
        .await?
        .ok_or(ApiError::NotFound)?;
    let (status, action) = match input.status {
        ModeratedStatus::Visible => (PostStatus::Visible, "post_released"),
        ModeratedStatus::Hidden => (PostStatus::Hidden, "post_hidden"),
    };
    moderation::set_status(&platform, &post, status).await?;
    platform
        .store
        .delete(&moderation::held_key(&post.id), None)
        .await?;
    moderation::audit(
        &platform,
        &caller.user_id,
        action,
        &format!("post:{}", post.id),
        &input.reason,
    )
    .await?;
    let updated = posts::load(&platform, &post.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let view = post_views(&platform, &caller, std::slice::from_ref(&updated.id)).await?;
    json(
        StatusCode::OK,
        &view
            .into_iter()
            .next()
            .map(|(_, v)| v)
            .ok_or(ApiError::NotFound)?,
    )
}

async fn suspend(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: SuspendInput = json_body(&request)?;
    let user = directory::resolve(&platform, &path_param(&request, "id")?).await?;
    if user.id == caller.user_id {
        return Err(ApiError::field(
            "path.id",
            "self",
            "you cannot suspend yourself",
        ));
    }
    let until = match input.days {
        Some(d) if (1..=365).contains(&d) => {
            Some(platform.clock.now() + chrono::Duration::days(i64::from(d)))
        }
        Some(_) => {
            return Err(ApiError::field(
                "body.days",
                "out_of_range",
                "from 1 to 365 days",
            ));
        }
        None => None,
    };
    moderation::suspend(&platform, &user.id, until).await?;
    let action = if until.is_some() {
        "user_suspended"
    } else {
        "user_reinstated"
    };
    moderation::audit(
        &platform,
        &caller.user_id,
        action,
        &format!("user:{}", user.id),
        &input.reason,
    )
    .await?;
    json(
        StatusCode::OK,
        &Suspension {
            user_id: user.id,
            suspended_until: until,
        },
    )
}

async fn audit_log(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    caller(&request)?;
    let month = match query_param(&request, "month")? {
        Some(m) => {
            let ok = m.len() == 7
                && chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").is_ok();
            if !ok {
                return Err(ApiError::field(
                    "query.month",
                    "invalid_format",
                    "month is YYYY-MM",
                ));
            }
            m
        }
        None => platform.clock.now().format("%Y-%m").to_string(),
    };
    let limit = limit_param(&request, 20, 100)?;
    let page = platform
        .store
        .query(
            &Query::partition(format!("AUDIT#{month}"))
                .descending()
                .limit(limit)
                .after(query_param(&request, "cursor")?),
        )
        .await?;
    let items = page
        .items
        .iter()
        .map(|i| AuditEntry {
            id: s(i, "id"),
            moderator_id: s(i, "moderator_id"),
            action: s(i, "action"),
            target: s(i, "target"),
            reason: s(i, "reason"),
            at: s(i, "at"),
        })
        .collect();
    json(
        StatusCode::OK,
        &AuditPage {
            items,
            next_cursor: page.cursor,
        },
    )
}
