//! `authsim docs [TOPIC]`: the documentation, built into the binary, since an
//! installed binary has no docs/ folder beside it.

use super::emit;
use authsim::error::Error;

/// Each page's topic, what it holds, and its text.
const PAGES: [(&str, &str, &str); 9] = [
    (
        "commands",
        "every subcommand and option",
        include_str!("../../docs/commands.md"),
    ),
    (
        "scenario",
        "the scenario format and its limits",
        include_str!("../../docs/scenario.md"),
    ),
    (
        "outputs",
        "the run folder, its files and slices",
        include_str!("../../docs/outputs.md"),
    ),
    (
        "metrics",
        "what each metric counts, in what unit",
        include_str!("../../docs/metrics.md"),
    ),
    (
        "model",
        "what happens on an access attempt, the levers, the dependency analysis",
        include_str!("../../docs/model.md"),
    ),
    (
        "cluster",
        "shards on Slurm and Kubernetes",
        include_str!("../../docs/cluster.md"),
    ),
    (
        "python",
        "the Python package: run folders as DataFrames, runs and sweeps from a notebook",
        include_str!("../../docs/python.md"),
    ),
    (
        "import",
        "a scenario inferred from the tenant's sign-in logs, registrations and policies",
        include_str!("../../docs/import.md"),
    ),
    (
        "development",
        "performance, what check's estimate rests on, the tests",
        include_str!("../../docs/development.md"),
    ),
];

pub fn docs(topic: Option<&str>) -> Result<(), Error> {
    let Some(topic) = topic else {
        let width = PAGES.iter().map(|p| p.0.len()).max().unwrap_or(0);
        let list: String = PAGES
            .iter()
            .map(|(name, what, _)| format!("  {name:width$}  {what}\n"))
            .collect();
        return emit(&format!(
            "The documentation of authsim {}, built in (Markdown; links name the other pages' files):\n\n{list}\n\
             `authsim docs TOPIC` prints one, e.g. `authsim docs commands | less`; `authsim generate man` writes the man page.\n",
            authsim::VERSION
        ));
    };
    match PAGES.iter().find(|p| p.0 == topic) {
        Some((_, _, text)) => emit(text),
        None => Err(Error::Usage(format!(
            "no documentation page `{topic}`; the pages are: {} (`authsim docs` lists them)",
            PAGES.map(|p| p.0).join(", ")
        ))),
    }
}
