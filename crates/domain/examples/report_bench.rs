//! Times the pure part of the Stuurgroep report (QUALITY.md §4, "steering
//! group report times"): building and protecting every table from facts.
//! Synthetic, deterministic facts; no database.
//!
//! `cargo run --release -p verbind-domain --example report_bench [CASES]`
//! prints the median and worst of 15 runs per size. The figures in
//! BENCHMARKS.md come from this command.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use verbind_domain::case::Date;
use verbind_domain::case::lifecycle::CaseState;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::theme::Theme;
use verbind_domain::report::disclosure::Threshold;
use verbind_domain::report::stuurgroep::{CaseFacts, MeetingFacts, Period, ReportFacts, build};

/// A small deterministic generator (xorshift), so every run times the same facts.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn day(base: Date, offset: u64) -> Date {
    Date::from_unix_days(base.to_unix_days() + offset as i64).unwrap()
}

fn facts(cases: usize) -> ReportFacts {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let base = Date::new(2024, 1, 1).unwrap();
    let path = [
        CaseState::Screening,
        CaseState::Geagendeerd,
        CaseState::InBeoordeling,
        CaseState::SocioPreventief,
        CaseState::Afgesloten,
    ];
    let case_facts = (0..cases)
        .map(|_| {
            let start = r.next(1000);
            let steps = r.next(path.len() as u64 + 1) as usize;
            let mut at = start;
            let moves = path[..steps]
                .iter()
                .map(|s| {
                    at += 1 + r.next(60);
                    (day(base, at), *s)
                })
                .collect();
            CaseFacts {
                group_a: r.next(4) != 0,
                group_b: r.next(5) == 0,
                minor: r.next(3) == 0,
                age_at_end: Some(10 + r.next(50) as u32),
                referred_on: day(base, start),
                moves,
                re_referral: r.next(20) == 0,
            }
        })
        .collect();
    let themes = Theme::ALL;
    let signals = (0..cases * 3)
        .map(|_| {
            (
                day(base, r.next(1000)),
                themes[r.next(themes.len() as u64) as usize],
            )
        })
        .collect();
    let contacts = (0..cases * 2)
        .map(|_| {
            (
                day(base, r.next(1000)),
                vec![themes[r.next(themes.len() as u64) as usize]],
            )
        })
        .collect();
    let meetings = (0..40)
        .map(|i| MeetingFacts {
            on: day(base, i * 25),
            ad_hoc: i % 7 == 0,
            held: i % 9 != 0,
            upcoming: false,
            attendance: vec![
                ("police".into(), true),
                ("welfare".into(), i % 3 != 0),
                ("education".into(), true),
            ],
        })
        .collect();
    ReportFacts {
        period: Period::parse("2024-01-01..2026-12-31").unwrap(),
        k: Threshold::default(),
        cases: case_facts,
        meetings,
        yearly_norm: 10,
        signals,
        contacts,
    }
}

fn main() {
    let sizes: Vec<usize> = match std::env::args().nth(1) {
        Some(n) => vec![n.parse().expect("a number of cases")],
        None => vec![100, 1_000, 10_000, 100_000],
    };
    for n in sizes {
        let f = facts(n);
        let mut times: Vec<Duration> = (0..15)
            .map(|_| {
                let t = Instant::now();
                let report = build(&f).unwrap();
                std::hint::black_box(&report);
                t.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "{n:>7} cases, {:>7} signals, 36 months: median {:>8.2} ms, worst {:>8.2} ms",
            n * 3,
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
        );
    }
}
