//! The event queue of one user's play.
//!
//! Each event source (an app's next scheduled use, its pending retry) holds at most
//! one pending event, so the queue is one slot per source: scheduling writes a slot,
//! and the next event is the earliest slot, ties going to the lower source. For the
//! handful of sources a user has this beats any heap, and it never allocates.
//!
//! Why the sources are in this order: ties are settled by the source, never by when
//! an event was pushed, so every variant and every thread count plays them alike.
//! Within an app the user's own use comes before the client's retry, so a use that
//! is served makes the retry at the same instant moot (it is cancelled); apps go in
//! the cohort's order; the revocation comes last, so an access at the very instant
//! of a revocation is served before the revocation takes effect.

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// The user's next scheduled use of the app.
    Scheduled,
    /// The client retrying a failed silent renewal.
    Retry,
    /// The user's credentials are revoked (one source per user, not per app).
    Revocation,
}

/// Sources per app: its next scheduled use and its pending retry.
const KINDS: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    pub time: f64,
    /// Index into the cohort's apps.
    pub app: usize,
    pub kind: Kind,
}

/// Reused from user to user: its storage is allocated once per worker.
#[derive(Debug, Default)]
pub struct EventQueue {
    /// Pending time per source (app * KINDS + kind, then the user's revocations);
    /// infinity when none.
    slots: Vec<f64>,
}

impl EventQueue {
    /// Empties the queue for a user with `apps` apps.
    pub fn reset(&mut self, apps: usize) {
        self.slots.clear();
        self.slots.resize(apps * KINDS + 1, f64::INFINITY);
    }

    fn source(&self, app: usize, kind: Kind) -> usize {
        match kind {
            Kind::Scheduled | Kind::Retry => app * KINDS + kind as usize,
            Kind::Revocation => self.slots.len() - 1,
        }
    }

    #[inline]
    pub fn push(&mut self, event: Event) {
        let source = self.source(event.app, event.kind);
        debug_assert!(
            self.slots[source].is_infinite(),
            "one pending event per source"
        );
        self.slots[source] = event.time;
    }

    /// App `app`'s next scheduled use, at `time` (infinity: none).
    #[inline]
    pub fn schedule(&mut self, app: usize, time: f64) {
        if time.is_finite() {
            self.push(Event {
                time,
                app,
                kind: Kind::Scheduled,
            });
        }
    }

    #[inline]
    pub fn is_pending(&self, app: usize, kind: Kind) -> bool {
        self.pending_at(app, kind).is_finite()
    }

    /// When the source's pending event comes; infinity when none.
    #[inline]
    pub fn pending_at(&self, app: usize, kind: Kind) -> f64 {
        self.slots[self.source(app, kind)]
    }

    #[inline]
    pub fn cancel(&mut self, app: usize, kind: Kind) {
        let source = self.source(app, kind);
        self.slots[source] = f64::INFINITY;
    }

    #[inline]
    pub fn pop(&mut self) -> Option<Event> {
        // Branch-free minimum: which slot is earliest is as good as random to the CPU.
        let (mut source, mut time) = (0, f64::INFINITY);
        for (i, &t) in self.slots.iter().enumerate() {
            let earlier = t < time;
            source = if earlier { i } else { source };
            time = if earlier { t } else { time };
        }
        if time == f64::INFINITY {
            return None;
        }
        self.slots[source] = f64::INFINITY;
        let kind = if source == self.slots.len() - 1 {
            Kind::Revocation
        } else if source % KINDS == 0 {
            Kind::Scheduled
        } else {
            Kind::Retry
        };
        Some(Event {
            time,
            app: source / KINDS,
            kind,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_order_then_source_order() {
        let mut q = EventQueue::default();
        q.reset(3);
        let e = |time, app, kind| Event { time, app, kind };
        for event in [
            e(5.0, 0, Kind::Scheduled),
            e(1.0, 2, Kind::Scheduled),
            e(5.0, 1, Kind::Retry),
            e(0.0, 1, Kind::Scheduled),
            e(1.0, 0, Kind::Retry),
        ] {
            q.push(event);
        }
        q.push(e(0.5, 0, Kind::Revocation));
        assert!(q.is_pending(1, Kind::Retry));
        q.cancel(1, Kind::Retry);
        assert!(!q.is_pending(1, Kind::Retry));
        let order: Vec<(usize, Kind)> = std::iter::from_fn(|| q.pop())
            .map(|e| (e.app, e.kind))
            .collect();
        assert_eq!(order[0], (1, Kind::Scheduled));
        assert_eq!(order[1].1, Kind::Revocation);
        assert_eq!(
            order[2..],
            [(0, Kind::Retry), (2, Kind::Scheduled), (0, Kind::Scheduled)]
        );
    }
}
