//! A run folder's records found by design, slice and metric at once. The report
//! looks up every cohort's figure for every design; a scan of all rows for each
//! made it quadratic in cohorts (16 s for 3,000 one-user cohorts).

use authsim_core::montecarlo::metrics::Metric;
use authsim_export::records::Row;
use std::collections::HashMap;

/// A design, a slice (`cohort`, `app`) and a metric.
type Key<'a> = (&'a str, &'a str, &'a str, Metric);

pub struct Index<'a, R> {
    rows: HashMap<Key<'a>, &'a R>,
}

impl<'a, R> Index<'a, R> {
    /// Every row by its key; `metric` reads a record's metric. Of rows with the
    /// same key (none in a folder authsim wrote) the first is kept, as a scan finds it.
    pub fn new(rows: impl IntoIterator<Item = &'a Row<R>>, metric: impl Fn(&R) -> Metric) -> Self {
        let mut index = HashMap::new();
        for r in rows {
            let key = (
                r.variant.as_str(),
                r.cohort.as_str(),
                r.app.as_str(),
                metric(&r.fields),
            );
            index.entry(key).or_insert(&r.fields);
        }
        Index { rows: index }
    }

    pub fn get(&self, variant: &str, (cohort, app): (&str, &str), metric: Metric) -> Option<&'a R> {
        self.rows.get(&(variant, cohort, app, metric)).copied()
    }
}
