//! For tests/slurm.rs: whether a Slurm cluster is reachable.

use super::bounded;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

/// Bound on anything the tests run but a whole submission.
pub const LIMIT: Duration = Duration::from_secs(60);

/// Why no Slurm cluster can be used here, if none can.
pub fn no_cluster() -> Option<String> {
    match std::env::var_os("SLURM_CONF") {
        // Client commands retry for a minute when the configuration is missing.
        Some(conf) if !Path::new(&conf).is_file() => {
            return Some(format!(
                "SLURM_CONF={} is not a file",
                conf.to_string_lossy()
            ));
        }
        None if !Path::new("/etc/slurm/slurm.conf").is_file() => {
            return Some("SLURM_CONF is not set and there is no /etc/slurm/slurm.conf".into());
        }
        _ => {}
    }
    let out = match bounded(Command::new("sinfo").args(["-h", "-o", "%t"]), LIMIT) {
        Ok(out) => out,
        Err(e) => return Some(format!("sinfo: {e}")),
    };
    let states = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Some(format!(
            "sinfo failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    // A node that can take jobs (idle, partly or fully allocated, completing).
    let usable = ["idle", "mix", "alloc", "comp"];
    if !states.split_whitespace().any(|s| usable.contains(&s)) {
        return Some(format!("no node can take jobs (sinfo: {})", states.trim()));
    }
    None
}

/// Whether to go on with a Slurm test: false (with the reason printed) where no
/// cluster is reachable; a panic instead where AUTHSIM_REQUIRE_SLURM=1.
pub fn cluster_reachable(test: &str) -> bool {
    let Some(why) = no_cluster() else { return true };
    if std::env::var("AUTHSIM_REQUIRE_SLURM").as_deref() == Ok("1") {
        panic!(
            "{test}: AUTHSIM_REQUIRE_SLURM=1 but no Slurm cluster is reachable: {why}. \
             Start a local one (as root) with `deploy/slurm/local-cluster.sh start` and \
             `. ${{TMPDIR:-/tmp}}/authsim-slurm/env`, or unset AUTHSIM_REQUIRE_SLURM to skip"
        );
    }
    eprintln!(
        "{test}: skipped, no Slurm cluster: {why} (deploy/slurm/local-cluster.sh start makes one)"
    );
    false
}

pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
