//! The import report: one self-contained page, in the run report's style, of
//! what `authsim import` read and fitted: each source, each cohort's evidence
//! and, per app, its hour-of-week activity observed against fitted, and the
//! defaults the planner must review. It holds aggregates only, and every
//! string in it (app names come from the log) is escaped.

mod cohorts;
mod defaults;
mod fit;
mod gaps;
mod sources;
mod week;

use crate::html::{contents, esc, head};
use authsim_core::error::Error;
use authsim_import::summary::ImportSummary;
use std::fmt::Write;
use std::path::Path;

/// Writes the import report of `summary` to `path`, whole or not at all.
pub fn write(summary: &ImportSummary, path: &Path) -> Result<(), Error> {
    let html = page(summary).map_err(|e| Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })?;
    crate::replace(path, html.as_bytes())
}

/// This page's additions to the run report's style.
const STYLE: &str = "#contents a,h2,figcaption{overflow-wrap:anywhere}.miss{color:#b00}.name,.hour{white-space:nowrap}";

/// The whole page: how well the fit matches, what was read, the defaults left, then each cohort.
pub fn page(summary: &ImportSummary) -> Result<String, Box<dyn std::error::Error>> {
    // The run report's style, and this page's own: long names wrap anywhere
    // rather than run into the next column or past the screen.
    let out = head(&format!("import of {}", summary.scenario));
    let mut out = out.replacen("</style>", &format!("{STYLE}</style>"), 1);
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<p>What <code>authsim import</code> read and what it fitted, written to \
         <code>{}</code>. Counts and rates only: no user appears here.</p>",
        esc(&summary.scenario)
    );
    fit::section(&mut body, &summary.cohorts);
    sources::section(&mut body, &summary.sources);
    defaults::section(&mut body, &summary.defaults);
    cohorts::sections(&mut body, &summary.cohorts)?;
    out += &contents::nav(&body);
    out += &body;
    Ok(out + "</body></html>\n")
}

/// A table's number to three significant digits (whole numbers to the
/// unit), without float noise or trailing zeros.
fn number(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let decimals = (2 - x.abs().log10().floor() as i32).clamp(0, 9) as usize;
    let text = format!("{x:.decimals$}");
    let text = match text.contains('.') {
        true => text.trim_end_matches('0').trim_end_matches('.').to_string(),
        false => text,
    };
    match text.strip_prefix('-') {
        Some(magnitude) => format!("−{magnitude}"),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_keep_three_significant_digits() {
        assert_eq!(number(0.0), "0");
        assert_eq!(number(1.23456), "1.23");
        assert_eq!(number(0.012345), "0.0123");
        assert_eq!(number(1234.4), "1234", "no fewer than the units");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(-0.5), "−0.5");
    }
}
