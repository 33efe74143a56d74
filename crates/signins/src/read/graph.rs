//! A sign-in record in Graph's shape (`signIn`, camelCase; what a Graph
//! page, a JSON line, a diagnostic record's `properties` and, once its
//! columns are renamed, a CSV row hold) to its normal form.
//!
//! Which kind of sign-in, by one precedence: `signInEventTypes` (Graph
//! beta), then the table (`category` of a diagnostic record, `Type` or
//! `Category` of a SIEM row, the portal tab), then `isInteractive`, then
//! interactive (Graph's `List signIns` returns interactive sign-ins unless
//! filtered). Where `isInteractive` disagrees with what decided, the record
//! is kept and the disagreement counted in `ReadStats::notes`.

use std::borrow::Cow;
use std::path::Path;

use super::fields::{as_group, at, flag, nested, one_of, squeeze, squeezes_to, text, whole};
use super::input::Json;
use super::json::{self, Record};
use super::loose::{Loose, Object};
use super::{ReadStats, SIGN_IN_HINT, bad, time};
use crate::pseudonym::Pseudonym;
use crate::record::{EventType, Requirement, SignIn, Step, Trust, UserType};
use authsim_core::error::Error;

/// Reads every sign-in of a JSON export.
pub(crate) fn sign_ins(
    json: Json<'_>,
    name: &Path,
    group_field: Option<&str>,
    stats: &mut ReadStats,
    each: &mut dyn FnMut(SignIn),
) -> Result<(), Error> {
    let head = group_field.map(|f| f.split('.').next().unwrap_or(f));
    let keep = |key: &str| kept(key) || head == Some(key);
    let pages = json::records(
        json,
        name,
        SIGN_IN_HINT,
        Some(&keep),
        &mut |record: Record| {
            let envelope = record
                .fields
                .get("properties")
                .is_some_and(Loose::is_object)
                || record.fields.contains_key("category");
            if stats.records == 0 && stats.set_aside.is_empty() {
                stats.format = match (record.in_page, envelope) {
                    (true, _) => "graph-json",
                    (false, true) => "azure-monitor-jsonl",
                    (false, false) => "graph-jsonl",
                };
            }
            let found = if envelope {
                from_envelope(&record.fields, group_field, stats)
            } else {
                let group = group_field.and_then(|f| as_group(at(&record.fields, f)));
                sign_in(&record.fields, None, stats).map(|s| SignIn { group, ..s })
            };
            let signin = found.map_err(|fault| {
                bad(
                    name,
                    Some((record.line, 1)),
                    format!(
                        "record {} (line {}): {fault}; {SIGN_IN_HINT}",
                        record.number, record.line
                    ),
                )
            })?;
            stats.delivered(signin.time);
            each(signin);
            Ok(())
        },
    )?;
    if pages.pages > 0 && pages.with_next_link == pages.pages {
        stats.note(
            "the last page names a next page (@odata.nextLink): the export may be incomplete",
        );
    }
    Ok(())
}

/// A diagnostic-settings record: the sign-in is in `properties`, the table
/// in `category`. Without `properties` (a test input with only `time` and
/// `category`), the envelope's `time` stands in for `createdDateTime`.
fn from_envelope(
    envelope: &Object<'_>,
    group_field: Option<&str>,
    stats: &mut ReadStats,
) -> Result<SignIn, String> {
    let table = text(envelope.get("category"));
    let empty = Object::default();
    let properties = match envelope.get("properties") {
        Some(Loose::Object(p)) => p,
        _ => {
            stats.note("diagnostic record without properties: the envelope's time taken");
            &empty
        }
    };
    let mut fields = Cow::Borrowed(properties);
    if properties.get("createdDateTime").is_none()
        && let Some(t) = envelope.get("time")
    {
        fields.to_mut().insert("createdDateTime", t.clone());
    }
    let group =
        group_field.and_then(|f| as_group(at(&fields, f)).or_else(|| as_group(at(envelope, f))));
    sign_in(&fields, table, stats).map(|s| SignIn { group, ..s })
}

/// The keys of a record (and of a diagnostic record's envelope) that
/// `sign_in` and `from_envelope` read; a JSON reader keeps only these (and
/// the group field's), skipping the rest unbuilt. A `match` (compared
/// inline, by length first): this runs for every key of every record.
fn kept(key: &str) -> bool {
    matches!(
        key,
        "appDisplayName"
            | "appId"
            | "authenticationDetails"
            | "authenticationProcessingDetails"
            | "authenticationRequirement"
            | "category"
            | "clientAppUsed"
            | "count"
            | "createdDateTime"
            | "deviceDetail"
            | "incomingTokenType"
            | "isInteractive"
            | "properties"
            | "resourceDisplayName"
            | "resultType"
            | "servicePrincipalId"
            | "servicePrincipalName"
            | "signInEventTypes"
            | "status"
            | "time"
            | "userId"
            | "userPrincipalName"
            | "userType"
    )
}

