//! The registration report (`userRegistrationDetails`, Graph v1.0 and beta):
//! JSON page(s) or lines as Graph writes them, or a CSV whose columns are
//! Graph's property names or the admin center's titles ("User principal
//! name", "Methods registered", "Default MFA method"...), compared by their
//! letters and digits alone.

use std::path::Path;

use authsim_core::error::Error;

use super::fields::{flag, squeeze, text};
use super::input::Found;
use super::json::{self, Record};
use super::loose::{Loose, Object, parse_owned};
use super::{ReadStats, bad, graph};
use crate::pseudonym::Pseudonym;
use crate::record::UserRegistration;
use crate::vocabulary::methods::preferred_as_registered;

const HINT: &str = "export the registration report again as JSON from Microsoft Graph \
(`GET /reports/authenticationMethods/userRegistrationDetails`) or as CSV from the Entra admin \
center (Authentication methods > User registration details > Download)";

pub(crate) fn read(
    found: Found<'_>,
    name: &Path,
    stats: &mut ReadStats,
    each: &mut dyn FnMut(UserRegistration),
) -> Result<(), Error> {
    // Records with `methodsRegistered`: a file with none is not this report
    // (a sign-in log has `id` and `userPrincipalName` too).
    let mut with_methods = 0u64;
    let mut deliver = |fields: &Object<'_>, stats: &mut ReadStats| {
        with_methods += u64::from(fields.get("methodsRegistered").is_some());
        match registration(fields) {
            Some(r) => {
                stats.records += 1;
                each(r);
            }
            None => stats.set_aside("no id or userPrincipalName"),
        }
    };
    match found {
        Found::Json(json) => {
            stats.format = "registrations-json";
            json::records(json, name, HINT, None, &mut |record: Record| {
                deliver(&record.fields, stats);
                Ok(())
            })?;
        }
        Found::Csv(csv) => {
            stats.format = "registrations-csv";
            let lines_before = csv.lines_before;
            let fault = |e: csv::Error| {
                let line = e.position().map(|p| p.line() + lines_before);
                bad(
                    name,
                    line.map(|l| (l, 1)),
                    format!("not a readable CSV: {e}; {HINT}"),
                )
            };
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(csv.reader);
            let keys: Vec<Option<&str>> = reader
                .headers()
                .map_err(fault)?
                .iter()
                .map(graph_key)
                .collect();
            if !keys
                .iter()
                .any(|k| matches!(k, Some("id" | "userPrincipalName")))
            {
                return Err(bad(
                    name,
                    Some((1 + lines_before, 1)),
                    format!(
                        "not a registration report: no `id` or `userPrincipalName` column; {HINT}"
                    ),
                ));
            }
            let mut row = csv::StringRecord::new();
            while reader.read_record(&mut row).map_err(fault)? {
                let fields = Object(
                    keys.iter()
                        .zip(row.iter())
                        .filter_map(|(k, cell)| Some(((*k)?.into(), Loose::text(cell))))
                        .collect(),
                );
                deliver(&fields, stats);
            }
        }
    }
    if with_methods == 0 {
        return Err(bad(
            name,
            None,
            format!(
                "not a registration report: none of its {} records has methodsRegistered \
                 (a sign-in log? give it to --sign-ins); {HINT}",
                stats.records
            ),
        ));
    }
    Ok(())
}

/// The Graph property a CSV column holds.
fn graph_key(title: &str) -> Option<&'static str> {
    Some(match squeeze(title).as_str() {
        "id" | "userid" | "objectid" => "id",
        "userprincipalname" => "userPrincipalName",
        "usertype" => "userType",
        "methodsregistered" => "methodsRegistered",
        "ismfaregistered" | "mfaregistered" | "multifactorauthenticationregistered" => {
            "isMfaRegistered"
        }
        "ispasswordlesscapable" | "passwordlesscapable" => "isPasswordlessCapable",
        "defaultmfamethod" => "defaultMfaMethod",
        "userpreferredmethodforsecondaryauthentication" => {
            "userPreferredMethodForSecondaryAuthentication"
        }
        _ => return None,
    })
}

fn registration(fields: &Object<'_>) -> Option<UserRegistration> {
    let user = text(fields.get("id")).or_else(|| text(fields.get("userPrincipalName")))?;
    Some(UserRegistration {
        user: Pseudonym::of(user),
        user_type: text(fields.get("userType")).and_then(graph::user_type),
        methods: methods(fields.get("methodsRegistered")),
        is_mfa_registered: flag(fields.get("isMfaRegistered")),
        is_passwordless_capable: flag(fields.get("isPasswordlessCapable")),
        default_mfa_method: text(fields.get("defaultMfaMethod"))
            .or_else(|| text(fields.get("userPreferredMethodForSecondaryAuthentication")))
            .and_then(preferred_as_registered)
            .map(String::from),
    })
}

/// `methodsRegistered`: a JSON list, or in a CSV cell a JSON list or names
/// separated by commas or semicolons.
fn methods(value: Option<&Loose<'_>>) -> Vec<String> {
    let owned;
    let value = match value {
        Some(Loose::Text(s)) if s.trim_start().starts_with('[') => {
            owned = parse_owned(s);
            owned.as_ref()
        }
        other => other,
    };
    match value {
        Some(Loose::List(items)) => items
            .iter()
            .filter_map(|i| text(Some(i)))
            .map(String::from)
            .collect(),
        Some(Loose::Text(s)) => s
            .split([',', ';'])
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
}
