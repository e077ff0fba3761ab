//! PDF of a report: an A4 portrait rendering of a [`Document`] with
//! `pdf-writer`, for printing and for sending to the Stuurgroep.
//!
//! Choices, and why:
//!
//! - **The standard Type1 fonts Helvetica and Helvetica-Bold, WinAnsi
//!   encoded.** Every PDF reader has them built in, so no font file is
//!   embedded, nothing is read from the system and the renderer stays pure
//!   Rust with no I/O. Their character set is Windows-1252 (WinAnsiEncoding),
//!   which covers Dutch, French and German text (é è ë ï ô à ç € – — ‘ ’ “ ” •
//!   ×). Text is encoded here (`winansi`); a character outside cp1252 is
//!   written as `?` (report text is ours and translated, so that is rare).
//!   Line breaking and column sizing measure text with the glyph widths of
//!   Adobe's AFM files for both fonts (`HELVETICA`, `HELVETICA_BOLD`), so
//!   wrapped text and table cells stay inside the page.
//! - **Text strings written as literal strings by this module.**
//!   `pdf_writer::Str` writes any string with a byte above 127 as a hex
//!   string, which would hide "Geëvalueerd" from a byte search and from
//!   `grep`. All other operators go through `pdf_writer::Content`; the string
//!   operand of `Tj` is written by `push_literal`, with `(`, `)` and `\`
//!   escaped and the cp1252 bytes kept as they are.
//! - **Uncompressed content streams.** A report is a few pages of text and
//!   rules, so the size gain is small, and uncompressed streams let tests
//!   and reviewers find the published text in the bytes (and check that
//!   nothing else is in there). It also keeps the crate free of a deflate
//!   dependency.
//! - **Deterministic.** No creation date, no file id, no random object ids:
//!   the same [`Document`] gives the same bytes (its `generated` line is the
//!   only time in it).
//!
//! Layout: title, subtitle, generated line and notice; then per section a
//! heading, the intro and its tables (caption, grey header row repeated after
//! a page break, thin rules under rows, cells cut with "…" when a column is
//! too narrow, the note in small type). Charts are not drawn: their numbers
//! are always in a table of the same section. Every page has "p. N / M" at
//! the bottom centre; the pages are laid out first and written once their
//! count is known.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};

use super::document::{Document, Section, TableView};

// Geometry, in PDF points (1/72 inch). A4 is 210 × 297 mm.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
/// 2 cm left and right.
const MARGIN_X: f32 = 56.69;
const MARGIN_TOP: f32 = 56.69;
/// The body ends here; the page number sits below it.
const MARGIN_BOTTOM: f32 = 62.0;
const FOOTER_BASELINE: f32 = 30.0;
const BODY_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;
const BODY_TOP: f32 = PAGE_HEIGHT - MARGIN_TOP;

// Type sizes, in points.
const TITLE_SIZE: f32 = 20.0;
const SUBTITLE_SIZE: f32 = 12.0;
const GENERATED_SIZE: f32 = 9.0;
const TEXT_SIZE: f32 = 10.0;
const HEADING_SIZE: f32 = 14.0;
const CAPTION_SIZE: f32 = 10.5;
const CELL_SIZE: f32 = 9.0;
const NOTE_SIZE: f32 = 8.0;
const FOOTER_SIZE: f32 = 8.0;
/// Line height as a multiple of the type size.
const LEADING: f32 = 1.35;
/// Cap height of Helvetica (AFM `CapHeight 718`), to centre cell text.
const CAP_HEIGHT: f32 = 0.718;

// Tables.
const ROW_HEIGHT: f32 = 15.0;
const CELL_PADDING: f32 = 4.0;
/// When the columns do not fit, the first (label) column gets this many
/// shares of the width for every share of another column.
const FIRST_COLUMN_WEIGHT: f32 = 2.0;
const HEADER_FILL_GRAY: f32 = 0.88;

/// "…" in cp1252.
const ELLIPSIS: u8 = 0x85;

/// A4 portrait PDF of the report, as bytes (`%PDF-1.7` … `%%EOF`).
pub fn render(doc: &Document) -> Vec<u8> {
    let mut pages = lay_out(doc);
    add_page_numbers(&mut pages);
    write_pdf(doc, &pages)
}

// ---------------------------------------------------------------------------
// Fonts and text

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    /// The name of the font in the page resources.
    fn resource(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"F1"),
            Font::Bold => Name(b"F2"),
        }
    }

    fn base_font(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"Helvetica"),
            Font::Bold => Name(b"Helvetica-Bold"),
        }
    }

    fn widths(self) -> &'static [u16; 224] {
        match self {
            Font::Regular => &HELVETICA,
            Font::Bold => &HELVETICA_BOLD,
        }
    }
}

