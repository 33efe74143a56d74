//! Times as sign-in exports write them, to seconds since 1970-01-01 UTC:
//! ISO 8601 with 0 to 9 fraction digits and `Z`, `±hh:mm` or no zone (UTC,
//! as Elastic reads it), and the US month-first forms of Log Analytics and
//! the portal (`4/28/2021, 2:08:45.221 PM`, `1/9/2007 9:41:00 AM +01:00`,
//! 24-hour `01/09/2007 09:41:00`). Our own small parser: no date crate for
//! the one thing we need, and no locale guessing (day-first is not read).

/// Days from 1970-01-01 to a civil date (proleptic Gregorian), after
/// H. Hinnant's `days_from_civil`.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds since the epoch of a time as an export writes it, or `None`
/// where it is none of the forms above (or names a day that does not exist).
pub fn parse(text: &str) -> Option<f64> {
    let t = text.trim();
    let mut s = Scan {
        b: t.as_bytes(),
        i: 0,
    };
    let first = s.number(1, 4)?;
    let (year, month, day) = if s.eat(b'-') {
        let month = s.number(2, 2)?;
        s.expect(b'-')?;
        let day = s.number(2, 2)?;
        if !(s.eat(b'T') || s.eat(b't') || s.eat(b' ')) {
            return None;
        }
        (first, month, day)
    } else {
        s.expect(b'/')?;
        let day = s.number(1, 2)?;
        s.expect(b'/')?;
        let year = s.number(4, 4)?;
        s.eat(b',');
        if !s.eat(b' ') {
            return None;
        }
        while s.eat(b' ') {}
        (year, first, day)
    };
    let mut hour = s.number(1, 2)?;
    s.expect(b':')?;
    let minute = s.number(2, 2)?;
    let second = if s.eat(b':') { s.number(2, 2)? } else { 0 };
    let mut fraction = 0.0;
    if s.eat(b'.') || s.eat(b',') {
        let start = s.i;
        let digits = s.digits(1, 9)?;
        fraction = digits as f64 / 10f64.powi((s.i - start) as i32);
    }
    while s.eat(b' ') {}
    if let Some(pm) = s.meridiem() {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = hour % 12 + if pm { 12 } else { 0 };
        while s.eat(b' ') {}
    }
    let offset = s.zone()?;
    if s.i != s.b.len() || !(1..=12).contains(&month) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    if day == 0 || day > days_in_month(year, month as u32) {
        return None;
    }
    let days = days_from_civil(year, month as u32, day as u32);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset;
    Some(seconds as f64 + fraction)
}

fn days_in_month(year: i64, month: u32) -> i64 {
    days_from_civil(year + i64::from(month / 12), month % 12 + 1, 1)
        - days_from_civil(year, month, 1)
}

struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scan<'_> {
    fn eat(&mut self, c: u8) -> bool {
        let hit = self.b.get(self.i) == Some(&c);
        self.i += usize::from(hit);
        hit
    }
    fn expect(&mut self, c: u8) -> Option<()> {
        self.eat(c).then_some(())
    }
    /// Between `min` and `max` digits, as a number.
    fn digits(&mut self, min: usize, max: usize) -> Option<i64> {
        let start = self.i;
        let mut n = 0i64;
        while self.i - start < max {
            match self.b.get(self.i) {
                Some(d @ b'0'..=b'9') => n = n * 10 + i64::from(d - b'0'),
                _ => break,
            }
            self.i += 1;
        }
        (self.i - start >= min).then_some(n)
    }
    /// Digits as `digits`, with more fraction digits than 9 not allowed to follow.
    fn number(&mut self, min: usize, max: usize) -> Option<i64> {
        let n = self.digits(min, max)?;
        (!matches!(self.b.get(self.i), Some(b'0'..=b'9'))).then_some(n)
    }
    fn meridiem(&mut self) -> Option<bool> {
        let rest = self.b.get(self.i..self.i + 2)?;
        let pm = match rest.to_ascii_uppercase().as_slice() {
            b"AM" => false,
            b"PM" => true,
            _ => return None,
        };
        self.i += 2;
        Some(pm)
    }
    /// The zone's offset east of UTC in seconds; no zone is UTC.
    fn zone(&mut self) -> Option<i64> {
        if self.i == self.b.len() {
            return Some(0);
        }
        if self.eat(b'Z') || self.eat(b'z') {
            return Some(0);
        }
        let sign = if self.eat(b'+') {
            1
        } else if self.eat(b'-') {
            -1
        } else {
            return None;
        };
        let h = self.number(2, 2)?;
        self.eat(b':');
        let m = self.number(2, 2)?;
        (h <= 23 && m <= 59).then_some(sign * (h * 3600 + m * 60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_match_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        // 2007-01-09 is 13522 days after the epoch (1,168,335,660 s at 09:41 / 86,400).
        assert_eq!(days_from_civil(2007, 1, 9), 13_522);
    }

    #[test]
    fn the_forms_exports_write() {
        let at = 1_168_335_660.0; // 2007-01-09T09:41:00Z
        for text in [
            "2007-01-09T09:41:00Z",
            "1/9/2007 9:41:00 AM",
            "1/9/2007, 9:41:00 AM",
            "1/9/2007 10:41:00 AM +01:00",
            "2007-01-09 09:41",
        ] {
            assert_eq!(parse(text), Some(at), "{text}");
        }
        assert_eq!(parse("1/9/2007 12:41:00 AM"), Some(at - 9.0 * 3600.0));
        assert_eq!(parse("1/9/2007 12:41:00 PM"), Some(at + 3.0 * 3600.0));
        for bad in [
            "",
            "2007-02-30T00:00:00Z",
            "13/1/2007 1:00 PM",
            "2007-01-09",
            "yesterday",
            "2007-01-09T09:41:00.1234567890Z",
            "1/9/2007 13:00:00 PM",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
