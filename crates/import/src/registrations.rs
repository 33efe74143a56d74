//! Which methods each user has, in the order a sign-in tries them: from the
//! registration report where given, else from the methods the user was seen
//! to use; a user with neither gets a marked default.

use authsim_core::scenario::Factor;
use authsim_signins::record::UserRegistration;
use authsim_signins::vocabulary::methods::{self, METHODS};

/// What a user is given when no method of theirs was seen or registered: the
/// most common registration (password and the Authenticator app's push).
pub const DEFAULT_MIX: [&str; 2] = ["password", FOR_MFA];

/// The second factor given to a user with a password only where MFA is required.
pub const FOR_MFA: &str = "authenticator_push";

/// Where a user's mix came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Report,
    Seen,
    Default,
}

/// `userPreferredMethodForSecondaryAuthentication` / `defaultMfaMethod`
/// values, as the scenario's method names.
fn preferred(value: &str) -> Option<&'static str> {
    let v = value.trim().to_ascii_lowercase();
    Some(match v.as_str() {
        "push" | "microsoftauthenticatorpush" => "authenticator_push",
        "oath" | "softwareonetimepasscode" | "appcode" => "authenticator_code",
        "sms" | "mobilephone" => "sms",
        "voicemobile" | "voicealternatemobile" | "voiceoffice" => "voice_call",
        "hardwareonetimepasscode" => "hardware_token",
        _ => return methods::registered(value).map(|m| m.name),
    })
}

/// `names` in the order a sign-in tries them: passwordless methods first,
/// then the password, then second factors with the preferred one first, each
/// group in the vocabulary's order. A user with a second factor but neither
/// a password nor a passwordless method is given the password (every
/// account has one).
pub fn ordered(names: &[&'static str], preferred_first: Option<&str>) -> Vec<&'static str> {
    let of = |f: Factor| {
        METHODS
            .iter()
            .filter(move |m| m.factor == f && names.contains(&m.name))
    };
    let mut out: Vec<&'static str> = of(Factor::Passwordless).map(|m| m.name).collect();
    let seconds: Vec<&'static str> = of(Factor::Second).map(|m| m.name).collect();
    if names.contains(&"password") || out.is_empty() {
        out.push("password");
    }
    if let Some(p) = seconds.iter().find(|s| Some(**s) == preferred_first) {
        out.push(p);
    }
    out.extend(seconds.iter().filter(|s| Some(**s) != preferred_first));
    out
}

/// A user's mix from the registration report: `methodsRegistered` mapped to
/// methods (unknown values skipped and counted), the password every account
/// has, the default MFA
/// method first among second factors.
pub fn from_report(r: &UserRegistration) -> (Vec<&'static str>, usize) {
    let mut known: Vec<&'static str> = r
        .methods
        .iter()
        .filter_map(|m| methods::registered(m).map(|k| k.name))
        .collect();
    let unknown = r.methods.len() - known.len();
    // The report lists no password: every account has one.
    known.push("password");
    let first = r.default_mfa_method.as_deref().and_then(preferred);
    (ordered(&known, first), unknown)
}

/// A user's mix from the methods seen in their successful steps; `None`
/// when none was seen.
pub fn from_seen(seen: &[&'static str]) -> Option<Vec<&'static str>> {
    (!seen.is_empty()).then(|| ordered(seen, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use authsim_signins::pseudonym::Pseudonym;

    #[test]
    fn passwordless_then_password_then_the_default_second_factor() {
        let r = UserRegistration {
            user: Pseudonym(1),
            user_type: None,
            methods: vec![
                "mobilePhone".into(),
                "microsoftAuthenticatorPush".into(),
                "fido2".into(),
                "x".into(),
            ],
            is_mfa_registered: None,
            is_passwordless_capable: None,
            default_mfa_method: Some("sms".into()),
        };
        let (mix, unknown) = from_report(&r);
        assert_eq!(mix, ["fido2_key", "password", "sms", "authenticator_push"]);
        assert_eq!(unknown, 1);
        assert_eq!(ordered(&["sms"], None), ["password", "sms"]);
        assert_eq!(from_seen(&[]), None);
    }
}
