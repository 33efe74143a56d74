//! Seeded byte- and line-level mutations of a scenario's text: the edits a
//! careless hand, a bad merge or a hostile tester makes.

use rand::RngExt;
use rand::seq::IndexedRandom;
use rand_xoshiro::Xoshiro256PlusPlus as Rng;

/// Numbers at and past every edge a field can have.
const NUMBERS: [&str; 16] = [
    "0",
    "-1",
    "nan",
    "inf",
    "-inf",
    "1e308",
    "-0.0",
    "0.5",
    "1e-300",
    "4294967296",
    "2147483647",
    "9223372036854775807",
    "18446744073709551616",
    "100000000",
    "101",
    "1000",
];

/// Durations at and past every edge, and strings that only look like one.
const DURATIONS: [&str; 18] = [
    "0s",
    "1000000d",
    "1000001d",
    "-1h",
    "1ms",
    "0.0001ms",
    "never",
    "",
    "1e9d",
    "24:00",
    "1d 25:00",
    "60m..90m",
    "90m..60m",
    "0s..1h",
    "1ms..1000000d",
    "999999d 23:59:59",
    "1h1h1h1h",
    "00:00-24:00",
];

/// Bytes that change TOML's structure, and some that are not text.
const BYTES: &[u8] = b"[]{}\"'=\n.,#\\\t \x00\x7f\xff\xc3";

/// Applies one mutation, chosen by `rng`, to `text`.
pub fn mutate(text: &mut Vec<u8>, rng: &mut Rng) {
    match rng.random_range(0..12) {
        0 => flip_bit(text, rng),
        1 => insert_byte(text, rng),
        2 => delete_bytes(text, rng),
        3 => with_lines(text, |lines| swap_lines(lines, rng)),
        4 => with_lines(text, |lines| duplicate_line(lines, rng)),
        5 => with_lines(text, |lines| drop_key(lines, rng)),
        6 => with_lines(text, |lines| duplicate_table(lines, rng)),
        7 => replace_number(text, rng),
        8 => replace_string(text, rng, |rng| quoted(DURATIONS.choose(rng).unwrap())),
        9 => {
            // A name from elsewhere in the file: a reference to the wrong kind of thing.
            let strings = quoted_strings(text);
            replace_string(text, rng, |rng| {
                strings.choose(rng).cloned().unwrap_or_default()
            })
        }
        10 => repeat_array(text, rng),
        _ => nest_deeply(text, rng),
    }
}

fn flip_bit(text: &mut [u8], rng: &mut Rng) {
    if !text.is_empty() {
        let i = rng.random_range(0..text.len());
        text[i] ^= 1 << rng.random_range(0..8);
    }
}

fn insert_byte(text: &mut Vec<u8>, rng: &mut Rng) {
    let i = rng.random_range(0..=text.len());
    text.insert(i, *BYTES.choose(rng).unwrap());
}

fn delete_bytes(text: &mut Vec<u8>, rng: &mut Rng) {
    if !text.is_empty() {
        let start = rng.random_range(0..text.len());
        let end = (start + rng.random_range(1..=16)).min(text.len());
        text.drain(start..end);
    }
}

/// Edits the text as lines (split at `\n`, joined back).
fn with_lines(text: &mut Vec<u8>, edit: impl FnOnce(&mut Vec<Vec<u8>>)) {
    let mut lines: Vec<Vec<u8>> = text.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    edit(&mut lines);
    *text = lines.join(&b'\n');
}

fn swap_lines(lines: &mut [Vec<u8>], rng: &mut Rng) {
    let (a, b) = (
        rng.random_range(0..lines.len()),
        rng.random_range(0..lines.len()),
    );
    lines.swap(a, b);
}

fn duplicate_line(lines: &mut Vec<Vec<u8>>, rng: &mut Rng) {
    let i = rng.random_range(0..lines.len());
    let line = lines[i].clone();
    lines.insert(rng.random_range(0..=lines.len()), line);
}

