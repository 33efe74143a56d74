//! The scenarios shipped in `scenarios/`, built into the binary so `authsim run`
//! and `authsim init --from NAME` work from any folder.

use toml::Table;

/// A scenario built into the binary.
#[derive(Debug, Clone, Copy)]
pub struct Bundled {
    /// The file's stem: what `--from` takes.
    pub name: &'static str,
    /// Where it lives in the repository, to name it in outputs.
    pub path: &'static str,
    pub text: &'static str,
}

impl Bundled {
    /// The question it answers: its `description`.
    pub fn question(&self) -> String {
        let table: Table = toml::from_str(self.text).expect("a bundled scenario is TOML");
        table
            .get("description")
            .and_then(|d| d.as_str())
            .unwrap_or_default()
            .to_string()
    }

    pub fn named(name: &str) -> Option<Bundled> {
        BUNDLED.into_iter().find(|b| b.name == name)
    }
}

macro_rules! bundled {
    ($($name:literal),* $(,)?) => {
        [$(Bundled {
            name: $name,
            path: concat!("scenarios/", $name, ".toml"),
            text: include_str!(concat!("../../../../scenarios/", $name, ".toml")),
        }),*]
    };
}

/// Every bundled scenario, the default (what `run` and `init` use when given none) first.
pub const BUNDLED: [Bundled; 15] = bundled![
    "token-service-outage",
    "phone-carrier-outage",
    "federation-outage",
    "random-outages",
    "levers",
    "workloads",
    "retry-surge",
    "hybrid-organisation",
    "mfa-dependencies",
    "signing-key-removal",
    "second-factors",
    "certificates",
    "break-glass",
    "regional-incident",
    "annual-risk",
];
