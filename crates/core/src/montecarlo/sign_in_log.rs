//! The sign-in log of a run: replication 0 of the first world (the base
//! scenario), played again for a sample of each cohort's users with the log
//! on. Whole users are sampled, so each one's requests are complete; which
//! users depends only on the seed, the cohort's name and the user's index.
//! A user played alone plays exactly as in the run (the same streams, the
//! outages and the capacity shares of the run's last pass), so the log
//! changes nothing the run computes, and is the same on any number of threads.

use super::fixed_point::converge;
use crate::engine::tally::Tallies;
use crate::engine::{Player, Replication, SignInEvent, play_users};
use crate::fnv;
use crate::model::capacity::Shares;
use crate::model::outages::Outages;
use crate::model::{CohortSpec, World};
use rayon::prelude::*;

/// The replication the log is of.
pub const REPLICATION: u32 = 0;

/// Users played per task; a window of tasks is played in parallel, then
/// handed to the sink in order, so memory holds one window's events.
const BLOCK: usize = 64;
const WINDOW: usize = 64 * BLOCK;

/// Whether user `index` of cohort `cohort` is in a sample of `fraction` of
/// its users: a hash of the seed, the cohort's name and the index, read as a
/// number in [0, 1), below the fraction.
pub fn sampled(seed: u64, cohort: &str, index: u32, fraction: f64) -> bool {
    if fraction >= 1.0 {
        return true;
    }
    let h = fnv::add(fnv::START, &seed.to_le_bytes());
    let h = fnv::add(h, cohort.as_bytes());
    let h = fnv::add(h, &index.to_le_bytes());
    // The top 53 bits, as a fraction.
    ((h >> 11) as f64) * (1.0 / (1u64 << 53) as f64) < fraction
}

/// The users of `cohort` in a sample of `fraction`, by index.
fn chosen(seed: u64, cohort: &CohortSpec, fraction: f64) -> impl Iterator<Item = u32> + '_ {
    (0..cohort.users).filter(move |&u| sampled(seed, &cohort.name, u, fraction))
}

/// Whether a sample of `fraction` holds any user of `world`: a tiny fraction
/// of a small population may hold none, and its log would be empty.
pub fn samples_anyone(world: &World, seed: u64, fraction: f64) -> bool {
    world
        .cohorts
        .iter()
        .any(|c| chosen(seed, c, fraction).next().is_some())
}

/// Plays replication 0 of `world` for the sampled users and hands their
/// requests to `sink`, a user at a time: cohorts in the world's order (by
/// name, as the scenario's tables are read), users by index,
/// each user's requests in time order (ties in the order played).
pub fn sign_in_log<E>(
    world: &World,
    seed: u64,
    sample: f64,
    sink: &mut dyn FnMut(&[SignInEvent]) -> Result<(), E>,
) -> Result<(), E> {
    let (outages, shares) = timelines(world, seed);
    let replication = Replication {
        world,
        outages: &outages,
        shares: &shares,
        seed,
        index: REPLICATION,
    };
    for (c, cohort) in world.cohorts.iter().enumerate() {
        let users: Vec<u32> = chosen(seed, cohort, sample).collect();
        for window in users.chunks(WINDOW) {
            let played: Vec<Vec<SignInEvent>> = window
                .par_chunks(BLOCK)
                .map(|block| play(&replication, c, block))
                .collect();
            for events in &played {
                sink(events)?;
            }
        }
    }
    Ok(())
}

/// The replication's outages, and the capacity shares its last pass played
/// with (all admitted where nothing throttles: no pass needed).
fn timelines(world: &World, seed: u64) -> (Outages, Shares) {
    if !world.throttles() {
        let outages = Outages::draw(world, seed, REPLICATION);
        return (
            outages,
            Shares::full(world.watched.len(), world.load_minutes),
        );
    }
    let (_, mut outages, mut shares, _) = converge(std::slice::from_ref(world), seed, REPLICATION);
    (outages.remove(0), shares.remove(0))
}

/// The requests of `users` of cohort `cohort`, user after user.
fn play(replication: &Replication, cohort: usize, users: &[u32]) -> Vec<SignInEvent> {
    let mut player = Player::logging();
    let mut tallies = Tallies::new(replication.world);
    let (mut all, mut one) = (Vec::new(), Vec::new());
    for &u in users {
        play_users(replication, cohort, u..u + 1, &mut player, &mut tallies);
        player.take_log(&mut one);
        // Stable: a quiet stretch plays app after app.
        one.sort_by(|a, b| a.time.total_cmp(&b.time));
        all.append(&mut one);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_takes_about_its_fraction_and_the_same_users_each_time() {
        let n = 20_000;
        let taken = (0..n).filter(|&u| sampled(7, "staff", u, 0.25)).count();
        // Binomial(20000, 0.25): sd 61; 5 sd either side.
        assert!((taken as f64 - 5000.0).abs() < 310.0, "{taken}");
        let again = (0..n).filter(|&u| sampled(7, "staff", u, 0.25)).count();
        assert_eq!(taken, again);
        assert!((0..n).all(|u| sampled(7, "staff", u, 1.0)));
        // A larger sample holds the smaller one: whole users are added.
        assert!((0..n).all(|u| !sampled(7, "staff", u, 0.1) || sampled(7, "staff", u, 0.2)));
    }
}
