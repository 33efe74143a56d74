//! Degradation windows compiled: a component up but failing a share of
//! requests, or answering slowly; and, for each set of needs, its components'
//! windows merged into disjoint ones that the engine reads with a cursor.

use crate::scenario::Degradation;

/// One window: from `start` to `end` each request fails with probability
/// `fail_share`, and one that does not is answered after `latency` seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slow {
    pub start: f64,
    pub end: f64,
    pub fail_share: f64,
    pub latency: f64,
}

impl Slow {
    pub fn new(d: &Degradation) -> Self {
        Slow {
            start: d.start.0,
            end: d.start.0 + d.duration.0,
            fail_share: d.fail_share.unwrap_or(0.0),
            latency: d.latency.map_or(0.0, |l| l.0),
        }
    }
}

/// Sorted, disjoint windows.
#[derive(Debug, Clone, Default)]
pub struct Degraded {
    windows: Vec<Slow>,
}

/// Where a request at some time stands against a set of needs' windows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum At {
    /// In this window.
    In(Slow),
    /// Not degraded until then (infinity: never again).
    Until(f64),
}

impl Degraded {
    /// The windows of several components merged: where they overlap a request
    /// needs each, so it fails unless every one lets it through (1 minus the
    /// product of their success shares), and its answer comes after the
    /// slowest (the components answer in parallel: an assumption).
    pub fn merge<'a>(lists: impl Iterator<Item = &'a [Slow]>) -> Self {
        let mut all: Vec<Slow> = lists.flatten().copied().collect();
        all.sort_by(|a, b| a.start.total_cmp(&b.start));
        let mut cuts: Vec<f64> = all.iter().flat_map(|w| [w.start, w.end]).collect();
        cuts.sort_by(f64::total_cmp);
        cuts.dedup();
        // A sweep over the cuts: the windows open at each (usually a few).
        let (mut open, mut next, mut windows) = (Vec::<Slow>::new(), 0, Vec::new());
        for cut in cuts.windows(2) {
            let (start, end) = (cut[0], cut[1]);
            while let Some(w) = all.get(next).filter(|w| w.start <= start) {
                open.push(*w);
                next += 1;
            }
            open.retain(|w| w.end > start);
            if open.is_empty() {
                continue;
            }
            windows.push(Slow {
                start,
                end,
                // 1 - (1 - a)(1 - b)...: a lone window's share as written.
                fail_share: open
                    .iter()
                    .fold(0.0, |p, w| p + w.fail_share - p * w.fail_share),
                latency: open.iter().map(|w| w.latency).fold(0.0, f64::max),
            });
        }
        Degraded { windows }
    }

    pub fn is_empty(&self) -> bool {
        self.windows.is_empty()
    }

    pub fn windows(&self) -> &[Slow] {
        &self.windows
    }

    /// Where `t` stands; callers ask in time order, so the cursor only moves forward.
    #[inline]
    pub fn at(&self, cursor: &mut usize, t: f64) -> At {
        while let Some(w) = self.windows.get(*cursor) {
            if w.end <= t {
                *cursor += 1;
            } else if w.start <= t {
                return At::In(*w);
            } else {
                return At::Until(w.start);
            }
        }
        At::Until(f64::INFINITY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_windows_fail_a_request_unless_each_lets_it_through() {
        let slow = |start, end, fail_share, latency| Slow {
            start,
            end,
            fail_share,
            latency,
        };
        let a = [slow(0.0, 10.0, 0.5, 0.0)];
        let b = [slow(5.0, 20.0, 0.2, 3.0)];
        let merged = Degraded::merge([&a[..], &b[..]].into_iter());
        assert_eq!(
            merged.windows(),
            &[
                slow(0.0, 5.0, 0.5, 0.0),
                slow(5.0, 10.0, 0.5 + 0.2 - 0.5 * 0.2, 3.0),
                slow(10.0, 20.0, 0.2, 3.0)
            ]
        );
        let mut cursor = 0;
        assert_eq!(merged.at(&mut cursor, -1.0), At::Until(0.0));
        assert_eq!(merged.at(&mut cursor, 7.0), At::In(merged.windows()[1]));
        assert_eq!(merged.at(&mut cursor, 20.0), At::Until(f64::INFINITY));
    }
}
