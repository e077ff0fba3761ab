//! CSV of one report table: the download beside every table of the report.
//!
//! Choices, and why:
//!
//! - **Comma, CRLF, quoting by the `csv` crate.** RFC 4180 as it is; cells
//!   with a comma, a quote or a line break are quoted, quotes doubled. Only
//!   the header row and the data rows are written (no caption line), so the
//!   file opens as a clean table in a spreadsheet and imports into any tool
//!   with "first row is header".
//! - **UTF-8 with a leading BOM.** Excel (Belgian locale included) reads a
//!   CSV without a BOM as the ANSI code page and mangles "Geëvalueerd"; with
//!   the BOM it reads UTF-8. Other readers skip the BOM (the `csv` crate
//!   does too).
//! - **Formula injection (OWASP "CSV injection") neutralised.** A spreadsheet
//!   runs a cell starting with `=`, `+`, `-` or `@` as a formula, and a
//!   leading tab or carriage return can hide such a start. Report cells are
//!   display strings built from data that users typed (labels, names of
//!   options), so every written cell goes through [`neutralise`], which
//!   prefixes a single quote `'` to such a cell. The quote is visible in the
//!   spreadsheet; that is the accepted trade-off (the number columns of a
//!   report never start with these characters: counts, "< 5", "×").
//!
//! A row shorter than the widest row or the header is padded with empty
//! cells, so the file is always rectangular.

use std::borrow::Cow;

use super::document::TableView;

/// The characters that make a spreadsheet cell start a formula (or hide
/// such a start), per OWASP "CSV injection".
const DANGEROUS_FIRST: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The table as CSV text: a BOM, the header row, then the rows, every cell
/// passed through [`neutralise`], lines ended by CRLF.
///
/// A table without any column gives just the BOM.
pub fn table_csv(table: &TableView) -> String {
    let mut out = String::from("\u{feff}");
    match write_records(table) {
        Ok(body) => out.push_str(&body),
        // Writing to memory cannot fail and every record has the same
        // length, so this is not reached; logged rather than panicking.
        Err(error) => {
            tracing::error!(table = %table.id, %error, "writing report table as CSV failed");
        }
    }
    out
}

/// The cell as written to CSV: unchanged, or with a `'` before it when its
/// first character is one of `=` `+` `-` `@`, tab or carriage return, so a
/// spreadsheet shows it as text instead of running it as a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(first) if DANGEROUS_FIRST.contains(&first) => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// The download's file name: `<id>.csv`, the id reduced to `[a-z0-9-]`
/// (every other character becomes `-`), `tabel.csv` for an empty id.
pub fn file_name(table: &TableView) -> String {
    let stem: String = table
        .id
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if stem.is_empty() {
        "tabel.csv".to_owned()
    } else {
        format!("{stem}.csv")
    }
}

