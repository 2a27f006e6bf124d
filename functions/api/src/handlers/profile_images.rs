//! Avatar and cover uploads: the browser PUTs the file straight to the blob store with a presigned
//! URL, then asks the API to process it. The original never becomes visible: only re-encoded variants.

use crate::accounts::images::{self, ImageError, ImageKind};

/// The two images of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileImage {
    Avatar,
    Cover,
}

impl ProfileImage {
    fn image_kind(self) -> ImageKind {
        match self {
            Self::Avatar => ImageKind::Avatar,
            Self::Cover => ImageKind::Cover,
        }
    }

    fn as_str(self) -> &'static str {
        self.image_kind().as_str()
    }
}
use crate::accounts::model::{Me, StoredImage};
use crate::accounts::{directory, erasure, keys};
use crate::caller::caller;
use crate::io::{json, json_body};
use crate::openapi::{OperationDoc, request_schema_of, schema_of};
use crate::platform::Platform;
use crate::problem::ApiError;
use crate::registry::{Auth, Route};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures::FutureExt;
use http::StatusCode;
use lambda_http::{Body, Request, Response};
use rouen_ports::{Condition, Item, Update};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

const UPLOAD_URL_TTL: Duration = Duration::from_secs(15 * 60);

pub fn routes() -> Vec<Route> {
    let mut out = Vec::new();
    for kind in [ProfileImage::Avatar, ProfileImage::Cover] {
        let (start, complete, remove): (Route, Route, Route) = match kind {
            ProfileImage::Avatar => (
                Route::http(
                    "users-avatar-upload",
                    "POST",
                    "/api/v1/users/avatar",
                    Auth::User,
                    |p, r| start_upload(p, r, ProfileImage::Avatar).boxed(),
                    start_doc("Start uploading a new avatar"),
                ),
                Route::http(
                    "users-avatar-complete",
                    "POST",
                    "/api/v1/users/avatar/complete",
                    Auth::User,
                    |p, r| complete_upload(p, r, ProfileImage::Avatar).boxed(),
                    complete_doc("Process the uploaded avatar and make it the profile's"),
                ),
                Route::http(
                    "users-avatar-delete",
                    "DELETE",
                    "/api/v1/users/avatar",
                    Auth::User,
                    |p, r| remove_image(p, r, ProfileImage::Avatar).boxed(),
                    remove_doc("Remove the avatar"),
                ),
            ),
            ProfileImage::Cover => (
                Route::http(
                    "users-cover-upload",
                    "POST",
                    "/api/v1/users/cover",
                    Auth::User,
                    |p, r| start_upload(p, r, ProfileImage::Cover).boxed(),
                    start_doc("Start uploading a new cover image"),
                ),
                Route::http(
                    "users-cover-complete",
                    "POST",
                    "/api/v1/users/cover/complete",
                    Auth::User,
                    |p, r| complete_upload(p, r, ProfileImage::Cover).boxed(),
                    complete_doc("Process the uploaded cover and make it the profile's"),
                ),
                Route::http(
                    "users-cover-delete",
                    "DELETE",
                    "/api/v1/users/cover",
                    Auth::User,
                    |p, r| remove_image(p, r, ProfileImage::Cover).boxed(),
                    remove_doc("Remove the cover image"),
                ),
            ),
        };
        out.extend([start, complete, remove]);
    }
    out
}

fn start_doc(summary: &'static str) -> OperationDoc {
    OperationDoc::new("users", summary)
        .body(request_schema_of::<UploadRequest>)
        .response(200, "Where and how to PUT the file", schema_of::<Upload>)
}

fn complete_doc(summary: &'static str) -> OperationDoc {
    OperationDoc::new("users", summary)
        .body(request_schema_of::<CompleteInput>)
        .response(200, "The account with its new image", schema_of::<Me>)
}

fn remove_doc(summary: &'static str) -> OperationDoc {
    OperationDoc::new("users", summary).response(200, "The account", schema_of::<Me>)
}

/// The image types accepted for upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ImageContentType {
    #[serde(rename = "image/jpeg")]
    Jpeg,
    #[serde(rename = "image/png")]
    Png,
    #[serde(rename = "image/webp")]
    Webp,
}

