//! The help's closing sections: exit codes, where the documentation is, and
//! examples (the long help, `--help`, only: `-h` stays short).

/// Where an installed binary's reader finds the documentation: in the binary
/// itself, since no docs/ folder is installed beside it.
macro_rules! documentation {
    () => {
        "Documentation: `authsim docs` lists the pages built into this binary (commands, scenario, outputs, \
metrics, model, cluster, python, development) and `authsim docs TOPIC` prints one; `authsim generate man` writes the man \
page; `authsim schema` prints the scenario format for editors."
    };
}

macro_rules! exit_codes {
    () => {
        "Exit codes: 0 success, 2 bad input (scenario or command line), 1 failure while writing results or an \
internal failure, 130 interrupted."
    };
}

/// `authsim -h`.
pub const TOP: &str = concat!(exit_codes!(), "\n\n", documentation!());

/// `authsim --help`.
pub const TOP_LONG: &str = concat!(
    "Examples:
  authsim init my.toml                 write a commented starter scenario to edit
  authsim check my.toml                validate it and see what a run would be
  authsim run my.toml -n 50 -j 8       50 replications on 8 threads, a run folder under results/
  authsim sweep my.toml --set policy.access_token_lifetime=1h,4h,8h
  cat my.toml | authsim run -          the scenario from standard input
  authsim scenarios --json             the bundled scenarios, for scripts

Environment:
  AUTHSIM_THREADS      default for --threads
  AUTHSIM_RESULTS_DIR  default for --results-dir, where new run folders go (--out wins)

",
    exit_codes!(),
    "\n\n",
    documentation!()
);

/// `authsim run --help`.
pub const RUN: &str = "Examples:
  authsim run                               ./scenario.toml, else the bundled default
  authsim run my.toml -s 7 -n 100 -o out/7  seed 7, 100 replications, into out/7
  authsim run my.toml --precision 0.05      replications until every headline metric is within 5%
  authsim run my.toml --json > run.json     the summary and comparison as JSON
  authsim run my.toml --shard 2/4           a quarter of the replications, for `authsim merge`
  authsim run --resume results/my-seed1-... go on with an interrupted run

Every option: `authsim docs commands`.";

/// `authsim sweep --help`.
pub const SWEEP: &str = "Examples:
  authsim sweep my.toml --set policy.access_token_lifetime=1h,4h,8h
  authsim sweep my.toml --set policy.access_token_lifetime=1h,8h --set policy.sign_in_frequency=1d,90d -n 40

Paths and values: `authsim docs commands` and `authsim docs scenario`.";

/// `authsim analyze --help`.
pub const ANALYZE: &str = "Examples:
  authsim analyze my.toml                   trees, single points of failure, cut sets
  authsim analyze my.toml --simulate -n 40  and each component's simulated importance
  authsim analyze my.toml --json | jq '.analysis.variants[0].single_points'

What the analysis assumes: `authsim docs model`.";

/// `authsim check --help`.
pub const CHECK: &str = "Examples:
  authsim check my.toml
  authsim check my.toml --json | jq .estimated_run_time_s
  authsim check - < my.toml

What the estimate rests on: `authsim docs development`.";

/// `authsim generate --help`.
pub const GENERATE: &str = "Examples:
  authsim generate man > ~/.local/share/man/man1/authsim.1 && man authsim
  authsim generate complete-bash > ~/.local/share/bash-completion/completions/authsim
  authsim generate complete-zsh > \"${fpath[1]}/_authsim\"
  authsim generate complete-fish > ~/.config/fish/completions/authsim.fish
  authsim generate complete-powershell >> $PROFILE";
