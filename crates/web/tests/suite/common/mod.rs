//! The test harness: the real application on a free port with a fresh database,
//! SQLite always and PostgreSQL when `VERBIND_TEST_PG_URL` is set, and a small
//! HTTP client that keeps cookies by hand (a browser sends `Secure` cookies to
//! 127.0.0.1; reqwest's jar would not).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use diesel::Connection;
use diesel::connection::SimpleConnection;
use secrecy::SecretString;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::{Clock, FixedClock};
use verbind_store::Database;
use verbind_web::{AppState, WebConfig};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub state: AppState,
    pub clock: Arc<FixedClock>,
    pub db: Database,
    _dir: tempfile::TempDir,
    pg_cleanup: Option<(String, String)>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.pg_cleanup.take()
            && let Ok(mut c) = diesel::PgConnection::establish(&admin_url)
        {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// The argon2 hash of the demo password, computed once per test binary.
pub fn demo_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| {
        verbind_crypto::password::hash_password(&SecretString::from(
            verbind_store::demo::DEMO_PASSWORD,
        ))
        .unwrap()
    })
}

/// The PostgreSQL URL for tests, or None (then the test is skipped, unless CI requires it).
pub fn pg_url() -> Option<String> {
    match std::env::var("VERBIND_TEST_PG_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            if std::env::var("VERBIND_TEST_REQUIRE_SERVICES").as_deref() == Ok("1") {
                panic!("VERBIND_TEST_PG_URL is not set but VERBIND_TEST_REQUIRE_SERVICES=1");
            }
            eprintln!("skipped: VERBIND_TEST_PG_URL not set");
            None
        }
    }
}

fn fresh_pg(admin_url: &str) -> (String, String) {
    let name = format!("verbind_w_{}", uuid::Uuid::new_v4().simple());
    let mut c = diesel::PgConnection::establish(admin_url).expect("connect to PostgreSQL");
    c.batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create database");
    let (base, _) = admin_url.rsplit_once('/').expect("url has a database");
    (format!("{base}/{name}"), name)
}

/// Starts the app. `demo` sets demo mode (no MFA required, banner); the demo
/// accounts are seeded either way. Returns None when PostgreSQL is asked for but not configured.
pub async fn spawn(db: Db, demo: bool) -> Option<TestApp> {
    spawn_config(
        db,
        WebConfig {
            demo,
            ..WebConfig::default()
        },
    )
    .await
}

/// Starts the app with a given web configuration (demo accounts seeded either way).
pub async fn spawn_config(db: Db, config: WebConfig) -> Option<TestApp> {
    spawn_with(db, config, true).await
}

/// Starts the app; `seed` loads the demo profile and accounts first.
pub async fn spawn_with(db: Db, config: WebConfig, seed: bool) -> Option<TestApp> {
    let dir = tempfile::tempdir().unwrap();
    let (url, pg_cleanup) = match db {
        Db::Sqlite => (dir.path().join("t.db").to_string_lossy().into_owned(), None),
        Db::Postgres => {
            let admin = pg_url()?;
            let (url, name) = fresh_pg(&admin);
            (url, Some((admin, name)))
        }
    };
    let database = tokio::task::spawn_blocking(move || Database::open(&url))
        .await
        .unwrap()
        .unwrap();
    let keyring = Arc::new(MasterKeyring::from_bytes_for_tests(1, [7u8; 32]));
    let clock = Arc::new(FixedClock::new(1_795_871_100_000));
    if seed {
        let db2 = database.clone();
        let kr = keyring.clone();
        let now = clock.now_ms();
        tokio::task::spawn_blocking(move || {
            db2.write(|c| verbind_store::demo::seed(c, &kr, demo_hash(), now))
        })
        .await
        .unwrap()
        .unwrap();
    }
    let state = AppState::new(database.clone(), keyring, clock.clone(), config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app =
        verbind_web::router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Some(TestApp {
        addr,
        state,
        clock,
        db: database,
        _dir: dir,
        pg_cleanup,
    })
}

/// Marks the client's session as freshly re-authenticated, as the
/// confirmation page would (for tests of what comes after it).
pub fn fresh_reauth(app: &TestApp, c: &Client) {
    let hash = verbind_crypto::token::token_hash(&c.cookies["__Host-verbind"]);
    let now = app.clock.now_ms();
    app.db
        .write(|conn| verbind_store::models::session::set_reauth(conn, &hash, now))
        .unwrap();
}

/// A response, read whole.
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// A browser-like client: keeps cookies, reads CSRF tokens from forms.
pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
    pub cookies: HashMap<String, String>,
    pub set_cookie_lines: Vec<String>,
}

