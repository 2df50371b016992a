//! XLSX of a call's files, written by rust_xlsxwriter in constant-memory mode: each row goes to
//! a temporary file on disk as it is written, so 100,000 rows take the memory of one. Runs on a
//! blocking thread fed page by page through a bounded channel.

use super::columns::Cell;
use rust_xlsxwriter::{Format, Workbook};
use std::path::Path;

/// Excel refuses longer text in a cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Rows of a worksheet, header included.
const MAX_ROWS: u32 = 1_048_576;

fn clip(s: &str) -> String {
    match s.char_indices().nth(MAX_CELL_CHARS - 1) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// Writes `header` then every page received until the channel closes; returns the number of
/// rows written (header excluded). `tmp_dir` holds the library's own row files: on the data
/// disk, not in a `/tmp` that may live in memory.
pub fn write(
    path: &Path,
    tmp_dir: &Path,
    sheet_name: &str,
    header: &[String],
    pages: impl Iterator<Item = Vec<Vec<Cell>>>,
) -> anyhow::Result<u64> {
    let mut workbook = Workbook::new();
    workbook.set_tempdir(tmp_dir)?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00 \"€\"");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let sheet = workbook.add_worksheet_with_constant_memory();
    sheet.set_name(sheet_name)?;
    for (c, h) in header.iter().enumerate() {
        let c = u16::try_from(c)?;
        sheet.write_string_with_format(0, c, clip(h), &bold)?;
        sheet.set_column_width(c, 18)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let mut row: u32 = 0;
    for page in pages {
        for cells in page {
            row += 1;
            if row >= MAX_ROWS {
                anyhow::bail!(
                    "more than {} rows: too many for one worksheet",
                    MAX_ROWS - 1
                );
            }
            for (c, cell) in cells.iter().enumerate() {
                let c = u16::try_from(c)?;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        sheet.write_string(row, c, clip(s))?;
                    }
                    Cell::Int(n) => {
                        sheet.write_number(row, c, *n as f64)?;
                    }
                    Cell::Decimal(x) => {
                        sheet.write_number(row, c, *x)?;
                    }
                    Cell::Money(m) => {
                        sheet.write_number_with_format(row, c, m.0 as f64 / 100.0, &money)?;
                    }
                    Cell::Date(d) => {
                        sheet.write_datetime_with_format(row, c, d, &date)?;
                    }
                    Cell::DateTime(t) => {
                        sheet.write_datetime_with_format(row, c, t, &datetime)?;
                    }
                }
            }
        }
    }
    workbook.save(path)?;
    Ok(u64::from(row))
}

/// Worksheet names: at most 31 characters, none of `[]:*?/\`.
pub fn sheet_name(s: &str) -> String {
    let name: String = s
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect();
    let name = name.trim_matches('\'').trim().to_owned();
    if name.is_empty() {
        "Export".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_fit_excel_rules() {
        assert_eq!(sheet_name("Progr'ESS 2026 [a/b]"), "Progr'ESS 2026 -a-b-");
        assert_eq!(sheet_name(""), "Export");
        assert_eq!(sheet_name(&"x".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn long_text_is_clipped_to_excel_limit() {
        let long = "é".repeat(40_000);
        assert_eq!(clip(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(clip("short"), "short");
    }
}
