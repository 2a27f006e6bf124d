//! News: stories grouped across sources, articles, categories, breaking stories; the schedule that
//! reads the feeds; and the administrators' view of every source's health.

use crate::city::news::{self, ArticleRecord, Filter, StoryRecord};
use crate::city::{health, scrape};
use crate::io::{json, limit_param, path_param, query_param};
use crate::openapi::{OperationDoc, ParamDoc, schema_of};
use crate::platform::Platform;
use crate::problem::{ApiError, FieldError};
use crate::registry::{Auth, Handler, Route, Trigger};
use chrono::NaiveDate;
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use rouen_city::{NewsCategory, SourceKind};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::json as json_value;
use std::collections::HashMap;
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route {
            function: "news-scrape",
            trigger: Trigger::Schedule { expression: "rate(10 minutes)" },
            auth: Auth::Public,
            handler: Handler::Schedule(|p| {
                async move { scrape::run_due(&p, SourceKind::News).await.map(|_| ()) }.boxed()
            }),
            max_body_bytes: None,
            doc: None,
        },
        Route::http(
            "news-list",
            "GET",
            "/api/v1/news",
            Auth::Public,
            |p, r| list(p, r).boxed(),
            OperationDoc::new("news", "Local news stories, newest first; a story groups the articles of several sources")
                .param(ParamDoc {
                    name: "category",
                    location: "query",
                    required: false,
                    description: "A category code",
                    schema: || json_value!({"type": "string", "enum": NewsCategory::ALL.iter().map(|c| c.code()).collect::<Vec<_>>()}),
                })
                .param(ParamDoc {
                    name: "source",
                    location: "query",
                    required: false,
                    description: "A source id",
                    schema: || json_value!({"type": "string", "maxLength": 40}),
                })
                .param(ParamDoc {
                    name: "local",
                    location: "query",
                    required: false,
                    description: "`true`: only stories about Rouen and its Métropole",
                    schema: || json_value!({"type": "string", "enum": ["true", "false"]}),
                })
                .paged()
                .response(200, "Stories", schema_of::<StoryList>),
        ),
        Route::http(
            "news-categories",
            "GET",
            "/api/v1/news/categories",
            Auth::Public,
            |p, r| categories(p, r).boxed(),
            OperationDoc::new("news", "Every news category with the number of stories of the last 7 days")
                .response(200, "Categories", schema_of::<NewsCategoryList>),
        ),
        Route::http(
            "news-breaking",
            "GET",
            "/api/v1/news/breaking",
            Auth::Public,
            |p, r| breaking(p, r).boxed(),
            OperationDoc::new("news", "Breaking stories of the last 6 hours, newest first")
                .response(200, "Breaking stories", schema_of::<StoryList>),
        ),
        Route::http(
            "news-get",
            "GET",
            "/api/v1/news/{id}",
            Auth::Public,
            |p, r| get(p, r).boxed(),
            OperationDoc::new("news", "One article, with the other articles of its story")
                .param(ParamDoc {
                    name: "id",
                    location: "path",
                    required: true,
                    description: "The article id",
                    schema: || json_value!({"type": "string", "maxLength": 40}),
                })
                .response(200, "The article", schema_of::<ArticleView>),
        ),
        Route::http(
            "admin-sources",
            "GET",
            "/api/v1/admin/sources",
            Auth::Admin,
            |p, r| sources(p, r).boxed(),
            OperationDoc::new("admin", "Every event and news source with its health")
                .response(200, "Sources", schema_of::<SourceList>),
        ),
    ]
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ArticleRef {
    pub id: String,
    pub title: String,
    pub source_id: String,
    pub source_name: String,
    pub url: String,
    pub published_at: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StoryView {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub image: Option<String>,
    pub category: String,
    pub published_at: String,
    pub breaking: bool,
    pub local: bool,
    pub places: Vec<String>,
    pub lead_article_id: String,
    /// Newest first, at least one.
    pub articles: Vec<ArticleRef>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct StoryList {
    pub items: Vec<StoryView>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SourceInfo {
    pub id: String,
    pub name: String,
    pub homepage: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ArticleView {
    pub id: String,
    pub story_id: String,
    pub title: String,
    pub summary: String,
    pub content: Option<String>,
    pub url: String,
    pub image: Option<String>,
    pub author: Option<String>,
    pub published_at: String,
    pub source: SourceInfo,
    pub category: String,
    pub breaking: bool,
    pub local: bool,
    pub places: Vec<String>,
    /// The story's other articles, newest first.
    pub related: Vec<ArticleRef>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct NewsCategoryCount {
    pub code: String,
    pub count: u32,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct NewsCategoryList {
    pub items: Vec<NewsCategoryCount>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SourceList {
    pub items: Vec<health::SourceHealth>,
}

fn registry_by_id() -> HashMap<String, rouen_city::Source> {
    rouen_city::registry()
        .map(|all| all.into_iter().map(|s| (s.id.clone(), s)).collect())
        .unwrap_or_default()
}

fn article_ref(m: &news::StoryMember, names: &HashMap<String, rouen_city::Source>) -> ArticleRef {
    ArticleRef {
        id: m.article_id.clone(),
        title: m.title.clone(),
        source_id: m.source_id.clone(),
        source_name: names
            .get(&m.source_id)
            .map_or_else(|| m.source_id.clone(), |s| s.name.clone()),
        url: m.url.clone(),
        published_at: m.published_at.to_rfc3339(),
    }
}

fn story_view(
    story: &StoryRecord,
    lead: &ArticleRecord,
    names: &HashMap<String, rouen_city::Source>,
) -> StoryView {
    StoryView {
        id: story.id.clone(),
        title: lead.draft.title.clone(),
        summary: lead.draft.summary.clone(),
        image: lead.draft.image.clone(),
        category: lead.category.code().into(),
        published_at: lead.published_at.to_rfc3339(),
        breaking: story.breaking,
        local: lead.is_local(),
        places: lead.places.clone(),
        lead_article_id: lead.id.clone(),
        articles: story
            .members
            .iter()
            .map(|m| article_ref(m, names))
            .collect(),
    }
}

fn parse_cursor(raw: &str) -> Option<(NaiveDate, String)> {
    let (day, sk) = raw.split_once('|')?;
    let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    (!sk.is_empty() && sk.len() <= 100).then(|| (day, sk.to_owned()))
}

async fn list(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let mut errors = Vec::new();
    let category = match query_param(&request, "category")? {
        None => None,
        Some(raw) => {
            let c = NewsCategory::from_code(raw.trim());
            if c.is_none() {
                errors.push(FieldError::new(
                    "query.category",
                    "unknown_category",
                    "category is one of the codes of /news/categories",
                ));
            }
            c
        }
    };
    let names = registry_by_id();
    let source = query_param(&request, "source")?.map(|s| s.trim().to_owned());
    if let Some(s) = &source
        && !names.get(s).is_some_and(|s| s.kind == SourceKind::News)
    {
        errors.push(FieldError::new(
            "query.source",
            "unknown_source",
            "source is the id of a news source",
        ));
    }
    let local = match query_param(&request, "local")?.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            errors.push(FieldError::new(
                "query.local",
                "invalid_boolean",
                "local is `true` or `false`",
            ));
            false
        }
    };
    let limit = limit_param(&request, 20, 50)? as usize;
    let cursor = match query_param(&request, "cursor")? {
        None => None,
        Some(raw) => Some(parse_cursor(&raw).ok_or(ApiError::InvalidCursor)?),
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let filter = Filter {
        category,
        source,
        local,
    };
    let (stories, next) = news::page(&platform, &filter, limit, cursor).await?;
    let items = stories
        .iter()
        .map(|(story, lead)| story_view(story, lead, &names))
        .collect();
    json(
        StatusCode::OK,
        &StoryList {
            items,
            next_cursor: next.map(|(d, sk)| format!("{d}|{sk}")),
        },
    )
}

async fn categories(
    platform: Arc<Platform>,
    _request: Request,
) -> Result<Response<Body>, ApiError> {
    let counts = news::category_counts(&platform).await?;
    let items = NewsCategory::ALL
        .iter()
        .map(|c| NewsCategoryCount {
            code: c.code().into(),
            count: counts.get(c).copied().unwrap_or(0),
        })
        .collect();
    let mut response = json(StatusCode::OK, &NewsCategoryList { items })?;
    response.headers_mut().insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("public, max-age=120"),
    );
    Ok(response)
}

async fn breaking(platform: Arc<Platform>, _request: Request) -> Result<Response<Body>, ApiError> {
    let stories = news::breaking_stories(&platform).await?;
    let lead_ids: Vec<String> = stories
        .iter()
        .filter_map(|s| s.lead().map(|l| l.article_id.clone()))
        .collect();
    let leads = news::load_articles(&platform, &lead_ids).await?;
    let names = registry_by_id();
    let items = stories
        .iter()
        .filter_map(|s| {
            let lead = leads.get(&s.lead()?.article_id)?;
            Some(story_view(s, lead, &names))
        })
        .collect();
    let mut response = json(
        StatusCode::OK,
        &StoryList {
            items,
            next_cursor: None,
        },
    )?;
    response.headers_mut().insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("public, max-age=30"),
    );
    Ok(response)
}

async fn get(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let id = path_param(&request, "id")?;
    if id.is_empty() || id.len() > 40 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ApiError::NotFound);
    }
    let article = news::load_article(&platform, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let story = news::load_story(&platform, &article.story_id).await?;
    let names = registry_by_id();
    let related = story
        .map(|s| {
            s.members
                .iter()
                .filter(|m| m.article_id != article.id)
                .map(|m| article_ref(m, &names))
                .collect()
        })
        .unwrap_or_default();
    let source = names.get(&article.draft.source_id);
    let view = ArticleView {
        id: article.id.clone(),
        story_id: article.story_id.clone(),
        title: article.draft.title.clone(),
        summary: article.draft.summary.clone(),
        content: article.draft.content.clone(),
        url: article.draft.url.clone(),
        image: article.draft.image.clone(),
        author: article.draft.author.clone(),
        published_at: article.published_at.to_rfc3339(),
        source: SourceInfo {
            id: article.draft.source_id.clone(),
            name: source.map_or_else(|| article.draft.source_id.clone(), |s| s.name.clone()),
            homepage: source.map(|s| s.homepage.clone()).unwrap_or_default(),
        },
        category: article.category.code().into(),
        breaking: article.breaking || story_breaking(&platform, &article).await?,
        local: article.is_local(),
        places: article.places.clone(),
        related,
    };
    json(StatusCode::OK, &view)
}

async fn story_breaking(platform: &Platform, article: &ArticleRecord) -> Result<bool, ApiError> {
    Ok(news::load_story(platform, &article.story_id)
        .await?
        .is_some_and(|s| s.breaking))
}

async fn sources(platform: Arc<Platform>, _request: Request) -> Result<Response<Body>, ApiError> {
    let mut items = Vec::new();
    for source in crate::city::sources()? {
        let record = health::load(&platform, &source.id).await?;
        items.push(health::view(&platform, &source, record));
    }
    json(StatusCode::OK, &SourceList { items })
}
