//! What the tests share: a scratch folder to run `authsim` in, and a simulation
//! checked against a value derived by hand.

#![allow(dead_code)] // each test file uses its own part of this

pub mod chromium;
pub mod cluster;
pub mod folders;
pub mod refusal;
pub mod summary;

use authsim::model::worlds;
use authsim::montecarlo::stats::Estimate;
use authsim::montecarlo::{RunResult, run};
use authsim::scenario::load_str;
use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// No authsim command in the tests may take longer: a hang fails its test.
pub const DEADLINE: Duration = Duration::from_secs(120);

/// Runs `command` to completion, its output captured; panics if it outlasts `limit`.
pub fn run_within(command: &mut Command, limit: Duration) -> Output {
    bounded(command, limit).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs `command` in a process group of its own, output captured; past `limit`
/// the whole group (an `sbatch --wait` included) is killed and an error returned.
pub fn bounded(command: &mut Command, limit: Duration) -> Result<Output, String> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
    // Drain both pipes while waiting, so a chatty child never blocks on a full one.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            return Err(format!("{command:?} ran past {limit:?}; killed"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Ok(Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    })
}

/// The bundled scenarios (scenarios/*.toml), sorted by name.
pub fn bundled_scenarios() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut scenarios: Vec<PathBuf> = fs::read_dir(root.join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    scenarios.sort();
    assert!(scenarios.len() >= 9, "the bundled scenarios are found");
    scenarios
}

/// A fresh directory under the system temp dir, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// `suite` and `test` name it, so parallel tests never share one.
    pub fn new(suite: &str, test: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("authsim-{suite}-{test}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn write(&self, file: &str, text: &str) {
        fs::write(self.0.join(file), text).unwrap();
    }

    pub fn read(&self, file: &str) -> String {
        fs::read_to_string(self.0.join(file)).unwrap()
    }

    /// Runs `authsim ARGS` in this folder.
    pub fn authsim(&self, args: &[&str]) -> Output {
        self.authsim_within(args, DEADLINE)
    }

    /// Runs `authsim ARGS` in this folder; the test fails if it outlasts `limit`.
    pub fn authsim_within(&self, args: &[&str], limit: Duration) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_authsim"));
        command.args(args).current_dir(&self.0);
        run_within(&mut command, limit)
    }

    /// Names of everything in the directory, hidden entries included.
    pub fn entries(&self) -> BTreeSet<String> {
        fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every variant of a test scenario, through the library.
pub fn simulate(toml: &str) -> RunResult {
    let loaded = load_str(toml, Path::new("test.toml")).expect("a valid test scenario");
    run(
        &worlds(&loaded),
        loaded.seed(),
        loaded.replications(),
        &|| {},
    )
}

/// The expected value lies inside the simulated 99% interval (widened by `slack`
/// where the estimate itself is known to be that coarse).
pub fn assert_inside(what: &str, e: Estimate, expected: f64, slack: f64) {
    let hw = e.half_width(0.99);
    assert!(
        (e.mean - expected).abs() <= hw + slack,
        "{what}: expected {expected:.6}, simulated {:.6} ± {hw:.6} (99%, n = {})",
        e.mean,
        e.n
    );
    // An interval so wide it would contain anything proves nothing.
    assert!(
        hw < 0.1 * expected.abs().max(1e-9),
        "{what}: interval ±{hw} too wide to test {expected}"
    );
}

/// A world whose truth is easy to derive: one user in continuous use (a Poisson
/// stream of uses, 2 an hour) whose every use is an interactive sign-in (access
/// tokens and sign-in frequency of 1 ms, no client retries) with a password, and
/// with SMS where MFA is required. By PASTA, the share of attempts denied in a
/// replication has as its expectation the share of the measured 14 days that some
/// component the sign-in needs is down. The MFA service fails at random (mean 50
/// days up, 4 hours down).
pub fn one_user_signing_in(
    replications: u32,
    seed: u64,
    token_service: &str,
    variants: &str,
) -> String {
    format!(
        r#"
[people]
give_up_after = 0
[simulation]
horizon = "15d"
warmup = "1d"
replications = {replications}
seed = {seed}
bucket = "1d"
[policy]
access_token_lifetime = "1ms"
sign_in_frequency = "1ms"
mfa = "never"
[components.token_service]
{token_service}
[components.mfa_service]
time_to_failure = {{ distribution = "exponential", mean = "50d" }}
time_to_repair = {{ distribution = "exponential", mean = "4h" }}
[methods.password]
factor = "first"
requires = []
[methods.sms]
factor = "second"
requires = ["mfa_service"]
[apps.mail]
early_renewal = false
retry = {{ attempts = 0 }}
[cohorts.staff]
users = 1
apps = ["mail"]
registrations = [{{ share = 1.0, methods = ["password", "sms"] }}]
activity = {{ hours = "00:00-24:00", days = "all", attempts_per_hour = 2 }}
{variants}
"#
    )
}

/// E[(L - A)+]: the validity left on the token in hand at a random instant, for
/// L uniform on [lo, hi], renewed x(L) after issue at the next use (uses a
/// Poisson stream, `gap` apart on average). By renewal-reward: over a cycle of
/// C = x(L) + W the validity left integrates to L m - m^2/2, m = min(L, C);
/// divide by the mean cycle. Integrated on a grid: L by the midpoint rule, W
/// by its quantiles.
pub fn validity_left(lo: f64, hi: f64, x: impl Fn(f64) -> f64, gap: f64) -> f64 {
    const N: usize = 400;
    const M: usize = 4000;
    let (mut left, mut cycle) = (0.0, 0.0);
    for i in 0..N {
        let l = lo + (hi - lo) * (i as f64 + 0.5) / N as f64;
        for j in 0..M {
            let w = -gap * (1.0 - (j as f64 + 0.5) / M as f64).ln();
            let c = x(l) + w;
            let m = l.min(c);
            left += l * m - m * m / 2.0;
            cycle += c;
        }
    }
    left / cycle
}

/// Sends `signal` (`-INT`, `-TERM`, `-KILL`) to `child` and waits until it
/// ends, failing the test if it has not `limit` after `start`.
pub fn signal_and_wait(
    child: &mut std::process::Child,
    signal: &str,
    start: std::time::Instant,
    limit: std::time::Duration,
) -> std::process::ExitStatus {
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args([signal, &pid])
            .status()
            .unwrap()
            .success()
    );
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(start.elapsed() < limit, "authsim ignored {signal}");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}