impl Client {
    pub fn new(app: &TestApp) -> Self {
        Self {
            base: format!("http://{}", app.addr),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: HashMap::new(),
            set_cookie_lines: Vec::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&mut self, rb: reqwest::RequestBuilder) -> Resp {
        let rb = if self.cookies.is_empty() {
            rb
        } else {
            rb.header("cookie", self.cookie_header())
        };
        let res = rb.send().await.unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        for v in headers.get_all("set-cookie") {
            let line = v.to_str().unwrap().to_owned();
            self.set_cookie_lines.push(line.clone());
            let first = line.split(';').next().unwrap();
            let (k, val) = first.split_once('=').unwrap();
            if val.is_empty() || line.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), val.to_owned());
            }
        }
        let body = res.text().await.unwrap();
        Resp {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        let rb = self.http.get(format!("{}{path}", self.base));
        self.send(rb).await
    }

    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let rb = self.http.post(format!("{}{path}", self.base)).form(fields);
        self.send(rb).await
    }

    pub async fn post_json(
        &mut self,
        path: &str,
        body: serde_json::Value,
        csrf: Option<&str>,
    ) -> Resp {
        let mut rb = self.http.post(format!("{}{path}", self.base)).json(&body);
        if let Some(t) = csrf {
            rb = rb.header("x-csrf-token", t);
        }
        self.send(rb).await
    }

    pub async fn put_json(
        &mut self,
        path: &str,
        body: serde_json::Value,
        csrf: Option<&str>,
    ) -> Resp {
        let mut rb = self.http.put(format!("{}{path}", self.base)).json(&body);
        if let Some(t) = csrf {
            rb = rb.header("x-csrf-token", t);
        }
        self.send(rb).await
    }

    pub async fn delete(&mut self, path: &str, csrf: Option<&str>) -> Resp {
        let mut rb = self.http.delete(format!("{}{path}", self.base));
        if let Some(t) = csrf {
            rb = rb.header("x-csrf-token", t);
        }
        self.send(rb).await
    }

    /// GETs `path` and returns the first `csrf` hidden field on it.
    pub async fn csrf_from(&mut self, path: &str) -> String {
        let mut page = self.get(path).await;
        if page.status == 303 {
            // Already logged in: the login page sends us on; take the session's token.
            page = self.get("/").await;
        }
        csrf_in(&page.body).unwrap_or_else(|| panic!("no csrf field on {path}: {}", page.body))
    }

    /// Logs in through the real login page.
    pub async fn login(&mut self, username: &str, password: &str, code: &str) -> Resp {
        let csrf = self.csrf_from("/aanmelden").await;
        self.post_form(
            "/aanmelden",
            &[
                ("csrf", &csrf),
                ("username", username),
                ("password", password),
                ("code", code),
            ],
        )
        .await
    }

    pub async fn login_demo(&mut self, username: &str) -> Resp {
        let r = self
            .login(username, verbind_store::demo::DEMO_PASSWORD, "")
            .await;
        assert_eq!(r.status, 303, "login of {username} failed: {}", r.body);
        r
    }
}

pub fn csrf_in(html: &str) -> Option<String> {
    let i = html.find("name=\"csrf\" value=\"")?;
    let rest = &html[i + "name=\"csrf\" value=\"".len()..];
    Some(rest[..rest.find('"')?].to_owned())
}

/// Declares one test module per scenario with a `sqlite` test and a `postgres`
/// test (the latter skips, or fails under `VERBIND_TEST_REQUIRE_SERVICES=1`,
/// without `VERBIND_TEST_PG_URL`). `$demo` sets demo mode. An optional leading
/// name-only form uses demo mode.
#[allow(unused_macros)]
macro_rules! scenario {
    ($name:ident, $body:expr) => {
        scenario!($name, true, $body);
    };
    ($name:ident, $demo:expr, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = crate::common::spawn(crate::common::Db::Sqlite, $demo)
                    .await
                    .unwrap();
                ($body)(app).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(app) = crate::common::spawn(crate::common::Db::Postgres, $demo).await
                else {
                    return;
                };
                ($body)(app).await;
            }
        }
    };
}

/// A Partnertafel meeting of Sint-Niklaas, a week after the test clock, with
/// the seats of `present_orgs` (organisation ids) recorded present and every
/// other seat absent; returns its id. A decision is put to the table at a
/// meeting, and who votes follows from its attendance.
pub fn table_meeting(app: &TestApp, present_orgs: &[&str]) -> String {
    let starts_at = app.state.now_ms() + 7 * 24 * 60 * 60 * 1000;
    table_meeting_at(app, present_orgs, starts_at)
}

/// A Partnertafel meeting that sits now (started half an hour ago), with
/// `present_orgs` recorded present: the table votes while it sits.
pub fn sitting_meeting(app: &TestApp, present_orgs: &[&str]) -> String {
    let starts_at = app.state.now_ms() - 30 * 60 * 1000;
    table_meeting_at(app, present_orgs, starts_at)
}

