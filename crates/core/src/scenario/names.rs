//! What a name may hold beyond the bounds of `limits::bad_name`. Names go into
//! terminals, into CSV files opened in spreadsheets and into charts drawn with
//! one bundled font, so a character that hides or reorders the text around it,
//! or that the font cannot draw, is refused, and two names that Unicode reads
//! as one text are one name.

use super::path::{FieldPath, Problem};
use ab_glyph::{Font, FontRef};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization;

/// DejaVu Sans (licence in assets/fonts), the one font every chart is drawn
/// with, here because a name it cannot draw is refused when a scenario loads.
pub static DEJAVU_SANS: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");

/// The bundled font, parsed once.
pub fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(DEJAVU_SANS).expect("the bundled font parses"))
}

/// Unicode's bidirectional controls (the Bidi_Control property): each reorders
/// the text shown after it, so that `abc`, U+202E, `txt.exe` reads as `abcexe.txt`.
const BIDI_CONTROLS: [char; 12] = [
    '\u{061c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// What `c` does that a reader cannot see, where it does: a character that shows
/// nothing (zero-width spaces and joiners, the byte-order mark, a soft hyphen:
/// Unicode's format characters), breaks the line, or reorders the text around it.
pub fn hidden(c: char) -> Option<&'static str> {
    if BIDI_CONTROLS.contains(&c) {
        return Some("a bidirectional control, which reorders the text shown around it");
    }
    match get_general_category(c) {
        GeneralCategory::Format => Some("an invisible format character (zero width)"),
        GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator => {
            Some("a line or paragraph separator")
        }
        GeneralCategory::PrivateUse => {
            Some("a private-use character, which no two fonts draw alike")
        }
        _ => None,
    }
}

/// A control character or a hidden one: what a message quoting the file
/// writes escaped, so that the message shows as written.
pub fn unseen(c: char) -> bool {
    c.is_control() || hidden(c).is_some()
}

/// Why `text` would not show as written, if it would not: its first hidden character.
pub fn hidden_in(text: &str) -> Option<String> {
    text.chars().find_map(|c| {
        hidden(c).map(|what| format!("holds U+{:04X}, {what}: remove it", u32::from(c)))
    })
}

/// Why `name` cannot name anything, if it cannot: a hidden character, or one
/// the charts' font has no glyph for (every chart would show an empty box).
pub fn refusal(name: &str) -> Option<String> {
    hidden_in(name).or_else(|| {
        let font = font();
        let missing = name.chars().find(|&c| font.glyph_id(c).0 == 0)?;
        Some(format!(
            "holds '{missing}' (U+{:04X}), which the charts' bundled font (DejaVu Sans) cannot \
             draw, so every chart would show an empty box: write the name in a script the font \
             has (Latin, Greek, Cyrillic, Arabic, Hebrew), e.g. transliterated",
            u32::from(missing)
        ))
    })
}

/// `names` (those of the variants, or a section's entries, each at `at(i)`):
/// each one a name, and no two of them the same text in Unicode's composed
/// normal form (NFC), where `café` may be written with `é` or with `e` and a
/// combining accent and looks the same either way.
pub fn check_all<S: AsRef<str>>(
    names: &[S],
    what: &str,
    at: impl Fn(usize) -> FieldPath,
) -> Result<(), Problem> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, name) in names.iter().enumerate() {
        let name = name.as_ref();
        if let Some(why) = refusal(name) {
            return Err(Problem::new(at(i), format!("this name {why}")));
        }
        let text = composed(name);
        if let Some(&first) = seen.get(&text) {
            let earlier = names[first].as_ref();
            return Err(Problem::new(
                at(i),
                format!(
                    "two {what} are named \"{text}\", spelled {} here and {} at {}: Unicode \
                     reads both as one text, which outputs could not tell apart: give each a name \
                     of its own",
                    spelled(name),
                    spelled(earlier),
                    at(first)
                ),
            ));
        }
        seen.insert(text, i);
    }
    Ok(())
}

/// `text` with every character beyond ASCII as its code point: two spellings of
/// one text told apart (`caf<U+00E9>`, `cafe<U+0301>`).
fn spelled(text: &str) -> String {
    text.chars()
        .map(|c| match c.is_ascii() {
            true => c.to_string(),
            false => format!("<U+{:04X}>", u32::from(c)),
        })
        .collect()
}

/// The text a name is compared as: its composed normal form.
pub fn composed(text: &str) -> String {
    text.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_font_draws_is_a_name_and_what_it_cannot_is_refused() {
        let printable = (' '..='~').collect::<String>();
        for fine in [
            printable.as_str(),
            "Ωμέγα",
            "Привет",
            "שלום",
            "مرحبا",
            "café",
            "cafe\u{301}",
            "8h tokens ± 1 · 90%",
        ] {
            assert_eq!(refusal(fine), None, "{fine}");
        }
        let why = refusal("営業部").unwrap();
        assert!(
            why.contains("'営' (U+55B6)") && why.contains("DejaVu Sans"),
            "{why}"
        );
        // The font has some emoji (a monochrome smiley), not all.
        assert_eq!(refusal("tokens 😀"), None);
        assert!(refusal("tokens 📧").unwrap().contains("U+1F4E7"));
        for (c, what) in [
            ('\u{202e}', "bidirectional"),
            ('\u{2066}', "bidirectional"),
            ('\u{200b}', "invisible"),
            ('\u{feff}', "invisible"),
            ('\u{2060}', "invisible"),
            ('\u{ad}', "invisible"),
            ('\u{2028}', "separator"),
            ('\u{e000}', "private-use"),
        ] {
            let why = refusal(&format!("a{c}b")).unwrap();
            let code = format!("U+{:04X}", u32::from(c));
            assert!(why.contains(&code) && why.contains(what), "{why}");
        }
    }

    #[test]
    fn names_unicode_reads_as_one_are_one_name() {
        let at = |i: usize| FieldPath::root().key("variant").index(i).key("name");
        assert!(check_all(&["café", "cafe"], "variants", at).is_ok());
        let err = check_all(&["caf\u{e9}", "x", "cafe\u{301}"], "variants", at).unwrap_err();
        assert_eq!(err.path, at(2));
        assert!(
            err.message
                .contains("spelled cafe<U+0301> here and caf<U+00E9> at variant[0].name"),
            "{}",
            err.message
        );
        assert_eq!(composed("cafe\u{301}"), "caf\u{e9}");
    }
}
