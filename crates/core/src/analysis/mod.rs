//! Dependency analysis without simulation: for each cohort and registration mix,
//! the fault tree of each path, its minimal cut sets, its single points of
//! failure, its availability over the cohort's working time from the components'
//! failure and repair means, and the classic importance of each basic event.
//! Where a delayed contingency rule or fallback switch bears on a path, the path
//! is analysed twice: before it takes effect and after.

pub mod bdd;
mod conditions;
mod events;
mod figures;
pub mod mef;
mod paths;
mod probability;
pub mod simulated;
pub mod tree;
mod warnings;

use crate::error::TooComplex;
use crate::model::World;
use crate::model::activity::WorkingWeek;
use crate::model::{CohortSpec, RegistrationSpec};
use crate::scenario::limits::{MAX_ANALYSED_PATHS, MAX_ANALYSED_WINDOWS, MAX_ANALYSIS_STEPS};
use paths::Paths;
use probability::Evaluator;
use serde::Serialize;
use tree::Tree;

/// What every figure assumes, for the output to state.
pub const ASSUMPTIONS: &[&str] = &[
    "basic events are independent: each component (each copy of a redundancy group) fails and is repaired on its own, and a common-cause event is an event of its own",
    "random failures are at their long-run share of time down: mean time to repair / (mean time to failure + mean time to repair)",
    "fixed outage windows count where they fall in the cohort's working hours of the measured period: availability is the share of the cohort's working time a path works",
    "a contingency rule is a path only while a component it watches is down, a fallback switch only while its method's path is down; one that never takes effect is no path",
    "a delayed rule or switch (after, decide_after plus propagation, over a second) is shown both ways: before it takes effect (no path) and after (a path while its condition holds); the truth lies between, nearer after where outages last long past the delay; a switch's return (switch_back) is left out",
    "a cut set may hold an event up (\"mfa_service up\"): a rule or switch that is a path only while that event is down makes the tree non-coherent, and its cut sets its prime implicants",
    "a single point of failure is an event whose failure alone, every other event up, stops the path",
    "an access is by a user with a session: a silent renewal, then the resource",
];

/// Cut sets longer than this are left out unless asked for.
pub const DEFAULT_ORDER: usize = 4;
/// The longest cut sets one may ask for: their number grows with C(n, order).
pub const MAX_ORDER: usize = 8;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Analysis {
    pub variant: String,
    pub mixes: Vec<Mix>,
    /// Each event whose failure alone stops some users' sign-in (in either view),
    /// with the share.
    pub single_points: Vec<SinglePoint>,
    pub warnings: Vec<String>,
    /// The rules and switches that take effect some time after their condition
    /// holds, in words: what a path's two views differ by.
    pub delayed: Vec<String>,
    pub events: Vec<EventSummary>,
    pub assumptions: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EventSummary {
    pub name: String,
    /// Over the whole measured period, as the exported fault trees have it.
    pub unavailability: f64,
    /// The components it takes down: its own, its group's, or a common cause's.
    pub components: Vec<String>,
}

/// Which view of a path a delayed contingency rule or fallback switch bears on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Delays {
    /// Before the delayed rules and switches take effect: none is a path (and
    /// a certificate method's cached revocation list still holds).
    Before,
    /// After they take effect: each a path while its condition holds.
    After,
}

impl Delays {
    pub fn name(self) -> &'static str {
        match self {
            Delays::Before => "before",
            Delays::After => "after",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Delays::Before => "before delayed rules, switches and CRL expiries take effect",
            Delays::After => "after delayed rules, switches and CRL expiries take effect",
        }
    }
}

/// One registration mix of a cohort.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Mix {
    pub cohort: String,
    /// Of the cohort's users.
    pub share: f64,
    pub users: f64,
    pub methods: Vec<String>,
    pub paths: Vec<PathAnalysis>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PathAnalysis {
    pub path: String,
    /// Where a delayed rule or switch bears on the path, which view this is; the
    /// path is listed once for each. `None` where none does.
    pub delays: Option<Delays>,
    /// Share of the cohort's working time in the measured period the path works
    /// (fixed windows where they fall).
    pub availability: f64,
    /// With each basic event at its average unavailability, independent: the
    /// top event of the exported fault tree.
    pub top_event_probability: f64,
    /// Prime implicants: events down, and "EVENT up" where the path fails only
    /// while that event works (a rule it would set off is then not in effect).
    pub cut_sets: Vec<Vec<String>>,
    /// Every cut set of up to this many events is listed: the order asked for,
    /// or less where listing that many would take too long.
    pub cut_sets_order: usize,
    /// Longer cut sets were left out.
    pub cut_sets_truncated: bool,
    /// Events whose failure alone, every other event up, stops the path, besides
    /// what every token request needs. In a non-coherent tree another failure may
    /// rescue the path (a rule it sets off): the cut set then holds "EVENT up".
    pub single_points: Vec<String>,
    /// Single events every token request of the cohort needs.
    pub every_token_request: Vec<String>,
    pub importance: Vec<Importance>,
    #[serde(skip)]
    pub tree: Tree,
}

