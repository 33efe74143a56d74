//! Dependency analysis without simulation: for each cohort and registration mix,
//! the fault tree of each path, its minimal cut sets, its single points of
//! failure, its availability from the components' failure and repair means, and
//! the classic importance of each basic event.

pub mod bdd;
mod events;
pub mod mef;
mod paths;
mod probability;
pub mod simulated;
pub mod tree;
mod warnings;

use crate::error::TooComplex;
use crate::model::World;
use crate::scenario::limits::{
    MAX_ANALYSED_PATHS, MAX_ANALYSED_WINDOWS, MAX_ANALYSIS_STEPS, MAX_BDD_NODES,
};
use bdd::Bdd;
use events::Event;
use paths::Paths;
use probability::Evaluator;
use serde::Serialize;
use tree::Tree;

/// What every figure assumes, for the output to state.
pub const ASSUMPTIONS: &[&str] = &[
    "basic events are independent: each component (each copy of a redundancy group) fails and is repaired on its own, and a common-cause event is an event of its own",
    "random failures are at their long-run share of time down: mean time to repair / (mean time to failure + mean time to repair)",
    "fixed outage windows count where they fall in the measured period",
    "contingency rules and fallback switches are alternative paths open at once, their delays left out (the simulation has them)",
    "an access is by a user with a session: a silent renewal, then the resource",
];

/// Cut sets longer than this are left out unless asked for.
pub const DEFAULT_ORDER: usize = 4;
/// The longest cut sets one may ask for: their number grows with C(n, order).
pub const MAX_ORDER: usize = 8;

#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub variant: String,
    pub mixes: Vec<Mix>,
    /// Each component whose failure alone stops some users' sign-in, with the share.
    pub single_points: Vec<SinglePoint>,
    pub warnings: Vec<String>,
    pub events: Vec<EventSummary>,
    pub assumptions: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventSummary {
    pub name: String,
    pub unavailability: f64,
}

