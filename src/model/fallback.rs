//! Hybrid fallback switches compiled: the method a switch replaces, the one it
//! brings in, and its delays in seconds.

use super::cohorts::Names;
use crate::scenario::Fallback;

#[derive(Debug, Clone)]
pub struct FallbackSpec {
    pub name: String,
    /// Methods by index: the one replaced, whose path the operator watches, and
    /// the one sign-ins use while the switch is in effect.
    pub method: usize,
    pub to: usize,
    /// Infinity: the operator never switches.
    pub decide_after: f64,
    pub propagation: f64,
    /// Infinity: the switch stays.
    pub switch_back: f64,
}

impl FallbackSpec {
    pub fn new(name: &str, f: &Fallback, names: &Names) -> Self {
        FallbackSpec {
            name: name.to_string(),
            method: names.method(&f.method),
            to: names.method(&f.to),
            decide_after: f.decide_after.seconds(),
            propagation: f.propagation.0,
            switch_back: f.switch_back.seconds(),
        }
    }
}