/// Removes a `key = value` line: a required key missing, or a default taking over.
fn drop_key(lines: &mut Vec<Vec<u8>>, rng: &mut Rng) {
    let keys: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].contains(&b'='))
        .collect();
    if let Some(&i) = keys.choose(rng) {
        lines.remove(i);
    }
}

/// Copies a `[table]` with its keys to the end: a table defined twice, or a
/// second entry of an array of tables.
fn duplicate_table(lines: &mut Vec<Vec<u8>>, rng: &mut Rng) {
    let header = |l: &Vec<u8>| l.first() == Some(&b'[');
    let starts: Vec<usize> = (0..lines.len()).filter(|&i| header(&lines[i])).collect();
    if let Some(&start) = starts.choose(rng) {
        let end = (start + 1..lines.len())
            .find(|&i| header(&lines[i]))
            .unwrap_or(lines.len());
        let copy = lines[start..end].to_vec();
        lines.extend(copy);
    }
}

/// Replaces a run of digits (with its sign, point and exponent) by an edge value.
fn replace_number(text: &mut Vec<u8>, rng: &mut Rng) {
    let starts: Vec<usize> = (0..text.len())
        .filter(|&i| text[i].is_ascii_digit() && (i == 0 || !text[i - 1].is_ascii_alphanumeric()))
        .collect();
    let Some(&start) = starts.choose(rng) else {
        return;
    };
    let end = (start..text.len())
        .find(|&i| {
            !(text[i].is_ascii_alphanumeric() || matches!(text[i], b'.' | b'_' | b'-' | b'+'))
        })
        .unwrap_or(text.len());
    let number = NUMBERS.choose(rng).unwrap().as_bytes();
    text.splice(start..end, number.iter().copied());
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

/// The spans of double-quoted strings on one line, quotes included.
fn string_spans(text: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open = None;
    for (i, &b) in text.iter().enumerate() {
        match (b, open) {
            (b'"', None) => open = Some(i),
            (b'"', Some(start)) => {
                spans.push((start, i + 1));
                open = None;
            }
            (b'\n', _) => open = None,
            _ => {}
        }
    }
    spans
}

fn quoted_strings(text: &[u8]) -> Vec<String> {
    string_spans(text)
        .into_iter()
        .map(|(a, b)| String::from_utf8_lossy(&text[a..b]).into_owned())
        .collect()
}

fn replace_string(text: &mut Vec<u8>, rng: &mut Rng, by: impl FnOnce(&mut Rng) -> String) {
    if let Some(&(start, end)) = string_spans(text).choose(rng) {
        let new = by(rng);
        text.splice(start..end, new.into_bytes());
    }
}

/// Repeats the elements of an inline array many times: long lists of
/// registrations, revocations, methods or components.
fn repeat_array(text: &mut Vec<u8>, rng: &mut Rng) {
    let opens: Vec<usize> = text
        .windows(3)
        .enumerate()
        .filter(|(_, w)| w == b"= [")
        .map(|(i, _)| i + 2)
        .collect();
    let Some(&open) = opens.choose(rng) else {
        return;
    };
    let Some(close) = (open..text.len()).find(|&i| text[i] == b']' || text[i] == b'\n') else {
        return;
    };
    let inner = text[open + 1..close].to_vec();
    if inner.iter().all(u8::is_ascii_whitespace) || text[close] != b']' {
        return;
    }
    // Up to a megabyte more: long lists, not a file past the loader's size bound.
    let times =
        (*[2, 10, 1000, 20_000].choose(rng).unwrap()).min(1 + (1 << 20) / (inner.len() + 1));
    let repeated = vec![inner; times].join(&b',');
    text.splice(open + 1..close, repeated);
}

/// An array or inline table nested thousands deep: a parser's recursion.
fn nest_deeply(text: &mut Vec<u8>, rng: &mut Rng) {
    let depth = *[100, 10_000, 200_000].choose(rng).unwrap();
    let (open, close) = *[("[", "]"), ("{ a = ", " }")].choose(rng).unwrap();
    let value = format!("deep = {}1{}\n", open.repeat(depth), close.repeat(depth));
    text.splice(0..0, value.into_bytes());
}
