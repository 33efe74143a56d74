//! One pass over the sign-in logs: what each user, each (user, app) pair and
//! each app showed, counted as the records stream by. Memory grows with users
//! and apps, not with records; no user is known but by pseudonym.

use crate::calendar::hour_of_week;
use crate::sketch::GapSketch;
use crate::summary::HOURS_OF_WEEK;
use authsim_signins::pseudonym::Pseudonym;
use authsim_signins::record::{EventType, Requirement, SignIn, Trust, UserType};
use authsim_signins::vocabulary::methods::{self, METHODS};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What one user showed across every sign-in.
#[derive(Debug, Clone, Default)]
pub struct UserSeen {
    pub guest: bool,
    /// Bit i: `METHODS[i]` in a successful authentication step.
    pub methods: u32,
    /// Seen on a registered, joined or hybrid-joined device.
    pub registered_device: bool,
    /// The `--group-by field:` value of the user's latest sign-in, and its time.
    pub group: Option<(f64, String)>,
    pub interactive: u64,
    pub mfa: u64,
}

impl UserSeen {
    pub fn methods(&self) -> impl Iterator<Item = &'static str> + '_ {
        METHODS
            .iter()
            .enumerate()
            .filter(|(i, _)| self.methods & (1 << i) != 0)
            .map(|(_, m)| m.name)
    }
}

/// Successful sign-ins of one user in one app (by hour of the week they are
/// counted in the second pass, `validity`): a fixed size, whatever the span.
#[derive(Debug, Clone, Default)]
pub struct PairSeen {
    pub interactive: u64,
    pub silent: u64,
    last_silent: Option<f64>,
    last_interactive: Option<f64>,
}

/// What one app (client application) showed.
#[derive(Debug, Clone, Default)]
pub struct AppSeen {
    /// `appDisplayName` as most recently seen, else the app id.
    pub label: String,
    pub browser: u64,
    pub other_client: u64,
    pub interactive: u64,
    pub silent: u64,
    pub cae_tokens: u64,
    pub gaps: GapSketch,
}

/// Workloads of one kind (service principals with their own credential, or
/// managed identities): how many, and their token requests by hour.
#[derive(Debug, Clone)]
pub struct WorkloadsSeen {
    pub identities: HashSet<Pseudonym>,
    pub hours: Vec<f64>,
    pub sign_ins: u64,
}

impl Default for WorkloadsSeen {
    fn default() -> Self {
        WorkloadsSeen {
            identities: HashSet::new(),
            hours: vec![0.0; HOURS_OF_WEEK],
            sign_ins: 0,
        }
    }
}

#[derive(Debug, Default)]
pub struct Aggregator {
    offset: f64,
    pub users: HashMap<Pseudonym, UserSeen>,
    pub pairs: HashMap<(Pseudonym, usize), PairSeen>,
    pub apps: Vec<AppSeen>,
    app_index: HashMap<String, usize>,
    /// Keyed by app kind: "client_secret", "managed_identity".
    pub workloads: BTreeMap<&'static str, WorkloadsSeen>,
    /// First and last sign-in kept.
    pub span: Option<(f64, f64)>,
    /// Records not counted, with why.
    pub set_aside: BTreeMap<&'static str, u64>,
    pub failed: u64,
    /// A `--group-by field:` value was in at least one record.
    pub group_seen: bool,
    /// Sign-ins a service failed (`validity::transient`), by user, app, local
    /// calendar hour (hours since 1970 at the offset) and error code: those
    /// hours are incidents, set aside from the activity fit.
    pub incidents: HashMap<(Pseudonym, usize, i64, u32), u64>,
    /// Gaps between a user-app's successive successful interactive sign-ins:
    /// the evidence on `sign_in_frequency`.
    pub interactive_gaps: GapSketch,
}

impl Aggregator {
    /// Local hours at `offset` seconds ahead of UTC.
    pub fn new(offset: f64) -> Aggregator {
        Aggregator {
            offset,
            ..Aggregator::default()
        }
    }

    pub fn add(&mut self, s: SignIn) {
        let n = u64::from(s.count.max(1));
        if s.error_code != 0 {
            self.failed += n;
        }
        match s.event {
            EventType::ServicePrincipal => self.workload("client_secret", &s, n),
            EventType::ManagedIdentity => self.workload("managed_identity", &s, n),
            EventType::InteractiveUser | EventType::NonInteractiveUser => match s.user {
                Some(user) => self.user(user, &s, n),
                None => {
                    *self
                        .set_aside
                        .entry("a user sign-in with no user")
                        .or_default() += n
                }
            },
        }
    }

