//! Connection push through the API Gateway management API (`POST @connections/{id}`).

use async_trait::async_trait;
use aws_sdk_apigatewaymanagement::Client;
use aws_sdk_apigatewaymanagement::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_apigatewaymanagement::primitives::Blob;
use rouen_ports::{ConnectionPush, PushError};

pub struct ApiGatewayPush {
    client: Client,
}

impl ApiGatewayPush {
    /// The client's endpoint is the WebSocket API's callback URL, stage included.
    pub fn new(client: Client) -> Self {
        Self { client }
    }
}

#[async_trait]
impl ConnectionPush for ApiGatewayPush {
    async fn send(&self, connection_id: &str, frame: &str) -> Result<(), PushError> {
        match self
            .client
            .post_to_connection()
            .connection_id(connection_id)
            .data(Blob::new(frame.as_bytes().to_vec()))
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(err) if err.code() == Some("GoneException") => Err(PushError::Gone),
            Err(err) => Err(PushError::Engine(DisplayErrorContext(&err).to_string())),
        }
    }

    async fn disconnect(&self, connection_id: &str) -> Result<(), PushError> {
        match self
            .client
            .delete_connection()
            .connection_id(connection_id)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(err) if err.code() == Some("GoneException") => Ok(()),
            Err(err) => Err(PushError::Engine(DisplayErrorContext(&err).to_string())),
        }
    }
}
