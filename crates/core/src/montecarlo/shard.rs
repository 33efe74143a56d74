//! A share of a run's replications, for splitting a run across machines: shard K
//! of N plays its own contiguous range, and replication i is the same in whichever
//! shard (or single run) plays it, so merged shards give the single run's result.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// From 1 to `count`, as a scheduler's array task ids run.
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// The replications this shard plays out of `total`.
    pub fn replications(&self, total: u32) -> Range<u32> {
        let at = |k: u32| (u64::from(k) * u64::from(total) / u64::from(self.count)) as u32;
        at(self.index - 1)..at(self.index)
    }

    /// Every shard of the split this one belongs to.
    pub fn siblings(self) -> impl Iterator<Item = Shard> {
        let count = self.count;
        (1..=count).map(move |index| Shard { index, count })
    }
}

/// The replications of a range as people write them: `0–9`, or `4`.
pub fn span(range: &Range<u32>) -> String {
    match range.len() {
        1 => range.start.to_string(),
        _ => format!("{}–{}", range.start, range.end - 1),
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let usage = || format!("{text}: give K/N, shard K of N with K from 1 to N, e.g. 1/3");
        let (k, n) = text.split_once('/').ok_or_else(usage)?;
        let number = |s: &str| s.trim().parse::<u32>().map_err(|_| usage());
        let (index, count) = (number(k)?, number(n)?);
        if count == 0 || index == 0 || index > count {
            return Err(usage());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_every_replication_once() {
        for total in [2, 3, 10, 31] {
            for count in 1..=total {
                let first = Shard { index: 1, count };
                let ranges: Vec<_> = first.siblings().map(|s| s.replications(total)).collect();
                assert_eq!(ranges[0].start, 0);
                assert_eq!(ranges.last().unwrap().end, total);
                assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
                assert!(ranges.iter().all(|r| !r.is_empty()));
            }
        }
    }

    #[test]
    fn parses_k_of_n() {
        assert_eq!("2/3".parse(), Ok(Shard { index: 2, count: 3 }));
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "-1/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
