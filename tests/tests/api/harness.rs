//! Drives a local gateway over real HTTP the way the web app does: bearer tokens, the refresh and CSRF
//! cookies, the dev outbox for verification and reset links.

use reqwest::{Method, StatusCode};
use rouen_api::platform::RateLimits;
use rouen_local_gateway::{LocalConfig, RunningGateway, start};
use rouen_ports::ManualClock;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

pub const PASSWORD: &str = "Seine et Gros-Horloge 1389";

pub struct Platform {
    pub gw: RunningGateway,
    pub dir: tempfile::TempDir,
    pub http: reqwest::Client,
}

/// What a signed-in resident holds.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub email: String,
    pub access: String,
    pub refresh: String,
    pub csrf: String,
}

pub async fn platform() -> Platform {
    platform_with(None).await
}

pub async fn platform_with(limits: Option<RateLimits>) -> Platform {
    platform_configured(|c| c.rate_limits = limits).await
}

/// Whether this run drives the cloud shape (`ROUEN_TEST_RUNTIME=cloud`): the real Lambda binaries
/// under the gateway's Lambda Runtime API, over the AWS engines on the local servers. Otherwise the
/// handlers run in-process over the embedded engines.
pub fn cloud() -> bool {
    std::env::var("ROUEN_TEST_RUNTIME").is_ok_and(|v| v.trim() == "cloud")
}

fn cloud_config() -> rouen_local_gateway::cloud::CloudConfig {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // The test binary is target/debug/deps/api-…: the multi-call function binary is in
    // target/debug (`cargo build -p rouen-lambdas --bin rouen-lambda`); `ROUEN_LAMBDA_DIR` runs
    // per-function ones instead.
    let launch = match std::env::var("ROUEN_LAMBDA_DIR") {
        Ok(dir) => rouen_local_gateway::cloud::Launch::PerFunction(dir.into()),
        Err(_) => rouen_local_gateway::cloud::Launch::MultiCall(
            std::env::current_exe()
                .ok()
                .and_then(|exe| Some(exe.parent()?.parent()?.join("rouen-lambda")))
                .expect("the test binary's directory"),
        ),
    };
    rouen_local_gateway::cloud::CloudConfig {
        servers: rouen_local_gateway::cloud::Servers::from_env_file(&root)
            .expect("the local AWS servers (infra/scripts/emulators.sh start)"),
        launch,
        max_instances: 2,
        timeout: Duration::from_secs(60),
    }
}

pub async fn platform_configured(configure: impl FnOnce(&mut LocalConfig)) -> Platform {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = LocalConfig::for_tests(dir.path().to_path_buf());
    configure(&mut config);
    platform_in(dir, config).await
}

/// The day the recorded city sources were captured, around midday in Rouen.
pub fn recorded_day() -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 25, 11, 30, 0)
        .single()
        .expect("a valid instant")
}

/// A platform whose time stands at `start` until the test moves the returned clock. In cloud mode
/// the clock is mirrored to a file the functions (other processes) read their time from.
pub async fn platform_on_clock(
    start: chrono::DateTime<chrono::Utc>,
    configure: impl FnOnce(&mut LocalConfig),
) -> (Platform, Arc<ManualClock>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = LocalConfig::for_tests(dir.path().to_path_buf());
    let clock = if cloud() {
        let path = dir.path().join("clock");
        config.clock_file = Some(path.clone());
        ManualClock::mirrored(start, path).expect("the clock file")
    } else {
        ManualClock::new(start)
    };
    let clock = Arc::new(clock);
    config.clock = Some(clock.clone());
    configure(&mut config);
    (platform_in(dir, config).await, clock)
}

async fn platform_in(dir: tempfile::TempDir, mut config: LocalConfig) -> Platform {
    if cloud() {
        config.cloud = Some(cloud_config());
    }
    let gw = start(config).await.expect("gateway starts");
    gw.state.first_runs.wait().await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    Platform { gw, dir, http }
}

