//! What an import found, for the import report: each source read, and per
//! cohort and app the sign-ins observed in each hour of the week against those
//! the fitted scenario expects. Aggregates only: no user appears in it.

/// Hours in a week: profiles run Monday 00:00 to Sunday 24:00, local time.
pub const HOURS_OF_WEEK: usize = 168;

#[derive(Debug, Clone, PartialEq)]
pub struct ImportSummary {
    /// The scenario file written, as the user named it.
    pub scenario: String,
    pub sources: Vec<Source>,
    pub cohorts: Vec<CohortFit>,
    /// What could not be inferred and was left a marked default, one line each.
    pub defaults: Vec<String>,
}

/// One file read.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// As given on the command line.
    pub file: String,
    /// What it was read as: "Graph signIn JSON", "SigninLogs CSV", "registration report"...
    pub format: String,
    pub records: u64,
    /// Records read but not used, with why ("service principal", "no user"...).
    pub set_aside: Vec<(String, u64)>,
    /// First and last `createdDateTime`, seconds since 1970 UTC (sign-in logs only).
    pub span: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CohortFit {
    pub name: String,
    pub users: u32,
    /// Local time's lead on UTC, hours, as written to the scenario.
    pub utc_offset_hours: f64,
    pub apps: Vec<AppFit>,
    /// The evidence lines the scenario's comments carry for this cohort.
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppFit {
    pub name: String,
    /// Sign-ins (interactive and non-interactive) per user in each local hour
    /// of the week, averaged over the weeks observed.
    pub observed: Vec<f64>,
    /// The same, as the fitted scenario expects them.
    pub fitted: Vec<f64>,
    /// The fitted use rate, attempts per user per hour, each hour of the week.
    pub uses: Vec<f64>,
    /// Weeks of log behind `observed` (fractional).
    pub weeks: f64,
}
