//! One replication's global component timelines, drawn before any user moves and
//! shared by every user: the only way users affect each other.

use super::World;
use super::admins::Unable;
use super::redundancy::GroupScratch;
use super::timeline::Timeline;
use crate::streams::stream;

#[derive(Debug, Clone)]
pub struct Outages {
    /// Down windows of each component (empty for per-user ones).
    pub components: Vec<Timeline>,
    /// By `NeedsId`: the union of the global components each set of needs has.
    pub needs: Vec<Timeline>,
    /// When each contingency rule is in effect, and each fallback switch.
    pub contingency: Vec<Timeline>,
    pub fallback: Vec<Timeline>,
    /// By app, and by key: when the resource rejects tokens signed with it.
    pub keys: Vec<Vec<Timeline>>,
    /// By certificate method's revocation check: when no valid CRL is at hand.
    pub crl: Vec<Timeline>,
}

impl Outages {
    pub fn draw(world: &World, seed: u64, replication: u32) -> Self {
        let mut scratch = GroupScratch::default();
        let mut components: Vec<Timeline> = world
            .components
            .iter()
            .map(|c| {
                let mut t = Timeline::default();
                if c.per_user_slot.is_none() {
                    let rng = |copy| stream(seed, replication, c.stream, u64::from(copy));
                    c.draw(-world.past, world.horizon, rng, &mut scratch, &mut t);
                }
                t
            })
            .collect();
        for event in &world.common_cause {
            let mut windows = Timeline::default();
            let mut rng = stream(seed, replication, event.stream, 0);
            event
                .schedule
                .draw(-world.past, world.horizon, &mut rng, &mut windows);
            for &c in &event.components {
                components[c].extend(&windows);
            }
        }
        components.iter_mut().for_each(Timeline::seal);
        let mut needs = world
            .needs
            .iter()
            .map(|needs| {
                let mut t = Timeline::default();
                needs.global.iter().for_each(|&c| t.extend(&components[c]));
                t.seal();
                t
            })
            .collect::<Vec<Timeline>>();
        // A certificate method's path is also down while no valid CRL is at hand.
        let crl: Vec<Timeline> = world
            .crl
            .iter()
            .map(|c| {
                let mut rng = stream(seed, replication, c.stream, 0);
                c.unavailable(&needs[c.endpoint.0], &mut rng)
            })
            .collect();
        for (t, spec) in needs.iter_mut().zip(&world.needs) {
            if let Some(c) = spec.crl {
                t.extend(&crl[c]);
                t.seal();
            }
        }
        // Switches and rules wait for an admin who can sign in.
        let unable = Unable::draw(world, &needs);
        let contingency = world
            .contingency
            .iter()
            .map(|c| c.in_effect(world, &components, &unable))
            .collect();
        let fallback = world
            .fallback
            .iter()
            .map(|f| f.in_effect(world, &needs, &unable))
            .collect();
        let keys = world
            .apps
            .iter()
            .map(|a| match &a.keys {
                Some(k) => {
                    let mut rng = stream(seed, replication, k.stream, 0);
                    let endpoint = &needs[k.metadata.0];
                    k.rejections(&world.key_events, endpoint, world.horizon, &mut rng)
                }
                None => Vec::new(),
            })
            .collect();
        Outages {
            components,
            needs,
            contingency,
            fallback,
            keys,
            crl,
        }
    }

    /// Hours the fallback switches were in effect after the warm-up.
    pub fn fallback_hours(&self, world: &World) -> f64 {
        let seconds: f64 = self
            .fallback
            .iter()
            .map(|t| t.down_time(world.warmup, world.horizon))
            .sum();
        seconds / crate::units::HOUR
    }
}
