//! Charts: each drawn once, as SVG, with plotters; the PNG is that SVG rendered
//! with the bundled font, so the two files always show the same picture.

pub mod axis;
pub mod denials;
pub mod difference;
pub mod distribution;
pub mod exceedance;
pub mod legend;
pub mod load;
pub mod look;
pub mod outages;
pub mod panel;
pub mod scale;
pub mod sweep;
pub mod text;
pub mod time_panel;
pub mod timeline;
pub mod tradeoff;

use crate::folder::RunFolder;
use authsim_core::montecarlo::metrics::Metric;
use plotters::coord::Shift;
use plotters::prelude::*;
use resvg::{tiny_skia, usvg};
use std::sync::OnceLock;
use text::Rect;

pub type DrawResult = Result<(), Box<dyn std::error::Error>>;
pub type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// The size of a one-panel chart; charts of many panels grow taller.
pub const SIZE: (u32, u32) = (1280, 720);

/// Where a drawn chart's plots are and which designs each shows in colour: what a
/// reader (or a test) needs beside the pixels to check that every design shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub panels: Vec<Panel>,
    /// Each value drawn as a mark (a bar's segment, a point) where a test needs
    /// the numbers behind the pixels.
    pub marks: Vec<Mark>,
    /// Each scheduled outage's label, in every panel that names them.
    pub outages: Vec<outages::Named>,
}

/// One value drawn: whose (a design), what (a cause, a metric), and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub design: String,
    pub what: String,
    pub value: f64,
    pub rect: Rect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub rect: Rect,
    /// Each design drawn in colour here, with its colour.
    pub designs: Vec<(String, (u8, u8, u8))>,
}

impl Panel {
    pub fn of<X, Y>(
        chart: &ChartContext<'_, SVGBackend<'_>, Cartesian2d<X, Y>>,
        designs: Vec<(String, (u8, u8, u8))>,
    ) -> Panel
    where
        X: plotters::coord::ranged1d::Ranged,
        Y: plotters::coord::ranged1d::Ranged,
    {
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        Panel {
            rect: Rect::new(
                f64::from(xs.start),
                f64::from(ys.start),
                f64::from(xs.end),
                f64::from(ys.end),
            ),
            designs,
        }
    }
}

/// A chart that draws itself on an SVG canvas, where it applies.
pub trait Chart {
    /// Whether the run has what this chart shows; the report and `plot` draw only
    /// the charts that apply.
    fn applies(&self) -> bool {
        true
    }
    fn size(&self) -> (u32, u32) {
        SIZE
    }
    fn draw(&self, root: &Area) -> Result<Layout, Box<dyn std::error::Error>>;
}

/// One drawn chart: its file name, heading, SVG text and layout.
#[derive(Debug, Clone)]
pub struct Figure {
    pub name: &'static str,
    pub heading: String,
    pub size: (u32, u32),
    pub svg: String,
    pub layout: Layout,
}

impl Figure {
    pub fn draw(
        chart: &impl Chart,
        name: &'static str,
        heading: String,
    ) -> Result<Figure, Box<dyn std::error::Error>> {
        let size = chart.size();
        let mut svg = String::new();
        let layout = {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            root.fill(&WHITE)?;
            let layout = chart.draw(&root)?;
            root.present()?;
            layout
        };
        Ok(Figure {
            name,
            heading,
            size,
            svg,
            layout,
        })
    }

    /// The SVG rendered to PNG bytes.
    pub fn png(&self) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        let tree = usvg::Tree::from_str(&self.svg, options())?;
        let mut pixmap =
            tiny_skia::Pixmap::new(self.size.0, self.size.1).ok_or("a chart has no pixels")?;
        resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
        Ok(pixmap.encode_png()?)
    }
}

/// The renderer's options: the bundled font as every sans-serif.
pub fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut options = usvg::Options::default();
        let fonts = options.fontdb_mut();
        fonts.load_font_data(text::DEJAVU_SANS.to_vec());
        fonts.set_sans_serif_family("DejaVu Sans");
        options
    })
}

/// The metrics a design review decides on, in the order charts show them; a chart
/// shows those the scenario models and some design moves.
pub const REVIEWED: [Metric; 10] = [
    Metric::LockoutHoursPer1kUsers,
    Metric::UsersLockedOut,
    Metric::DenialRate,
    Metric::PromptsPerUserDay,
    Metric::PeakTokenRequestsPerMin,
    Metric::RecoveryPeakRequestsPerMin,
    Metric::ThrottledRequests,
    Metric::RevocationExposureMean,
    Metric::PolicyStalenessMean,
    Metric::WorkloadDenialRate,
];

pub fn reviewed(run: &RunFolder) -> Vec<Metric> {
    REVIEWED
        .into_iter()
        .filter(|&m| run.models(m))
        .filter(|&m| {
            run.summary
                .results
                .iter()
                .any(|r| r.fields.metric == m && r.fields.mean != 0.0)
        })
        .collect()
}

/// Columns and rows for `n` panels: a row up to three, then rows of up to four.
pub fn grid(n: usize) -> (usize, usize) {
    let cols = match n {
        0..=3 => n.max(1),
        4 => 2,
        5 | 6 | 9 => 3,
        _ => 4,
    };
    (cols, n.max(1).div_ceil(cols))
}

/// The chart's title along the top, sized to fit its width; returns the area below.
pub fn titled<'a>(root: &Area<'a>, text: &str) -> Result<Area<'a>, Box<dyn std::error::Error>> {
    const PX: f64 = 20.0;
    let width = f64::from(root.dim_in_pixel().0);
    let (shown, px) = text::fit(text, PX, width - 40.0);
    let (top, rest) = root.split_vertically((PX * 2.2) as i32);
    text::Label::centered(&shown, px, (width / 2.0, PX * 0.6)).draw(&top, &BLACK)?;
    Ok(rest)
}

/// A panel per metric in a grid under the chart's title and legend: `panel`
/// draws metric `k` into its cell.
pub fn panel_grid(
    root: &Area,
    title: &str,
    entries: &[legend::Entry],
    metrics: &[Metric],
    mut panel: impl FnMut(
        &Area,
        usize,
        Metric,
    ) -> Result<(Panel, Vec<Mark>), Box<dyn std::error::Error>>,
) -> Result<Layout, Box<dyn std::error::Error>> {
    let area = titled(root, title)?;
    let area = legend::strip(&area, entries)?;
    let (cols, rows) = grid(metrics.len());
    let cells = area.split_evenly((rows, cols));
    let mut layout = Layout::default();
    for (k, (cell, metric)) in cells.iter().zip(metrics).enumerate() {
        let (panel, marks) = panel(cell, k, *metric)?;
        layout.panels.push(panel);
        layout.marks.extend(marks);
    }
    Ok(layout)
}
