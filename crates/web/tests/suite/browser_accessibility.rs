//! WCAG 2.1 AA in a real browser (QUALITY.md §5.2): axe-core runs in headless
//! Chromium over every page each demo account can reach, and the main
//! navigation and the login form are operated by keyboard alone.
//!
//! Needs `VERBIND_TEST_WEBDRIVER_URL` (a chromedriver) and `VERBIND_TEST_AXE_JS`
//! (the path of axe-core's `axe.min.js`, from npm); `.ci/run` sets both. Skips
//! without them, unless `VERBIND_TEST_REQUIRE_SERVICES=1`.
//!
//! The crawl follows GET links only and submits no form but the login form and
//! the code of ethics (which every case page sits behind). A violation is
//! reported by rule, impact, target selectors and URL path, never page text:
//! the pages hold (fictional, here) personal data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt;
use std::time::Duration;

use common::{Client, Db, TestApp, chromium, spawn};
use serde_json::Value;
use thirtyfour::prelude::*;
use verbind_store::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD};

/// Links are followed this many clicks from the dashboard: the navigation (1),
/// what the list pages link to (2: a case, a meeting, a user) and the pages of
/// one case or meeting (3).
const MAX_DEPTH: usize = 3;
/// Pages of one shape (`/casussen/{id}`) audited per account: enough for every
/// demo case, whose pages differ by phase.
const PER_SHAPE: usize = 6;
/// Pages for everyone, where the anonymous crawl starts.
const PUBLIC_PAGES: &[&str] = &["/aanmelden", "/aanspreekpunt"];
/// The token of the set-password link the test makes.
const SET_PASSWORD_TOKEN: &str = "toegankelijkheid-test-link-0123456789";
/// The WCAG 2.1 A and AA rules of axe-core.
const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  resultTypes: ['violations']
}).then(function (r) {
  done({ violations: r.violations.map(function (v) {
    return {
      id: v.id,
      impact: v.impact || '',
      targets: v.nodes.map(function (n) { return [].concat(n.target).map(String).join(' >>> '); })
    };
  }) });
}).catch(function (e) { done({ error: String(e) }); });
"#;
/// The same-origin GET links of the page, as path and query.
const LINKS: &str = r#"
const out = [];
for (const a of document.querySelectorAll('a[href]')) {
  if (a.hasAttribute('download')) continue;
  const u = new URL(a.href, location.href);
  if (u.origin !== location.origin) continue;
  out.push(u.pathname + u.search);
}
return out;
"#;
/// What the focused element looks like: its identity, whether a focus
/// indicator (outline or box shadow) is drawn, and the contrast of the outline
/// with the background around it (WCAG 1.4.11 asks 3:1).
const FOCUSED: &str = r#"
const el = document.activeElement;
if (!el || el === document.body) return { tag: 'body', id: '', href: '', visible: false, focusVisible: false, inNav: false, contrast: 0 };
const cs = getComputedStyle(el);
const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
const shadow = cs.boxShadow && cs.boxShadow !== 'none';
const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
const lum = c => {
  const f = x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
};
let bg = [255, 255, 255];
for (let p = el.parentElement; p; p = p.parentElement) {
  const c = rgb(getComputedStyle(p).backgroundColor);
  if (c.length === 3 || c[3] > 0) { bg = c; break; }
}
let contrast = 21;
if (outline && cs.outlineStyle !== 'auto') {
  const a = lum(rgb(cs.outlineColor)), b = lum(bg);
  contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
return {
  tag: el.tagName.toLowerCase(),
  id: el.id || '',
  href: el.getAttribute('href') || '',
  visible: outline || !!shadow,
  focusVisible: el.matches(':focus-visible'),
  inNav: !!el.closest('header nav'),
  contrast: contrast
};
"#;

/// What is wrong with how the focused element shows its focus, if anything.
fn focus_problem(f: &Value, page: &str) -> Option<String> {
    if !f["visible"].as_bool().unwrap_or(false) || !f["focusVisible"].as_bool().unwrap_or(false) {
        return Some(format!("no visible focus on {} ({page})", focus_info(f)));
    }
    let contrast = f["contrast"].as_f64().unwrap_or(0.0);
    if contrast < 3.0 {
        return Some(format!(
            "the focus outline of {} has contrast {contrast:.2}:1 with its background, below 3:1 ({page})",
            focus_info(f)
        ));
    }
    None
}

fn required(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Some(v),
        _ => {
            if std::env::var("VERBIND_TEST_REQUIRE_SERVICES").as_deref() == Ok("1") {
                panic!("{var} is not set but VERBIND_TEST_REQUIRE_SERVICES=1");
            }
            eprintln!("skipped: {var} not set");
            None
        }
    }
}

