//! A Lambda Runtime API on loopback that runs the real function binaries, as the Lambda service
//! does: each function's execution environments are processes started on demand (a cold start),
//! kept warm, given one invocation at a time through `GET …/invocation/next`, and answered through
//! `POST …/invocation/{id}/response` or `/error`. A process that dies or overruns its timeout fails
//! its invocation and is replaced on the next one.
//!
//! One HTTP server serves every environment; each gets its own base path
//! (`AWS_LAMBDA_RUNTIME_API=http://127.0.0.1:port/{function}/{instance}`), which the runtime client keeps
//! in front of the API's paths, so the server knows who asks without a port per process.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// Why an invocation has no response.
#[derive(Debug, thiserror::Error)]
pub enum InvokeError {
    #[error("the function `{0}` has no binary at {1}")]
    NoBinary(String, String),
    #[error("cannot start `{function}`: {message}")]
    Spawn { function: String, message: String },
    #[error("`{0}` did not answer within its timeout")]
    Timeout(String),
    #[error("`{function}` failed: {error_type}: {message}")]
    Function {
        function: String,
        error_type: String,
        message: String,
    },
    #[error("the execution environment of `{0}` stopped during the invocation")]
    Crashed(String),
}

/// Which executable an environment runs.
#[derive(Debug, Clone)]
pub enum Launch {
    /// One executable per function: `{dir}/{function}` (cargo's layout) or
    /// `{dir}/{function}/bootstrap` (cargo-lambda's, what is deployed).
    PerFunction(PathBuf),
    /// One executable for every function, told which by `AWS_LAMBDA_FUNCTION_NAME`.
    MultiCall(PathBuf),
}

impl Launch {
    fn binary(&self, function: &str) -> PathBuf {
        match self {
            Launch::MultiCall(path) => path.clone(),
            Launch::PerFunction(dir) => {
                let bootstrap = dir.join(function).join("bootstrap");
                if bootstrap.is_file() {
                    bootstrap
                } else {
                    dir.join(function)
                }
            }
        }
    }
}

/// How one function's environments are run.
#[derive(Debug, Clone)]
pub struct PoolSettings {
    pub launch: Launch,
    /// Environment of every function (engines, keys, endpoints); the Lambda variables are added.
    pub env: Vec<(String, String)>,
    /// Where each function's stdout/stderr go (`{function}.log`), as CloudWatch Logs would keep them.
    pub log_dir: PathBuf,
    /// Concurrent environments per function at most (the template's reserved concurrency, or less).
    pub max_instances: usize,
    /// Invocation timeout (the template's largest is 120 s).
    pub timeout: Duration,
}

struct Invocation {
    id: String,
    payload: Bytes,
    deadline_ms: i64,
    reply: oneshot::Sender<Result<Bytes, InvokeError>>,
}

/// One environment: a process and what it is working on.
struct Instance {
    child_id: Option<u32>,
    started: Instant,
    init: Option<Duration>,
    in_flight: Option<(String, oneshot::Sender<Result<Bytes, InvokeError>>)>,
    kill: Option<oneshot::Sender<()>>,
}

struct Function {
    name: String,
    queue: mpsc::Sender<Invocation>,
    receiver: tokio::sync::Mutex<mpsc::Receiver<Invocation>>,
    /// Environments waiting in `next`.
    idle: AtomicUsize,
    instances: Mutex<HashMap<u64, Instance>>,
    next_instance: AtomicUsize,
}

struct Inner {
    settings: PoolSettings,
    base: String,
    functions: Mutex<HashMap<String, Arc<Function>>>,
    inits: Mutex<Vec<(String, Duration)>>,
}

