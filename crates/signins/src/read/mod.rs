//! Reading an organisation's exports, streaming: sign-in logs in every shape
//! they come in (`sign_ins`), the registration report (`registrations`) and
//! conditional access policies (`policies`). The shape is found from the
//! content, never the name: gzip by its magic bytes, JSON by its first
//! character (`{` or `[`), CSV by its header. Memory stays flat in the
//! export's size: one record (a Graph page's `value` element, a JSON line,
//! a CSV row) is held at a time.
//!
//! Published quirks and what is done with them: a UTF-8 BOM is skipped;
//! duplicate keys in a JSON object: the LAST wins (as `serde_json::Map`
//! would insert; see `loose`); trailing commas, leading-zero numbers (`000`) and cut-off
//! documents are refused with line:column and a hint.

mod csv_rows;
mod fields;
mod graph;
mod input;
mod json;
mod loose;
mod policies;
mod registrations;
pub mod time;

use std::io::Read;
use std::path::Path;

use authsim_core::error::{Error, Located, Location};

use crate::record::{AccessPolicy, SignIn, UserRegistration};

/// What a reader read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadStats {
    /// The export's shape: "graph-json" (pages), "graph-jsonl" (records one a
    /// line), "azure-monitor-jsonl" (diagnostic records), "portal-csv",
    /// "siem-csv", "registrations-json", "registrations-csv", "policies-json";
    /// with "+gzip" where the file was gzipped.
    pub format: &'static str,
    /// Records delivered.
    pub records: u64,
    /// Records read but not delivered, by reason.
    pub set_aside: Vec<(String, u64)>,
    /// First and last `createdDateTime` delivered (seconds since the epoch).
    pub span: Option<(f64, f64)>,
    /// Records delivered with something worth knowing, by what: conflicts
    /// between `category` and `isInteractive`, defaults taken.
    pub notes: Vec<(String, u64)>,
}

impl ReadStats {
    fn count(list: &mut Vec<(String, u64)>, what: &str) {
        match list.iter_mut().find(|(w, _)| w == what) {
            Some((_, n)) => *n += 1,
            None => list.push((what.to_string(), 1)),
        }
    }
    pub(crate) fn set_aside(&mut self, why: &str) {
        Self::count(&mut self.set_aside, why);
    }
    pub(crate) fn note(&mut self, what: &str) {
        Self::count(&mut self.notes, what);
    }
    pub(crate) fn delivered(&mut self, time: f64) {
        self.records += 1;
        self.span = Some(match self.span {
            None => (time, time),
            Some((a, b)) => (a.min(time), b.max(time)),
        });
    }
}

/// Reads one sign-in export, whatever its shape: Graph page(s) (one page,
/// several concatenated, or a JSON array of pages), JSON lines of Graph
/// records, JSON lines of Azure Monitor diagnostic records (`properties`
/// holds the sign-in, `category` the table), the admin portal's CSV
/// download, the SIEM CSV (`SigninLogs` / `AADNonInteractiveUserSignInLogs`
/// columns, JSON text in cells); gzipped or not. `group_field` names the
/// field whose value goes into `SignIn::group` (a Graph dotted path such as
/// `location.countryOrRegion`, or a CSV column name).
pub fn sign_ins(
    path: &Path,
    group_field: Option<&str>,
    each: &mut dyn FnMut(SignIn),
) -> Result<ReadStats, Error> {
    sign_ins_from(open(path)?, path, group_field, each)
}

/// `sign_ins` from any reader; `name` is the file named in messages (and,
/// for the portal's CSV, a hint of which tab it was downloaded from).
pub fn sign_ins_from(
    reader: impl Read,
    name: &Path,
    group_field: Option<&str>,
    each: &mut dyn FnMut(SignIn),
) -> Result<ReadStats, Error> {
    input::read(reader, name, &mut |found, stats| match found {
        input::Found::Json(records) => graph::sign_ins(records, name, group_field, stats, each),
        input::Found::Csv(rows) => csv_rows::sign_ins(rows, name, group_field, stats, each),
    })
}

/// Reads the registration report (`userRegistrationDetails`): Graph JSON
/// page(s) or JSON lines, or a CSV with the Graph property names or the
/// portal's column titles.
pub fn registrations(
    path: &Path,
    each: &mut dyn FnMut(UserRegistration),
) -> Result<ReadStats, Error> {
    input::read(open(path)?, path, &mut |found, stats| {
        registrations::read(found, path, stats, each)
    })
}

/// Reads conditional access policies: one policy (`$entity`) or a list page.
pub fn policies(path: &Path) -> Result<(Vec<AccessPolicy>, ReadStats), Error> {
    let mut all = Vec::new();
    let stats = input::read(open(path)?, path, &mut |found, stats| {
        policies::read(found, path, stats, &mut |p| all.push(p))
    })?;
    Ok((all, stats))
}

fn open(path: &Path) -> Result<std::fs::File, Error> {
    std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// The error of a bad export: `file:line:column: message`.
pub(crate) fn bad(file: &Path, at: Option<(u64, u64)>, message: String) -> Error {
    Error::Import(Located {
        file: file.to_path_buf(),
        at: at.map(|(line, column)| Location {
            line: line as usize,
            column: column as usize,
        }),
        message,
    })
}

/// What to do about a sign-in export we cannot read.
pub(crate) const SIGN_IN_HINT: &str = "export the sign-ins again as JSON from Microsoft Graph \
(`GET /auditLogs/signIns`, or `Get-MgAuditLogSignIn`), as JSON lines from a diagnostic setting, \
or as CSV from the Entra admin center (Sign-in logs > Download) or Log Analytics";
