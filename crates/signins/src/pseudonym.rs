//! Users known by a number: a hash of their object id (or, where an export
//! has none, their sign-in name), so that a sign-in log and a registration
//! report name the same user alike, and nothing a person could be recognised
//! by is kept past the reader, let alone written. The same on every machine,
//! so one export always imports to the same scenario.

use authsim_core::fnv;

/// A user, pseudonymised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pseudonym(pub u64);

impl Pseudonym {
    /// The pseudonym of a user id or sign-in name; case and surrounding
    /// blanks do not matter (the identity provider stores names in lower
    /// case, exports do not always).
    pub fn of(identifier: &str) -> Pseudonym {
        let h = identifier
            .trim()
            .bytes()
            .fold(fnv::START, |h, b| fnv::add(h, &[b.to_ascii_lowercase()]));
        Pseudonym(h)
    }
}