/// Glyph widths (1/1000 em) of Helvetica for the WinAnsiEncoding codes
/// 0x20..=0xFF, from Adobe's `Helvetica.afm` (Core14 AFM, 1999). Codes
/// WinAnsi leaves undefined (0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D) are 0; the
/// encoder never writes them.
const HELVETICA: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0x30
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // 0x40
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 0x50
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // 0x60
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0, // 0x70
    556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 0x80
    0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667, // 0x90
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
    400, 584, 333, 333, 333, 578, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, // 0xF0
];

/// Glyph widths of Helvetica-Bold, as [`HELVETICA`], from
/// `Helvetica-Bold.afm`.
const HELVETICA_BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 0x30
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // 0x40
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // 0x50
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // 0x60
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0, // 0x70
    556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 0x80
    0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667, // 0x90
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556, // 0xF0
];

/// The width of WinAnsi-encoded text in points.
fn text_width(font: Font, text: &[u8], size: f32) -> f32 {
    let units: u32 = text
        .iter()
        .map(|&byte| u32::from(glyph_width(font, byte)))
        .sum();
    units as f32 * size / 1000.0
}

fn glyph_width(font: Font, byte: u8) -> u16 {
    byte.checked_sub(0x20)
        .and_then(|index| font.widths().get(usize::from(index)))
        .copied()
        .unwrap_or(0)
}

/// The cp1252 (WinAnsiEncoding) byte of a character, if it has one.
fn winansi_byte(c: char) -> Option<u8> {
    let code = u32::from(c);
    if (0x20..=0x7E).contains(&code) || (0xA0..=0xFF).contains(&code) {
        return u8::try_from(code).ok();
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// Text as WinAnsi bytes: cp1252 characters as their byte, a tab as a space,
/// every line break (`\n`, `\r\n`, `\r`) as `\n`, the soft hyphen dropped,
/// and anything else (other control characters, characters outside cp1252)
/// as `?`.
fn winansi(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(b'\n');
            }
            '\n' => out.push(b'\n'),
            '\t' => out.push(b' '),
            '\u{ad}' => {}
            other => out.push(winansi_byte(other).unwrap_or(b'?')),
        }
    }
    out
}

/// Text for one line (a table cell): [`winansi`] with line breaks as spaces.
fn winansi_line(text: &str) -> Vec<u8> {
    let mut bytes = winansi(text);
    for byte in &mut bytes {
        if *byte == b'\n' {
            *byte = b' ';
        }
    }
    bytes
}

/// How many leading bytes of `text` fit in `max` points.
fn fitting_prefix(text: &[u8], font: Font, size: f32, max: f32) -> usize {
    let mut width = 0.0;
    for (index, &byte) in text.iter().enumerate() {
        width += f32::from(glyph_width(font, byte)) * size / 1000.0;
        if width > max {
            return index;
        }
    }
    text.len()
}

/// Breaks WinAnsi text into lines of at most `max` points: at spaces (runs
/// of spaces collapse), at every `\n`, and inside a word only when the word
/// alone is wider than a line.
fn wrap(text: &[u8], font: Font, size: f32, max: f32) -> Vec<Vec<u8>> {
    let space = text_width(font, b" ", size);
    let mut lines = Vec::new();
    for hard_line in text.split(|&byte| byte == b'\n') {
        let mut line: Vec<u8> = Vec::new();
        let mut line_width = 0.0;
        for word in hard_line
            .split(|&byte| byte == b' ')
            .filter(|word| !word.is_empty())
        {
            let word_width = text_width(font, word, size);
            if !line.is_empty() {
                if line_width + space + word_width <= max {
                    line.push(b' ');
                    line.extend_from_slice(word);
                    line_width += space + word_width;
                    continue;
                }
                lines.push(std::mem::take(&mut line));
            }
            let mut rest = word;
            while text_width(font, rest, size) > max {
                let fit = fitting_prefix(rest, font, size, max).clamp(1, rest.len());
                let (head, tail) = rest.split_at(fit);
                lines.push(head.to_vec());
                rest = tail;
            }
            line.extend_from_slice(rest);
            line_width = text_width(font, rest, size);
        }
        lines.push(line);
    }
    lines
}

/// The text cut to `max` points, ending in "…" when it was cut; empty when
/// not even "…" fits.
fn truncate(text: &[u8], font: Font, size: f32, max: f32) -> Vec<u8> {
    // The column widths are computed from these same text widths; the slack
    // absorbs float rounding so a cell exactly as wide as its column stays
    // whole.
    if text_width(font, text, size) <= max + 0.01 {
        return text.to_vec();
    }
    let ellipsis = text_width(font, &[ELLIPSIS], size);
    if ellipsis > max {
        return Vec::new();
    }
    let fit = fitting_prefix(text, font, size, max - ellipsis);
    let mut out: Vec<u8> = text.iter().take(fit).copied().collect();
    while out.last() == Some(&b' ') {
        out.pop();
    }
    out.push(ELLIPSIS);
    out
}

