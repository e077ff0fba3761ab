//! Accessible SVG charts of a report, written by hand.
//!
//! Why not a plotting crate such as `plotters`: to lay out its labels it needs
//! a font backend (system fonts or a bundled TTF) on the server. Here the
//! browser lays out the `<text>` elements with its own fonts, so the server
//! needs none, and the output is small, deterministic (same [`Chart`], same
//! bytes) and clean under the site's Content-Security-Policy: no `style`
//! attribute, no `<style>` element, no script, no external reference, no
//! `href`. Colours and fonts are presentation attributes (`fill`, `stroke`,
//! `font-size`, ...), which the page's stylesheet may override through the
//! `class` attributes.
//!
//! Accessibility (WCAG 2.1 AA): the `<svg>` is `role="img"`, labelled by its
//! `<title>` and `<desc>`; every bar, point and suppressed value has a
//! `<title>` child ("series – category: value") for hovering; the palette has
//! at least 3:1 contrast against white (1.4.11), and line series also differ
//! by dash pattern and marker shape, so colour is never the only cue (1.4.1).
//! The numbers are always also published as a table beside the chart.
//!
//! A suppressed value (`None`) is never drawn as zero: a bar chart leaves the
//! bar out and writes the suppressed label (e.g. "< 5") at the baseline of
//! its slot; a line chart breaks the line there and writes the label above
//! the axis.
//!
//! The output is embedded in an HTML page with askama's `|safe`, so every
//! text from the [`Chart`] goes through [`esc`] here.

use std::fmt::Write as _;

use super::document::{Chart, ChartKind};

/// Writes into a `String`; writing into a `String` cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

/// The viewBox width.
const WIDTH: f64 = 640.0;
/// The height of the plot area (between the top gridline and the baseline).
const PLOT_HEIGHT: f64 = 240.0;
/// Font size of every text, in viewBox units.
const FONT_SIZE: u32 = 12;
/// Estimated advance of one character at [`FONT_SIZE`] in a sans-serif font,
/// on the generous side, used only to make room for labels.
const CHAR_WIDTH: f64 = 7.2;
/// Text colour.
const TEXT: &str = "#1a1a1a";
/// Axis line colour (7:1 against white).
const AXIS: &str = "#595959";
/// Gridline colour (light: the gridlines are a reading aid, not data).
const GRID: &str = "#d0d0d0";
/// Right margin of the plot area.
const RIGHT_MARGIN: f64 = 16.0;
/// Rotated category labels longer than this many characters are shortened
/// (the whole label stays in a `<title>`).
const MAX_ROTATED_LABEL: usize = 24;
/// Legend names longer than this many characters are shortened likewise.
const MAX_LEGEND_LABEL: usize = 48;
/// cos 45°, for the extent of a label rotated by -45°.
const COS_45: f64 = std::f64::consts::FRAC_1_SQRT_2;

/// The series colours, in series order (repeated from the 7th series on).
/// Each has at least 3:1 contrast against white (WCAG 1.4.11).
pub const PALETTE: [&str; 10] = [
    "#1f63b5", // blue, 6.0:1
    "#c05a00", // orange, 4.5:1
    "#00707a", // teal, 5.8:1
    "#8e3b9f", // purple, 6.4:1
    "#b3261e", // red, 6.5:1
    "#2e7d32", // green, 5.1:1
    "#5d4037", // brown
    "#ad1457", // magenta
    "#546e7a", // blue grey
    "#827717", // olive
];

/// Dash pattern per line series (`None`: solid), in series order.
const DASHES: [Option<&str>; 6] = [
    None,
    Some("8 4"),
    Some("2 3"),
    Some("10 3 2 3"),
    Some("4 4"),
    Some("12 3 2 3 2 3"),
];

/// Marker shape per line series, in series order.
#[derive(Clone, Copy)]
enum Marker {
    Circle,
    Square,
    TriangleUp,
    Diamond,
    TriangleDown,
    Plus,
}

const MARKERS: [Marker; 6] = [
    Marker::Circle,
    Marker::Square,
    Marker::TriangleUp,
    Marker::Diamond,
    Marker::TriangleDown,
    Marker::Plus,
];

/// The chart as an inline `<svg>` element (no XML prolog), to embed in an
/// HTML page as is. Every text is escaped; the element ids are
/// `{id}-title` and `{id}-desc`, with `{id}` the chart's id reduced to
/// `[a-z0-9-]`.
pub fn svg(chart: &Chart) -> String {
    let id = sanitize_id(&chart.id);
    let layout = Layout::new(chart);
    let mut out = String::with_capacity(4096);

    let kind = match chart.kind {
        ChartKind::Bars => "bars",
        ChartKind::Lines => "lines",
    };
    w!(
        out,
        "<svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         viewBox=\"0 0 {} {}\" width=\"100%\" class=\"chart chart-{kind}\" \
         font-family=\"sans-serif\" font-size=\"{FONT_SIZE}\" \
         xmlns=\"http://www.w3.org/2000/svg\">",
        num(WIDTH),
        num(layout.height)
    );
    w!(
        out,
        "<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(&chart.title),
        esc(&chart.description)
    );

    y_axis(&mut out, &layout);
    x_labels(&mut out, chart, &layout);
    match chart.kind {
        ChartKind::Bars => bars(&mut out, chart, &layout),
        ChartKind::Lines => lines(&mut out, chart, &layout),
    }
    // The baseline last, over the feet of the bars.
    w!(
        out,
        "<line class=\"axis\" x1=\"{l}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" \
         stroke=\"{AXIS}\" stroke-width=\"1\"/>",
        l = num(layout.left),
        r = num(layout.right),
        b = num(layout.base)
    );
    legend(&mut out, chart, &layout);
    out.push_str("</svg>");
    out
}

