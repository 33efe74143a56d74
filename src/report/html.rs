//! report.html: one self-contained page for a design review: the scenario, the
//! tables, the charts inlined as SVG, and the run's provenance. No scripts, no
//! fetches: it opens in any browser offline.

use super::folder::RunFolder;
use super::ranking::{RANKED_BY, ranking};
use crate::error::Error;
use crate::export::numbers::rounded;
use crate::montecarlo::metrics::Metric;
use crate::scenario::{Distribution, FailureSchedule};
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn distribution(d: &Distribution) -> String {
    match d {
        Distribution::Exponential { mean } => format!("exponential, mean {mean}"),
        Distribution::Weibull { shape, scale } => format!("Weibull, shape {shape}, scale {scale}"),
        Distribution::Lognormal { median, sigma } => {
            format!("log-normal, median {median}, σ {sigma}")
        }
        Distribution::Fixed { value } => format!("fixed {value}"),
    }
}

fn schedule(s: FailureSchedule) -> String {
    let mut parts: Vec<String> = s
        .outages
        .iter()
        .map(|o| {
            let every = o.every.map_or(String::new(), |e| format!(", every {e}"));
            format!("down at {} for {}{every}", o.start, o.duration)
        })
        .collect();
    if let Some((ttf, ttr)) = s.cycle() {
        parts.push(format!(
            "fails after {}; repaired after {}",
            distribution(ttf),
            distribution(ttr)
        ));
    }
    if parts.is_empty() {
        "never fails".into()
    } else {
        parts.join("; ")
    }
}

