//! Which rows of a long list of equal-height rows to render: the two virtualised tables (the
//! job table and the hits grid) render the rows in view plus an overscan on either side, in a
//! fixed set of row slots that scrolling moves rows between.
//!
//! Rows are never built or dropped while a table is on screen: with Leptos 0.8 a view built
//! and dropped keeps part of its wasm memory until the page closes. So slots are only added,
//! their elements follow what they show, and neither table puts a closure on a row.

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

    /// The slot of `slots` that position `pos` lives in: p mod `slots`, so a scroll by one row
    /// moves one position to another slot and leaves the rest where they are.
    pub fn slot_of(pos: usize, slots: usize) -> usize {
        pos % slots.max(1)
    }

    /// The position slot `slot` of `slots` shows for a span, if any: the one position of the
    /// span that lives there (see [`RowWindow::slot_of`]).
    pub fn in_slot(slot: usize, slots: usize, (start, end): (usize, usize)) -> Option<usize> {
        let n = slots.max(1);
        let p = start + (slot + n - start % n) % n;
        (slot < slots && p < end).then_some(p)
    }

    fn visible(&self, viewport: f64) -> usize {
        (viewport.max(0.0) / self.row_px).ceil() as usize
    }
}

/// The same for columns of different widths, scrolled sideways: the columns in view and
/// `overscan` more on each side. `offsets` are the columns' left edges followed by the right
/// edge of the last (one more than there are columns), in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColumnWindow {
    pub overscan: usize,
}

impl ColumnWindow {
    /// The columns to render, `start..end`, for a scroll offset and a view width.
    pub fn span(&self, offsets: &[u32], scroll_left: f64, viewport: f64) -> (usize, usize) {
        let n = offsets.len().saturating_sub(1);
        let left = scroll_left.max(0.0);
        // Columns wholly left of the view, and columns starting before its right edge.
        let first = offsets[1.min(offsets.len())..].partition_point(|&x| f64::from(x) <= left);
        let end = offsets[..n].partition_point(|&x| f64::from(x) < left + viewport.max(0.0));
        let end = (end.max(first + 1) + self.overscan).min(n);
        (first.saturating_sub(self.overscan).min(end), end)
    }

    /// How many column slots a view of this width needs: every span fits in them.
    pub fn slots(&self, offsets: &[u32], viewport: f64) -> usize {
        let n = offsets.len().saturating_sub(1);
        // The most columns in view: with column i the first, at most those starting before
        // the right edge of a view whose left edge is just short of column i's right edge.
        let most = (0..n)
            .map(|i| {
                let right = f64::from(offsets[i + 1]) + viewport.max(0.0);
                offsets[..n].partition_point(|&x| f64::from(x) < right) - i
            })
            .max()
            .unwrap_or(0);
        (most.max(1) + 2 * self.overscan).min(n)
    }
}

/// Where a key moves the active cell of a grid of `rows` × `cols` (both at least 1) from
/// `at` (row, column), `page` rows making a page: arrows by one, Page Up/Down by a page, Home
/// and End to the row's ends, and with Ctrl to the grid's first and last row. `None` for a
/// key that does not move.
pub fn moved(
    key: &str,
    ctrl: bool,
    (r, c): (usize, usize),
    rows: usize,
    cols: usize,
    page: usize,
) -> Option<(usize, usize)> {
    let (last_row, last_col) = (rows.checked_sub(1)?, cols.checked_sub(1)?);
    Some(match key {
        "ArrowDown" => ((r + 1).min(last_row), c),
        "ArrowUp" => (r.saturating_sub(1), c),
        "PageDown" => ((r + page).min(last_row), c),
        "PageUp" => (r.saturating_sub(page), c),
        "ArrowRight" => (r, (c + 1).min(last_col)),
        "ArrowLeft" => (r, c.saturating_sub(1)),
        "Home" if ctrl => (0, c),
        "End" if ctrl => (last_row, c),
        "Home" => (r, 0),
        "End" => (r, last_col),
        _ => return None,
    })
}

