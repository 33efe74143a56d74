//! The import report (`authsim_report::import`) of a hand-built summary of two
//! cohorts and three apps: every source, cohort, app and default on the page,
//! escaped; the largest gaps found where they were put; and, in headless
//! Chromium, no console errors, nothing past a 1280 px viewport and a
//! screenshot to look at. Without Chromium the browser test says so and
//! passes, unless AUTHSIM_REQUIRE_BROWSER=1.

mod common;
use authsim_import::summary::{AppFit, CohortFit, HOURS_OF_WEEK, ImportSummary, Source};
use common::Scratch;
use common::chromium::{chromium, headless, probe};

/// An app name as a log may hold it: markup the page must show, not run.
const HOSTILE: &str = "<script>alert(\"x\")</script>";

/// Office hours: 2 sign-ins per user per hour 08:00 to 18:00 on weekdays, 0.1
/// otherwise.
fn office() -> Vec<f64> {
    (0..HOURS_OF_WEEK)
        .map(|h| match (h / 24, h % 24) {
            (0..5, 8..18) => 2.0,
            _ => 0.1,
        })
        .collect()
}

/// `fitted` with `misses` (hour, observed − fitted) put into what was observed.
fn app(name: &str, fitted: Vec<f64>, misses: &[(usize, f64)]) -> AppFit {
    let mut observed = fitted.clone();
    for &(hour, miss) in misses {
        observed[hour] += miss;
    }
    AppFit {
        name: name.into(),
        uses: fitted.iter().map(|f| f / 1.6).collect(),
        observed,
        fitted,
        weeks: 2.0,
    }
}

fn summary() -> ImportSummary {
    ImportSummary {
        scenario: "imported & fitted.toml".into(),
        sources: vec![
            Source {
                file: "logs/signins <march>.json.gz".into(),
                format: "Graph signIn JSON".into(),
                records: 120_345,
                set_aside: vec![("service principal".into(), 812), ("no user".into(), 3)],
                // 2024-03-04 00:00 (a Monday) to 2024-03-18 00:00 UTC.
                span: Some((1_709_510_400.0, 1_710_720_000.0)),
            },
            Source {
                file: "registration.csv".into(),
                format: "registration report".into(),
                records: 950,
                set_aside: vec![],
                span: None,
            },
        ],
        cohorts: vec![
            CohortFit {
                name: "office".into(),
                users: 900,
                utc_offset_hours: 1.0,
                // Tuesday 09:00 observed 0.9 over the fit; Friday 17:00, 0.6 under.
                apps: vec![
                    app("mail", office(), &[(24 + 9, 0.9), (4 * 24 + 17, -0.6)]),
                    app(HOSTILE, office(), &[(2 * 24 + 13, 0.4)]),
                ],
                evidence: vec!["900 users with Microsoft Authenticator registered".into()],
            },
            CohortFit {
                name: "night & weekend".into(),
                users: 50,
                utc_offset_hours: -5.5,
                apps: vec![app("chat", vec![0.5; HOURS_OF_WEEK], &[(6 * 24 + 23, 1.2)])],
                evidence: vec!["50 users signing in < 8 h a week in office hours".into()],
            },
        ],
        defaults: vec![
            "renewal cadence: no non-interactive sign-ins, left at 1h".into(),
            "device registration share: no deviceDetail <trust>, left at 0".into(),
        ],
    }
}

/// The page written where a user asks for it, and read back.
fn written(scratch: &Scratch) -> String {
    let path = scratch.0.join("import.html");
    authsim_report::import::write(&summary(), &path).unwrap();
    std::fs::read_to_string(&path).unwrap()
}

#[test]
fn page_names_every_source_cohort_app_and_default_escaped() {
    let scratch = Scratch::new("import-report", "names");
    let page = written(&scratch);
    for text in [
        "imported &amp; fitted.toml",
        "logs/signins &lt;march&gt;.json.gz",
        "registration.csv",
        "Graph signIn JSON",
        "812 service principal",
        "3 no user",
        "2024-03-04 00:00 to 2024-03-18 00:00",
        "14 days",
        "Cohort office",
        "Cohort night &amp; weekend",
        "UTC+1",
        "UTC−5:30",
        "mail",
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;",
        "chat",
        "50 users signing in &lt; 8 h a week",
        "renewal cadence: no non-interactive sign-ins, left at 1h",
        "no deviceDetail &lt;trust&gt;, left at 0",
    ] {
        assert!(page.contains(text), "the page holds {text:?}");
    }
    // The page has no scripts at all: the hostile name is text.
    assert!(!page.contains("<script"), "an app name ran as markup");
    // One chart per app, each listed in the contents, each with the week's days.
    assert_eq!(page.matches("<figure id=\"chart-").count(), 3);
    for id in ["chart-0-0", "chart-0-1", "chart-1-0"] {
        assert!(
            page.contains(&format!("href=\"#{id}\"")),
            "contents link {id}"
        );
    }
    let figure = &page[page.find("<figure").unwrap()..page.find("</figure>").unwrap()];
    for day in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] {
        assert!(
            figure.contains(&format!(">\n{day}\n<")),
            "the chart names {day}"
        );
    }
}

/// The gaps table lists the hours put into the summary, largest first, in the
/// cohort's local week.
#[test]
fn largest_gaps_are_the_hours_put_there() {
    let scratch = Scratch::new("import-report", "gaps");
    let page = written(&scratch);
    let row = |hour: &str, observed: &str, fitted: &str, gap: &str, errors: &str| {
        format!(
            "<tr><td>{hour}</td><td>{observed}</td><td>{fitted}</td><td>{gap}</td>\
             <td>{errors}</td></tr>"
        )
    };
    // Standard errors √(fitted / (users × weeks)): office √(2 / 1800) = 1/30,
    // night & weekend √(0.5 / 100) = 0.0707.
    let tue = row("Tue 09:00–10:00", "2.9", "2", "0.9", "27");
    let fri = row("Fri 17:00–18:00", "1.4", "2", "−0.6", "−18");
    let sun = row("Sun 23:00–24:00", "1.7", "0.5", "1.2", "17");
    for r in [&tue, &fri, &sun] {
        assert!(page.contains(r.as_str()), "the page holds {r}");
    }
    assert!(page.find(&tue) < page.find(&fri), "largest first");
}

#[test]
fn chromium_renders_it_without_errors_within_1280_px() {
    let test = "chromium_renders_it_without_errors_within_1280_px";
    let Some(chromium) = chromium(test) else {
        return;
    };
    let scratch = Scratch::new("import-report", "chromium");
    written(&scratch);
    let page = scratch.0.join("import.html");
    let (facts, console) = probe(&chromium, &page, "import-report");
    assert!(console.is_empty(), "console messages: {console:?}");
    for key in [
        "errors",
        "past_edge",
        "scrolls_sideways",
        "cell_overflow",
        "broken_words",
        "dead_links",
    ] {
        let found = facts[key].as_array().expect(key);
        assert!(found.is_empty(), "{key}: {found:?}");
    }
    assert!(facts["scroll_width"].as_f64() <= facts["viewport"].as_f64());
    // The page and a screenshot of it for a person to look at, in the temporary folder.
    std::fs::copy(
        &page,
        std::env::temp_dir().join("authsim-import-report.html"),
    )
    .unwrap();
    let png = std::env::temp_dir().join("authsim-import-report.png");
    let shot = format!("--screenshot={}", png.display());
    headless(
        &chromium,
        &[&shot, "--window-size=1280,5200"],
        &page,
        "import-shot",
    );
    assert!(std::fs::metadata(&png).is_ok_and(|m| m.len() > 10_000));
}
