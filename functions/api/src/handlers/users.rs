//! `/api/v1/users/me`, `/api/v1/users/{id}`, user search and the neighbourhood list.

use crate::accounts::model::{Language, Me, Profile, ProfileSummary, UserRecord, WhoCanMessage};
use crate::accounts::neighbourhoods::{self, Neighbourhood};
use crate::accounts::{directory, erasure, export, graph, keys, passwords, search, validation};
use crate::caller::{caller, optional_caller};
use crate::io::{json, json_body, limit_param, no_content, path_param};
use crate::openapi::{OperationDoc, ParamDoc, request_schema_of, schema_of};
use crate::platform::Platform;
use crate::problem::{ApiError, FieldError};
use crate::registry::{Auth, Route};
use chrono::{DateTime, Utc};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use rouen_ports::{Condition, SearchQuery, StoreError, TransactOp, Update};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json as json_value;
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route::http(
            "users-me",
            "GET",
            "/api/v1/users/me",
            Auth::User,
            |p, r| get_me(p, r).boxed(),
            OperationDoc::new("users", "The signed-in resident's account")
                .response(200, "The account", schema_of::<Me>),
        ),
        Route::http(
            "users-update-me",
            "PUT",
            "/api/v1/users/me",
            Auth::User,
            |p, r| update_me(p, r).boxed(),
            OperationDoc::new("users", "Edit one's profile (only the fields given change)")
                .body(request_schema_of::<ProfileInput>)
                .response(200, "The account as saved", schema_of::<Me>),
        ),
        Route::http(
            "users-update-settings",
            "PUT",
            "/api/v1/users/me/settings",
            Auth::User,
            |p, r| update_settings(p, r).boxed(),
            OperationDoc::new("users", "Change privacy and language settings")
                .body(request_schema_of::<SettingsInput>)
                .response(200, "The account as saved", schema_of::<Me>),
        ),
        Route::http(
            "users-delete-me",
            "DELETE",
            "/api/v1/users/me",
            Auth::User,
            |p, r| delete_me(p, r).boxed(),
            OperationDoc::new("users", "Erase one's account and everything in it")
                .body(request_schema_of::<DeleteInput>)
                .no_content("Erased"),
        ),
        Route::http(
            "users-export",
            "GET",
            "/api/v1/users/me/export",
            Auth::User,
            |p, r| export_me(p, r).boxed(),
            OperationDoc::new("users", "Download all one's data (a JSON archive)")
                .response(200, "A short-lived link to the archive", schema_of::<ExportLink>),
        ),
        Route::http(
            "users-get",
            "GET",
            "/api/v1/users/{id}",
            Auth::Public,
            |p, r| get_user(p, r).boxed(),
            OperationDoc::new("users", "A resident's profile, by id or username")
                .param(ParamDoc::user_ref())
                .response(200, "The profile", schema_of::<Profile>),
        ),
        Route::http(
            "users-search",
            "GET",
            "/api/v1/users/search",
            Auth::Public,
            |p, r| search_users(p, r).boxed(),
            OperationDoc::new("users", "Find residents by name, username, bio or interests")
                .param(ParamDoc {
                    name: "q",
                    location: "query",
                    required: true,
                    description: "What to look for (1 to 100 characters)",
                    schema: || json_value!({"type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"}),
                })
                .param(ParamDoc {
                    name: "limit",
                    location: "query",
                    required: false,
                    description: "How many, 1 to 50 (default 20)",
                    schema: || json_value!({"type": "integer", "minimum": 1, "maximum": 50}),
                })
                .response(200, "Matching residents, best first", schema_of::<SummaryList>),
        ),
        Route::http(
            "neighbourhoods",
            "GET",
            "/api/v1/neighbourhoods",
            Auth::Public,
            |p, r| list_neighbourhoods(p, r).boxed(),
            OperationDoc::new("users", "Rouen's neighbourhoods a resident can call home")
                .response(200, "Every neighbourhood", schema_of::<NeighbourhoodList>),
        ),
    ]
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    #[serde(default)]
    #[schemars(length(min = 3, max = 30), regex(pattern = r"^[A-Za-z0-9_]+$"))]
    pub username: Option<String>,
    #[serde(default)]
    #[schemars(length(min = 1, max = 50))]
    pub display_name: Option<String>,
    #[serde(default)]
    #[schemars(length(max = 300))]
    pub bio: Option<String>,
    /// A neighbourhood id, or null to clear it.
    #[serde(default, deserialize_with = "double_option")]
    #[schemars(length(min = 1, max = 64))]
    pub neighbourhood: Option<Option<String>>,
    #[serde(default)]
    #[schemars(length(max = 10))]
    pub interests: Option<Vec<String>>,
    #[serde(default)]
    pub language: Option<Language>,
}

