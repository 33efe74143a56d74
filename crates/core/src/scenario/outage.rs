//! A fixed outage window: written by hand (`start`, `duration`, optionally
//! `every`), or a replay of a public incident (`incident`, optionally `start`),
//! which lasts as long as the incident did.

use super::duration::{Duration, Offset};
use super::incidents;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A fixed outage window, optionally recurring.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "Written", into = "Written")]
pub struct Outage {
    /// From the simulation's start, a Monday 00:00 UTC: "2d 09:00" is Wednesday 09:00.
    pub start: Offset,
    /// How long each window lasts.
    pub duration: Duration,
    /// Recurs this often.
    pub every: Option<Duration>,
    /// A regional component's regions this outage hits; none: every region.
    pub regions: Vec<String>,
    /// The incident it replays, if any.
    pub incident: Option<Replay>,
}

/// An outage that replays an incident of the library (`authsim incidents`).
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    pub id: String,
    /// Whether the scenario left the start to the incident's own weekday and
    /// time of day (placed once the warm-up is known: `Outage::place`; still
    /// true after, for messages about where it landed).
    pub at_own_time: bool,
}

impl Outage {
    /// A replay without a start moves to its incident's weekday and UTC time of
    /// day, in the first week at or after the warm-up.
    pub fn place(&mut self, warmup: f64) {
        let Some(replay) = self.incident.as_ref().filter(|r| r.at_own_time) else {
            return;
        };
        if let Some(incident) = incidents::find(&replay.id) {
            self.start = Offset::of(incident.default_start(warmup));
        }
    }
}

/// An outage as a scenario writes it.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename = "Outage")]
struct Written {
    /// From the simulation's start, a Monday 00:00 UTC: "2d 09:00" is Wednesday 09:00.
    /// For an incident, none: its own weekday and UTC time of day, in the first
    /// week at or after the warm-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    start: Option<Offset>,
    /// How long each window lasts; an incident lasts as long as it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    duration: Option<Duration>,
    /// Recurs this often (not an incident).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    every: Option<Duration>,
    /// A regional component's regions this outage hits; none: every region.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    regions: Vec<String>,
    /// A public incident to replay (`authsim incidents` lists them): the window
    /// of its duration, for every user (the worst case for a tenant it hit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    incident: Option<String>,
}

impl TryFrom<Written> for Outage {
    type Error = String;

    fn try_from(w: Written) -> Result<Outage, String> {
        let Some(id) = w.incident else {
            let missing = |key: &str| format!("missing field `{key}`");
            return Ok(Outage {
                start: w.start.ok_or_else(|| missing("start"))?,
                duration: w.duration.ok_or_else(|| missing("duration"))?,
                every: w.every,
                regions: w.regions,
                incident: None,
            });
        };
        let incident = incidents::find(&id).ok_or_else(|| incidents::unknown(&id))?;
        if w.duration.is_some() {
            return Err(format!(
                "incident \"{id}\" lasts as long as it did ({}): remove `duration`, or remove `incident` to write the window by hand",
                super::duration::format_seconds(incident.duration())
            ));
        }
        if w.every.is_some() {
            return Err(format!(
                "incident \"{id}\" happened once: remove `every`, or write a recurring window by hand"
            ));
        }
        Ok(Outage {
            // Placed by `place` once the warm-up is known.
            start: w.start.unwrap_or(Offset::of(0.0)),
            duration: Duration::of(incident.duration()),
            every: None,
            regions: w.regions,
            incident: Some(Replay {
                id,
                at_own_time: w.start.is_none(),
            }),
        })
    }
}

impl From<Outage> for Written {
    /// A replay is written back with its start and without the duration it
    /// takes from the incident, so the resolved file loads again.
    fn from(o: Outage) -> Written {
        let replay = o.incident.map(|r| r.id);
        Written {
            start: Some(o.start),
            duration: replay.is_none().then_some(o.duration),
            every: o.every,
            regions: o.regions,
            incident: replay,
        }
    }
}

impl JsonSchema for Outage {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        Written::schema_name()
    }

    /// As written, with what makes a window: an incident, or a start and a duration.
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = Written::json_schema(generator);
        schema.insert(
            "anyOf".to_string(),
            serde_json::json!([{ "required": ["incident"] }, { "required": ["start", "duration"] }]),
        );
        schema
    }
}

impl super::Scenario {
    /// Every replay without a start placed at its incident's own time (`Outage::place`).
    pub(super) fn place_replays(mut self) -> Self {
        let warmup = self.simulation.warmup.0;
        let components = self.components.values_mut().map(|c| &mut c.outages);
        let events = self.common_cause.values_mut().map(|e| &mut e.outages);
        for outage in components.chain(events).flatten() {
            outage.place(warmup);
        }
        self
    }
}