/// Escapes a text for XML/HTML content and attribute values (`&`, `<`, `>`,
/// `"`, `'`), and drops the control characters that XML 1.0 does not allow
/// (all below U+0020 except tab, newline and carriage return, and the
/// non-characters U+FFFE and U+FFFF).
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The chart id reduced to `[a-z0-9-]`: ASCII letters lowercased, every run
/// of other characters one dash, no dash at either end; prefixed with
/// `chart-` when it is empty or starts with a digit (so it is also a valid
/// XML name and an easy CSS selector).
fn sanitize_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "chart-");
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// A coordinate with at most one decimal, without a trailing `.0` and never
/// `-0`.
fn num(x: f64) -> String {
    let tenths = (x * 10.0).round();
    if tenths == 0.0 || !tenths.is_finite() {
        return "0".to_owned();
    }
    let s = format!("{:.1}", tenths / 10.0);
    match s.strip_suffix(".0") {
        Some(whole) => whole.to_owned(),
        None => s,
    }
}

/// The y axis: from 0 to a "nice" top, a multiple of the step (1, 2 or 5 ×
/// 10^n, at least 1), with 3 to 5 steps (4 to 6 gridlines). An empty chart
/// (largest value 0) gets the axis 0..1.
fn y_scale(max: u64) -> (u128, u128) {
    if max == 0 {
        return (1, 1);
    }
    let max = u128::from(max);
    let mut magnitude: u128 = 1;
    // 5 × 10^19 > u64::MAX, so the loop returns well before its end.
    for _ in 0..=20 {
        for factor in [1, 2, 5] {
            let step = factor * magnitude;
            let steps = max.div_ceil(step);
            if steps <= 5 {
                return (steps.max(3) * step, step);
            }
        }
        magnitude *= 10;
    }
    (max, max)
}

/// Estimated width of a text at [`FONT_SIZE`].
fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

