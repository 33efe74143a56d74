//! levers: four designs from 7 to 40 lockout hours beside two near 5,000. On a
//! linear axis they merge into one clump under one run-together name; the
//! trade-off gives such an axis decades (as summary.csv's ratio says), and every design is either apart from
//! every other or named together with those it touches.

use super::{drawn, num, points, runs, svg_parts};
use authsim::montecarlo::metrics::Metric;
use authsim::report::chart::look::look;

/// Markers nearer than this (pixels) cannot be told apart by eye.
const APART: f64 = 14.0;

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// Each closed outline's or circle's centre, with its colour: the markers.
fn markers(svg: &str) -> Vec<(String, (f64, f64))> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter_map(|n| {
            let stroke = n.attribute("stroke")?.to_string();
            match n.tag_name().name() {
                "circle" => Some((stroke, (num(&n, "cx"), num(&n, "cy")))),
                "polyline" => {
                    let p = points(&n);
                    // A closed outline repeats its first corner.
                    (p.len() > 3 && p[0] == p[p.len() - 1]).then(|| {
                        let k = (p.len() - 1) as f64;
                        let c = p[..p.len() - 1]
                            .iter()
                            .fold((0.0, 0.0), |a, q| (a.0 + q.0 / k, a.1 + q.1 / k));
                        (stroke, c)
                    })
                }
                _ => None,
            }
        })
        .collect()
}

#[test]
fn designs_near_zero_stand_apart_or_are_named_together() {
    let (_, folder) = runs().iter().find(|(n, _)| n == "levers").unwrap();
    let (run, figures) = drawn(folder);
    let figure = figures.iter().find(|f| f.name == "tradeoff").unwrap();
    let (texts, _, _) = svg_parts(&figure.svg);
    let marks = markers(&figure.svg);
    let names: Vec<String> = run.variants.iter().map(|v| run.label(v)).collect();
    let lockout: Vec<f64> = run
        .variants
        .iter()
        .map(|v| {
            run.record(v, Metric::LockoutHoursPer1kUsers)
                .unwrap()
                .fields
                .mean
        })
        .collect();
    for panel in &figure.layout.panels {
        let r = panel.rect;
        let within = |(x, y): (f64, f64)| x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1;
        let at: Vec<(f64, f64)> = (0..names.len())
            .map(|i| {
                let c = look(i).color;
                marks
                    .iter()
                    .find(|(s, p)| *s == hex((c.0, c.1, c.2)) && within(*p))
                    .unwrap_or_else(|| panic!("{}'s marker is drawn", names[i]))
                    .1
            })
            .collect();
        // The names inside this panel, as the groups they are written in.
        let groups: Vec<Vec<&str>> = texts
            .iter()
            .filter(|t| within((t.x, t.y)))
            .map(|t| t.text.split(" / ").collect())
            .filter(|g: &Vec<&str>| g.iter().all(|n| names.iter().any(|m| m == n)))
            .collect();
        for (i, a) in names.iter().enumerate() {
            let named: Vec<&Vec<&str>> =
                groups.iter().filter(|g| g.contains(&a.as_str())).collect();
            assert_eq!(named.len(), 1, "levers: {a} is named once in each panel");
            for (j, b) in names.iter().enumerate().filter(|(j, _)| *j != i) {
                let d = (at[i].0 - at[j].0).hypot(at[i].1 - at[j].1);
                assert!(
                    d >= APART || named[0].contains(&b.as_str()),
                    "levers: {a} and {b} are {d:.1} px apart and named apart"
                );
            }
        }
        // Lockout hours in decades: 10, 100 and 1000 evenly spaced up the axis.
        let tick = |v: &str| {
            texts
                .iter()
                .find(|t| t.text == v && t.x < r.x0 && t.y > r.y0 - 10.0 && t.y < r.y1 + 10.0)
                .unwrap_or_else(|| panic!("levers: a tick at {v}"))
                .y
        };
        let (y10, y100, y1000) = (tick("10"), tick("100"), tick("1000"));
        assert!(y10 > y100 && ((y10 - y100) - (y100 - y1000)).abs() <= 1.0);
        // The designs under 100 lockout hours (a few px apart on a linear axis to
        // 5,000) spread over the height their ratio takes in decades.
        let low: Vec<f64> = (0..names.len())
            .filter(|&i| lockout[i] < 100.0)
            .map(|i| at[i].1)
            .collect();
        let spread = low.iter().fold(f64::MIN, |a, b| a.max(*b))
            - low.iter().fold(f64::MAX, |a, b| a.min(*b));
        let least = lockout.iter().fold(f64::MAX, |a, b| a.min(*b));
        let most_low = lockout
            .iter()
            .filter(|m| **m < 100.0)
            .fold(0.0, |a: f64, b| a.max(*b));
        let expected = (most_low / least).log10() * (y10 - y100);
        assert!(
            low.len() >= 4,
            "levers: four designs under 100 lockout hours"
        );
        assert!(
            spread > 2.0 * APART && (spread - expected).abs() <= 6.0,
            "levers: the low designs spread {spread:.1} px, {expected:.1} by their ratio"
        );
    }
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.text == "lockout hours per 1,000 users, log scale")
            .count(),
        figure.layout.panels.len(),
        "levers: each panel's axis says it is logarithmic"
    );
}
