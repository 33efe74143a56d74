//! `[people]`: what a person does when access fails, for every cohort of people;
//! a cohort may override any field with `people = { ... }`. The defaults are
//! assumptions, reasoned in docs/model.md ("People during a failure").

use super::components::Distribution;
use super::duration::Duration;
use super::limits;
use super::path::{FieldPath, Problem};
use crate::units::HOUR;
use schemars::JsonSchema;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

/// How people behave when access fails, with every field given.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct People {
    /// Failed attempts in a row after which a person gives up for a while; 0:
    /// never (every scheduled use is tried, as authsim 0.4 did).
    #[serde(default = "give_up_after")]
    pub give_up_after: u32,
    /// How long a person who gave up stays away: a duration, or a law.
    #[serde(default = "come_back_after")]
    pub come_back_after: Wait,
    /// The share of people who call the help desk when they first give up in an
    /// incident (at most one call per incident).
    #[serde(default = "helpdesk_share")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub helpdesk_share: f64,
    /// A second factor the person saw fail is tried last while they are wary of it.
    #[serde(default = "switch_methods")]
    pub switch_methods: bool,
}

/// A cohort's overrides of `[people]`, field by field.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeopleOverride {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub give_up_after: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub come_back_after: Option<Wait>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub helpdesk_share: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub switch_methods: Option<bool>,
}

/// A wait: always the same length, or drawn from a law.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Wait {
    Fixed(Duration),
    Law(Distribution),
}

/// A string is a duration, a table a law, each with its own message.
impl<'de> Deserialize<'de> for Wait {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match toml::Value::deserialize(d)? {
            toml::Value::String(text) => text.parse().map(Wait::Fixed).map_err(D::Error::custom),
            toml::Value::Table(table) => {
                let named = table.get("distribution").and_then(toml::Value::as_str);
                if named.and_then(Distribution::law).is_none() {
                    let laws: Vec<&str> = Distribution::LAWS.iter().map(|(l, _)| *l).collect();
                    return Err(D::Error::custom(format!(
                        "name its `distribution`, one of {}",
                        laws.join(", ")
                    )));
                }
                let law = table
                    .try_into()
                    .map_err(|e: toml::de::Error| e.message().to_string());
                law.map(Wait::Law).map_err(D::Error::custom)
            }
            other => Err(D::Error::custom(format!(
                "expected a duration like \"2h\" or a table naming its `distribution` \
                 ({{ distribution = \"exponential\", mean = \"2h\" }}), got {other}"
            ))),
        }
    }
}

impl Wait {
    /// The law the wait is drawn from.
    pub fn law(&self) -> Distribution {
        match self {
            Wait::Fixed(value) => Distribution::Fixed { value: *value },
            Wait::Law(law) => *law,
        }
    }
}

impl Default for People {
    fn default() -> Self {
        People {
            give_up_after: give_up_after(),
            come_back_after: come_back_after(),
            helpdesk_share: helpdesk_share(),
            switch_methods: switch_methods(),
        }
    }
}

impl People {
    /// These settings with a cohort's overrides.
    pub fn with(&self, o: &PeopleOverride) -> People {
        People {
            give_up_after: o.give_up_after.unwrap_or(self.give_up_after),
            come_back_after: o
                .come_back_after
                .clone()
                .unwrap_or_else(|| self.come_back_after.clone()),
            helpdesk_share: o.helpdesk_share.unwrap_or(self.helpdesk_share),
            switch_methods: o.switch_methods.unwrap_or(self.switch_methods),
        }
    }

    /// Checks what serde cannot: the share is a probability, the wait a law
    /// that can be drawn.
    pub(super) fn check(&self, at: &FieldPath) -> Result<(), Problem> {
        let share = self.helpdesk_share;
        if !(0.0..=1.0).contains(&share) {
            return Err(Problem::new(
                at.key("helpdesk_share"),
                format!("must be a share from 0 to 1 of the people who give up, got {share}"),
            ));
        }
        limits::tail(&self.come_back_after.law(), &at.key("come_back_after"))
    }
}

/// Two failures in a row: the first may be a fluke, the second is not.
fn give_up_after() -> u32 {
    2
}
/// People come back at a later task, not in lockstep: three hours on average.
fn come_back_after() -> Wait {
    Wait::Law(Distribution::Exponential {
        mean: Duration::of(3.0 * HOUR),
    })
}
/// A quarter of those who give up call the help desk.
fn helpdesk_share() -> f64 {
    0.25
}
fn switch_methods() -> bool {
    true
}