/// One registration mix of a cohort.
#[derive(Debug, Clone, Serialize)]
pub struct Mix {
    pub cohort: String,
    /// Of the cohort's users.
    pub share: f64,
    pub users: f64,
    pub methods: Vec<String>,
    pub paths: Vec<PathAnalysis>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PathAnalysis {
    pub path: String,
    /// Share of the measured period the path works (fixed windows where they fall).
    pub availability: f64,
    /// With each basic event at its average unavailability, independent: the
    /// top event of the exported fault tree.
    pub top_event_probability: f64,
    pub cut_sets: Vec<Vec<String>>,
    /// Every cut set of up to this many events is listed: the order asked for,
    /// or less where listing that many would take too long.
    pub cut_sets_order: usize,
    /// Longer cut sets were left out.
    pub cut_sets_truncated: bool,
    /// Cut sets of one event, besides what every token request needs.
    pub single_points: Vec<String>,
    /// Single events every token request of the cohort needs.
    pub every_token_request: Vec<String>,
    pub importance: Vec<Importance>,
    #[serde(skip)]
    pub tree: Tree,
}

/// Classic importance of a basic event to a path's failure.
#[derive(Debug, Clone, Serialize)]
pub struct Importance {
    pub event: String,
    /// Q(event down) - Q(event up).
    pub birnbaum: f64,
    /// Share of Q gone with the event made perfect.
    pub fussell_vesely: f64,
    pub risk_achievement_worth: f64,
    pub risk_reduction_worth: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SinglePoint {
    pub event: String,
    /// Share of all users whose sign-in it alone stops.
    pub users_locked_out: f64,
    pub cohorts: Vec<String>,
}

/// A registration mix's paths, each with its name, by (cohort, registration).
type MixTrees = (usize, usize, Vec<(String, Tree)>);

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
            let mut list = Vec::new();
            if !cohort.workloads {
                list.push(("sign-in".to_string(), paths.sign_in(cohort, reg)));
            }
            for (a, app) in cohort.apps.iter().enumerate() {
                let name = &world.apps[app.app].name;
                list.push((format!("renewal {name}"), paths.renewal(cohort, a)));
                list.push((format!("access {name}"), paths.access(cohort, a)));
            }
            trees.push((c, r, list));
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
    let warnings = warnings::overlapping_methods(world, &paths);
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
    let evaluator = Evaluator::new(&events, world.warmup, world.horizon);
    let mut steps = pairs;
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
        let analysed: Vec<PathAnalysis> = list
            .into_iter()
            .map(|(name, tree)| {
                let diagram = diagram(&tree, &name, (&evaluator, order), &mut steps)
                    .map_err(|why| too_complex(format!("cohorts.{}", cohort.name), why))?;
                Ok(path(&evaluator, &events, name, tree, diagram, &shared))
            })
            .collect::<Result<_, _>>()?;
        if let Some(sign_in) = analysed.iter().find(|p| p.path == "sign-in") {
            for e in sign_in
                .single_points
                .iter()
                .chain(&sign_in.every_token_request)
            {
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
        events: events
            .iter()
            .map(|e| EventSummary {
                name: e.name.clone(),
                unavailability: e.unavailability(world.warmup, world.horizon),
            })
            .collect(),
        assumptions: ASSUMPTIONS.to_vec(),
    })
}

/// The decision diagram of `tree`, a cohort's path `name`, with its root and its
/// minimal cut sets, once the diagram is known to fit `MAX_BDD_NODES` and the
/// steps of its cut-set search and its evaluation (the probability and each
/// event's importance, in every state of the fixed windows) the steps left.
fn diagram(
    tree: &Tree,
    name: &str,
    (evaluator, order): (&Evaluator, usize),
    steps: &mut f64,
) -> Result<Diagram, String> {
    let mut bdd = Bdd::new();
    let top = tree.compile(&mut bdd);
    if bdd.is_full() {
        return Err(format!(
            "the decision diagram of its {name} path outgrew {MAX_BDD_NODES} nodes: register \
             fewer methods, or give them fewer requirements"
        ));
    }
    let (cuts, search) = bdd.cut_sets(top, order);
    // A pass up and one down in each state, and one more with average shares.
    *steps += search as f64 + (2 * evaluator.states() + 1) as f64 * bdd.size() as f64;
    if *steps > MAX_ANALYSIS_STEPS {
        return Err(format!(
            "analysing every path up to its {name} path would take more than \
             {MAX_ANALYSIS_STEPS:.0e} steps (cut sets made or compared, diagram nodes visited): \
             analyse fewer cohorts, registrations or apps, give redundancy groups fewer copies \
             that may fail, or make fixed outages recur less often"
        ));
    }
    Ok(Diagram { bdd, top, cuts })
}

/// A path's diagram, its root, and its minimal cut sets.
struct Diagram {
    bdd: Bdd,
    top: bdd::Node,
    cuts: bdd::CutSets,
}

fn path(
    evaluator: &Evaluator,
    events: &[Event],
    name: String,
    tree: Tree,
    Diagram { bdd, top, cuts }: Diagram,
    shared: &[String],
) -> PathAnalysis {
    let names = |set: &Vec<u32>| -> Vec<String> {
        set.iter()
            .map(|&e| events[e as usize].name.clone())
            .collect()
    };
    let mut cut_sets: Vec<Vec<String>> = cuts.sets.iter().map(names).collect();
    cut_sets.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    let ones = cut_sets
        .iter()
        .filter(|s| s.len() == 1)
        .map(|s| s[0].clone());
    let (every_token_request, single_points): (Vec<String>, Vec<String>) =
        ones.partition(|e| shared.contains(e));
    let basic = tree.events();
    let (q, held) = evaluator.averaged(&bdd, top, &basic);
    let importance = basic
        .into_iter()
        .zip(held)
        .map(|(e, (up, down))| Importance {
            event: events[e].name.clone(),
            birnbaum: down - up,
            fussell_vesely: if q > 0.0 { (q - up) / q } else { 0.0 },
            risk_achievement_worth: if q > 0.0 { down / q } else { f64::INFINITY },
            risk_reduction_worth: if up > 0.0 { q / up } else { f64::INFINITY },
        })
        .collect();
    PathAnalysis {
        path: name,
        availability: 1.0 - q,
        top_event_probability: evaluator.independent(&bdd, top),
        cut_sets,
        cut_sets_order: cuts.order,
        cut_sets_truncated: cuts.truncated,
        single_points,
        every_token_request,
        importance,
        tree,
    }
}
