//! The event queue of one user's play: time-ordered, ties broken by insertion order.

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// The user's next scheduled use of the app.
    Scheduled,
    /// The client retrying after a denial; stale once the app has succeeded since.
    Retry { generation: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    pub time: f64,
    /// Index into the cohort's apps.
    pub app: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Times are never negative, so their bit patterns sort like the numbers.
    key: (u64, u64),
    event: Event,
}

/// A user has a handful of pending events (the next use of each app, a retry or
/// two), so a short array kept in descending order beats a heap: the earliest event
/// is last, popping is O(1) and an insertion moves a few entries.
/// Reused from user to user: its storage is allocated once per worker.
#[derive(Debug, Default)]
pub struct EventQueue {
    entries: Vec<Entry>,
    seq: u64,
}

impl EventQueue {
    pub fn clear(&mut self) {
        self.entries.clear();
        self.seq = 0;
    }

    #[inline]
    pub fn push(&mut self, event: Event) {
        debug_assert!(event.time >= 0.0);
        self.seq += 1;
        let entry = Entry {
            key: (event.time.to_bits(), self.seq),
            event,
        };
        let at = self
            .entries
            .iter()
            .rposition(|e| e.key > entry.key)
            .map_or(0, |i| i + 1);
        self.entries.insert(at, entry);
    }

    #[inline]
    pub fn pop(&mut self) -> Option<Event> {
        self.entries.pop().map(|e| e.event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_order_then_insertion_order() {
        let mut q = EventQueue::default();
        for (time, app) in [(5.0, 0), (1.0, 1), (5.0, 2), (0.0, 3), (1.0, 4)] {
            q.push(Event {
                time,
                app,
                kind: Kind::Scheduled,
            });
        }
        let order: Vec<usize> = std::iter::from_fn(|| q.pop()).map(|e| e.app).collect();
        assert_eq!(order, [3, 1, 4, 0, 2]);
    }
}
