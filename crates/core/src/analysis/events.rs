//! Basic events: what can go down on its own. A component is one event, or one
//! per copy of a redundancy group plus one for the fixed windows that take every
//! copy down together; a common-cause event is one more, shared by every
//! component it takes down.

use super::tree::{Logic, Tree};
use crate::model::World;
use crate::model::timeline::Timeline;

#[derive(Debug, Clone)]
pub struct Event {
    pub name: String,
    /// The long-run share of time its random failures keep it down.
    pub random: f64,
    /// Its fixed outage windows, sealed.
    pub fixed: Timeline,
    /// The components it takes down, by index.
    pub components: Vec<usize>,
}

impl Event {
    /// The share of `[from, to)` it is down, fixed windows and random failures
    /// taken as independent.
    pub fn unavailability(&self, from: f64, to: f64) -> f64 {
        let fixed: f64 = self
            .fixed
            .windows()
            .iter()
            .map(|w| (w.end.min(to) - w.start.max(from)).max(0.0))
            .sum::<f64>()
            / (to - from);
        1.0 - (1.0 - self.random) * (1.0 - fixed.min(1.0))
    }
}

/// The events of one world, each made the first time a path needs it, so that
/// the trees of every path share them.
#[derive(Debug)]
pub struct Events<'w> {
    world: &'w World,
    pub list: Vec<Event>,
    components: Vec<Option<Tree>>,
    common_cause: Vec<Option<usize>>,
    /// The common-cause events that take down each component.
    causes_of: Vec<Vec<usize>>,
}

impl<'w> Events<'w> {
    pub fn new(world: &'w World) -> Self {
        let mut causes_of = vec![Vec::new(); world.components.len()];
        for (i, cc) in world.common_cause.iter().enumerate() {
            cc.components.iter().for_each(|&c| causes_of[c].push(i));
        }
        Events {
            world,
            list: Vec::new(),
            components: vec![None; world.components.len()],
            common_cause: vec![None; world.common_cause.len()],
            causes_of,
        }
    }

    fn push(
        &mut self,
        name: String,
        (random, fixed): (f64, Timeline),
        components: Vec<usize>,
    ) -> Tree {
        self.list.push(Event {
            name,
            random,
            fixed,
            components,
        });
        Tree::Event(self.list.len() - 1)
    }

    /// The tree of component `c` going down.
    pub fn component(&mut self, c: usize) -> Tree {
        if let Some(t) = &self.components[c] {
            return t.clone();
        }
        let world = self.world;
        let spec = &world.components[c];
        let mut fixed = Timeline::default();
        spec.schedule.draw_fixed(world.horizon, &mut fixed);
        fixed.seal();
        let random = spec.schedule.random_unavailability();
        // Not at hand on a share p of days, independently of its other failures.
        let p = spec.daily_unavailability;
        let name = &spec.name;
        let mut causes = Vec::new();
        if spec.instances == 1 {
            let random = 1.0 - (1.0 - random) * (1.0 - p);
            causes.push(self.push(name.clone(), (random, fixed), vec![c]));
        } else {
            if p > 0.0 {
                let days = (p, Timeline::default());
                causes.push(self.push(format!("{name} not at hand"), days, vec![c]));
            }
            let (n, k) = (spec.instances, spec.needed);
            let copies = (1..=n)
                .map(|i| {
                    let copy = (random, Timeline::default());
                    self.push(format!("{name}#{i}"), copy, vec![c])
                })
                .collect();
            let down = n - k + 1;
            causes.push(Tree::gate(
                format!("{down} of {n} copies of {name} down"),
                Logic::AtLeast(down),
                copies,
            ));
            if !fixed.windows().is_empty() {
                let windows = format!("{name} outage windows");
                causes.push(self.push(windows, (0.0, fixed), vec![c]));
            }
        }
        for i in self.causes_of[c].clone() {
            causes.push(self.common_cause(i));
        }
        let tree = Tree::any(format!("{name} down"), causes);
        self.components[c] = Some(tree.clone());
        tree
    }

    fn common_cause(&mut self, i: usize) -> Tree {
        if let Some(e) = self.common_cause[i] {
            return Tree::Event(e);
        }
        let cc = &self.world.common_cause[i];
        let mut fixed = Timeline::default();
        cc.schedule.draw_fixed(self.world.horizon, &mut fixed);
        fixed.seal();
        let random = cc.schedule.random_unavailability();
        let name = format!("common cause {}", cc.name);
        let tree = self.push(name, (random, fixed), cc.components.clone());
        self.common_cause[i] = Some(self.list.len() - 1);
        tree
    }
}
