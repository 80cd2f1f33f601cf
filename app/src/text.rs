//! Text helpers shared by the server and the browser.

/// Upper- or lower-case letters with Czech (and common Slovak) diacritics
/// mapped to plain ASCII: "Šárka" → "Sarka". Other characters pass through.
pub fn fold_diacritics(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            'á' | 'ä' => 'a',
            'č' => 'c',
            'ď' => 'd',
            'é' | 'ě' => 'e',
            'í' => 'i',
            'ľ' | 'ĺ' => 'l',
            'ň' => 'n',
            'ó' | 'ô' | 'ö' => 'o',
            'ř' | 'ŕ' => 'r',
            'š' => 's',
            'ť' => 't',
            'ú' | 'ů' | 'ü' => 'u',
            'ý' => 'y',
            'ž' => 'z',
            'Á' | 'Ä' => 'A',
            'Č' => 'C',
            'Ď' => 'D',
            'É' | 'Ě' => 'E',
            'Í' => 'I',
            'Ľ' | 'Ĺ' => 'L',
            'Ň' => 'N',
            'Ó' | 'Ô' | 'Ö' => 'O',
            'Ř' | 'Ŕ' => 'R',
            'Š' => 'S',
            'Ť' => 'T',
            'Ú' | 'Ů' | 'Ü' => 'U',
            'Ý' => 'Y',
            'Ž' => 'Z',
            other => other,
        })
        .collect()
}

/// A stable, URL- and CSV-safe code for a label: "Hlavní nádraží" →
/// "hlavni-nadrazi".
pub fn slug(label: &str) -> String {
    let folded = fold_diacritics(label).to_ascii_lowercase();
    let mut slug = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// What is wrong with a piece of typed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    Required,
    TooLong { max: usize },
}

/// The one check of typed text, for every field: not empty when
/// `required`, and at most `max` characters (not bytes: "ř" is one). The
/// value is checked as given; callers trim first where spaces don't count.
pub fn check(value: &str, required: bool, max: usize) -> Result<(), TextProblem> {
    if required && value.is_empty() {
        return Err(TextProblem::Required);
    }
    if value.chars().count() > max {
        return Err(TextProblem::TooLong { max });
    }
    Ok(())
}

/// The longest reason an answer quotes about input it refused.
pub const REASON_MAX: usize = 240;

/// `reason` shortened to at most `max` characters (and three dots), keeping
/// its start and its end. A decoder's message quotes the input it refused,
/// so without this a megabyte of bad input comes back as a megabyte of
/// error; the end is kept because that is where a decoder says what it
/// expected and where.
pub fn excerpt(reason: &str, max: usize) -> String {
    let count = reason.chars().count();
    if count <= max {
        return reason.to_owned();
    }
    let tail = max / 3;
    let head = max - tail - 1;
    let mut short: String = reason.chars().take(head).collect();
    short.push('…');
    short.extend(reason.chars().skip(count - tail));
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_reason_keeps_its_start_and_end_within_the_limit() {
        assert_eq!(excerpt("short", 10), "short");
        let long = format!(
            "invalid type: string \"{}\", expected a batch",
            "ř".repeat(100_000)
        );
        let short = excerpt(&long, REASON_MAX);
        assert_eq!(short.chars().count(), REASON_MAX);
        assert!(short.starts_with("invalid type: string \"řřř"), "{short}");
        assert!(short.ends_with("\", expected a batch"), "{short}");
        assert!(short.contains('…'));
    }

    #[test]
    fn text_is_measured_in_characters_and_required_only_when_asked() {
        assert_eq!(check("", true, 5), Err(TextProblem::Required));
        assert_eq!(check("", false, 5), Ok(()));
        assert_eq!(check("řeřicha", false, 7), Ok(()));
        assert_eq!(
            check("řeřichy!", false, 7),
            Err(TextProblem::TooLong { max: 7 })
        );
    }

    #[test]
    fn czech_diacritics_fold_to_ascii() {
        assert_eq!(fold_diacritics("Šárka Řezníčková"), "Sarka Reznickova");
        assert_eq!(fold_diacritics("ŮĚŤĎŇ"), "UETDN");
    }

    #[test]
    fn slugs_are_lower_case_words_joined_by_dashes() {
        assert_eq!(slug("Hlavní nádraží"), "hlavni-nadrazi");
        assert_eq!(slug("  Test HIV / HCV!  "), "test-hiv-hcv");
        assert_eq!(slug("***"), "");
    }
}
