//! One replication of every variant, and where a component has a capacity, the
//! fixed point over its per-minute load that couples the users: pass 0 plays
//! every request admitted; each pass's load L[m] (requests reaching the
//! component in minute m, summed over every user: integers, whatever the
//! threads) sets the next pass's acceptance shares a[m] = min(1, C / L[m]);
//! the users play again on the same random numbers, until no minute's load
//! moves by more than `tolerance` from one pass to the next. The tallies of
//! the last pass are the result. A world with no capacity plays once.

use crate::engine::tally::Tallies;
use crate::engine::{Player, Replication, play_users};
use crate::model::World;
use crate::model::capacity::{Shares, Watched};
use crate::model::outages::Outages;
use crate::streams::{Purpose, Rng, stream};
use rand::RngExt;
use rayon::prelude::*;
use std::ops::Range;

/// Users are dealt to threads in blocks of this many: small enough that every
/// thread's piece comes out nearly even, large enough that a block's setup does
/// not show.
const BLOCK: u32 = 256;

/// Passes at most, the first included; a variant still moving after them is
/// counted as not converged (its last pass is its result).
pub const MAX_PASSES: u32 = 40;

/// Once a variant's largest change of load stops shrinking from one pass to
/// the next, each pass moves its shares only this far towards what the load
/// asks (damping): retries in the same minute as the request they follow can
/// make the undamped iteration swing between two profiles.
const DAMPING: f64 = 0.5;

/// How the fixed point went in one replication.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Passes {
    /// Passes played (1 where no variant has a capacity).
    pub passes: u32,
    /// Variants whose load still moved after `MAX_PASSES`.
    pub unconverged: u32,
}

/// Converged also when the load's changes over all minutes add up to at most
/// this share of the load of the minutes that throttle: a finite population's reshuffles of who is admitted keep
/// single minutes moving by a few requests from pass to pass.
pub const SPREAD: f64 = 0.005;

/// The largest change of a minute's load that counts as converged: half a
/// percent of the minute's capacity, and at least one request.
pub fn tolerance(per_minute: f64) -> f64 {
    (0.005 * per_minute).max(1.0)
}

/// One replication of every variant: the same outages and users for each.
pub(super) fn replicate(
    worlds: &[World],
    seed: u64,
    replication: u32,
) -> (Vec<Tallies>, Vec<Outages>, Passes) {
    let (tallies, outages, _, passes) = converge(worlds, seed, replication);
    (tallies, outages, passes)
}

/// `replicate`, with the acceptance shares its last pass played with: what
/// a user played again alone (for the sign-in log) plays against.
pub(super) fn converge(
    worlds: &[World],
    seed: u64,
    replication: u32,
) -> (Vec<Tallies>, Vec<Outages>, Vec<Shares>, Passes) {
    let outages: Vec<Outages> = worlds
        .iter()
        .map(|w| Outages::draw(w, seed, replication))
        .collect();
    let mut shares: Vec<Shares> = worlds
        .iter()
        .map(|w| Shares::full(w.watched.len(), w.load_minutes))
        .collect();
    let everyone = vec![true; worlds.len()];
    let mut tallies = play(worlds, (seed, replication), &outages, &shares, &everyone);
    let mut moving: Vec<bool> = worlds.iter().map(World::throttles).collect();
    let mut loads: Vec<Vec<u64>> = (0..worlds.len())
        .map(|v| load(&worlds[v], &tallies[v]))
        .collect();
    // Each variant's largest change of load in the latest pass, and whether it is damped.
    let mut change = vec![f64::INFINITY; worlds.len()];
    let mut damped = vec![false; worlds.len()];
    let mut passes = 1;
    while moving.contains(&true) && passes < MAX_PASSES {
        for v in (0..worlds.len()).filter(|&v| moving[v]) {
            let w = &worlds[v];
            let next = Shares::from_load(&w.watched, w.load_minutes, &loads[v]);
            shares[v].damp(&next, if damped[v] { DAMPING } else { 1.0 });
        }
        let next = play(worlds, (seed, replication), &outages, &shares, &moving);
        passes += 1;
        for (v, tally) in next.into_iter().enumerate() {
            if !moving[v] {
                continue;
            }
            let w = &worlds[v];
            let load = load(w, &tally);
            let (moved, spread) = change_of(&w.watched, w.load_minutes, &loads[v], &load);
            moving[v] = moved > 1.0 && spread > SPREAD;
            damped[v] |= moved >= change[v];
            change[v] = moved;
            (loads[v], tallies[v]) = (load, tally);
        }
    }
    let unconverged = moving.iter().filter(|&&m| m).count() as u32;
    (
        tallies,
        outages,
        shares,
        Passes {
            passes,
            unconverged,
        },
    )
}

