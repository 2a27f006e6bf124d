//! `/api/v1/posts`, comments, likes, shares, reports, photo uploads, and the feeds.

use crate::accounts::model::ProfileSummary;
use crate::accounts::{directory, graph};
use crate::caller::{Caller, caller, optional_caller};
use crate::io::{json, json_body, limit_param, no_content, path_param, query_param};
use crate::openapi::{OperationDoc, ParamDoc, request_schema_of, schema_of};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::registry::{Auth, Route};
use crate::social::model::{CommentPage, CommentView, PostPage, PostRecord, PostView, Visibility};
use crate::social::render::{Context, comment_views, load_posts};
use crate::social::{comments, feeds, keys, likes, posts};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use rouen_ports::{IndexName, Item, Query};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json as json_value;
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

fn post_route(
    function: &'static str,
    method: &'static str,
    path: &'static str,
    auth: Auth,
    handler: crate::registry::HttpHandler,
    doc: OperationDoc,
) -> Route {
    Route::http(function, method, path, auth, handler, doc)
}

pub fn routes() -> Vec<Route> {
    vec![
        post_route(
            "posts-create",
            "POST",
            "/api/v1/posts",
            Auth::User,
            |p, r| create(p, r).boxed(),
            OperationDoc::new(
                "posts",
                "Publish a post (text, up to 4 photos, neighbourhood, visibility)",
            )
            .body(request_schema_of::<CreatePost>)
            .response(201, "The post", schema_of::<PostView>),
        )
        .max_body(256 * 1024),
        post_route(
            "posts-photo-upload",
            "POST",
            "/api/v1/posts/photos",
            Auth::User,
            |p, r| start_photo(p, r).boxed(),
            OperationDoc::new(
                "posts",
                "Start uploading a photo for a post (PUT it, then name it in image_ids)",
            )
            .body(request_schema_of::<super::profile_images::UploadRequest>)
            .response(
                200,
                "Where and how to PUT the file",
                schema_of::<super::profile_images::Upload>,
            ),
        ),
        post_route(
            "posts-get",
            "GET",
            "/api/v1/posts/{id}",
            Auth::Public,
            |p, r| get_post(p, r).boxed(),
            OperationDoc::new("posts", "One post")
                .param(id_param("The post's id"))
                .response(200, "The post", schema_of::<PostView>),
        ),
        post_route(
            "posts-update",
            "PUT",
            "/api/v1/posts/{id}",
            Auth::User,
            |p, r| update_post(p, r).boxed(),
            OperationDoc::new(
                "posts",
                "Edit one's post (the previous text is kept in its history)",
            )
            .param(id_param("The post's id"))
            .body(request_schema_of::<EditPost>)
            .response(200, "The post as saved", schema_of::<PostView>),
        )
        .max_body(256 * 1024),
        post_route(
            "posts-delete",
            "DELETE",
            "/api/v1/posts/{id}",
            Auth::User,
            |p, r| delete_post(p, r).boxed(),
            OperationDoc::new("posts", "Delete one's post (or any, for a moderator)")
                .param(id_param("The post's id"))
                .no_content("Deleted"),
        ),
        post_route(
            "posts-history",
            "GET",
            "/api/v1/posts/{id}/history",
            Auth::Public,
            |p, r| history(p, r).boxed(),
            OperationDoc::new("posts", "A post's earlier texts, newest first")
                .param(id_param("The post's id"))
                .response(200, "The edits", schema_of::<History>),
        ),
        post_route(
            "posts-like",
            "POST",
            "/api/v1/posts/{id}/like",
            Auth::User,
            |p, r| like_post(p, r, true).boxed(),
            OperationDoc::new("posts", "Like a post (idempotent)")
                .param(id_param("The post's id"))
                .response(200, "The like state", schema_of::<LikeState>),
        ),
        post_route(
            "posts-unlike",
            "DELETE",
            "/api/v1/posts/{id}/like",
            Auth::User,
            |p, r| like_post(p, r, false).boxed(),
            OperationDoc::new("posts", "Take a like back (idempotent)")
                .param(id_param("The post's id"))
                .response(200, "The like state", schema_of::<LikeState>),
        ),
        post_route(
            "posts-likes",
            "GET",
            "/api/v1/posts/{id}/likes",
            Auth::Public,
            |p, r| list_likes(p, r).boxed(),
            OperationDoc::new("posts", "Who liked a post, newest first")
                .param(id_param("The post's id"))
                .paged()
                .response(
                    200,
                    "A page of residents",
                    schema_of::<super::social_graph::SummaryPage>,
                ),
        ),
        post_route(
            "posts-share",
            "POST",
            "/api/v1/posts/{id}/share",
            Auth::User,
            |p, r| share(p, r).boxed(),
            OperationDoc::new("posts", "Share a public post, optionally with a comment")
                .param(id_param("The post's id"))
                .body(request_schema_of::<ShareInput>)
                .response(
                    201,
                    "The share (a post of one's own)",
                    schema_of::<PostView>,
                ),
        )
        .max_body(256 * 1024),
        post_route(
            "posts-comments",
            "GET",
            "/api/v1/posts/{id}/comments",
            Auth::Public,
            |p, r| list_comments(p, r).boxed(),
            OperationDoc::new("posts", "Comments of a post, oldest first")
                .param(id_param("The post's id"))
                .paged()
                .response(200, "A page of comments", schema_of::<CommentPage>),
        ),
        post_route(
            "posts-comment",
            "POST",
            "/api/v1/posts/{id}/comments",
            Auth::User,
            |p, r| add_comment(p, r).boxed(),
            OperationDoc::new("posts", "Comment on a post")
                .param(id_param("The post's id"))
                .body(request_schema_of::<EditText>)
                .response(201, "The comment", schema_of::<CommentView>),
        )
        .max_body(256 * 1024),
        post_route(
            "comments-update",
            "PUT",
            "/api/v1/comments/{id}",
            Auth::User,
            |p, r| update_comment(p, r).boxed(),
            OperationDoc::new("posts", "Edit one's comment")
                .param(id_param("The comment's id"))
                .body(request_schema_of::<EditText>)
                .response(200, "The comment", schema_of::<CommentView>),
        )
        .max_body(256 * 1024),
        post_route(
            "comments-delete",
            "DELETE",
            "/api/v1/comments/{id}",
            Auth::User,
            |p, r| delete_comment(p, r).boxed(),
            OperationDoc::new(
                "posts",
                "Delete a comment (its author, the post's author or a moderator)",
            )
            .param(id_param("The comment's id"))
            .no_content("Deleted"),
        ),
        post_route(
            "comments-like",
            "POST",
            "/api/v1/comments/{id}/like",
            Auth::User,
            |p, r| like_comment(p, r, true).boxed(),
            OperationDoc::new("posts", "Like a comment (idempotent)")
                .param(id_param("The comment's id"))
                .response(200, "The like state", schema_of::<LikeState>),
        ),
        post_route(
            "comments-unlike",
            "DELETE",
            "/api/v1/comments/{id}/like",
            Auth::User,
            |p, r| like_comment(p, r, false).boxed(),
            OperationDoc::new("posts", "Take a comment like back")
                .param(id_param("The comment's id"))
                .response(200, "The like state", schema_of::<LikeState>),
        ),
        post_route(
            "posts-report",
            "POST",
            "/api/v1/posts/{id}/report",
            Auth::User,
            |p, r| report(p, r).boxed(),
            OperationDoc::new("posts", "Report a post to the moderators")
                .param(id_param("The post's id"))
                .body(request_schema_of::<ReportInput>)
                .response(202, "Received", schema_of::<Reported>),
        ),
        post_route(
            "users-posts",
            "GET",
            "/api/v1/users/{id}/posts",
            Auth::Public,
            |p, r| user_posts(p, r).boxed(),
            OperationDoc::new("posts", "A resident's posts, newest first")
                .param(ParamDoc::user_ref())
                .paged()
                .response(200, "A page of posts", schema_of::<PostPage>),
        ),
        post_route(
            "hashtags-posts",
            "GET",
            "/api/v1/hashtags/{tag}",
            Auth::Public,
            |p, r| hashtag_posts(p, r).boxed(),
            OperationDoc::new("posts", "Public posts with a hashtag, newest first")
                .param(ParamDoc {
                    name: "tag",
                    location: "path",
                    required: true,
                    description: "The hashtag, with or without #, any case and accents",
                    schema: || json_value!({"type": "string", "minLength": 1, "maxLength": 50}),
                })
                .paged()
                .response(200, "A page of posts", schema_of::<PostPage>),
        ),
        post_route(
            "feeds-home",
            "GET",
            "/api/v1/feeds/home",
            Auth::User,
            |p, r| home_feed(p, r).boxed(),
            OperationDoc::new(
                "feeds",
                "One's own posts and those of the people one follows, newest first or ranked",
            )
            .param(ParamDoc {
                name: "mode",
                location: "query",
                required: false,
                description: "`chronological` (default) or `ranked` (recency, engagement, affinity, locality)",
                schema: || json_value!({"type": "string", "enum": ["chronological", "ranked"]}),
            })
            .paged()
            .response(200, "A page of posts", schema_of::<PostPage>),
        ),
        post_route(
            "posts-list",
            "GET",
            "/api/v1/posts",
            Auth::Public,
            |p, r| local_feed(p, r).boxed(),
            OperationDoc::new("posts", "The newest public posts of Rouen (the local feed), optionally one neighbourhood")
                .param(ParamDoc {
                    name: "neighbourhood",
                    location: "query",
                    required: false,
                    description: "A neighbourhood id (GET /api/v1/neighbourhoods)",
                    schema: || {
                        let ids: Vec<&str> = crate::accounts::neighbourhoods::all()
                            .iter()
                            .map(|n| n.id.as_str())
                            .collect();
                        json_value!({"type": "string", "enum": ids})
                    },
                })
                .paged()
                .response(200, "A page of posts", schema_of::<PostPage>),
        ),
        post_route(
            "feeds-local",
            "GET",
            "/api/v1/feeds/local",
            Auth::Public,
            |p, r| local_feed(p, r).boxed(),
            OperationDoc::new(
                "feeds",
                "Every public post in Rouen, newest first, optionally one neighbourhood",
            )
            .param(ParamDoc {
                name: "neighbourhood",
                location: "query",
                required: false,
                description: "A neighbourhood id (GET /api/v1/neighbourhoods)",
                schema: || {
                    let ids: Vec<&str> = crate::accounts::neighbourhoods::all()
                        .iter()
                        .map(|n| n.id.as_str())
                        .collect();
                    json_value!({"type": "string", "enum": ids})
                },
            })
            .paged()
            .response(200, "A page of posts", schema_of::<PostPage>),
        ),
    ]
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePost {
    /// Up to 2,000 characters as residents count them; may be empty when there are photos.
    #[serde(default)]
    #[schemars(length(max = 16000))]
    pub text: String,
    /// Upload ids from `POST /api/v1/posts/photos`, at most 4.
    #[serde(default)]
    #[schemars(length(max = 4))]
    pub image_ids: Vec<String>,
    /// A neighbourhood id; defaults to the author's.
    #[serde(default)]
    pub neighbourhood: Option<String>,
    #[serde(default)]
    pub visibility: Visibility,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditText {
    #[schemars(length(min = 1, max = 8000))]
    pub text: String,
}

/// A post's new text; it may be empty when the post has photos or is a share.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditPost {
    #[schemars(length(max = 16000))]
    pub text: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareInput {
    /// An optional comment, up to 2,000 characters.
    #[serde(default)]
    #[schemars(length(max = 16000))]
    pub text: String,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    Spam,
    Harassment,
    Hate,
    Illegal,
    Misinformation,
    Other,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    pub reason: ReportReason,
    /// What the moderators should know (at most 1,000 characters).
    #[serde(default)]
    #[schemars(length(max = 1000))]
    pub details: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Reported {
    pub report_id: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Revision {
    /// The text as it was before this edit.
    pub text: String,
    pub replaced_at: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct History {
    pub items: Vec<Revision>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct LikeState {
    pub liked: bool,
    pub likes: i64,
}

fn viewer_of(request: &Request) -> (Option<Caller>, Option<String>) {
    let c = optional_caller(request);
    let id = c.as_ref().map(|c| c.user_id.clone());
    (c, id)
}

/// A post the caller may see, else 404 (a hidden, private or blocked post does not exist for them).
async fn visible_post(
    platform: &Platform,
    caller: Option<&Caller>,
    post_id: &str,
) -> Result<(PostRecord, Context), ApiError> {
    let post = posts::load(platform, post_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let ctx = Context::for_posts(
        platform,
        caller.map(|c| c.user_id.as_str()),
        caller.is_some_and(Caller::is_moderator),
        std::slice::from_ref(&post),
    )
    .await?;
    if !ctx.visible(&post) {
        return Err(ApiError::NotFound);
    }
    Ok((post, ctx))
}

async fn render_one(
    platform: &Platform,
    caller: Option<&Caller>,
    post: &PostRecord,
) -> Result<PostView, ApiError> {
    let ctx = Context::for_posts(
        platform,
        caller.map(|c| c.user_id.as_str()),
        caller.is_some_and(Caller::is_moderator),
        std::slice::from_ref(post),
    )
    .await?;
    ctx.view(platform, post).await?.ok_or(ApiError::NotFound)
}

async fn create(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: CreatePost = json_body(&request)?;
    let author = directory::load_caller(&platform, &caller.user_id).await?;
    let post = posts::create(
        &platform,
        &author,
        posts::NewPost {
            text: input.text,
            image_ids: input.image_ids,
            neighbourhood: input.neighbourhood,
            visibility: input.visibility,
            shared_post_id: None,
        },
    )
    .await?;
    json(
        StatusCode::CREATED,
        &render_one(&platform, Some(&caller), &post).await?,
    )
}

async fn start_photo(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    super::profile_images::start_upload_of(platform, request, "photo").await
}

async fn get_post(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let (caller, _) = viewer_of(&request);
    let (post, ctx) =
        visible_post(&platform, caller.as_ref(), &path_param(&request, "id")?).await?;
    json(
        StatusCode::OK,
        &ctx.view(&platform, &post)
            .await?
            .ok_or(ApiError::NotFound)?,
    )
}

async fn own_post(
    platform: &Platform,
    caller: &Caller,
    post_id: &str,
    moderator_ok: bool,
) -> Result<PostRecord, ApiError> {
    let post = posts::load(platform, post_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if post.author_id == caller.user_id || (moderator_ok && caller.is_moderator()) {
        return Ok(post);
    }
    // Someone else's post: forbidden if they can see it, not found otherwise.
    match visible_post(platform, Some(caller), post_id).await {
        Ok(_) => Err(ApiError::Forbidden),
        Err(e) => Err(e),
    }
}

async fn update_post(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: EditPost = json_body(&request)?;
    let post = own_post(&platform, &caller, &path_param(&request, "id")?, false).await?;
    let author = directory::load_caller(&platform, &caller.user_id).await?;
    let updated = posts::edit(&platform, &post, &author, &input.text).await?;
    json(
        StatusCode::OK,
        &render_one(&platform, Some(&caller), &updated).await?,
    )
}

async fn delete_post(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let post = own_post(&platform, &caller, &path_param(&request, "id")?, true).await?;
    posts::delete(&platform, &post).await?;
    if post.author_id != caller.user_id {
        crate::social::moderation::audit(
            &platform,
            &caller.user_id,
            "post_removed",
            &format!("post:{}", post.id),
            "",
        )
        .await?;
    }
    Ok(no_content())
}

async fn like_post(
    platform: Arc<Platform>,
    request: Request,
    on: bool,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let (post, _) = visible_post(&platform, Some(&caller), &path_param(&request, "id")?).await?;
    let target = likes::Target::Post(&post.id);
    if on {
        if likes::like(&platform, target, &caller.user_id).await? {
            crate::social::affinity::bump(&platform, &caller.user_id, &post.author_id).await?;
            crate::social::notifications::send(
                &platform,
                &post.author_id,
                crate::social::notifications::Kind::Like,
                &caller.user_id,
                Some(&post.id),
            )
            .await?;
        }
    } else {
        likes::unlike(&platform, target, &caller.user_id).await?;
    }
    let now = posts::load(&platform, &post.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    json(
        StatusCode::OK,
        &LikeState {
            liked: on,
            likes: now.like_count.max(0),
        },
    )
}

async fn list_likes(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let (caller, _) = viewer_of(&request);
    let (post, _) = visible_post(&platform, caller.as_ref(), &path_param(&request, "id")?).await?;
    let limit = limit_param(&request, 20, 100)?;
    let page = platform
        .store
        .query(
            &Query::partition(keys::index::post_likes(&post.id))
                .on_index(IndexName::Gsi1)
                .descending()
                .limit(limit)
                .after(query_param(&request, "cursor")?),
        )
        .await?;
    let ids: Vec<String> = page
        .items
        .iter()
        .filter_map(|i: &Item| i.get("user_id").and_then(|v| v.as_str()).map(str::to_owned))
        .collect();
    let items: Vec<ProfileSummary> = directory::summaries(&platform, &ids).await?;
    json(
        StatusCode::OK,
        &super::social_graph::SummaryPage {
            items,
            next_cursor: page.cursor,
        },
    )
}

async fn share(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: ShareInput = json_body(&request)?;
    let (original, ctx) =
        visible_post(&platform, Some(&caller), &path_param(&request, "id")?).await?;
    let original_author = ctx.author(&original).ok_or(ApiError::NotFound)?;
    // Only what is public can be passed on; a share of a share points at the original.
    if !posts::is_public(&original, original_author) {
        return Err(ApiError::field(
            "path.id",
            "not_shareable",
            "only public posts can be shared",
        ));
    }
    let root = original
        .shared_post_id
        .clone()
        .unwrap_or(original.id.clone());
    let author = directory::load_caller(&platform, &caller.user_id).await?;
    let post = posts::create(
        &platform,
        &author,
        posts::NewPost {
            text: input.text,
            image_ids: Vec::new(),
            neighbourhood: None,
            visibility: Visibility::Public,
            shared_post_id: Some(root),
        },
    )
    .await?;
    crate::social::notifications::send(
        &platform,
        &original.author_id,
        crate::social::notifications::Kind::Share,
        &caller.user_id,
        Some(&original.id),
    )
    .await?;
    json(
        StatusCode::CREATED,
        &render_one(&platform, Some(&caller), &post).await?,
    )
}

async fn list_comments(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let (caller, viewer) = viewer_of(&request);
    let (post, _) = visible_post(&platform, caller.as_ref(), &path_param(&request, "id")?).await?;
    let limit = limit_param(&request, 20, 100)?;
    let (records, next_cursor) =
        comments::list(&platform, &post.id, query_param(&request, "cursor")?, limit).await?;
    let items = comment_views(&platform, viewer.as_deref(), &records).await?;
    json(StatusCode::OK, &CommentPage { items, next_cursor })
}

async fn add_comment(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: EditText = json_body(&request)?;
    let (post, _) = visible_post(&platform, Some(&caller), &path_param(&request, "id")?).await?;
    let comment = comments::create(&platform, &post.id, &caller.user_id, &input.text).await?;
    crate::social::affinity::bump(&platform, &caller.user_id, &post.author_id).await?;
    crate::social::notifications::send(
        &platform,
        &post.author_id,
        crate::social::notifications::Kind::Comment,
        &caller.user_id,
        Some(&post.id),
    )
    .await?;
    let view = comment_views(
        &platform,
        Some(&caller.user_id),
        std::slice::from_ref(&comment),
    )
    .await?;
    json(
        StatusCode::CREATED,
        &view.into_iter().next().ok_or(ApiError::NotFound)?,
    )
}

async fn comment_for(
    platform: &Platform,
    caller: &Caller,
    id: &str,
) -> Result<crate::social::model::CommentRecord, ApiError> {
    let comment = comments::load(platform, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    // A comment exists for a caller only if its post does.
    visible_post(platform, Some(caller), &comment.post_id).await?;
    Ok(comment)
}

async fn update_comment(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: EditText = json_body(&request)?;
    let comment = comment_for(&platform, &caller, &path_param(&request, "id")?).await?;
    if comment.author_id != caller.user_id {
        return Err(ApiError::Forbidden);
    }
    let updated = comments::edit(&platform, &comment, &input.text).await?;
    let view = comment_views(
        &platform,
        Some(&caller.user_id),
        std::slice::from_ref(&updated),
    )
    .await?;
    json(
        StatusCode::OK,
        &view.into_iter().next().ok_or(ApiError::NotFound)?,
    )
}

async fn delete_comment(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let comment = comment_for(&platform, &caller, &path_param(&request, "id")?).await?;
    let post_author = posts::load(&platform, &comment.post_id)
        .await?
        .map(|p| p.author_id);
    let allowed = comment.author_id == caller.user_id
        || post_author.as_deref() == Some(caller.user_id.as_str())
        || caller.is_moderator();
    if !allowed {
        return Err(ApiError::Forbidden);
    }
    comments::delete(&platform, &comment).await?;
    let as_moderator = comment.author_id != caller.user_id
        && post_author.as_deref() != Some(caller.user_id.as_str());
    if as_moderator {
        crate::social::moderation::audit(
            &platform,
            &caller.user_id,
            "comment_removed",
            &format!("comment:{}", comment.id),
            "",
        )
        .await?;
    }
    Ok(no_content())
}

async fn like_comment(
    platform: Arc<Platform>,
    request: Request,
    on: bool,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let comment = comment_for(&platform, &caller, &path_param(&request, "id")?).await?;
    let target = likes::Target::Comment(&comment.id);
    if on {
        likes::like(&platform, target, &caller.user_id).await?;
    } else {
        likes::unlike(&platform, target, &caller.user_id).await?;
    }
    let now = comments::load(&platform, &comment.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    json(
        StatusCode::OK,
        &LikeState {
            liked: on,
            likes: now.like_count.max(0),
        },
    )
}

async fn report(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: ReportInput = json_body(&request)?;
    if input.details.chars().count() > 1000 {
        return Err(ApiError::field(
            "body.details",
            "too_long",
            "at most 1,000 characters",
        ));
    }
    let (post, _) = visible_post(&platform, Some(&caller), &path_param(&request, "id")?).await?;
    let id = platform.ids.new_id();
    let key = keys::report(&id);
    let mut item = Item::new();
    item.insert("pk".into(), key.pk.into());
    item.insert("sk".into(), key.sk.into());
    item.insert("id".into(), id.clone().into());
    item.insert("post_id".into(), post.id.clone().into());
    item.insert("reporter_id".into(), caller.user_id.clone().into());
    item.insert(
        "reason".into(),
        serde_json::to_value(input.reason).map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    item.insert("details".into(), input.details.into());
    item.insert(
        "created_at".into(),
        platform.clock.now().to_rfc3339().into(),
    );
    item.insert("gsi1pk".into(), keys::index::OPEN_REPORTS.into());
    item.insert("gsi1sk".into(), id.clone().into());
    // So that erasing the reporter's account can anonymise their reports.
    item.insert(
        "gsi2pk".into(),
        format!("REPORTSBY#{}", caller.user_id).into(),
    );
    item.insert("gsi2sk".into(), id.clone().into());
    platform.store.put(item, None).await?;
    tracing::info!(report_id = %id, post_id = %post.id, "post reported");
    json(StatusCode::ACCEPTED, &Reported { report_id: id })
}

async fn page_of(
    platform: &Platform,
    caller: Option<&Caller>,
    ids: Vec<String>,
    next_cursor: Option<String>,
    in_feed: bool,
) -> Result<Response<Body>, ApiError> {
    let found = load_posts(platform, &ids).await?;
    let ordered: Vec<PostRecord> = ids.iter().filter_map(|id| found.get(id).cloned()).collect();
    let ctx = Context::for_posts(
        platform,
        caller.map(|c| c.user_id.as_str()),
        caller.is_some_and(Caller::is_moderator),
        &ordered,
    )
    .await?;
    let items = ctx.views(platform, &ordered, in_feed).await?;
    json(StatusCode::OK, &PostPage { items, next_cursor })
}

async fn user_posts(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let (caller, viewer) = viewer_of(&request);
    let author = directory::resolve(&platform, &path_param(&request, "id")?).await?;
    if let Some(v) = &viewer
        && *v != author.id
        && graph::has_blocked(&platform, &author.id, v).await?
    {
        return Err(ApiError::NotFound);
    }
    if !graph::can_see_content(&platform, viewer.as_deref(), &author).await? {
        return Err(ApiError::PrivateAccount);
    }
    let limit = limit_param(&request, 20, 100)?;
    let (ids, next) = feeds::timeline(
        &platform,
        &author.id,
        feeds::parse_cursor(query_param(&request, "cursor")?)?,
        limit,
    )
    .await?;
    page_of(&platform, caller.as_ref(), ids, next, false).await
}

async fn hashtag_posts(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let (caller, _) = viewer_of(&request);
    let raw = path_param(&request, "tag")?;
    // Gateways differ in whether they decode path parameters: decode here when it was not done.
    let decoded = percent_encoding::percent_decode_str(&raw)
        .decode_utf8_lossy()
        .into_owned();
    let tag = crate::social::text::normalise_tag(&decoded);
    if tag.is_empty() || tag.chars().count() > 50 {
        return Err(ApiError::field(
            "path.tag",
            "invalid_format",
            "a hashtag has 1 to 50 characters",
        ));
    }
    let limit = limit_param(&request, 20, 100)?;
    let (ids, next) = feeds::hashtag(
        &platform,
        &tag,
        feeds::parse_cursor(query_param(&request, "cursor")?)?,
        limit,
    )
    .await?;
    page_of(&platform, caller.as_ref(), ids, next, true).await
}

async fn home_feed(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let limit = limit_param(&request, 20, 100)?;
    match query_param(&request, "mode")?.as_deref() {
        None | Some("chronological") => {}
        Some("ranked") => {
            return ranked_feed(&platform, &caller, query_param(&request, "cursor")?, limit).await;
        }
        Some(_) => {
            return Err(ApiError::field(
                "query.mode",
                "unknown",
                "mode is chronological or ranked",
            ));
        }
    }
    let (ids, next) = feeds::home(
        &platform,
        &caller.user_id,
        feeds::parse_cursor(query_param(&request, "cursor")?)?,
        limit,
    )
    .await?;
    page_of(&platform, Some(&caller), ids, next, true).await
}

async fn local_feed(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let (caller, _) = viewer_of(&request);
    let neighbourhood = query_param(&request, "neighbourhood")?;
    if let Some(n) = &neighbourhood
        && crate::accounts::neighbourhoods::find(n).is_none()
    {
        return Err(ApiError::field(
            "query.neighbourhood",
            "unknown",
            "not one of GET /api/v1/neighbourhoods",
        ));
    }
    let limit = limit_param(&request, 20, 100)?;
    let (ids, next) = feeds::local(
        &platform,
        neighbourhood.as_deref(),
        feeds::parse_cursor(query_param(&request, "cursor")?)?,
        limit,
    )
    .await?;
    page_of(&platform, caller.as_ref(), ids, next, true).await
}

/// The ranked home feed: the newest candidates as of a snapshot, scored (social::ranking), served in
/// pages. The cursor carries the snapshot and the offset, so pages stay stable while new posts arrive.
async fn ranked_feed(
    platform: &Platform,
    caller: &Caller,
    cursor: Option<String>,
    limit: u32,
) -> Result<Response<Body>, ApiError> {
    use crate::social::ranking::{CANDIDATES, Candidate, rank};
    let (snapshot, offset) = match cursor {
        None => (
            ulid::Ulid::from_datetime(platform.clock.now().into()).to_string(),
            0usize,
        ),
        Some(c) => {
            let (snap, off) = c.split_once('.').ok_or(ApiError::InvalidCursor)?;
            let snap = ulid::Ulid::from_string(snap).map_err(|_| ApiError::InvalidCursor)?;
            (
                snap.to_string(),
                off.parse::<usize>().map_err(|_| ApiError::InvalidCursor)?,
            )
        }
    };
    let now: chrono::DateTime<chrono::Utc> = ulid::Ulid::from_string(&snapshot)
        .map(|u| u.datetime().into())
        .map_err(|_| ApiError::InvalidCursor)?;
    let (ids, _) = feeds::home(
        platform,
        &caller.user_id,
        Some(snapshot.clone()),
        CANDIDATES,
    )
    .await?;
    let found = load_posts(platform, &ids).await?;
    let authors: Vec<String> = found
        .values()
        .map(|p| p.author_id.clone())
        .collect::<std::collections::HashSet<_>>()
        .into_iter()
        .collect();
    let affinity = crate::social::affinity::of(platform, &caller.user_id, &authors).await?;
    let home = directory::load_caller(platform, &caller.user_id)
        .await?
        .neighbourhood;
    let candidates: Vec<Candidate> = ids
        .iter()
        .filter_map(|id| found.get(id))
        .map(|p| Candidate {
            id: p.id.clone(),
            created_at: p.created_at,
            likes: p.like_count,
            comments: p.comment_count,
            shares: p.share_count,
            affinity: affinity.get(&p.author_id).copied().unwrap_or(0),
            same_neighbourhood: home.is_some() && p.neighbourhood == home,
        })
        .collect();
    let ranked = rank(candidates, now);
    let page: Vec<String> = ranked
        .iter()
        .skip(offset)
        .take(limit as usize)
        .map(|c| c.id.clone())
        .collect();
    let next =
        (offset + page.len() < ranked.len()).then(|| format!("{snapshot}.{}", offset + page.len()));
    page_of(platform, Some(caller), page, next, true).await
}

async fn history(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let (caller, _) = viewer_of(&request);
    let (post, _) = visible_post(&platform, caller.as_ref(), &path_param(&request, "id")?).await?;
    let page = platform
        .store
        .query(
            &Query::partition(format!("POST#{}", post.id))
                .sort(rouen_ports::SortKeyCondition::BeginsWith("EDIT#".into()))
                .descending()
                .limit(100),
        )
        .await?;
    let items = page
        .items
        .iter()
        .map(|i| Revision {
            text: i
                .get("text")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned(),
            replaced_at: i
                .get("replaced_at")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned(),
        })
        .collect();
    json(StatusCode::OK, &History { items })
}
