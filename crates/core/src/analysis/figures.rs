//! One path's figures from its tree: the decision diagram, the minimal cut sets
//! (prime implicants), the single points of failure, the availability over the
//! cohort's working time and each event's importance.

use super::bdd::{self, Bdd, Literal};
use super::events::Event;
use super::probability::Evaluator;
use super::tree::Tree;
use super::{Delays, Importance, PathAnalysis};
use crate::scenario::limits::{MAX_ANALYSIS_STEPS, MAX_BDD_NODES};

/// A path's diagram, its root, and its minimal cut sets.
pub struct Diagram {
    bdd: Bdd,
    top: bdd::Node,
    cuts: bdd::CutSets,
}

/// The decision diagram of `tree`, a cohort's path `name`, with its root and its
/// minimal cut sets, once the diagram is known to fit `MAX_BDD_NODES` and the
/// steps of its cut-set search and its evaluation (the probability and each
/// event's importance, in every state of the fixed windows) the steps left.
pub fn diagram(
    tree: &Tree,
    name: &str,
    (evaluator, order): (&Evaluator, usize),
    steps: &mut f64,
) -> Result<Diagram, String> {
    let mut bdd = Bdd::new();
    let top = tree.compile(&mut bdd);
    let (cuts, search) = bdd.cut_sets(top, order, tree.is_coherent());
    if bdd.is_full() {
        return Err(format!(
            "the decision diagram of its {name} path outgrew {MAX_BDD_NODES} nodes: register \
             fewer methods, or give them fewer requirements"
        ));
    }
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

/// A path's figures: `shared` names the events every token request needs.
pub fn path(
    (evaluator, events): (&Evaluator, &[Event]),
    (name, delays, tree): (String, Option<Delays>, Tree),
    Diagram { bdd, top, cuts }: Diagram,
    shared: &[String],
) -> PathAnalysis {
    let literal = |l: &Literal| {
        let event = &events[l.var as usize].name;
        match l.occurs {
            true => event.clone(),
            false => format!("{event} up"),
        }
    };
    let mut cut_sets: Vec<Vec<String>> = cuts
        .sets
        .iter()
        .map(|set| sorted(set.iter().map(literal).collect()))
        .collect();
    cut_sets.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    let basic = tree.events();
    // With every event up, then with one event down and the rest up.
    let fails_with = |down: Option<usize>| bdd.occurs(top, &|v| Some(v as usize) == down);
    let ones = match fails_with(None) {
        true => Vec::new(),
        false => basic
            .iter()
            .copied()
            .filter(|&e| fails_with(Some(e)))
            .collect(),
    };
    let (every_token_request, single_points): (Vec<String>, Vec<String>) = ones
        .into_iter()
        .map(|e| events[e].name.clone())
        .partition(|e| shared.contains(e));
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
        delays,
        availability: 1.0 - q,
        top_event_probability: evaluator.independent(&bdd, top),
        cut_sets,
        cut_sets_order: cuts.order,
        cut_sets_truncated: cuts.truncated,
        single_points: sorted(single_points),
        every_token_request: sorted(every_token_request),
        importance,
        tree,
    }
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}
