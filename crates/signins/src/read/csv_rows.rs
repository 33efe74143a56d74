//! Sign-in CSVs, row by row: the Log Analytics export of `SigninLogs` /
//! `AADNonInteractiveUserSignInLogs` ("SIEM": PascalCase columns, nested
//! objects as JSON text, ` [UTC]` header suffixes, `X_dynamic`/`X_string`
//! twins, `TRUE`, empty for null) and the Entra admin center's download
//! ("portal": "Date (UTC)", "Request ID", "User ID", "Application", "Status",
//! "Sign-in error code", "Join Type", "Compliant"...). Each row is renamed
//! into Graph's shape and read by `graph::sign_in`, so one set of rules
//! reads every export.

use std::path::Path;

use authsim_core::error::Error;

use super::fields::{as_group, at, json_text};
use super::graph;
use super::input::Csv;
use super::loose::{Loose, Object};
use super::{ReadStats, SIGN_IN_HINT, bad};
use crate::record::SignIn;

/// Where a column's cells go in the Graph-shaped record.
#[derive(Debug, Clone)]
enum Target {
    /// A top-level key; a cell holding JSON is read as JSON.
    Key(String),
    /// `parent.key`; the parent object exists once the column does.
    Nested(&'static str, &'static str),
    /// The portal's time column; the zone its title names (" +02:00").
    Time(String),
    /// The portal's "Status" word: Success, Failure, Interrupted.
    StatusWord,
    MfaMethod,
    MfaResult,
    /// The table (`Type`, `Category`): which kind of sign-in.
    Table,
    Skip,
}

struct Shape {
    siem: bool,
    titles: Vec<String>,
    targets: Vec<Target>,
}

/// Reads every sign-in of a CSV export.
pub(crate) fn sign_ins(
    csv: Csv<'_>,
    name: &Path,
    group_field: Option<&str>,
    stats: &mut ReadStats,
    each: &mut dyn FnMut(SignIn),
) -> Result<(), Error> {
    let lines_before = csv.lines_before;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(csv.reader);
    let shape = Shape::of(
        reader
            .headers()
            .map_err(|e| csv_fault(name, &e, lines_before))?,
        name,
    )?;
    stats.format = if shape.siem { "siem-csv" } else { "portal-csv" };
    let tab = (!shape.siem)
        .then(|| {
            name.file_name()
                .and_then(|n| n.to_str())
                .and_then(graph::by_table)
        })
        .flatten();
    let mut row = csv::StringRecord::new();
    let mut number = 0u64;
    while reader
        .read_record(&mut row)
        .map_err(|e| csv_fault(name, &e, lines_before))?
    {
        number += 1;
        let line = row.position().map_or(0, |p| p.line()) + lines_before;
        let (fields, table) = shape.fields(&row);
        if fields.get("_unknownCode").is_some() {
            stats.set_aside(
                "portal row whose Status is not Success and that has no Sign-in error code",
            );
            continue;
        }
        let table = table.or_else(|| tab.map(|_| name.to_string_lossy().into_owned()));
        let group = group_field.and_then(|f| {
            let column = shape.titles.iter().position(|t| t.eq_ignore_ascii_case(f));
            column
                .and_then(|i| row.get(i))
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from)
                .or_else(|| as_group(at(&fields, f)))
        });
        let signin = graph::sign_in(&fields, table.as_deref(), stats).map_err(|fault| {
            bad(
                name,
                Some((line, 1)),
                format!("record {number} (line {line}): {fault}; {SIGN_IN_HINT}"),
            )
        })?;
        stats.delivered(signin.time);
        each(SignIn { group, ..signin });
    }
    Ok(())
}

fn csv_fault(name: &Path, e: &csv::Error, lines_before: u64) -> Error {
    let line = e.position().map(|p| p.line() + lines_before);
    bad(
        name,
        line.map(|l| (l, 1)),
        format!("not a readable CSV: {e}; {SIGN_IN_HINT}"),
    )
}

impl Shape {
    fn of(headers: &csv::StringRecord, name: &Path) -> Result<Shape, Error> {
        let titles: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
        let plain: Vec<String> = titles.iter().map(|t| siem_name(t)).collect();
        let siem = plain.iter().any(|p| p == "CreatedDateTime");
        let portal = titles
            .iter()
            .any(|t| t.to_ascii_lowercase().starts_with("date"))
            && titles.iter().any(|t| t.eq_ignore_ascii_case("Request ID"));
        if !siem && !portal {
            let shown: Vec<&str> = titles.iter().take(8).map(String::as_str).collect();
            return Err(bad(
                name,
                Some((1, 1)),
                format!(
                    "not a sign-in export: neither JSON (which starts with `{{` or `[`) nor a sign-in \
                     CSV; its first line has the columns {shown:?}, where a Log Analytics export of \
                     SigninLogs has `CreatedDateTime [UTC]`, `UserId`, `AppId`, `ResultType`... and \
                     the admin center's download has `Date (UTC)`, `Request ID`, `User ID`, \
                     `Application`, `Status`...; {SIGN_IN_HINT}"
                ),
            ));
        }
        let targets = if siem {
            plain.iter().map(|p| siem_target(p)).collect()
        } else {
            titles.iter().map(|t| portal_target(t)).collect()
        };
        Ok(Shape {
            siem,
            titles,
            targets,
        })
    }

