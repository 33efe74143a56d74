//! Charts a design review can trust, checked on every bundled scenario as a user
//! runs it: every design has pixels of its own, no text leaves the image or covers
//! other text, the difference chart's intervals are comparison.csv's, and the
//! trade-off calls efficient exactly the designs nothing beats on every objective.

mod common;
use authsim::montecarlo::metrics::Metric;
use authsim::report::chart::Figure;
use authsim::report::folder::RunFolder;
use authsim::report::{CHARTS_DIR, figures};
use common::bundled_scenarios;
use resvg::usvg;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

#[path = "charts_every_scenario/clearance.rs"]
mod clearance;
#[path = "charts_every_scenario/clumps.rs"]
mod clumps;

/// Every bundled scenario, run once for all the tests here.
fn runs() -> &'static [(String, PathBuf)] {
    static RUNS: OnceLock<Vec<(String, PathBuf)>> = OnceLock::new();
    RUNS.get_or_init(|| {
        let out = std::env::temp_dir().join(format!("authsim-charts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        bundled_scenarios()
            .iter()
            .map(|s| {
                let name = s.file_stem().unwrap().to_string_lossy().into_owned();
                let folder = out.join(&name);
                let status = Command::new(env!("CARGO_BIN_EXE_authsim"))
                    .args(["run", "--quiet", "--out"])
                    .arg(&folder)
                    .arg(s)
                    .status()
                    .unwrap();
                assert!(status.success(), "{name} runs");
                (name, folder)
            })
            .collect()
    })
}

fn drawn(folder: &Path) -> (RunFolder, Vec<Figure>) {
    let run = RunFolder::read(folder).unwrap();
    let figures = figures(&run).unwrap();
    (run, figures)
}

fn png(folder: &Path, name: &str) -> (u32, Vec<u8>) {
    let file = std::fs::File::open(folder.join(CHARTS_DIR).join(format!("{name}.png"))).unwrap();
    let mut reader = png::Decoder::new(file).read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    (info.width, pixels)
}

#[test]
fn every_design_has_pixels_no_other_design_covers() {
    for (name, folder) in runs() {
        let (_, figures) = drawn(folder);
        for figure in figures
            .iter()
            .filter(|f| f.layout.panels.iter().any(|p| !p.designs.is_empty()))
        {
            let (width, pixels) = png(folder, figure.name);
            for panel in &figure.layout.panels {
                let r = panel.rect;
                let mut own: BTreeMap<&str, usize> = BTreeMap::new();
                for y in r.y0 as u32..r.y1 as u32 {
                    for x in r.x0 as u32..r.x1 as u32 {
                        let i = 4 * (y * width + x) as usize;
                        let p = (pixels[i], pixels[i + 1], pixels[i + 2]);
                        let near = |c: (u8, u8, u8)| {
                            [(p.0, c.0), (p.1, c.1), (p.2, c.2)]
                                .iter()
                                .all(|(a, b)| a.abs_diff(*b) <= 20)
                        };
                        let mut matching = panel.designs.iter().filter(|(_, c)| near(*c));
                        if let (Some((design, _)), None) = (matching.next(), matching.next()) {
                            *own.entry(design.as_str()).or_default() += 1;
                        }
                    }
                }
                for (design, _) in &panel.designs {
                    let count = own.get(design.as_str()).copied().unwrap_or(0);
                    assert!(
                        count >= 20,
                        "{name}: {}: \"{design}\" shows in only {count} pixels of its own colour",
                        figure.name
                    );
                }
            }
        }
    }
}

/// Every text of an SVG, with its box as the renderer sets it with the bundled font.
fn text_boxes(svg: &str) -> Vec<usvg::Rect> {
    fn walk(group: &usvg::Group, boxes: &mut Vec<usvg::Rect>) {
        for node in group.children() {
            match node {
                usvg::Node::Group(g) => walk(g, boxes),
                usvg::Node::Text(_) => boxes.push(node.abs_bounding_box()),
                _ => {}
            }
        }
    }
    let mut options = usvg::Options::default();
    options.fontdb_mut().load_font_data(
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/DejaVuSans.ttf"))
            .unwrap(),
    );
    options.fontdb_mut().set_sans_serif_family("DejaVu Sans");
    let tree = usvg::Tree::from_str(svg, &options).unwrap();
    let mut boxes = Vec::new();
    walk(tree.root(), &mut boxes);
    boxes
}

#[test]
fn every_label_lies_inside_the_image_and_clear_of_the_others() {
    for (name, folder) in runs() {
        let (_, figures) = drawn(folder);
        for figure in &figures {
            let (w, h) = (figure.size.0 as f32, figure.size.1 as f32);
            let boxes = text_boxes(&figure.svg);
            assert!(
                boxes.len() > 10,
                "{name}: {}: its text is found",
                figure.name
            );
            for b in &boxes {
                assert!(
                    b.left() >= 0.0 && b.top() >= 0.0 && b.right() <= w && b.bottom() <= h,
                    "{name}: {}: a label at {b:?} leaves the {w}x{h} image",
                    figure.name
                );
            }
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    let dx = a.right().min(b.right()) - a.left().max(b.left());
                    let dy = a.bottom().min(b.bottom()) - a.top().max(b.top());
                    assert!(
                        dx <= 0.5 || dy <= 0.5,
                        "{name}: {}: labels at {a:?} and {b:?} overlap",
                        figure.name
                    );
                }
            }
        }
    }
}

