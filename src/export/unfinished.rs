//! A run or shard folder while its replications are played. It holds its
//! manifest and a journal of the replications finished so far, so a run stopped
//! in any way can be resumed where it stopped, on any machine. A run folder is
//! made whole in a hidden staging folder and renamed into place, so any folder
//! under the run's name can be resumed. A run folder is finished once its
//! outputs are written: the manifest goes, whose absence marks a finished
//! folder, then the journal. A shard folder keeps both for `merge`.

use super::folder::Staging;
use super::journal::JournalFile;
use super::manifest::{JOURNAL, Manifest};
use super::{RESOLVED_SCENARIO, SUMMARY_JSON};
use crate::error::{Error, Located};
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

    /// The folder `dir` to go on with; None where it is a finished run folder.
    pub fn resume(dir: &Path) -> Result<Option<Self>, Error> {
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
                true => Ok(None),
                false => Err(refuse(
                    "not an authsim run or shard folder: it has no manifest (incomplete.json or shard.json) to resume from".to_string(),
                )),
            };
        };
        let journal = JournalFile::resume(&dir.join(JOURNAL), manifest.fingerprint)?;
        Ok(Some(Unfinished {
            dir: dir.to_path_buf(),
            manifest,
            journal,
        }))
    }

    /// Writes the outputs into the folder with `write`, then marks it finished:
    /// the manifest goes first, so a folder is never left half finished.
    pub fn finish(self, write: impl FnOnce(&Path) -> Result<(), Error>) -> Result<PathBuf, Error> {
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