/// Writes `text` as a PDF literal string: `(`, `)` and `\` escaped, line
/// breaks as `\n` / `\r` escapes (a raw one would be normalised by readers),
/// every other byte as it is (ISO 32000-1, 7.3.4.2).
fn push_literal(out: &mut Vec<u8>, text: &[u8]) {
    out.push(b'(');
    for &byte in text {
        match byte {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(byte);
            }
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(byte),
        }
    }
    out.push(b')');
}

// ---------------------------------------------------------------------------
// Layout

/// One thing drawn on a page. Coordinates are PDF points from the bottom
/// left of the page.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    /// One line of WinAnsi text; `y` is the baseline; `gray` its colour
    /// (0 black, 1 white).
    Text {
        font: Font,
        size: f32,
        gray: f32,
        x: f32,
        y: f32,
        text: Vec<u8>,
    },
    /// A filled rectangle; (`x`, `y`) its lower left corner.
    Fill {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        gray: f32,
    },
    /// A horizontal rule.
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
        gray: f32,
    },
}

/// Flows content down the pages. `y` is the top of the free space.
struct Layout {
    done: Vec<Vec<Op>>,
    page: Vec<Op>,
    y: f32,
}

impl Layout {
    fn new() -> Self {
        Self {
            done: Vec::new(),
            page: Vec::new(),
            y: BODY_TOP,
        }
    }

    fn new_page(&mut self) {
        self.done.push(std::mem::take(&mut self.page));
        self.y = BODY_TOP;
    }

    fn at_top(&self) -> bool {
        self.y >= BODY_TOP
    }

    /// Starts a new page unless `height` fits in what is left of this one
    /// (or this page is still empty). True when a new page was started.
    fn ensure(&mut self, height: f32) -> bool {
        if self.y - height < MARGIN_BOTTOM && !self.at_top() {
            self.new_page();
            true
        } else {
            false
        }
    }

    /// Vertical space, none at the top of a page.
    fn gap(&mut self, height: f32) {
        if !self.at_top() {
            self.y -= height;
        }
    }

    fn text(&mut self, font: Font, size: f32, gray: f32, x: f32, y: f32, text: Vec<u8>) {
        if !text.is_empty() {
            self.page.push(Op::Text {
                font,
                size,
                gray,
                x,
                y,
                text,
            });
        }
    }

    /// One line of text at the left margin.
    fn line(&mut self, font: Font, size: f32, gray: f32, text: Vec<u8>) {
        let leading = size * LEADING;
        self.ensure(leading);
        let baseline = self.y - size;
        self.text(font, size, gray, MARGIN_X, baseline, text);
        self.y -= leading;
    }

    /// Text wrapped to the body width; nothing for blank text.
    fn paragraph(&mut self, text: &str, font: Font, size: f32, gray: f32) {
        if text.trim().is_empty() {
            return;
        }
        for line in wrap(&winansi(text), font, size, BODY_WIDTH) {
            self.line(font, size, gray, line);
        }
    }

    fn section(&mut self, section: &Section) {
        self.gap(16.0);
        let heading = wrap(
            &winansi_line(&section.heading),
            Font::Bold,
            HEADING_SIZE,
            BODY_WIDTH,
        );
        // Keep the heading with two lines of what follows.
        let heading_height = heading.len() as f32 * HEADING_SIZE * LEADING;
        self.ensure(heading_height + 4.0 + 2.0 * TEXT_SIZE * LEADING);
        for line in heading {
            self.line(Font::Bold, HEADING_SIZE, 0.0, line);
        }
        self.gap(4.0);
        if let Some(intro) = &section.intro {
            self.paragraph(intro, Font::Regular, TEXT_SIZE, 0.0);
            self.gap(4.0);
        }
        // Charts are not drawn: their numbers are in the section's tables.
        for table in &section.tables {
            self.table(table);
        }
    }

    fn table(&mut self, table: &TableView) {
        self.gap(8.0);
        let grid = Grid::new(table);
        let caption = wrap(
            &winansi_line(&table.caption),
            Font::Bold,
            CAPTION_SIZE,
            BODY_WIDTH,
        );
        // Keep the caption with the header row and the first row.
        let caption_height = caption.len() as f32 * CAPTION_SIZE * LEADING;
        let first_rows = match (&grid, table.rows.is_empty()) {
            (None, _) => 0.0,
            (Some(_), true) => ROW_HEIGHT,
            (Some(_), false) => 2.0 * ROW_HEIGHT,
        };
        self.ensure(caption_height + 2.0 + first_rows);
        if !table.caption.trim().is_empty() {
            for line in caption {
                self.line(Font::Bold, CAPTION_SIZE, 0.0, line);
            }
            self.gap(2.0);
        }
        if let Some(grid) = grid {
            self.ensure(first_rows);
            self.header_row(&grid);
            for row in &grid.rows {
                if self.ensure(ROW_HEIGHT) {
                    self.header_row(&grid);
                }
                self.row(&grid, row, Font::Regular);
                self.rule(0.3, 0.7, grid.total_width());
            }
        }
        if let Some(note) = &table.note {
            self.gap(3.0);
            self.paragraph(note, Font::Regular, NOTE_SIZE, 0.3);
        }
    }

