//! The blob store over S3, with presigned PUT and GET URLs for browsers.

use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use bytes::Bytes;
use rouen_ports::blob_store::{MAX_PRESIGN_TTL, validate_key};
use rouen_ports::{BlobError, BlobObject, BlobStore, PresignedRequest};
use std::time::Duration;

pub struct S3BlobStore {
    client: Client,
    bucket: String,
}

fn engine<E: ProvideErrorMetadata + std::error::Error + 'static, R: std::fmt::Debug>(
    err: aws_sdk_s3::error::SdkError<E, R>,
) -> BlobError {
    BlobError::Engine(DisplayErrorContext(&err).to_string())
}

fn presigning(ttl: Duration) -> Result<PresigningConfig, BlobError> {
    if ttl.is_zero() || ttl > MAX_PRESIGN_TTL {
        return Err(BlobError::InvalidRequest(
            "a presigned URL lives 1 s to 7 days".into(),
        ));
    }
    PresigningConfig::expires_in(ttl).map_err(|e| BlobError::InvalidRequest(e.to_string()))
}

fn to_request(req: &aws_sdk_s3::presigning::PresignedRequest) -> PresignedRequest {
    PresignedRequest {
        method: req.method().to_owned(),
        url: req.uri().to_owned(),
        headers: req
            .headers()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    }
}

impl S3BlobStore {
    pub fn new(client: Client, bucket: String) -> Self {
        Self { client, bucket }
    }
}

#[async_trait]
impl BlobStore for S3BlobStore {
    async fn put(&self, key: &str, bytes: Bytes, content_type: &str) -> Result<(), BlobError> {
        validate_key(key)?;
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(engine)?;
        Ok(())
    }

    async fn get(&self, key: &str) -> Result<BlobObject, BlobError> {
        validate_key(key)?;
        let out = match self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(out) => out,
            Err(err) if matches!(err.code(), Some("NoSuchKey" | "NotFound")) => {
                return Err(BlobError::NotFound);
            }
            Err(err) => return Err(engine(err)),
        };
        let content_type = out
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_owned();
        let bytes = out
            .body
            .collect()
            .await
            .map_err(|e| BlobError::Engine(e.to_string()))?
            .into_bytes();
        Ok(BlobObject {
            bytes,
            content_type,
        })
    }

    async fn delete(&self, key: &str) -> Result<(), BlobError> {
        validate_key(key)?;
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(engine)?;
        Ok(())
    }

    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        ttl: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        validate_key(key)?;
        let request = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .presigned(presigning(ttl)?)
            .await
            .map_err(engine)?;
        let mut signed = to_request(&request);
        if !signed
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            signed
                .headers
                .push(("content-type".into(), content_type.to_owned()));
        }
        Ok(signed)
    }

    async fn presign_get(&self, key: &str, ttl: Duration) -> Result<PresignedRequest, BlobError> {
        validate_key(key)?;
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .presigned(presigning(ttl)?)
            .await
            .map_err(engine)?;
        Ok(to_request(&request))
    }

    async fn ping(&self) -> Result<(), BlobError> {
        self.client
            .head_bucket()
            .bucket(&self.bucket)
            .send()
            .await
            .map_err(engine)?;
        Ok(())
    }
}

/// Creates the bucket (with the location constraint outside us-east-1); succeeds if it exists.
pub async fn create_bucket(client: &Client, name: &str) -> Result<(), BlobError> {
    let region = client
        .config()
        .region()
        .map(|r| r.as_ref().to_owned())
        .unwrap_or_else(|| "us-east-1".into());
    let mut request = client.create_bucket().bucket(name);
    if region != "us-east-1" {
        request = request.create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(
                    region.as_str(),
                ))
                .build(),
        );
    }
    match request.send().await {
        Ok(_) => Ok(()),
        Err(err)
            if matches!(
                err.code(),
                Some("BucketAlreadyOwnedByYou" | "BucketAlreadyExists")
            ) =>
        {
            Ok(())
        }
        Err(err) => Err(engine(err)),
    }
}
