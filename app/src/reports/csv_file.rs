//! How a report table is written as a file Excel opens: UTF-8 with a
//! byte-order mark, and no cell a spreadsheet would run as a formula.

use crate::error::{internal, AppError};

pub(super) struct Csv(csv::Writer<Vec<u8>>);

impl Csv {
    pub(super) fn new() -> Self {
        // The byte-order mark tells Excel the file is UTF-8. Flexible: the
        // yearly report puts a wide table under its two-column lines.
        Csv(csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(b"\xEF\xBB\xBF".to_vec()))
    }

    /// Writes a row; see [`neutralised`] for what happens to each cell.
    pub(super) fn row<I, T>(&mut self, fields: I) -> Result<(), AppError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.0
            .write_record(
                fields
                    .into_iter()
                    .map(|field| neutralised(field.as_ref()).into_owned()),
            )
            .map_err(internal)
    }

    pub(super) fn finish(self) -> Result<Vec<u8>, AppError> {
        self.0.into_inner().map_err(internal)
    }
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or
/// carriage return first) gets a leading apostrophe, which spreadsheets read
/// as "this is text". Labels, names and localities are typed by people, so
/// a locality called `=HYPERLINK(…)` must stay a name. Plain numbers, such
/// as a negative difference, are left alone.
fn neutralised(cell: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let risky = matches!(
        cell.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    let number = std::str::from_utf8(cell)
        .ok()
        .is_some_and(|text| text.replace(',', ".").parse::<f64>().is_ok());
    if risky && !number {
        let mut safe = Vec::with_capacity(cell.len() + 1);
        safe.push(b'\'');
        safe.extend_from_slice(cell);
        std::borrow::Cow::Owned(safe)
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::neutralised;

    #[test]
    fn cells_a_spreadsheet_would_run_become_text() {
        for risky in [
            "=1+1",
            "+A1*2",
            "-cmd",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=HYPERLINK(\"x\")",
        ] {
            let out = neutralised(risky.as_bytes());
            assert_eq!(out[0], b'\'', "{risky}");
            assert_eq!(&out[1..], risky.as_bytes());
        }
    }

    #[test]
    fn ordinary_cells_and_numbers_stay_as_they_are() {
        for plain in ["Centrum", "12", "-3", "-1,5", "", "<5", "a=b"] {
            assert_eq!(&*neutralised(plain.as_bytes()), plain.as_bytes(), "{plain}");
        }
    }
}
