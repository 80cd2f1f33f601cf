//! Numbers and shares as Czech reports write them.

pub(super) fn number(value: i64) -> String {
    // Thin groups of thousands read faster in a table of large counts.
    let digits = value.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    if value < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// "12,5" hours.
pub(super) fn hours(value: f64) -> String {
    format!("{value:.1}").replace('.', ",")
}

pub(super) fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.1} %").replace('.', ","))
}