    fn header_row(&mut self, grid: &Grid) {
        self.page.push(Op::Fill {
            x: MARGIN_X,
            y: self.y - ROW_HEIGHT,
            width: grid.total_width(),
            height: ROW_HEIGHT,
            gray: HEADER_FILL_GRAY,
        });
        self.row(grid, &grid.header, Font::Bold);
        self.rule(0.6, 0.3, grid.total_width());
    }

    /// One row of cells below `y`, then `y` moves down a row.
    fn row(&mut self, grid: &Grid, cells: &[Vec<u8>], font: Font) {
        let baseline = self.y - (ROW_HEIGHT + CAP_HEIGHT * CELL_SIZE) / 2.0;
        let mut left = MARGIN_X;
        for ((cell, &width), &right_aligned) in cells.iter().zip(&grid.widths).zip(&grid.right) {
            let x = if right_aligned {
                left + width - CELL_PADDING - text_width(font, cell, CELL_SIZE)
            } else {
                left + CELL_PADDING
            };
            self.text(font, CELL_SIZE, 0.0, x, baseline, cell.clone());
            left += width;
        }
        self.y -= ROW_HEIGHT;
    }

    /// A rule along the bottom of the row just drawn.
    fn rule(&mut self, width: f32, gray: f32, length: f32) {
        self.page.push(Op::Rule {
            x1: MARGIN_X,
            x2: MARGIN_X + length,
            y: self.y,
            width,
            gray,
        });
    }

    fn finish(mut self) -> Vec<Vec<Op>> {
        self.done.push(self.page);
        self.done
    }
}

/// A table ready to draw: column widths and the cells cut to them.
struct Grid {
    widths: Vec<f32>,
    /// Per column: right-aligned (a column of numbers and marks).
    right: Vec<bool>,
    header: Vec<Vec<u8>>,
    rows: Vec<Vec<Vec<u8>>>,
}

impl Grid {
    /// `None` for a table without columns.
    fn new(table: &TableView) -> Option<Self> {
        let columns = table.width();
        if columns == 0 {
            return None;
        }
        let encode_row = |row: &[String]| -> Vec<Vec<u8>> {
            (0..columns)
                .map(|index| {
                    row.get(index)
                        .map(|cell| winansi_line(cell))
                        .unwrap_or_default()
                })
                .collect()
        };
        let header = encode_row(&table.header);
        let rows: Vec<Vec<Vec<u8>>> = table.rows.iter().map(|row| encode_row(row)).collect();

        let natural: Vec<f32> = (0..columns)
            .map(|index| {
                let header_width = header
                    .get(index)
                    .map_or(0.0, |cell| text_width(Font::Bold, cell, CELL_SIZE));
                rows.iter()
                    .filter_map(|row| row.get(index))
                    .map(|cell| text_width(Font::Regular, cell, CELL_SIZE))
                    .fold(header_width, f32::max)
                    + 2.0 * CELL_PADDING
            })
            .collect();
        let widths = column_widths(&natural, BODY_WIDTH);
        let right: Vec<bool> = (0..columns)
            .map(|index| index > 0 && is_numeric_column(table, index))
            .collect();

        let fit = |row: Vec<Vec<u8>>, font: Font| -> Vec<Vec<u8>> {
            row.iter()
                .zip(&widths)
                .map(|(cell, width)| truncate(cell, font, CELL_SIZE, width - 2.0 * CELL_PADDING))
                .collect()
        };
        let header = fit(header, Font::Bold);
        let rows = rows
            .into_iter()
            .map(|row| fit(row, Font::Regular))
            .collect();
        Some(Self {
            widths,
            right,
            header,
            rows,
        })
    }

    fn total_width(&self) -> f32 {
        self.widths.iter().sum()
    }
}

/// Whether every cell of the column (below the header) is a number or a
/// disclosure mark ("12", "< 5", "×", "3,5 %"), so it reads best
/// right-aligned.
fn is_numeric_column(table: &TableView, index: usize) -> bool {
    let mut cells = table
        .rows
        .iter()
        .filter_map(|row| row.get(index))
        .peekable();
    cells.peek().is_some()
        && cells.all(|cell| {
            cell.chars()
                .all(|c| c.is_ascii_digit() || " .,%<>≤≥×–-+".contains(c))
        })
}

