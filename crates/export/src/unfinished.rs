//! A run or shard folder while its replications are played. It holds its
//! manifest and a journal of the replications finished so far, so a run stopped
//! in any way can be resumed where it stopped, on any machine. A run folder is
//! made whole in a hidden staging folder and renamed into place, so any folder
//! under the run's name can be resumed. A run folder is finished once its
//! outputs are written and listed (`whole`): the manifest goes, whose absence
//! marks a finished folder, then the journal. A shard folder keeps both for
//! `merge`, listed once its every replication is in.
//!
//! A folder is resumed only as its run started: a manifest edited since is
//! refused, and no replication its journal holds is ever dropped.

use super::folder::Staging;
use super::journal::{JournalFile, listed};
use super::manifest::{JOURNAL, Manifest};
use super::{RESOLVED_SCENARIO, SUMMARY_JSON, whole};
use authsim_core::error::{Error, Located};
use authsim_core::scenario::{Request, RunPlan};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct Unfinished {
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub journal: JournalFile,
}

impl Unfinished {
    /// The folder with the manifest and an empty journal, staged and published
    /// (see `folder::Staging`) before any replication is played.
    pub fn start(target: &Path, named_here: bool, manifest: Manifest) -> Result<Self, Error> {
        let staging = Staging::new(target, named_here)?;
        manifest.write(staging.path())?;
        let mut journal = JournalFile::create(&staging.path().join(JOURNAL), manifest.fingerprint)?;
        let dir = staging.publish()?;
        journal.moved_to(&dir.join(JOURNAL));
        Ok(Unfinished {
            dir,
            manifest,
            journal,
        })
    }

    /// The folder `dir` to go on with, and its run plan, which `resolve` makes
    /// from the manifest's request; None where it is a finished run folder
    /// (whole: a damaged one is refused). The manifest must be as its run wrote
    /// it and the journal hold only replications it plays; a folder that is
    /// refused is left as it was.
    pub fn resume(
        dir: &Path,
        resolve: impl FnOnce(&Request) -> Result<RunPlan, Error>,
    ) -> Result<Option<(Self, RunPlan)>, Error> {
        let refuse = |message: String| {
            Error::RunFolder(Located {
                file: dir.to_path_buf(),
                at: None,
                message,
            })
        };
        if !dir.is_dir() {
            return Err(refuse(
                "not a folder: give a run or shard folder an interrupted run left".to_string(),
            ));
        }
        let Some(manifest) = Manifest::read(dir)? else {
            return match dir.join(SUMMARY_JSON).is_file() && dir.join(RESOLVED_SCENARIO).is_file() {
                true => whole::check_run(dir).map(|()| None),
                false => Err(refuse(
                    "not an authsim run or shard folder: it has no manifest (incomplete.json or shard.json) to resume from".to_string(),
                )),
            };
        };
        let plan = resolve(&manifest.request)?;
        manifest.check(dir, &plan)?;
        let journal =
            JournalFile::resume(&dir.join(JOURNAL), manifest.fingerprint, manifest.range())?;
        // The list of a shard that finished no longer holds while it is played.
        whole::unseal(dir)?;
        let unfinished = Unfinished {
            dir: dir.to_path_buf(),
            manifest,
            journal,
        };
        Ok(Some((unfinished, plan)))
    }

    /// A shard folder whose every replication is in: its manifest and journal
    /// listed (`whole`), for `merge` to tell it whole.
    pub fn seal_shard(&self) -> Result<(), Error> {
        whole::seal(&self.dir, [self.manifest.file(), JOURNAL])
    }

    /// Writes the outputs into the folder with `write`, then marks it finished:
    /// the manifest goes first, so a folder is never left half finished. Refused,
    /// with nothing written or removed, while the journal holds a replication
    /// the run did not reach (its manifest was edited: see `Manifest::check`).
    pub fn finish(self, write: impl FnOnce(&Path) -> Result<(), Error>) -> Result<PathBuf, Error> {
        let untaken = self.journal.untaken();
        if !untaken.is_empty() {
            return Err(Error::RunFolder(Located {
                file: self.dir.join(JOURNAL),
                at: None,
                message: format!(
                    "holds replications {} the run did not reach, so its manifest was edited after they were played; the run was not finished, and they are kept: put {} back as the run wrote it",
                    listed(&untaken),
                    self.manifest.file()
                ),
            }));
        }
        write(&self.dir)?;
        let journal = self.dir.join(JOURNAL);
        let manifest = self.dir.join(self.manifest.file());
        // Removed while still locked, so no other process takes the folder up.
        std::fs::remove_file(&manifest).map_err(Error::write(&manifest))?;
        std::fs::remove_file(&journal).map_err(Error::write(&journal))?;
        drop(self.journal);
        Ok(self.dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::INCOMPLETE;
    use authsim_core::model;
    use authsim_core::montecarlo::Runner;

    const SCENARIO: &str = r#"
[simulation]
horizon = "2d"
warmup = "1d"
replications = 3
[policy]
mfa = "never"
[components.token_service]
[methods.password]
factor = "first"
requires = []
[apps.mail]
[cohorts.staff]
users = 5
apps = ["mail"]
registrations = [{ share = 1.0, methods = ["password"] }]
"#;

    #[test]
    fn a_run_that_does_not_reach_every_recorded_replication_is_not_finished() {
        let parent =
            std::env::temp_dir().join(format!("authsim-unfinished-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&parent);
        let request = Request {
            file: "s.toml".into(),
            source: SCENARIO.to_string(),
            sets: Vec::new(),
            seed: None,
            replications: None,
        };
        let plan = request.plan().unwrap();
        let manifest = Manifest::new(&plan, request, Vec::new(), None, None, false);
        let started = Unfinished::start(&parent.join("run"), false, manifest).unwrap();
        let worlds = model::worlds(&plan);
        Runner::new(&worlds, plan.seed())
            .replications(0..3, &started.journal, &|| {})
            .unwrap();
        let dir = started.dir.clone();
        drop(started);
        // Resumed, but finished before the run takes what the journal holds.
        let (resumed, _) = Unfinished::resume(&dir, Request::plan).unwrap().unwrap();
        let e = resumed.finish(|_| unreachable!()).unwrap_err().to_string();
        assert!(
            e.contains("replications.journal: holds replications 0, 1, 2 the run did not reach"),
            "{e}"
        );
        assert!(dir.join(JOURNAL).is_file() && dir.join(INCOMPLETE).is_file());
        let _ = std::fs::remove_dir_all(&parent);
    }
}
