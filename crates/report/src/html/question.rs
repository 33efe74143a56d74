//! The scenario file's header comment: its first paragraph states the question
//! (the summary shows it), the rest the designs and assumptions, aligned by hand
//! (shown as written, in a section of its own).

use super::esc;
use crate::folder::RunFolder;
use authsim_export::RESOLVED_SCENARIO;
use std::fmt::Write;

/// The header's first paragraph, up to a blank or indented line, and the rest.
pub fn split(header: &[String]) -> (&[String], &[String]) {
    let prose = |l: &String| !l.is_empty() && !l.starts_with(' ');
    let end = header
        .iter()
        .position(|l| !prose(l))
        .unwrap_or(header.len());
    let rest = &header[end..];
    let blank = rest.iter().take_while(|l| l.is_empty()).count();
    (&header[..end], &rest[blank..])
}

/// The first paragraph as one.
pub fn lead(run: &RunFolder) -> String {
    esc(&split(&run.header).0.join(" "))
}

/// The section with the rest of the header, where there is a rest.
pub fn section(out: &mut String, run: &RunFolder) {
    let (_, rest) = split(&run.header);
    if rest.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<h2 id=\"header\">Designs and assumptions</h2><p>As the scenario file's header \
         comment states them (<code>{RESOLVED_SCENARIO}</code> carries it too).</p>\
         <pre>{}</pre>",
        esc(&rest.join("\n"))
    );
}