    /// The row in Graph's shape, and the table it names.
    fn fields<'r>(&'r self, row: &'r csv::StringRecord) -> (Object<'r>, Option<String>) {
        let mut fields = Object::default();
        let mut table = None;
        let (mut word, mut method, mut result) = (None, None, None);
        for (target, cell) in self.targets.iter().zip(row.iter()) {
            let cell = cell.trim();
            match target {
                Target::Nested(parent, key) => {
                    let object = fields.object_mut(parent);
                    if !cell.is_empty() {
                        object.insert(*key, Loose::text(cell));
                    }
                }
                _ if cell.is_empty() => {}
                Target::Key(key) => {
                    fields.insert(
                        key.as_str(),
                        json_text(cell).unwrap_or_else(|| Loose::text(cell)),
                    );
                }
                Target::Time(zone) => {
                    let has_zone =
                        cell.ends_with('Z') || cell.rfind(['+', '-']).is_some_and(|i| i > 10);
                    let text = if has_zone {
                        Loose::text(cell)
                    } else {
                        Loose::text(format!("{cell}{zone}"))
                    };
                    fields.insert("createdDateTime", text);
                }
                Target::StatusWord => word = Some(cell),
                Target::MfaMethod => method = Some(cell),
                Target::MfaResult => result = Some(cell),
                Target::Table => table = Some(cell.to_string()),
                Target::Skip => {}
            }
        }
        let code = fields
            .get("status")
            .and_then(|s| s.get("errorCode"))
            .is_some();
        if let Some(w) = word.filter(|_| !code) {
            if w.eq_ignore_ascii_case("success") {
                let code = Object(vec![("errorCode".into(), Loose::Number(0.into()))]);
                fields.insert("status", Loose::Object(code));
            } else {
                fields.insert("_unknownCode", Loose::Bool(true));
            }
        }
        if let Some(m) = method {
            let r = result.unwrap_or_default().to_ascii_lowercase();
            let ok = ["success", "completed", "satisfied", "approved"]
                .iter()
                .any(|w| r.contains(w));
            let step = Object(vec![
                ("authenticationMethod".into(), Loose::text(m)),
                ("succeeded".into(), Loose::Bool(ok)),
            ]);
            fields.insert(
                "authenticationDetails",
                Loose::List(vec![Loose::Object(step)]),
            );
        }
        (fields, table)
    }
}

/// A Log Analytics column's name without ` [UTC]` and `_dynamic`/`_string`.
fn siem_name(title: &str) -> String {
    let t = title.split(" [").next().unwrap_or(title).trim();
    let t = t
        .strip_suffix("_dynamic")
        .or_else(|| t.strip_suffix("_string"))
        .unwrap_or(t);
    t.to_string()
}

fn siem_target(column: &str) -> Target {
    match column {
        "Type" | "Category" => Target::Table,
        // `Location` is a 2-letter country; the object is `LocationDetails`.
        "Location" => Target::Key("locationCountry".into()),
        "LocationDetails" => Target::Key("location".into()),
        _ => {
            let mut chars = column.chars();
            match chars.next() {
                Some(c) => Target::Key(c.to_ascii_lowercase().to_string() + chars.as_str()),
                None => Target::Skip,
            }
        }
    }
}

fn portal_target(title: &str) -> Target {
    let t = title.to_ascii_lowercase();
    if let Some(zone) = t.strip_prefix("date") {
        // "Date (UTC)", "Date (UTC+02:00)": the zone the times are written in.
        let offset = zone
            .trim()
            .trim_start_matches('(')
            .trim_end_matches(')')
            .trim_start_matches("utc");
        return Target::Time(if offset.is_empty() {
            String::new()
        } else {
            format!(" {offset}")
        });
    }
    let key = |k: &str| Target::Key(k.to_string());
    match t.as_str() {
        "request id" => key("id"),
        "user id" => key("userId"),
        "username" => key("userPrincipalName"),
        "user type" => key("userType"),
        "application" => key("appDisplayName"),
        "application id" => key("appId"),
        "service principal id" => key("servicePrincipalId"),
        "service principal name" => key("servicePrincipalName"),
        "resource" => key("resourceDisplayName"),
        "resource id" => key("resourceId"),
        "client app" => key("clientAppUsed"),
        "authentication requirement" => key("authenticationRequirement"),
        "incoming token type" => key("incomingTokenType"),
        "interactive" | "is interactive" => key("isInteractive"),
        "count" | "sign-in count" | "sign-ins" => key("count"),
        "sign-in error code" => Target::Nested("status", "errorCode"),
        "compliant" => Target::Nested("deviceDetail", "isCompliant"),
        "managed" => Target::Nested("deviceDetail", "isManaged"),
        "join type" => Target::Nested("deviceDetail", "trustType"),
        "status" => Target::StatusWord,
        "multifactor authentication auth method" => Target::MfaMethod,
        "multifactor authentication result" => Target::MfaResult,
        _ => Target::Skip,
    }
}