/// The day of meeting `id` has come: it began half an hour ago (and runs
/// for two hours), as if the clock had moved on to it, so its table votes.
/// The sessions of the test's clients stay valid, which moving the clock a
/// week would not.
pub fn meeting_begins(app: &TestApp, id: &str) {
    use diesel::prelude::*;
    use verbind_store::schema::meetings;
    let start = app.state.now_ms() - 30 * 60 * 1000;
    let id = id.to_owned();
    let n = app
        .db
        .write(move |c| {
            Ok(diesel::update(meetings::table.find(&id))
                .set((
                    meetings::starts_at.eq(start),
                    meetings::ends_at.eq(start + 2 * 60 * 60 * 1000),
                ))
                .execute(c)?)
        })
        .unwrap();
    assert_eq!(n, 1, "no such meeting");
}

/// [`table_meeting`] starting at `starts_at` (UTC milliseconds), two hours long.
pub fn table_meeting_at(app: &TestApp, present_orgs: &[&str], starts_at: i64) -> String {
    use verbind_store::models::{body, meeting, tenant, user};
    let t = app
        .db
        .read(|c| tenant::find_by_slug(c, "sint-niklaas"))
        .unwrap()
        .unwrap()
        .tenant_id();
    let table = app
        .db
        .read(|c| body::find_by_slug(c, &t, "partnertafel"))
        .unwrap()
        .unwrap();
    let expert = app
        .db
        .read(|c| user::find_by_username(c, "deskundige"))
        .unwrap()
        .unwrap();
    let now = app.state.now_ms();
    app.db
        .write(|c| {
            let m = meeting::create(
                c,
                &meeting::NewMeeting {
                    tenant_id: &t,
                    body_id: &table.id,
                    starts_at,
                    ends_at: starts_at + 2 * 60 * 60 * 1000,
                    place: "Stadhuis, zaal 2",
                    kind: "planned",
                    requested_by_user_id: None,
                    planned_by_user_id: &expert.id,
                },
                now,
            )?;
            for seat in body::seats(c, &t, &verbind_domain::BodyId::from_db(table.id.clone()))? {
                let status = if present_orgs.contains(&seat.organisation_id.as_str()) {
                    "present"
                } else {
                    "absent"
                };
                meeting::record_attendance(c, &m, &seat.id, status, &expert.id, now)?;
            }
            Ok(m.id)
        })
        .unwrap()
}

/// Logs a demo account in through `POST /api/v1/session`; returns the client
/// and its CSRF token.
pub async fn api_login(app: &TestApp, username: &str) -> (Client, String) {
    let mut c = Client::new(app);
    let r = c
        .post_json(
            "/api/v1/session",
            serde_json::json!({"username": username, "password": verbind_store::demo::DEMO_PASSWORD}),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{username}: {}", r.body);
    let csrf = r.json()["csrf_token"].as_str().unwrap().to_owned();
    (c, csrf)
}

/// [`api_login`], then accepts the code of ethics through the API.
pub async fn api_with_ethics(app: &TestApp, username: &str) -> (Client, String) {
    let (mut c, csrf) = api_login(app, username).await;
    let r = c
        .post_json("/api/v1/ethics/accept", serde_json::json!({}), Some(&csrf))
        .await;
    assert_eq!(r.status, 204, "{username}: {}", r.body);
    (c, csrf)
}

/// A case the police refers and the expert brings to socio-preventive
/// follow-up, through the JSON API only; returns (id, code).
pub async fn api_case_in_follow_up(
    police: &mut Client,
    pcsrf: &str,
    expert: &mut Client,
    ecsrf: &str,
) -> (String, String) {
    let r = police
        .post_json(
            "/api/v1/cases",
            serde_json::json!({"target_groups": ["a"], "name": "Vergader Fictief",
                "date_of_birth": "01/04/1990", "lives_in_area": true,
                "socially_active_in_area": false,
                "reason": "Uitspraken in de sportclub", "source": "partner_member"}),
            Some(pcsrf),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let v = r.json();
    let (id, code) = (
        v["id"].as_str().unwrap().to_owned(),
        v["code"].as_str().unwrap().to_owned(),
    );
    let path = format!("/api/v1/cases/{id}/transitions");
    let step = |t: &str| serde_json::json!({ "transition": t });
    let r = expert
        .post_json(&path, step("start_screening"), Some(ecsrf))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = police
        .post_json(
            &format!("/api/v1/cases/{id}/ltf"),
            serde_json::json!({"status": "cleared"}),
            Some(pcsrf),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.body);
    for t in [
        "put_on_agenda",
        "open_assessment",
        "conclude_socio_preventive",
    ] {
        let r = expert.post_json(&path, step(t), Some(ecsrf)).await;
        assert_eq!(r.status, 200, "{t}: {}", r.body);
    }
    (id, code)
}

/// Captures everything the apps log in this test process.
#[derive(Clone, Default)]
pub struct Capture(pub Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The one capture of this process's logs, installed as the global tracing
/// subscriber on first use: a process has one, and every test in this binary
/// shares it, so a test that checks the logs reads everything logged so far.
pub fn log_capture() -> Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE
        .get_or_init(|| {
            let capture = Capture::default();
            let writer = capture.clone();
            let _ = tracing_subscriber::fmt()
                .with_writer(move || writer.clone())
                .with_max_level(tracing::Level::TRACE)
                .with_ansi(false)
                .try_init();
            capture
        })
        .clone()
}

/// Seeds what `verbind demo` seeds after the accounts: the fictional cases,
/// prevention, tensions and network, and outreach (at the test clock's now).
pub fn seed_demo_data(app: &TestApp) {
    let kr = app.state.keyring.clone();
    let now = app.state.now_ms();
    app.db
        .write(|c| {
            verbind_store::demo::seed_cases(c, &kr, now)?;
            verbind_store::demo::seed_prevention(c, &kr, now)?;
            verbind_store::demo::seed_tensions_network(c, &kr, now)?;
            verbind_store::demo::seed_outreach(c, &kr, now)
        })
        .unwrap();
}

// ---------------------------------------------------------------- browser

/// The chromedriver to use (`VERBIND_TEST_WEBDRIVER_URL`); `None` skips the
/// browser test, saying so, unless `VERBIND_TEST_REQUIRE_SERVICES=1`.
pub fn webdriver_url() -> Option<String> {
    match std::env::var("VERBIND_TEST_WEBDRIVER_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            if std::env::var("VERBIND_TEST_REQUIRE_SERVICES").as_deref() == Ok("1") {
                panic!("VERBIND_TEST_WEBDRIVER_URL is not set but VERBIND_TEST_REQUIRE_SERVICES=1");
            }
            eprintln!("skipped: VERBIND_TEST_WEBDRIVER_URL not set");
            None
        }
    }
}

