//! The event queue of one user's play: time-ordered, ties broken by insertion order.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

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

#[derive(Debug)]
struct Entry {
    /// Times are never negative, so their bit patterns sort like the numbers.
    time_bits: u64,
    seq: u64,
    event: Event,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        (self.time_bits, self.seq) == (other.time_bits, other.seq)
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// Reversed, so the max-heap pops the earliest event.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time_bits, other.seq).cmp(&(self.time_bits, self.seq))
    }
}

/// Reused from user to user: its storage is allocated once per worker.
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Entry>,
    seq: u64,
}

impl EventQueue {
    pub fn clear(&mut self) {
        self.heap.clear();
        self.seq = 0;
    }

    #[inline]
    pub fn push(&mut self, event: Event) {
        debug_assert!(event.time >= 0.0);
        self.seq += 1;
        self.heap.push(Entry { time_bits: event.time.to_bits(), seq: self.seq, event });
    }

    #[inline]
    pub fn pop(&mut self) -> Option<Event> {
        self.heap.pop().map(|e| e.event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_order_then_insertion_order() {
        let mut q = EventQueue::default();
        for (time, app) in [(5.0, 0), (1.0, 1), (5.0, 2), (0.0, 3), (1.0, 4)] {
            q.push(Event { time, app, kind: Kind::Scheduled });
        }
        let order: Vec<usize> = std::iter::from_fn(|| q.pop()).map(|e| e.app).collect();
        assert_eq!(order, [3, 1, 4, 0, 2]);
    }
}