/// Requests reaching each watched component in each minute, over every user.
fn load(world: &World, tallies: &Tallies) -> Vec<u64> {
    let mut load = vec![0; world.watched.len() * world.load_minutes];
    tallies.add_watched_load(&mut load);
    load
}

/// How far a throttled component's load moved from one pass to the next: the
/// largest change in any minute as a multiple of its tolerance (converged at 1
/// or below), and the changes over all minutes as a share of the load of the
/// minutes that throttle (the stochastic floor where a finite population
/// reshuffles who is admitted).
fn change_of(watched: &[Watched], minutes: usize, before: &[u64], after: &[u64]) -> (f64, f64) {
    let (mut largest, mut moved, mut total): (f64, u64, u64) = (0.0, 0, 0);
    for (w, spec) in watched.iter().enumerate() {
        let Some(throttle) = spec.throttle else {
            continue;
        };
        let range = w * minutes..(w + 1) * minutes;
        let most = tolerance(throttle.per_minute);
        for (&b, &a) in before[range.clone()].iter().zip(&after[range]) {
            largest = largest.max(a.abs_diff(b) as f64 / most);
            moved += a.abs_diff(b);
            // The load of the minutes that throttle, in either pass.
            total += a * u64::from(a.max(b) as f64 > throttle.per_minute);
        }
    }
    (largest, moved as f64 / total.max(1) as f64)
}

/// One pass: every user of each variant `playing` with the shares given (the
/// others' tallies come back empty).
fn play(
    worlds: &[World],
    (seed, index): (u64, u32),
    outages: &[Outages],
    shares: &[Shares],
    playing: &[bool],
) -> Vec<Tallies> {
    let blocks = blocks(worlds, (seed, index));
    let empty = || worlds.iter().map(Tallies::new).collect::<Vec<_>>();
    // One piece of users per thread, each into one set of tallies: memory grows
    // with the threads, not with how finely rayon splits the work.
    let piece = blocks.len().div_ceil(rayon::current_num_threads()).max(1);
    blocks
        .par_chunks(piece)
        .map(|piece| {
            let (mut player, mut tallies) = (Player::default(), empty());
            for (cohort, users) in piece.iter().flatten() {
                let cohort = *cohort;
                for (v, world) in worlds.iter().enumerate().filter(|&(v, _)| playing[v]) {
                    let end = users.end.min(world.cohorts[cohort].users);
                    let users = users.start..end.max(users.start);
                    let variant = Replication {
                        world,
                        outages: &outages[v],
                        shares: &shares[v],
                        seed,
                        index,
                    };
                    play_users(&variant, cohort, users, &mut player, &mut tallies[v]);
                }
            }
            tallies
        })
        .reduce(empty, |mut a, b| {
            a.iter_mut().zip(b).for_each(|(x, y)| x.merge(y));
            a
        })
}

/// The users a replication plays, dealt in blocks of about `BLOCK`: each a
/// list of a cohort's runs of consecutive users. Variants may resize a cohort:
/// the deal walks the largest and each variant skips users it lacks.
fn blocks(worlds: &[World], (seed, index): (u64, u32)) -> Vec<Vec<(usize, Range<u32>)>> {
    let sampled = worlds[0].sampled;
    (0..worlds[0].cohorts.len())
        .flat_map(|c| {
            let most = worlds.iter().map(|w| w.cohorts[c].users).max().unwrap_or(0);
            match sampled < 1.0 {
                false => (0..most.div_ceil(BLOCK))
                    .map(|b| vec![(c, b * BLOCK..(b * BLOCK + BLOCK).min(most))])
                    .collect::<Vec<_>>(),
                true => systematic(
                    most,
                    sampled,
                    stream(seed, index, Purpose::named(SAMPLE), c as u64),
                )
                .chunks(BLOCK as usize)
                .map(|chunk| chunk.iter().map(|&u| (c, u..u + 1)).collect())
                .collect(),
            }
        })
        .collect()
}

const SAMPLE: &str = "sample_users";

/// A systematic sample of `users` positions, every one with chance `share`:
/// one in every 1/`share`, from a uniform start.
fn systematic(users: u32, share: f64, mut rng: Rng) -> Vec<u32> {
    let every = 1.0 / share;
    let start = rng.random::<f64>() * every;
    (0..)
        .map(|j| start + f64::from(j) * every)
        .take_while(|&at| at < f64::from(users))
        .map(|at| at as u32)
        .collect()
}
