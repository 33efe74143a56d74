//! What could not be inferred: each a marked default in the scenario, shown
//! with the table or key it is in, so that "never fails" says which component.
//!
//! The importer gives each default as `WHERE: WHAT`, WHERE the scenario's
//! dotted path (`components.mfa_service`, `apps.mail`,
//! `cohorts."night shift".activity`); a line without one is shown as it is.

use super::esc;
use crate::html::table;
use std::fmt::Write;

pub fn section(out: &mut String, defaults: &[String]) {
    let _ = writeln!(out, "<h2 id=\"defaults\">Defaults to review</h2>");
    if defaults.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"none\">None: every value was inferred from the data.</p>"
        );
        return;
    }
    let _ = writeln!(
        out,
        "<p>The data could not support these; the scenario holds a marked default \
         for each, which the planner must review before relying on it.</p>"
    );
    let rows = defaults
        .iter()
        .map(|line| match located(line) {
            Some((at, what)) => vec![format!("<code>{}</code>", esc(at)), esc(what)],
            None => vec![
                "<span class=\"none\">not said</span>".to_string(),
                esc(line),
            ],
        })
        .collect();
    table(out, &["in the scenario", "default"], rows);
}

/// `line` split as `WHERE: WHAT` where WHERE is a TOML dotted key (bare or
/// quoted parts); None where it does not start with one, as free text
/// ("renewal cadence: ...") does not.
fn located(line: &str) -> Option<(&str, &str)> {
    let mut rest = line;
    loop {
        let part = match rest.strip_prefix('"') {
            Some(quoted) => quoted.find('"')? + 2,
            None => rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len()),
        };
        if part == 0 {
            return None;
        }
        rest = &rest[part..];
        match rest.strip_prefix('.') {
            Some(more) => rest = more,
            None => break,
        }
    }
    let what = rest.strip_prefix(": ")?.trim();
    let at = &line[..line.len() - rest.len()];
    (!what.is_empty()).then_some((at, what))
}

#[cfg(test)]
mod tests {
    use super::located;

    #[test]
    fn defaults_name_their_table_where_the_line_does() {
        assert_eq!(
            located("components.mfa_service: never fails"),
            Some(("components.mfa_service", "never fails"))
        );
        assert_eq!(
            located("apps.\"Microsoft Teams\": retry, the core's default"),
            Some(("apps.\"Microsoft Teams\"", "retry, the core's default"))
        );
        assert_eq!(located("seed: 1"), Some(("seed", "1")));
        // Free text, an unclosed quote, an empty part, nothing after the colon.
        assert_eq!(located("renewal cadence: left at 1h"), None);
        assert_eq!(located("never fails"), None);
        assert_eq!(located("apps.\"mail: never fails"), None);
        assert_eq!(located("apps..mail: x"), None);
        assert_eq!(located("apps.mail: "), None);
    }
}
