//! The charts as pictures, for documents that cannot hold SVG (a Word
//! document's images are PNG): the same SVG the HTML page inlines, drawn
//! by resvg at twice its size so that it prints sharply.

use super::chart;
use super::model::Chart;
use caseboard_core::period_axis::PeriodAxis;
use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{Options, Tree};

/// Pixels per SVG unit: 2 gives about 190 dpi at the size the document
/// shows a chart, enough for print.
const SCALE: f32 = 2.0;

/// The fonts a chart's labels may be drawn in, the first found used:
/// those the HTML page names, then the ones Debian and Windows always have.
const FAMILIES: [&str; 4] = ["Liberation Sans", "Arial", "DejaVu Sans", "Helvetica"];

/// Draws charts with the machine's fonts, loaded once per document.
pub(super) struct Painter {
    options: Options<'static>,
}

/// A chart drawn: PNG bytes and the size in pixels.
pub(super) struct Picture {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

impl Painter {
    pub fn new() -> Painter {
        let mut options = Options::default();
        options.fontdb_mut().load_system_fonts();
        // A machine without any of these still draws the chart; its labels
        // are then in whatever font there is, or left out when there is
        // none (the figures are in a table beside it either way).
        let found = FAMILIES.iter().find(|family| {
            options.fontdb.faces().any(|face| {
                face.families
                    .iter()
                    .any(|(name, _)| name.eq_ignore_ascii_case(family))
            })
        });
        let fallback = options
            .fontdb
            .faces()
            .find_map(|face| face.families.first().map(|(name, _)| name.clone()));
        if let Some(family) = found.map(|f| f.to_string()).or(fallback) {
            options.font_family = family;
        }
        Painter { options }
    }

    /// The chart as a picture; `None` when there is nothing to draw or
    /// it could not be drawn.
    pub fn draw(&self, c: &Chart, axis: &PeriodAxis, id: &str) -> Option<Picture> {
        let svg = chart::svg(c, axis, id)?;
        let tree = Tree::from_str(&svg, &self.options).ok()?;
        let size = tree.size();
        let width = (size.width() * SCALE).ceil() as u32;
        let height = (size.height() * SCALE).ceil() as u32;
        let mut pixmap = Pixmap::new(width, height)?;
        pixmap.fill(Color::WHITE);
        resvg::render(
            &tree,
            Transform::from_scale(SCALE, SCALE),
            &mut pixmap.as_mut(),
        );
        let png = encode(&pixmap)?;
        Some(Picture { png, width, height })
    }
}

/// The picture as an RGB PNG, compressed fast: the chart is drawn on an
/// opaque white ground, so the alpha channel says nothing, and the
/// document's ZIP deflates it again. (resvg's own RGBA encoding at the
/// default level took a third of a large session's export.)
fn encode(pixmap: &Pixmap) -> Option<Vec<u8>> {
    // Opaque pixels: premultiplied and straight colour are the same.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&rgb).ok()?;
    writer.finish().ok()?;
    Some(out)
}
