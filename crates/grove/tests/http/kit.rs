//! The test kit: a real Grove server on a free port, over a fresh SQLite file or (when
//! GROVE_TEST_POSTGRES_URL is set) a fresh PostgreSQL database, and clients that hold a session
//! the way a browser does.

use std::sync::atomic::{AtomicU64, Ordering};

use grove::Config;
use grove::db::Db;
use grove::web::AppState;
use reqwest::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub base: String,
    pub db: Db,
    url: String,
    http: reqwest::Client,
    _dir: Option<TempDir>,
}

/// A directory removed when the test ends.
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "grove_test_{}_{}_{}",
        std::process::id(),
        nanos % 1_000_000_000,
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// A server whose configuration `configure` adjusts first (e.g. to send e-mail).
    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> TestApp {
        let (url, dir) = match std::env::var("GROVE_TEST_POSTGRES_URL") {
            Ok(base) if !base.is_empty() => (fresh_postgres(&base).await, None),
            _ => {
                let dir = std::env::temp_dir().join(unique_name());
                std::fs::create_dir_all(&dir).expect("temp dir");
                (
                    format!("sqlite://{}", dir.join("grove.db").display()),
                    Some(TempDir(dir)),
                )
            }
        };
        let db = Db::connect(&url).await.expect("connect");
        grove::db::migrate(&db).await.expect("migrate");
        Self::serve(db, url, dir, configure).await
    }

    /// A second server on the same database, as when several run behind a load balancer (keep
    /// the first one alive as long as this one).
    pub async fn another_server(&self) -> TestApp {
        self.another_server_with(|_| {}).await
    }

    /// Another server on the same database, configured by `configure`.
    pub async fn another_server_with(&self, configure: impl FnOnce(&mut Config)) -> TestApp {
        let db = Db::connect(&self.url).await.expect("connect");
        Self::serve(db, self.url.clone(), None, configure).await
    }

    async fn serve(
        db: Db,
        url: String,
        dir: Option<TempDir>,
        configure: impl FnOnce(&mut Config),
    ) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut config = Config::new(url.clone(), addr);
        configure(&mut config);
        let state = AppState::new(db.clone(), config);
        grove::notifications::email::start(&state)
            .await
            .expect("start the mail sender");
        tokio::spawn(async move {
            axum::serve(listener, grove::web::router(state))
                .await
                .expect("serve");
        });
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        TestApp {
            base: format!("http://{addr}"),
            db,
            url,
            http,
            _dir: dir,
        }
    }

    /// A client with no session.
    pub fn anonymous(&self) -> Client {
        Client {
            base: self.base.clone(),
            http: self.http.clone(),
            cookies: Vec::new(),
            csrf: None,
            token: None,
        }
    }

    /// Creates an account through the API (the first becomes admin) and signs in.
    pub async fn member(&self, name: &str) -> Client {
        let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
        let mut client = self.anonymous();
        let res = client
            .post_json(
                "/api/v1/accounts",
                json!({"name": name, "email": email, "password": PASSWORD}),
            )
            .await;
        if res.status != StatusCode::CREATED {
            // Later accounts need an open domain; the first account (the admin) opens it.
            panic!("sign-up of {name} failed: {} {}", res.status, res.text);
        }
        client.sign_in(&email, PASSWORD).await;
        client
    }

    /// The admin (first account) and the org opened for sign-up at example.org.
    pub async fn admin(&self) -> Client {
        let admin = self.member("Ada Admin").await;
        let res = admin
            .put_json(
                "/api/v1/settings",
                json!({"organization_name": "Test Org", "signup_domains": ["example.org"]}),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
        admin
    }
}

async fn fresh_postgres(base: &str) -> String {
    use sqlx::Connection;
    let name = unique_name();
    let mut conn = sqlx::PgConnection::connect(base)
        .await
        .expect("connect to GROVE_TEST_POSTGRES_URL");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create database");
    let (prefix, _) = base
        .rsplit_once('/')
        .expect("postgres URL with a database name");
    format!("{prefix}/{name}")
}

pub struct Response {
    pub status: StatusCode,
    pub text: String,
    pub location: Option<String>,
}