impl ImageContentType {
    fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadRequest {
    pub content_type: ImageContentType,
    /// The file's size in bytes (at most 8 MiB).
    #[schemars(range(min = 1, max = 8388608))]
    pub size: u64,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Upload {
    pub upload_id: String,
    /// PUT the file's bytes here, with exactly these headers and no others of your own.
    pub url: String,
    pub method: String,
    pub headers: std::collections::BTreeMap<String, String>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteInput {
    #[schemars(length(min = 1, max = 64))]
    pub upload_id: String,
}

fn upload_key(user_id: &str, upload_id: &str) -> rouen_ports::Key {
    rouen_ports::Key::new(keys::user_pk(user_id), format!("UPLOAD#{upload_id}"))
}

async fn start_upload(
    platform: Arc<Platform>,
    request: Request,
    kind: ProfileImage,
) -> Result<Response<Body>, ApiError> {
    start_upload_of(platform, request, kind.as_str()).await
}

/// Hands out a presigned upload for an image of this kind (`avatar`, `cover`, `photo`), remembered
/// in the user's partition until it is used.
pub async fn start_upload_of(
    platform: Arc<Platform>,
    request: Request,
    kind: &'static str,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: UploadRequest = json_body(&request)?;
    if input.size == 0 || input.size > images::MAX_UPLOAD_BYTES as u64 {
        return Err(ApiError::field(
            "body.size",
            "image_too_large",
            format!("an image has at most {} bytes", images::MAX_UPLOAD_BYTES),
        ));
    }
    directory::load_caller(&platform, &caller.user_id).await?;
    let upload_id = platform.ids.new_id();
    let blob_key = format!("uploads/{}/{upload_id}", caller.user_id);
    let presigned = platform
        .blobs
        .presign_put(&blob_key, input.content_type.mime(), UPLOAD_URL_TTL)
        .await?;
    // Remembered in the user's partition so that erasure finds an upload never completed.
    let key = upload_key(&caller.user_id, &upload_id);
    let mut item = Item::new();
    item.insert("pk".into(), key.pk.into());
    item.insert("sk".into(), key.sk.into());
    item.insert("kind".into(), kind.into());
    item.insert("blob_key".into(), blob_key.into());
    item.insert(
        "created_at".into(),
        platform.clock.now().to_rfc3339().into(),
    );
    platform.store.put(item, None).await?;
    json(
        StatusCode::OK,
        &Upload {
            upload_id,
            url: presigned.url,
            method: presigned.method,
            headers: presigned.headers.into_iter().collect(),
            expires_at: platform.clock.now()
                + chrono::Duration::seconds(UPLOAD_URL_TTL.as_secs() as i64),
        },
    )
}

async fn complete_upload(
    platform: Arc<Platform>,
    request: Request,
    kind: ProfileImage,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let input: CompleteInput = json_body(&request)?;
    let key = upload_key(&caller.user_id, &input.upload_id);
    let pending = platform
        .store
        .get(&key)
        .await?
        .filter(|i| i.get("kind").and_then(Value::as_str) == Some(kind.as_str()))
        .ok_or_else(|| ApiError::field("body.upload_id", "unknown", "no such upload"))?;
    let blob_key = pending
        .get("blob_key")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let original = match platform.blobs.get(&blob_key).await {
        Ok(o) => o,
        Err(rouen_ports::BlobError::NotFound) => {
            return Err(ApiError::field(
                "body.upload_id",
                "not_uploaded",
                "the file was not uploaded (PUT it to the upload URL first)",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let processed =
        tokio::task::spawn_blocking(move || images::process(&original.bytes, kind.image_kind()))
            .await
            .map_err(|e| ApiError::Internal(format!("image task: {e}")))?;
    let variants = match processed {
        Ok(v) => v,
        Err(err) => {
            // A refused file is not kept.
            platform.blobs.delete(&blob_key).await?;
            platform.store.delete(&key, None).await?;
            let code = match err {
                ImageError::NotAnImage => "not_an_image",
                ImageError::TooLarge => "image_too_large",
                ImageError::TooSmall => "image_too_small",
                ImageError::Encode(ref e) => {
                    return Err(ApiError::Internal(format!("encoding an image: {e}")));
                }
            };
            return Err(ApiError::field("body.upload_id", code, err.to_string()));
        }
    };
    let image = StoredImage {
        base: format!(
            "media/users/{}/{}/{}",
            caller.user_id,
            kind.as_str(),
            input.upload_id
        ),
    };
    for variant in variants {
        platform
            .blobs
            .put(
                &image.variant_key(variant.name),
                Bytes::from(variant.jpeg),
                "image/jpeg",
            )
            .await?;
    }
    let user = directory::load_caller(&platform, &caller.user_id).await?;
    let previous = match kind {
        ProfileImage::Avatar => user.avatar.clone(),
        ProfileImage::Cover => user.cover.clone(),
    };
    let stored = serde_json::to_value(&image).map_err(|e| ApiError::Internal(e.to_string()))?;
    platform
        .store
        .update(
            &keys::profile(&caller.user_id),
            &Update::new().set(kind.as_str(), stored),
            Some(Condition::Exists),
        )
        .await?;
    if let Some(old) = previous.filter(|old| *old != image) {
        erasure::delete_image(&platform, &old).await?;
    }
    platform.blobs.delete(&blob_key).await?;
    platform.store.delete(&key, None).await?;
    tracing::info!(user_id = %caller.user_id, kind = kind.as_str(), "profile image replaced");
    let saved = directory::load_caller(&platform, &caller.user_id).await?;
    json(StatusCode::OK, &directory::me(&platform, &saved).await?)
}

async fn remove_image(
    platform: Arc<Platform>,
    request: Request,
    kind: ProfileImage,
) -> Result<Response<Body>, ApiError> {
    let caller = caller(&request)?;
    let user = directory::load_caller(&platform, &caller.user_id).await?;
    let previous = match kind {
        ProfileImage::Avatar => user.avatar.clone(),
        ProfileImage::Cover => user.cover.clone(),
    };
    if let Some(old) = previous {
        platform
            .store
            .update(
                &keys::profile(&user.id),
                &Update::new().set(kind.as_str(), Value::Null),
                Some(Condition::Exists),
            )
            .await?;
        erasure::delete_image(&platform, &old).await?;
    }
    let saved = directory::load_caller(&platform, &caller.user_id).await?;
    json(StatusCode::OK, &directory::me(&platform, &saved).await?)
}