/// A table that scrolls on its own when wide; no header row when `head` is empty.
fn table(out: &mut String, head: &[&str], rows: Vec<Vec<String>>) {
    let _ = write!(out, "<div class=\"wide\"><table>");
    if !head.is_empty() {
        let _ = write!(out, "<thead><tr>");
        for h in head {
            let _ = write!(out, "<th>{}</th>", esc(h));
        }
        let _ = write!(out, "</tr></thead>");
    }
    let _ = write!(out, "<tbody>");
    for row in rows {
        let _ = write!(out, "<tr>");
        for cell in row {
            let _ = write!(out, "<td>{cell}</td>");
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody></table></div>");
}

fn scenario_section(out: &mut String, data: &RunFolder) {
    let s = &data.scenario;
    let sim = &s.simulation;
    let p = &s.policy;
    let _ = writeln!(out, "<h2>Scenario</h2>");
    table(
        out,
        &["setting", "value"],
        vec![
            vec!["horizon".into(), esc(&sim.horizon.to_string())],
            vec!["warm-up".into(), esc(&sim.warmup.to_string())],
            vec!["time-series bucket".into(), esc(&sim.bucket.to_string())],
            vec![
                "access-token lifetime".into(),
                esc(&p.access_token_lifetime.to_string()),
            ],
            vec![
                "refresh-token inactivity".into(),
                esc(&p.refresh_token_inactivity.to_string()),
            ],
            vec![
                "sign-in frequency".into(),
                esc(&p.sign_in_frequency.to_string()),
            ],
            vec!["MFA".into(), esc(&format!("{:?}", p.mfa))],
            vec![
                "every token request needs".into(),
                esc(&p.token_requests_require.join(", ")),
            ],
        ],
    );
    let _ = writeln!(out, "<h3>Cohorts</h3>");
    let cohorts = s
        .cohorts
        .iter()
        .map(|(name, c)| {
            let regs: Vec<String> = c
                .registrations
                .iter()
                .map(|r| format!("{:.0}%: {}", r.share * 100.0, r.methods.join(" → ")))
                .collect();
            let a = &c.activity;
            vec![
                esc(name),
                c.users.to_string(),
                esc(&c.apps.join(", ")),
                esc(&regs.join("; ")),
                esc(&match a.every {
                    Some(every) => format!(
                        "{} {} (UTC{}), a call every {every} on the clock",
                        a.days, a.hours, a.utc_offset
                    ),
                    None => format!(
                        "{} {} (UTC{}), {} attempts/h per app",
                        a.days,
                        a.hours,
                        a.utc_offset,
                        a.poisson_rate().unwrap_or_default()
                    ),
                }),
            ]
        })
        .collect();
    table(
        out,
        &[
            "cohort",
            "users",
            "apps",
            "registered methods (in order of preference)",
            "activity",
        ],
        cohorts,
    );
    let _ = writeln!(out, "<h3>Methods and what they need</h3>");
    let methods = s
        .methods
        .iter()
        .map(|(name, m)| {
            vec![
                esc(name),
                esc(&format!("{:?}", m.factor)),
                esc(&m.requires.join(", ")),
            ]
        })
        .collect();
    table(out, &["method", "factor", "requires (all up)"], methods);
    let _ = writeln!(out, "<h3>Apps</h3>");
    let apps = s
        .apps
        .iter()
        .map(|(name, a)| {
            let early = match a.early_renewal() {
                Some((at, min_lifetime)) => format!("at {at} of tokens ≥ {min_lifetime}"),
                None => "no".into(),
            };
            let r = &a.retry;
            vec![
                esc(name),
                esc(&format!(
                    "{:?}{}",
                    a.kind,
                    if a.cae_capable { ", CAE-capable" } else { "" }
                )),
                esc(&early),
                esc(&format!(
                    "{} retries, backoff {}..{}, jitter {}",
                    r.attempts, r.backoff_base, r.backoff_cap, r.jitter
                )),
            ]
        })
        .collect();
    table(out, &["app", "kind", "early renewal", "retry"], apps);
    let _ = writeln!(out, "<h3>Failure schedules</h3>");
    let components = s
        .components
        .iter()
        .map(|(name, c)| {
            vec![
                esc(name),
                esc(&format!("{:?}", c.scope)),
                esc(&schedule(c.schedule())),
            ]
        })
        .chain(s.common_cause.iter().map(|(name, e)| {
            vec![
                esc(name),
                esc(&format!("common cause: {}", e.components.join(", "))),
                esc(&schedule(e.schedule())),
            ]
        }))
        .collect();
    table(out, &["component", "scope", "schedule"], components);
    if !s.variant.is_empty() || !s.sweep.is_empty() {
        let _ = writeln!(out, "<h3>Variants</h3>");
        let mut rows: Vec<Vec<String>> = s
            .variant
            .iter()
            .map(|v| {
                vec![
                    esc(&v.name),
                    format!(
                        "<code>{}</code>",
                        esc(&v.set.to_string().replace('\n', "; "))
                    ),
                ]
            })
            .collect();
        if !s.sweep.is_empty() {
            rows.push(vec![
                "sweep grid".into(),
                format!(
                    "<code>{}</code>",
                    esc(&s.sweep.to_string().replace('\n', "; "))
                ),
            ]);
        }
        table(out, &["variant", "overrides"], rows);
    }
}

fn results_section(out: &mut String, data: &RunFolder) {
    let _ = writeln!(
        out,
        "<h2>Results</h2><p>Mean over replications ± 95% half-width.</p>"
    );
    let metrics = Metric::ALL;
    let mut head = vec!["metric", "unit"];
    head.extend(data.variants.iter().map(String::as_str));
    let rows = metrics
        .iter()
        .map(|m| {
            let d = m.definition();
            [format!("<code>{}</code>", d.name), esc(d.unit)]
                .into_iter()
                .chain(data.variants.iter().map(|v| {
                    data.record(v, *m).map_or(String::new(), |r| {
                        let (mean, ci) = rounded(r.fields.mean, r.fields.ci95_half_width);
                        format!("{mean} ± {ci}")
                    })
                }))
                .collect()
        })
        .collect();
    table(out, &head, rows);
    if let Some(c) = &data.comparison {
        let _ = writeln!(
            out,
            "<h2>Difference from the baseline</h2><p>Paired by replication; {:.2}% intervals{}.</p>",
            c.ci_level * 100.0,
            if c.comparisons > 1 {
                format!(
                    " (Bonferroni for {} comparisons: 95% jointly)",
                    c.comparisons
                )
            } else {
                String::new()
            }
        );
        let others: Vec<&str> = data.variants.iter().skip(1).map(String::as_str).collect();
        let mut head = vec!["metric"];
        head.extend(&others);
        let rows = metrics
            .iter()
            .map(|m| {
                std::iter::once(format!("<code>{}</code>", m.name()))
                    .chain(others.iter().map(|v| {
                        c.results
                            .iter()
                            .find(|d| d.variant == *v && d.fields.metric == *m)
                            .map_or(String::new(), |d| {
                                let d = &d.fields;
                                let (diff, ci) = rounded(d.difference, d.ci_half_width);
                                let rel = d
                                    .relative_change
                                    .map_or(String::new(), |r| format!(" ({:+.1}%)", r * 100.0));
                                format!("{diff} ± {ci}{rel}")
                            })
                    }))
                    .collect()
            })
            .collect();
        table(out, &head, rows);
        ranking_section(out, c);
    }
}

/// The designs by how much they cut lockout hours, largest first.
fn ranking_section(out: &mut String, c: &crate::export::records::ComparisonDocument) {
    let ranked = ranking(c, RANKED_BY);
    if ranked.len() < 2 {
        return;
    }
    let _ = writeln!(
        out,
        "<h2>Designs ranked by change in <code>{}</code></h2><p>Largest cut first; paired differences, intervals as above.</p>",
        RANKED_BY.name()
    );
    let rows = ranked
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (diff, ci) = rounded(r.difference, r.half_width);
            let change = r
                .relative_change
                .map_or(String::new(), |x| format!(" ({:+.1}%)", 100.0 * x));
            vec![
                (i + 1).to_string(),
                esc(r.variant),
                format!("{diff} ± {ci}{change}"),
                if r.significant() { "yes" } else { "no" }.to_string(),
            ]
        })
        .collect();
    table(
        out,
        &["rank", "design", "difference", "interval excludes zero"],
        rows,
    );
}