/// A response read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// Asserts a problem document with this status and code.
    pub fn problem(&self, status: u16, code: &str) -> &Self {
        assert_eq!(self.status.as_u16(), status, "status (body: {})", self.body);
        assert_eq!(self.body["code"], code, "code (body: {})", self.body);
        assert_eq!(
            self.headers["content-type"], "application/problem+json",
            "problem content type"
        );
        self
    }

    /// The codes of the field errors of a 422, as `field:code`.
    pub fn field_codes(&self) -> Vec<String> {
        assert_eq!(
            self.status, 422,
            "expected a validation problem: {}",
            self.body
        );
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| {
                        format!(
                            "{}:{}",
                            e["field"].as_str().unwrap_or(""),
                            e["code"].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn ok(&self) -> &Value {
        assert!(
            self.status.is_success(),
            "expected success, got {}: {}",
            self.status,
            self.body
        );
        &self.body
    }

    /// The value a `Set-Cookie` header gives a cookie, with the header's attributes.
    pub fn cookie(&self, name: &str) -> Option<(String, String)> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(|v| {
                let value = v
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim_start_matches(&format!("{name}="))
                    .to_owned();
                (value, v.to_owned())
            })
    }
}

impl Platform {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.gw.url)
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut request = self.http.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        read(response).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Answer {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Answer {
        self.call(Method::GET, path, token, None).await
    }

    /// Sends the refresh or logout request with the cookies and CSRF header a browser would.
    pub async fn with_cookies(
        &self,
        path: &str,
        refresh: &str,
        csrf_cookie: &str,
        csrf_header: Option<&str>,
    ) -> Answer {
        let mut request = self.http.post(self.url(path)).header(
            "cookie",
            format!("rs_refresh={refresh}; rs_csrf={csrf_cookie}"),
        );
        if let Some(h) = csrf_header {
            request = request.header("x-csrf-token", h);
        }
        read(request.send().await.expect("request sent")).await
    }

    pub async fn refresh(&self, session: &Session) -> Answer {
        self.with_cookies(
            "/api/v1/auth/refresh",
            &session.refresh,
            &session.csrf,
            Some(&session.csrf),
        )
        .await
    }

    /// The newest message of the outbox to this address with this template.
    pub async fn mail(
        &self,
        to: &str,
        template: &str,
    ) -> Option<rouen_embedded::mailer::StoredEmail> {
        self.mails_to(to)
            .await
            .into_iter()
            .find(|m| m.template == template)
    }

    /// Every message to this address, newest first: from the dev outbox, or in cloud mode from
    /// what SES (moto) accepted.
    pub async fn mails_to(&self, to: &str) -> Vec<rouen_embedded::mailer::StoredEmail> {
        if let Some(cloud) = &self.gw.state.cloud {
            return sent_by_ses(&self.http, cloud, to).await;
        }
        self.gw
            .state
            .engines
            .outbox
            .list(500)
            .await
            .expect("outbox")
            .into_iter()
            .filter(|m| m.to == to)
            .collect()
    }

    /// The token of the link in a mail (`...?token=XYZ`).
    pub async fn link_token(&self, to: &str, template: &str) -> String {
        let mail = self
            .mail(to, template)
            .await
            .unwrap_or_else(|| panic!("no {template} mail to {to}"));
        mail.text
            .split_once("?token=")
            .map(|(_, rest)| {
                rest.chars()
                    .take_while(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '%')
                    })
                    .collect::<String>()
            })
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| panic!("no link in {}", mail.text))
    }

    pub async fn register(&self, username: &str, email: &str) -> Answer {
        self.post(
            "/api/v1/auth/register",
            None,
            json!({"email": email, "username": username, "password": PASSWORD, "accept_terms": true}),
        )
        .await
    }

    pub async fn login(&self, login: &str, password: &str) -> Answer {
        self.post(
            "/api/v1/auth/login",
            None,
            json!({"login": login, "password": password}),
        )
        .await
    }

    /// Registers, verifies through the mailed link and signs in.
    pub async fn resident(&self, username: &str) -> Session {
        let email = format!("{}@example.fr", username.to_lowercase());
        assert_eq!(self.register(username, &email).await.status, 202);
        let token = self.link_token(&email, "verify_email").await;
        self.post("/api/v1/auth/verify-email", None, json!({"token": token}))
            .await
            .ok();
        self.sign_in(&email, PASSWORD).await
    }

    /// As [`Platform::resident`], for futures that must own their name.
    pub async fn resident_owned(&self, username: String) -> Session {
        self.resident(&username).await
    }

    pub async fn sign_in(&self, login: &str, password: &str) -> Session {
        let answer = self.login(login, password).await;
        let body = answer.ok().clone();
        let (refresh, _) = answer.cookie("rs_refresh").expect("refresh cookie");
        let (csrf, _) = answer.cookie("rs_csrf").expect("csrf cookie");
        Session {
            id: body["user"]["id"].as_str().expect("id").to_owned(),
            email: body["user"]["email"].as_str().expect("email").to_owned(),
            access: body["access_token"].as_str().expect("token").to_owned(),
            refresh,
            csrf,
        }
    }

    /// Waits until the jobs worker has brought the search index up to date for `q`.
    pub async fn search_until(
        &self,
        q: &str,
        token: Option<&str>,
        want: impl Fn(&Value) -> bool,
    ) -> Value {
        let mut last = Value::Null;
        for _ in 0..300 {
            let answer = self
                .get(&format!("/api/v1/users/search?q={q}"), token)
                .await;
            last = answer.ok().clone();
            if want(&last) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("search for {q} never matched: {last}");
    }
}

