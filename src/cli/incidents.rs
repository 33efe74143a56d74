//! `authsim incidents`: the identity provider's public incidents a scenario can
//! replay, as a table, as JSON, or one in full with the TOML to paste.

use super::emit;
use authsim::error::Error;
use authsim::scenario::duration::format_seconds;
use authsim::scenario::incidents::{INCIDENTS, Incident, find, unknown};

/// What a replay stands for, said wherever the incidents are shown.
const WORST_CASE: &str = "A replay takes the component down for every user for the whole window: \
where the incident hit only some tenants, regions or requests, that is the worst case for a tenant it hit.";

pub fn incidents(id: Option<&str>, json: bool) -> Result<(), Error> {
    let chosen: Vec<&Incident> = match id {
        Some(id) => vec![find(id).ok_or_else(|| Error::Usage(unknown(id)))?],
        None => INCIDENTS.iter().collect(),
    };
    if json {
        let list: Vec<_> = chosen.iter().map(|i| as_json(i)).collect();
        let document = serde_json::json!({ "replay": WORST_CASE, "incidents": list });
        return emit(&(serde_json::to_string_pretty(&document).expect("JSON serializes") + "\n"));
    }
    emit(&match chosen[..] {
        [one] if id.is_some() => in_full(one),
        _ => table(&chosen),
    })
}

/// The UTC window, "04:39-18:38", or "21:25-00:23 +1d" where it ends days later.
fn window(i: &Incident) -> String {
    let (start, end) = (i.start[10..].trim(), i.end[10..].trim());
    let minutes = |clock: &str| -> f64 {
        let (h, m) = clock.split_once(':').unwrap_or(("0", "0"));
        60.0 * h.parse::<f64>().unwrap_or(0.0) + m.parse::<f64>().unwrap_or(0.0)
    };
    let days = ((60.0 * minutes(start) + i.duration()) / 86_400.0).floor();
    match days {
        0.0 => format!("{start}-{end}"),
        _ => format!("{start}-{end} +{days}d"),
    }
}

fn as_json(i: &Incident) -> serde_json::Value {
    serde_json::json!({
        "id": i.id,
        "start_utc": i.start,
        "end_utc": i.end,
        "duration_minutes": i.duration() / 60.0,
        "component": i.component,
        "failed": i.failed,
        "scope": i.scope,
        "summary": i.summary,
        "source": i.source,
        "url": i.url,
    })
}

/// A row an incident, its scope and source on lines of their own beneath it,
/// so that the table stays within a terminal's width.
fn table(list: &[&Incident]) -> String {
    let header = [
        "id",
        "date",
        "UTC window",
        "duration",
        "component",
        "failed",
    ];
    let rows: Vec<[String; 6]> = list
        .iter()
        .map(|i| {
            [
                i.id.to_string(),
                i.start[..10].to_string(),
                window(i),
                format_seconds(i.duration()),
                i.component.to_string(),
                i.failed.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:w$}"))
            .collect();
        padded.join("  ").trim_end().to_string() + "\n"
    };
    let indent = " ".repeat(widths[0] + 2);
    let mut out = line(&header.map(String::from));
    for (row, i) in rows.iter().zip(list) {
        out.push_str(&line(row));
        let scope = wrapped(
            &format!("scope: {}", i.scope),
            WIDTH.saturating_sub(indent.len() + 2),
        );
        for (k, part) in scope.iter().enumerate() {
            let more = if k == 0 { "" } else { "  " };
            out.push_str(&format!("{indent}{more}{part}\n"));
        }
        // An address whole, however long.
        out.push_str(&format!("{indent}source: {}\n", i.url));
    }
    out.push('\n');
    for part in wrapped(WORST_CASE, WIDTH) {
        out.push_str(&format!("{part}\n"));
    }
    out.push_str("`authsim incidents ID` shows one in full, with the TOML to replay it.\n");
    out
}

/// The width the table's scope lines keep within.
const WIDTH: usize = 100;

/// `text` in lines of at most `width` characters, broken between words (a word
/// longer than that, an address, on a line of its own).
fn wrapped(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(last) if last.chars().count() + 1 + word.chars().count() <= width => {
                last.push(' ');
                last.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

fn in_full(i: &Incident) -> String {
    format!(
        "{id}: {failed}\n\
         window    {start} to {end} UTC ({duration})\n\
         component {component}\n\
         scope     {scope}\n\
         summary   {summary}\n\
         source    {source}\n          {url}\n\n\
         {WORST_CASE}\n\n\
         To replay it, add to the component (without `start`: at its own weekday and UTC \
         time of day, in the first week at or after the warm-up):\n\n\
         [components.{component}]\n\
         outages = [{{ incident = \"{id}\" }}]\n\n\
         or at a start of your choosing:\n\n\
         outages = [{{ incident = \"{id}\", start = \"7d {clock}\" }}]\n",
        id = i.id,
        failed = i.failed,
        start = i.start,
        end = i.end,
        duration = format_seconds(i.duration()),
        component = i.component,
        scope = i.scope,
        summary = i.summary,
        source = i.source,
        url = i.url,
        clock = &i.start[11..],
    )
}