impl Response {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The CSRF token an HTML form on this page carries.
    pub fn form_csrf(&self) -> String {
        self.text
            .split("name=\"csrf_token\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("a form with a csrf_token field")
            .to_string()
    }

    /// The `field` of a JSON error body.
    pub fn error_field(&self) -> String {
        self.json()["error"]["field"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

/// A browser-like client: keeps its cookies and the CSRF token of its session.
#[derive(Clone)]
pub struct Client {
    base: String,
    http: reqwest::Client,
    cookies: Vec<(String, String)>,
    pub csrf: Option<String>,
    pub token: Option<String>,
}

impl Client {
    pub async fn sign_in(&mut self, email: &str, password: &str) -> Response {
        let res = self
            .post_json(
                "/api/v1/session",
                json!({"email": email, "password": password}),
            )
            .await;
        if res.status == StatusCode::OK {
            self.csrf = res.json()["csrf_token"].as_str().map(str::to_string);
        }
        res
    }

    /// The signed-in member's id.
    pub async fn id(&self) -> i64 {
        self.get("/api/v1/me").await.json()["id"]
            .as_i64()
            .expect("signed in")
    }

    /// The same session on another server of the same database.
    pub fn on(&self, app: &TestApp) -> Client {
        Client {
            base: app.base.clone(),
            ..self.clone()
        }
    }

    /// A copy that authenticates with a bearer token instead of cookies.
    pub fn with_token(&self, token: &str) -> Client {
        Client {
            base: self.base.clone(),
            http: self.http.clone(),
            cookies: Vec::new(),
            csrf: None,
            token: Some(token.to_string()),
        }
    }

    pub fn without_csrf(&self) -> Client {
        let mut c = self.clone();
        c.csrf = None;
        c
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&mut self, method: Method, path: &str, body: Option<(&str, String)>) -> Response {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{path}", self.base));
        if !self.cookies.is_empty() {
            req = req.header(COOKIE, self.cookie_header());
        }
        if let Some(token) = &self.token {
            req = req.bearer_auth(token);
        }
        if method != Method::GET
            && let Some(csrf) = &self.csrf
            && body
                .as_ref()
                .is_none_or(|(ct, _)| !ct.starts_with("application/x-www-form-urlencoded"))
        {
            req = req.header("x-csrf-token", csrf);
        }
        if let Some((content_type, body)) = body {
            req = req.header(CONTENT_TYPE, content_type).body(body);
        }
        let res = req.send().await.expect("request");
        for value in res.headers().get_all(SET_COOKIE) {
            let Some((kv, _)) = value.to_str().unwrap_or("").split_once(';') else {
                continue;
            };
            if let Some((k, v)) = kv.split_once('=') {
                self.cookies.retain(|(name, _)| name != k);
                if !v.is_empty() {
                    self.cookies.push((k.to_string(), v.to_string()));
                }
            }
        }
        let status = res.status();
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let text = res.text().await.unwrap_or_default();
        Response {
            status,
            text,
            location,
        }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.clone().send(Method::GET, path, None).await
    }

    /// GET that keeps cookies set by the server (e.g. the anonymous CSRF cookie).
    pub async fn visit(&mut self, path: &str) -> Response {
        self.send(Method::GET, path, None).await
    }

    pub async fn post_json(&mut self, path: &str, body: Value) -> Response {
        self.send(
            Method::POST,
            path,
            Some(("application/json", body.to_string())),
        )
        .await
    }

    pub async fn put_json(&self, path: &str, body: Value) -> Response {
        self.clone()
            .send(
                Method::PUT,
                path,
                Some(("application/json", body.to_string())),
            )
            .await
    }

    pub async fn patch_json(&self, path: &str, body: Value) -> Response {
        self.clone()
            .send(
                Method::PATCH,
                path,
                Some(("application/json", body.to_string())),
            )
            .await
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.clone().send(Method::DELETE, path, None).await
    }

    pub async fn post(&self, path: &str) -> Response {
        self.clone().send(Method::POST, path, None).await
    }

    /// Submits an HTML form, adding the session's CSRF token as a browser page would.
    pub async fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut pairs: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if let Some(csrf) = &self.csrf {
            pairs.push(("csrf_token".into(), csrf.clone()));
        }
        self.submit_raw(path, pairs).await
    }

    /// Submits exactly these fields (no CSRF token added).
    pub async fn submit_raw(&mut self, path: &str, pairs: Vec<(String, String)>) -> Response {
        let body = serde_urlencoded::to_string(&pairs).expect("form");
        self.send(
            Method::POST,
            path,
            Some(("application/x-www-form-urlencoded", body)),
        )
        .await
    }
}
