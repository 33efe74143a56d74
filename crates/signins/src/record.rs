//! One sign-in in normal form: what every reader produces, whatever the
//! export's shape (Graph page, JSON lines, diagnostic-settings envelope,
//! portal or SIEM CSV), and what the importer counts. Only what a scenario
//! can use is kept; names, addresses and locations are not.

use crate::pseudonym::Pseudonym;

/// What kind of sign-in, by the documented precedence: `signInEventTypes`,
/// then the SIEM table or diagnostic category, then `isInteractive`
/// (see docs/import.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventType {
    /// The user supplied a factor (or was asked to).
    InteractiveUser,
    /// A client used a refresh token or the device's primary refresh token on
    /// the user's behalf: a silent renewal.
    NonInteractiveUser,
    /// An app with its own credential (client secret, certificate).
    ServicePrincipal,
    ManagedIdentity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserType {
    Member,
    Guest,
}

/// `authenticationRequirement`: the most the sign-in needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Requirement {
    SingleFactor,
    MultiFactor,
}

/// `deviceDetail.trustType`, normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trust {
    /// No trust type given (empty, null or absent): an unregistered device.
    None,
    /// "Workplace Joined", "Azure AD registered".
    Registered,
    /// "AzureAD Joined", "Azure AD joined".
    Joined,
    /// "Domain Joined", "Hybrid Azure AD joined".
    HybridJoined,
}

/// One step of `authenticationDetails`.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The method as the log names it (`authenticationMethod`), trimmed:
    /// "Password", "Mobile app notification", "Text message", "Previously satisfied"...
    pub method: String,
    pub succeeded: bool,
}

/// One sign-in record, normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct SignIn {
    /// `createdDateTime`, seconds since 1970-01-01 00:00 UTC.
    pub time: f64,
    /// The user; `None` for service principals and managed identities.
    pub user: Option<Pseudonym>,
    pub user_type: Option<UserType>,
    pub event: EventType,
    /// `appId` (the client application), or for workloads the service
    /// principal's id; `app_name` is `appDisplayName` (or
    /// `servicePrincipalName`) where the export has it.
    pub app_id: Option<String>,
    pub app_name: Option<String>,
    /// `resourceDisplayName`.
    pub resource: Option<String>,
    /// `clientAppUsed`: "Browser", "Mobile Apps and Desktop clients", "Exchange ActiveSync"...
    pub client_app: Option<String>,
    /// `status.errorCode` (`ResultType` in SIEM tables): 0 for success.
    pub error_code: u32,
    pub requirement: Option<Requirement>,
    pub steps: Vec<Step>,
    pub trust: Option<Trust>,
    pub compliant: Option<bool>,
    /// The token issued is a CAE token ("Is CAE Token" in
    /// `authenticationProcessingDetails`); `None` where the export does not say.
    pub cae: Option<bool>,
    /// `incomingTokenType` normalised to the enum's spelling: `none`,
    /// `primaryRefreshToken`, `refreshToken`, `saml20`...
    pub incoming_token: Option<String>,
    /// How many sign-ins this record stands for: above 1 where an export
    /// aggregates repeated non-interactive sign-ins into one row.
    pub count: u32,
    /// The value of the field the planner groups users by
    /// (`--group-by field:NAME`: a Graph dotted path such as
    /// `location.countryOrRegion`, or a CSV column name); `None` where the
    /// record does not have it (or no field was named).
    pub group: Option<String>,
}

/// One user of the registration report (`userRegistrationDetails`).
#[derive(Debug, Clone, PartialEq)]
pub struct UserRegistration {
    pub user: Pseudonym,
    pub user_type: Option<UserType>,
    /// `methodsRegistered`, as Graph spells them: `microsoftAuthenticatorPush`,
    /// `mobilePhone`, `fido2`, `windowsHelloForBusiness`...
    pub methods: Vec<String>,
    pub is_mfa_registered: Option<bool>,
    pub is_passwordless_capable: Option<bool>,
    /// `defaultMfaMethod` (beta), or else
    /// `userPreferredMethodForSecondaryAuthentication`, in `defaultMfaMethod`'s
    /// spelling (`push` is `microsoftAuthenticatorPush`: see
    /// `vocabulary::methods::preferred_as_registered`); `None` for `none`.
    pub default_mfa_method: Option<String>,
}

/// Who a conditional access policy applies to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets {
    /// `All` is among the included users.
    pub all_users: bool,
    /// `GuestsOrExternalUsers` is among the included users (or guests by type).
    pub guests: bool,
    /// Excluded guests.
    pub guests_excluded: bool,
    /// Named users, groups and roles included (ids): the policy covers part
    /// of the organisation the logs cannot place.
    pub named: usize,
    /// Apps: `All`, or the app ids named.
    pub all_apps: bool,
    pub apps: Vec<String>,
    pub excluded_apps: Vec<String>,
    /// Conditions that narrow the policy to some sign-ins (`signInRiskLevels`,
    /// `clientAppTypes` other than `all`, `platforms`, `locations`...) or
    /// exclude named users: it is not a tenant-wide rule.
    pub narrowed_by: Vec<String>,
}

/// A conditional access policy, as far as a scenario can use it.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessPolicy {
    pub name: String,
    /// `state`: "enabled"; "enabledForReportingButNotEnforced" and
    /// "disabled" policies are read but do not act.
    pub enforced: bool,
    pub targets: Targets,
    /// Grant controls; `all_of` where the operator is AND.
    pub mfa: bool,
    pub compliant_device: bool,
    pub joined_device: bool,
    pub block: bool,
    pub all_of: bool,
    /// `sessionControls.signInFrequency`, in seconds, where enabled.
    pub sign_in_frequency: Option<f64>,
    /// `sessionControls.persistentBrowser`: "always" or "never".
    pub persistent_browser: Option<String>,
}
