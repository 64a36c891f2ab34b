//! Time and duration formatting, pure so it is tested natively. The browser supplies the
//! local offset (`Date.getTimezoneOffset`), never this module.

/// A calendar date-time, broken down from epoch milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl DateTime {
    /// Breaks epoch milliseconds down in a zone `offset_minutes` east of UTC.
    pub fn from_epoch_ms(ms: i64, offset_minutes: i32) -> Self {
        let secs = ms.div_euclid(1000) + i64::from(offset_minutes) * 60;
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Self {
            year,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: (rem % 3600 / 60) as u32,
            second: (rem % 60) as u32,
        }
    }
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `2025-05-19 07:36:17`, in the zone `offset_minutes` east of UTC.
pub fn date_time(ms: i64, offset_minutes: i32) -> String {
    let t = DateTime::from_epoch_ms(ms, offset_minutes);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The start of the day (epoch ms) that `now` falls in, in the zone `offset_minutes` east of
/// UTC: what a compact time is compared with, so it changes once a day.
pub fn start_of_day(now: i64, offset_minutes: i32) -> i64 {
    let offset = i64::from(offset_minutes) * 60_000;
    (now + offset).div_euclid(DAY_MS) * DAY_MS - offset
}

const DAY_MS: i64 = 86_400_000;

/// A moment as short as it can be read: `22:00:15` today, `Nov 27 22:05` this year,
/// `2024-11-27 22:05` before. The full form goes in a tooltip.
pub fn compact_date_time(ms: i64, now: i64, offset_minutes: i32) -> String {
    let t = DateTime::from_epoch_ms(ms, offset_minutes);
    let n = DateTime::from_epoch_ms(now, offset_minutes);
    if (t.year, t.month, t.day) == (n.year, n.month, n.day) {
        format!("{:02}:{:02}:{:02}", t.hour, t.minute, t.second)
    } else if t.year == n.year {
        let month = MONTHS[(t.month - 1) as usize];
        format!("{month} {} {:02}:{:02}", t.day, t.hour, t.minute)
    } else {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}",
            t.year, t.month, t.day, t.hour, t.minute
        )
    }
}