/// The text shortened to `max` characters (the last one "…"), and whether it
/// was shortened.
fn shorten(text: &str, max: usize) -> (String, bool) {
    if text.chars().count() <= max {
        return (text.to_owned(), false);
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    (short, true)
}

/// "series – category: value", the hover text of a bar or point.
fn hover(series: &str, category: &str, value: &str) -> String {
    format!("{} – {}: {}", esc(series), esc(category), esc(value))
}

/// Where everything goes.
struct Layout {
    /// The viewBox height.
    height: f64,
    /// x of the y axis (left edge of the plot area).
    left: f64,
    /// Right edge of the plot area.
    right: f64,
    /// y of the top gridline.
    top: f64,
    /// y of the baseline (value 0).
    base: f64,
    /// Width of one category slot.
    slot: f64,
    /// Whether the category labels are rotated by -45°.
    rotate: bool,
    /// The top of the y axis and its step.
    y_max: u128,
    y_step: u128,
    /// Legend items: series index, x, row (empty: no legend).
    legend: Vec<(usize, f64, usize)>,
}

impl Layout {
    fn new(chart: &Chart) -> Self {
        let n_cat = chart.categories.len();
        let max = chart
            .series
            .iter()
            .flat_map(|s| s.values.iter().take(n_cat).flatten())
            .copied()
            .max()
            .unwrap_or(0);
        let (y_max, y_step) = y_scale(max);

        // Legend rows, above the plot area.
        let mut legend = Vec::new();
        let mut rows = 0;
        if chart.series.len() > 1 {
            let (start, end) = (16.0, WIDTH - RIGHT_MARGIN);
            let mut x = start;
            let mut row = 0;
            for (i, series) in chart.series.iter().enumerate() {
                let (name, _) = shorten(&series.name, MAX_LEGEND_LABEL);
                let item = 24.0 + 6.0 + text_width(&name) + 20.0;
                if x > start && x + item > end {
                    row += 1;
                    x = start;
                }
                legend.push((i, x, row));
                x += item;
            }
            rows = row + 1;
        }
        let top = if rows > 0 {
            12.0 + rows as f64 * 20.0 + 8.0
        } else {
            16.0
        };

        // Room for the tick labels left of the axis.
        let mut left = (text_width(&y_max.to_string()) + 14.0).max(48.0);
        let right = WIDTH - RIGHT_MARGIN;
        let slots = n_cat.max(1) as f64;
        let mut slot = (right - left) / slots;

        let rotate = n_cat > 8 || chart.categories.iter().any(|c| text_width(c) > slot - 6.0);
        let bottom = if rotate {
            let longest = chart
                .categories
                .iter()
                .map(|c| text_width(&shorten(c, MAX_ROTATED_LABEL).0))
                .fold(0.0, f64::max);
            let extent = longest * COS_45;
            // The first label reaches left of its slot's centre.
            left = left.max(extent - slot / 2.0 + 8.0);
            slot = (right - left) / slots;
            14.0 + extent + FONT_SIZE as f64 + 4.0
        } else {
            28.0
        };

        let base = top + PLOT_HEIGHT;
        Layout {
            height: (base + bottom).ceil(),
            left,
            right,
            top,
            base,
            slot,
            rotate,
            y_max,
            y_step,
            legend,
        }
    }

    /// The y of a value.
    fn y(&self, value: u64) -> f64 {
        self.base - value as f64 / self.y_max as f64 * PLOT_HEIGHT
    }

    /// The x of the centre of a category's slot.
    fn x_centre(&self, category: usize) -> f64 {
        self.left + self.slot * (category as f64 + 0.5)
    }
}

/// Gridlines, tick labels and the y axis line.
fn y_axis(out: &mut String, layout: &Layout) {
    out.push_str("<g class=\"y-axis\">");
    let steps = layout.y_max / layout.y_step.max(1);
    for k in 0..=steps {
        let value = k * layout.y_step;
        let y = layout.base - k as f64 / steps.max(1) as f64 * PLOT_HEIGHT;
        if k > 0 {
            w!(
                out,
                "<line class=\"grid\" x1=\"{l}\" y1=\"{y}\" x2=\"{r}\" y2=\"{y}\" \
                 stroke=\"{GRID}\" stroke-width=\"1\"/>",
                l = num(layout.left),
                r = num(layout.right),
                y = num(y)
            );
        }
        w!(
            out,
            "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\" \
             fill=\"{TEXT}\">{value}</text>",
            num(layout.left - 8.0),
            num(y + 4.0)
        );
    }
    w!(
        out,
        "<line class=\"axis\" x1=\"{x}\" y1=\"{t}\" x2=\"{x}\" y2=\"{b}\" \
         stroke=\"{AXIS}\" stroke-width=\"1\"/>",
        x = num(layout.left),
        t = num(layout.top),
        b = num(layout.base)
    );
    out.push_str("</g>");
}

/// The category labels under the baseline.
fn x_labels(out: &mut String, chart: &Chart, layout: &Layout) {
    out.push_str("<g class=\"x-axis\">");
    for (c, category) in chart.categories.iter().enumerate() {
        let x = num(layout.x_centre(c));
        if layout.rotate {
            let y = num(layout.base + 14.0);
            let (label, shortened) = shorten(category, MAX_ROTATED_LABEL);
            w!(
                out,
                "<text class=\"category-label\" x=\"{x}\" y=\"{y}\" text-anchor=\"end\" \
                 transform=\"rotate(-45 {x} {y})\" fill=\"{TEXT}\">{}",
                esc(&label)
            );
            if shortened {
                w!(out, "<title>{}</title>", esc(category));
            }
            out.push_str("</text>");
        } else {
            w!(
                out,
                "<text class=\"category-label\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\" \
                 fill=\"{TEXT}\">{}</text>",
                num(layout.base + 18.0),
                esc(category)
            );
        }
    }
    out.push_str("</g>");
}

/// A suppressed value: its label at (x, y), with a hover title; rotated
/// upwards when it is wider than `room`.
fn suppressed(
    out: &mut String,
    chart: &Chart,
    (series, category): (&str, &str),
    (x, y): (f64, f64),
    room: f64,
) {
    w!(
        out,
        "<g class=\"suppressed\"><title>{}</title>",
        hover(series, category, &chart.suppressed_label)
    );
    let label = esc(&chart.suppressed_label);
    if text_width(&chart.suppressed_label) > room {
        // Reads upwards from the baseline; glyphs lie left of the anchor.
        let (x, y) = (num(x + 4.0), num(y));
        w!(
            out,
            "<text x=\"{x}\" y=\"{y}\" text-anchor=\"start\" \
             transform=\"rotate(-90 {x} {y})\" fill=\"{TEXT}\">{label}</text>"
        );
    } else {
        w!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{TEXT}\">{label}</text>",
            num(x),
            num(y)
        );
    }
    out.push_str("</g>");
}

/// Grouped bars: per category one bar per series, in series order.
fn bars(out: &mut String, chart: &Chart, layout: &Layout) {
    let n_series = chart.series.len().max(1) as f64;
    let group = layout.slot * 0.8;
    let band = group / n_series;
    let gap = (band * 0.1).min(2.0);
    let width = band - gap;
    out.push_str("<g class=\"bars\">");
    for (c, category) in chart.categories.iter().enumerate() {
        let slot_left = layout.left + layout.slot * c as f64 + layout.slot * 0.1;
        for (s, series) in chart.series.iter().enumerate() {
            let x = slot_left + band * s as f64 + gap / 2.0;
            match series.values.get(c) {
                Some(Some(value)) if *value > 0 => {
                    // At least 1 unit high, so a small value stays visible.
                    let height = (layout.base - layout.y(*value)).max(1.0);
                    w!(
                        out,
                        "<rect class=\"bar series-{s}\" x=\"{}\" y=\"{}\" width=\"{}\" \
                         height=\"{}\" fill=\"{}\"><title>{}</title></rect>",
                        num(x),
                        num(layout.base - height),
                        num(width),
                        num(height),
                        PALETTE[s % PALETTE.len()],
                        hover(&series.name, category, &value.to_string())
                    );
                }
                Some(None) => suppressed(
                    out,
                    chart,
                    (&series.name, category),
                    (x + width / 2.0, layout.base - 4.0),
                    width,
                ),
                // Zero: no bar; missing: nothing to draw.
                Some(Some(_)) | None => {}
            }
        }
    }
    out.push_str("</g>");
}

