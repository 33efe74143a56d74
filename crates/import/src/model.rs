//! The scenario an import infers, before it is written: every value with the
//! evidence behind it (or marked a default), in the words the comments carry.

/// A value and the comment it is written with.
#[derive(Debug, Clone, PartialEq)]
pub struct Noted<T> {
    pub value: T,
    pub note: String,
    /// Not in the exports: written with `# DEFAULT (not in the exports): `.
    pub default: bool,
}

impl<T> Noted<T> {
    pub fn seen(value: T, note: impl Into<String>) -> Noted<T> {
        Noted {
            value,
            note: note.into(),
            default: false,
        }
    }
    pub fn default(value: T, note: impl Into<String>) -> Noted<T> {
        Noted {
            value,
            note: note.into(),
            default: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Lines of the leading comment: what was read.
    pub header: Vec<String>,
    pub horizon_days: Noted<u32>,
    pub warmup_days: Noted<u32>,
    pub replications: Noted<u32>,
    pub seed: Noted<u64>,
    pub policy: PolicyOut,
    /// Method names written under `[methods]`, vocabulary order.
    pub methods: Vec<&'static str>,
    pub apps: Vec<AppOut>,
    pub cohorts: Vec<CohortOut>,
    /// Lines under the cohorts: what was read and not used.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyOut {
    pub lifetime_note: Vec<String>,
    pub sign_in_frequency: Noted<f64>,
    pub mfa: Noted<&'static str>,
    pub cae: Noted<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppOut {
    pub name: String,
    /// `public_client`, `web_app`, `managed_identity`, `client_secret`.
    pub kind: Noted<&'static str>,
    pub cae_capable: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CohortOut {
    pub name: String,
    pub workloads: bool,
    pub users: Noted<u32>,
    pub guest: bool,
    pub device: Option<Noted<bool>>,
    pub sign_in_frequency: Option<Noted<f64>>,
    /// (share, methods) and the evidence, shares adding up to 1.
    pub registrations: Vec<(f64, Vec<&'static str>)>,
    pub registrations_note: Vec<String>,
    pub apps: Vec<String>,
    /// Attempts per user per local hour of the week, Monday 00:00 first.
    pub attempts_by_hour: Vec<f64>,
    /// App name and weight, where more than one app.
    pub app_weights: Vec<(String, f64)>,
    pub utc_offset: Noted<f64>,
    pub activity_note: Vec<String>,
}
