//! The text a planner wrote for a time, kept beside its value.

use std::fmt;

/// The text a planner wrote for a time, kept so the report and the resolved file
/// show `3h07m` where they wrote `3h07m`. Inline, so times stay `Copy`; a spelling
/// longer than it can hold falls back to the canonical form.
#[derive(Clone, Copy, Default)]
pub struct Spelling {
    len: u8,
    bytes: [u8; 31],
}

impl Spelling {
    /// No spelling: a default or a computed time, shown in canonical form.
    pub const NONE: Spelling = Spelling {
        len: 0,
        bytes: [0; 31],
    };

    pub(super) fn of(text: &str) -> Spelling {
        let text = text.trim();
        let mut bytes = [0; 31];
        match bytes.get_mut(..text.len()) {
            Some(slot) => {
                slot.copy_from_slice(text.as_bytes());
                Spelling {
                    len: text.len() as u8,
                    bytes,
                }
            }
            None => Spelling::NONE,
        }
    }

    fn get(&self) -> Option<&str> {
        let text = std::str::from_utf8(&self.bytes[..usize::from(self.len)]).ok()?;
        (!text.is_empty()).then_some(text)
    }

    /// The planner's text, or `canonical` when there is none.
    pub(super) fn write(
        &self,
        f: &mut fmt::Formatter<'_>,
        canonical: impl FnOnce() -> String,
    ) -> fmt::Result {
        match self.get() {
            Some(text) => f.write_str(text),
            None => f.write_str(&canonical()),
        }
    }
}

impl fmt::Debug for Spelling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.get())
    }
}

/// Two times are equal when they are the same length of time, however written.
macro_rules! equal_by_value {
    ($ty:ty, $($field:tt),+) => {
        impl PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                $(self.$field == other.$field)&&+
            }
        }
    };
}

pub(super) use equal_by_value;