/// The Runtime API server and the environments it runs.
#[derive(Clone)]
pub struct LambdaPool {
    inner: Arc<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A poisoned lock only means a panic elsewhere; the maps stay consistent for our use.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl LambdaPool {
    /// Binds the Runtime API on loopback and serves it in the background.
    pub async fn start(settings: PoolSettings) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let pool = LambdaPool {
            inner: Arc::new(Inner {
                settings,
                base: addr.to_string(),
                functions: Mutex::new(HashMap::new()),
                inits: Mutex::new(Vec::new()),
            }),
        };
        let app = Router::new()
            .route(
                "/{function}/{instance}/2018-06-01/runtime/invocation/next",
                get(next),
            )
            .route(
                "/{function}/{instance}/2018-06-01/runtime/invocation/{id}/response",
                post(response),
            )
            .route(
                "/{function}/{instance}/2018-06-01/runtime/invocation/{id}/error",
                post(error),
            )
            .route(
                "/{function}/{instance}/2018-06-01/runtime/init/error",
                post(init_error),
            )
            .with_state(pool.clone());
        tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, app).await {
                tracing::error!(error = %err, "the Lambda Runtime API stopped");
            }
        });
        Ok(pool)
    }

    /// Init durations seen so far (process start → first `next`), by function, in order.
    pub fn init_durations(&self) -> Vec<(String, Duration)> {
        lock(&self.inner.inits).clone()
    }

    fn function(&self, name: &str) -> Arc<Function> {
        let mut functions = lock(&self.inner.functions);
        functions
            .entry(name.to_owned())
            .or_insert_with(|| {
                let (queue, receiver) = mpsc::channel(1024);
                Arc::new(Function {
                    name: name.to_owned(),
                    queue,
                    receiver: tokio::sync::Mutex::new(receiver),
                    idle: AtomicUsize::new(0),
                    instances: Mutex::new(HashMap::new()),
                    next_instance: AtomicUsize::new(1),
                })
            })
            .clone()
    }

    /// Invokes `function` with `payload` (the event JSON) and waits for its response payload.
    pub async fn invoke(&self, function: &str, payload: Bytes) -> Result<Bytes, InvokeError> {
        let f = self.function(function);
        let running = lock(&f.instances).len();
        if f.idle.load(Ordering::SeqCst) == 0 && running < self.inner.settings.max_instances {
            self.spawn(&f)?;
        }
        let (reply, answer) = oneshot::channel();
        let timeout = self.inner.settings.timeout;
        let invocation = Invocation {
            id: ulid::Ulid::new().to_string().to_lowercase(),
            payload,
            deadline_ms: chrono::Utc::now().timestamp_millis() + timeout.as_millis() as i64,
            reply,
        };
        let id = invocation.id.clone();
        if f.queue.send(invocation).await.is_err() {
            return Err(InvokeError::Crashed(function.to_owned()));
        }
        match tokio::time::timeout(timeout, answer).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(InvokeError::Crashed(function.to_owned())),
            Err(_) => {
                // As Lambda does: an environment that overran is stopped, the next call gets a new one.
                let mut instances = lock(&f.instances);
                for instance in instances.values_mut() {
                    if instance
                        .in_flight
                        .as_ref()
                        .is_some_and(|(running, _)| *running == id)
                        && let Some(kill) = instance.kill.take()
                    {
                        let _ = kill.send(());
                    }
                }
                Err(InvokeError::Timeout(function.to_owned()))
            }
        }
    }

    fn spawn(&self, f: &Arc<Function>) -> Result<(), InvokeError> {
        let settings = &self.inner.settings;
        let binary = settings.launch.binary(&f.name);
        if !binary.is_file() {
            return Err(InvokeError::NoBinary(
                f.name.clone(),
                binary.display().to_string(),
            ));
        }
        let number = f.next_instance.fetch_add(1, Ordering::SeqCst) as u64;
        let spawn_err = |e: &dyn std::fmt::Display| InvokeError::Spawn {
            function: f.name.clone(),
            message: e.to_string(),
        };
        std::fs::create_dir_all(&settings.log_dir).map_err(|e| spawn_err(&e))?;
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(settings.log_dir.join(format!("{}.log", f.name)))
            .map_err(|e| spawn_err(&e))?;
        let log_err = log.try_clone().map_err(|e| spawn_err(&e))?;
        let mut command = tokio::process::Command::new(&binary);
        command
            .env_clear()
            .envs(settings.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env(
                "AWS_LAMBDA_RUNTIME_API",
                // AWS sets `host:port`; a base path needs the scheme for the client to parse it.
                format!("http://{}/{}/{number}", self.inner.base, f.name),
            )
            .env("AWS_LAMBDA_FUNCTION_NAME", &f.name)
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env(
                "AWS_LAMBDA_LOG_GROUP_NAME",
                format!("/aws/lambda/{}", f.name),
            )
            .env("AWS_LAMBDA_LOG_STREAM_NAME", format!("local/{number}"))
            .stdin(std::process::Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .kill_on_drop(true);
        let mut child = command.spawn().map_err(|e| spawn_err(&e))?;
        let (kill, killed) = oneshot::channel::<()>();
        lock(&f.instances).insert(
            number,
            Instance {
                child_id: child.id(),
                started: Instant::now(),
                init: None,
                in_flight: None,
                kill: Some(kill),
            },
        );
        tracing::info!(function = %f.name, instance = number, "cold start");
        let f = f.clone();
        let pool_ref = Arc::downgrade(&self.inner);
        tokio::spawn(async move {
            let status = tokio::select! {
                status = child.wait() => status.map(|s| s.to_string()).unwrap_or_else(|e| e.to_string()),
                _ = killed => {
                    let _ = child.kill().await;
                    "stopped after its timeout".to_owned()
                }
            };
            let gone = lock(&f.instances).remove(&number);
            // Invocations queued for an environment that is gone would wait for their timeout: the
            // next `invoke` starts a new one, and so does the backlog here.
            let queued = f.queue.max_capacity() - f.queue.capacity();
            if queued > 0
                && f.idle.load(Ordering::SeqCst) == 0
                && let Some(pool) = pool_ref.upgrade()
                && let Err(err) = (LambdaPool { inner: pool }).spawn(&f)
            {
                tracing::warn!(function = %f.name, error = %err, "no environment to replace the one that ended");
            }
            if let Some((id, reply)) = gone.and_then(|i| i.in_flight) {
                tracing::warn!(function = %f.name, instance = number, invocation = %id, %status, "environment ended during an invocation");
                let _ = reply.send(Err(InvokeError::Crashed(f.name.clone())));
            } else {
                tracing::info!(function = %f.name, instance = number, %status, "environment ended");
            }
        });
        Ok(())
    }

    /// Starts one environment of `function` without invoking it (the cold-start benchmark times its
    /// init through [`LambdaPool::init_durations`]).
    pub fn prewarm(&self, function: &str) -> Result<(), InvokeError> {
        let f = self.function(function);
        self.spawn(&f)
    }

    /// Stops every environment (they are also killed when the pool is dropped with the runtime).
    pub fn stop(&self) {
        for f in lock(&self.inner.functions).values() {
            for instance in lock(&f.instances).values_mut() {
                if let Some(kill) = instance.kill.take() {
                    let _ = kill.send(());
                }
            }
        }
    }

    /// Process ids of the running environments (for the cold-start benchmark's memory figures).
    pub fn process_ids(&self) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        for f in lock(&self.inner.functions).values() {
            for instance in lock(&f.instances).values() {
                if let Some(pid) = instance.child_id {
                    out.push((f.name.clone(), pid));
                }
            }
        }
        out
    }
}