/// The normal form of one Graph-shaped record; `table` is the log it came
/// from where the export says so. `Err` says what is wrong with it.
pub(crate) fn sign_in(
    fields: &Object<'_>,
    table: Option<&str>,
    stats: &mut ReadStats,
) -> Result<SignIn, String> {
    let created = fields.get("createdDateTime");
    let time = match created {
        None | Some(Loose::Null) => return Err("no createdDateTime".to_string()),
        Some(Loose::Text(s)) => time::parse(s).ok_or_else(|| {
            format!("createdDateTime \"{s}\" is not a time (ISO 8601, or M/d/yyyy h:mm:ss AM)")
        })?,
        Some(other) => return Err(format!("createdDateTime {other} is not a time")),
    };
    let event = event_type(fields, table, stats);
    let workload = matches!(
        event,
        EventType::ServicePrincipal | EventType::ManagedIdentity
    );
    let user = match event {
        EventType::ServicePrincipal | EventType::ManagedIdentity => None,
        _ => text(fields.get("userId"))
            .or_else(|| text(fields.get("userPrincipalName")))
            .map(Pseudonym::of),
    };
    if user.is_none()
        && matches!(
            event,
            EventType::InteractiveUser | EventType::NonInteractiveUser
        )
    {
        stats.note("user sign-in without userId or userPrincipalName");
    }
    let device = fields.get("deviceDetail").map(|d| nested(Cow::Borrowed(d)));
    let device = device.as_deref().and_then(Loose::as_object);
    Ok(SignIn {
        time,
        user,
        user_type: text(fields.get("userType")).and_then(user_type),
        event,
        // A workload is its service principal (record.rs): several share
        // one client `appId`, each its own `servicePrincipalId`.
        app_id: match workload {
            true => text(fields.get("servicePrincipalId")).or_else(|| text(fields.get("appId"))),
            false => text(fields.get("appId")).or_else(|| text(fields.get("servicePrincipalId"))),
        }
        .map(String::from),
        app_name: text(fields.get("appDisplayName"))
            .or_else(|| text(fields.get("servicePrincipalName")))
            .map(String::from),
        resource: text(fields.get("resourceDisplayName")).map(String::from),
        client_app: text(fields.get("clientAppUsed")).map(String::from),
        error_code: error_code(fields, stats)?,
        requirement: text(fields.get("authenticationRequirement")).and_then(|r| {
            one_of(
                r,
                &[
                    ("singlefactorauthentication", Requirement::SingleFactor),
                    ("multifactorauthentication", Requirement::MultiFactor),
                ],
            )
        }),
        steps: steps(fields),
        trust: device.map(|d| trust(text(d.get("trustType")), stats)),
        compliant: device.and_then(|d| flag(d.get("isCompliant"))),
        cae: cae(fields),
        incoming_token: text(fields.get("incomingTokenType")).map(token_type),
        count: match whole(fields.get("count")) {
            None => 1,
            Some(n) if n >= 1 => u32::try_from(n).unwrap_or(u32::MAX),
            Some(n) => return Err(format!("count {n} is not a number of sign-ins")),
        },
        group: None,
    })
}

/// `userType`: "Member" / "Guest" (any case or spacing).
pub(crate) fn user_type(t: &str) -> Option<UserType> {
    one_of(
        t,
        &[("member", UserType::Member), ("guest", UserType::Guest)],
    )
}

fn event_type(fields: &Object<'_>, table: Option<&str>, stats: &mut ReadStats) -> EventType {
    let listed = at(fields, "signInEventTypes").and_then(|v| match v.as_ref() {
        Loose::List(kinds) => kinds.iter().find_map(|k| k.as_str().and_then(by_name)),
        _ => None,
    });
    let interactive = flag(fields.get("isInteractive"));
    let event = listed
        .or_else(|| table.and_then(by_table))
        .or(interactive.map(|i| {
            if i {
                EventType::InteractiveUser
            } else {
                EventType::NonInteractiveUser
            }
        }))
        .unwrap_or(EventType::InteractiveUser);
    if interactive.is_some_and(|i| i != (event == EventType::InteractiveUser)) {
        stats.note("isInteractive disagrees with the event type or table (the latter kept)");
    }
    event
}

