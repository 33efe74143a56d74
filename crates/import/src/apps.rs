//! Every app users signed in to: a scenario name from its display name, and
//! its kind from the clients it was used from.

use crate::aggregate::Aggregator;
use crate::model::{AppOut, Noted};
use std::collections::BTreeMap;

/// A name from a display name: lower case, `_` for the rest, at most 40 characters.
pub fn app_name(label: &str) -> String {
    let mut s = String::new();
    for c in label.trim().chars() {
        let c = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '_'
        };
        if !(c == '_' && (s.is_empty() || s.ends_with('_'))) {
            s.push(c);
        }
    }
    let s: String = s.trim_end_matches('_').chars().take(40).collect();
    if s.is_empty() { "app".to_string() } else { s }
}

/// Every app users signed in to, with its kind, and each app's index into them.
pub fn apps(agg: &Aggregator) -> (Vec<AppOut>, Vec<usize>) {
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for a in &agg.apps {
        let mut name = app_name(&a.label);
        let n = taken.entry(name.clone()).or_default();
        *n += 1;
        if *n > 1 {
            name = format!("{name}_{n}");
        }
        let web = a.browser > a.other_client;
        let kind = Noted::seen(
            if web { "web_app" } else { "public_client" },
            format!(
                "\"{}\": {} sign-ins in a browser, {} from other clients; {} interactive, {} silent",
                a.label.replace('"', "'"),
                a.browser,
                a.other_client,
                a.interactive,
                a.silent
            ),
        );
        out.push(AppOut {
            name,
            kind,
            cae_capable: !web && a.cae_tokens > 0,
        });
    }
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by(|a, b| out[*a].name.cmp(&out[*b].name));
    let mut index = vec![0; out.len()];
    for (pos, i) in order.iter().enumerate() {
        index[*i] = pos;
    }
    let sorted = order.into_iter().map(|i| out[i].clone()).collect();
    (sorted, index)
}