/// One axe finding, without page text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Violation {
    rule: String,
    impact: String,
    path: String,
    account: String,
    targets: Vec<String>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}) on {} as {}: {}",
            self.rule,
            self.impact,
            self.path,
            self.account,
            self.targets.join(" | ")
        )
    }
}

/// `/casussen/3f2a.../traject?x=1` -> `/casussen/{id}/traject?x`: pages of one kind.
fn shape(path: &str) -> String {
    let (p, q) = path.split_once('?').unwrap_or((path, ""));
    let mut s: String = p
        .split('/')
        .map(|seg| {
            if seg.chars().any(|c| c.is_ascii_digit()) {
                "{id}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    if !q.is_empty() {
        let keys: Vec<&str> = q
            .split('&')
            .map(|kv| kv.split('=').next().unwrap_or(""))
            .collect();
        s.push('?');
        s.push_str(&keys.join("&"));
    }
    s
}

/// A link the crawl may follow: a page of ours, not a file, feed or API.
fn followable(path: &str) -> bool {
    let p = path.split('?').next().unwrap_or(path);
    !(p.starts_with("/static/")
        || p.starts_with("/api/")
        || p == "/metrics"
        || p == "/healthz"
        || p == "/afmelden"
        || p.ends_with(".ics")
        || p.ends_with(".csv")
        || p.ends_with(".json"))
}

struct Audit<'a> {
    driver: &'a WebDriver,
    base: String,
    axe_js: String,
    violations: BTreeSet<Violation>,
    /// Pages axe could not run on, and canaries it did not catch.
    errors: Vec<String>,
    pages: usize,
}

impl Audit<'_> {
    async fn current_path(&self) -> WebDriverResult<String> {
        let u = self.driver.current_url().await?;
        Ok(match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_owned(),
        })
    }

    /// Runs axe on the page now shown and records what it finds.
    async fn check(&mut self, account: &str) -> WebDriverResult<()> {
        let path = self.current_path().await?;
        let is_html: bool = self
            .driver
            .execute("return document.contentType === 'text/html';", vec![])
            .await?
            .convert()?;
        if !is_html {
            return Ok(());
        }
        let loaded: bool = self
            .driver
            .execute("return typeof window.axe === 'object';", vec![])
            .await?
            .convert()?;
        if !loaded {
            self.driver
                .execute(
                    format!("{}\n;return typeof window.axe === 'object';", self.axe_js),
                    vec![],
                )
                .await?;
        }
        let ret = self.driver.execute_async(AXE_RUN, vec![]).await?;
        let out = ret.json();
        if let Some(e) = out.get("error") {
            self.errors.push(format!("axe failed on {path}: {e}"));
            return Ok(());
        }
        for v in out["violations"].as_array().expect("violations") {
            self.violations.insert(Violation {
                rule: v["id"].as_str().unwrap_or_default().to_owned(),
                impact: v["impact"].as_str().unwrap_or_default().to_owned(),
                path: path.clone(),
                account: account.to_owned(),
                targets: v["targets"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
        self.pages += 1;
        Ok(())
    }

    async fn links(&self) -> WebDriverResult<Vec<String>> {
        self.driver.execute(LINKS, vec![]).await?.convert()
    }

    /// Audits the pages reachable from `starts` within [`MAX_DEPTH`] links.
    async fn crawl(&mut self, account: &str, starts: &[&str]) -> WebDriverResult<()> {
        let mut seen: HashSet<String> = starts.iter().map(|s| (*s).to_owned()).collect();
        let mut per_shape: HashMap<String, usize> = HashMap::new();
        let mut queue: VecDeque<(String, usize)> =
            starts.iter().map(|s| ((*s).to_owned(), 0)).collect();
        while let Some((path, depth)) = queue.pop_front() {
            self.driver.goto(format!("{}{path}", self.base)).await?;
            let landed = self.current_path().await?;
            if landed != path && !seen.insert(landed.clone()) {
                // A redirect to a page already audited.
                continue;
            }
            self.check(account).await?;
            eprintln!("audited {landed} as {account}");
            if depth >= MAX_DEPTH {
                continue;
            }
            for link in self.links().await? {
                if !followable(&link) || !seen.insert(link.clone()) {
                    continue;
                }
                let n = per_shape.entry(shape(&link)).or_default();
                if *n >= PER_SHAPE {
                    continue;
                }
                *n += 1;
                queue.push_back((link, depth + 1));
            }
        }
        Ok(())
    }

    /// Audits one page, wherever it lands.
    async fn visit(&mut self, account: &str, path: &str) -> WebDriverResult<()> {
        self.driver.goto(format!("{}{path}", self.base)).await?;
        self.check(account).await?;
        eprintln!("audited {} as {account}", self.current_path().await?);
        Ok(())
    }
}

async fn wait_for_path(driver: &WebDriver, path: &str) {
    for _ in 0..50 {
        if driver.current_url().await.is_ok_and(|u| u.path() == path) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "did not reach {path}; at {:?}",
        driver.current_url().await.map(|u| u.path().to_owned())
    );
}

/// Logs in through the login page (the page itself is audited), then accepts
/// the code of ethics when the account works with cases (that page too).
async fn login(audit: &mut Audit<'_>, username: &str) -> WebDriverResult<()> {
    let driver = audit.driver;
    driver.delete_all_cookies().await?;
    driver.goto(format!("{}/aanmelden", audit.base)).await?;
    wait_for_path(driver, "/aanmelden").await;
    driver
        .find(By::Id("username"))
        .await?
        .send_keys(username)
        .await?;
    driver
        .find(By::Id("password"))
        .await?
        .send_keys(DEMO_PASSWORD)
        .await?;
    driver
        .find(By::Css("form.stack button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_for_path(driver, "/").await;
    ethics(audit, username).await
}

async fn ethics(audit: &mut Audit<'_>, username: &str) -> WebDriverResult<()> {
    let driver = audit.driver;
    driver.goto(format!("{}/casussen", audit.base)).await?;
    if driver.current_url().await?.path() == "/deontologie" {
        audit.check(username).await?;
        driver
            .find(By::Css(
                "main form[action='/deontologie'] button[type=submit]",
            ))
            .await?
            .click()
            .await?;
        wait_for_path(driver, "/casussen").await;
    }
    Ok(())
}

/// The demo data plus the demo cases and a Partnertafel meeting, so the list
/// pages have something to link to.
fn seed_more(app: &TestApp) {
    let now = app.state.now_ms();
    let kr = app.state.keyring.clone();
    app.db
        .write(|c| verbind_store::demo::seed_cases(c, &kr, now))
        .unwrap();
    let org = |u: &str| {
        app.db
            .read(|c| verbind_store::models::user::find_by_username(c, u))
            .unwrap()
            .unwrap()
            .organisation_id
    };
    let present = [org("politie"), org("caw")];
    let present: Vec<&str> = present.iter().map(String::as_str).collect();
    common::table_meeting(app, &present);
    // A set-password link, so the public page shows its form.
    let user = app
        .db
        .read(|c| verbind_store::models::user::find_by_username(c, "referentie"))
        .unwrap()
        .unwrap();
    let row = verbind_store::models::set_password_token::SetPasswordToken {
        token_hash: verbind_crypto::token::token_hash(SET_PASSWORD_TOKEN),
        user_id: user.id,
        created_by: None,
        created_at: now,
        expires_at: now + 24 * 3_600_000,
        used_at: None,
    };
    app.db
        .write(|c| verbind_store::models::set_password_token::create(c, &row))
        .unwrap();
}

fn focus_info(v: &Value) -> String {
    format!(
        "<{} id={:?} href={:?}>",
        v["tag"].as_str().unwrap_or_default(),
        v["id"].as_str().unwrap_or_default(),
        v["href"].as_str().unwrap_or_default()
    )
}

async fn press(driver: &WebDriver, key: Key) -> WebDriverResult<Value> {
    driver.action_chain().send_keys(key).perform().await?;
    Ok(driver.execute(FOCUSED, vec![]).await?.json().clone())
}

/// Tabs to the element with `id` (at most 20 presses); every element that
/// takes the focus on the way must show it.
async fn tab_to(driver: &WebDriver, id: &str, problems: &mut Vec<String>) -> WebDriverResult<()> {
    for _ in 0..20 {
        let f = press(driver, Key::Tab).await?;
        problems.extend(focus_problem(&f, "login page"));
        if f["id"].as_str() == Some(id) {
            return Ok(());
        }
    }
    problems.push(format!("Tab never reached #{id} on the login page"));
    Ok(())
}

/// The login form by keyboard: Tab to each field, type, Enter submits.
async fn keyboard_login(
    driver: &WebDriver,
    base: &str,
    username: &str,
    problems: &mut Vec<String>,
) -> WebDriverResult<()> {
    driver.delete_all_cookies().await?;
    driver.goto(format!("{base}/aanmelden")).await?;
    wait_for_path(driver, "/aanmelden").await;
    tab_to(driver, "username", problems).await?;
    driver.action_chain().send_keys(username).perform().await?;
    let f = press(driver, Key::Tab).await?;
    problems.extend(focus_problem(&f, "login page"));
    if f["id"].as_str() != Some("password") {
        problems.push(format!("Tab from the user name went to {}", focus_info(&f)));
    }
    driver
        .action_chain()
        .send_keys(DEMO_PASSWORD)
        .perform()
        .await?;
    let f = press(driver, Key::Tab).await?;
    problems.extend(focus_problem(&f, "login page"));
    if f["id"].as_str() != Some("code") {
        problems.push(format!("Tab from the password went to {}", focus_info(&f)));
    }
    let f = press(driver, Key::Tab).await?;
    problems.extend(focus_problem(&f, "login page"));
    if f["tag"].as_str() != Some("button") {
        problems.push(format!(
            "Tab from the code should reach the submit button, got {}",
            focus_info(&f)
        ));
    }
    press(driver, Key::Enter).await?;
    wait_for_path(driver, "/").await;
    Ok(())
}

/// The main navigation by keyboard: from the top of the dashboard, Tab reaches
/// the skip link and then every navigation link in order, each visibly focused;
/// the skip link moves the focus to the main content.
async fn keyboard_navigation(
    driver: &WebDriver,
    base: &str,
    problems: &mut Vec<String>,
) -> WebDriverResult<()> {
    driver.goto(format!("{base}/")).await?;
    let nav: Vec<String> = driver
        .execute(
            "return Array.from(document.querySelectorAll('header nav a')).map(a => a.getAttribute('href'));",
            vec![],
        )
        .await?
        .convert()?;
    assert!(nav.len() >= 2, "the dashboard has a navigation: {nav:?}");
    let first = press(driver, Key::Tab).await?;
    if first["href"].as_str() != Some("#inhoud") {
        problems.push(format!(
            "the first Tab should reach the skip link, got {}",
            focus_info(&first)
        ));
    }
    let mut reached = Vec::new();
    let mut f = first;
    for _ in 0..40 {
        problems.extend(focus_problem(&f, "dashboard"));
        if f["inNav"].as_bool().unwrap_or(false) {
            reached.push(f["href"].as_str().unwrap_or_default().to_owned());
        } else if !reached.is_empty() {
            break;
        }
        f = press(driver, Key::Tab).await?;
    }
    if reached == nav {
        eprintln!(
            "keyboard: Tab reached the {} navigation links in order",
            nav.len()
        );
    } else {
        problems.push(format!(
            "Tab reached the navigation links {reached:?}, expected {nav:?}"
        ));
    }
    // Back to the top: the skip link sends the focus to <main>.
    driver.goto(format!("{base}/")).await?;
    press(driver, Key::Tab).await?;
    let f = press(driver, Key::Enter).await?;
    if f["id"].as_str() != Some("inhoud") {
        problems.push(format!(
            "the skip link moved the focus to {}",
            focus_info(&f)
        ));
    }
    // Enter on a navigation link follows it.
    let target = nav[1].clone();
    driver.goto(format!("{base}/")).await?;
    for _ in 0..40 {
        let f = press(driver, Key::Tab).await?;
        if f["href"].as_str() == Some(target.as_str()) && f["inNav"].as_bool().unwrap_or(false) {
            press(driver, Key::Enter).await?;
            let path = target.split('?').next().unwrap_or(&target).to_owned();
            wait_for_path(driver, &path).await;
            return Ok(());
        }
    }
    problems.push(format!("Tab never reached the navigation link {target}"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accessibility_browser_every_page() {
    let Some(url) = required("VERBIND_TEST_WEBDRIVER_URL") else {
        return;
    };
    let Some(axe_path) = required("VERBIND_TEST_AXE_JS") else {
        return;
    };
    let axe_js = std::fs::read_to_string(&axe_path)
        .unwrap_or_else(|e| panic!("cannot read VERBIND_TEST_AXE_JS={axe_path}: {e}"));
    assert!(axe_js.contains("axe"), "{axe_path} is not axe-core");

    let app = spawn(Db::Sqlite, true).await.unwrap();
    seed_more(&app);
    let base = format!("http://{}", app.addr);

    // The error pages the crawl visits are what they claim to be.
    let mut c = Client::new(&app);
    assert_eq!(c.get("/bestaat-niet").await.status, 404);
    c.login_demo("politie").await;
    assert_eq!(c.get("/beheer/gebruikers").await.status, 403);

    let profile = tempfile::tempdir().unwrap();
    let driver = chromium(&url, profile.path(), None).await;
    let mut audit = Audit {
        driver: &driver,
        base: base.clone(),
        axe_js,
        violations: BTreeSet::new(),
        errors: Vec::new(),
        pages: 0,
    };
    let mut keyboard = Vec::new();
    let result = async {
        driver.set_script_timeout(Duration::from_secs(60)).await?;
        // The audit itself works: a page built to fail is caught.
        driver
            .goto("data:text/html,<title>t</title><img src=x.png>")
            .await?;
        audit.check("(canary)").await?;
        let canary: BTreeSet<String> = audit.violations.iter().map(|v| v.rule.clone()).collect();
        if !(canary.contains("image-alt") && canary.contains("html-has-lang")) {
            audit.errors.push(format!(
                "axe-core did not catch a page built to fail: {canary:?}"
            ));
        }
        // ...and so is a fault added to one of our pages (no CSP or frame hides it).
        audit.violations.clear();
        driver.delete_all_cookies().await?;
        driver.goto(format!("{base}/aanmelden")).await?;
        driver
            .execute(
                "const main = document.querySelector('main');
                 const i = document.createElement('input'); i.type = 'text';
                 main.appendChild(i);
                 const p = document.createElement('p'); p.textContent = 'canary';
                 p.style.color = '#d0d0d0';
                 main.appendChild(p);",
                vec![],
            )
            .await?;
        audit.check("(canary)").await?;
        let canary: BTreeSet<String> = audit.violations.iter().map(|v| v.rule.clone()).collect();
        if !(canary.contains("label") && canary.contains("color-contrast")) {
            audit.errors.push(format!(
                "axe-core did not catch a fault added to the login page: {canary:?}"
            ));
        }
        audit.violations.clear();
        audit.pages = 0;
        // Not logged in: the login page, what it links to, and error pages.
        driver.delete_all_cookies().await?;
        audit.crawl("(anonymous)", PUBLIC_PAGES).await?;
        audit.visit("(anonymous)", "/bestaat-niet").await?;
        audit
            .visit("(anonymous)", "/wachtwoord-instellen?token=ongeldig")
            .await?;
        audit
            .visit(
                "(anonymous)",
                &format!("/wachtwoord-instellen?token={SET_PASSWORD_TOKEN}"),
            )
            .await?;

        // Keyboard: log in and use the navigation without a mouse.
        keyboard_login(&driver, &base, DEMO_ACCOUNTS[0].username, &mut keyboard).await?;
        keyboard_navigation(&driver, &base, &mut keyboard).await?;

        for account in DEMO_ACCOUNTS {
            login(&mut audit, account.username).await?;
            audit.crawl(account.username, &["/"]).await?;
            audit.visit(account.username, "/bestaat-niet").await?;
            // Asking for the password again, before a sensitive step.
            audit.visit(account.username, "/account/bevestigen").await?;
            // Forbidden for everyone but the administrator.
            audit.visit(account.username, "/beheer/gebruikers").await?;
        }
        Ok::<_, WebDriverError>(())
    }
    .await;
    let Audit {
        pages,
        violations,
        errors,
        ..
    } = audit;
    driver.quit().await.ok();
    result.unwrap();

    eprintln!(
        "axe-core: {pages} page visits audited for {} accounts",
        DEMO_ACCOUNTS.len()
    );
    assert!(
        errors.is_empty(),
        "the audit did not work:\n{}",
        errors.join("\n")
    );
    let mut problems: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
    problems.extend(keyboard.iter().map(|k| format!("keyboard: {k}")));
    assert!(
        pages > 3 * DEMO_ACCOUNTS.len(),
        "too few pages audited: {pages}"
    );
    assert!(
        problems.is_empty(),
        "{} accessibility problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
