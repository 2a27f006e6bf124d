//! Follows, follow requests, blocks and mutes.

use crate::accounts::directory;
use crate::accounts::graph::{self, FollowState, Listing};
use crate::accounts::model::ProfileSummary;
use crate::caller::{caller, optional_caller};
use crate::io::{json, limit_param, no_content, path_param, query_param};
use crate::openapi::{OperationDoc, ParamDoc, schema_of};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::registry::{Auth, HttpHandler, Route};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use schemars::JsonSchema;
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Serialize, JsonSchema)]
pub struct FollowOutcome {
    pub state: FollowState,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SummaryPage {
    pub items: Vec<ProfileSummary>,
    /// Pass it back as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

fn requester_param() -> ParamDoc {
    ParamDoc {
        name: "id",
        location: "path",
        required: true,
        description: "The id of the resident who asked",
        schema: || serde_json::json!({"type": "string", "minLength": 1, "maxLength": 64}),
    }
}

fn user_action(
    function: &'static str,
    method: &'static str,
    path: &'static str,
    handler: HttpHandler,
    summary: &'static str,
) -> Route {
    Route::http(
        function,
        method,
        path,
        Auth::User,
        handler,
        OperationDoc::new("social", summary)
            .param(ParamDoc::user_ref())
            .no_content("Done"),
    )
}

pub fn routes() -> Vec<Route> {
    vec![
        Route::http(
            "users-follow",
            "POST",
            "/api/v1/users/{id}/follow",
            Auth::User,
            |p, r| follow(p, r).boxed(),
            OperationDoc::new(
                "social",
                "Follow a resident (or ask to, for a private account)",
            )
            .param(ParamDoc::user_ref())
            .response(
                200,
                "Following, or the request is pending",
                schema_of::<FollowOutcome>,
            ),
        ),
        user_action(
            "users-unfollow",
            "DELETE",
            "/api/v1/users/{id}/follow",
            |p, r| unfollow(p, r).boxed(),
            "Stop following (or withdraw a request)",
        ),
        Route::http(
            "users-followers",
            "GET",
            "/api/v1/users/{id}/followers",
            Auth::Public,
            |p, r| list_of(p, r, Listing::Followers).boxed(),
            OperationDoc::new("social", "Who follows a resident, newest first")
                .param(ParamDoc::user_ref())
                .paged()
                .response(200, "A page of residents", schema_of::<SummaryPage>),
        ),
        Route::http(
            "users-following",
            "GET",
            "/api/v1/users/{id}/following",
            Auth::Public,
            |p, r| list_of(p, r, Listing::Following).boxed(),
            OperationDoc::new("social", "Whom a resident follows, newest first")
                .param(ParamDoc::user_ref())
                .paged()
                .response(200, "A page of residents", schema_of::<SummaryPage>),
        ),
        Route::http(
            "users-follow-requests",
            "GET",
            "/api/v1/users/me/follow-requests",
            Auth::User,
            |p, r| own_list(p, r, Listing::FollowRequests).boxed(),
            OperationDoc::new("social", "Pending requests to follow one's private account")
                .paged()
                .response(200, "A page of residents", schema_of::<SummaryPage>),
        ),
        Route::http(
            "users-accept-follow-request",
            "POST",
            "/api/v1/users/me/follow-requests/{id}/accept",
            Auth::User,
            |p, r| answer_request(p, r, true).boxed(),
            OperationDoc::new("social", "Accept a follow request")
                .param(requester_param())
                .no_content("Accepted"),
        ),
        Route::http(
            "users-reject-follow-request",
            "POST",
            "/api/v1/users/me/follow-requests/{id}/reject",
            Auth::User,
            |p, r| answer_request(p, r, false).boxed(),
            OperationDoc::new("social", "Turn down a follow request")
                .param(requester_param())
                .no_content("Rejected"),
        ),
        user_action(
            "users-block",
            "POST",
            "/api/v1/users/{id}/block",
            |p, r| block(p, r, true).boxed(),
            "Block a resident (follows both ways are removed)",
        ),
        user_action(
            "users-unblock",
            "DELETE",
            "/api/v1/users/{id}/block",
            |p, r| block(p, r, false).boxed(),
            "Unblock a resident",
        ),
        user_action(
            "users-mute",
            "POST",
            "/api/v1/users/{id}/mute",
            |p, r| mute(p, r, true).boxed(),
            "Mute a resident (their posts stay out of one's feeds)",
        ),
        user_action(
            "users-unmute",
            "DELETE",
            "/api/v1/users/{id}/mute",
            |p, r| mute(p, r, false).boxed(),
            "Unmute a resident",
        ),
        Route::http(
            "users-blocks",
            "GET",
            "/api/v1/users/me/blocks",
            Auth::User,
            |p, r| own_list(p, r, Listing::Blocks).boxed(),
            OperationDoc::new("social", "Residents one has blocked")
                .paged()
                .response(200, "A page of residents", schema_of::<SummaryPage>),
        ),
        Route::http(
            "users-mutes",
            "GET",
            "/api/v1/users/me/mutes",
            Auth::User,
            |p, r| own_list(p, r, Listing::Mutes).boxed(),
            OperationDoc::new("social", "Residents one has muted")
                .paged()
                .response(200, "A page of residents", schema_of::<SummaryPage>),
        ),
    ]
}

async fn follow(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let target = directory::resolve(&platform, &path_param(&request, "id")?).await?;
    if !target.email_verified {
        return Err(ApiError::NotFound);
    }
    let already = graph::follows(&platform, &caller.user_id, &target.id).await?;
    let state = graph::follow(&platform, &caller.user_id, &target).await?;
    if !already {
        let kind = match state {
            graph::FollowState::Following => crate::social::notifications::Kind::Follow,
            graph::FollowState::Requested => crate::social::notifications::Kind::FollowRequest,
        };
        crate::social::notifications::send(&platform, &target.id, kind, &caller.user_id, None)
            .await?;
    }
    tracing::info!(user_id = %caller.user_id, target = %target.id, ?state, "follow");
    json(StatusCode::OK, &FollowOutcome { state })
}

async fn unfollow(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let target = directory::resolve(&platform, &path_param(&request, "id")?).await?;
    graph::unfollow(&platform, &caller.user_id, &target.id).await?;
    Ok(no_content())
}

async fn page(
    platform: &Platform,
    user_id: &str,
    listing: Listing,
    request: &Request,
) -> Result<Response<Body>, ApiError> {
    let limit = limit_param(request, 20, 100)?;
    let cursor = query_param(request, "cursor")?;
    let (ids, next_cursor) = graph::list(platform, user_id, listing, limit, cursor).await?;
    let items = directory::summaries(platform, &ids).await?;
    json(StatusCode::OK, &SummaryPage { items, next_cursor })
}

async fn list_of(
    platform: Arc<Platform>,
    request: Request,
    listing: Listing,
) -> Result<Response<Body>, ApiError> {
    let viewer = optional_caller(&request);
    let target = directory::resolve(&platform, &path_param(&request, "id")?).await?;
    let viewer_id = viewer.as_ref().map(|c| c.user_id.as_str());
    if let Some(v) = viewer_id
        && v != target.id
        && graph::has_blocked(&platform, &target.id, v).await?
    {
        return Err(ApiError::NotFound);
    }
    if !graph::can_see_content(&platform, viewer_id, &target).await? {
        return Err(ApiError::PrivateAccount);
    }
    page(&platform, &target.id, listing, &request).await
}

async fn own_list(
    platform: Arc<Platform>,
    request: Request,
    listing: Listing,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    page(&platform, &caller.user_id, listing, &request).await
}

async fn answer_request(
    platform: Arc<Platform>,
    request: Request,
    accept: bool,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let requester = path_param(&request, "id")?;
    if accept {
        graph::accept_request(&platform, &caller.user_id, &requester).await?;
    } else {
        graph::reject_request(&platform, &caller.user_id, &requester).await?;
    }
    Ok(no_content())
}

async fn block(
    platform: Arc<Platform>,
    request: Request,
    on: bool,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let target = directory::resolve(&platform, &path_param(&request, "id")?).await?;
    if on {
        graph::block(&platform, &caller.user_id, &target.id).await?;
    } else {
        graph::unblock(&platform, &caller.user_id, &target.id).await?;
    }
    Ok(no_content())
}

async fn mute(
    platform: Arc<Platform>,
    request: Request,
    on: bool,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let target = directory::resolve(&platform, &path_param(&request, "id")?).await?;
    if on {
        graph::mute(&platform, &caller.user_id, &target.id).await?;
    } else {
        graph::unmute(&platform, &caller.user_id, &target.id).await?;
    }
    Ok(no_content())
}
