//! Users into cohorts: one group per combination of the `--group-by` values,
//! then each group under the minimum size merged into its nearest (the group
//! sharing the longest run of leading values, then the largest).

use crate::group::GroupKey;
use crate::registrations::Source;
use authsim_signins::pseudonym::Pseudonym;
use std::collections::BTreeMap;

/// Groups under `min(MIN_USERS, MIN_SHARE of all users)` (rounded up) merge
/// into their nearest: a cohort of a handful of users carries noise, not a
/// profile, and every cohort costs a row of every table.
pub const MIN_USERS: usize = 10;
pub const MIN_SHARE: f64 = 0.05;

/// One user, as far as grouping needs.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: Pseudonym,
    pub guest: bool,
    pub mix: Vec<&'static str>,
    pub source: Source,
    /// Given `registrations::FOR_MFA`: a password only, and MFA required.
    pub completed: bool,
    /// `None`: never seen signing in (registration report only).
    pub registered_device: Option<bool>,
    pub field: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Group {
    /// The group-by values, in the keys' order.
    pub values: Vec<String>,
    pub people: Vec<Person>,
    /// Smaller groups merged in: their values and sizes.
    pub absorbed: Vec<(Vec<String>, usize)>,
}

/// A value as a name part: lower case, letters, digits, `+` and `-`; the rest `_`.
fn part(text: &str) -> String {
    let p: String = text
        .trim()
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '+' | '-' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '_',
        })
        .collect();
    if p.is_empty() { "none".to_string() } else { p }
}

fn value(key: &GroupKey, p: &Person) -> String {
    match key {
        GroupKey::UserType => if p.guest { "guest" } else { "member" }.to_string(),
        GroupKey::Registration => p.mix.join("+"),
        GroupKey::Device => match p.registered_device {
            Some(true) => "registered",
            Some(false) => "unregistered",
            None => "unseen",
        }
        .to_string(),
        GroupKey::Field(_) => part(p.field.as_deref().unwrap_or("none")),
    }
}

impl Group {
    /// The cohort's name: its values joined by `_`, at most 60 characters.
    pub fn name(&self) -> String {
        let name = self
            .values
            .iter()
            .map(|v| part(v))
            .collect::<Vec<_>>()
            .join("_");
        name.chars().take(60).collect()
    }
}

/// The minimum group size for `users` users.
pub fn minimum(users: usize) -> usize {
    MIN_USERS
        .min((users as f64 * MIN_SHARE).ceil() as usize)
        .max(1)
}

/// People into groups by `keys`, small groups merged; largest first, then by name.
pub fn group(people: Vec<Person>, keys: &[GroupKey]) -> Vec<Group> {
    let total = people.len();
    let mut by: BTreeMap<Vec<String>, Vec<Person>> = BTreeMap::new();
    for p in people {
        by.entry(keys.iter().map(|k| value(k, &p)).collect())
            .or_default()
            .push(p);
    }
    let mut groups: Vec<Group> = by
        .into_iter()
        .map(|(values, people)| Group {
            values,
            people,
            absorbed: Vec::new(),
        })
        .collect();
    let min = minimum(total);
    loop {
        let small = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.people.len() < min)
            .min_by(|(_, a), (_, b)| (a.people.len(), &a.values).cmp(&(b.people.len(), &b.values)))
            .map(|(i, _)| i);
        let Some(i) = small.filter(|_| groups.len() > 1) else {
            break;
        };
        let g = groups.remove(i);
        let shared = |h: &Group| {
            h.values
                .iter()
                .zip(&g.values)
                .take_while(|(a, b)| a == b)
                .count()
        };
        let j = (0..groups.len())
            .max_by(|&a, &b| {
                let (x, y) = (&groups[a], &groups[b]);
                (shared(x), x.people.len(), std::cmp::Reverse(&x.values)).cmp(&(
                    shared(y),
                    y.people.len(),
                    std::cmp::Reverse(&y.values),
                ))
            })
            .expect("another group");
        groups[j].absorbed.push((g.values.clone(), g.people.len()));
        groups[j].absorbed.extend(g.absorbed);
        groups[j].people.extend(g.people);
    }
    groups.sort_by(|a, b| (b.people.len(), &a.values).cmp(&(a.people.len(), &b.values)));
    for g in &mut groups {
        g.people.sort_by_key(|p| p.id);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: u64, guest: bool, mix: &[&'static str]) -> Person {
        Person {
            id: Pseudonym(id),
            guest,
            mix: mix.to_vec(),
            source: Source::Seen,
            completed: false,
            registered_device: Some(false),
            field: None,
        }
    }

    #[test]
    fn a_small_group_joins_the_nearest() {
        // 40 users: the minimum is ceil(5% of 40) = 2. The lone guest with
        // SMS shares no leading value with the members: it joins the guests
        // (user type first), not the larger member group.
        let mut people: Vec<Person> = (0..30)
            .map(|i| person(i, false, &["password", "sms"]))
            .collect();
        people.extend((30..37).map(|i| person(i, true, &["password"])));
        people.extend((37..39).map(|i| person(i, false, &["password"])));
        people.push(person(39, true, &["password", "sms"]));
        assert_eq!(minimum(40), 2);
        let g = group(people, &crate::group::DEFAULT);
        let sizes: Vec<(String, usize)> = g.iter().map(|g| (g.name(), g.people.len())).collect();
        assert_eq!(
            sizes,
            [
                ("member_password+sms_unregistered".to_string(), 30),
                ("guest_password_unregistered".to_string(), 8),
                ("member_password_unregistered".to_string(), 2),
            ]
        );
        assert_eq!(g[1].absorbed.len(), 1);
        assert_eq!(minimum(1000), 10);
    }
}
