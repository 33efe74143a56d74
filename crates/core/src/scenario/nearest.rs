//! "Did you mean ...?": the nearest of the words a place takes to one it does
//! not, for a mistyped key, override path or word.

/// The choice nearest to `word`, where it is close enough to be a typo of it:
/// at most one edit (a letter added, dropped, changed or two swapped) per four
/// letters, and at most three; a letter's case is no edit (`MFA` finds `mfa`).
pub fn nearest<'a>(word: &str, choices: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let allowed = (word.chars().count() / 4).clamp(1, 3);
    let lower = word.to_lowercase();
    choices
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// `"; did you mean `x`?"`, or nothing where no choice is close.
pub fn did_you_mean<'a>(word: &str, choices: impl IntoIterator<Item = &'a str>) -> String {
    nearest(word, choices).map_or(String::new(), |c| format!("; did you mean `{c}`?"))
}

/// The words serde lists after "expected" in its message about an unknown key
/// or word: "expected one of `a`, `b`" or "expected `a` or `b`".
pub fn listed_in(message: &str) -> Vec<&str> {
    let Some((_, listed)) = message.split_once("`, expected ") else {
        return Vec::new();
    };
    listed.split('`').skip(1).step_by(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_its_word_and_a_stranger_finds_none() {
        let keys = ["refresh_token_inactivity", "access_token_lifetime", "mfa"];
        assert_eq!(
            nearest("refresh_token_inactivty", keys),
            Some("refresh_token_inactivity")
        );
        assert_eq!(
            nearest("acess_token_lifetmie", keys),
            Some("access_token_lifetime")
        );
        assert_eq!(nearest("mfs", keys), Some("mfa"));
        assert_eq!(nearest("colour", keys), None);
        assert_eq!(nearest("fma", ["mfa"]), Some("mfa"), "a swap is one edit");
        assert_eq!(nearest("xyz", ["mfa"]), None);
        assert_eq!(nearest("MFA", keys), Some("mfa"), "case is no edit");
        assert_eq!(
            nearest("Access_Token_Lifetim", keys),
            Some("access_token_lifetime")
        );
        let message = "unknown field `x`, expected one of `a`, `bb`, `c`";
        assert_eq!(listed_in(message), ["a", "bb", "c"]);
        assert_eq!(
            listed_in("unknown variant `x`, expected `a` or `b`"),
            ["a", "b"]
        );
        assert!(listed_in("unknown field `x`, there are no fields").is_empty());
    }
}