fn known(pool: &LambdaPool, function: &str) -> Option<Arc<Function>> {
    lock(&pool.inner.functions).get(function).cloned()
}

/// `GET …/invocation/next`: long-polls until an invocation is queued for this function.
async fn next(
    State(pool): State<LambdaPool>,
    Path((function, instance)): Path<(String, u64)>,
) -> Response {
    let Some(f) = known(&pool, &function) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    {
        let mut instances = lock(&f.instances);
        let Some(me) = instances.get_mut(&instance) else {
            return StatusCode::FORBIDDEN.into_response();
        };
        if me.init.is_none() {
            let init = me.started.elapsed();
            me.init = Some(init);
            lock(&pool.inner.inits).push((function.clone(), init));
            tracing::info!(%function, instance, init_ms = init.as_millis() as u64, "initialised");
        }
    }
    // Counted idle while it waits, and no longer once it stops waiting for any reason: a process that
    // dies in `next` drops this request, and a count left behind would stop new environments starting.
    struct Idle<'a>(&'a AtomicUsize);
    impl Drop for Idle<'_> {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::SeqCst);
        }
    }
    f.idle.fetch_add(1, Ordering::SeqCst);
    let waiting = Idle(&f.idle);
    let invocation = { f.receiver.lock().await.recv().await };
    drop(waiting);
    let Some(invocation) = invocation else {
        return StatusCode::GONE.into_response();
    };
    let Invocation {
        id,
        payload,
        deadline_ms,
        reply,
    } = invocation;
    {
        let mut instances = lock(&f.instances);
        match instances.get_mut(&instance) {
            Some(me) => me.in_flight = Some((id.clone(), reply)),
            None => {
                let _ = reply.send(Err(InvokeError::Crashed(function.clone())));
                return StatusCode::GONE.into_response();
            }
        }
    }
    let mut headers = HeaderMap::new();
    let mut put = |name: &'static str, value: String| {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(name, v);
        }
    };
    put("lambda-runtime-aws-request-id", id);
    put("lambda-runtime-deadline-ms", deadline_ms.to_string());
    put(
        "lambda-runtime-invoked-function-arn",
        format!("arn:aws:lambda:eu-west-3:000000000000:function:{function}"),
    );
    put(
        "lambda-runtime-trace-id",
        format!(
            "Root=1-{:08x}-{}",
            chrono::Utc::now().timestamp(),
            ulid::Ulid::new()
        ),
    );
    (StatusCode::OK, headers, payload).into_response()
}

