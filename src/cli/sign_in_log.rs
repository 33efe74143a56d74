//! `run --sign-in-log FILE`: the simulated sign-ins of replication 0 of the
//! base scenario, as a Graph `signIn` log (JSON lines), for a sample of the
//! users. Every flag is checked before the run starts; the log is written once
//! the run folder is finished, so the run's results are whole whatever becomes
//! of the log.

use authsim::error::Error;
use authsim::model::World;
use authsim::montecarlo::sign_in_log::{REPLICATION, samples_anyone, sign_in_log};
use authsim_signins::write::{DEFAULT_START, Destination, Writer, check_span, parse_start};
use clap::Args;
use std::path::{Path, PathBuf};

/// Scenarios up to this many users are logged whole by default; above it a
/// sample must be given (a log of every request of a large population is
/// gigabytes).
pub const WHOLE_UP_TO: u64 = 10_000;

/// The note the run folder gets of the log written beside it.
pub const NOTE: &str = "sign_in_log.json";

#[derive(Args, Default)]
pub struct SignInLogOptions {
    /// Also write the simulated sign-ins of replication 0 of the base scenario to
    /// FILE as Graph signIn records, one JSON object per line (`.gz`: gzip). FILE
    /// must not exist.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["resume", "shard"])]
    pub sign_in_log: Option<PathBuf>,
    /// The share of each cohort's users logged, whole users chosen by the seed,
    /// above 0 and at most 1 (default: 1 for scenarios of at most 10000 users,
    /// otherwise required).
    #[arg(long, value_name = "FRACTION", requires = "sign_in_log")]
    pub sign_in_log_sample: Option<f64>,
    /// The date of time zero, a Monday as YYYY-MM-DD (default: 2024-01-01).
    #[arg(long, value_name = "DATE", requires = "sign_in_log")]
    pub sign_in_log_start: Option<String>,
}

/// The log's flags given to `sweep`, hidden: taken only to refuse them by name
/// (clap alone would suggest passing `--sign-in-log` as a value).
#[derive(Args)]
pub struct RunOnly {
    #[arg(long = "sign-in-log", hide = true)]
    log: Option<String>,
    #[arg(long = "sign-in-log-sample", hide = true)]
    sample: Option<String>,
    #[arg(long = "sign-in-log-start", hide = true)]
    start: Option<String>,
}

impl RunOnly {
    pub fn refuse(&self) -> Result<(), Error> {
        let given = [
            (&self.log, "--sign-in-log"),
            (&self.sample, "--sign-in-log-sample"),
            (&self.start, "--sign-in-log-start"),
        ];
        match given.iter().find(|(value, _)| value.is_some()) {
            Some((_, flag)) => Err(Error::Usage(format!(
                "{flag} is for run only: a sweep plays many variants and the log is of one scenario; give the variant's values in a scenario file and `authsim run FILE --sign-in-log LOG`"
            ))),
            None => Ok(()),
        }
    }
}

/// A log asked for, its flags checked.
pub struct Planned {
    file: PathBuf,
    sample: f64,
    start: i64,
}

impl SignInLogOptions {
    /// Checks the flags against the run's base world and seed, and that FILE
    /// can be made; `None` where no log is asked for.
    pub fn plan(&self, base: &World, seed: u64) -> Result<Option<Planned>, Error> {
        let Some(file) = &self.sign_in_log else {
            return Ok(None);
        };
        let users = base.users();
        let sample = match self.sign_in_log_sample {
            Some(s) if s > 0.0 && s <= 1.0 => s,
            Some(s) => {
                return Err(Error::Usage(format!(
                    "--sign-in-log-sample {s}: give the share of users to log, above 0 and at most 1, e.g. 0.1"
                )));
            }
            None if users <= WHOLE_UP_TO => 1.0,
            None => {
                let share = WHOLE_UP_TO as f64 / users as f64;
                return Err(Error::Usage(format!(
                    "--sign-in-log: the scenario has {users} users, above the {WHOLE_UP_TO} logged whole by default; give --sign-in-log-sample, e.g. {share:.2} for about {WHOLE_UP_TO}"
                )));
            }
        };
        if !samples_anyone(base, seed, sample) {
            return Err(Error::Usage(format!(
                "--sign-in-log-sample {sample:?}: selects 0 of the scenario's {users} users with seed {seed} (about {:.1e} expected), an empty log; give at least {:.2e} for about one user",
                sample * users as f64,
                1.0 / users.max(1) as f64
            )));
        }
        let text = self.sign_in_log_start.as_deref();
        let start = match text {
            Some(text) => parse_start(text)
                .map_err(|why| Error::Usage(format!("--sign-in-log-start {why}")))?,
            None => DEFAULT_START,
        };
        check_span(start, base.horizon).map_err(|why| {
            let date = text.unwrap_or("(default 2024-01-01)");
            Error::Usage(format!("--sign-in-log-start {date}: {why}"))
        })?;
        let refuse = |why: &str| Error::Usage(format!("--sign-in-log {}: {why}", file.display()));
        super::markdown::new_file(file).map_err(|why| refuse(&why))?;
        Ok(Some(Planned {
            file: file.clone(),
            sample,
            start,
        }))
    }
}

impl Planned {
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Plays and writes the log; notes it in the finished run folder `folder`.
    /// Returns the records written.
    pub fn write(&self, base: &World, seed: u64, folder: &Path) -> Result<u64, Error> {
        let failed = Error::write(&self.file);
        let out = Destination::create(&self.file).map_err(Error::write(&self.file))?;
        let mut writer = Writer::new(base, seed, self.start, out);
        let mut records = 0u64;
        sign_in_log(base, seed, self.sample, &mut |events| {
            records += events.len() as u64;
            writer.write(events)
        })
        .map_err(Error::write(&self.file))?;
        writer.into_inner().finish().map_err(failed)?;
        let note = serde_json::json!({
            "file": self.file.display().to_string(),
            "format": "Microsoft Graph signIn records, one JSON object per line",
            "variant": base.variant,
            "replication": REPLICATION,
            "seed": seed,
            "sample": self.sample,
            "start": self.start,
            "records": records,
        });
        let path = folder.join(NOTE);
        std::fs::write(&path, format!("{note:#}\n")).map_err(Error::write(&path))?;
        Ok(records)
    }
}