/// Widths of the columns, together exactly `total`.
///
/// When the natural widths (widest cell plus padding) fit, each column gets
/// its natural width and the rest is shared: half to the first column, half
/// evenly over the others. When they do not fit, the width is shared by
/// weight (the first column [`FIRST_COLUMN_WEIGHT`], the others 1): a column
/// narrower than its share keeps its natural width and the rest is shared
/// again among the others ("water filling"); cells of the columns that stay
/// too narrow are cut with "…".
fn column_widths(natural: &[f32], total: f32) -> Vec<f32> {
    let count = natural.len();
    let sum: f32 = natural.iter().sum();
    if count == 0 {
        return Vec::new();
    }
    if sum <= total {
        let extra = total - sum;
        let (first, others) = if count == 1 {
            (extra, 0.0)
        } else {
            (extra / 2.0, extra / 2.0 / (count - 1) as f32)
        };
        return natural
            .iter()
            .enumerate()
            .map(|(index, width)| width + if index == 0 { first } else { others })
            .collect();
    }
    let weight = |index: usize| if index == 0 { FIRST_COLUMN_WEIGHT } else { 1.0 };
    let mut widths: Vec<Option<f32>> = vec![None; count];
    let mut remaining = total;
    loop {
        let open_weight: f32 = widths
            .iter()
            .enumerate()
            .filter(|(_, width)| width.is_none())
            .map(|(index, _)| weight(index))
            .sum();
        if open_weight <= 0.0 {
            break;
        }
        let unit = remaining / open_weight;
        let mut fixed_any = false;
        for (index, (width, natural)) in widths.iter_mut().zip(natural).enumerate() {
            if width.is_none() && *natural <= unit * weight(index) {
                *width = Some(*natural);
                remaining -= natural;
                fixed_any = true;
            }
        }
        if !fixed_any {
            for (index, width) in widths.iter_mut().enumerate() {
                if width.is_none() {
                    *width = Some(unit * weight(index));
                }
            }
            break;
        }
    }
    widths
        .into_iter()
        .map(|width| width.unwrap_or(0.0))
        .collect()
}

fn lay_out(doc: &Document) -> Vec<Vec<Op>> {
    let mut layout = Layout::new();
    layout.paragraph(&doc.title, Font::Bold, TITLE_SIZE, 0.0);
    layout.gap(2.0);
    layout.paragraph(&doc.subtitle, Font::Regular, SUBTITLE_SIZE, 0.0);
    layout.paragraph(&doc.generated, Font::Regular, GENERATED_SIZE, 0.35);
    layout.gap(10.0);
    layout.paragraph(&doc.notice, Font::Regular, TEXT_SIZE, 0.0);
    for section in &doc.sections {
        layout.section(section);
    }
    layout.finish()
}

/// "p. N / M" at the bottom centre of every page.
fn add_page_numbers(pages: &mut [Vec<Op>]) {
    let count = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        let text = winansi(&format!("p. {} / {count}", index + 1));
        let x = (PAGE_WIDTH - text_width(Font::Regular, &text, FOOTER_SIZE)) / 2.0;
        page.push(Op::Text {
            font: Font::Regular,
            size: FOOTER_SIZE,
            gray: 0.3,
            x,
            y: FOOTER_BASELINE,
            text,
        });
    }
}

// ---------------------------------------------------------------------------
// Writing

