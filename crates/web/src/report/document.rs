//! The shape of a report as every output draws it: the page (HTML), the PDF,
//! the CSV per table and the JSON API all render one [`Document`], so what a
//! reader sees is the same everywhere. It holds only what may be published:
//! the report service builds it from disclosure-controlled tables
//! (`verbind_domain::report::disclosure`), already translated.

use serde::Serialize;

/// A whole report, translated into the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Document {
    /// "Rapport voor de Stuurgroep"
    pub title: String,
    /// The municipality and the period, e.g. "Sint-Niklaas · 1/1/2026 – 31/12/2026".
    pub subtitle: String,
    /// When it was made, Belgian date and time, e.g. "28/11/2026 14:05".
    pub generated: String,
    /// What the reader must know first: no names or case details; cells from
    /// 1 to k-1 are shown as "< k" and some other cells as "×" so that hidden
    /// ones cannot be recomputed.
    pub notice: String,
    pub sections: Vec<Section>,
}

/// One chapter: a heading, an optional paragraph, tables and charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Section {
    /// Stable, ASCII, used as an HTML anchor: `werking`, `casussen`, ...
    pub id: String,
    pub heading: String,
    pub intro: Option<String>,
    pub charts: Vec<Chart>,
    pub tables: Vec<TableView>,
}

/// A table as published: every cell already a display string ("12", "< 5",
/// "×", "ja", "0-11 jaar"). The first column is the row label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TableView {
    /// Stable, ASCII, lowercase with dashes: the CSV file name
    /// (`<id>.csv`) and the anchor. Unique within a document.
    pub id: String,
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Shown under the table (e.g. what a suppressed mark means here).
    pub note: Option<String>,
}

impl TableView {
    /// The number of columns: the widest of the header and the rows (a
    /// renderer pads shorter rows).
    pub fn width(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain(std::iter::once(self.header.len()))
            .max()
            .unwrap_or(0)
    }
}

/// A chart, drawn as SVG on the page. Its numbers are always also published
/// as a [`TableView`] beside it (a chart is never the only way to read them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Chart {
    /// Stable, ASCII: the SVG's id prefix.
    pub id: String,
    pub kind: ChartKind,
    /// The accessible name (SVG `<title>`).
    pub title: String,
    /// The accessible description (SVG `<desc>`): what it shows, in one or
    /// two sentences, and where the table with the numbers is.
    pub description: String,
    /// The x-axis categories, in order (months "01/2026", phases, school years).
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// The label shown for a suppressed value (e.g. "< 5").
    pub suppressed_label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Bars per category, one bar per series side by side.
    Bars,
    /// A line per series over the categories (time).
    Lines,
}

/// One series of a chart: a name for the legend and one value per category;
/// `None` is a suppressed value, drawn as a gap with the suppressed label,
/// never as a zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<u64>>,
}