/// Writes the page, inlining each chart's SVG.
pub fn write(data: &RunFolder, charts: &[(&str, PathBuf)], path: &Path) -> Result<(), Error> {
    let summary = &data.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>authsim: {}</title>\n<style>\
         body{{font-family:sans-serif;max-width:1300px;margin:2em auto;padding:0 1em;color:#222}}\
         table{{border-collapse:collapse;margin:0.5em 0 1.5em}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}\
         th{{background:#f3f3f3;overflow-wrap:anywhere;min-width:6em}}.wide{{overflow-x:auto}}svg{{max-width:100%;height:auto}}code{{font-size:0.95em}}</style></head><body>",
        esc(&data.title())
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(&data.title()));
    if !summary.description.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", esc(&summary.description));
    }
    let _ = writeln!(out, "<h2>Provenance</h2>");
    let command = if summary.command.is_empty() {
        "(not recorded)".to_string()
    } else {
        summary.command.join(" ")
    };
    table(
        &mut out,
        &[],
        vec![
            vec!["authsim version".into(), esc(&summary.authsim_version)],
            vec!["scenario".into(), esc(&summary.scenario)],
            vec!["seed".into(), summary.seed.to_string()],
            vec!["replications".into(), summary.replications.to_string()],
            vec!["command".into(), format!("<code>{}</code>", esc(&command))],
        ],
    );
    results_section(&mut out, data);
    let _ = writeln!(out, "<h2>Charts</h2>");
    for (title, svg) in charts {
        let text = std::fs::read_to_string(svg).map_err(|source| Error::Read {
            path: svg.clone(),
            source,
        })?;
        let body = text.find("<svg").map_or(text.as_str(), |i| &text[i..]);
        let _ = writeln!(out, "<h3>{}</h3>\n{body}", esc(title));
    }
    scenario_section(&mut out, data);
    let _ = writeln!(out, "</body></html>");
    let tmp = path.with_extension("html.tmp");
    let written = std::fs::write(&tmp, out)
        .map_err(Error::write(&tmp))
        .and_then(|()| std::fs::rename(&tmp, path).map_err(Error::write(path)));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
