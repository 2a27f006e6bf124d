//! Discovery: trending posts and hashtags, who to follow, and post search.

use crate::accounts::model::ProfileSummary;
use crate::accounts::{directory, graph, keys as account_keys};
use crate::caller::{Caller, caller, optional_caller};
use crate::io::{json, limit_param};
use crate::openapi::{OperationDoc, ParamDoc, schema_of};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::registry::{Auth, Handler, Route, Trigger};
use crate::social::model::{PostRecord, PostView};
use crate::social::render::{Context, load_posts};
use crate::social::trending::{self, TrendingTag};
use chrono::{DateTime, Utc};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use rouen_ports::{IndexName, Query, SearchQuery};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Value, json as json_value};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route {
            function: "trending-compute",
            trigger: Trigger::Schedule { expression: "rate(15 minutes)" },
            auth: Auth::Public,
            handler: Handler::Schedule(|p| async move { trending::compute(&p).await.map(|_| ()) }.boxed()),
            max_body_bytes: None,
            doc: None,
        },
        Route::http(
            "trending",
            "GET",
            "/api/v1/trending",
            Auth::Public,
            |p, r| get_trending(p, r).boxed(),
            OperationDoc::new("discover", "What Rouen talks about: posts and hashtags of the last day")
                .response(200, "Trending posts and hashtags", schema_of::<Trending>),
        ),
        Route::http(
            "users-suggestions",
            "GET",
            "/api/v1/users/me/suggestions",
            Auth::User,
            |p, r| suggestions(p, r).boxed(),
            OperationDoc::new("discover", "Residents to follow: followed by people one follows, neighbours, active locals")
                .response(200, "Suggestions, best first", schema_of::<Suggestions>),
        ),
        Route::http(
            "posts-search",
            "GET",
            "/api/v1/search/posts",
            Auth::Public,
            |p, r| search_posts(p, r).boxed(),
            OperationDoc::new("discover", "Search public posts (French and English analysis)")
                .param(ParamDoc {
                    name: "q",
                    location: "query",
                    required: true,
                    description: "What to look for (1 to 100 characters)",
                    schema: || json_value!({"type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"}),
                })
                .param(ParamDoc::limit())
                .response(200, "Matching posts, best first", schema_of::<PostList>),
        ),
    ]
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Trending {
    pub computed_at: Option<DateTime<Utc>>,
    pub hashtags: Vec<TrendingTag>,
    pub posts: Vec<PostView>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Suggestion {
    pub user: ProfileSummary,
    /// Why: `followed_by_people_you_follow`, `neighbour`, `active_local`.
    pub reasons: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Suggestions {
    pub items: Vec<Suggestion>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PostList {
    pub items: Vec<PostView>,
}

async fn views(
    platform: &Platform,
    caller: Option<&Caller>,
    ids: &[String],
) -> Result<Vec<PostView>, ApiError> {
    let found = load_posts(platform, ids).await?;
    let ordered: Vec<PostRecord> = ids.iter().filter_map(|id| found.get(id).cloned()).collect();
    let ctx = Context::for_posts(
        platform,
        caller.map(|c| c.user_id.as_str()),
        caller.is_some_and(Caller::is_moderator),
        &ordered,
    )
    .await?;
    ctx.views(platform, &ordered, true).await
}

async fn get_trending(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = optional_caller(&request);
    let snapshot = trending::current(&platform).await?;
    let posts = views(&platform, caller.as_ref(), &snapshot.posts).await?;
    let mut response = json(
        StatusCode::OK,
        &Trending {
            computed_at: snapshot.computed_at,
            hashtags: snapshot.hashtags,
            posts,
        },
    )?;
    if caller.is_none() {
        response.headers_mut().insert(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("public, max-age=60"),
        );
    }
    Ok(response)
}

fn ids_of(items: &[rouen_ports::Item], attr: &str) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| i.get(attr).and_then(Value::as_str).map(str::to_owned))
        .collect()
}

async fn suggestions(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let me = directory::load_caller(&platform, &caller.user_id).await?;
    let mut reasons: HashMap<String, (f64, HashSet<&'static str>)> = HashMap::new();
    let mut add = |id: String, weight: f64, why: &'static str| {
        let e = reasons.entry(id).or_default();
        e.0 += weight;
        e.1.insert(why);
    };
    // Followed by people one follows (bounded: 50 followees × 50 of theirs).
    let following = platform
        .store
        .query(
            &Query::partition(account_keys::index::following(&me.id))
                .on_index(IndexName::Gsi2)
                .descending()
                .limit(50),
        )
        .await?;
    let followed: HashSet<String> = ids_of(&following.items, "followee").into_iter().collect();
    for f in &followed {
        let theirs = platform
            .store
            .query(
                &Query::partition(account_keys::index::following(f))
                    .on_index(IndexName::Gsi2)
                    .descending()
                    .limit(50),
            )
            .await?;
        for id in ids_of(&theirs.items, "followee") {
            add(id, 1.0, "followed_by_people_you_follow");
        }
    }
    // Neighbours who posted lately, and active locals anywhere in Rouen.
    if let Some(n) = &me.neighbourhood {
        let local = platform
            .store
            .query(
                &Query::partition(crate::social::keys::neighbourhood_partition(n))
                    .descending()
                    .limit(100),
            )
            .await?;
        for id in ids_of(&local.items, "author_id") {
            add(id, 1.5, "neighbour");
        }
    }
    let snapshot = trending::current(&platform).await?;
    let recent = load_posts(&platform, &snapshot.posts).await?;
    for post in recent.values() {
        add(post.author_id.clone(), 0.5, "active_local");
    }
    reasons.remove(&me.id);
    for f in &followed {
        reasons.remove(f);
    }
    let mut ranked: Vec<(String, f64, HashSet<&'static str>)> =
        reasons.into_iter().map(|(id, (w, r))| (id, w, r)).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut items = Vec::new();
    for (id, _, why) in ranked.into_iter().take(40) {
        if graph::blocked_either_way(&platform, &me.id, &id).await? {
            continue;
        }
        let Some(user) = directory::load(&platform, &id).await? else {
            continue;
        };
        if !user.email_verified {
            continue;
        }
        let mut reasons: Vec<String> = why.into_iter().map(str::to_owned).collect();
        reasons.sort();
        items.push(Suggestion {
            user: directory::summary(&platform, &user).await?,
            reasons,
        });
        if items.len() == 10 {
            break;
        }
    }
    json(StatusCode::OK, &Suggestions { items })
}

async fn search_posts(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = optional_caller(&request);
    let q = crate::io::search_text(&request)?;
    let q = q.as_str();
    let limit = limit_param(&request, 20, 100)?;
    let results = platform
        .search
        .search(&SearchQuery {
            kinds: vec!["post".into()],
            limit: (limit + 10).min(100),
            ..SearchQuery::text(q)
        })
        .await?;
    let ids: Vec<String> = results
        .hits
        .iter()
        .filter_map(|h| h.id.strip_prefix("post:").map(str::to_owned))
        .collect();
    let mut items = views(&platform, caller.as_ref(), &ids).await?;
    items.truncate(limit as usize);
    json(StatusCode::OK, &PostList { items })
}
