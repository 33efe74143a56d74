//! Sign-in methods three ways: the scenario's `[methods.NAME]`, the
//! `authenticationMethod` of a log's `authenticationDetails` step, and the
//! registration report's `methodsRegistered`. Sources: the Graph
//! `authenticationDetail` (beta, `authenticationMethod`: "Password", "SMS",
//! "Voice", "Authenticator App", "Software OATH token", "Satisfied by token",
//! "Previously satisfied"), `userRegistrationDetails` (v1.0 and beta:
//! `methodsRegistered` "such as `mobilePhone`, `email`, `fido2`,
//! `passKeyDeviceBound`"; beta `defaultMfaMethod`; the
//! `userDefaultAuthenticationMethod` enum) and `usageAuthMethod` (beta: the
//! registered-method names `fido2SecurityKey`, `passKeyDeviceBoundWindowsHello`
//! ...) reference pages of microsoftgraph/microsoft-graph-docs-contrib; the
//! portal's display strings ("Text message", "Mobile app notification") as
//! the sign-in logs show them (see docs/import.md).

use authsim_core::scenario::Factor;

/// A known sign-in method.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KnownMethod {
    /// The `[methods]` name the importer writes and the writer recognises.
    pub name: &'static str,
    pub factor: Factor,
    /// `authenticationMethod` values a log shows for it; the first is the one
    /// a simulated log writes.
    pub in_log: &'static [&'static str],
    /// `methodsRegistered` values of the registration report.
    pub registered: &'static [&'static str],
}

pub const METHODS: &[KnownMethod] = &[
    KnownMethod {
        name: "password",
        factor: Factor::First,
        in_log: &["Password", "Password in the cloud"],
        registered: &[],
    },
    KnownMethod {
        name: "authenticator_push",
        factor: Factor::Second,
        in_log: &[
            "Mobile app notification",
            "Authenticator App",
            "Microsoft Authenticator App",
        ],
        registered: &["microsoftAuthenticatorPush"],
    },
    KnownMethod {
        name: "authenticator_code",
        factor: Factor::Second,
        in_log: &[
            "Mobile app verification code",
            "OATH verification code",
            "Software OATH token",
            "App Verification code",
        ],
        registered: &["softwareOneTimePasscode"],
    },
    KnownMethod {
        name: "sms",
        factor: Factor::Second,
        in_log: &["Text message", "SMS"],
        registered: &["mobilePhone"],
    },
    KnownMethod {
        name: "voice_call",
        factor: Factor::Second,
        in_log: &["Phone call", "Voice"],
        registered: &["alternateMobilePhone", "officePhone"],
    },
    KnownMethod {
        name: "hardware_token",
        factor: Factor::Second,
        in_log: &["Hardware OATH token"],
        registered: &["hardwareOneTimePasscode"],
    },
    KnownMethod {
        name: "authenticator_passwordless",
        factor: Factor::Passwordless,
        in_log: &[
            "Passwordless phone sign-in",
            "Microsoft Authenticator (passwordless)",
        ],
        registered: &["microsoftAuthenticatorPasswordless"],
    },
    KnownMethod {
        name: "fido2_key",
        factor: Factor::Passwordless,
        in_log: &["FIDO2 security key", "Passkey (device-bound)", "FIDO"],
        registered: &[
            "fido2",
            "fido2SecurityKey",
            "passKeyDeviceBound",
            "passKeyDeviceBoundAuthenticator",
        ],
    },
    KnownMethod {
        name: "windows_hello",
        factor: Factor::Passwordless,
        in_log: &["Windows Hello for Business"],
        registered: &["windowsHelloForBusiness", "passKeyDeviceBoundWindowsHello"],
    },
    KnownMethod {
        name: "certificate",
        factor: Factor::Passwordless,
        in_log: &["X.509 Certificate", "Certificate"],
        registered: &["certificateBasedAuthentication"],
    },
];

/// Steps that are not a method used now: an earlier sign-in's MFA claim, a
/// device's token. A log shows them where no factor was asked for.
pub const SATISFIED_EARLIER: &[&str] = &[
    "Previously satisfied",
    "Satisfied by token",
    "Claim in the token",
];

/// The known method a log's `authenticationMethod` names (case and blanks do
/// not matter).
pub fn in_log(method: &str) -> Option<&'static KnownMethod> {
    let m = method.trim();
    METHODS
        .iter()
        .find(|k| k.in_log.iter().any(|l| l.eq_ignore_ascii_case(m)))
}

