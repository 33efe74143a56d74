//! The table of contents: a link to every section and every chart, built from
//! the page's own headings so that no section can be left out of it and every
//! link has its target.

use std::fmt::Write;

/// Where a section's heading or a chart's figure starts, and where its title does.
const SECTION: (&str, &str) = ("<h2 id=\"", "</h2>");
const CHART: (&str, &str) = ("<figure id=\"", "</figcaption>");

/// One link: its target, its title (HTML) and whether it is a chart.
struct Entry<'a> {
    id: &'a str,
    title: &'a str,
    chart: bool,
}

/// The sections and charts of `body`, in order.
fn entries(body: &str) -> Vec<Entry<'_>> {
    let mut found = Vec::new();
    for ((open, close), chart) in [(SECTION, false), (CHART, true)] {
        for (at, _) in body.match_indices(open) {
            let rest = &body[at + open.len()..];
            let Some(id_end) = rest.find('"') else {
                continue;
            };
            let Some(end) = rest.find(close) else {
                continue;
            };
            // The title is what follows the opening tag (and a figure's caption tag).
            let inner = &rest[..end];
            let title = inner.rfind('>').map_or(inner, |i| &inner[i + 1..]);
            let title = match chart {
                true => title,
                false => inner.split_once('>').map_or(inner, |(_, t)| t),
            };
            found.push((
                at,
                Entry {
                    id: &rest[..id_end],
                    title,
                    chart,
                },
            ));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, e)| e).collect()
}

/// The `<nav id="contents">` of `body`: sections in order, each section's
/// charts listed under it.
pub fn nav(body: &str) -> String {
    let mut out = String::from("<nav id=\"contents\"><h2 id=\"contents-title\">Contents</h2><ol>");
    let (mut open, mut charts) = (false, false);
    for e in entries(body) {
        out += match (e.chart, charts) {
            (true, false) => "<ol>",
            (false, true) => "</li></ol></li>",
            _ if open => "</li>",
            _ => "",
        };
        (open, charts) = (true, e.chart);
        let _ = write!(out, "<li><a href=\"#{}\">{}</a>", e.id, e.title);
    }
    out += match (open, charts) {
        (true, true) => "</li></ol></li>",
        (true, false) => "</li>",
        _ => "",
    };
    out + "</ol></nav>\n"
}
