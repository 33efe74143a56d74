//! Shard folders read back and checked against each other: together they must be
//! every shard of one run, each once and whole, written by this version. What
//! they hold is then every replication of the run, in index order, from which
//! the run's result is computed as a single machine would have.

use super::journal::{self, listed};
use super::manifest::{JOURNAL, Manifest, SHARD};
use super::whole;
use authsim_core::error::{Error, Located};
use authsim_core::montecarlo::ReplicationResult;
use authsim_core::montecarlo::shard::span;
use authsim_core::scenario::RunPlan;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub struct Merged {
    /// The first shard's: what every shard shares.
    pub manifest: Manifest,
    /// The run the shards played, from their manifests, which each match it.
    pub plan: RunPlan,
    pub replications: Vec<ReplicationResult>,
}

pub fn merge(dirs: &[PathBuf]) -> Result<Merged, Error> {
    let mut shards: BTreeMap<u32, (&Path, Manifest)> = BTreeMap::new();
    let mut first: Option<(&Path, Manifest)> = None;
    for dir in dirs {
        let manifest = read_shard(dir)?;
        let shard = manifest.shard.expect("read_shard checks");
        if let Some((one, m)) = &first {
            agree(one, m, dir, &manifest)?;
        } else {
            first = Some((dir, manifest.clone()));
        }
        if let Some((other, _)) = shards.get(&shard.index) {
            return Err(refuse(
                dir,
                format!(
                    "{} is shard {shard} too: each shard once (replications {} would count twice)",
                    other.display(),
                    span(&manifest.range())
                ),
            ));
        }
        shards.insert(shard.index, (dir, manifest));
    }
    let (_, manifest) = first.expect("at least one shard folder");
    let every = manifest.shard.expect("a shard").siblings();
    let missing: Vec<String> = every
        .filter(|s| !shards.contains_key(&s.index))
        .map(|s| {
            format!(
                "shard {s} (replications {})",
                span(&s.replications(manifest.replications))
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(Error::Usage(format!(
            "missing {}: give every shard folder of the run",
            missing.join(", ")
        )));
    }
    // The shards printed the scenario's warnings when they ran.
    let plan = manifest.request.plan()?;
    let mut replications = Vec::with_capacity(manifest.replications as usize);
    for (dir, m) in shards.values() {
        m.check(dir, &plan)?;
        let range = m.range();
        let mut recorded = journal::read(&dir.join(JOURNAL), m.fingerprint, range.clone())?;
        let sealed = whole::check_shard(dir)?;
        let lacking: Vec<u32> = range
            .clone()
            .filter(|i| !recorded.contains_key(i))
            .collect();
        if !lacking.is_empty() {
            return Err(refuse(
                dir,
                format!(
                    "shard {} lacks {} of its replications {} ({}): it was interrupted; `authsim run --resume {}` finishes it",
                    m.shard.expect("a shard"),
                    lacking.len(),
                    span(&range),
                    listed(&lacking),
                    dir.display()
                ),
            ));
        }
        if !sealed {
            return Err(refuse(
                dir,
                format!(
                    "shard {} holds its every replication but not the list of its files ({}) a shard writes when it finishes: it was stopped as it finished, or the list was removed; `authsim run --resume {}` finishes it",
                    m.shard.expect("a shard"),
                    whole::FILES_JSON,
                    dir.display()
                ),
            ));
        }
        replications.extend(range.filter_map(|i| recorded.remove(&i)));
    }
    Ok(Merged {
        manifest,
        plan,
        replications,
    })
}

fn read_shard(dir: &Path) -> Result<Manifest, Error> {
    if !dir.is_dir() {
        return Err(refuse(
            dir,
            "no such folder: give the folders `authsim run --shard K/N` wrote".to_string(),
        ));
    }
    match Manifest::read(dir)? {
        Some(m) if m.shard.is_some() => Ok(m),
        Some(_) => Err(refuse(
            dir,
            format!(
                "an unfinished run folder, not a shard: `authsim run --resume {}` finishes it",
                dir.display()
            ),
        )),
        None => Err(refuse(
            dir,
            format!(
                "not a shard folder (it has no {SHARD}): give the folders `authsim run --shard K/N` wrote"
            ),
        )),
    }
}

/// Two shards of one run: the same split of the same replications of the same
/// scenario and seed.
fn agree(a: &Path, m: &Manifest, b: &Path, n: &Manifest) -> Result<(), Error> {
    let (sa, sb) = (m.shard.expect("a shard"), n.shard.expect("a shard"));
    let differ = |what: String| {
        Err(refuse(
            b,
            format!(
                "{what}: shards of one run agree on it (compared with {})",
                a.display()
            ),
        ))
    };
    if m.seed != n.seed {
        return differ(format!("seed {} where the other has {}", n.seed, m.seed));
    }
    if m.replications != n.replications {
        return differ(format!(
            "{} replications where the other has {}",
            n.replications, m.replications
        ));
    }
    if sa.count != sb.count {
        return differ(format!("shard {sb} where the other is {sa}"));
    }
    if m.fingerprint != n.fingerprint {
        return differ("a different scenario (its resolved scenario differs)".to_string());
    }
    Ok(())
}

fn refuse(dir: &Path, message: String) -> Error {
    Error::RunFolder(Located {
        file: dir.to_path_buf(),
        at: None,
        message,
    })
}
