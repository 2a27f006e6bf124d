//! The HTTP engine of the browser-push port: POSTs encrypted messages to push services.
//!
//! Subscription endpoints come from browsers, so they are untrusted URLs: only `https` is accepted,
//! and never an IP literal of a private, loopback or link-local network (no server-side request
//! forgery into the VPC). Tests and the local binary may allow plain `http` on loopback, where their
//! stand-in push service listens.

use async_trait::async_trait;
use rouen_ports::{BrowserPush, BrowserPushError, PushDelivery, PushMessage};
use std::net::IpAddr;
use std::time::Duration;

pub struct HttpBrowserPush {
    client: reqwest::Client,
    allow_loopback_http: bool,
}

impl HttpBrowserPush {
    /// `allow_loopback_http`: accept `http://127.0.0.1…` endpoints (tests, the local binary).
    pub fn new(allow_loopback_http: bool) -> Result<Self, BrowserPushError> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("RouenSocial/1 (+https://rouen.social)")
            .build()
            .map_err(|e| BrowserPushError::Network(e.to_string()))?;
        Ok(Self {
            client,
            allow_loopback_http,
        })
    }

    fn check(&self, endpoint: &str) -> Result<url::Url, BrowserPushError> {
        let invalid = || BrowserPushError::InvalidEndpoint(endpoint.to_owned());
        let url = url::Url::parse(endpoint).map_err(|_| invalid())?;
        let ip = url.host_str().and_then(|h| {
            h.trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
                .ok()
        });
        let loopback = ip.is_some_and(|ip| ip.is_loopback());
        match url.scheme() {
            "https" => {}
            "http" if self.allow_loopback_http && loopback => return Ok(url),
            _ => return Err(invalid()),
        }
        if let Some(ip) = ip
            && !is_public(ip)
        {
            return Err(invalid());
        }
        Ok(url)
    }
}

fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64)
        }
        IpAddr::V6(v6) => {
            !(v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80)
        }
    }
}

#[async_trait]
impl BrowserPush for HttpBrowserPush {
    async fn deliver(&self, message: &PushMessage) -> Result<PushDelivery, BrowserPushError> {
        let url = self.check(&message.endpoint)?;
        let mut request = self.client.post(url).body(message.body.clone());
        for (name, value) in &message.headers {
            request = request.header(name, value);
        }
        let response = request
            .send()
            .await
            .map_err(|e| BrowserPushError::Network(e.to_string()))?;
        let status = response.status().as_u16();
        Ok(match status {
            200..=299 => PushDelivery::Accepted,
            404 | 410 => PushDelivery::Gone,
            other => PushDelivery::Refused(other),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_https_endpoints_are_accepted_in_production() -> Result<(), BrowserPushError> {
        let strict = HttpBrowserPush::new(false)?;
        assert!(
            strict
                .check("https://fcm.googleapis.com/fcm/send/abc")
                .is_ok()
        );
        assert!(
            strict
                .check("https://updates.push.services.mozilla.com/wpush/v2/x")
                .is_ok()
        );
        for bad in [
            "http://fcm.googleapis.com/x",
            "https://127.0.0.1/x",
            "https://10.0.0.8/x",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/x",
            "https://[fd00::1]/x",
            "http://127.0.0.1:9000/x",
            "ftp://example.org/x",
            "not a url",
        ] {
            assert!(strict.check(bad).is_err(), "{bad} should be refused");
        }
        let local = HttpBrowserPush::new(true)?;
        assert!(local.check("http://127.0.0.1:9000/push/1").is_ok());
        assert!(local.check("http://10.0.0.8/x").is_err());
        Ok(())
    }
}
