//! News as stored: articles deduplicated by canonical URL, grouped into stories across sources,
//! scored for local relevance, flagged breaking.
//!
//! Items (see docs/data-model.md):
//! - `ARTURL#{digest(url)}`/`URL`: claims a canonical URL (the same article in two feeds, or with
//!   other tracking parameters, is stored once);
//! - `ARTICLE#{id}`/`ARTICLE`: the article;
//! - `NEWSDAY#{yyyy-mm-dd}`/`{published_at}#{id}`: articles by day, newest first;
//! - `STORY#{id}`/`STORY`: the articles of one story, its lead and whether it is breaking;
//! - `BREAKING`/`{at}#{story}`: stories that turned breaking (TTL 2 days).

use super::scrape::Change;
use crate::accounts::model::{from_item, to_item};
use crate::platform::Platform;
use crate::problem::ApiError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rouen_city::news::{breaking, categorise, gazetteer, stories};
use rouen_city::{ArticleDraft, NewsCategory, Source, TZ};
use rouen_ports::{
    Condition, Item, Key, Query, SearchDoc, SortKeyCondition, StoreError, TransactOp,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Articles are kept a year.
const KEEP_DAYS: i64 = 365;
/// Lists look back this far.
pub const LOOKBACK_DAYS: i64 = 14;

pub fn article_key(id: &str) -> Key {
    Key::new(format!("ARTICLE#{id}"), "ARTICLE")
}

pub fn story_key(id: &str) -> Key {
    Key::new(format!("STORY#{id}"), "STORY")
}

fn url_key(url: &str) -> Key {
    Key::new(
        format!("ARTURL#{}", super::digest(&[url.as_bytes()])),
        "URL",
    )
}

fn day_of(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&TZ).date_naive()
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ArticleRecord {
    pub id: String,
    pub story_id: String,
    pub draft: ArticleDraft,
    /// The feed's date, or when it was first seen if the feed gave none.
    pub published_at: DateTime<Utc>,
    pub category: NewsCategory,
    pub local_score: f32,
    pub places: Vec<String>,
    /// Breaking by the article's own markers or words.
    pub breaking: bool,
}

impl ArticleRecord {
    pub fn is_local(&self) -> bool {
        self.local_score >= gazetteer::LOCAL_THRESHOLD
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StoryMember {
    pub article_id: String,
    pub source_id: String,
    pub title: String,
    pub url: String,
    pub published_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StoryRecord {
    pub id: String,
    /// Newest first.
    pub members: Vec<StoryMember>,
    pub breaking: bool,
    /// When the breaking alert went out (once per story). Absent until then: the announcement is
    /// claimed with an "attribute does not exist" condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announced_at: Option<DateTime<Utc>>,
}

impl StoryRecord {
    pub fn lead(&self) -> Option<&StoryMember> {
        self.members.first()
    }

    pub fn latest_at(&self) -> Option<DateTime<Utc>> {
        self.lead().map(|m| m.published_at)
    }
}

pub async fn load_article(
    platform: &Platform,
    id: &str,
) -> Result<Option<ArticleRecord>, ApiError> {
    match platform.store.get(&article_key(id)).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}

pub async fn load_story(platform: &Platform, id: &str) -> Result<Option<StoryRecord>, ApiError> {
    match platform.store.get(&story_key(id)).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}

pub async fn load_articles(
    platform: &Platform,
    ids: &[String],
) -> Result<HashMap<String, ArticleRecord>, ApiError> {
    let unique: BTreeSet<&String> = ids.iter().collect();
    let keys: Vec<Key> = unique.into_iter().map(|id| article_key(id)).collect();
    let mut out = HashMap::new();
    for chunk in keys.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
        for item in platform.store.batch_get(chunk).await? {
            let a: ArticleRecord = from_item(item)?;
            out.insert(a.id.clone(), a);
        }
    }
    Ok(out)
}

pub async fn load_stories(
    platform: &Platform,
    ids: &[String],
) -> Result<HashMap<String, StoryRecord>, ApiError> {
    let unique: BTreeSet<&String> = ids.iter().collect();
    let keys: Vec<Key> = unique.into_iter().map(|id| story_key(id)).collect();
    let mut out = HashMap::new();
    for chunk in keys.chunks(rouen_ports::item_store::MAX_BATCH_GET_KEYS) {
        for item in platform.store.batch_get(chunk).await? {
            let s: StoryRecord = from_item(item)?;
            out.insert(s.id.clone(), s);
        }
    }
    Ok(out)
}

/// Stores one article unless its canonical URL is already known, and files it into a story.
/// Stores a new article in its story; its search document goes into `to_index` for the caller to
/// index with the rest of the page.
pub async fn ingest(
    platform: &Platform,
    source: &Source,
    mut draft: ArticleDraft,
    to_index: &mut Vec<SearchDoc>,
) -> Result<Change, ApiError> {
    if platform.store.get(&url_key(&draft.url)).await?.is_some() {
        return Ok(Change::Unchanged);
    }
    let now = platform.clock.now();
    // A date in the future (a wrong time zone at the source) is read as "now".
    let published_at = draft.published_at.filter(|d| *d <= now).unwrap_or(now);
    draft.image = draft
        .image
        .as_deref()
        .map(|u| platform.settings.city.media_url(u));
    let relevance = gazetteer::Gazetteer::rouen().score(
        &draft.title,
        &format!(
            "{}\n{}",
            draft.summary,
            draft.content.as_deref().unwrap_or("")
        ),
    );
    let id = platform.ids.new_id();
    let story_id = match find_story(platform, &draft, published_at).await? {
        Some(story) => story,
        None => id.clone(),
    };
    let record = ArticleRecord {
        id: id.clone(),
        story_id: story_id.clone(),
        category: categorise::categorise(&draft),
        local_score: relevance.score * source.weight.clamp(0.0, 1.0),
        places: relevance.places,
        breaking: breaking::breaking_by_rules(&draft),
        published_at,
        draft,
    };
    let expires_at = (published_at + Duration::days(KEEP_DAYS)).timestamp();
    let mut claim = to_item(&url_key(&record.draft.url), &serde_json::json!({}))?;
    claim.insert("article_id".into(), id.clone().into());
    claim.insert("expires_at".into(), expires_at.into());
    let mut article = to_item(&article_key(&id), &record)?;
    article.insert("expires_at".into(), expires_at.into());
    let mut entry = Item::new();
    entry.insert(
        "pk".into(),
        format!("NEWSDAY#{}", day_of(published_at)).into(),
    );
    entry.insert(
        "sk".into(),
        format!("{}#{id}", published_at.to_rfc3339()).into(),
    );
    entry.insert("article_id".into(), id.clone().into());
    entry.insert("story_id".into(), story_id.clone().into());
    entry.insert("source_id".into(), record.draft.source_id.clone().into());
    entry.insert("published_at".into(), published_at.to_rfc3339().into());
    entry.insert("expires_at".into(), expires_at.into());
    match platform
        .store
        .transact_write(vec![
            TransactOp::Put {
                item: claim,
                condition: Some(Condition::NotExists),
            },
            TransactOp::Put {
                item: article,
                condition: None,
            },
            TransactOp::Put {
                item: entry,
                condition: None,
            },
        ])
        .await
    {
        Ok(()) => {}
        Err(StoreError::TransactionCanceled { .. }) => return Ok(Change::Unchanged),
        Err(err) => return Err(err.into()),
    }
    add_to_story(platform, &story_id, &record).await?;
    to_index.push(search_doc(&record));
    Ok(Change::Created)
}

/// The story of a recent article that tells the same thing, if any.
async fn find_story(
    platform: &Platform,
    draft: &ArticleDraft,
    published_at: DateTime<Utc>,
) -> Result<Option<String>, ApiError> {
    let mut ids = Vec::new();
    let day = day_of(published_at);
    for offset in [-1_i64, 0, 1] {
        let d = day + Duration::days(offset);
        let entries =
            crate::storage::drain(platform, Query::partition(format!("NEWSDAY#{d}"))).await?;
        ids.extend(entries.iter().filter_map(|e| {
            e.get("article_id")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        }));
    }
    let mut candidates: Vec<ArticleRecord> =
        load_articles(platform, &ids).await?.into_values().collect();
    // Oldest first, so every article of a story joins the story its first article opened.
    candidates.sort_by(|a, b| (a.published_at, &a.id).cmp(&(b.published_at, &b.id)));
    Ok(candidates
        .into_iter()
        .find(|c| c.draft.source_id != draft.source_id && stories::same_story(&c.draft, draft))
        .map(|c| c.story_id))
}

async fn add_to_story(
    platform: &Platform,
    story_id: &str,
    article: &ArticleRecord,
) -> Result<(), ApiError> {
    let mut story = load_story(platform, story_id)
        .await?
        .unwrap_or(StoryRecord {
            id: story_id.to_owned(),
            members: Vec::new(),
            breaking: false,
            announced_at: None,
        });
    if !story.members.iter().any(|m| m.article_id == article.id) {
        story.members.push(StoryMember {
            article_id: article.id.clone(),
            source_id: article.draft.source_id.clone(),
            title: article.draft.title.clone(),
            url: article.draft.url.clone(),
            published_at: article.published_at,
        });
    }
    story
        .members
        .sort_by(|a, b| (b.published_at, &b.article_id).cmp(&(a.published_at, &a.article_id)));
    let was_breaking = story.breaking;
    // Several sources within minutes: the first article of each source counts.
    let mut firsts: HashMap<&str, DateTime<Utc>> = HashMap::new();
    for m in &story.members {
        firsts
            .entry(m.source_id.as_str())
            .and_modify(|t| *t = (*t).min(m.published_at))
            .or_insert(m.published_at);
    }
    let times: Vec<DateTime<Utc>> = firsts.into_values().collect();
    story.breaking = story.breaking
        || article.breaking
        || breaking::breaking_by_burst(&times, platform.clock.now());
    let latest = story.latest_at().unwrap_or(article.published_at);
    let mut item = to_item(&story_key(story_id), &story)?;
    item.insert(
        "expires_at".into(),
        (latest + Duration::days(KEEP_DAYS)).timestamp().into(),
    );
    platform.store.put(item, None).await?;
    if story.breaking && !was_breaking {
        let mut entry = Item::new();
        entry.insert("pk".into(), "BREAKING".into());
        entry.insert(
            "sk".into(),
            format!("{}#{story_id}", platform.clock.now().to_rfc3339()).into(),
        );
        entry.insert("story_id".into(), story_id.into());
        entry.insert(
            "expires_at".into(),
            (platform.clock.now() + Duration::days(2))
                .timestamp()
                .into(),
        );
        platform.store.put(entry, None).await?;
    }
    Ok(())
}

fn search_doc(a: &ArticleRecord) -> SearchDoc {
    SearchDoc {
        id: format!("news:{}", a.id),
        kind: "news".into(),
        title: a.draft.title.clone(),
        body: format!(
            "{}\n{}",
            a.draft.summary,
            a.draft.content.as_deref().unwrap_or("")
        ),
        lang: a.draft.lang.clone(),
        category: Some(a.category.code().into()),
        tags: vec![format!("source:{}", a.draft.source_id)],
        date: Some(a.published_at),
        geo: None,
    }
}

/// Stories that turned breaking within the breaking window, newest first.
pub async fn breaking_stories(platform: &Platform) -> Result<Vec<StoryRecord>, ApiError> {
    let since = platform.clock.now() - breaking::breaking_window();
    let entries = crate::storage::drain(
        platform,
        Query::partition("BREAKING")
            .sort(SortKeyCondition::GreaterOrEqual(since.to_rfc3339()))
            .descending(),
    )
    .await?;
    let ids: Vec<String> = entries
        .iter()
        .filter_map(|e| {
            e.get("story_id")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        })
        .collect();
    let found = load_stories(platform, &ids).await?;
    let mut seen = BTreeSet::new();
    let mut out: Vec<StoryRecord> = ids
        .iter()
        .filter(|id| seen.insert((*id).clone()))
        .filter_map(|id| found.get(id).cloned())
        .filter(|s| s.latest_at().is_some_and(|t| t >= since))
        .collect();
    out.sort_by_key(|s| std::cmp::Reverse(s.latest_at()));
    Ok(out)
}

/// Sends the breaking alert of each breaking story once, to residents who opted in.
pub async fn announce_breaking(platform: &Platform) -> Result<(), ApiError> {
    for mut story in breaking_stories(platform).await? {
        if story.announced_at.is_some() {
            continue;
        }
        let Some(lead) = story.lead().cloned() else {
            continue;
        };
        story.announced_at = Some(platform.clock.now());
        let latest = story.latest_at().unwrap_or(lead.published_at);
        let mut item = to_item(&story_key(&story.id), &story)?;
        item.insert(
            "expires_at".into(),
            (latest + Duration::days(KEEP_DAYS)).timestamp().into(),
        );
        // Claim the announcement first, so a concurrent run cannot send it twice.
        match platform
            .store
            .put(
                item,
                Some(Condition::AttributeNotExists("announced_at".into())),
            )
            .await
        {
            Ok(()) => {}
            Err(StoreError::ConditionFailed) => continue,
            Err(err) => return Err(err.into()),
        }
        crate::social::notifications::announce_breaking(platform, &story.id, &lead.article_id)
            .await?;
    }
    Ok(())
}

/// What a news list asks for.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub category: Option<NewsCategory>,
    pub source: Option<String>,
    pub local: bool,
}

/// A page of stories, newest first. The cursor is the last consumed day entry (`{day}|{sk}`).
pub async fn page(
    platform: &Platform,
    filter: &Filter,
    limit: usize,
    cursor: Option<(NaiveDate, String)>,
) -> Result<
    (
        Vec<(StoryRecord, ArticleRecord)>,
        Option<(NaiveDate, String)>,
    ),
    ApiError,
> {
    let today = day_of(platform.clock.now());
    let oldest = today - Duration::days(LOOKBACK_DAYS);
    let (mut day, mut before) = match cursor {
        Some((d, sk)) => (d, Some(sk)),
        None => (today, None),
    };
    let mut out: Vec<(StoryRecord, ArticleRecord)> = Vec::new();
    let mut emitted = BTreeSet::new();
    while day >= oldest {
        let mut query = Query::partition(format!("NEWSDAY#{day}"))
            .descending()
            .limit(100);
        if let Some(sk) = &before {
            query = query.sort(SortKeyCondition::LessThan(sk.clone()));
        }
        let entries = crate::storage::drain(platform, query).await?;
        let story_ids: Vec<String> = entries
            .iter()
            .filter_map(|e| {
                e.get("story_id")
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
            })
            .collect();
        let stories = load_stories(platform, &story_ids).await?;
        let lead_ids: Vec<String> = stories
            .values()
            .filter_map(|s| s.lead().map(|l| l.article_id.clone()))
            .collect();
        let leads = load_articles(platform, &lead_ids).await?;
        for entry in &entries {
            let sk = entry
                .get("sk")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_owned();
            let article_id = entry
                .get("article_id")
                .and_then(|v| v.as_str())
                .unwrap_or("");
            let story_id = entry.get("story_id").and_then(|v| v.as_str()).unwrap_or("");
            // A story is listed once, where its newest article is.
            let Some(story) = stories.get(story_id) else {
                continue;
            };
            if story.lead().map(|l| l.article_id.as_str()) != Some(article_id)
                || !emitted.insert(story_id.to_owned())
            {
                continue;
            }
            let Some(lead) = leads.get(article_id) else {
                continue;
            };
            let passes = filter.category.is_none_or(|c| lead.category == c)
                && (!filter.local || lead.is_local())
                && filter
                    .source
                    .as_ref()
                    .is_none_or(|s| story.members.iter().any(|m| &m.source_id == s));
            if passes {
                out.push((story.clone(), lead.clone()));
                if out.len() == limit {
                    return Ok((out, Some((day, sk))));
                }
            }
        }
        day -= Duration::days(1);
        before = None;
    }
    Ok((out, None))
}

/// Counts of stories by category over the last 7 days.
pub async fn category_counts(platform: &Platform) -> Result<HashMap<NewsCategory, u32>, ApiError> {
    let today = day_of(platform.clock.now());
    let mut counts = HashMap::new();
    let mut seen = BTreeSet::new();
    let mut cursor = None;
    loop {
        let (stories, next) = page(platform, &Filter::default(), 50, cursor).await?;
        for (story, lead) in stories {
            if seen.insert(story.id.clone())
                && day_of(lead.published_at) > today - Duration::days(7)
            {
                *counts.entry(lead.category).or_insert(0) += 1;
            }
        }
        match next {
            Some((d, sk)) if d > today - Duration::days(7) => cursor = Some((d, sk)),
            _ => break,
        }
    }
    Ok(counts)
}