/// A CSV file of a run folder as rows of named cells: the whole population's.
/// A cell of summary.csv or replications.csv: empty (NA) for a metric the
/// scenario does not model, which is 0 by construction.
fn na_is_zero(cell: &str) -> f64 {
    match cell {
        "" => 0.0,
        x => x.parse().unwrap(),
    }
}

fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .map(String::from)
                .zip(r.unwrap().iter().map(String::from))
                .collect::<BTreeMap<String, String>>()
        })
        .filter(|row| row["cohort"] == "all" && row["app"] == "all")
        .collect()
}

struct SvgText {
    x: f64,
    y: f64,
    size: f64,
    anchor: String,
    text: String,
}

/// The texts, two-point lines (stroke, width, ends) and filled shapes (fill, centre) of an SVG.
type Line = (String, f64, [(f64, f64); 2]);
/// Filled shapes: their fill and centre.
type Shape = (String, (f64, f64));

/// An SVG element's numeric attribute, zero where it has none.
fn num(n: &roxmltree::Node, a: &str) -> f64 {
    n.attribute(a)
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0)
}

/// A polyline's or polygon's points.
fn points(n: &roxmltree::Node) -> Vec<(f64, f64)> {
    n.attribute("points")
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|p| p.split_once(','))
        .map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap()))
        .collect()
}

fn svg_parts(svg: &str) -> (Vec<SvgText>, Vec<Line>, Vec<Shape>) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let mut texts = Vec::new();
    let mut lines = Vec::new();
    let mut shapes = Vec::new();
    for n in doc.descendants() {
        match n.tag_name().name() {
            "text" => texts.push(SvgText {
                x: num(&n, "x"),
                y: num(&n, "y"),
                size: num(&n, "font-size"),
                anchor: n.attribute("text-anchor").unwrap_or("").to_string(),
                text: n.text().unwrap_or("").trim().to_string(),
            }),
            "polyline" => {
                let p = points(&n);
                if p.len() == 2 {
                    lines.push((
                        n.attribute("stroke").unwrap_or("").to_string(),
                        num(&n, "stroke-width"),
                        [p[0], p[1]],
                    ));
                }
            }
            "polygon" => {
                let p = points(&n);
                let c = p.iter().fold((0.0, 0.0), |a, q| {
                    (a.0 + q.0 / p.len() as f64, a.1 + q.1 / p.len() as f64)
                });
                shapes.push((n.attribute("fill").unwrap_or("").to_string(), c));
            }
            "circle" => shapes.push((
                n.attribute("fill").unwrap_or("").to_string(),
                (num(&n, "cx"), num(&n, "cy")),
            )),
            _ => {}
        }
    }
    (texts, lines, shapes)
}