impl Platform {
    fn cloud_var(&self, name: &str) -> Option<String> {
        let cloud = self.gw.state.cloud.as_ref()?;
        cloud
            .env
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    /// Every stored item, one line of text each (the whole table: a test may scan).
    pub async fn stored_items(&self) -> Vec<String> {
        let Some(table) = self.cloud_var("ROUEN_TABLE") else {
            let db = rusqlite::Connection::open(self.dir.path().join("items.sqlite"))
                .expect("open the item store");
            let mut statement = db.prepare("SELECT * FROM items").expect("items table");
            let columns = statement.column_count();
            return statement
                .query_map([], |row| {
                    let mut text = String::new();
                    for i in 0..columns {
                        if let Ok(v) = row.get::<_, rusqlite::types::Value>(i) {
                            text.push_str(&format!("{v:?} "));
                        }
                    }
                    Ok(text)
                })
                .expect("rows")
                .filter_map(Result::ok)
                .collect();
        };
        let cloud = self.gw.state.cloud.as_ref().expect("cloud");
        let client = cloud.servers.clients().await.dynamodb;
        let mut rows = Vec::new();
        let mut start = None;
        loop {
            let page = client
                .scan()
                .table_name(&table)
                .set_exclusive_start_key(start)
                .send()
                .await
                .expect("scan the table");
            rows.extend(page.items().iter().map(|item| format!("{item:?}")));
            match page.last_evaluated_key {
                Some(key) if !key.is_empty() => start = Some(key),
                _ => break,
            }
        }
        rows
    }

    /// Every stored blob's key (or file path).
    pub async fn stored_blobs(&self) -> Vec<String> {
        let Some(bucket) = self.cloud_var("ROUEN_MEDIA_BUCKET") else {
            fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
                for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        walk(&path, out);
                    } else {
                        out.push(path.display().to_string());
                    }
                }
            }
            let mut out = Vec::new();
            walk(&self.dir.path().join("blobs"), &mut out);
            return out;
        };
        let cloud = self.gw.state.cloud.as_ref().expect("cloud");
        let client = cloud.servers.clients().await.s3;
        let listed = client
            .list_objects_v2()
            .bucket(&bucket)
            .send()
            .await
            .expect("list the bucket");
        listed
            .contents()
            .iter()
            .filter_map(|o| o.key().map(str::to_owned))
            .collect()
    }
}

/// The messages moto's SES accepted from this platform (`from` is unique per start) for `to`, newest first, their template told by their subject
/// (SES keeps no template name).
async fn sent_by_ses(
    http: &reqwest::Client,
    cloud: &rouen_local_gateway::cloud::CloudRuntime,
    to: &str,
) -> Vec<rouen_embedded::mailer::StoredEmail> {
    use rouen_api::accounts::emails::AccountEmail;
    use rouen_api::accounts::model::Language;
    let subjects: Vec<(String, &str, &str)> = [
        AccountEmail::Verify { name: "", link: "" },
        AccountEmail::AlreadyRegistered {
            name: "",
            reset_link: "",
        },
        AccountEmail::Reset { name: "", link: "" },
        AccountEmail::PasswordChanged { name: "" },
        AccountEmail::NewSignIn {
            name: "",
            when: "",
            device: "",
        },
    ]
    .iter()
    .flat_map(|e| {
        [(Language::Fr, "fr"), (Language::En, "en")].map(|(lang, code)| {
            let rendered = e.render(to, lang);
            (rendered.subject, e.template(), code)
        })
    })
    .collect();
    let digests = [
        ("Rouen Social — Ce que vous avez manqué", "fr"),
        ("Rouen Social — What you missed", "en"),
    ];
    let sent = cloud
        .servers
        .mail_sent(http, &cloud.mail_from, to)
        .await
        .expect("moto's state");
    let mut out: Vec<rouen_embedded::mailer::StoredEmail> = sent
        .into_iter()
        .map(|m| {
            let (template, lang) = subjects
                .iter()
                .find(|(s, _, _)| *s == m.subject)
                .map(|(_, t, l)| (*t, *l))
                .or_else(|| {
                    digests
                        .iter()
                        .find(|(s, _)| *s == m.subject)
                        .map(|(_, l)| ("notification_digest", *l))
                })
                .unwrap_or(("unknown", ""));
            rouen_embedded::mailer::StoredEmail {
                id: m.id,
                to: to.to_owned(),
                subject: m.subject,
                text: m.body,
                html: None,
                template: template.to_owned(),
                lang: lang.to_owned(),
                sent_at: chrono::Utc::now(),
            }
        })
        .collect();
    out.reverse();
    out
}

