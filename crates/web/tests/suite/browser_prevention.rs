//! A real browser (Debian's chromium through chromedriver), issue 4: an
//! anonymous visitor writes to the public contact point; the expert logs in,
//! is told a message waits, finds it in the contact register, links it to a
//! signal and turns it into a referral to the LIVC-R, the message carried
//! because the visitor consented. Runs when `VERBIND_TEST_WEBDRIVER_URL` is
//! set; skips otherwise, unless `VERBIND_TEST_REQUIRE_SERVICES=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Db, chromium, spawn, wait_for_h1, webdriver_url};
use thirtyfour::prelude::*;

const MESSAGE: &str =
    "Mijn neef deelt sinds kort filmpjes van een extremistische groep (browsertest).";
const SIGNAL: &str = "Jongeren delen filmpjes van een extremistische groep in groepschats.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_contact_point_to_signal_and_referral() {
    let Some(url) = webdriver_url() else { return };
    let app = spawn(Db::Sqlite, true).await.unwrap();
    let base = format!("http://{}", app.addr);
    let profile = tempfile::tempdir().unwrap();
    let driver = chromium(&url, profile.path(), None).await;
    let result = async {
        // An anonymous visitor writes to the contact point.
        driver.goto(format!("{base}/aanspreekpunt")).await?;
        wait_for_h1(
            &driver,
            "Stedelijk aanspreekpunt extremisme en polarisering",
        )
        .await;
        assert!(driver.source().await?.contains("Uw privacy"));
        driver
            .find(By::Css("input[name=soort][value=report_person]"))
            .await?
            .click()
            .await?;
        driver
            .find(By::Id("bericht"))
            .await?
            .send_keys(MESSAGE)
            .await?;
        driver
            .find(By::Css("input[name=toestemming]"))
            .await?
            .click()
            .await?;
        driver
            .find(By::Css("form.stack button.primary"))
            .await?
            .click()
            .await?;
        wait_for_h1(&driver, "Bedankt voor uw bericht").await;
        assert!(
            !driver.source().await?.contains("browsertest"),
            "the confirmation echoes nothing"
        );

        // The expert logs in and is told a message waits.
        driver.goto(format!("{base}/aanmelden")).await?;
        wait_for_h1(&driver, "Aanmelden").await;
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
        assert!(
            driver
                .source()
                .await?
                .contains("Eén nieuw bericht via het aanspreekpunt wacht op u.")
        );
        // The code of ethics first, for the referral later.
        driver.goto(format!("{base}/casussen")).await?;
        if driver.current_url().await?.path() == "/deontologie" {
            driver
                .find(By::Css("main form button[type=submit]"))
                .await?
                .click()
                .await?;
            wait_for_h1(&driver, "Casussen").await;
        }
        driver.goto(format!("{base}/")).await?;
        driver
            .find(By::LinkText("Naar het contactregister"))
            .await?
            .click()
            .await?;
        wait_for_h1(&driver, "Contactregister").await;
        // Find it by searching its text.
        driver.find(By::Id("zoek")).await?.send_keys("neef").await?;
        driver
            .find(By::Css("form.filters button[type=submit]"))
            .await?
            .click()
            .await?;
        wait_for_h1(&driver, "Contactregister").await;
        driver
            .find(By::Css("table tbody th a"))
            .await?
            .click()
            .await?;
        wait_for_h1(&driver, "Contact van 28/11/2026").await;
        assert!(driver.source().await?.contains(MESSAGE));

        // Link it to a signal, rewritten about a group.
        driver
            .find(By::LinkText("Maak er een signaal van"))
            .await?
            .click()
            .await?;
        wait_for_h1(&driver, "Signaal doorgeven").await;
        driver
            .execute(
                "document.getElementById('thema').value = 'extremism_right';
                 document.getElementById('domein').value = 'online';",
                vec![],
            )
            .await?;
        driver
            .find(By::Css("input[name=ernst][value=medium]"))
            .await?
            .click()
            .await?;
        let description = driver.find(By::Id("beschrijving")).await?;
        description.clear().await?;
        description.send_keys(SIGNAL).await?;
        driver
            .find(By::Css("form.stack button.primary"))
            .await?
            .click()
            .await?;
        wait_for_h1(&driver, "Contact van 28/11/2026").await;
        driver
            .find(By::LinkText("Signaal bekijken"))
            .await?
            .click()
            .await?;
        wait_for_h1(&driver, "Signaal").await;
        assert!(driver.source().await?.contains(SIGNAL));
        driver.back().await?;
        wait_for_h1(&driver, "Contact van 28/11/2026").await;

        // Turn it into a referral: the message comes along (consent given).
        driver
            .find(By::LinkText("Aanmelden bij de LIVC-R"))
            .await?
            .click()
            .await?;
        wait_for_h1(&driver, "Casus aanmelden").await;
        let reason = driver.find(By::Id("reden")).await?.prop("value").await?;
        assert_eq!(reason.as_deref(), Some(MESSAGE));
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
            .send_keys("Browser Neef Fictief (test)")
            .await?;
        driver
            .find(By::Id("geboortedatum"))
            .await?
            .send_keys("02/02/2006")
            .await?;
        driver
            .find(By::Css("form.stack button.primary"))
            .await?
            .click()
            .await?;
        wait_for_h1(&driver, "Casus SN-2026-001").await;
        assert!(driver.source().await?.contains(MESSAGE));
        // The contact shows the case code and the signal.
        driver.goto(format!("{base}/contacten")).await?;
        let text = driver.find(By::Tag("main")).await?.text().await?;
        assert!(text.contains("SN-2026-001"), "{text}");
        assert!(text.contains("Signaal"), "{text}");
        Ok::<_, WebDriverError>(())
    }
    .await;
    driver.quit().await.ok();
    result.unwrap();
}
