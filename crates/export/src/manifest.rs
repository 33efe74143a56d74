//! What a folder whose replications are still being played is a run of: enough
//! to resume it on any machine, and to tell which shards belong together. A run
//! folder holds it as `incomplete.json` until its outputs are written; a shard
//! folder as `shard.json`, for good.

use super::Format;
use crate::{BUILD, VERSION, VERSION_AND_BUILD};
use authsim_core::error::{Error, Located};
use authsim_core::fnv;
use authsim_core::montecarlo::precision::PrecisionTarget;
use authsim_core::montecarlo::shard::Shard;
use authsim_core::scenario::{Request, RunPlan};
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
    /// `FORMAT_VERSION`; 0 in folders older than the field.
    #[serde(default)]
    pub format_version: u32,
    pub authsim_version: String,
    /// Of the code (`crate::BUILD`); empty in folders older than the field.
    #[serde(default)]
    pub authsim_build: String,
    /// The command line that started it: the finished run reports it.
    pub command: Vec<String>,
    pub request: Request,
    /// Replications planned (with `precision`, at most this many).
    pub replications: u32,
    pub seed: u64,
    pub shard: Option<Shard>,
    pub precision: Option<PrecisionTarget>,
    pub charts: bool,
    /// How its tables are written once it is finished; csv in folders older than the field.
    #[serde(default, skip_serializing_if = "Format::is_csv")]
    pub format: Format,
    /// Of the version, the build and the resolved scenario: its journal carries the same.
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
            format_version: super::FORMAT_VERSION,
            authsim_version: VERSION.to_string(),
            authsim_build: BUILD.to_string(),
            command,
            request,
            replications: precision
                .as_ref()
                .map_or(plan.replications(), |p| p.max_replications),
            seed: plan.seed(),
            shard,
            precision,
            charts,
            format: Format::Csv,
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
        if (
            manifest.authsim_version.as_str(),
            manifest.authsim_build.as_str(),
        ) != (VERSION, BUILD)
        {
            let theirs = match manifest.authsim_build.as_str() {
                "" => format!("{} (its build not recorded)", manifest.authsim_version),
                build => format!("{} ({build})", manifest.authsim_version),
            };
            return Err(Error::RunFolder(Located {
                file: path,
                at: None,
                message: format!(
                    "written by authsim {theirs}, and this is authsim {VERSION_AND_BUILD}: its replications may differ; go on with it, or merge it, with the build that wrote it, authsim {theirs}"
                ),
            }));
        }
        // A shard of the replications, in a shard folder's manifest alone.
        let shard = match (manifest.shard, path.ends_with(SHARD)) {
            (None, false) => return Ok(Some(manifest)),
            (Some(s), true)
                if s.index >= 1 && s.index <= s.count && s.count <= manifest.replications =>
            {
                return Ok(Some(manifest));
            }
            (None, true) => "no `shard`".to_string(),
            (Some(s), _) => format!("`shard` {s} of {} replications", manifest.replications),
        };
        Err(edited(
            &path,
            format!("{shard}, which no run of this folder plays"),
        ))
    }

    /// Refuses a manifest edited since its run started: its `request` must still
    /// resolve to the scenario of its `fingerprint`, which its journal's
    /// replications were played from, with the seed and replications it names.
    pub fn check(&self, dir: &Path, plan: &RunPlan) -> Result<(), Error> {
        // Where the request is as the run wrote it, the field beside it was edited.
        let original = fingerprint(plan) == self.fingerprint;
        let planned = self
            .precision
            .as_ref()
            .map_or(plan.replications(), |p| p.max_replications);
        let derived = [
            ("seed", self.seed, plan.seed()),
            ("replications", self.replications.into(), planned.into()),
        ];
        if let Some((field, has, gives)) = derived.into_iter().find(|(_, a, b)| a != b) {
            return Err(self.edited(
                dir,
                match original {
                    true => format!("`{field}` is {has} where its `request` gives {gives}"),
                    false => {
                        format!("`request` gives {field} {gives} where its `{field}` is {has}")
                    }
                },
            ));
        }
        if let Some(p) = &self.precision
            && p.min_replications != plan.replications()
        {
            return Err(self.edited(
                dir,
                format!(
                    "`precision.min_replications` is {} where its `request` gives {}",
                    p.min_replications,
                    plan.replications()
                ),
            ));
        }
        if !original {
            let request = match self.request.sets.is_empty() {
                true => "`request.source`",
                false => "`request.source` or `request.sets`",
            };
            return Err(self.edited(
                dir,
                format!(
                    "{request} gives a scenario whose hash is not its `fingerprint`, that of the resolved scenario its replications were played from"
                ),
            ));
        }
        Ok(())
    }

    /// The refusal of this manifest, in `dir`, edited after its run started.
    fn edited(&self, dir: &Path, what: String) -> Error {
        edited(&dir.join(self.file()), what)
    }
}

/// The refusal of the manifest at `path`, edited after its run started: the
/// journal's replications are of the run as it was, and nothing is changed.
fn edited(path: &Path, what: String) -> Error {
    let file = path.file_name().map_or("".into(), |f| f.to_string_lossy());
    Error::RunFolder(Located {
        file: path.to_path_buf(),
        at: None,
        message: format!(
            "{what}: the file was edited after its run started, and the replications in {JOURNAL} were played for the run as it was; nothing was changed: put {file} back as the run wrote it, or start the run again in a new folder"
        ),
    })
}

/// Of the version, the build and the resolved scenario: the same on every machine.
fn fingerprint(plan: &RunPlan) -> u64 {
    let text = format!("{VERSION}\n{BUILD}\n{}", plan.resolved_toml());
    fnv::add(fnv::START, text.as_bytes())
}