    fn widen(&mut self, t: f64) {
        let (a, b) = self.span.unwrap_or((t, t));
        self.span = Some((a.min(t), b.max(t)));
    }

    fn workload(&mut self, kind: &'static str, s: &SignIn, n: u64) {
        let Some(id) = s.app_id.as_deref().or(s.app_name.as_deref()) else {
            *self
                .set_aside
                .entry("a workload sign-in with no app id")
                .or_default() += n;
            return;
        };
        self.widen(s.time);
        if s.error_code != 0 {
            return;
        }
        let w = self.workloads.entry(kind).or_default();
        w.identities.insert(Pseudonym::of(id));
        w.hours[hour_of_week(s.time, self.offset)] += n as f64;
        w.sign_ins += n;
    }

    fn user(&mut self, user: Pseudonym, s: &SignIn, n: u64) {
        self.widen(s.time);
        let interactive = s.event == EventType::InteractiveUser;
        let seen = self.users.entry(user).or_default();
        seen.guest |= s.user_type == Some(UserType::Guest);
        for step in s.steps.iter().filter(|step| step.succeeded) {
            if let Some(i) = methods::in_log(&step.method)
                .and_then(|m| METHODS.iter().position(|k| k.name == m.name))
            {
                seen.methods |= 1 << i;
            }
        }
        seen.registered_device |= s.trust.is_some_and(|t| t != Trust::None);
        if let Some(value) = s.group.as_deref().filter(|v| !v.trim().is_empty()) {
            self.group_seen = true;
            let later = seen
                .group
                .as_ref()
                .is_none_or(|(t, v)| (s.time, value) > (*t, v.as_str()));
            if later {
                seen.group = Some((s.time, value.trim().to_string()));
            }
        }
        if interactive && s.error_code == 0 {
            seen.interactive += n;
            if s.requirement == Some(Requirement::MultiFactor) {
                seen.mfa += n;
            }
        }
        if s.error_code != 0 {
            if crate::validity::transient(s.error_code) {
                let app = self.app(s);
                let hour = ((s.time + self.offset) / crate::calendar::HOUR).floor() as i64;
                *self
                    .incidents
                    .entry((user, app, hour, s.error_code))
                    .or_default() += n;
            }
            return;
        }
        let app = self.app(s);
        let a = &mut self.apps[app];
        match s.client_app.as_deref() {
            Some(c) if c.eq_ignore_ascii_case("browser") => a.browser += n,
            Some(_) => a.other_client += n,
            None => {}
        }
        if s.cae == Some(true) {
            a.cae_tokens += n;
        }
        let pair = self.pairs.entry((user, app)).or_default();
        if interactive {
            pair.interactive += n;
            a.interactive += n;
            if let Some(last) = pair.last_interactive {
                self.interactive_gaps.add((s.time - last).abs());
            }
            pair.last_interactive = Some(s.time);
        } else {
            pair.silent += n;
            a.silent += n;
            // Records come in any order: a gap is counted between records
            // in the order read, as the distance between them.
            if let Some(last) = pair.last_silent {
                a.gaps.add((s.time - last).abs());
            }
            pair.last_silent = Some(s.time);
        }
    }

    /// The app's key: its id, else its display name.
    fn key(s: &SignIn) -> &str {
        s.app_id
            .as_deref()
            .or(s.app_name.as_deref())
            .unwrap_or("unknown")
    }

    /// The index of an app this pass has seen (the second pass's lookup).
    pub fn app_of(&self, s: &SignIn) -> Option<usize> {
        self.app_index.get(Self::key(s)).copied()
    }

    /// The app's index: by app id, else by display name.
    fn app(&mut self, s: &SignIn) -> usize {
        let key = Self::key(s).to_string();
        let next = self.apps.len();
        let i = *self.app_index.entry(key.clone()).or_insert(next);
        if i == next {
            self.apps.push(AppSeen {
                label: key,
                ..AppSeen::default()
            });
        }
        if let Some(name) = s.app_name.as_deref().filter(|n| !n.trim().is_empty()) {
            self.apps[i].label = name.trim().to_string();
        }
        i
    }
}
