//! One replication's global component timelines, drawn before any user moves and
//! shared by every user: the only way users affect each other.

use super::timeline::Timeline;
use super::{Needs, World};
use crate::streams::{Purpose, stream};

#[derive(Debug, Clone)]
pub struct Outages {
    /// Down windows of each component (empty for per-user ones).
    pub components: Vec<Timeline>,
    /// The token request's needs first, then each method's, then the backup token
    /// service's: the union of their global components.
    pub needs: Vec<Timeline>,
}

impl Outages {
    pub fn draw(world: &World, seed: u64, replication: u32) -> Self {
        let mut components: Vec<Timeline> = world
            .components
            .iter()
            .map(|c| {
                let mut t = Timeline::default();
                if c.per_user_slot.is_none() {
                    let mut rng = stream(
                        seed,
                        replication,
                        Purpose::named(&format!("component/{}", c.name)),
                        0,
                    );
                    c.schedule.draw(world.horizon, &mut rng, &mut t);
                }
                t
            })
            .collect();
        for event in &world.common_cause {
            let mut windows = Timeline::default();
            let mut rng = stream(
                seed,
                replication,
                Purpose::named(&format!("common_cause/{}", event.name)),
                0,
            );
            event.schedule.draw(world.horizon, &mut rng, &mut windows);
            for &c in &event.components {
                components[c].extend(&windows);
            }
        }
        components.iter_mut().for_each(Timeline::seal);
        let union = |needs: &Needs| {
            let mut t = Timeline::default();
            needs.global.iter().for_each(|&c| t.extend(&components[c]));
            t.seal();
            t
        };
        let needs = std::iter::once(union(&world.token_request))
            .chain(world.methods.iter().map(|m| union(&m.needs)))
            .chain(world.policy.backup.iter().map(|b| union(&b.needs)))
            .collect();
        Outages { components, needs }
    }
}