/// The known method a `methodsRegistered` value names.
pub fn registered(value: &str) -> Option<&'static KnownMethod> {
    let v = value.trim();
    METHODS
        .iter()
        .find(|k| k.registered.iter().any(|r| r.eq_ignore_ascii_case(v)))
}

/// `userPreferredMethodForSecondaryAuthentication` and
/// `systemPreferredAuthenticationMethods` use the `userDefaultAuthenticationMethod`
/// enum (`push`, `oath`, `voiceMobile`, `voiceAlternateMobile`,
/// `voiceOffice`, `sms`, `none`), not the `methodsRegistered` names that
/// beta's `defaultMfaMethod` uses (`mobilePhone`, `alternateMobilePhone`,
/// `officePhone`, `microsoftAuthenticatorPush`, `softwareOneTimePasscode`,
/// `none`). The `defaultMfaMethod` spelling of a preferred method, so a
/// registration reads alike from v1.0 and beta; `None` for `none` and for
/// a value neither enum has. `oath` is taken as the software token, the
/// one `defaultMfaMethod` can name; a name already in the
/// `defaultMfaMethod` spelling stays.
pub fn preferred_as_registered(value: &str) -> Option<&'static str> {
    const PAIRS: &[(&str, &str)] = &[
        ("push", "microsoftAuthenticatorPush"),
        ("oath", "softwareOneTimePasscode"),
        ("sms", "mobilePhone"),
        ("voiceMobile", "mobilePhone"),
        ("voiceAlternateMobile", "alternateMobilePhone"),
        ("voiceOffice", "officePhone"),
        ("mobilePhone", "mobilePhone"),
        ("alternateMobilePhone", "alternateMobilePhone"),
        ("officePhone", "officePhone"),
        ("microsoftAuthenticatorPush", "microsoftAuthenticatorPush"),
        ("softwareOneTimePasscode", "softwareOneTimePasscode"),
    ];
    let v = value.trim();
    PAIRS
        .iter()
        .find(|(from, _)| from.eq_ignore_ascii_case(v))
        .map(|(_, to)| *to)
}

/// The known method of a scenario's method name.
pub fn by_name(name: &str) -> Option<&'static KnownMethod> {
    METHODS.iter().find(|k| k.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_names_one_method() {
        let mut seen = std::collections::HashSet::new();
        for k in METHODS {
            for s in k.in_log.iter().chain(k.registered) {
                assert!(seen.insert(s.to_ascii_lowercase()), "{s} twice");
            }
            assert_eq!(in_log(k.in_log[0]).unwrap().name, k.name);
        }
        assert_eq!(in_log(" text MESSAGE ").unwrap().name, "sms");
        assert_eq!(registered("mobilePhone").unwrap().name, "sms");
        assert!(in_log("Previously satisfied").is_none());
    }

    #[test]
    fn every_documented_log_method_is_known_or_satisfied_earlier() {
        // authenticationDetail.authenticationMethod's documented values.
        for m in [
            "Password",
            "SMS",
            "Voice",
            "Authenticator App",
            "Software OATH token",
        ] {
            assert!(in_log(m).is_some(), "{m}");
        }
        for m in ["Satisfied by token", "Previously satisfied"] {
            assert!(SATISFIED_EARLIER.contains(&m) && in_log(m).is_none(), "{m}");
        }
    }

    #[test]
    fn preferred_methods_read_as_registered_ones() {
        // Every defaultMfaMethod value but `none` is a registered method.
        for d in [
            "mobilePhone",
            "alternateMobilePhone",
            "officePhone",
            "microsoftAuthenticatorPush",
            "softwareOneTimePasscode",
        ] {
            assert_eq!(preferred_as_registered(d), Some(d));
            assert!(registered(d).is_some(), "{d}");
        }
        assert_eq!(
            preferred_as_registered("push"),
            Some("microsoftAuthenticatorPush")
        );
        assert_eq!(preferred_as_registered("voiceOffice"), Some("officePhone"));
        assert_eq!(
            registered(preferred_as_registered("sms").unwrap())
                .unwrap()
                .name,
            "sms"
        );
        assert_eq!(preferred_as_registered("none"), None);
    }
}
