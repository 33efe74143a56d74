//! What a folder whose replications are still being played is a run of: enough
//! to resume it on any machine, and to tell which shards belong together. A run
//! folder holds it as `incomplete.json` until its outputs are written; a shard
//! folder as `shard.json`, for good.

use crate::VERSION;
use crate::error::{Error, Located};
use crate::montecarlo::precision::PrecisionTarget;
use crate::montecarlo::shard::Shard;
use crate::scenario::{Request, RunPlan};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The manifest of a run folder not yet finished: its presence says so.
pub const INCOMPLETE: &str = "incomplete.json";
/// The manifest of a shard folder.
pub const SHARD: &str = "shard.json";
/// The finished replications of either (see `journal`).
pub const JOURNAL: &str = "replications.journal";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub authsim_version: String,
    /// The command line that started it: the finished run reports it.
    pub command: Vec<String>,
    pub request: Request,
    /// Replications planned (with `precision`, at most this many).
    pub replications: u32,
    pub seed: u64,
    pub shard: Option<Shard>,
    pub precision: Option<PrecisionTarget>,
    pub charts: bool,
    /// Of the version and the resolved scenario: its journal carries the same.
    pub fingerprint: u64,
}

impl Manifest {
    pub fn new(
        plan: &RunPlan,
        request: Request,
        command: Vec<String>,
        shard: Option<Shard>,
        precision: Option<PrecisionTarget>,
        charts: bool,
    ) -> Manifest {
        Manifest {
            authsim_version: VERSION.to_string(),
            command,
            request,
            replications: precision.map_or(plan.replications(), |p| p.max_replications),
            seed: plan.seed(),
            shard,
            precision,
            charts,
            fingerprint: fingerprint(plan),
        }
    }

    /// The file it is kept in.
    pub fn file(&self) -> &'static str {
        match self.shard {
            Some(_) => SHARD,
            None => INCOMPLETE,
        }
    }

    /// The replications its folder plays.
    pub fn range(&self) -> std::ops::Range<u32> {
        self.shard
            .map_or(0..self.replications, |s| s.replications(self.replications))
    }

    /// Into the folder's staging copy, which is published only once it holds it.
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        let path = dir.join(self.file());
        let text = serde_json::to_string_pretty(self).expect("a manifest serializes") + "\n";
        std::fs::write(&path, text).map_err(Error::write(&path))
    }

    /// The manifest of `dir`, a run folder not yet finished or a shard folder;
    /// None where it has neither.
    pub fn read(dir: &Path) -> Result<Option<Manifest>, Error> {
        let Some(path) = [INCOMPLETE, SHARD]
            .map(|f| dir.join(f))
            .into_iter()
            .find(|p| p.exists())
        else {
            return Ok(None);
        };
        let manifest: Manifest = super::json::read_json(&path)?;
        if manifest.authsim_version != VERSION {
            return Err(Error::RunFolder(Located {
                file: path,
                at: None,
                message: format!(
                    "written by authsim {}, and this is {VERSION}: its replications may differ; use authsim {} to go on with it",
                    manifest.authsim_version, manifest.authsim_version
                ),
            }));
        }
        Ok(Some(manifest))
    }
}

/// FNV-1a of the version and the resolved scenario: stable across builds and
/// machines, which the standard library's hasher does not promise.
fn fingerprint(plan: &RunPlan) -> u64 {
    let text = format!("{VERSION}\n{}", plan.resolved_toml());
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
