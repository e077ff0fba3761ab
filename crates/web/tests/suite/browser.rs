//! A real browser (Debian's chromium through chromedriver) logs in with a demo
//! account through the real login page, sees the Dutch dashboard and logs out.
//! Runs when `VERBIND_TEST_WEBDRIVER_URL` is set (`.ci/run` sets it); skips
//! otherwise, unless `VERBIND_TEST_REQUIRE_SERVICES=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use std::time::Duration;

use common::{Db, chromium, spawn, wait_for_h1, webdriver_url};
use thirtyfour::prelude::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_login_dashboard_logout() {
    let Some(url) = webdriver_url() else { return };
    let app = spawn(Db::Sqlite, true).await.unwrap();
    let base = format!("http://{}", app.addr);
    let profile = tempfile::tempdir().unwrap();
    let driver = chromium(&url, profile.path(), None).await;
    let result = async {
        driver.goto(format!("{base}/")).await?;
        // Not logged in: the Dutch login page.
        wait_for_h1(&driver, "Aanmelden").await;
        let html = driver.find(By::Tag("html")).await?;
        assert_eq!(html.attr("lang").await?.as_deref(), Some("nl"));
        assert!(driver.source().await?.contains("DEMO - fictieve gegevens"));
        driver
            .find(By::Id("username"))
            .await?
            .send_keys("deskundige")
            .await?;
        driver
            .find(By::Id("password"))
            .await?
            .send_keys("verbind-demo")
            .await?;
        driver
            .find(By::Css("form.stack button[type=submit]"))
            .await?
            .click()
            .await?;
        wait_for_h1(&driver, "Overzicht").await;
        let body = driver.source().await?;
        assert!(body.contains("Welkom, Dana Deskundig (demo)."));
        assert!(body.contains("Deskundige extremisme en polarisering"));
        // The session cookie is HttpOnly: page scripts cannot read it.
        let visible: String = driver
            .execute("return document.cookie;", vec![])
            .await?
            .convert()?;
        assert!(
            !visible.contains("verbind"),
            "cookie visible to scripts: {visible}"
        );
        // Log out with the button in the header.
        driver
            .find(By::Css(".who button[type=submit]"))
            .await?
            .click()
            .await?;
        wait_for_h1(&driver, "Aanmelden").await;
        // The session is gone: the dashboard sends us back to the login page.
        driver.goto(format!("{base}/")).await?;
        wait_for_h1(&driver, "Aanmelden").await;
        Ok::<_, WebDriverError>(())
    }
    .await;
    driver.quit().await.ok();
    result.unwrap();
}

