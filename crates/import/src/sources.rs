//! The exports read, each once, streaming: sign-in logs into the aggregator,
//! the registration report into each user's mix, the policies as a list.

use crate::aggregate::Aggregator;
use crate::infer::Report;
use crate::registrations;
use crate::summary::Source;
use authsim_core::error::Error;
use authsim_signins::read::{self, ReadStats};
use authsim_signins::record::{AccessPolicy, UserType};
use std::path::Path;

fn source(file: &Path, stats: ReadStats) -> Source {
    Source {
        file: file.display().to_string(),
        format: stats.format.to_string(),
        records: stats.records,
        set_aside: stats.set_aside,
        span: stats.span,
    }
}

pub fn sign_ins(file: &Path, field: Option<&str>, agg: &mut Aggregator) -> Result<Source, Error> {
    let stats = read::sign_ins(file, field, &mut |s| agg.add(s))?;
    Ok(source(file, stats))
}

pub fn registrations(file: &Path) -> Result<(Report, Source), Error> {
    let mut report = Report::default();
    let stats = read::registrations(file, &mut |r| {
        let (mix, unknown) = registrations::from_report(&r);
        report.unknown_methods += unknown as u64;
        report
            .users
            .insert(r.user, (r.user_type == Some(UserType::Guest), mix));
    })?;
    Ok((report, source(file, stats)))
}

pub fn policies(file: &Path) -> Result<(Vec<AccessPolicy>, Source), Error> {
    let (policies, stats) = read::policies(file)?;
    Ok((policies, source(file, stats)))
}