/// A `signInEventTypes` value.
fn by_name(kind: &str) -> Option<EventType> {
    match kind {
        "interactiveUser" => Some(EventType::InteractiveUser),
        "nonInteractiveUser" => Some(EventType::NonInteractiveUser),
        "servicePrincipal" => Some(EventType::ServicePrincipal),
        "managedIdentity" => Some(EventType::ManagedIdentity),
        _ => None,
    }
}

/// A diagnostic `category` (`SignInLogs`, `NonInteractiveUserSignInLogs`,
/// `ServicePrincipalSignInLogs`, `MicrosoftServicePrincipalSignInLogs`,
/// `ManagedIdentitySignInLogs`) or Log Analytics table (`SigninLogs`,
/// `AADNonInteractiveUserSignInLogs`, `AADServicePrincipalSignInLogs`,
/// `AADManagedIdentitySignInLogs`), or the portal tab's name.
pub(crate) fn by_table(table: &str) -> Option<EventType> {
    let t = squeeze(table);
    let t = t.strip_prefix("aad").unwrap_or(&t);
    if t.contains("noninteractive") {
        Some(EventType::NonInteractiveUser)
    } else if t.contains("managedidentity") || t.starts_with("msi") {
        Some(EventType::ManagedIdentity)
    } else if t.contains("serviceprincipal") || t.starts_with("application") {
        Some(EventType::ServicePrincipal)
    } else if t.starts_with("signin") || t.starts_with("interactive") {
        Some(EventType::InteractiveUser)
    } else {
        None
    }
}

/// `status.errorCode`, else the envelope's or SIEM row's `resultType`.
fn error_code(fields: &Object<'_>, stats: &mut ReadStats) -> Result<u32, String> {
    let code = at(fields, "status.errorCode")
        .and_then(|c| whole(Some(&c)))
        .or_else(|| whole(fields.get("resultType")));
    match code {
        Some(c) => {
            u32::try_from(c).map_err(|_| format!("error code {c} is not a sign-in error code"))
        }
        None => {
            stats.note("no status.errorCode: taken as a success");
            Ok(0)
        }
    }
}

fn steps(fields: &Object<'_>) -> Vec<Step> {
    let Some(details) = at(fields, "authenticationDetails") else {
        return Vec::new();
    };
    let Loose::List(details) = details.as_ref() else {
        return Vec::new();
    };
    details
        .iter()
        .filter_map(|d| {
            Some(Step {
                method: text(d.get("authenticationMethod"))?.to_string(),
                succeeded: flag(d.get("succeeded")).unwrap_or(false),
            })
        })
        .collect()
}

/// `deviceDetail.trustType`: Graph's "Workplace Joined" / "AzureAD Joined" /
/// "Domain Joined", the portal's "Azure AD registered" / "Azure AD joined" /
/// "Hybrid Azure AD joined" and their "Microsoft Entra" renames.
fn trust(trust_type: Option<&str>, stats: &mut ReadStats) -> Trust {
    let Some(t) = trust_type.map(squeeze) else {
        return Trust::None;
    };
    if t.contains("hybrid") || t.contains("domain") {
        Trust::HybridJoined
    } else if t.contains("registered") || t.contains("workplace") {
        Trust::Registered
    } else if t.contains("joined") {
        Trust::Joined
    } else {
        stats.note("unknown deviceDetail.trustType: taken as no trust");
        Trust::None
    }
}

/// "Is CAE Token" (Graph) or "IsCAEToken" (Log Analytics) among
/// `authenticationProcessingDetails` (key/value pairs; a CSV cell holds
/// them as JSON text).
fn cae(fields: &Object<'_>) -> Option<bool> {
    let details = at(fields, "authenticationProcessingDetails")?;
    let Loose::List(pairs) = details.as_ref() else {
        return None;
    };
    pairs
        .iter()
        .find(|p| text(p.get("key")).is_some_and(|k| squeezes_to(k, "iscaetoken")))
        .and_then(|p| flag(p.get("value")))
}

/// `incomingTokenType` in the enum's spelling: "Primary Refresh Token" is
/// `primaryRefreshToken`, "SAML 2.0" is `saml20`; an enum value stays.
pub(crate) fn token_type(t: &str) -> String {
    if !t.contains(' ') {
        return t.to_string();
    }
    let mut out = String::new();
    for (i, word) in t.split_whitespace().enumerate() {
        let word: String = word.chars().filter(char::is_ascii_alphanumeric).collect();
        let mut chars = word.chars();
        if i == 0 {
            out.push_str(&word.to_ascii_lowercase());
        } else if let Some(c) = chars.next() {
            out.push(c.to_ascii_uppercase());
            out.push_str(&chars.as_str().to_ascii_lowercase());
        }
    }
    out
}
