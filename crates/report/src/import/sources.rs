//! What was read: each source, its format, its records, those set aside and
//! why, and the time span of a sign-in log.

use super::esc;
use crate::html::table;
use authsim_export::folder::civil_from_days;
use authsim_import::summary::Source;
use std::fmt::Write;

pub fn section(out: &mut String, sources: &[Source]) {
    let _ = writeln!(out, "<h2 id=\"sources\">What was read</h2>");
    if sources.is_empty() {
        let _ = writeln!(out, "<p class=\"none\">No source was read.</p>");
        return;
    }
    let rows = sources
        .iter()
        .map(|s| {
            vec![
                format!("<code>{}</code>", esc(&s.file)),
                esc(&s.format),
                s.records.to_string(),
                set_aside(&s.set_aside),
                s.span.map_or_else(
                    || "<span class=\"none\">not a sign-in log</span>".to_string(),
                    span,
                ),
            ]
        })
        .collect();
    table(
        out,
        &["file", "read as", "records", "set aside", "time span (UTC)"],
        rows,
    );
}

/// Each reason with its count, one a line.
fn set_aside(reasons: &[(String, u64)]) -> String {
    if reasons.is_empty() {
        return "<span class=\"none\">none</span>".to_string();
    }
    reasons
        .iter()
        .map(|(why, n)| format!("{n} {}", esc(why)))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// First to last record, and how long that is in days.
fn span((first, last): (f64, f64)) -> String {
    let days = (last - first) / 86_400.0;
    format!(
        "{} to {}<br><span class=\"unit\">{} days</span>",
        utc(first),
        utc(last),
        super::number(days)
    )
}

/// `YYYY-MM-DD HH:MM` of seconds since 1970 UTC, to the minute.
fn utc(seconds: f64) -> String {
    let minutes = (seconds / 60.0).floor() as i64;
    let (days, minute) = (minutes.div_euclid(1440), minutes.rem_euclid(1440));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", minute / 60, minute % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_utc_dates() {
        // 2024-03-04 was a Monday: 19_786 days after 1970-01-01.
        assert_eq!(utc(19_786.0 * 86_400.0 + 9.5 * 3600.0), "2024-03-04 09:30");
        assert_eq!(utc(-60.0), "1969-12-31 23:59");
        assert!(span((0.0, 7.0 * 86_400.0)).contains("7 days"));
    }
}
