//! The probe tests/browser.rs measures every report with (tests/browser/probe.js),
//! checked on a page made with one of each defect it looks for.

mod common;
use common::chromium::{chromium, probe};

/// The probe on a page made with one of each defect it looks for: it finds
/// each, where the page puts it (a 2000 px box at the body's 8 px margin ends at
/// 2008 px), and nothing else.
#[test]
fn the_probe_finds_each_defect_of_a_page_made_with_them() {
    let Some(chromium) = chromium("the_probe_finds_each_defect_of_a_page_made_with_them") else {
        return;
    };
    let scratch = common::Scratch::new("browser", "defects");
    let page = scratch.0.join("defects.html");
    std::fs::write(&page, include_str!("browser/defects.html")).unwrap();
    let (facts, console) = probe(&chromium, &page, "defects");
    let only = |key: &str| {
        let found = facts[key].as_array().unwrap();
        assert_eq!(found.len(), 1, "{key}: {found:?}");
        found[0].as_str().unwrap().to_string()
    };
    assert!(
        console.len() == 1 && console[0].contains("a console error"),
        "{console:?}"
    );
    assert!(only("errors").starts_with("failed to load <img> file://"));
    assert!(only("errors").ends_with("/missing.png"));
    assert!(only("past_edge").starts_with("<div id=\"wide\">"));
    assert!(only("past_edge").ends_with("reaches 2008 px"));
    assert!(facts["scroll_width"].as_f64() > facts["viewport"].as_f64());
    assert!(only("scrolls_sideways").starts_with("<div id=\"scroller\">"));
    assert!(only("scrolls_sideways").ends_with("is 600 px wide in 300 px"));
    assert!(only("cell_overflow").starts_with("<td id=\"narrow\">"));
    assert!(only("broken_words").starts_with("<td id=\"broken\">"));
    assert!(only("broken_words").contains("breaks \"Supercalifragilistic\""));
    assert!(only("dead_links").ends_with("-> #nowhere"));
    assert_eq!(facts["images"][0]["loaded"], false);
    assert_eq!(facts["svgs"].as_array().unwrap().len(), 1);
    assert_eq!(
        (&facts["svgs"][0]["width"], &facts["svgs"][0]["height"]),
        (&100.into(), &50.into())
    );
    let figures: Vec<(&str, bool)> = facts["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["id"].as_str().unwrap(), f["has_svg"] == true))
        .collect();
    assert_eq!(figures, [("chart-empty", false), ("chart-drawn", true)]);
    let summary = &facts["summary"];
    assert_eq!(summary["heading"], "Summary");
    assert!(summary["before_contents"] == true && summary["first_section"] == true);
    assert_eq!(
        facts["contents"]["links"],
        serde_json::json!(["Summary", "Top"])
    );
    let unlinked = facts["unlinked"].as_array().unwrap();
    assert_eq!(
        unlinked.len(),
        2,
        "the two figures, not the headings: {unlinked:?}"
    );
}