fn finish(
    pool: &LambdaPool,
    function: &str,
    instance: u64,
    id: &str,
    result: Result<Bytes, InvokeError>,
) -> Response {
    let Some(f) = known(pool, function) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let reply = {
        let mut instances = lock(&f.instances);
        instances.get_mut(&instance).and_then(|me| {
            let matches = me
                .in_flight
                .as_ref()
                .is_some_and(|(running, _)| running == id);
            if matches { me.in_flight.take() } else { None }
        })
    };
    match reply {
        Some((_, reply)) => {
            let _ = reply.send(result);
            StatusCode::ACCEPTED.into_response()
        }
        // The real API answers 400 InvalidRequestID for an id it is not waiting on.
        None => StatusCode::BAD_REQUEST.into_response(),
    }
}

async fn response(
    State(pool): State<LambdaPool>,
    Path((function, instance, id)): Path<(String, u64, String)>,
    body: Bytes,
) -> Response {
    finish(&pool, &function, instance, &id, Ok(body))
}

#[derive(serde::Deserialize, Default)]
struct ErrorBody {
    #[serde(rename = "errorType", default)]
    error_type: String,
    #[serde(rename = "errorMessage", default)]
    error_message: String,
}

async fn error(
    State(pool): State<LambdaPool>,
    Path((function, instance, id)): Path<(String, u64, String)>,
    body: Bytes,
) -> Response {
    let parsed: ErrorBody = serde_json::from_slice(&body).unwrap_or_default();
    tracing::warn!(%function, instance, invocation = %id, error_type = %parsed.error_type, message = %parsed.error_message, "function error");
    let err = InvokeError::Function {
        function: function.clone(),
        error_type: parsed.error_type,
        message: parsed.error_message,
    };
    finish(&pool, &function, instance, &id, Err(err))
}

async fn init_error(
    State(pool): State<LambdaPool>,
    Path((function, instance)): Path<(String, u64)>,
    body: Bytes,
) -> Response {
    let parsed: ErrorBody = serde_json::from_slice(&body).unwrap_or_default();
    tracing::error!(%function, instance, error_type = %parsed.error_type, message = %parsed.error_message, "init failed");
    if let Some(f) = known(&pool, &function)
        && let Some(me) = lock(&f.instances).get_mut(&instance)
        && let Some(kill) = me.kill.take()
    {
        let _ = kill.send(());
    }
    StatusCode::ACCEPTED.into_response()
}
