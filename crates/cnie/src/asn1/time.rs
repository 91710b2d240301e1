//! Time helpers: Unix seconds from [`SystemTime`] and ISO 8601 dates for reports.

use std::time::{SystemTime, UNIX_EPOCH};

/// Unix seconds of `t` (negative before 1970).
pub fn unix_seconds(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// `YYYY-MM-DDThh:mm:ssZ` for Unix seconds (proleptic Gregorian calendar).
pub fn iso8601(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Unix seconds of a calendar date and time (UTC, proleptic Gregorian); `None` for an
/// impossible date or time.
pub fn unix_from_civil(y: i64, m: i64, d: i64, hh: i64, mm: i64, ss: i64) -> Option<i64> {
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if !(1..=days_in_month).contains(&d)
        || !(0..24).contains(&hh)
        || !(0..60).contains(&mm)
        || !(0..61).contains(&ss)
        || !(0..=9999).contains(&y)
    {
        return None;
    }
    // Days from civil (H. Hinnant).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// Unix seconds of a `YYYYMMDD` date (midnight UTC), such as DG12's date of issue.
pub fn unix_from_yyyymmdd(date: &str) -> Option<i64> {
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = date.get(r)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if date.len() != 8 {
        return None;
    }
    unix_from_civil(digits(0..4)?, digits(4..6)?, digits(6..8)?, 0, 0, 0)
}

/// Unix seconds of the content of an ASN.1 `UTCTime` (`YYMMDDhhmm[ss]` then `Z` or
/// `±hhmm`; years 50–99 are 19xx, RFC 5280 §4.1.2.5.1) or, with `generalized`, a
/// `GeneralizedTime` (`YYYYMMDDhhmm[ss[.fff]]` then `Z` or `±hhmm`; without a zone
/// it is read as UTC). `None` when malformed.
pub fn unix_from_asn1_time(content: &[u8], generalized: bool) -> Option<i64> {
    let text = std::str::from_utf8(content).ok()?;
    let num = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year_len = if generalized { 4 } else { 2 };
    let year = num(text.get(..year_len)?)?;
    let year = match (generalized, year) {
        (true, y) => y,
        (false, y) if y >= 50 => 1900 + y,
        (false, y) => 2000 + y,
    };
    let rest = text.get(year_len..)?;
    let month = num(rest.get(0..2)?)?;
    let day = num(rest.get(2..4)?)?;
    let hour = num(rest.get(4..6)?)?;
    let minute = num(rest.get(6..8)?)?;
    let mut rest = rest.get(8..)?;
    let mut second = 0;
    if let Some(s) = rest.get(..2).and_then(num) {
        second = s;
        rest = rest.get(2..)?;
    }
    if generalized && let Some(frac) = rest.strip_prefix(['.', ',']) {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = frac.get(digits..)?;
    }
    let offset = match rest {
        "Z" => 0,
        "" if generalized => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hhmm = rest.get(1..)?;
            if hhmm.len() != 4 {
                return None;
            }
            let (h, m) = (num(hhmm.get(..2)?)?, num(hhmm.get(2..)?)?);
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    unix_from_civil(year, month, day, hour, minute, second).map(|t| t - offset)
}

/// Year, month, day of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_611_705_600), "2021-01-27T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(-1), "1969-12-31T23:59:59Z");
        assert_eq!(unix_seconds(UNIX_EPOCH), 0);
    }

    #[test]
    fn asn1_times() {
        let t = |s: &str, g| unix_from_asn1_time(s.as_bytes(), g);
        assert_eq!(t("210127000000Z", false), Some(1_611_705_600));
        assert_eq!(t("2101270000Z", false), Some(1_611_705_600));
        assert_eq!(t("20210127000000Z", true), Some(1_611_705_600));
        assert_eq!(t("20210127000000.123Z", true), Some(1_611_705_600));
        assert_eq!(t("20210127010000+0100", true), Some(1_611_705_600));
        assert_eq!(t("201231230000-0100", false), Some(1_609_459_200));
        assert_eq!(t("700101000000Z", false), Some(0));
        for bad in [
            "",
            "21",
            "210230000000Z",
            "2101270000000Z",
            "21012700000Z",
            "210127000000+01",
            "2101270000ÿZ",
            "21012700-1-1Z",
        ] {
            assert_eq!(t(bad, false), None, "{bad}");
        }
        assert_eq!(t("20210127000000.Z", true), None);
        assert_eq!(unix_from_yyyymmdd("20210127"), Some(1_611_705_600));
        assert_eq!(unix_from_yyyymmdd("2021012"), None);
        assert_eq!(unix_from_yyyymmdd("2021+127"), None);
        assert_eq!(
            iso8601(unix_from_civil(2000, 2, 29, 12, 0, 0).unwrap()),
            "2000-02-29T12:00:00Z"
        );
        assert_eq!(unix_from_civil(2001, 2, 29, 0, 0, 0), None);
    }
}
