//! The parts of the population every metric is also reported for: each cohort,
//! each registration mix of a cohort that has several (`cohort/methods`, where
//! SMS-only users hide), each app, and each app of each cohort. A part's figure
//! in a replication comes from that replication's own counts, so its interval is
//! as honest as the whole population's.

use crate::engine::Tally;
use crate::engine::tally::Tallies;
use crate::model::World;

pub use crate::scenario::ALL;

/// Whether a slice so named is the whole population across all apps.
pub fn whole(cohort: &str, app: &str) -> bool {
    cohort == ALL && app == ALL
}

/// Which users, and which of their apps, a figure is of.
#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    /// `all`, a cohort, or `cohort/mix`.
    pub cohort: String,
    /// `all`, or an app.
    pub app: String,
    /// Its groups, (cohort, mix), each with the cohort's app it counts (none: all).
    parts: Vec<(usize, usize, Option<usize>)>,
}

impl Slice {
    /// Whether it is the whole population across all apps.
    pub fn is_whole(&self) -> bool {
        whole(&self.cohort, &self.app)
    }

    /// Its counts in one replication.
    pub fn tally(&self, world: &World, tallies: &Tallies) -> Tally {
        let mut tally = Tally::new(world);
        for &(c, mix, app) in &self.parts {
            let Some(group) = tallies.get(c, mix) else {
                continue;
            };
            match app {
                None => group.add_across_apps(&mut tally),
                Some(a) => group.add_app(a, &mut tally),
            }
        }
        tally
    }
}

/// A registration mix by its methods, as `analyze` lists them.
fn mix_name(world: &World, cohort: usize, mix: usize) -> String {
    let name = world.cohorts[cohort].registrations[mix]
        .methods()
        .map(|m| world.methods[m].name.as_str())
        .collect::<Vec<_>>()
        .join("+");
    format!("{}/{name}", world.cohorts[cohort].name)
}

/// The world's slices: the whole population first, then each app, then each
/// cohort with its mixes and apps. A part that would equal the one above it (the
/// only cohort, a cohort's only mix or only app) is left out.
pub fn slices(world: &World) -> Vec<Slice> {
    let cohorts = &world.cohorts;
    let groups = |c: usize| (0..cohorts[c].registrations.len()).map(move |r| (c, r));
    let every = |app: Option<usize>| -> Vec<(usize, usize, Option<usize>)> {
        (0..cohorts.len())
            .flat_map(|c| groups(c).map(move |(c, r)| (c, r, app)))
            .collect()
    };
    let slice = |cohort: String, app: &str, parts| Slice {
        cohort,
        app: app.to_string(),
        parts,
    };
    let mut out = vec![slice(ALL.into(), ALL, every(None))];
    let used: Vec<usize> = (0..world.apps.len())
        .filter(|&i| cohorts.iter().any(|c| c.apps.iter().any(|a| a.app == i)))
        .collect();
    if used.len() > 1 {
        for &i in &used {
            let parts = (0..cohorts.len())
                .filter_map(|c| {
                    let a = cohorts[c].apps.iter().position(|a| a.app == i)?;
                    Some(groups(c).map(move |(c, r)| (c, r, Some(a))))
                })
                .flatten()
                .collect();
            out.push(slice(ALL.into(), &world.apps[i].name, parts));
        }
    }
    let several = cohorts.len() > 1;
    for (c, cohort) in cohorts.iter().enumerate() {
        if several {
            let parts = groups(c).map(|(c, r)| (c, r, None)).collect();
            out.push(slice(cohort.name.clone(), ALL, parts));
        }
        if cohort.registrations.len() > 1 {
            let mut names: Vec<String> = Vec::new();
            for r in 0..cohort.registrations.len() {
                let mut name = mix_name(world, c, r);
                // Two mixes of the same methods (shares written apart) by position.
                if names.contains(&name) {
                    name = format!("{name}#{}", r + 1);
                }
                names.push(name.clone());
                out.push(slice(name, ALL, vec![(c, r, None)]));
            }
        }
        if several && cohort.apps.len() > 1 {
            for (a, app) in cohort.apps.iter().enumerate() {
                let parts = groups(c).map(|(c, r)| (c, r, Some(a))).collect();
                out.push(slice(cohort.name.clone(), &world.apps[app.app].name, parts));
            }
        }
    }
    out
}
