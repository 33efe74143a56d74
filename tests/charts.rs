//! Charts and report.html: rendered from a small run, checked as images and XML,
//! with visible text from the bundled font (no system fonts needed).

use std::collections::HashSet;

mod common;
use common::{Scratch, stderr};

const SCENARIO: &str = r#"
description = "chart test: a 2 h token-service outage"
[simulation]
horizon = "3d"
warmup = "1d"
replications = 4
seed = 7
bucket = "30m"
[policy]
mfa = "never"
[components.token_service]
outages = [{ start = "1d 10:00", duration = "2h" }]
[methods.password]
factor = "first"
requires = []
[apps.mail]
[cohorts.staff]
users = 300
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
"#;

const CHARTS: [&str; 6] = [
    "timeline",
    "load",
    "difference",
    "tradeoff",
    "denials-by-component",
    "sweep",
];

fn swept() -> Scratch {
    let s = Scratch::new(
        "charts",
        &format!("{:?}", std::thread::current().id()).replace(['(', ')'], ""),
    );
    s.write("scenario.toml", SCENARIO);
    let o = s.authsim(&[
        "sweep",
        "scenario.toml",
        "--set",
        "policy.access_token_lifetime=2h,4h",
        "--set",
        "apps.mail.early_renewal=true,false",
        "--out",
        "run",
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    s
}

/// Width, height and RGB(A) pixels of a PNG.
fn decode(bytes: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(bytes);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("a PNG frame");
    let step = info.color_type.samples();
    let pixels = buf[..info.buffer_size()]
        .chunks(step)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, pixels)
}

#[test]
fn every_chart_renders_as_png_and_svg_with_visible_text() {
    let s = swept();
    for chart in CHARTS {
        let bytes = std::fs::read(s.0.join(format!("run/charts/{chart}.png"))).unwrap();
        let (w, h, pixels) = decode(&bytes);
        assert!(w == 1280 && h >= 400, "{chart}: {w}x{h}");
        let colours: HashSet<[u8; 3]> = pixels.iter().copied().collect();
        assert!(
            colours.len() > 20,
            "{chart}.png looks blank ({} colours)",
            colours.len()
        );
        // The title is the only thing in the top band: dark pixels there are its text,
        // drawn from the bundled font whatever fonts the machine has.
        let dark = (5..45)
            .flat_map(|y| (0..w).map(move |x| (y * w + x) as usize))
            .filter(|&i| pixels[i].iter().map(|&c| u32::from(c)).sum::<u32>() < 200)
            .count();
        assert!(
            dark > 300,
            "{chart}.png has no visible title text ({dark} dark pixels)"
        );
    }
}

#[test]
fn svgs_parse_and_carry_axis_titles_with_units() {
    let s = swept();
    let expect = [
        (
            "timeline",
            &[
                "simulated time (UTC; day 0 is a Monday)",
                "users with a denied attempt / users with an attempt",
                "token_service down",
                "Wed 12:00",
            ][..],
        ),
        (
            "load",
            &[
                "token requests per minute",
                "prompts per minute",
                "MFA prompts per minute",
                "seed 7",
            ][..],
        ),
        (
            "difference",
            &[
                "lockout hours per 1,000 users",
                "Bonferroni for 4 comparisons",
            ][..],
        ),
        (
            "tradeoff",
            &[
                "interactive prompts per user per day",
                "lockout hours per 1,000 users",
                // People sign in: staleness is an objective, in a panel of its own.
                "policy staleness, mean (hours)",
                "efficient on lockout hours, policy staleness and prompts",
            ][..],
        ),
        (
            "denials-by-component",
            &[
                "denied attempts (mean per replication)",
                "lockout hours per 1,000 users",
                "token_service",
            ][..],
        ),
        (
            "sweep",
            &[
                "policy.access_token_lifetime",
                "denied attempts / attempts",
                "4h",
                "apps.mail.early_renewal=false",
                "baseline",
                "paired interval",
            ][..],
        ),
    ];
    for (chart, titles) in expect {
        let text = s.read(&format!("run/charts/{chart}.svg"));
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{chart}.svg: {e}"));
        let words: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
        for title in titles {
            assert!(
                words.iter().any(|w| w.contains(title)),
                "{chart}.svg lacks {title:?}"
            );
        }
    }
}

#[test]
fn the_report_is_one_self_contained_page() {
    let s = swept();
    let html = s.read("run/report.html");
    assert_eq!(
        html.matches("<svg").count(),
        CHARTS.len(),
        "every chart inlined"
    );
    for forbidden in ["<script", "src=", "<link", "@import", "url("] {
        assert!(
            !html.contains(forbidden),
            "report.html contains {forbidden:?}"
        );
    }
    // Links only within the page: the table of contents.
    assert_eq!(
        html.matches("href=").count(),
        html.matches("href=\"#").count()
    );
    for needed in [
        "chart test: a 2 h token-service outage",
        "authsim version",
        "<td>7</td>",
        "sweep scenario.toml --set policy.access_token_lifetime=2h,4h",
        "Difference from the baseline",
        "Bonferroni for 4 comparisons",
        "outages = [{ duration = &quot;2h&quot;, start = &quot;1d 10:00&quot; }]",
        "denial_rate",
    ] {
        assert!(html.contains(needed), "report.html lacks {needed:?}");
    }
}

#[test]
fn plot_redraws_the_same_charts_from_the_folder_alone() {
    let s = swept();
    let before: Vec<String> = CHARTS
        .iter()
        .map(|c| s.read(&format!("run/charts/{c}.svg")))
        .collect();
    let report = s.read("run/report.html");
    std::fs::remove_dir_all(s.0.join("run/charts")).unwrap();
    std::fs::remove_file(s.0.join("run/report.html")).unwrap();
    std::fs::remove_file(s.0.join("scenario.toml")).unwrap();
    let o = s.authsim(&["plot", "run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after: Vec<String> = CHARTS
        .iter()
        .map(|c| s.read(&format!("run/charts/{c}.svg")))
        .collect();
    assert!(before == after, "redrawn charts differ");
    assert!(
        report == s.read("run/report.html"),
        "redrawn report differs"
    );
    let o = s.authsim(&["plot", "nowhere"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nowhere"), "{}", stderr(&o));
}

#[test]
fn no_charts_leaves_only_the_numbers_and_a_one_design_run_skips_the_sweep_and_tradeoff() {
    let s = Scratch::new("charts", "plain");
    s.write("scenario.toml", SCENARIO);
    assert!(
        s.authsim(&[
            "run",
            "scenario.toml",
            "--out",
            "bare",
            "--no-charts",
            "--quiet"
        ])
        .status
        .success()
    );
    assert!(!s.0.join("bare/charts").exists() && !s.0.join("bare/report.html").exists());
    assert!(
        s.authsim(&["run", "scenario.toml", "--out", "plain", "--quiet"])
            .status
            .success()
    );
    for chart in ["timeline", "load"] {
        assert!(
            s.0.join(format!("plain/charts/{chart}.png")).exists(),
            "{chart}"
        );
    }
    assert!(
        !s.0.join("plain/charts/sweep.png").exists(),
        "nothing was swept"
    );
    assert!(
        !s.0.join("plain/charts/tradeoff.png").exists(),
        "one design trades nothing off"
    );
    // A chart an earlier drawing left (one that no longer applies) goes with a
    // redraw; what else the folder holds stays.
    s.write("plain/charts/tradeoff.png", "stale");
    s.write("plain/charts/tradeoff.svg", "stale");
    s.write("plain/charts/notes.txt", "mine");
    assert!(s.authsim(&["plot", "plain"]).status.success());
    assert!(!s.0.join("plain/charts/tradeoff.png").exists());
    assert!(!s.0.join("plain/charts/tradeoff.svg").exists());
    assert!(s.0.join("plain/charts/timeline.png").exists());
    assert_eq!(s.read("plain/charts/notes.txt"), "mine");
}