/// A line per series: a polyline per run of two or more published values
/// (a suppressed value breaks the line), and a marker per value.
fn lines(out: &mut String, chart: &Chart, layout: &Layout) {
    out.push_str("<g class=\"lines\">");
    // Suppressed labels at one category are stacked upwards.
    let mut stacked = vec![0_u32; chart.categories.len()];
    for (s, series) in chart.series.iter().enumerate() {
        let colour = PALETTE[s % PALETTE.len()];
        let dash = DASHES[s % DASHES.len()];
        let marker = MARKERS[s % MARKERS.len()];
        w!(out, "<g class=\"series series-{s}\">");

        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut run: Vec<(f64, f64)> = Vec::new();
        for (c, value) in series
            .values
            .iter()
            .take(chart.categories.len())
            .enumerate()
        {
            match value {
                Some(value) => run.push((layout.x_centre(c), layout.y(*value))),
                None => runs.push(std::mem::take(&mut run)),
            }
        }
        runs.push(run);
        for run in runs.iter().filter(|run| run.len() >= 2) {
            let points: Vec<String> = run
                .iter()
                .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
                .collect();
            w!(
                out,
                "<polyline class=\"line series-{s}\" points=\"{}\" fill=\"none\" \
                 stroke=\"{colour}\" stroke-width=\"2\" stroke-linejoin=\"round\"",
                points.join(" ")
            );
            if let Some(dash) = dash {
                w!(out, " stroke-dasharray=\"{dash}\"");
            }
            out.push_str("/>");
        }

        for (c, category) in chart.categories.iter().enumerate() {
            match series.values.get(c) {
                Some(Some(value)) => {
                    let title = hover(&series.name, category, &value.to_string());
                    marker_shape(
                        out,
                        marker,
                        (layout.x_centre(c), layout.y(*value)),
                        &format!("point series-{s}"),
                        colour,
                        Some(&title),
                    );
                }
                Some(None) => {
                    let level = stacked.get(c).copied().unwrap_or(0);
                    if let Some(n) = stacked.get_mut(c) {
                        *n += 1;
                    }
                    suppressed(
                        out,
                        chart,
                        (&series.name, category),
                        (
                            layout.x_centre(c),
                            layout.base - 6.0 - f64::from(level) * 15.0,
                        ),
                        f64::INFINITY,
                    );
                }
                None => {}
            }
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");
}

/// A marker centred on (x, y); `title` is its hover text, already escaped.
fn marker_shape(
    out: &mut String,
    marker: Marker,
    (x, y): (f64, f64),
    class: &str,
    colour: &str,
    title: Option<&str>,
) {
    let r = 4.0;
    let polygon = |points: &[(f64, f64)]| -> String {
        let points: Vec<String> = points
            .iter()
            .map(|(dx, dy)| format!("{},{}", num(x + dx), num(y + dy)))
            .collect();
        format!("polygon points=\"{}\"", points.join(" "))
    };
    let (open, name) = match marker {
        Marker::Circle => (
            format!(
                "circle cx=\"{}\" cy=\"{}\" r=\"{}\"",
                num(x),
                num(y),
                num(r)
            ),
            "circle",
        ),
        Marker::Square => (
            format!(
                "rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
                num(x - r),
                num(y - r),
                num(2.0 * r),
                num(2.0 * r)
            ),
            "rect",
        ),
        Marker::TriangleUp => (
            polygon(&[(0.0, -1.25 * r), (1.15 * r, r), (-1.15 * r, r)]),
            "polygon",
        ),
        Marker::Diamond => (
            polygon(&[
                (0.0, -1.3 * r),
                (1.3 * r, 0.0),
                (0.0, 1.3 * r),
                (-1.3 * r, 0.0),
            ]),
            "polygon",
        ),
        Marker::TriangleDown => (
            polygon(&[(0.0, 1.25 * r), (1.15 * r, -r), (-1.15 * r, -r)]),
            "polygon",
        ),
        Marker::Plus => {
            let (a, b) = (0.45 * r, 1.2 * r);
            (
                polygon(&[
                    (-a, -b),
                    (a, -b),
                    (a, -a),
                    (b, -a),
                    (b, a),
                    (a, a),
                    (a, b),
                    (-a, b),
                    (-a, a),
                    (-b, a),
                    (-b, -a),
                    (-a, -a),
                ]),
                "polygon",
            )
        }
    };
    w!(out, "<{open} class=\"{class}\" fill=\"{colour}\"");
    match title {
        Some(title) => w!(out, "><title>{title}</title></{name}>"),
        None => out.push_str("/>"),
    }
}

/// The legend (more than one series): a swatch and the name per series, in
/// series order, which is also the order of the bars in each group.
fn legend(out: &mut String, chart: &Chart, layout: &Layout) {
    if layout.legend.is_empty() {
        return;
    }
    out.push_str("<g class=\"legend\">");
    for &(s, x, row) in &layout.legend {
        let Some(series) = chart.series.get(s) else {
            continue;
        };
        let colour = PALETTE[s % PALETTE.len()];
        let y = 12.0 + row as f64 * 20.0 + 8.0;
        w!(out, "<g class=\"legend-item series-{s}\">");
        match chart.kind {
            ChartKind::Bars => w!(
                out,
                "<rect class=\"legend-swatch\" x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" \
                 fill=\"{colour}\"/>",
                num(x + 5.0),
                num(y - 7.0)
            ),
            ChartKind::Lines => {
                w!(
                    out,
                    "<line class=\"legend-swatch\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" \
                     stroke=\"{colour}\" stroke-width=\"2\"",
                    num(x),
                    num(x + 24.0),
                    y = num(y)
                );
                if let Some(dash) = DASHES[s % DASHES.len()] {
                    w!(out, " stroke-dasharray=\"{dash}\"");
                }
                out.push_str("/>");
                marker_shape(
                    out,
                    MARKERS[s % MARKERS.len()],
                    (x + 12.0, y),
                    "legend-marker",
                    colour,
                    None,
                );
            }
        }
        let (name, shortened) = shorten(&series.name, MAX_LEGEND_LABEL);
        w!(
            out,
            "<text class=\"legend-label\" x=\"{}\" y=\"{}\" fill=\"{TEXT}\">{}",
            num(x + 30.0),
            num(y + 4.0),
            esc(&name)
        );
        if shortened {
            w!(out, "<title>{}</title>", esc(&series.name));
        }
        out.push_str("</text></g>");
    }
    out.push_str("</g>");
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::report::document::Series;

    const HOSTILE: &str = "</svg><script>alert(1)</script>\" onload=\"x' & <b>";

    fn chart(kind: ChartKind, categories: &[&str], series: &[(&str, &[Option<u64>])]) -> Chart {
        Chart {
            id: "werking-maanden".to_owned(),
            kind,
            title: "Aanmeldingen per maand".to_owned(),
            description: "Het aantal aanmeldingen per maand; de cijfers staan in de tabel eronder."
                .to_owned(),
            categories: categories.iter().map(|c| (*c).to_owned()).collect(),
            series: series
                .iter()
                .map(|(name, values)| Series {
                    name: (*name).to_owned(),
                    values: values.to_vec(),
                })
                .collect(),
            suppressed_label: "< 5".to_owned(),
        }
    }

    fn bars_chart() -> Chart {
        chart(
            ChartKind::Bars,
            &["01/2026", "02/2026", "03/2026"],
            &[
                ("Nieuw", &[Some(12), None, Some(0)]),
                ("Afgesloten", &[Some(7), Some(30), Some(9)]),
            ],
        )
    }

    /// Parses the output and checks what every chart must satisfy.
    fn check<'a>(out: &'a str, chart: &Chart) -> roxmltree::Document<'a> {
        assert!(!out.starts_with("<?xml"), "no prolog");
        let doc = roxmltree::Document::parse(out).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("width"), Some("100%"));
        assert!(root.attribute("viewBox").unwrap().starts_with("0 0 640 "));

        // aria-labelledby points at the first two children, title and desc.
        let ids: Vec<&str> = root
            .attribute("aria-labelledby")
            .unwrap()
            .split(' ')
            .collect();
        assert_eq!(ids.len(), 2);
        let children: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        assert_eq!(children[0].tag_name().name(), "title");
        assert_eq!(children[0].attribute("id"), Some(ids[0]));
        assert_eq!(children[0].text(), Some(chart.title.as_str()));
        assert_eq!(children[1].tag_name().name(), "desc");
        assert_eq!(children[1].attribute("id"), Some(ids[1]));
        assert_eq!(children[1].text(), Some(chart.description.as_str()));
        for id in &ids {
            let found = doc
                .descendants()
                .filter(|n| n.attribute("id") == Some(id))
                .count();
            assert_eq!(found, 1, "{id} exists once");
        }

        // CSP-clean, no script, no references; only expected attributes.
        let allowed = [
            "role",
            "aria-labelledby",
            "viewBox",
            "width",
            "height",
            "class",
            "font-family",
            "font-size",
            "id",
            "x",
            "y",
            "x1",
            "y1",
            "x2",
            "y2",
            "cx",
            "cy",
            "r",
            "points",
            "fill",
            "stroke",
            "stroke-width",
            "stroke-dasharray",
            "stroke-linejoin",
            "text-anchor",
            "transform",
        ];
        let elements = [
            "svg", "title", "desc", "g", "line", "text", "rect", "polyline", "polygon", "circle",
        ];
        for node in doc.descendants().filter(|n| n.is_element()) {
            assert!(
                elements.contains(&node.tag_name().name()),
                "unexpected element {:?}",
                node.tag_name()
            );
            for attr in node.attributes() {
                assert!(
                    allowed.contains(&attr.name()) && attr.namespace().is_none(),
                    "unexpected attribute {} on {:?}",
                    attr.name(),
                    node.tag_name()
                );
            }
        }
        assert!(!out.contains("style"));
        assert!(!out.contains("<script"));
        assert!(!out.contains("href"));
        // Text is at least 12 units, sans-serif, #1a1a1a.
        assert_eq!(root.attribute("font-family"), Some("sans-serif"));
        assert_eq!(root.attribute("font-size"), Some("12"));
        for text in doc.descendants().filter(|n| n.has_tag_name("text")) {
            assert_eq!(text.attribute("fill"), Some(TEXT));
            assert_eq!(text.attribute("font-size"), None);
        }
        doc
    }

    fn with_class<'a, 'i>(
        doc: &'a roxmltree::Document<'i>,
        tag: &'a str,
        class: &'a str,
    ) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
        doc.descendants().filter(move |n| {
            n.has_tag_name(tag)
                && n.attribute("class")
                    .is_some_and(|c| c.split(' ').any(|c| c == class))
        })
    }

    fn texts<'a>(doc: &'a roxmltree::Document<'_>) -> Vec<&'a str> {
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect()
    }

    #[test]
    fn esc_escapes_markup_and_quotes() {
        assert_eq!(
            esc("</svg><script>alert(1)</script>"),
            "&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(esc("\" onload=\"x"), "&quot; onload=&quot;x");
        assert_eq!(
            esc("' onclick='x' & co"),
            "&#39; onclick=&#39;x&#39; &amp; co"
        );
        assert_eq!(esc("&amp;"), "&amp;amp;");
        assert_eq!(esc("0-11 jaar · één"), "0-11 jaar · één");
        assert_eq!(esc("a\u{0}b\u{1b}c\td\u{FFFF}"), "abc\td");
    }

    #[test]
    fn ids_are_sanitised() {
        assert_eq!(sanitize_id("werking-maanden"), "werking-maanden");
        assert_eq!(sanitize_id("Werking Maanden"), "werking-maanden");
        assert_eq!(sanitize_id("x\" onload=\"alert(1)"), "x-onload-alert-1");
        assert_eq!(sanitize_id("--a__b--"), "a-b");
        assert_eq!(sanitize_id(""), "chart");
        assert_eq!(sanitize_id("<>"), "chart");
        assert_eq!(sanitize_id("2026"), "chart-2026");
        assert_eq!(sanitize_id("école"), "cole");

        let mut c = bars_chart();
        c.id = format!("Fase {HOSTILE}");
        let out = svg(&c);
        let doc = check(&out, &c);
        for node in doc.descendants() {
            if let Some(id) = node.attribute("id") {
                assert!(
                    id.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                    "{id}"
                );
            }
        }
        assert_eq!(
            doc.root_element().attribute("aria-labelledby"),
            Some(
                "fase-svg-script-alert-1-script-onload-x-b-title fase-svg-script-alert-1-script-onload-x-b-desc"
            )
        );
    }

    #[test]
    fn bars_are_counted_and_titled() {
        let c = bars_chart();
        let out = svg(&c);
        let doc = check(&out, &c);
        let bars: Vec<_> = with_class(&doc, "rect", "bar").collect();
        let expected = c
            .series
            .iter()
            .flat_map(|s| &s.values)
            .filter(|v| matches!(v, Some(n) if *n > 0))
            .count();
        assert_eq!(bars.len(), expected);
        assert_eq!(bars.len(), 4);
        let titles: Vec<_> = bars
            .iter()
            .map(|b| b.first_element_child().unwrap().text().unwrap())
            .collect();
        assert_eq!(
            titles,
            [
                "Nieuw – 01/2026: 12",
                "Afgesloten – 01/2026: 7",
                "Afgesloten – 02/2026: 30",
                "Afgesloten – 03/2026: 9",
            ]
        );
        // Series order and colours: the legend matches the bars.
        assert_eq!(bars[0].attribute("fill"), Some(PALETTE[0]));
        assert_eq!(bars[1].attribute("fill"), Some(PALETTE[1]));
        let legend: Vec<_> = with_class(&doc, "text", "legend-label")
            .map(|n| n.text().unwrap())
            .collect();
        assert_eq!(legend, ["Nieuw", "Afgesloten"]);
        let swatches: Vec<_> = with_class(&doc, "rect", "legend-swatch")
            .map(|n| n.attribute("fill").unwrap())
            .collect();
        assert_eq!(swatches, [PALETTE[0], PALETTE[1]]);
        // Category labels and a nice y axis (max 30: 0, 10, 20, 30).
        let categories: Vec<_> = with_class(&doc, "text", "category-label")
            .map(|n| n.text().unwrap())
            .collect();
        assert_eq!(categories, ["01/2026", "02/2026", "03/2026"]);
        let ticks: Vec<_> = with_class(&doc, "text", "axis-label")
            .map(|n| n.text().unwrap())
            .collect();
        assert_eq!(ticks, ["0", "10", "20", "30"]);
        // The tallest bar reaches the top gridline, all stand on the baseline.
        let tallest = bars[2];
        let top: f64 = tallest.attribute("y").unwrap().parse().unwrap();
        let height: f64 = tallest.attribute("height").unwrap().parse().unwrap();
        assert!((height - PLOT_HEIGHT).abs() < 0.1);
        for bar in &bars {
            let y: f64 = bar.attribute("y").unwrap().parse().unwrap();
            let h: f64 = bar.attribute("height").unwrap().parse().unwrap();
            assert!((y + h - (top + height)).abs() < 0.11);
        }
    }

    #[test]
    fn a_suppressed_bar_is_a_label_not_a_bar() {
        let c = chart(
            ChartKind::Bars,
            &["0-11 jaar", "12-17 jaar"],
            &[("Jongeren", &[None, Some(8)])],
        );
        let out = svg(&c);
        let doc = check(&out, &c);
        assert_eq!(with_class(&doc, "rect", "bar").count(), 1);
        let suppressed: Vec<_> = with_class(&doc, "g", "suppressed").collect();
        assert_eq!(suppressed.len(), 1);
        let text = suppressed[0]
            .children()
            .find(|n| n.has_tag_name("text"))
            .unwrap();
        assert_eq!(text.text(), Some("< 5"));
        assert_eq!(
            suppressed[0].first_element_child().unwrap().text(),
            Some("Jongeren – 0-11 jaar: < 5")
        );
        // At the baseline of the first slot.
        let x: f64 = text.attribute("x").unwrap().parse().unwrap();
        let layout = Layout::new(&c);
        assert!(x > layout.left && x < layout.left + layout.slot);
        let y: f64 = text.attribute("y").unwrap().parse().unwrap();
        assert!((y - (layout.base - 4.0)).abs() < 0.1);
        assert!(out.contains("&lt; 5"));
        // One series: no legend.
        assert_eq!(with_class(&doc, "g", "legend").count(), 0);
    }

    #[test]
    fn hostile_text_stays_text() {
        let c = Chart {
            id: "hostile".to_owned(),
            kind: ChartKind::Bars,
            title: HOSTILE.to_owned(),
            description: HOSTILE.to_owned(),
            categories: vec![HOSTILE.to_owned(), "b".to_owned()],
            series: vec![
                Series {
                    name: HOSTILE.to_owned(),
                    values: vec![Some(3), None],
                },
                Series {
                    name: "\" onload=\"x".to_owned(),
                    values: vec![Some(1), Some(2)],
                },
            ],
            suppressed_label: HOSTILE.to_owned(),
        };
        for kind in [ChartKind::Bars, ChartKind::Lines] {
            let c = Chart { kind, ..c.clone() };
            let out = svg(&c);
            let doc = check(&out, &c);
            assert!(doc.descendants().all(|n| !n.has_tag_name("script")));
            assert!(doc.descendants().all(|n| n.attribute("onload").is_none()));
            let texts = texts(&doc);
            assert!(texts.contains(&HOSTILE), "{kind:?}");
            assert!(texts.contains(&"\" onload=\"x"), "{kind:?}");
            let titles: Vec<_> = doc
                .descendants()
                .filter(|n| n.has_tag_name("title"))
                .filter_map(|n| n.text())
                .collect();
            assert!(titles.contains(&format!("{HOSTILE} – {HOSTILE}: 3").as_str()));
            assert!(titles.contains(&format!("{HOSTILE} – b: {HOSTILE}").as_str()));
        }
    }

    #[test]
    fn a_gap_breaks_the_line() {
        let c = chart(
            ChartKind::Lines,
            &["01", "02", "03", "04", "05"],
            &[
                ("Nieuw", &[Some(6), Some(9), None, Some(7), Some(12)]),
                ("Afgesloten", &[Some(5), Some(6), Some(8), Some(6), None]),
            ],
        );
        let out = svg(&c);
        let doc = check(&out, &c);
        let first: Vec<_> = with_class(&doc, "polyline", "series-0").collect();
        assert_eq!(first.len(), 2);
        assert_eq!(first[0].attribute("points").unwrap().split(' ').count(), 2);
        assert_eq!(first[1].attribute("points").unwrap().split(' ').count(), 2);
        let second: Vec<_> = with_class(&doc, "polyline", "series-1").collect();
        assert_eq!(second.len(), 1);
        assert_eq!(second[0].attribute("points").unwrap().split(' ').count(), 4);
        // Different dash patterns and marker shapes per series.
        assert_eq!(first[0].attribute("stroke-dasharray"), None);
        assert!(second[0].attribute("stroke-dasharray").is_some());
        assert_eq!(with_class(&doc, "circle", "point").count(), 4);
        assert_eq!(with_class(&doc, "rect", "point").count(), 4);
        // A marker per published value, each with its number.
        let point = with_class(&doc, "circle", "point").nth(1).unwrap();
        assert_eq!(
            point.first_element_child().unwrap().text(),
            Some("Nieuw – 02: 9")
        );
        // The suppressed values: a label above the axis at their x.
        let labels: Vec<_> = with_class(&doc, "g", "suppressed").collect();
        assert_eq!(labels.len(), 2);
        let layout = Layout::new(&c);
        let text = labels[0]
            .children()
            .find(|n| n.has_tag_name("text"))
            .unwrap();
        assert_eq!(text.text(), Some("< 5"));
        let x: f64 = text.attribute("x").unwrap().parse().unwrap();
        assert!((x - layout.x_centre(2)).abs() < 0.1);
        let y: f64 = text.attribute("y").unwrap().parse().unwrap();
        assert!(y < layout.base);
        // Legend with line and marker.
        assert_eq!(with_class(&doc, "line", "legend-swatch").count(), 2);
        assert_eq!(with_class(&doc, "circle", "legend-marker").count(), 1);
    }

    #[test]
    fn empty_charts_are_valid() {
        let cases = [
            chart(ChartKind::Bars, &[], &[]),
            chart(ChartKind::Lines, &["a", "b"], &[]),
            chart(ChartKind::Bars, &[], &[("Nieuw", &[])]),
            chart(
                ChartKind::Bars,
                &["a", "b"],
                &[("Nieuw", &[Some(0), None]), ("Oud", &[None, Some(0)])],
            ),
            chart(ChartKind::Lines, &["a", "b"], &[("Nieuw", &[None, None])]),
            // Values beyond the categories are ignored; missing ones not drawn.
            chart(
                ChartKind::Bars,
                &["a"],
                &[("Nieuw", &[]), ("Oud", &[None, Some(9)])],
            ),
        ];
        for c in &cases {
            let out = svg(c);
            let doc = check(&out, c);
            assert_eq!(with_class(&doc, "rect", "bar").count(), 0);
            assert_eq!(
                doc.descendants()
                    .filter(|n| n.has_tag_name("polyline"))
                    .count(),
                0
            );
            let ticks: Vec<_> = with_class(&doc, "text", "axis-label")
                .map(|n| n.text().unwrap())
                .collect();
            assert_eq!(ticks, ["0", "1"], "{c:?}");
        }
    }

    #[test]
    fn many_or_long_categories_are_rotated() {
        let months: Vec<String> = (1..=12).map(|m| format!("{m:02}/2026")).collect();
        let months: Vec<&str> = months.iter().map(String::as_str).collect();
        let values: Vec<Option<u64>> = (1..=12).map(|m| Some(m * 3)).collect();
        let c = chart(ChartKind::Bars, &months, &[("Nieuw", &values)]);
        let out = svg(&c);
        let doc = check(&out, &c);
        let labels: Vec<_> = with_class(&doc, "text", "category-label").collect();
        assert_eq!(labels.len(), 12);
        assert!(
            labels
                .iter()
                .all(|l| l.attribute("transform").unwrap().starts_with("rotate(-45 "))
        );

        let long = "Een heel lange categorie die niet past in de ruimte";
        let c = chart(
            ChartKind::Bars,
            &[long, "kort"],
            &[("Nieuw", &[Some(1), Some(2)])],
        );
        let out = svg(&c);
        let doc = check(&out, &c);
        let label = with_class(&doc, "text", "category-label").next().unwrap();
        assert!(label.attribute("transform").is_some());
        assert_eq!(label.text(), Some("Een heel lange categori…"));
        assert_eq!(label.first_element_child().unwrap().text(), Some(long));

        let c = chart(
            ChartKind::Bars,
            &["a", "b"],
            &[("Nieuw", &[Some(1), Some(2)])],
        );
        let out = svg(&c);
        let doc = check(&out, &c);
        assert!(
            with_class(&doc, "text", "category-label").all(|l| l.attribute("transform").is_none())
        );
    }

    #[test]
    fn y_scale_is_nice() {
        assert_eq!(y_scale(0), (1, 1));
        assert_eq!(y_scale(1), (3, 1));
        assert_eq!(y_scale(3), (3, 1));
        assert_eq!(y_scale(4), (4, 1));
        assert_eq!(y_scale(5), (5, 1));
        assert_eq!(y_scale(6), (6, 2));
        assert_eq!(y_scale(10), (10, 2));
        assert_eq!(y_scale(11), (15, 5));
        assert_eq!(y_scale(30), (30, 10));
        assert_eq!(y_scale(99), (100, 20));
        assert_eq!(y_scale(1234), (1500, 500));
        for max in (1..2000).chain([u64::MAX / 3, u64::MAX]) {
            let (top, step) = y_scale(max);
            assert!(top >= u128::from(max), "{max}");
            assert_eq!(top % step, 0);
            let steps = top / step;
            assert!((3..=5).contains(&steps), "{max}: {steps}");
            let mantissa = {
                let mut s = step;
                while s % 10 == 0 {
                    s /= 10;
                }
                s
            };
            assert!([1, 2, 5].contains(&mantissa), "{max}: {step}");
        }
        // The largest values still render.
        let c = chart(
            ChartKind::Lines,
            &["a", "b"],
            &[("Nieuw", &[Some(u64::MAX), Some(1)])],
        );
        check(&svg(&c), &c);
    }

    #[test]
    fn palette_contrasts_with_white() {
        fn channel(hex: &str) -> f64 {
            let c = f64::from(u8::from_str_radix(hex, 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        for colour in PALETTE.iter().chain([&AXIS, &TEXT]) {
            let l = 0.2126 * channel(&colour[1..3])
                + 0.7152 * channel(&colour[3..5])
                + 0.0722 * channel(&colour[5..7]);
            let ratio = 1.05 / (l + 0.05);
            assert!(ratio >= 3.0, "{colour}: {ratio}");
        }
        // Distinct colours, dashes and markers.
        for (i, a) in PALETTE.iter().enumerate() {
            assert!(PALETTE[i + 1..].iter().all(|b| a != b));
        }
        for (i, a) in DASHES.iter().enumerate() {
            assert!(DASHES[i + 1..].iter().all(|b| a != b));
        }
    }

    #[test]
    fn output_is_deterministic() {
        let c = bars_chart();
        assert_eq!(svg(&c), svg(&c.clone()));
        let l = Chart {
            kind: ChartKind::Lines,
            ..bars_chart()
        };
        assert_eq!(svg(&l), svg(&l.clone()));
        assert_ne!(svg(&c), svg(&l));
    }
}
