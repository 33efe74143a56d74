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

/// The UTC window, "04:39-18:38", with the end's date where it is another day.
fn window(i: &Incident) -> String {
    let (start_day, start) = i.start.split_at(10);
    let (end_day, end) = i.end.split_at(10);
    match start_day == end_day {
        true => format!("{}-{}", start.trim(), end.trim()),
        false => format!("{}-{} {}", start.trim(), end_day, end.trim()),
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

fn table(list: &[&Incident]) -> String {
    let header = [
        "id",
        "date",
        "UTC window",
        "duration",
        "component",
        "failed",
        "scope",
        "source",
    ];
    let rows: Vec<[String; 8]> = list
        .iter()
        .map(|i| {
            [
                i.id.to_string(),
                i.start[..10].to_string(),
                window(i),
                format_seconds(i.duration()),
                i.component.to_string(),
                i.failed.to_string(),
                i.scope.to_string(),
                i.url.to_string(),
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
    let mut out = line(&header.map(String::from));
    for row in &rows {
        out.push_str(&line(row));
    }
    out.push_str(&format!(
        "\n{WORST_CASE}\n`authsim incidents ID` shows one in full, with the TOML to replay it.\n"
    ));
    out
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