/// The rows Page Up and Page Down move in a view `height` px tall: a view less two rows, so
/// a row stays in sight.
pub fn page_rows(height: f64, row_px: f64) -> usize {
    ((height / row_px) as usize).saturating_sub(2).max(1)
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

    const C: ColumnWindow = ColumnWindow { overscan: 1 };

    #[test]
    fn the_column_span_covers_the_columns_in_view_and_one_more_each_side() {
        // Columns 100, 50, 200, 64, 300 wide.
        let offsets = [0, 100, 150, 350, 414, 714];
        assert_eq!(C.span(&offsets, 0.0, 120.0), (0, 3));
        // 100..220 shows columns 1 and 2; one more each side.
        assert_eq!(C.span(&offsets, 100.0, 120.0), (0, 4));
        assert_eq!(C.span(&offsets, 360.0, 100.0), (2, 5));
        // Past the end, or a view wider than everything.
        assert_eq!(C.span(&offsets, 5000.0, 100.0), (4, 5));
        assert_eq!(C.span(&offsets, 0.0, 5000.0), (0, 5));
        assert_eq!(C.span(&[0], 0.0, 500.0), (0, 0));
        assert_eq!(C.slots(&[0], 500.0), 0);
    }

    #[test]
    fn every_column_span_fits_in_the_slots() {
        let layouts: [&[u32]; 4] = [
            &[0, 64, 128, 192, 256, 320, 384, 448, 512, 576, 640],
            &[0, 420, 484, 904, 968, 1388, 1452],
            &[0, 100, 150, 350, 414, 714],
            &[0, 300],
        ];
        for offsets in layouts {
            let n = offsets.len() - 1;
            for viewport in [0.0, 63.0, 200.0, 333.3, 1070.0, 3000.0] {
                let slots = C.slots(offsets, viewport);
                assert!(slots <= n);
                let mut left = 0.0;
                while left < f64::from(offsets[n]) + 100.0 {
                    let (start, end) = C.span(offsets, left, viewport);
                    assert!(start <= end && end <= n, "{left} {viewport} {offsets:?}");
                    assert!(end - start <= slots, "{left} {viewport} {offsets:?}");
                    // Every column overlapping the view is in the span.
                    for i in 0..n {
                        let (a, b) = (f64::from(offsets[i]), f64::from(offsets[i + 1]));
                        if b > left && a < left + viewport {
                            assert!(start <= i && i < end, "{i} {left} {viewport} {offsets:?}");
                        }
                    }
                    left += 3.5;
                }
            }
        }
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
                    // Every position of the span is in exactly one slot, the one it had in the
                    // previous span if it was there.
                    let mut shown: Vec<usize> = (0..slots)
                        .filter_map(|s| RowWindow::in_slot(s, slots, (start, end)))
                        .collect();
                    for s in 0..slots {
                        if let Some(p) = RowWindow::in_slot(s, slots, (start, end)) {
                            assert_eq!(RowWindow::slot_of(p, slots), s);
                        }
                    }
                    shown.sort_unstable();
                    assert_eq!(shown, (start..end).collect::<Vec<_>>());
                    top += 7.5;
                }
            }
        }
    }

    #[test]
    fn keys_move_the_active_cell_within_the_grid() {
        let at = (5, 2);
        assert_eq!(moved("ArrowDown", false, at, 100, 4, 10), Some((6, 2)));
        assert_eq!(moved("ArrowUp", false, (0, 2), 100, 4, 10), Some((0, 2)));
        assert_eq!(moved("PageDown", false, (95, 2), 100, 4, 10), Some((99, 2)));
        assert_eq!(moved("PageUp", false, at, 100, 4, 10), Some((0, 2)));
        assert_eq!(moved("ArrowRight", false, (5, 3), 100, 4, 10), Some((5, 3)));
        assert_eq!(moved("ArrowLeft", false, at, 100, 4, 10), Some((5, 1)));
        assert_eq!(moved("Home", false, at, 100, 4, 10), Some((5, 0)));
        assert_eq!(moved("End", false, at, 100, 4, 10), Some((5, 3)));
        assert_eq!(moved("Home", true, at, 100, 4, 10), Some((0, 2)));
        assert_eq!(moved("End", true, at, 100, 4, 10), Some((99, 2)));
        assert_eq!(moved("Enter", false, at, 100, 4, 10), None);
        assert_eq!(
            moved("ArrowDown", false, at, 0, 4, 10),
            None,
            "an empty grid"
        );
        assert_eq!(page_rows(600.0, 30.0), 18);
        assert_eq!(page_rows(40.0, 30.0), 1);
    }
}