pub async fn read(response: reqwest::Response) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Answer {
        status,
        headers,
        body,
    }
}

pub fn usernames(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|u| u["username"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A WebSocket held by a resident, opened with a ticket as the web app opens it.
pub struct Socket {
    ws: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
    /// Frames read while waiting for another type, kept for later waits.
    pending: Vec<Value>,
}

impl Platform {
    pub fn ws_url(&self, query: &str) -> String {
        format!("{}/ws{query}", self.gw.url.replace("http://", "ws://"))
    }

    pub async fn ticket(&self, session: &Session) -> String {
        let answer = self
            .post("/api/v1/ws/ticket", Some(&session.access), json!({}))
            .await;
        answer.ok()["ticket"].as_str().expect("a ticket").to_owned()
    }

    /// Opens a socket for the resident (a new ticket each time).
    pub async fn socket(&self, session: &Session) -> Socket {
        let ticket = self.ticket(session).await;
        let (ws, _) = tokio_tungstenite::connect_async(self.ws_url(&format!("?ticket={ticket}")))
            .await
            .expect("the socket opens with a fresh ticket");
        Socket {
            ws,
            pending: Vec::new(),
        }
    }
}

impl Socket {
    pub async fn send(&mut self, frame: Value) {
        use futures::SinkExt;
        self.ws
            .send(tokio_tungstenite::tungstenite::Message::Text(
                frame.to_string().into(),
            ))
            .await
            .expect("frame sent");
    }

    pub async fn send_raw(&mut self, text: &str) {
        use futures::SinkExt;
        self.ws
            .send(tokio_tungstenite::tungstenite::Message::Text(text.into()))
            .await
            .expect("frame sent");
    }

    /// The next frame of this type within `wait`, if any (other frames are kept).
    pub async fn try_next_of(&mut self, kind: &str, wait: Duration) -> Option<Value> {
        use futures::StreamExt;
        if let Some(i) = self.pending.iter().position(|f| f["type"] == kind) {
            return Some(self.pending.remove(i));
        }
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let message = tokio::time::timeout(left, self.ws.next()).await.ok()??;
            let message = message.ok()?;
            if let tokio_tungstenite::tungstenite::Message::Text(text) = message {
                let frame: Value = serde_json::from_str(&text).expect("server frames are JSON");
                if frame["type"] == kind {
                    return Some(frame);
                }
                self.pending.push(frame);
            }
        }
    }

    /// The next frame of this type (fails the test after 10 s).
    pub async fn next_of(&mut self, kind: &str) -> Value {
        match self.try_next_of(kind, Duration::from_secs(10)).await {
            Some(frame) => frame,
            None => panic!("no `{kind}` frame in time (seen: {:?})", self.pending),
        }
    }

    pub async fn close(mut self) {
        let _ = self.ws.close(None).await;
    }
}

impl Platform {
    /// Uploads a photo as the web app does (`POST /api/v1/posts/photos`, then PUT to the presigned
    /// URL) and returns its upload id.
    pub async fn upload_photo(&self, session: &Session, bytes: Vec<u8>) -> Value {
        let ticket = self
            .post(
                "/api/v1/posts/photos",
                Some(&session.access),
                json!({"content_type": "image/jpeg", "size": bytes.len()}),
            )
            .await;
        let ticket = ticket.ok().clone();
        let mut put = self.http.put(ticket["url"].as_str().expect("url"));
        for (name, value) in ticket["headers"].as_object().expect("headers") {
            put = put.header(name.as_str(), value.as_str().unwrap_or_default());
        }
        let stored = put.body(bytes).send().await.expect("upload");
        assert!(stored.status().is_success(), "the upload is stored");
        ticket["upload_id"].clone()
    }
}
