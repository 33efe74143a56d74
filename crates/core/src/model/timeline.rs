//! A component's state over one replication: sorted, disjoint down windows.

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    pub start: f64,
    pub end: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Timeline {
    down: Vec<Window>,
}

impl Timeline {
    pub fn windows(&self) -> &[Window] {
        &self.down
    }

    pub fn clear(&mut self) {
        self.down.clear();
    }

    /// Adds windows in any order; `seal` sorts and merges them.
    pub fn push(&mut self, start: f64, end: f64) {
        if end > start {
            self.down.push(Window { start, end });
        }
    }

    pub fn extend(&mut self, other: &Timeline) {
        self.down.extend_from_slice(&other.down);
    }

    pub fn seal(&mut self) {
        self.down.sort_by(|a, b| a.start.total_cmp(&b.start));
        let mut merged = 0;
        for i in 0..self.down.len() {
            let w = self.down[i];
            if merged > 0 && w.start <= self.down[merged - 1].end {
                let last = &mut self.down[merged - 1];
                last.end = last.end.max(w.end);
            } else {
                self.down[merged] = w;
                merged += 1;
            }
        }
        self.down.truncate(merged);
    }

    /// Whether the component is up at `t`. Callers ask in time order, so the
    /// cursor only moves forward: a whole user's play costs one pass.
    #[inline]
    pub fn is_up(&self, cursor: &mut usize, t: f64) -> bool {
        self.up_until(cursor, t) > t
    }

    /// Until when the component stays up from `t`: the start of its next window,
    /// `t` itself if it is down at `t`, infinity if it never goes down again.
    /// The cursor moves as `is_up`'s.
    #[inline]
    pub fn up_until(&self, cursor: &mut usize, t: f64) -> f64 {
        while let Some(w) = self.down.get(*cursor) {
            if w.end <= t {
                *cursor += 1;
            } else {
                return if t < w.start { w.start } else { t };
            }
        }
        f64::INFINITY
    }

    /// `up_until` for callers that do not ask in time order.
    pub fn up_until_unordered(&self, t: f64) -> f64 {
        let mut after = self.down.partition_point(|w| w.end <= t);
        self.up_until(&mut after, t)
    }

    /// The first moment after `t` that the component goes down or comes back
    /// up (infinity: never), for callers that do not ask in time order.
    pub fn next_change_unordered(&self, t: f64) -> f64 {
        let after = self.down.partition_point(|w| w.end <= t);
        match self.down.get(after) {
            Some(w) if w.start <= t => w.end,
            Some(w) => w.start,
            None => f64::INFINITY,
        }
    }

    /// Whether `t` falls in a window, for callers that do not ask in time order.
    pub fn contains(&self, t: f64) -> bool {
        self.up_until_unordered(t) <= t
    }

    /// What comes of this timeline's windows once each has lasted `wait`: from
    /// `start + wait + delay` to `end + linger`, where that is not empty (sealed).
    pub fn after_lasting(&self, wait: f64, delay: f64, linger: f64) -> Timeline {
        let mut out = Timeline::default();
        for w in self.down.iter().filter(|w| w.end - w.start >= wait) {
            out.push(w.start + wait + delay, w.end + linger);
        }
        out.seal();
        out
    }

    /// Total down time inside `[from, to)`.
    pub fn down_time(&self, from: f64, to: f64) -> f64 {
        self.down
            .iter()
            .map(|w| (w.end.min(to) - w.start.max(from)).max(0.0))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_overlaps_and_answers_in_order() {
        let mut t = Timeline::default();
        t.push(10.0, 20.0);
        t.push(0.0, 5.0);
        t.push(15.0, 30.0);
        t.push(30.0, 31.0);
        t.seal();
        assert_eq!(
            t.windows(),
            &[
                Window {
                    start: 0.0,
                    end: 5.0
                },
                Window {
                    start: 10.0,
                    end: 31.0
                }
            ]
        );
        let mut c = 0;
        let answers: Vec<bool> = [0.0, 4.9, 5.0, 9.0, 10.0, 30.9, 31.0]
            .iter()
            .map(|&x| t.is_up(&mut c, x))
            .collect();
        assert_eq!(answers, [false, false, true, true, false, false, true]);
        assert_eq!(t.down_time(3.0, 12.0), 4.0);
        assert!(t.contains(10.0) && t.contains(30.5) && !t.contains(5.0) && !t.contains(31.0));
        let mut c = 0;
        assert_eq!(t.up_until(&mut c, 7.0), 10.0);
        assert_eq!(t.up_until(&mut c, 12.0), 12.0);
        assert_eq!(t.up_until(&mut c, 31.0), f64::INFINITY);
        assert_eq!(t.up_until_unordered(-1.0), 0.0);
        // Up until the next window's start, down until its end; 5.0 is up.
        let changes: Vec<f64> = [-1.0, 0.0, 4.9, 5.0, 10.0, 30.9, 31.0]
            .iter()
            .map(|&x| t.next_change_unordered(x))
            .collect();
        assert_eq!(changes, [0.0, 5.0, 5.0, 10.0, 31.0, 31.0, f64::INFINITY]);
        // Windows that last 3 s: from 3 s in, plus 1 s of delay, until 2 s after they end.
        let lasting: Vec<(f64, f64)> = t
            .after_lasting(3.0, 1.0, 2.0)
            .windows()
            .iter()
            .map(|w| (w.start, w.end))
            .collect();
        assert_eq!(lasting, [(4.0, 7.0), (14.0, 33.0)]);
    }
}
