//! `/api/v1/conversations`: direct and group conversations, members, messages, read pointers and
//! message search. Members only: anyone else gets 404, as if the conversation did not exist.

use crate::accounts::directory;
use crate::accounts::model::UserRecord;
use crate::accounts::rate_limit;
use crate::caller::caller;
use crate::chat::model::{
    ConversationKind, ConversationRecord, ConversationView, MAX_GROUP_MEMBERS, MAX_NAME_CHARS,
    MemberRole, MessageView,
};
use crate::chat::{conversations, delivery, messages, rules, search};
use crate::io::{json, json_body, limit_param, no_content, path_param, query_param};
use crate::openapi::{OperationDoc, ParamDoc, request_schema_of, schema_of};
use crate::platform::Platform;
use crate::problem::{ApiError, FieldError};
use crate::registry::{Auth, Route};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation;

fn path_id(name: &'static str, description: &'static str) -> ParamDoc {
    ParamDoc {
        name,
        location: "path",
        required: true,
        description,
        schema: || json!({"type": "string", "minLength": 1, "maxLength": 64}),
    }
}

fn conversation_param() -> ParamDoc {
    path_id("id", "The conversation's id")
}

fn http(
    function: &'static str,
    method: &'static str,
    path: &'static str,
    handler: crate::registry::HttpHandler,
    doc: OperationDoc,
) -> Route {
    Route::http(function, method, path, Auth::User, handler, doc)
}