async fn login(driver: &WebDriver, base: &str, username: &str) -> WebDriverResult<()> {
    driver.goto(format!("{base}/aanmelden")).await?;
    wait_for_h1(driver, "Aanmelden").await;
    driver
        .find(By::Id("username"))
        .await?
        .send_keys(username)
        .await?;
    driver
        .find(By::Id("password"))
        .await?
        .send_keys("verbind-demo")
        .await?;
    driver
        .find(By::Css("form.stack button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_for_h1(driver, "Overzicht").await;
    // The code of ethics comes before any case.
    driver.goto(format!("{base}/casussen")).await?;
    if driver.current_url().await?.path() == "/deontologie" {
        driver
            .find(By::Css("main form button[type=submit]"))
            .await?
            .click()
            .await?;
        wait_for_h1(driver, "Casussen").await;
    }
    Ok(())
}

async fn logout(driver: &WebDriver) -> WebDriverResult<()> {
    driver
        .find(By::Css(".who button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_for_h1(driver, "Aanmelden").await;
    Ok(())
}

/// Chooses a step in the case file's step form and takes it; returns the page text.
async fn take_step(driver: &WebDriver, case_url: &str, step: &str) -> WebDriverResult<String> {
    driver.goto(case_url).await?;
    driver
        .execute(
            &format!("document.getElementById('stap').value = '{step}';"),
            vec![],
        )
        .await?;
    driver
        .find(By::Css("form[action$='/stap'] button[type=submit]"))
        .await?
        .click()
        .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    driver.find(By::Tag("main")).await?.text().await
}

async fn cast_vote(driver: &WebDriver, case_url: &str, vote: &str) -> WebDriverResult<()> {
    driver.goto(case_url).await?;
    driver
        .find(By::Css(format!(
            "form[action$='/stem'] button[value='{vote}']"
        )))
        .await?
        .click()
        .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    Ok(())
}

/// Issue 3: one case from referral to unanimous closure with three accounts
/// (police, expert, CAW); a dissent blocks the closure until it is withdrawn.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_case_from_referral_to_unanimous_closure() {
    let Some(url) = webdriver_url() else { return };
    let app = spawn(Db::Sqlite, true).await.unwrap();
    let base = format!("http://{}", app.addr);
    let profile = tempfile::tempdir().unwrap();
    let driver = chromium(&url, profile.path(), None).await;
    let result = async {
        // The police information officer refers a case.
        login(&driver, &base, "politie").await?;
        driver.goto(format!("{base}/casussen/nieuw")).await?;
        driver
            .find(By::Css("input[name=groep_a]"))
            .await?
            .click()
            .await?;
        driver
            .find(By::Css("input[name=woont]"))
            .await?
            .click()
            .await?;
        driver
            .find(By::Id("naam"))
            .await?
            .send_keys("Browser Fictief (test)")
            .await?;
        driver
            .find(By::Id("geboortedatum"))
            .await?
            .send_keys("02/02/2007")
            .await?;
        driver
            .find(By::Id("reden"))
            .await?
            .send_keys("Fictieve reden voor de browsertest.")
            .await?;
        driver
            .find(By::Css("form.stack button.primary"))
            .await?
            .click()
            .await?;
        wait_for_h1(&driver, "Casus SN-2026-001").await;
        let case_url = driver.current_url().await?.to_string();
        assert!(
            !driver.source().await?.contains("Browser Fictief"),
            "the file shows the code, not the name"
        );
        // The LTF check is recorded by the police.
        driver
            .find(By::Css("form[action$='/ltf'] button[value='cleared']"))
            .await?
            .click()
            .await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        logout(&driver).await?;

        // The expert takes the case to socio-preventive follow-up.
        login(&driver, &base, "deskundige").await?;
        for step in [
            "start_screening",
            "put_on_agenda",
            "open_assessment",
            "conclude_socio_preventive",
        ] {
            let text = take_step(&driver, &case_url, step).await?;
            assert!(!text.contains("kan niet"), "{step}: {text}");
        }
        assert!(
            driver
                .source()
                .await?
                .contains("socio-preventieve opvolging")
        );
        // A Partnertafel meeting sitting today (the table votes while it
        // sits), with three partner organisations recorded present and the
        // others absent: they are the ones who vote.
        driver.goto(&format!("{base}/vergaderingen/nieuw")).await?;
        driver
            .execute(
                "document.getElementById('datum').value = '28/11/2026';
                 document.getElementById('beginuur').value = '13:30';
                 document.getElementById('einduur').value = '16:00';
                 document.getElementById('plaats').value = 'Stadhuis, zaal 2';",
                vec![],
            )
            .await?;
        driver
            .find(By::Css(
                "form[action='/vergaderingen/nieuw'] button[type=submit]",
            ))
            .await?
            .click()
            .await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        driver
            .execute(
                "for (const sel of document.querySelectorAll('select[name^=zetel-]')) {
                   const row = sel.closest('tr').textContent;
                   sel.value = /Diversiteit|politie|CAW/.test(row) ? 'present' : 'absent';
                 }",
                vec![],
            )
            .await?;
        driver
            .find(By::Css("form[action$='/aanwezigheid'] button[type=submit]"))
            .await?
            .click()
            .await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        // Put closing to the vote at that meeting.
        driver.goto(&case_url).await?;
        let offered = driver
            .find(By::Css("select#vergadering option"))
            .await?
            .text()
            .await?;
        assert!(
            offered.contains("Lokale politie") && offered.contains("CAW"),
            "the meeting names who is present: {offered}"
        );
        assert!(!offered.contains("VDAB"), "VDAB was absent: {offered}");
        driver
            .execute("document.getElementById('soort').value = 'close';", vec![])
            .await?;
        driver
            .find(By::Css("form[action$='/besluit'] button[type=submit]"))
            .await?
            .click()
            .await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        cast_vote(&driver, &case_url, "agree").await?;
        logout(&driver).await?;

        login(&driver, &base, "politie").await?;
        cast_vote(&driver, &case_url, "agree").await?;
        logout(&driver).await?;

        // The CAW disagrees: closing is blocked.
        login(&driver, &base, "caw").await?;
        cast_vote(&driver, &case_url, "disagree").await?;
        logout(&driver).await?;
        login(&driver, &base, "deskundige").await?;
        let text = take_step(&driver, &case_url, "close").await?;
        assert!(
            text.contains("unanieme stemming"),
            "a dissent blocks closing: {text}"
        );
        logout(&driver).await?;

        // The CAW agrees after all: the expert closes the case.
        login(&driver, &base, "caw").await?;
        cast_vote(&driver, &case_url, "agree").await?;
        logout(&driver).await?;
        login(&driver, &base, "deskundige").await?;
        let text = take_step(&driver, &case_url, "close").await?;
        assert!(text.contains("afgesloten"), "closed unanimously: {text}");
        Ok::<_, WebDriverError>(())
    }
    .await;
    driver.quit().await.ok();
    result.unwrap();
}
