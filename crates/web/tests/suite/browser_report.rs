//! A real browser (Debian's chromium through chromedriver), issue 5: the
//! `stuurgroep` demo account logs in through the login page, opens the
//! Stuurgroep report from the navigation, downloads the PDF and a CSV by
//! clicking their links, and finds no personal data in either; the same
//! account cannot open any case. Runs when `VERBIND_TEST_WEBDRIVER_URL` is
//! set; skips otherwise, unless `VERBIND_TEST_REQUIRE_SERVICES=1`.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Db, browser_login, chromium, spawn, wait_for_h1, webdriver_url};
use thirtyfour::prelude::*;

/// Waits up to 15 s for a finished download whose name ends with `suffix`.
async fn downloaded(dir: &Path, suffix: &str) -> PathBuf {
    for _ in 0..150 {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                if name.ends_with(suffix) && std::fs::metadata(&p).is_ok_and(|m| m.len() > 0) {
                    return p;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let names: Vec<_> = std::fs::read_dir(dir)
        .map(|r| r.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    panic!(
        "no download ending in {suffix} in {}: {names:?}",
        dir.display()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_stuurgroep_downloads_the_report_and_opens_no_case() {
    let Some(url) = webdriver_url() else { return };
    let app = spawn(Db::Sqlite, true).await.unwrap();
    common::seed_demo_data(&app);
    // What must never reach the Stuurgroep: every case's name, national
    // number, date of birth, address and code.
    let tenant = app.db.read(verbind_store::models::tenant::list).unwrap()[0].tenant_id();
    let cases = app
        .db
        .read(|c| verbind_store::models::case::list(c, &tenant, &[]))
        .unwrap();
    assert!(cases.len() >= 3);
    let mut personal = Vec::new();
    for row in &cases {
        let id = app
            .db
            .read(|c| verbind_store::models::case::identity(c, &app.state.keyring, row))
            .unwrap();
        personal.push(id.name);
        personal.extend(id.national_number);
        personal.extend(id.address);
        personal.extend(id.date_of_birth);
        personal.push(row.code.clone());
    }

    let base = format!("http://{}", app.addr);
    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let driver = chromium(&url, profile.path(), Some(downloads.path())).await;
    let result = async {
        browser_login(&driver, &base, "stuurgroep").await;
        wait_for_h1(&driver, "Overzicht").await;
        // The report is in the navigation.
        driver
            .find(By::Css("nav a[href='/rapport/stuurgroep']"))
            .await?
            .click()
            .await?;
        wait_for_h1(&driver, "Rapport voor de Stuurgroep").await;
        let page = driver.source().await?;
        assert!(page.contains("Geanonimiseerd overzicht van de casussen"));
        // The charts are drawn (accessible SVG) and their tables are there.
        let charts = driver
            .find_all(By::Css("figure.chart svg[role=img]"))
            .await?;
        assert!(charts.len() >= 3, "{} charts", charts.len());
        if let Ok(dir) = std::env::var("VERBIND_TEST_SCREENSHOTS") {
            driver
                .screenshot(&Path::new(&dir).join("stuurgroep-rapport.png"))
                .await?;
            for (i, c) in charts.iter().enumerate() {
                c.scroll_into_view().await?;
                c.screenshot(&Path::new(&dir).join(format!("grafiek-{i}.png")))
                    .await?;
            }
        }

        // Download the PDF by clicking its link.
        driver
            .find(By::Css("a[href^='/rapport/stuurgroep.pdf']"))
            .await?
            .click()
            .await?;
        let pdf_path = downloaded(downloads.path(), ".pdf").await;
        let pdf = std::fs::read(&pdf_path).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "a PDF: {pdf_path:?}");
        let pdf_text = String::from_utf8_lossy(&pdf).into_owned();
        assert!(pdf_text.contains("Rapport voor de Stuurgroep"));

        // And the CSV of the anonymised case overview.
        driver
            .find(By::Css(
                "a[href^='/rapport/stuurgroep/csv/casussen-overzicht']",
            ))
            .await?
            .click()
            .await?;
        let csv_path = downloaded(downloads.path(), "casussen-overzicht.csv").await;
        let csv = std::fs::read_to_string(&csv_path).unwrap();
        assert!(csv.contains("Nr.,Doelgroep"), "{csv}");
        assert!(csv.lines().count() > cases.len() / 2, "{csv}");

        for p in &personal {
            assert!(!page.contains(p.as_str()), "the page shows {p}");
            assert!(!pdf_text.contains(p.as_str()), "the PDF holds {p}");
            assert!(!csv.contains(p.as_str()), "the CSV holds {p}");
        }

        // The same account cannot open any case, nor the list.
        driver.goto(format!("{base}/casussen")).await?;
        assert!(!driver.source().await?.contains(&cases[0].code));
        for row in &cases {
            driver.goto(format!("{base}/casussen/{}", row.id)).await?;
            let src = driver.source().await?;
            assert!(!src.contains(&row.code), "the case {} opened", row.code);
            assert!(
                src.contains("Geen toegang") || src.contains("Niet gevonden"),
                "a refusal page: {src}"
            );
        }
        Ok::<_, WebDriverError>(())
    }
    .await;
    driver.quit().await.ok();
    result.unwrap();
}