/// Reads each interval off the difference chart by its own axis ticks, and checks
/// it against comparison.csv, and that it is filled exactly where it excludes zero.
#[test]
fn the_difference_chart_draws_comparison_csv() {
    let mut checked = 0;
    for (name, folder) in runs() {
        let (run, figures) = drawn(folder);
        let Some(figure) = figures.iter().find(|f| f.name == "difference") else {
            assert!(
                run.variants.len() < 2,
                "{name}: a run with variants has a difference chart"
            );
            continue;
        };
        let expected: BTreeMap<(String, String), (f64, f64, f64, f64)> =
            csv_rows(&folder.join("comparison.csv"))
                .into_iter()
                .map(|r| {
                    let f = |k: &str| r[k].parse::<f64>().unwrap();
                    (
                        (r["variant"].clone(), r["metric"].clone()),
                        (
                            f("difference"),
                            f("ci_low"),
                            f("ci_high"),
                            f("baseline_mean"),
                        ),
                    )
                })
                .collect();
        let (texts, lines, shapes) = svg_parts(&figure.svg);
        let (w, h) = (figure.size.0 as f64, figure.size.1 as f64);
        let metric_titles: Vec<(&SvgText, Metric)> = texts
            .iter()
            .filter_map(|t| {
                Metric::ALL
                    .into_iter()
                    .find(|m| m.label() == t.text)
                    .map(|m| (t, m))
            })
            .collect();
        assert!(
            !metric_titles.is_empty(),
            "{name}: the difference chart names its metrics"
        );
        // Each metric's panel has a relative one to its right, captioned on the same line.
        let relative: Vec<(&SvgText, Metric)> = texts
            .iter()
            .filter(|t| t.text.starts_with("relative change"))
            .map(|t| {
                let (_, m) = metric_titles
                    .iter()
                    .filter(|(o, _)| o.y == t.y && o.x < t.x)
                    .max_by(|a, b| a.0.x.total_cmp(&b.0.x))
                    .unwrap_or_else(|| panic!("{name}: a relative panel beside its metric's"));
                (t, *m)
            })
            .collect();
        assert_eq!(
            relative.len(),
            metric_titles.len(),
            "{name}: a relative panel for every metric"
        );
        let titles: Vec<(&SvgText, Metric)> =
            metric_titles.iter().chain(&relative).copied().collect();
        for (title, metric) in &titles {
            let percent = title.text.starts_with("relative change");
            let base = expected[&(run.variants[1].clone(), metric.name().to_string())].3;
            if percent && base == 0.0 {
                assert_eq!(
                    title.text,
                    "relative change: the baseline is 0",
                    "{name}: {}",
                    metric.name()
                );
                continue;
            }
            let right = titles
                .iter()
                .filter(|(o, _)| o.y == title.y && o.x > title.x)
                .map(|(o, _)| o.x)
                .fold(w, f64::min);
            let bottom = titles
                .iter()
                .filter(|(o, _)| o.y > title.y)
                .map(|(o, _)| o.y)
                .fold(h, f64::min);
            let inside =
                |x: f64, y: f64| x >= title.x - 30.0 && x < right && y > title.y && y < bottom;
            let ticks: Vec<(f64, f64)> = texts
                .iter()
                .filter(|t| t.anchor == "middle" && inside(t.x, t.y))
                .filter_map(|t| {
                    t.text
                        .replace('\u{2212}', "-")
                        .parse::<f64>()
                        .ok()
                        .map(|v| (t.x, v))
                })
                .collect();
            let (a, b) = (ticks.first().unwrap(), ticks.last().unwrap());
            assert!(
                ticks.len() >= 2 && b.0 > a.0,
                "{name}: {}: its axis has ticks",
                metric.name()
            );
            let per_px = (b.1 - a.1) / (b.0 - a.0);
            let value = |x: f64| a.1 + (x - a.0) * per_px;
            for (variant, _) in run.variants.iter().skip(1).map(|v| (v, ())) {
                let row = texts
                    .iter()
                    .find(|t| {
                        t.text == *variant
                            && t.anchor == "start"
                            && t.y > title.y
                            && t.y < bottom
                            && t.size > 12.0
                    })
                    .unwrap_or_else(|| panic!("{name}: the row of {variant} is named"));
                let centre = row.y + row.size * 0.5;
                let bar = lines
                    .iter()
                    .find(|(_, width, p)| {
                        *width == 2.0
                            && p[0].1 == p[1].1
                            && (p[0].1 - centre).abs() < 8.0
                            && inside(p[0].0, p[0].1)
                    })
                    .unwrap_or_else(|| {
                        panic!("{name}: {}: {variant} has an interval", metric.name())
                    });
                let (diff, low, high, base) =
                    expected[&(variant.clone(), metric.name().to_string())];
                // The relative panel: the same as a percentage of the baseline's mean.
                let k = if percent { 100.0 / base } else { 1.0 };
                let (diff, low, high) = (diff * k, low * k, high * k);
                let (lo, hi) = (
                    value(bar.2[0].0.min(bar.2[1].0)),
                    value(bar.2[0].0.max(bar.2[1].0)),
                );
                let tol = 1.5 * per_px.abs();
                assert!(
                    (lo - low).abs() <= tol && (hi - high).abs() <= tol,
                    "{name}: {} of {variant} (relative: {percent}): drawn {lo}..{hi}, comparison.csv {low}..{high}",
                    metric.name(),
                );
                // The marker sits at the difference, not mid-interval.
                let mid = (a.0 + (diff - a.1) / per_px, bar.2[0].1);
                let filled = shapes
                    .iter()
                    .filter(|(_, c)| (c.0 - mid.0).hypot(c.1 - mid.1) < 9.0)
                    .any(|(fill, _)| *fill == bar.0);
                assert_eq!(
                    filled,
                    low > 0.0 || high < 0.0,
                    "{name}: {} of {variant}: filled iff it differs",
                    metric.name()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "{checked} intervals checked");
}

/// The trade-off names as efficient exactly the designs that no other design
/// matches on lockout hours, prompts, staleness and (where measured) exposure
/// and beats on one, worked out here from summary.csv.
#[test]
fn the_tradeoff_calls_efficient_only_designs_nothing_beats_on_every_objective() {
    for (name, folder) in runs() {
        let (run, figures) = drawn(folder);
        let means: BTreeMap<(String, String), f64> = csv_rows(&folder.join("summary.csv"))
            .into_iter()
            .map(|r| {
                (
                    (r["variant"].clone(), r["metric"].clone()),
                    na_is_zero(&r["mean"]),
                )
            })
            .collect();
        let exposure = run
            .variants
            .iter()
            .any(|v| means[&(v.clone(), "revocation_exposure_mean".into())] != 0.0);
        // Staleness wherever people sign in (a row in summary.csv) and it is not zero.
        let staleness = run.variants.iter().any(|v| {
            means
                .get(&(v.clone(), "policy_staleness_mean".into()))
                .is_some_and(|m| *m != 0.0)
        });
        let mut objectives = vec!["lockout_hours_per_1k_users", "prompts_per_user_day"];
        if staleness {
            objectives.push("policy_staleness_mean");
        }
        if exposure {
            objectives.push("revocation_exposure_mean");
        }
        let point = |v: &String| -> Vec<f64> {
            objectives
                .iter()
                .map(|m| means[&(v.clone(), m.to_string())])
                .collect()
        };
        let expected: Vec<&str> = run
            .variants
            .iter()
            .filter(|v| {
                let p = point(v);
                !run.variants.iter().any(|o| {
                    let q = point(o);
                    q.iter().zip(&p).all(|(a, b)| a <= b) && q.iter().zip(&p).any(|(a, b)| a < b)
                })
            })
            .map(String::as_str)
            .collect();
        // A trade-off where people's lockouts or prompts move and two designs differ.
        let points: Vec<Vec<f64>> = run.variants.iter().map(point).collect();
        let moved = run.variants.iter().any(|v| {
            means[&(v.clone(), "lockout_hours_per_1k_users".into())] != 0.0
                || means[&(v.clone(), "prompts_per_user_day".into())] != 0.0
        });
        let applies = moved && points.iter().any(|p| *p != points[0]);
        let Some(figure) = figures.iter().find(|f| f.name == "tradeoff") else {
            assert!(
                !applies,
                "{name}: a trade-off is drawn where designs differ"
            );
            continue;
        };
        assert!(applies, "{name}: no trade-off where designs trade nothing");
        let (texts, _, _) = svg_parts(&figure.svg);
        // The legend's note, wrapped over lines, ends its list of efficient designs with a full stop.
        let start = texts
            .iter()
            .position(|t| t.text.contains("Efficient: "))
            .unwrap_or_else(|| panic!("{name}: the trade-off says which designs are efficient"));
        let end = start
            + texts[start..]
                .iter()
                .position(|t| t.text.ends_with('.'))
                .unwrap();
        let note = texts[start..=end]
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let said: Vec<&str> = note
            .split("Efficient: ")
            .nth(1)
            .unwrap()
            .trim_end_matches('.')
            .split("; ")
            .collect();
        let words = texts
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(said, expected, "{name}: efficient designs");
        assert_eq!(
            words.contains(Metric::RevocationExposureMean.label()),
            exposure,
            "{name}: exposure is on the trade-off exactly where revocations are measured"
        );
    }
}

#[test]
fn the_report_speaks_the_scenarios_language() {
    let folder = &runs()
        .iter()
        .find(|(n, _)| n == "token-service-outage")
        .unwrap()
        .1;
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    for planner in [
        "3h07m",
        "mfa = &quot;every_sign_in&quot;",
        "kind = &quot;public_client&quot;",
        "scope = &quot;per_user&quot;",
        "set.policy.access_token_lifetime = &quot;8h&quot;",
        "metrics this scenario does not model",
    ] {
        assert!(html.contains(planner), "report.html lacks {planner}");
    }
    for internal in [
        "EverySignIn",
        "PublicClient",
        "PerUser",
        "3h7m",
        "[policy]; ",
    ] {
        assert!(!html.contains(internal), "report.html shows {internal}");
    }
    let series = std::fs::read_to_string(folder.join("timeseries.csv")).unwrap();
    assert!(
        series.contains(",2d 00:00,") && !series.contains(",2d,"),
        "midnight is labelled 2d 00:00"
    );
}

/// The whole population's summary.csv mean of `metric` for each design.
fn summary_means(folder: &Path, metric: &str) -> BTreeMap<String, f64> {
    csv_rows(&folder.join("summary.csv"))
        .into_iter()
        .filter(|r| r["metric"] == metric)
        .map(|r| (r["variant"].clone(), na_is_zero(&r["mean"])))
        .collect()
}

#[test]
fn denials_bars_are_each_designs_lockout_hours_in_summary_csv() {
    for (name, folder) in runs() {
        let (run, figures) = drawn(folder);
        let Some(figure) = figures.iter().find(|f| f.name == "denials-by-component") else {
            continue;
        };
        let totals = summary_means(folder, "lockout_hours_per_1k_users");
        // The left panel's segments: lockout hours per 1,000 users.
        let left = figure.layout.panels[0].rect;
        let mut scale: Option<f64> = None;
        // The longest bar first: its pixels per unit are the most exact.
        let mut designs: Vec<&String> = run.variants.iter().collect();
        designs.sort_by(|a, b| totals[*b].total_cmp(&totals[*a]));
        for v in designs {
            let label = run.label(v);
            let bar: Vec<_> = figure
                .layout
                .marks
                .iter()
                .filter(|m| m.design == label && m.rect.center().0 <= left.x1 + 0.5)
                .collect();
            let total = totals[v];
            let sum: f64 = bar.iter().map(|m| m.value).sum();
            assert!(
                (sum - total).abs() <= 1e-9 * total.max(1.0),
                "{name}: \"{v}\": its bar sums to {sum}, summary.csv says {total}"
            );
            // Drawn end to end from the axis, as long as its total on one scale.
            for pair in bar.windows(2) {
                assert!(
                    (pair[0].rect.x1 - pair[1].rect.x0).abs() <= 1.0,
                    "{name}: \"{v}\": segments abut"
                );
            }
            let end = bar.last().map_or(left.x0, |m| m.rect.x1);
            assert!(
                (bar[0].rect.x0 - left.x0).abs() <= 1.0,
                "{name}: \"{v}\" starts at the axis"
            );
            if total > 0.0 {
                let s = *scale.get_or_insert((end - left.x0) / total);
                assert!(
                    (end - left.x0 - s * total).abs() <= 1.5,
                    "{name}: \"{v}\": a bar {} px long for {total}, at {s} px each",
                    end - left.x0
                );
            }
        }
    }
}

/// The fixed outages and key events the scenario file lists, counted from its TOML.
fn scheduled_in(folder: &Path) -> usize {
    let text = std::fs::read_to_string(folder.join("scenario.resolved.toml")).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    let outages = |table: &str| -> usize {
        doc.get(table).and_then(|t| t.as_table()).map_or(0, |t| {
            t.values()
                .filter_map(|c| c.get("outages").and_then(|o| o.as_array()))
                .map(Vec::len)
                .sum()
        })
    };
    let keys = doc
        .get("signing_key_events")
        .and_then(|e| e.as_array())
        .map_or(0, Vec::len);
    outages("components") + outages("common_cause") + keys
}

#[test]
fn every_outage_drawn_is_labelled_inside_its_panel() {
    use authsim::report::chart::outages::windows;
    for (name, folder) in runs() {
        let (run, figures) = drawn(folder);
        let windows = windows(&run.scenario);
        let numbers: std::collections::BTreeSet<usize> = windows.iter().map(|w| w.number).collect();
        assert_eq!(
            numbers.len(),
            scheduled_in(folder),
            "{name}: every scheduled outage is numbered"
        );
        let first = run.series.values().next().unwrap().start_s[0];
        // Those that end after the first bucket starts are drawn.
        let drawn: std::collections::BTreeSet<usize> = windows
            .iter()
            .filter(|w| w.end >= first)
            .map(|w| w.number)
            .collect();
        for figure in figures.iter().filter(|f| !f.layout.outages.is_empty()) {
            let mut by_panel: Vec<(authsim::report::chart::text::Rect, Vec<usize>)> = Vec::new();
            for n in &figure.layout.outages {
                let (l, p) = (n.label, n.plot);
                assert!(
                    l.x0 >= p.x0 && l.x1 <= p.x1 && l.y1 <= p.y0 && l.y0 >= p.y0 - 60.0,
                    "{name}: {}: the label of {} at {l:?} leaves its panel {p:?}",
                    figure.name,
                    n.window.name
                );
                match by_panel.iter_mut().find(|(r, _)| *r == p) {
                    Some((_, ns)) => ns.push(n.window.number),
                    None => by_panel.push((p, vec![n.window.number])),
                }
            }
            for (_, mut named) in by_panel {
                named.sort();
                named.dedup();
                assert_eq!(
                    named,
                    drawn.iter().copied().collect::<Vec<_>>(),
                    "{name}: {}: a panel names every outage drawn",
                    figure.name
                );
            }
        }
    }
}

#[test]
fn the_distribution_chart_plots_replications_csv_where_failures_are_random() {
    for (name, folder) in runs() {
        let (run, figures) = drawn(folder);
        let text = std::fs::read_to_string(folder.join("scenario.resolved.toml")).unwrap();
        // Cycles written as an MTTF or as a promised availability.
        let random = text.contains("time_to_failure")
            || text
                .lines()
                .any(|l| l.trim_start().starts_with("availability ="));
        let distribution = figures.iter().find(|f| f.name == "distribution");
        assert_eq!(
            distribution.is_some(),
            random,
            "{name}: a distribution chart where failures are random"
        );
        let Some(figure) = distribution else {
            continue;
        };
        if !text.contains("outages = [") && !text.contains("signing_key_events") {
            assert!(
                !figures
                    .iter()
                    .any(|f| f.name == "timeline" || f.name == "load"),
                "{name}: no time series of means where every failure is random"
            );
        }
        let rows = csv_rows(&folder.join("replications.csv"));
        let metrics: std::collections::BTreeSet<&str> = figure
            .layout
            .marks
            .iter()
            .map(|m| m.what.as_str())
            .collect();
        assert!(!metrics.is_empty(), "{name}: the chart has points");
        for metric in metrics {
            for v in &run.variants {
                let values: Vec<f64> = rows
                    .iter()
                    .filter(|r| r["variant"] == *v && r["metric"] == metric)
                    .map(|r| na_is_zero(&r["value"]))
                    .collect();
                let points: Vec<f64> = figure
                    .layout
                    .marks
                    .iter()
                    .filter(|m| m.design == run.label(v) && m.what == metric)
                    .map(|m| m.value)
                    .collect();
                assert_eq!(
                    points.len(),
                    values.len(),
                    "{name}: {metric}: \"{v}\": a point per replication"
                );
                let max = |x: &[f64]| x.iter().copied().fold(f64::MIN, f64::max);
                assert_eq!(
                    max(&points),
                    max(&values),
                    "{name}: {metric}: \"{v}\": the worst replication"
                );
            }
        }
    }
}

/// Where failures are random, the exceedance chart marks each design's P50, P90
/// and P99 of each metric it shows at the nearest-rank order statistic of that
/// design's values in replications.csv, x_(ceil(n p)), recomputed here.
#[test]
fn the_exceedance_chart_marks_the_order_statistics_of_replications_csv() {
    for (name, folder) in runs() {
        let (run, figures) = drawn(folder);
        let exceedance = figures.iter().find(|f| f.name == "exceedance");
        assert_eq!(
            exceedance.is_some(),
            run.scenario.fails_at_random(),
            "{name}: an exceedance chart where failures are random"
        );
        let Some(figure) = exceedance else {
            continue;
        };
        let rows = csv_rows(&folder.join("replications.csv"));
        assert!(!figure.layout.marks.is_empty(), "{name}: marks");
        for mark in &figure.layout.marks {
            let (metric, p) = mark.what.split_once(" P").unwrap();
            let percent: usize = p.parse().unwrap();
            let variant = run
                .variants
                .iter()
                .find(|v| run.label(v) == mark.design)
                .unwrap();
            let mut values: Vec<f64> = rows
                .iter()
                .filter(|r| r["variant"] == *variant && r["metric"] == metric)
                .map(|r| na_is_zero(&r["value"]))
                .collect();
            values.sort_by(f64::total_cmp);
            let rank = (values.len() * percent).div_ceil(100);
            assert_eq!(
                mark.value,
                values[rank - 1],
                "{name}: {}: {}",
                mark.design,
                mark.what
            );
        }
    }
}