/// Classic importance of a basic event to a path's failure; in a non-coherent
/// tree an event whose failure sets a rule off has a negative Birnbaum.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Importance {
    pub event: String,
    /// Q(event down) - Q(event up).
    pub birnbaum: f64,
    /// Share of Q gone with the event made perfect.
    pub fussell_vesely: f64,
    pub risk_achievement_worth: f64,
    pub risk_reduction_worth: f64,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SinglePoint {
    pub event: String,
    /// Share of all users whose sign-in it alone stops.
    pub users_locked_out: f64,
    pub cohorts: Vec<String>,
}

/// A path's name, the view it is where delays bear on it, and its tree.
type View = (String, Option<Delays>, Tree);

/// A registration mix's paths by (cohort, registration).
type MixTrees = (usize, usize, Vec<View>);

/// Analyses every path of every cohort of `world`, cut sets up to `order` events;
/// refuses a world past the analysis bounds of `scenario::limits`.
pub fn analyze(world: &World, order: usize) -> Result<Analysis, TooComplex> {
    let too_complex = |at: String, message: String| TooComplex {
        variant: world.variant.clone(),
        at,
        message,
    };
    let count: usize = world
        .cohorts
        .iter()
        .map(|c| c.registrations.len() * (usize::from(!c.workloads) + 2 * c.apps.len()))
        .sum();
    if count > MAX_ANALYSED_PATHS {
        return Err(too_complex(
            "cohorts".into(),
            format!(
                "{count} paths to analyse (a sign-in for each registration, and a renewal and an access \
             for each app of its cohort), at most {MAX_ANALYSED_PATHS}: analyse fewer cohorts, \
             registrations or apps"
            ),
        ));
    }
    let mut paths = Paths::new(world);
    let mut trees: Vec<MixTrees> = Vec::new();
    let mut shared: Vec<Vec<usize>> = Vec::new();
    for (c, cohort) in world.cohorts.iter().enumerate() {
        shared.push(paths.token_request(cohort).events());
        for (r, reg) in cohort.registrations.iter().enumerate() {
            trees.push((c, r, views(&mut paths, cohort, reg)));
        }
    }
    let pairs = warnings::pairs(world) as f64;
    if pairs > MAX_ANALYSIS_STEPS {
        return Err(too_complex(
            "cohorts".into(),
            format!(
                "{pairs:.2e} pairs of methods in one role of a registration to compare, at most \
             {MAX_ANALYSIS_STEPS:.0e}: register fewer methods in each mix"
            ),
        ));
    }
    let mut warnings = warnings::overlapping_methods(world, &paths);
    warnings.extend(warnings::degraded(world));
    let events = paths.events.list;
    let windows: usize = events.iter().map(|e| e.fixed.windows().len()).sum();
    if windows > MAX_ANALYSED_WINDOWS {
        return Err(too_complex(
            "components".into(),
            format!(
                "the fixed outages recur {windows} times over the horizon, at most {MAX_ANALYSED_WINDOWS} \
             for an analysis: let them recur less often"
            ),
        ));
    }
    // One evaluator for each distinct working week, each weighing every window.
    let mut weeks: Vec<&WorkingWeek> = Vec::new();
    let week_of: Vec<usize> = world
        .cohorts
        .iter()
        .map(|c| match weeks.iter().position(|&w| *w == c.week) {
            Some(i) => i,
            None => {
                weeks.push(&c.week);
                weeks.len() - 1
            }
        })
        .collect();
    let mut steps = pairs + (windows * weeks.len()) as f64;
    if steps > MAX_ANALYSIS_STEPS {
        return Err(too_complex(
            "cohorts".into(),
            format!(
                "weighing {windows} fixed outage windows by the working hours of {} cohorts that \
                 work different hours would take more than {MAX_ANALYSIS_STEPS:.0e} steps: give \
                 cohorts the same working hours, or let outages recur less often",
                weeks.len()
            ),
        ));
    }
    let evaluators: Vec<Evaluator> = weeks
        .iter()
        .map(|w| Evaluator::new(&events, (world.warmup, world.horizon), w))
        .collect();
    let total = world.users() as f64;
    let mut single_points: Vec<SinglePoint> = Vec::new();
    let mut mixes = Vec::new();
    for (c, r, list) in trees {
        let cohort = &world.cohorts[c];
        let reg = &cohort.registrations[r];
        let share = reg.upto
            - if r == 0 {
                0.0
            } else {
                cohort.registrations[r - 1].upto
            };
        let users = share * f64::from(cohort.users);
        let shared: Vec<String> = shared[c].iter().map(|&e| events[e].name.clone()).collect();
        let evaluator = &evaluators[week_of[c]];
        let analysed: Vec<PathAnalysis> = list
            .into_iter()
            .map(|(name, delays, tree)| {
                let diagram = figures::diagram(&tree, &name, (evaluator, order), &mut steps)
                    .map_err(|why| too_complex(format!("cohorts.{}", cohort.name), why))?;
                let view = (name, delays, tree);
                Ok(figures::path((evaluator, &events), view, diagram, &shared))
            })
            .collect::<Result<_, _>>()?;
        // Each event that alone stops a sign-in of the mix, in either view, once.
        let mut stopping: Vec<&String> = analysed
            .iter()
            .filter(|p| p.path == SIGN_IN)
            .flat_map(|p| p.single_points.iter().chain(&p.every_token_request))
            .collect();
        stopping.sort();
        stopping.dedup();
        for e in stopping {
            let at = match single_points.iter().position(|s| &s.event == e) {
                Some(i) => i,
                None => {
                    single_points.push(SinglePoint {
                        event: e.clone(),
                        users_locked_out: 0.0,
                        cohorts: Vec::new(),
                    });
                    single_points.len() - 1
                }
            };
            let point = &mut single_points[at];
            point.users_locked_out += users / total;
            if !point.cohorts.contains(&cohort.name) {
                point.cohorts.push(cohort.name.clone());
            }
        }
        let methods = reg
            .methods()
            .map(|m| world.methods[m].name.clone())
            .collect();
        mixes.push(Mix {
            cohort: cohort.name.clone(),
            share,
            users,
            methods,
            paths: analysed,
        });
    }
    single_points.sort_by(|a, b| b.users_locked_out.total_cmp(&a.users_locked_out));
    Ok(Analysis {
        variant: world.variant.clone(),
        mixes,
        single_points,
        warnings,
        delayed: conditions::delayed(world),
        events: events
            .iter()
            .map(|e| EventSummary {
                name: e.name.clone(),
                unavailability: e.unavailability(world.warmup, world.horizon),
                components: e
                    .components
                    .iter()
                    .map(|&c| world.components[c].name.clone())
                    .collect(),
            })
            .collect(),
        assumptions: ASSUMPTIONS.to_vec(),
    })
}

/// The name of the interactive sign-in path.
pub const SIGN_IN: &str = "sign-in";

/// A registration mix's paths, each built before delayed rules and switches take
/// effect and after, listed once where the two agree.
fn views(paths: &mut Paths, cohort: &CohortSpec, reg: &RegistrationSpec) -> Vec<View> {
    let [before, after] = [Delays::Before, Delays::After].map(|delays| {
        paths.delays = delays;
        let world = paths.world;
        let mut list = Vec::new();
        if !cohort.workloads {
            list.push((SIGN_IN.to_string(), paths.sign_in(cohort, reg)));
        }
        for (a, app) in cohort.apps.iter().enumerate() {
            let name = &world.apps[app.app].name;
            list.push((format!("renewal {name}"), paths.renewal(cohort, a)));
            list.push((format!("access {name}"), paths.access(cohort, a)));
        }
        list
    });
    let mut out = Vec::new();
    for ((name, early), (_, late)) in before.into_iter().zip(after) {
        match early == late {
            true => out.push((name, None, late)),
            false => {
                out.push((name.clone(), Some(Delays::Before), early));
                out.push((name, Some(Delays::After), late));
            }
        }
    }
    out
}