pub fn routes() -> Vec<Route> {
    vec![
        http(
            "conversations-list",
            "GET",
            "/api/v1/conversations",
            |p, r| list(p, r).boxed(),
            OperationDoc::new("chat", "One's conversations, most recent activity first")
                .paged()
                .response(200, "A page of conversations", schema_of::<ConversationPage>),
        ),
        http(
            "conversations-create",
            "POST",
            "/api/v1/conversations",
            |p, r| create(p, r).boxed(),
            OperationDoc::new(
                "chat",
                "Open a direct conversation (the same one every time) or create a group",
            )
            .body(request_schema_of::<CreateConversation>)
            .response(200, "The existing direct conversation", schema_of::<ConversationView>)
            .response(201, "The new conversation", schema_of::<ConversationView>),
        ),
        http(
            "conversations-search",
            "GET",
            "/api/v1/conversations/search",
            |p, r| search_messages(p, r).boxed(),
            OperationDoc::new("chat", "Search the messages of one's own conversations")
                .param(ParamDoc {
                    name: "q",
                    location: "query",
                    required: true,
                    description: "Words to find (1 to 100 characters)",
                    schema: || json!({"type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"}),
                })
                .param(ParamDoc::limit())
                .response(200, "Matching messages, best first", schema_of::<MessageSearch>),
        ),
        http(
            "conversations-get",
            "GET",
            "/api/v1/conversations/{id}",
            |p, r| get(p, r).boxed(),
            OperationDoc::new("chat", "One conversation with every member")
                .param(conversation_param())
                .response(200, "The conversation", schema_of::<ConversationView>),
        ),
        http(
            "conversations-update",
            "PATCH",
            "/api/v1/conversations/{id}",
            |p, r| update(p, r).boxed(),
            OperationDoc::new("chat", "Rename a group (admins) or mute a conversation (for oneself)")
                .param(conversation_param())
                .body(request_schema_of::<UpdateConversation>)
                .response(200, "The conversation", schema_of::<ConversationView>),
        ),
        http(
            "conversations-delete",
            "DELETE",
            "/api/v1/conversations/{id}",
            |p, r| delete_for_me(p, r).boxed(),
            OperationDoc::new(
                "chat",
                "Delete a conversation for oneself (its history so far is hidden; it comes back with a new message)",
            )
            .param(conversation_param())
            .no_content("Deleted for the caller"),
        ),
        http(
            "conversations-members-add",
            "POST",
            "/api/v1/conversations/{id}/members",
            |p, r| add_members(p, r).boxed(),
            OperationDoc::new("chat", "Add residents to a group (admins)")
                .param(conversation_param())
                .body(request_schema_of::<AddMembers>)
                .response(200, "The conversation", schema_of::<ConversationView>),
        ),
        http(
            "conversations-members-remove",
            "DELETE",
            "/api/v1/conversations/{id}/members/{user_id}",
            |p, r| remove_member(p, r).boxed(),
            OperationDoc::new("chat", "Remove a member from a group (admins)")
                .param(conversation_param())
                .param(path_id("user_id", "The member's user id"))
                .no_content("Removed"),
        ),
        http(
            "conversations-leave",
            "POST",
            "/api/v1/conversations/{id}/leave",
            |p, r| leave(p, r).boxed(),
            OperationDoc::new("chat", "Leave a group")
                .param(conversation_param())
                .no_content("Left"),
        ),
        http(
            "conversations-read",
            "POST",
            "/api/v1/conversations/{id}/read",
            |p, r| mark_read(p, r).boxed(),
            OperationDoc::new("chat", "Mark the conversation read up to a message (read receipts)")
                .param(conversation_param())
                .body(request_schema_of::<MarkRead>)
                .response(200, "The conversation", schema_of::<ConversationView>),
        ),
        http(
            "messages-list",
            "GET",
            "/api/v1/conversations/{id}/messages",
            |p, r| list_messages(p, r).boxed(),
            OperationDoc::new(
                "chat",
                "The history, newest first; with `since`, the messages after that one, oldest first",
            )
            .param(conversation_param())
            .param(ParamDoc {
                name: "since",
                location: "query",
                required: false,
                description: "A message id: replay what came after it (oldest first)",
                schema: || json!({"type": "string", "minLength": 1, "maxLength": 64}),
            })
            .paged()
            .response(200, "A page of messages", schema_of::<MessagePage>),
        ),
        http(
            "messages-send",
            "POST",
            "/api/v1/conversations/{id}/messages",
            |p, r| send(p, r).boxed(),
            OperationDoc::new(
                "chat",
                "Send a message (text up to 4,000 characters and/or one photo from POST /api/v1/posts/photos)",
            )
            .param(conversation_param())
            .body(request_schema_of::<SendMessage>)
            .response(200, "The message already sent with this client_id", schema_of::<MessageView>)
            .response(201, "The message", schema_of::<MessageView>),
        ),
        http(
            "messages-update",
            "PATCH",
            "/api/v1/conversations/{id}/messages/{message_id}",
            |p, r| edit_message(p, r).boxed(),
            OperationDoc::new("chat", "Edit one's own message")
                .param(conversation_param())
                .param(path_id("message_id", "The message's id"))
                .body(request_schema_of::<EditMessage>)
                .response(200, "The message", schema_of::<MessageView>),
        ),
        http(
            "messages-delete",
            "DELETE",
            "/api/v1/conversations/{id}/messages/{message_id}",
            |p, r| delete_message(p, r).boxed(),
            OperationDoc::new("chat", "Delete one's own message (for everyone)")
                .param(conversation_param())
                .param(path_id("message_id", "The message's id"))
                .no_content("Deleted"),
        ),
    ]
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateConversation {
    /// The other residents (ids or usernames): one for a direct conversation, up to 99 for a group.
    #[schemars(length(min = 1, max = 99), inner(length(min = 1, max = 64)))]
    pub members: Vec<String>,
    /// `group` for a group even with one other member; default: direct for one, group for more.
    #[serde(default)]
    pub kind: Option<ConversationKind>,
    /// A group's name (1 to 80 characters).
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateConversation {
    /// A group's new name; empty removes it.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub muted: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddMembers {
    /// Residents to add (ids or usernames).
    #[schemars(length(min = 1, max = 99), inner(length(min = 1, max = 64)))]
    pub members: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    pub message_id: String,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SendMessage {
    /// Up to 4,000 characters; may be empty with a photo.
    #[serde(default)]
    pub text: String,
    /// An upload id from `POST /api/v1/posts/photos`.
    #[serde(default)]
    pub image_id: Option<String>,
    /// The sender's own id for this message (1 to 64 characters): sending it again returns the
    /// first message instead of a duplicate.
    #[serde(default)]
    pub client_id: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditMessage {
    pub text: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ConversationPage {
    pub items: Vec<ConversationView>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct MessagePage {
    pub items: Vec<MessageView>,
    /// Newest-first pages: the next (older) page. Replays (`since`): absent when caught up.
    pub next_cursor: Option<String>,
    /// Replays only: more messages follow the last one returned (ask again with its id).
    pub more: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct MessageSearch {
    pub items: Vec<MessageView>,
}

fn bad(field: &str, code: &str, message: &str) -> FieldError {
    FieldError::new(field, code, message)
}

/// The residents named (ids or usernames), each once; unknown names are reported on their field.
async fn resolve_members(
    platform: &Platform,
    caller: &str,
    names: &[String],
) -> Result<Vec<UserRecord>, ApiError> {
    let mut errors = Vec::new();
    let mut users: Vec<UserRecord> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let field = format!("body.members[{i}]");
        if name.is_empty() || name.len() > 64 {
            errors.push(bad(&field, "invalid", "a user id or username"));
            continue;
        }
        match directory::resolve(platform, name).await {
            Ok(user) if user.id == caller => {
                errors.push(bad(&field, "self", "you are already a member"))
            }
            Ok(user) => {
                if !users.iter().any(|u| u.id == user.id) {
                    users.push(user);
                }
            }
            Err(ApiError::NotFound) => errors.push(bad(&field, "unknown_user", "no such resident")),
            Err(err) => return Err(err),
        }
    }
    if errors.is_empty() {
        Ok(users)
    } else {
        Err(ApiError::Validation(errors))
    }
}

fn clean_name(name: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(name) = name else { return Ok(None) };
    let name = name.trim().to_owned();
    if name.graphemes(true).count() > MAX_NAME_CHARS {
        return Err(ApiError::field(
            "body.name",
            "too_long",
            format!("a group name has at most {MAX_NAME_CHARS} characters"),
        ));
    }
    Ok((!name.is_empty()).then_some(name))
}

/// The full view of a conversation for one member.
async fn detail(
    platform: &Platform,
    conversation_id: &str,
    user_id: &str,
) -> Result<ConversationView, ApiError> {
    let (conversation, me) = conversations::membership(platform, conversation_id, user_id).await?;
    let members = conversations::members(platform, conversation_id).await?;
    let people = conversations::People::load(platform, &conversation.member_ids).await?;
    Ok(conversations::view(
        &conversation,
        &me,
        &people,
        Some(&members),
    ))
}

async fn list(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let limit = limit_param(&request, 20, 100)?;
    let (mine, next_cursor) = conversations::inbox(
        &platform,
        &caller.user_id,
        query_param(&request, "cursor")?,
        limit,
    )
    .await?;
    let ids: Vec<String> = mine.iter().map(|m| m.conversation_id.clone()).collect();
    let records = conversations::load_many(&platform, &ids).await?;
    let mut people_ids: Vec<String> = Vec::new();
    for c in records.values() {
        people_ids.extend(
            c.member_ids
                .iter()
                .filter(|m| **m != caller.user_id)
                .take(4)
                .cloned(),
        );
    }
    people_ids.push(caller.user_id.clone());
    let people = conversations::People::load(&platform, &people_ids).await?;
    let items = mine
        .iter()
        .filter_map(|m| {
            let c = records.get(&m.conversation_id)?;
            Some(conversations::view(c, m, &people, None))
        })
        .collect();
    json(StatusCode::OK, &ConversationPage { items, next_cursor })
}

async fn create(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: CreateConversation = json_body(&request)?;
    if input.members.is_empty() || input.members.len() >= MAX_GROUP_MEMBERS {
        return Err(ApiError::field(
            "body.members",
            "invalid_length",
            "name 1 to 99 other residents",
        ));
    }
    let name = clean_name(input.name)?;
    let me = directory::load_caller(&platform, &caller.user_id).await?;
    let others = resolve_members(&platform, &me.id, &input.members).await?;
    let group = input.kind == Some(ConversationKind::Group) || others.len() > 1 || name.is_some();
    if !group && input.kind == Some(ConversationKind::Direct) && others.len() != 1 {
        return Err(ApiError::field(
            "body.members",
            "invalid_length",
            "a direct conversation has one other member",
        ));
    }
    for other in &others {
        rules::ensure_may_message(&platform, &me.id, other).await?;
    }
    let (conversation, created) = if group {
        (
            conversations::create_group(&platform, &me.id, name, &others).await?,
            true,
        )
    } else {
        match others.first() {
            Some(other) => conversations::open_direct(&platform, &me.id, other).await?,
            None => return Err(ApiError::field("body.members", "required", "name someone")),
        }
    };
    if created {
        delivery::conversation_changed(
            &platform,
            &conversation.member_ids,
            &conversation.id,
            "created",
        )
        .await?;
    }
    let view = detail(&platform, &conversation.id, &me.id).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    json(status, &view)
}

async fn get(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let id = path_param(&request, "id")?;
    json(
        StatusCode::OK,
        &detail(&platform, &id, &caller.user_id).await?,
    )
}

async fn update(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let id = path_param(&request, "id")?;
    let input: UpdateConversation = json_body(&request)?;
    let (conversation, me) = conversations::membership(&platform, &id, &caller.user_id).await?;
    if let Some(name) = input.name {
        if conversation.kind != ConversationKind::Group {
            return Err(ApiError::field(
                "body.name",
                "direct_conversation",
                "only groups have a name",
            ));
        }
        if me.role != MemberRole::Admin {
            return Err(ApiError::Forbidden);
        }
        let name = clean_name(Some(name))?;
        conversations::rename(&platform, &id, name.as_deref()).await?;
        delivery::conversation_changed(&platform, &conversation.member_ids, &id, "renamed").await?;
    }
    if let Some(muted) = input.muted {
        conversations::set_muted(&platform, &id, &caller.user_id, muted).await?;
    }
    json(
        StatusCode::OK,
        &detail(&platform, &id, &caller.user_id).await?,
    )
}

async fn delete_for_me(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let id = path_param(&request, "id")?;
    let (conversation, _) = conversations::membership(&platform, &id, &caller.user_id).await?;
    conversations::clear_for(&platform, &conversation, &caller.user_id).await?;
    Ok(no_content())
}

async fn add_members(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let id = path_param(&request, "id")?;
    let input: AddMembers = json_body(&request)?;
    let (conversation, me) = conversations::membership(&platform, &id, &caller.user_id).await?;
    if conversation.kind != ConversationKind::Group {
        return Err(ApiError::field(
            "body.members",
            "direct_conversation",
            "start a group to talk with more residents",
        ));
    }
    if me.role != MemberRole::Admin {
        return Err(ApiError::Forbidden);
    }
    if input.members.is_empty() || input.members.len() >= MAX_GROUP_MEMBERS {
        return Err(ApiError::field(
            "body.members",
            "invalid_length",
            "name 1 to 99 residents",
        ));
    }
    let users = resolve_members(&platform, &caller.user_id, &input.members).await?;
    for user in &users {
        if !conversation.member_ids.contains(&user.id) {
            rules::ensure_may_message(&platform, &caller.user_id, user).await?;
        }
    }
    let (next, added) = conversations::add_members(&platform, &conversation, &users).await?;
    if !added.is_empty() {
        delivery::conversation_changed(&platform, &next.member_ids, &id, "members").await?;
    }
    json(
        StatusCode::OK,
        &detail(&platform, &id, &caller.user_id).await?,
    )
}

async fn remove_member(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let id = path_param(&request, "id")?;
    let target = path_param(&request, "user_id")?;
    let (conversation, me) = conversations::membership(&platform, &id, &caller.user_id).await?;
    if conversation.kind != ConversationKind::Group {
        return Err(ApiError::NotFound);
    }
    if target != caller.user_id && me.role != MemberRole::Admin {
        return Err(ApiError::Forbidden);
    }
    if !conversation.member_ids.contains(&target) {
        return Err(ApiError::NotFound);
    }
    leave_group(&platform, &conversation, &target).await?;
    Ok(no_content())
}

async fn leave_group(
    platform: &Platform,
    conversation: &ConversationRecord,
    user_id: &str,
) -> Result<(), ApiError> {
    conversations::remove_member(platform, conversation, user_id).await?;
    // The one who left learns it too (their other tabs drop the conversation).
    delivery::conversation_changed(
        platform,
        &conversation.member_ids,
        &conversation.id,
        "members",
    )
    .await
}

async fn leave(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let id = path_param(&request, "id")?;
    let (conversation, _) = conversations::membership(&platform, &id, &caller.user_id).await?;
    if conversation.kind != ConversationKind::Group {
        return Err(ApiError::field(
            "path.id",
            "direct_conversation",
            "a direct conversation cannot be left; delete it for yourself instead",
        ));
    }
    leave_group(&platform, &conversation, &caller.user_id).await?;
    Ok(no_content())
}

/// Moves the read pointer and tells the members (shared by HTTP and the `read` frame).
pub async fn read_up_to(
    platform: &Platform,
    user_id: &str,
    conversation_id: &str,
    message_id: &str,
) -> Result<(), ApiError> {
    let (conversation, me) = conversations::membership(platform, conversation_id, user_id).await?;
    let exists = messages::load(platform, conversation_id, message_id)
        .await?
        .is_some();
    if !exists {
        return Err(ApiError::field(
            "body.message_id",
            "unknown",
            "no such message in this conversation",
        ));
    }
    if messages::mark_read(platform, &conversation, &me, message_id).await? {
        delivery::read_receipt(platform, &conversation, user_id, message_id).await?;
    }
    Ok(())
}

async fn mark_read(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let id = path_param(&request, "id")?;
    let input: MarkRead = json_body(&request)?;
    read_up_to(&platform, &caller.user_id, &id, &input.message_id).await?;
    json(
        StatusCode::OK,
        &detail(&platform, &id, &caller.user_id).await?,
    )
}

async fn list_messages(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let id = path_param(&request, "id")?;
    let limit = limit_param(&request, 30, 100)?;
    let (_, me) = conversations::membership(&platform, &id, &caller.user_id).await?;
    let page = match query_param(&request, "since")? {
        Some(since) => {
            if since.len() > 64 {
                return Err(ApiError::field("query.since", "invalid", "a message id"));
            }
            let (found, more) = messages::since(&platform, &me, &since, limit).await?;
            MessagePage {
                items: messages::views(&platform, &found).await?,
                next_cursor: None,
                more,
            }
        }
        None => {
            let (found, next_cursor) =
                messages::page(&platform, &me, query_param(&request, "cursor")?, limit).await?;
            MessagePage {
                items: messages::views(&platform, &found).await?,
                next_cursor,
                more: false,
            }
        }
    };
    json(StatusCode::OK, &page)
}

/// Sends a message for a member: checks, stores, delivers (shared by HTTP and the `message` frame).
/// Returns the message and whether it is new.
pub async fn send_message(
    platform: &Platform,
    user_id: &str,
    conversation_id: &str,
    input: SendMessage,
) -> Result<(MessageView, bool), ApiError> {
    let (conversation, _) = conversations::membership(platform, conversation_id, user_id).await?;
    let text = messages::clean_text(&input.text, "body.text", input.image_id.is_some())?;
    if let Some(client_id) = &input.client_id
        && (client_id.is_empty() || client_id.len() > 64)
    {
        return Err(ApiError::field(
            "body.client_id",
            "invalid_length",
            "a client id has 1 to 64 characters",
        ));
    }
    if let Some(image_id) = &input.image_id
        && (image_id.is_empty() || image_id.len() > 64)
    {
        return Err(ApiError::field(
            "body.image_id",
            "unknown",
            "no such upload",
        ));
    }
    rate_limit::hit(
        platform,
        "message",
        user_id,
        platform.settings.auth.limits.messages_per_sender,
    )
    .await?;
    if conversation.kind == ConversationKind::Direct
        && let Some(other) = conversation.member_ids.iter().find(|m| *m != user_id)
        && let Some(other) = directory::load(platform, other).await?
    {
        // Settings and blocks may have changed since the conversation began.
        rules::ensure_may_message(platform, user_id, &other).await?;
    }
    // A retry of a message already sent returns it before its photo (an upload spent by the first
    // attempt) is looked at again.
    if let Some(client_id) = &input.client_id
        && let Some(first) =
            messages::sent_with_client_id(platform, conversation_id, user_id, client_id).await?
    {
        return Ok((messages::view(platform, &first).await?, false));
    }
    let message_id = platform.ids.new_id();
    let image = match &input.image_id {
        Some(upload) => crate::social::posts::photos(
            platform,
            user_id,
            &format!("media/chat/{conversation_id}/{message_id}"),
            "body.image_id",
            std::slice::from_ref(upload),
        )
        .await?
        .into_iter()
        .next(),
        None => None,
    };
    let sent = messages::send(
        platform,
        &conversation,
        message_id,
        user_id,
        text,
        image,
        input.client_id,
    )
    .await?;
    let view = messages::view(platform, &sent.message).await?;
    if sent.created {
        search::reindex(platform, &sent.message).await?;
        let members = conversations::members(platform, conversation_id).await?;
        delivery::message_created(platform, &conversation, &members, &view).await?;
    }
    Ok((view, sent.created))
}

async fn send(platform: Arc<Platform>, request: Request) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let id = path_param(&request, "id")?;
    let input: SendMessage = json_body(&request)?;
    let (view, created) = send_message(&platform, &caller.user_id, &id, input).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    json(status, &view)
}

/// One's own message in a conversation one belongs to.
async fn own_message(
    platform: &Platform,
    request: &Request,
) -> Result<(ConversationRecord, crate::chat::model::MessageRecord), ApiError> {
    let caller = caller(request)?;
    let id = path_param(request, "id")?;
    let message_id = path_param(request, "message_id")?;
    let (conversation, me) = conversations::membership(platform, &id, &caller.user_id).await?;
    let message = messages::load(platform, &id, &message_id)
        .await?
        .filter(|m| {
            me.cleared_before
                .as_deref()
                .is_none_or(|c| m.id.as_str() > c)
        })
        .ok_or(ApiError::NotFound)?;
    if message.author_id != caller.user_id {
        return Err(ApiError::Forbidden);
    }
    if message.deleted {
        return Err(ApiError::NotFound);
    }
    Ok((conversation, message))
}

async fn edit_message(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let input: EditMessage = json_body(&request)?;
    let (conversation, message) = own_message(&platform, &request).await?;
    let text = messages::clean_text(&input.text, "body.text", message.image.is_some())?;
    let edited = messages::edit(&platform, &message, text).await?;
    search::reindex(&platform, &edited).await?;
    let view = messages::view(&platform, &edited).await?;
    delivery::message_changed(&platform, &conversation, "message_updated", &view).await?;
    json(StatusCode::OK, &view)
}

async fn delete_message(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let (conversation, message) = own_message(&platform, &request).await?;
    let deleted = messages::delete(&platform, &message).await?;
    search::reindex(&platform, &deleted).await?;
    let view = messages::view(&platform, &deleted).await?;
    delivery::message_changed(&platform, &conversation, "message_deleted", &view).await?;
    Ok(no_content())
}

async fn search_messages(
    platform: Arc<Platform>,
    request: Request,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let q = crate::io::search_text(&request)?;
    let limit = limit_param(&request, 20, 100)?;
    let found = search::search(&platform, &caller.user_id, &q, limit).await?;
    json(
        StatusCode::OK,
        &MessageSearch {
            items: messages::views(&platform, &found).await?,
        },
    )
}
