//! The metrics a run reports, each defined once, here: its output name, the label
//! a reader sees on a chart axis or report row, its unit, whether it is a headline,
//! how one replication's value comes from the tally, and whether a world models
//! what it measures (`definitions`). Across replications every metric is the mean of its
//! per-replication values, with the interval of `interval`.

mod definitions;

use crate::engine::Tally;
use crate::model::World;
use crate::model::outages::Outages;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    Attempts,
    DenialRate,
    IdentityDenialRate,
    ResourceDenialRate,
    DelayedAttempts,
    DelayMeanSeconds,
    UsersLockedOut,
    LockoutHoursPer1kUsers,
    PromptsPerUserDay,
    MfaPromptsPerUserDay,
    ContingencySignInsPerUserDay,
    MfaWaivedSignIns,
    TokenRequestsPerUserDay,
    PeakTokenRequestsPerMin,
    PeakPromptsPerMin,
    PeakMfaPromptsPerMin,
    RevocationExposureMean,
    RevocationExposureP95,
    BackupRenewalsPerUserDay,
    FallbackActiveHours,
    WorkloadDenialRate,
    HelpdeskCallsPer1kUsers,
    PeakHelpdeskCallsPerHour,
    GaveUpAttempts,
    PolicyStalenessMean,
    PolicyStalenessP95,
    SignInStalenessMean,
    MfaWaivedSessionHoursPer1kUsers,
    BackupRenewalDataAgeMean,
    FallbackSessionHoursPer1kUsers,
    ThrottledRequests,
    RecoveryPeakRequestsPerMin,
}

/// The unit of a metric that is a fraction of a whole (of attempts, of users):
/// what readers see in percent.
pub const SHARE: &str = "share";

/// What a metric adds up over, and so how a sample of users estimates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// A mean or share over users, or over time: a sample's is unbiased.
    Mean,
    /// A count over everyone: the sample's count over each user's chance.
    Total,
    /// A busiest minute, a quantile, or a mean over events a replication's
    /// sample may not see at all (its 0 would pull the mean down): no sample
    /// stands for it.
    Population,
}

/// Everything about one metric.
pub struct Definition {
    pub name: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    /// Headline metrics are what a precision target must pin down.
    pub headline: bool,
    /// The metric's value in one replication (after the warm-up), from what its
    /// users tallied and, for the run-wide ones, its outages.
    pub value: fn(&Tally, &World, &Outages) -> f64,
    /// Whether the world models what the metric measures: lever metrics are only
    /// worth showing where the scenario uses the lever.
    pub applies: fn(&World) -> bool,
}

impl Definition {
    fn headline(self) -> Self {
        Definition {
            headline: true,
            ..self
        }
    }

    fn applies(self, applies: fn(&World) -> bool) -> Self {
        Definition { applies, ..self }
    }
}

impl Metric {
    /// Every metric, in the order of every output.
    pub const ALL: [Metric; 32] = [
        Metric::Attempts,
        Metric::DenialRate,
        Metric::IdentityDenialRate,
        Metric::ResourceDenialRate,
        Metric::DelayedAttempts,
        Metric::DelayMeanSeconds,
        Metric::UsersLockedOut,
        Metric::LockoutHoursPer1kUsers,
        Metric::PromptsPerUserDay,
        Metric::MfaPromptsPerUserDay,
        Metric::ContingencySignInsPerUserDay,
        Metric::MfaWaivedSignIns,
        Metric::TokenRequestsPerUserDay,
        Metric::PeakTokenRequestsPerMin,
        Metric::PeakPromptsPerMin,
        Metric::PeakMfaPromptsPerMin,
        Metric::RevocationExposureMean,
        Metric::RevocationExposureP95,
        Metric::BackupRenewalsPerUserDay,
        Metric::FallbackActiveHours,
        Metric::WorkloadDenialRate,
        Metric::HelpdeskCallsPer1kUsers,
        Metric::PeakHelpdeskCallsPerHour,
        Metric::GaveUpAttempts,
        Metric::PolicyStalenessMean,
        Metric::PolicyStalenessP95,
        Metric::SignInStalenessMean,
        Metric::MfaWaivedSessionHoursPer1kUsers,
        Metric::BackupRenewalDataAgeMean,
        Metric::FallbackSessionHoursPer1kUsers,
        Metric::ThrottledRequests,
        Metric::RecoveryPeakRequestsPerMin,
    ];

    pub fn name(self) -> &'static str {
        self.definition().name
    }

    pub fn label(self) -> &'static str {
        self.definition().label
    }

    pub fn unit(self) -> &'static str {
        self.definition().unit
    }

    /// A fraction of a whole (`SHARE`), shown in percent.
    pub fn is_share(self) -> bool {
        self.unit() == SHARE
    }

    /// Position in `ALL`, and so in every per-replication sample.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn by_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The metric's value in one replication (a sum of nothing is -0.0 in Rust:
    /// adding 0.0 makes it the 0 a reader expects).
    /// 0 where a sample of users cannot estimate it (see `applies`).
    pub fn value(self, tally: &Tally, world: &World, outages: &Outages) -> f64 {
        let value = || (self.definition().value)(tally, world, outages) + 0.0;
        match (self.extent(), world.sampled < 1.0) {
            (Extent::Total, _) => value() / world.sampled,
            (Extent::Population, true) => 0.0,
            _ => value(),
        }
    }

    /// Whether `world` models it, and a sample of users, if it plays one, estimates it.
    pub fn applies(self, world: &World) -> bool {
        (self.definition().applies)(world) && !self.sampled_away(world)
    }

    /// Whether `world` models it but plays a sample of users that cannot stand
    /// for everyone's (`Extent::Population`): not zero, unknown.
    pub fn sampled_away(self, world: &World) -> bool {
        world.sampled < 1.0
            && self.extent() == Extent::Population
            && (self.definition().applies)(world)
    }

    pub fn headlines() -> impl Iterator<Item = Metric> {
        Metric::ALL.into_iter().filter(|m| m.definition().headline)
    }
}

/// Files name metrics by their output name.
impl Serialize for Metric {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// A metric in a JSON output: one of the names of `ALL`.
impl schemars::JsonSchema for Metric {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Metric".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
        schemars::json_schema!({ "type": "string", "enum": names })
    }
}

impl<'de> Deserialize<'de> for Metric {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Metric::by_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown metric `{name}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::Metric;

    #[test]
    fn every_metric_is_listed_once_in_its_own_place() {
        for (i, m) in Metric::ALL.into_iter().enumerate() {
            assert_eq!(m.index(), i);
            assert_eq!(Metric::by_name(m.name()), Some(m));
        }
        let headlines: Vec<&str> = Metric::headlines().map(Metric::name).collect();
        assert_eq!(
            headlines,
            [
                "denial_rate",
                "users_locked_out",
                "prompts_per_user_day",
                "recovery_peak_requests_per_min"
            ]
        );
    }
}
