//! Contingency rules and fallback switches as the engine has them: a rule is in
//! effect while a global component it watches is down (once it has been down
//! `after`), a switch while its method's global components are down (once they
//! have been down `decide_after`, plus `propagation`). So each is a path only
//! while its condition holds, and the tree holds the condition's negation where
//! the path it replaces is the one taken: a non-coherent tree. A rule or switch
//! that never takes effect is no path; a delayed one counts only in the view
//! after it takes effect.

use super::Delays;
use super::paths::Paths;
use super::tree::Tree;
use crate::model::{Action, CohortSpec, World};
use crate::scenario::duration::format_seconds;

/// A rule or switch that takes effect within this many seconds counts as
/// immediate: a rule's `after` cannot be zero, and is a millisecond unless set.
const IMMEDIATE: f64 = 1.0;

/// Whether a condition taking `delay` to take effect is delayed: two views.
fn is_delayed(delay: f64) -> bool {
    delay > IMMEDIATE && delay.is_finite()
}

impl Paths<'_> {
    /// Whether a condition that takes `delay` to take effect counts in this view.
    fn counts(&self, delay: f64) -> bool {
        delay <= IMMEDIATE || (is_delayed(delay) && self.delays == Delays::After)
    }

    /// Fails while some rule of the cohort doing `action` is in effect.
    pub(super) fn in_effect(&mut self, cohort: &CohortSpec, action: Action) -> Tree {
        let world = self.world;
        let rules: Vec<_> = cohort
            .contingency
            .iter()
            .map(|&r| &world.contingency[r])
            .filter(|rule| rule.action == action && self.counts(rule.after))
            .collect();
        let watched = rules
            .into_iter()
            .map(|rule| {
                let components = world.needs[rule.watches.0].global.clone();
                self.any_down(components, format!("rule {} in effect", rule.name))
            })
            .collect();
        Tree::any(format!("a {} in effect", rule(world, action)), watched)
    }

    /// Fails while no rule of the cohort doing `action` is in effect.
    pub(super) fn not_in_effect(&mut self, cohort: &CohortSpec, action: Action) -> Tree {
        let name = format!("no {} in effect", rule(self.world, action));
        Tree::not(name, self.in_effect(cohort, action))
    }

    /// Signing in with a method that fallback switch `f` replaces: while the
    /// switch is in effect it needs what the replacement needs; otherwise what
    /// the method needs, of which only the user's own components can then be down.
    /// The switch is global: it watches every instance of a regional component
    /// the method needs; the user signs in with their region's.
    pub(super) fn switched(&mut self, cohort: &CohortSpec, f: usize) -> Tree {
        let world = self.world;
        let switch = &world.fallback[f];
        let (from, to) = (&world.methods[switch.method], &world.methods[switch.to]);
        let (from_here, to_here) = (
            world.method_needs(cohort, switch.method),
            world.method_needs(cohort, switch.to),
        );
        if !self.counts(switch.decide_after + switch.propagation) {
            return self.needs(from_here, format!("{} fails", from.name));
        }
        let global = world.needs[from.needs.0].global.clone();
        let name = format!(
            "switch {} in effect: {}'s path down",
            switch.name, from.name
        );
        let on = self.any_down(global, name);
        let replacement = self.needs(to_here, format!("{} fails", to.name));
        let own = self.any_down(
            self.own(from.needs),
            format!("the user's own components {} needs down", from.name),
        );
        let off = Tree::not(format!("switch {} not in effect", switch.name), on.clone());
        let name = format!("{} fails, or {} while switched", from.name, to.name);
        Tree::any(
            name,
            vec![
                Tree::all(
                    format!("switched, and {} fails", to.name),
                    vec![on, replacement],
                ),
                Tree::all(
                    format!("not switched, and {} fails", from.name),
                    vec![off, own],
                ),
            ],
        )
    }
}

/// A rule doing `action`, in words.
fn rule(world: &World, action: Action) -> String {
    match action {
        Action::Block => "block rule".into(),
        Action::AcceptCompliantDevice => "rule accepting a compliant device".into(),
        Action::AllowMethod(m) => format!("rule allowing {}", world.methods[m].name),
    }
}

/// The rules, switches and revocation lists that take effect some time after
/// their condition holds, each in words: what the views before and after differ by.
pub fn delayed(world: &World) -> Vec<String> {
    let names = |needs: &[usize]| {
        let names: Vec<&str> = needs
            .iter()
            .map(|&c| world.components[c].name.as_str())
            .collect();
        names.join(" or ")
    };
    let rules = world
        .contingency
        .iter()
        .filter(|r| is_delayed(r.after))
        .map(|r| {
            format!(
                "contingency rule {}: in effect once {} has been down {}",
                r.name,
                names(&world.needs[r.watches.0].global),
                format_seconds(r.after)
            )
        });
    let switches = world
        .fallback
        .iter()
        .filter(|f| is_delayed(f.decide_after + f.propagation))
        .map(|f| {
            format!(
                "fallback switch {}: in effect once {}'s path has been down {}, and {} more to propagate",
                f.name,
                world.methods[f.method].name,
                format_seconds(f.decide_after),
                format_seconds(f.propagation)
            )
        });
    let lists = world.methods.iter().filter_map(|m| {
        let c = &world.crl[world.needs[m.needs.0].crl?];
        Some(format!(
            "revocation check of {}: fails once {} has been down longer than what is left of \
             the cached CRL (valid {} from each publication, every {})",
            m.name,
            names(&world.needs[c.endpoint.0].global),
            format_seconds(c.valid_for),
            format_seconds(c.publish_every)
        ))
    });
    rules.chain(switches).chain(lists).collect()
}
