//! Dates and numbers the way the user's locale writes them, for the window.
//!
//! The data (date pattern, digit grouping, separators) comes from glibc's locale tables through
//! `pure-rust-locales`, and dates are formatted by chrono with the same tables. Only two small
//! things are ours: the choice of a region for a bare language ("de" → de_DE) and the digit
//! grouping loop, which no crate in our stack exposes for integers.
//!
//! The command line keeps ISO 8601 dates and plain numbers: its output is read by scripts.

use pure_rust_locales::{Locale, locale_match};
use time::OffsetDateTime;

/// How one locale writes dates and numbers.
#[derive(Debug, Clone, Copy)]
pub struct Formats {
    locale: Locale,
}

impl Default for Formats {
    fn default() -> Self {
        Self {
            locale: Locale::en_US,
        }
    }
}

impl Formats {
    /// The formats for a language tag as the OS or the settings give it: `de-AT`, `de_AT.UTF-8`,
    /// `fr`, `ja-JP`. A bare language takes its main region; an unknown tag falls back to en_US.
    pub fn for_tag(tag: &str) -> Self {
        let base = tag
            .split(['.', '@'])
            .next()
            .unwrap_or_default()
            .replace('-', "_");
        let mut parts = base.split('_');
        let language = parts.next().unwrap_or_default().to_ascii_lowercase();
        let region = parts.next().map(str::to_ascii_uppercase);
        let exact = region
            .as_deref()
            .and_then(|region| Locale::try_from(format!("{language}_{region}").as_str()).ok());
        let locale = exact
            .or_else(|| Locale::try_from(main_region(&language)?).ok())
            .unwrap_or(Locale::en_US);
        Self { locale }
    }

    /// The glibc name of the locale in use, such as `de_DE`.
    pub fn name(&self) -> String {
        self.locale.to_string()
    }

    /// A calendar date (UTC, as certificates state them) in the locale's short numeric form,
    /// always with a four-digit year: `05.01.2027`, `01/05/2027`, `2027年01月05日`.
    pub fn date(&self, moment: OffsetDateTime) -> String {
        let pattern = locale_match!(self.locale => LC_TIME::D_FMT).replace("%y", "%Y");
        match chrono::DateTime::from_timestamp(moment.unix_timestamp(), 0) {
            Some(utc) => utc.format_localized(&pattern, self.locale).to_string(),
            // Beyond chrono's range (year ±262,000): the ISO form is still correct.
            None => crate::pki::display::display_date(moment),
        }
    }

    /// A moment as the date in the locale's form and the time in 24-hour UTC, as certificates
    /// state it: `05.01.2027 23:30:00 UTC`.
    pub fn date_time(&self, moment: OffsetDateTime) -> String {
        let utc = moment.to_offset(time::UtcOffset::UTC);
        format!(
            "{} {:02}:{:02}:{:02} UTC",
            self.date(utc),
            utc.hour(),
            utc.minute(),
            utc.second()
        )
    }

    /// An integer with the locale's digit grouping: `10,000`, `10.000`, `10 000`.
    pub fn integer(&self, value: i64) -> String {
        let separator = locale_match!(self.locale => LC_NUMERIC::THOUSANDS_SEP);
        let grouping = locale_match!(self.locale => LC_NUMERIC::GROUPING);
        let digits = value.unsigned_abs().to_string();
        let mut groups: Vec<&str> = Vec::new();
        let mut end = digits.len();
        let mut sizes = grouping.iter().copied();
        let mut size = sizes.next();
        // POSIX grouping: each entry sizes one group from the right, the last one repeats; a
        // size of 0 or beyond CHAR_MAX (glibc writes -1) ends grouping.
        while end > 0 {
            let take = match size {
                Some(n) if n > 0 && n < 127 && !separator.is_empty() => n as usize,
                _ => end,
            };
            let start = end.saturating_sub(take);
            groups.push(&digits[start..end]);
            end = start;
            size = sizes.next().or(size);
        }
        groups.reverse();
        let sign = if value < 0 { "-" } else { "" };
        format!("{sign}{}", groups.join(separator))
    }
}

/// The region a bare language is most often written in.
fn main_region(language: &str) -> Option<&'static str> {
    Some(match language {
        "en" => "en_US",
        "de" => "de_DE",
        "fr" => "fr_FR",
        "es" => "es_ES",
        "ja" => "ja_JP",
        "it" => "it_IT",
        "pt" => "pt_PT",
        "nl" => "nl_NL",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn dates_follow_the_locale_with_four_digit_years() {
        let moment = datetime!(2027-01-05 23:30 UTC);
        let cases = [
            ("en-US", "01/05/2027"),
            ("en_GB.UTF-8", "05/01/2027"),
            ("de", "05.01.2027"),
            ("de-AT", "2027-01-05"),
            ("fr-FR", "05/01/2027"),
            ("es", "05/01/2027"),
            ("ja-JP", "2027年01月05日"),
            ("xx-YY", "01/05/2027"),
        ];
        for (tag, expected) in cases {
            assert_eq!(Formats::for_tag(tag).date(moment), expected, "{tag}");
        }
        let cet = datetime!(2027-01-06 00:30:05 +01:00);
        assert_eq!(
            Formats::for_tag("de").date_time(cet),
            "05.01.2027 23:30:05 UTC"
        );
    }

    #[test]
    fn integers_are_grouped_as_the_locale_groups_them() {
        let cases = [
            ("en", 1_234_567, "1,234,567"),
            ("de", 10_000, "10.000"),
            ("fr", 10_000, "10\u{202f}000"),
            ("es", -1_234_567, "-1.234.567"),
            ("ja", 999, "999"),
            ("en", 0, "0"),
            ("en", i64::MIN, "-9,223,372,036,854,775,808"),
        ];
        for (tag, value, expected) in cases {
            assert_eq!(
                Formats::for_tag(tag).integer(value),
                expected,
                "{tag} {value}"
            );
        }
    }
}