/// `UTC+02:00` / `UTC−05:30` / `UTC`, the label of a zone offset.
pub fn zone_label(offset_minutes: i32) -> String {
    if offset_minutes == 0 {
        return "UTC".to_owned();
    }
    let sign = if offset_minutes > 0 { '+' } else { '-' };
    let m = offset_minutes.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

/// A duration for people: `97 ms`, `4.2 s`, `3 m 07 s`, `2 h 05 m`, `3 d 04 h`.
pub fn duration(ms: u64) -> String {
    const S: u64 = 1000;
    const M: u64 = 60 * S;
    const H: u64 = 60 * M;
    const D: u64 = 24 * H;
    match ms {
        0..S => format!("{ms} ms"),
        S..10_000 => format!("{}.{} s", ms / S, ms % S / 100),
        10_000..M => format!("{} s", ms / S),
        M..H => format!("{} m {:02} s", ms / M, ms % M / S),
        H..D => format!("{} h {:02} m", ms / H, ms % H / M),
        _ => format!("{} d {:02} h", ms / D, ms % D / H),
    }
}

/// `3 s ago`, `5 m ago`, `in 2 h` for a moment `then` seen from `now` (epoch ms).
pub fn relative(then: i64, now: i64) -> String {
    let delta = now - then;
    let span = delta.unsigned_abs();
    let amount = match span {
        0..1000 => return "just now".to_owned(),
        1000..60_000 => format!("{} s", span / 1000),
        60_000..3_600_000 => format!("{} m", span / 60_000),
        3_600_000..86_400_000 => format!("{} h", span / 3_600_000),
        _ => format!("{} d", span / 86_400_000),
    };
    if delta >= 0 {
        format!("{amount} ago")
    } else {
        format!("in {amount}")
    }
}

/// When a moment ahead comes, for a countdown: `in 42 s`, or `in a moment` within a second.
pub fn until(at: i64, now: i64) -> String {
    match (at.saturating_sub(now).max(0) as u64).div_ceil(1000) {
        0 | 1 => "in a moment".to_owned(),
        secs => format!("in {secs} s"),
    }
}

/// A count with thousands separators: `1958` → `1,958`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count with the word that agrees with it: `1 page`, `2 pages`, `1,958 hits`.
pub fn count_of(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

// The figures below are written from integers: the app's wasm carries no float formatting
// code (README, Benchmarks).

/// `n` of `total` as a percentage with one decimal, rounded half up: `12.3%` (a width, a bar).
pub fn percent_tenths(n: u64, total: u64) -> String {
    let total = total.max(1);
    let pm = (n * 1000 + total / 2) / total;
    format!("{}.{}%", pm / 10, pm % 10)
}

/// `n` of `total` as a whole percentage, rounded half to even; `<1%` for a share that is not
/// nothing but rounds to it.
pub fn percent_whole(n: u64, total: u64) -> String {
    let total = total.max(1);
    let (q, r) = (n * 100 / total, n * 100 % total);
    let pct = if 2 * r > total || (2 * r == total && q % 2 == 1) {
        q + 1
    } else {
        q
    };
    if n > 0 && n * 100 < total {
        "<1%".to_owned()
    } else {
        format!("{pct}%")
    }
}

/// A non-negative figure with two decimals: `12.34`.
pub fn hundredths(x: f64) -> String {
    let h = (x.max(0.0) * 100.0).round() as u64;
    format!("{}.{:02}", h / 100, h % 100)
}

/// Bytes as mebibytes with one decimal: `7.0 MB`.
pub fn megabytes(bytes: u64) -> String {
    let tenths = (bytes * 10 + 524_288) / 1_048_576;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// A count that may be unknown: `—` when the server did not say.
pub fn maybe_count(n: Option<u64>) -> String {
    n.map_or_else(|| "—".to_owned(), count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_written_from_integers_as_float_formatting_would() {
        for (n, total) in [
            (0, 0),
            (1, 3),
            (2, 3),
            (1, 200),
            (3, 200),
            (5, 200),
            (7, 8),
            (8, 8),
        ] {
            let share = n as f64 * 100.0 / total.max(1) as f64;
            let whole = if share > 0.0 && share < 1.0 {
                "<1%".to_owned()
            } else {
                format!("{share:.0}%")
            };
            assert_eq!(percent_whole(n, total), whole, "{n} of {total}");
        }
        assert_eq!(percent_tenths(1, 3), "33.3%");
        assert_eq!(percent_tenths(2, 3), "66.7%");
        assert_eq!(percent_tenths(5, 0), "500.0%");
        assert_eq!(hundredths(12.345_6), "12.35");
        assert_eq!(hundredths(0.004), "0.00");
        assert_eq!(hundredths(1000.0), "1000.00");
        assert_eq!(megabytes(7_340_032), "7.0 MB");
        assert_eq!(megabytes(1_100_000), "1.0 MB");
        assert_eq!(megabytes(105_054_208), "100.2 MB");
    }

    #[test]
    fn epoch_ms_of_the_reference_page_read_as_dates() {
        // `submitted_at` of the reference example.
        assert_eq!(date_time(1_747_640_177_921, 0), "2025-05-19 07:36:17");
        assert_eq!(date_time(1_747_640_177_921, 330), "2025-05-19 13:06:17");
        assert_eq!(date_time(1_747_640_177_921, -480), "2025-05-18 23:36:17");
        assert_eq!(date_time(0, 0), "1970-01-01 00:00:00");
        assert_eq!(date_time(951_782_400_000, 0), "2000-02-29 00:00:00");
        assert_eq!(date_time(-1, 0), "1969-12-31 23:59:59");
    }

    #[test]
    fn compact_times_drop_what_the_reader_knows() {
        let now = 1_747_640_177_921; // 2025-05-19 07:36:17 UTC
        assert_eq!(compact_date_time(now - 3_600_000, now, 0), "06:36:17");
        assert_eq!(compact_date_time(now - 86_400_000, now, 0), "May 18 07:36");
        assert_eq!(
            compact_date_time(now - 400 * 86_400_000, now, 0),
            "2024-04-14 07:36"
        );
        // The day boundary is the local one.
        assert_eq!(
            compact_date_time(now - 8 * 3_600_000, now, 0),
            "May 18 23:36"
        );
        assert_eq!(compact_date_time(now - 8 * 3_600_000, now, 120), "01:36:17");
    }

    #[test]
    fn zone_labels() {
        assert_eq!(zone_label(0), "UTC");
        assert_eq!(zone_label(330), "UTC+05:30");
        assert_eq!(zone_label(-300), "UTC-05:00");
    }

    #[test]
    fn durations_pick_a_readable_unit() {
        assert_eq!(duration(97), "97 ms");
        assert_eq!(duration(4_250), "4.2 s");
        assert_eq!(duration(42_000), "42 s");
        assert_eq!(duration(187_000), "3 m 07 s");
        assert_eq!(duration(2 * 3_600_000 + 5 * 60_000), "2 h 05 m");
        assert_eq!(duration(3 * 86_400_000 + 4 * 3_600_000), "3 d 04 h");
    }

    #[test]
    fn relative_times_in_both_directions() {
        assert_eq!(relative(1_000, 1_500), "just now");
        assert_eq!(relative(0, 3_000), "3 s ago");
        assert_eq!(relative(0, 5 * 60_000), "5 m ago");
        assert_eq!(relative(2 * 3_600_000, 0), "in 2 h");
        assert_eq!(relative(0, 2 * 86_400_000), "2 d ago");
    }

    #[test]
    fn countdowns_round_up_to_the_second() {
        assert_eq!(until(60_000, 0), "in 60 s");
        assert_eq!(until(59_001, 0), "in 60 s");
        assert_eq!(until(2_000, 1_000), "in a moment");
        assert_eq!(until(0, 5_000), "in a moment");
    }

    #[test]
    fn counts_get_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1958), "1,958");
        assert_eq!(count(1_000_000), "1,000,000");
        assert_eq!(maybe_count(Some(1958)), "1,958");
        assert_eq!(maybe_count(None), "—");
    }

    #[test]
    fn counted_words_agree_in_number() {
        assert_eq!(count_of(0, "page", "pages"), "0 pages");
        assert_eq!(count_of(1, "page", "pages"), "1 page");
        assert_eq!(count_of(2, "page", "pages"), "2 pages");
        assert_eq!(count_of(1958, "hit", "hits"), "1,958 hits");
    }

    #[test]
    fn a_day_starts_at_local_midnight() {
        // 2025-05-19 09:36:17 UTC.
        let now = 1_747_647_377_000;
        assert_eq!(start_of_day(now, 0), 1_747_612_800_000);
        // 02:00 east: 11:36 local, the same day, which began at 22:00 UTC the day before.
        assert_eq!(start_of_day(now, 120), 1_747_612_800_000 - 7_200_000);
        // 10:00 west: 23:36 the day before, local.
        assert_eq!(
            start_of_day(now, -600),
            1_747_612_800_000 - 86_400_000 + 36_000_000
        );
        assert_eq!(
            start_of_day(start_of_day(now, 330), 330),
            start_of_day(now, 330)
        );
    }
}
