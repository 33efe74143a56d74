//! A cohort's people compiled: when they give up, for how long, whether they
//! call the help desk or switch methods, and the stream those draws come from.

use super::schedule::Sampler;
use crate::scenario::{Cohort, CohortKind, Scenario};
use crate::streams::Purpose;

#[derive(Debug, Clone)]
pub struct PeopleSpec {
    /// Failures in a row that make a person give up; 0: never.
    pub give_up_after: u32,
    pub come_back_after: Sampler,
    pub helpdesk_share: f64,
    pub switch_methods: bool,
    /// The come-back waits and the help-desk coin: a stream of their own, so
    /// every other draw is the same with people modelled or not.
    pub stream: Purpose,
    /// How long a person is wary of a method that failed: a stream apart, so
    /// switching methods or not leaves every give-up draw the same.
    pub wary_stream: Purpose,
}

impl PeopleSpec {
    /// Cohort `name`'s people: `[people]` with the cohort's overrides; workloads never give up.
    pub fn new(name: &str, c: &Cohort, s: &Scenario) -> Self {
        let p = s.people.with(&c.people.clone().unwrap_or_default());
        PeopleSpec {
            give_up_after: match c.kind {
                CohortKind::Workloads => 0,
                CohortKind::People => p.give_up_after,
            },
            come_back_after: Sampler::new(&p.come_back_after.law()),
            helpdesk_share: p.helpdesk_share,
            switch_methods: p.switch_methods,
            stream: Purpose::named(&format!("people/{name}")),
            wary_stream: Purpose::named(&format!("people-methods/{name}")),
        }
    }

    /// Whether people ever give up: otherwise every scheduled use is tried.
    pub fn give_up(&self) -> bool {
        self.give_up_after > 0
    }
}
