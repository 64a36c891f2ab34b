//! Which rows of a long list of equal-height rows to render: the two virtualised tables (the
//! job table and the hits grid) render the rows in view plus an overscan on either side, in a
//! fixed set of row slots that scrolling moves rows between.

/// A list of rows `row_px` tall, rendering `overscan` rows beyond the view on either side.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RowWindow {
    pub row_px: f64,
    pub overscan: usize,
}

impl RowWindow {
    /// The rows to render, `start..end`, for a scroll offset and a view height (CSS pixels)
    /// over `count` rows. Never longer than [`RowWindow::slots`].
    pub fn span(&self, scroll_top: f64, viewport: f64, count: usize) -> (usize, usize) {
        let first = (scroll_top.max(0.0) / self.row_px).floor() as usize;
        let end = (first + self.visible(viewport) + self.overscan).min(count);
        (first.saturating_sub(self.overscan).min(end), end)
    }

    /// How many row slots a view of this height needs: every span fits in them.
    pub fn slots(&self, viewport: f64, count: usize) -> usize {
        (self.visible(viewport) + 2 * self.overscan + 1).min(count)
    }

    fn visible(&self, viewport: f64) -> usize {
        (viewport.max(0.0) / self.row_px).ceil() as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: RowWindow = RowWindow {
        row_px: 30.0,
        overscan: 8,
    };

    #[test]
    fn the_span_covers_the_view_and_the_overscan_and_stays_in_the_list() {
        // 600 px show 20 rows; at the top there is nothing above to overscan.
        assert_eq!(W.span(0.0, 600.0, 1000), (0, 28));
        // Scrolled to row 100: 8 rows above, 20 in view, 8 below.
        assert_eq!(W.span(3000.0, 600.0, 1000), (92, 128));
        // Part-way into a row counts that row as in view.
        assert_eq!(W.span(3010.0, 600.0, 1000), (92, 128));
        // At the end of the list.
        assert_eq!(W.span(29_400.0, 600.0, 1000), (972, 1000));
        // Short lists, empty lists, and a scroll offset past the end give valid, empty-or-short
        // spans.
        assert_eq!(W.span(0.0, 600.0, 5), (0, 5));
        assert_eq!(W.span(0.0, 600.0, 0), (0, 0));
        assert_eq!(W.span(90_000.0, 600.0, 10), (10, 10));
    }

    #[test]
    fn every_span_fits_in_the_slots() {
        for count in [0, 1, 7, 37, 1000] {
            for viewport in [0.0, 29.0, 30.0, 600.0, 611.5, 2000.0] {
                let slots = W.slots(viewport, count);
                assert!(slots <= count);
                let mut top = 0.0;
                while top < count as f64 * 30.0 + 60.0 {
                    let (start, end) = W.span(top, viewport, count);
                    assert!(start <= end && end <= count, "{top} {viewport} {count}");
                    assert!(end - start <= slots, "{top} {viewport} {count}");
                    top += 7.5;
                }
            }
        }
    }
}
