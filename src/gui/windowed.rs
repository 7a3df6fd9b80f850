//! Long lists built only where they are in view. iced 0.14 has no virtual list: a list of
//! 10,000 rows built whole is laid out again on every frame. These lists give every row one
//! fixed height, build the rows in view and a screen's worth around them, and leave the space
//! above and below empty, from the scroll position and visible height the scrollable reports
//! through `on_scroll`.

use std::ops::Range;

use iced::Element;
use iced::widget::{Column, scrollable, space};

/// The height assumed before the scrollable has reported its own (its first frame).
const FIRST_HEIGHT: f32 = 800.0;

/// Rows built beyond those in view, above and below: scrolling a little shows built rows.
const MARGIN_ROWS: usize = 10;

/// The rows of a list of `total` rows `row_height` high to build when it is scrolled `offset`
/// down and `height` of it shows (0: not known yet).
pub fn in_view(offset: f32, height: f32, total: usize, row_height: f32) -> Range<usize> {
    let height = if height > 0.0 { height } else { FIRST_HEIGHT };
    let first = ((offset / row_height) as usize)
        .saturating_sub(MARGIN_ROWS)
        .min(total);
    let count = ((height / row_height) as usize + 2 * MARGIN_ROWS).min(total - first);
    first..first + count
}

/// Where a windowed list is scrolled to, as its scrollable last said.
#[derive(Debug, Default, Clone, Copy)]
pub struct Window {
    offset: f32,
    height: f32,
}

impl Window {
    pub fn scrolled(&mut self, viewport: scrollable::Viewport) {
        self.offset = viewport.absolute_offset().y;
        self.height = viewport.bounds().height;
    }

    /// The rows to build of a list of `total` rows `row_height` high.
    pub fn rows(&self, total: usize, row_height: f32) -> Range<usize> {
        in_view(self.offset, self.height, total, row_height)
    }
}

/// The list's column: empty space for the rows above `shown`, the rows built, empty space for
/// the rows below.
pub fn column<'a, M: 'a>(
    total: usize,
    shown: Range<usize>,
    row_height: f32,
    rows: impl IntoIterator<Item = Element<'a, M>>,
) -> Column<'a, M> {
    Column::new()
        .push(space::vertical().height(shown.start as f32 * row_height))
        .extend(rows)
        .push(space::vertical().height(total.saturating_sub(shown.end) as f32 * row_height))
}
