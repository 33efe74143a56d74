//! The exports read, each once, streaming: sign-in logs into the aggregator,
//! the registration report into each user's mix, the policies as a list.

use crate::aggregate::Aggregator;
use crate::infer::Report;
use crate::registrations;
use crate::summary::Source;
use authsim_core::error::Error;
use authsim_signins::read::{self, ReadStats};
use authsim_signins::record::{AccessPolicy, UserType};
use std::io::Read;
use std::path::{Path, PathBuf};

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

/// Refuses a sign-in log given twice, by path or as a copy (same length and
/// same first 64 KiB): its sign-ins would count twice, and every rate double.
/// Overlapping exports (the same records in two different files) are not
/// detected: docs/import.md says to export periods that do not overlap.
pub fn distinct(files: &[PathBuf]) -> Result<(), Error> {
    let identity = |f: &Path| -> Option<(u64, Vec<u8>)> {
        let len = std::fs::metadata(f).ok()?.len();
        let mut head = Vec::new();
        std::fs::File::open(f)
            .ok()?
            .take(1 << 16)
            .read_to_end(&mut head)
            .ok()?;
        Some((len, head))
    };
    let ids: Vec<_> = files.iter().map(|f| identity(f)).collect();
    for (j, b) in files.iter().enumerate() {
        for (i, a) in files[..j].iter().enumerate() {
            let copy = ids[i].is_some() && ids[i] == ids[j];
            if crate::output::same_file(a, b) || copy {
                return Err(Error::Usage(format!(
                    "--sign-ins names {} and {}: {}; each export once, or its sign-ins count twice",
                    a.display(),
                    b.display(),
                    if copy && !crate::output::same_file(a, b) {
                        "the same content"
                    } else {
                        "the same file"
                    }
                )));
            }
        }
    }
    Ok(())
}