fn write_pdf(doc: &Document, pages: &[Vec<Op>]) -> Vec<u8> {
    let catalog_id = Ref::new(1);
    let tree_id = Ref::new(2);
    let info_id = Ref::new(3);
    let regular_id = Ref::new(4);
    let bold_id = Ref::new(5);
    let mut next_id = 6;
    let ids: Vec<(Ref, Ref)> = pages
        .iter()
        .map(|_| {
            let page = Ref::new(next_id);
            let content = Ref::new(next_id + 1);
            next_id += 2;
            (page, content)
        })
        .collect();

    let mut pdf = Pdf::new();
    {
        let mut catalog = pdf.catalog(catalog_id);
        catalog.pages(tree_id).lang(TextStr("nl-BE"));
        catalog.viewer_preferences().display_doc_title(true);
    }
    pdf.pages(tree_id)
        .kids(ids.iter().map(|(page, _)| *page))
        .count(i32::try_from(ids.len()).unwrap_or(i32::MAX));
    pdf.document_info(info_id)
        .title(TextStr(&doc.title))
        .producer(TextStr("Verbind"));
    for (font, id) in [(Font::Regular, regular_id), (Font::Bold, bold_id)] {
        pdf.type1_font(id)
            .base_font(font.base_font())
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (ops, &(page_id, content_id)) in pages.iter().zip(&ids) {
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .parent(tree_id)
            .contents(content_id);
        page.resources()
            .fonts()
            .pair(Font::Regular.resource(), regular_id)
            .pair(Font::Bold.resource(), bold_id);
        page.finish();
        // No filter: the stream is written uncompressed (see module docs).
        pdf.stream(content_id, &content_stream(ops));
    }
    pdf.finish()
}

/// The page's content stream. Operators are written by
/// `pdf_writer::Content`; the string of each `Tj` by [`push_literal`].
fn content_stream(ops: &[Op]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut content = Content::new();
    for op in ops {
        match op {
            Op::Fill {
                x,
                y,
                width,
                height,
                gray,
            } => {
                content
                    .set_fill_gray(*gray)
                    .rect(pt(*x), pt(*y), pt(*width), pt(*height))
                    .fill_nonzero();
            }
            Op::Rule {
                x1,
                x2,
                y,
                width,
                gray,
            } => {
                content
                    .set_stroke_gray(*gray)
                    .set_line_width(*width)
                    .move_to(pt(*x1), pt(*y))
                    .line_to(pt(*x2), pt(*y))
                    .stroke();
            }
            Op::Text {
                font,
                size,
                gray,
                x,
                y,
                text,
            } => {
                content
                    .set_fill_gray(*gray)
                    .begin_text()
                    .set_font(font.resource(), *size)
                    .next_line(pt(*x), pt(*y));
                flush(&mut content, &mut out);
                push_literal(&mut out, text);
                out.extend_from_slice(b" Tj\n");
                content.end_text();
            }
        }
    }
    flush(&mut content, &mut out);
    out
}

/// A coordinate rounded to 1/100 pt: plenty for print, and short in the
/// stream ("641.95" rather than "641.94995").
fn pt(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}

/// Moves what `content` holds to `out`, one operator per line.
fn flush(content: &mut Content, out: &mut Vec<u8>) {
    let bytes = std::mem::replace(content, Content::with_capacity(256))
        .finish()
        .into_vec();
    if !bytes.is_empty() {
        out.extend_from_slice(&bytes);
        out.push(b'\n');
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn table(id: &str, header: &[&str], rows: Vec<Vec<String>>) -> TableView {
        TableView {
            id: id.to_owned(),
            caption: format!("Tabel {id}"),
            header: header.iter().map(|s| (*s).to_owned()).collect(),
            rows,
            note: Some("“< 5” betekent 1 tot 4; “×” is verborgen.".to_owned()),
        }
    }

    fn document(rows: usize) -> Document {
        let rows = (0..rows)
            .map(|index| {
                vec![
                    if index == 0 {
                        "Partnertafel".to_owned()
                    } else {
                        format!("Rij {index}")
                    },
                    "12".to_owned(),
                    "< 5".to_owned(),
                    "×".to_owned(),
                ]
            })
            .collect();
        Document {
            title: "Rapport voor de Stuurgroep".to_owned(),
            subtitle: "Sint-Niklaas · 1/1/2026 – 31/12/2026".to_owned(),
            generated: "Gemaakt op 28/11/2026 14:05".to_owned(),
            notice: "Dit rapport bevat geen namen of details van casussen. Cellen van 1 tot 4 \
                     staan als “< 5”, sommige andere als “×”."
                .to_owned(),
            sections: vec![Section {
                id: "werking".to_owned(),
                heading: "Werking".to_owned(),
                intro: Some("Geëvalueerd: casussen (netto) \\ per fase. ".repeat(12)),
                charts: Vec::new(),
                tables: vec![table(
                    "casussen-per-fase",
                    &["Fase", "Aantal", "Jongeren", "Gezinnen"],
                    rows,
                )],
            }],
        }
    }

    fn count(haystack: &[u8], needle: &[u8]) -> usize {
        haystack
            .windows(needle.len())
            .filter(|window| *window == needle)
            .count()
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        count(haystack, needle) > 0
    }

    fn page_count(pdf: &[u8]) -> usize {
        count(pdf, b"/Type /Page") - count(pdf, b"/Type /Pages")
    }

    #[test]
    fn is_a_pdf_file() {
        let pdf = render(&document(3));
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"));
        assert_eq!(page_count(&pdf), 1);
        assert!(contains(&pdf, b"(p. 1 / 1) Tj"));
    }

    #[test]
    fn fonts_metadata_and_no_compression() {
        let pdf = render(&document(3));
        assert!(contains(&pdf, b"/BaseFont /Helvetica\n"));
        assert!(contains(&pdf, b"/BaseFont /Helvetica-Bold"));
        assert_eq!(count(&pdf, b"/Encoding /WinAnsiEncoding"), 2);
        assert!(!contains(&pdf, b"/FontFile"));
        assert!(!contains(&pdf, b"/Filter"));
        assert!(contains(&pdf, b"/Lang (nl-BE)"));
        assert!(contains(&pdf, b"/Producer (Verbind)"));
        assert!(contains(&pdf, b"/Title (Rapport voor de Stuurgroep)"));
        assert!(contains(&pdf, b"/MediaBox [0 0 595.28 841.89]"));
    }

    #[test]
    fn many_rows_make_several_pages_with_the_header_repeated() {
        let pdf = render(&document(150));
        let pages = page_count(&pdf);
        assert!(pages > 2, "{pages} pages");
        // The header row is on every page the table runs over (all pages
        // here: the table starts on the first one).
        assert_eq!(count(&pdf, b"(Jongeren) Tj"), pages);
        for number in 1..=pages {
            let footer = format!("(p. {number} / {pages}) Tj");
            assert!(contains(&pdf, footer.as_bytes()), "{footer}");
        }
        assert!(contains(&pdf, b"(Rij 149) Tj"));
    }

    #[test]
    fn text_is_findable_in_the_bytes() {
        let pdf = render(&document(3));
        assert!(contains(&pdf, b"(Partnertafel) Tj"));
        assert!(contains(&pdf, b"(Tabel casussen-per-fase) Tj"));
        // cp1252: ë = EB, × = D7, “ ” = 93 94, – = 96, · = B7.
        assert!(contains(&pdf, b"Ge\xEBvalueerd"));
        assert!(contains(&pdf, b"(\xD7) Tj"));
        assert!(contains(&pdf, b"\x93< 5\x94"));
        assert!(contains(
            &pdf,
            b"(Sint-Niklaas \xB7 1/1/2026 \x96 31/12/2026) Tj"
        ));
    }

    #[test]
    fn parentheses_and_backslashes_are_escaped() {
        let pdf = render(&document(3));
        assert!(contains(&pdf, br"casussen \(netto\) \\ per fase"));
        assert!(!contains(&pdf, b"casussen (netto)"));

        let mut out = Vec::new();
        push_literal(&mut out, b"a(b)c\\d)e(\n");
        assert_eq!(out, br"(a\(b\)c\\d\)e\(\n)".to_vec());
    }

    #[test]
    fn only_cells_wider_than_their_column_are_cut() {
        let mut doc = document(3);
        let label =
            "Een heel lang rijlabel dat niet in de kolom past omdat het echt veel te lang is";
        doc.sections[0].tables[0].rows[1][0] = label.repeat(2);
        let pdf = render(&doc);
        // The label column is squeezed, the number columns keep their
        // natural width (a header exactly as wide as its column included).
        assert!(contains(&pdf, b"(Aantal) Tj"));
        assert!(contains(&pdf, b"(Gezinnen) Tj"));
        assert!(
            contains(&pdf, b"\x85) Tj"),
            "the long label ends in an ellipsis"
        );
    }

    #[test]
    fn same_document_same_bytes() {
        let doc = document(80);
        assert_eq!(render(&doc), render(&doc));
    }

    #[test]
    fn charts_are_not_drawn() {
        use crate::report::document::{Chart, ChartKind, Series};
        let mut doc = document(2);
        doc.sections[0].charts.push(Chart {
            id: "grafiek".to_owned(),
            kind: ChartKind::Bars,
            title: "Grafiektitel".to_owned(),
            description: "Beschrijving".to_owned(),
            categories: vec!["01/2026".to_owned()],
            series: vec![Series {
                name: "Reeks".to_owned(),
                values: vec![Some(3)],
            }],
            suppressed_label: "< 5".to_owned(),
        });
        let pdf = render(&doc);
        assert!(!contains(&pdf, b"Grafiektitel"));
        assert_eq!(pdf, render(&document(2)));
    }

    #[test]
    fn winansi_encoding() {
        assert_eq!(
            winansi("éèëïôàç€–—‘’“”•×…"),
            vec![
                0xE9, 0xE8, 0xEB, 0xEF, 0xF4, 0xE0, 0xE7, 0x80, 0x96, 0x97, 0x91, 0x92, 0x93, 0x94,
                0x95, 0xD7, 0x85
            ]
        );
        assert_eq!(winansi("Ab 0-11 jaar < 5"), b"Ab 0-11 jaar < 5".to_vec());
        assert_eq!(
            winansi("漢 🙂 \u{1} \u{7f} \u{85} e\u{301}"),
            b"? ? ? ? ? e?".to_vec()
        );
        assert_eq!(winansi("a\tb\r\nc\rd\ne\u{ad}f"), b"a b\nc\nd\nef".to_vec());
        assert_eq!(winansi_line("a\nb"), b"a b".to_vec());
        // Every byte the encoder writes has a glyph width.
        for c in (0..=0x2FFFu32).filter_map(char::from_u32) {
            for byte in winansi(&c.to_string()) {
                if byte != b'\n' {
                    assert!(glyph_width(Font::Regular, byte) > 0, "{c:?}");
                    assert!(glyph_width(Font::Bold, byte) > 0, "{c:?}");
                }
            }
        }
    }

    #[test]
    fn widths_follow_the_afm() {
        // Helvetica.afm: "W" 944, "i" 222, space 278; Bold: "i" 278.
        assert!((text_width(Font::Regular, b"Wi ", 1000.0) - 1444.0).abs() < 0.01);
        assert!((text_width(Font::Bold, b"i", 10.0) - 2.78).abs() < 0.001);
    }

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let text = winansi(&format!(
            "{} Eenheelerglangwoorddatnietoponeregelpastomdathetgewoonveeltelangisvoordezebladzijdeenzelfsnoglanger. slot",
            "Geëvalueerd werd de samenwerking met de partners.  ".repeat(6)
        ));
        for font in [Font::Regular, Font::Bold] {
            let lines = wrap(&text, font, TEXT_SIZE, BODY_WIDTH);
            assert!(lines.len() > 3);
            for line in &lines {
                assert!(text_width(font, line, TEXT_SIZE) <= BODY_WIDTH, "{line:?}");
            }
            let joined: Vec<u8> = lines.concat();
            let original: Vec<u8> = text.iter().copied().filter(|b| *b != b' ').collect();
            let rejoined: Vec<u8> = joined.into_iter().filter(|b| *b != b' ').collect();
            assert_eq!(rejoined, original);
        }
        assert_eq!(
            wrap(b"a\n\nb", Font::Regular, 10.0, 100.0),
            vec![b"a".to_vec(), Vec::new(), b"b".to_vec()]
        );
    }

    #[test]
    fn truncation_ends_in_an_ellipsis_and_fits() {
        let text = b"Een label dat veel te lang is";
        let cut = truncate(text, Font::Regular, CELL_SIZE, 60.0);
        assert_eq!(cut.last(), Some(&ELLIPSIS));
        assert!(text_width(Font::Regular, &cut, CELL_SIZE) <= 60.0);
        assert!(text.starts_with(&cut[..cut.len() - 1]));
        assert_eq!(
            truncate(b"12", Font::Regular, CELL_SIZE, 60.0),
            b"12".to_vec()
        );
        assert!(truncate(text, Font::Regular, CELL_SIZE, 1.0).is_empty());
    }

    #[test]
    fn column_widths_fill_the_body_width() {
        // Fits: natural widths plus the rest, half of it to the first column.
        let widths = column_widths(&[100.0, 40.0, 40.0], 300.0);
        assert_eq!(widths, vec![160.0, 70.0, 70.0]);
        // Too wide: narrow columns keep their width, the rest is shared
        // two to one between the first column and the other wide one.
        let widths = column_widths(&[400.0, 40.0, 400.0], 340.0);
        assert_eq!(widths, vec![200.0, 40.0, 100.0]);
        for natural in [
            vec![10.0],
            vec![900.0],
            vec![30.0; 40],
            vec![500.0, 20.0, 20.0, 600.0],
        ] {
            let total: f32 = column_widths(&natural, BODY_WIDTH).iter().sum();
            assert!((total - BODY_WIDTH).abs() < 0.01, "{natural:?}");
        }
    }

    /// Every piece of text stays inside the page margins, whatever the
    /// lengths of the texts and the number of columns.
    #[test]
    fn nothing_runs_off_the_page() {
        let mut doc = document(60);
        let long =
            "Eenzeerlangetitelzonderspatieswantdatkangebeurenbijeenslechtgekozennaam ".repeat(3);
        doc.title = long.clone();
        doc.sections[0].heading = long.clone();
        let wide_header: Vec<String> = (0..14)
            .map(|i| format!("Kolom met lange naam {i}"))
            .collect();
        let wide_rows = (0..5)
            .map(|_| (0..14).map(|i| format!("{long}{i}")).collect())
            .collect();
        let mut wide = table("breed", &[], wide_rows);
        wide.header = wide_header;
        wide.caption = long.clone();
        wide.note = Some(long);
        doc.sections[0].tables.push(wide);

        let mut pages = lay_out(&doc);
        add_page_numbers(&mut pages);
        assert!(pages.len() > 1);
        let mut texts = 0;
        for page in &pages {
            for op in page {
                if let Op::Text {
                    font,
                    size,
                    x,
                    y,
                    text,
                    ..
                } = op
                {
                    texts += 1;
                    let right = x + text_width(*font, text, *size);
                    assert!(
                        *x >= MARGIN_X - 0.01 && right <= PAGE_WIDTH - MARGIN_X + 0.01,
                        "{op:?}"
                    );
                    let footer = *y == FOOTER_BASELINE;
                    assert!(footer || (*y >= MARGIN_BOTTOM && *y <= BODY_TOP), "{op:?}");
                }
            }
        }
        assert!(texts > 100);
    }

    #[test]
    fn empty_document_is_one_page() {
        let doc = Document {
            title: String::new(),
            subtitle: String::new(),
            generated: String::new(),
            notice: String::new(),
            sections: vec![Section {
                id: "leeg".to_owned(),
                heading: "Leeg".to_owned(),
                intro: None,
                charts: Vec::new(),
                tables: vec![table("leeg", &[], Vec::new())],
            }],
        };
        let pdf = render(&doc);
        assert_eq!(page_count(&pdf), 1);
        assert!(contains(&pdf, b"(p. 1 / 1) Tj"));
    }
}
