//! `--group-by`: what splits users into cohorts, and each user's value of it.

use authsim_core::error::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupKey {
    /// The user's registered (or seen) methods: one mix per cohort.
    Registration,
    /// Member or guest.
    UserType,
    /// Seen on a registered or joined device, or not.
    Device,
    /// A field of the sign-in records (Graph dotted path or CSV column).
    Field(String),
}

/// The default: user type, then registration mix, then device trust.
pub const DEFAULT: [GroupKey; 3] = [GroupKey::UserType, GroupKey::Registration, GroupKey::Device];

const WORDS: [&str; 4] = ["registration", "user-type", "device", "field:NAME"];

/// Fields that name a person, an address or a device: grouping by them would
/// write them into the scenario as cohort names, so they are refused.
const IDENTIFYING: [&str; 12] = [
    "id",
    "userid",
    "userprincipalname",
    "userdisplayname",
    "alternatesigninname",
    "ipaddress",
    "callipaddress",
    "deviceid",
    "devicedetail.deviceid",
    "devicedetail.displayname",
    "correlationid",
    "uniquetokenidentifier",
];

impl GroupKey {
    pub fn parse(word: &str) -> Result<GroupKey, Error> {
        match word.trim() {
            "registration" => Ok(GroupKey::Registration),
            "user-type" => Ok(GroupKey::UserType),
            "device" => Ok(GroupKey::Device),
            w => match w.strip_prefix("field:") {
                Some(name) if name.trim().is_empty() => Err(Error::Usage(
                    "--group-by field: needs a field name, e.g. field:location.countryOrRegion"
                        .to_string(),
                )),
                Some(name) if IDENTIFYING.contains(&name.trim().to_ascii_lowercase().as_str()) => {
                    Err(Error::Usage(format!(
                        "--group-by field:{name} names a person, address or device: cohort names would \
                         carry it into the scenario; group by a field shared by many users (a country, \
                         a department)"
                    )))
                }
                Some(name) => Ok(GroupKey::Field(name.trim().to_string())),
                None => {
                    let nearest = WORDS
                        .iter()
                        .map(|k| (strsim::jaro_winkler(w, k), *k))
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                        .filter(|(score, _)| *score > 0.7)
                        .map(|(_, k)| format!(" (did you mean `{k}`?)"))
                        .unwrap_or_default();
                    Err(Error::Usage(format!(
                        "--group-by `{w}` is not a grouping{nearest}: give registration, user-type, \
                         device or field:NAME"
                    )))
                }
            },
        }
    }

    /// The field a reader must fill `SignIn::group` from, if any.
    pub fn field(keys: &[GroupKey]) -> Option<&str> {
        keys.iter().find_map(|k| match k {
            GroupKey::Field(f) => Some(f.as_str()),
            _ => None,
        })
    }

    pub fn describe(&self) -> String {
        match self {
            GroupKey::Registration => "registration mix".to_string(),
            GroupKey::UserType => "user type".to_string(),
            GroupKey::Device => "device trust".to_string(),
            GroupKey::Field(f) => format!("the field {f}"),
        }
    }
}

/// A field with more distinct values than this among `users` identifies
/// them (a time, an address): a tenth of the users, and at least 10 groups
/// allowed so that a small tenant may still group by country.
pub fn most_values(users: usize) -> usize {
    (users / 10).max(10)
}

/// Refuses a `field:` whose values are (nearly) unique per user: cohort
/// names would carry them into the scenario.
pub fn refuse_identifying(field: &str, values: usize, users: usize) -> Result<(), Error> {
    if values <= most_values(users) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "--group-by field:{field} has {values} distinct values among {users} users (at most {} \
         allowed): nearly one per user, it would identify them in cohort names; group by a field \
         shared by many users (a country, a department)",
        most_values(users)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_nearly_unique_per_user_are_refused() {
        // 57 users, one timestamp each: refused; 3 countries: kept;
        // 1000 users in 100 departments kept, 101 refused.
        let e = refuse_identifying("createdDateTime", 57, 57)
            .unwrap_err()
            .to_string();
        assert!(e.contains("57 distinct values among 57 users"), "{e}");
        assert!(refuse_identifying("country", 3, 57).is_ok());
        assert!(refuse_identifying("dept", 100, 1000).is_ok());
        assert!(refuse_identifying("dept", 101, 1000).is_err());
    }

    #[test]
    fn words_and_mistakes() {
        assert_eq!(GroupKey::parse("device").unwrap(), GroupKey::Device);
        assert_eq!(
            GroupKey::parse("field:location.countryOrRegion").unwrap(),
            GroupKey::Field("location.countryOrRegion".into())
        );
        let e = GroupKey::parse("usertype").unwrap_err().to_string();
        assert!(e.contains("did you mean `user-type`"), "{e}");
        let e = GroupKey::parse("field:userPrincipalName")
            .unwrap_err()
            .to_string();
        assert!(e.contains("names a person"), "{e}");
        assert!(GroupKey::parse("field:").is_err());
    }
}