/// A headless Debian chromium with a fresh profile, nothing reaching for the
/// internet; downloads go to `downloads` without asking, when given.
pub async fn chromium(
    url: &str,
    profile_dir: &std::path::Path,
    downloads: Option<&std::path::Path>,
) -> thirtyfour::WebDriver {
    use thirtyfour::{ChromiumLikeCapabilities, DesiredCapabilities};
    let mut caps = DesiredCapabilities::chrome();
    let binary =
        std::env::var("VERBIND_TEST_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if std::path::Path::new(&binary).exists() {
        caps.set_binary(&binary).unwrap();
    }
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
    ] {
        caps.add_arg(arg).unwrap();
    }
    caps.add_arg(&format!("--user-data-dir={}", profile_dir.display()))
        .unwrap();
    if let Some(dir) = downloads {
        caps.add_experimental_option(
            "prefs",
            serde_json::json!({
                "download.default_directory": dir.display().to_string(),
                "download.prompt_for_download": false,
                "download.directory_upgrade": true,
                "plugins.always_open_pdf_externally": true,
                "safebrowsing.enabled": false
            }),
        )
        .unwrap();
    }
    thirtyfour::WebDriver::new(url, caps)
        .await
        .expect("start a chromium session")
}

/// Waits up to 5 s for an `<h1>` with exactly `text`.
pub async fn wait_for_h1(driver: &thirtyfour::WebDriver, text: &str) {
    use thirtyfour::By;
    for _ in 0..50 {
        if let Ok(h1) = driver.find(By::Tag("h1")).await
            && h1.text().await.unwrap_or_default() == text
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let src = driver.source().await.unwrap_or_default();
    panic!("no <h1>{text}</h1>; page was: {src}");
}

/// Logs in through the real login page with a demo account.
pub async fn browser_login(driver: &thirtyfour::WebDriver, base: &str, username: &str) {
    use thirtyfour::By;
    driver.goto(format!("{base}/aanmelden")).await.unwrap();
    wait_for_h1(driver, "Aanmelden").await;
    driver
        .find(By::Id("username"))
        .await
        .unwrap()
        .send_keys(username)
        .await
        .unwrap();
    driver
        .find(By::Id("password"))
        .await
        .unwrap()
        .send_keys(verbind_store::demo::DEMO_PASSWORD)
        .await
        .unwrap();
    driver
        .find(By::Css("form.stack button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The newest `limit` entries of the audit trail, newest first.
pub fn audit_rows(app: &TestApp, limit: i64) -> Vec<verbind_store::models::audit::AuditRow> {
    app.db
        .read(|c| {
            verbind_store::models::audit::list(
                c,
                &verbind_store::models::audit::Filter {
                    limit,
                    ..Default::default()
                },
            )
        })
        .unwrap()
}