fn write_records(table: &TableView) -> Result<String, csv::Error> {
    let width = table.width();
    if width == 0 {
        return Ok(String::new());
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b',')
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    for record in std::iter::once(&table.header).chain(&table.rows) {
        let padding = width.saturating_sub(record.len());
        let cells: Vec<Cow<'_, str>> = record
            .iter()
            .map(|cell| neutralise(cell))
            .chain(std::iter::repeat_n(Cow::Borrowed(""), padding))
            .collect();
        writer.write_record(cells.iter().map(|cell| cell.as_bytes()))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| csv::Error::from(std::io::Error::other(error.to_string())))?;
    // Only `&str` went in, and the writer adds ASCII quotes and separators.
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn table(header: &[&str], rows: &[&[&str]]) -> TableView {
        TableView {
            id: "casussen-per-fase".to_owned(),
            caption: "Casussen per fase".to_owned(),
            header: header.iter().map(|s| (*s).to_owned()).collect(),
            rows: rows
                .iter()
                .map(|row| row.iter().map(|s| (*s).to_owned()).collect())
                .collect(),
            note: None,
        }
    }

    /// Parses CSV text (after checking and removing the BOM) into records.
    fn parse(text: &str) -> Vec<Vec<String>> {
        let body = text.strip_prefix('\u{feff}').expect("starts with a BOM");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(body.as_bytes());
        reader
            .records()
            .map(|record| record.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn bom_header_rows_and_crlf() {
        let text = table_csv(&table(
            &["Fase", "Aantal"],
            &[&["Aanmelding", "12"], &["Afgesloten", "< 5"]],
        ));
        assert_eq!(
            text,
            "\u{feff}Fase,Aantal\r\nAanmelding,12\r\nAfgesloten,< 5\r\n"
        );
    }

    #[test]
    fn round_trip_with_quotes_commas_and_newlines() {
        let header = [
            "Label, met komma",
            "Met \"aanhalingstekens\"",
            "Meerdere\nregels",
        ];
        let rows: [&[&str]; 3] = [
            &["a,b", "zei \"ja\"", "een\r\ntwee"],
            &["Geëvalueerd", "×", "0-11 jaar"],
            &["", " ", "'al een quote"],
        ];
        let view = table(&header, &rows);
        let parsed = parse(&table_csv(&view));
        assert_eq!(parsed.len(), 4);
        assert_eq!(parsed[0], view.header);
        assert_eq!(&parsed[1..], view.rows.as_slice());
    }

    #[test]
    fn every_dangerous_first_character_is_neutralised() {
        for cell in ["=SUM(A1:A9)", "+32 3 123", "-5", "@cmd", "\tx", "\r=1"] {
            let safe = neutralise(cell);
            assert_eq!(safe, format!("'{cell}"), "{cell:?}");
        }
        // Also in the written file, header included, and after parsing.
        let view = table(
            &["=kop", "@kop"],
            &[&["=1+2", "-3"], &["+4", "\t5"], &["\r6", "ok"]],
        );
        let parsed = parse(&table_csv(&view));
        assert_eq!(
            parsed,
            vec![
                vec!["'=kop", "'@kop"],
                vec!["'=1+2", "'-3"],
                vec!["'+4", "'\t5"],
                vec!["'\r6", "ok"],
            ]
        );
    }

    #[test]
    fn harmless_cells_are_unchanged() {
        for cell in [
            "< 5",
            "12",
            "×",
            "0-11 jaar",
            "",
            "ja",
            "a=b",
            " =1",
            "'x",
            "Ëlla",
        ] {
            assert!(matches!(neutralise(cell), Cow::Borrowed(_)), "{cell:?}");
            assert_eq!(neutralise(cell), cell);
        }
    }

    #[test]
    fn short_rows_are_padded() {
        let parsed = parse(&table_csv(&table(&["a", "b", "c"], &[&["x"], &[]])));
        assert_eq!(
            parsed,
            vec![vec!["a", "b", "c"], vec!["x", "", ""], vec!["", "", ""]]
        );
    }

    #[test]
    fn a_table_without_columns_is_just_the_bom() {
        assert_eq!(table_csv(&table(&[], &[])), "\u{feff}");
    }

    #[test]
    fn file_names_are_sanitised() {
        let mut view = table(&[], &[]);
        for (id, expected) in [
            ("casussen-per-fase", "casussen-per-fase.csv"),
            ("werking-2026", "werking-2026.csv"),
            ("Casus per Fase", "-asus-per--ase.csv"),
            ("../../etc/passwd", "------etc-passwd.csv"),
            ("leeftijd_é", "leeftijd--.csv"),
            ("", "tabel.csv"),
        ] {
            view.id = id.to_owned();
            assert_eq!(file_name(&view), expected, "{id:?}");
        }
    }

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            "[=+\\-@\t\r\n\",' a-zé×<0-9]{0,8}",
            // A leading U+FEFF in the first cell would be read as a second
            // BOM by any reader; not a concern of this property.
            any::<String>().prop_map(|s| s.replace('\u{feff}', "")),
        ]
    }

    proptest! {
        #[test]
        fn no_parsed_cell_starts_a_formula(
            header in prop::collection::vec(cell(), 1..5),
            rows in prop::collection::vec(prop::collection::vec(cell(), 0..5), 0..6),
        ) {
            let view = TableView {
                id: "t".to_owned(),
                caption: "c".to_owned(),
                header,
                rows,
                note: None,
            };
            let parsed = parse(&table_csv(&view));
            prop_assert_eq!(parsed.len(), view.rows.len() + 1);
            for (record, original) in parsed.iter().zip(std::iter::once(&view.header).chain(&view.rows)) {
                for (index, field) in record.iter().enumerate() {
                    prop_assert!(
                        !field.starts_with(DANGEROUS_FIRST),
                        "cell {:?} starts a formula", field
                    );
                    let expected = original.get(index).map(|c| neutralise(c)).unwrap_or_default();
                    prop_assert_eq!(field, &*expected);
                }
            }
        }
    }
}