/// Tells "absent" (leave as is) from `null` (clear).
fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsInput {
    #[serde(default)]
    pub private_account: Option<bool>,
    #[serde(default)]
    pub who_can_message: Option<WhoCanMessage>,
    #[serde(default)]
    pub show_presence: Option<bool>,
    #[serde(default)]
    pub language: Option<Language>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteInput {
    /// The current password, to confirm.
    #[schemars(length(min = 1, max = 1024))]
    pub password: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ExportLink {
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SummaryList {
    pub items: Vec<ProfileSummary>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct NeighbourhoodList {
    pub items: Vec<Neighbourhood>,
}

async fn get_me(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let user = directory::load_caller(&platform, &caller.user_id).await?;
    json(StatusCode::OK, &directory::me(&platform, &user).await?)
}

async fn update_me(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: ProfileInput = json_body(&request)?;
    let user = directory::load_caller(&platform, &caller.user_id).await?;
    let mut errors: Vec<FieldError> = Vec::new();
    let mut update = Update::new();
    if let Some(name) = &input.display_name {
        validation::display_name("body.display_name", name, &mut errors);
        update = update.set("display_name", name.trim());
    }
    if let Some(bio) = &input.bio {
        validation::bio("body.bio", bio, &mut errors);
        update = update.set("bio", bio.trim());
    }
    match &input.neighbourhood {
        Some(Some(id)) => {
            validation::neighbourhood("body.neighbourhood", id, &mut errors);
            update = update.set("neighbourhood", id.as_str());
        }
        Some(None) => update = update.set("neighbourhood", serde_json::Value::Null),
        None => {}
    }
    if let Some(interests) = &input.interests {
        let clean = validation::interests("body.interests", interests, &mut errors);
        update = update.set("interests", clean);
    }
    if let Some(language) = input.language {
        update = update.set("language", language.code());
    }
    let new_username = input
        .username
        .as_ref()
        .filter(|u| **u != user.username)
        .cloned();
    if let Some(username) = &new_username {
        validation::username("body.username", username, &mut errors);
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    if let Some(username) = new_username {
        rename(&platform, &user, &username, update).await?;
    } else if !update.is_empty() {
        platform
            .store
            .update(&keys::profile(&user.id), &update, Some(Condition::Exists))
            .await?;
    }
    search::schedule_reindex(&platform, &user.id).await?;
    let saved = directory::load_caller(&platform, &user.id).await?;
    json(StatusCode::OK, &directory::me(&platform, &saved).await?)
}

/// Changes the username and the rest of the update in one transaction: the new name is claimed, the
/// old one released, or nothing happens.
async fn rename(
    platform: &Platform,
    user: &UserRecord,
    username: &str,
    update: Update,
) -> Result<(), ApiError> {
    let new_lc = username.to_ascii_lowercase();
    let old_lc = user.username.to_ascii_lowercase();
    let mut claim = rouen_ports::Item::new();
    let claim_key = keys::username(&new_lc);
    claim.insert("pk".into(), claim_key.pk.into());
    claim.insert("sk".into(), claim_key.sk.into());
    claim.insert("user_id".into(), user.id.clone().into());
    let mut ops = vec![TransactOp::Update {
        key: keys::profile(&user.id),
        update: update
            .set("username", username)
            .set("username_lc", new_lc.as_str()),
        condition: Some(Condition::Exists),
    }];
    if new_lc == old_lc {
        // Only the case changes: the claim stays.
    } else {
        ops.push(TransactOp::Put {
            item: claim,
            condition: Some(Condition::NotExists),
        });
        ops.push(TransactOp::Delete {
            key: keys::username(&old_lc),
            condition: Some(Condition::Equals("user_id".into(), user.id.clone().into())),
        });
    }
    match platform.store.transact_write(ops).await {
        Ok(()) => Ok(()),
        Err(StoreError::TransactionCanceled { failed }) if failed.contains(&1) => Err(
            ApiError::field("body.username", "taken", "this username is already taken"),
        ),
        Err(e) => Err(e.into()),
    }
}

async fn update_settings(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: SettingsInput = json_body(&request)?;
    let user = directory::load_caller(&platform, &caller.user_id).await?;
    let mut update = Update::new();
    if let Some(private) = input.private_account {
        update = update.set("private_account", private);
    }
    if let Some(who) = input.who_can_message {
        update = update.set(
            "who_can_message",
            serde_json::to_value(who).map_err(|e| ApiError::Internal(e.to_string()))?,
        );
    }
    if let Some(show) = input.show_presence {
        update = update.set("show_presence", show);
    }
    if let Some(language) = input.language {
        update = update.set("language", language.code());
    }
    if !update.is_empty() {
        platform
            .store
            .update(&keys::profile(&user.id), &update, Some(Condition::Exists))
            .await?;
    }
    let saved = directory::load_caller(&platform, &user.id).await?;
    json(StatusCode::OK, &directory::me(&platform, &saved).await?)
}

async fn delete_me(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: DeleteInput = json_body(&request)?;
    let user = directory::load_caller(&platform, &caller.user_id).await?;
    let stored = platform
        .store
        .get(&keys::credentials(&user.id))
        .await?
        .and_then(|i| {
            i.get("password_hash")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        });
    if !passwords::verify(input.password, stored).await? {
        return Err(ApiError::WrongPassword);
    }
    erasure::erase(&platform, &user).await?;
    Ok(no_content())
}

async fn export_me(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let user = directory::load_caller(&platform, &caller.user_id).await?;
    let archive = export::build(&platform, &user).await?;
    json(
        StatusCode::OK,
        &ExportLink {
            url: archive.url,
            expires_at: archive.expires_at,
        },
    )
}

async fn get_user(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let viewer = optional_caller(&request);
    let target = directory::resolve(&platform, &path_param(&request, "id")?).await?;
    let relationship = match &viewer {
        Some(v) if v.user_id != target.id => {
            if graph::has_blocked(&platform, &target.id, &v.user_id).await? {
                return Err(ApiError::NotFound);
            }
            Some(graph::relationship(&platform, &v.user_id, &target.id).await?)
        }
        _ => None,
    };
    json(
        StatusCode::OK,
        &directory::profile(&platform, &target, relationship).await?,
    )
}

async fn search_users(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let viewer = optional_caller(&request);
    let q = crate::io::search_text(&request)?;
    let q = q.as_str();
    let limit = limit_param(&request, 20, 50)?;
    let results = platform
        .search
        .search(&SearchQuery {
            kinds: vec!["user".into()],
            // A few spare hits make up for the ones filtered out below.
            limit: limit + 10,
            ..SearchQuery::text(q)
        })
        .await?;
    let ids: Vec<String> = results
        .hits
        .iter()
        .filter_map(|h| h.id.strip_prefix("user:").map(str::to_owned))
        .collect();
    let mut items = Vec::new();
    for user in directory::load_many(&platform, &ids).await? {
        if !user.email_verified {
            continue;
        }
        if let Some(v) = &viewer
            && graph::has_blocked(&platform, &user.id, &v.user_id).await?
        {
            continue;
        }
        items.push(directory::summary(&platform, &user).await?);
        if items.len() >= limit as usize {
            break;
        }
    }
    json(StatusCode::OK, &SummaryList { items })
}

async fn list_neighbourhoods(
    _platform: Arc<Platform>,
    _request: Request,
) -> Result<Response<Body>, ApiError> {
    let mut response = json(
        StatusCode::OK,
        &NeighbourhoodList {
            items: neighbourhoods::all().to_vec(),
        },
    )?;
    response.headers_mut().insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("public, max-age=86400"),
    );
    Ok(response)
}
