import Testing
@testable import Plotting

@Suite struct TextPlacementTests {
    let extents = TextExtents(width: 40, ascent: 9, descent: 3)

    @Test func leftBaselineStartsAtTheAnchor() {
        let placement = TextPlacement(anchor: Point(x: 10, y: 50), extents: extents, style: TextStyle(size: 10))
        #expect(placement.bounds == Rect(x: 10, y: 41, width: 40, height: 12))
    }

    @Test func centeredTopHangsBelowTheAnchor() {
        let style = TextStyle(size: 10, horizontal: .center, vertical: .top)
        let placement = TextPlacement(anchor: Point(x: 100, y: 20), extents: extents, style: style)
        #expect(placement.bounds == Rect(x: 80, y: 20, width: 40, height: 12))
    }

    @Test func rightMiddleEndsAtTheAnchor() {
        let style = TextStyle(size: 10, horizontal: .right, vertical: .middle)
        let bounds = TextPlacement(anchor: Point(x: 100, y: 20), extents: extents, style: style).bounds
        #expect(bounds.maxX == 100)
        #expect(abs(bounds.midY - 20) < 1e-9)
    }

    @Test func quarterTurnReadsUpwardsAndSwapsTheBox() {
        // A y-axis title: turned 90 degrees counter-clockwise, its top facing left.
        let style = TextStyle(size: 10, horizontal: .center, vertical: .top, rotation: 90)
        let bounds = TextPlacement(anchor: Point(x: 5, y: 100), extents: extents, style: style).bounds
        #expect(abs(bounds.minX - 5) < 1e-9 && abs(bounds.width - 12) < 1e-9)
        #expect(abs(bounds.minY - 80) < 1e-9 && abs(bounds.height - 40) < 1e-9)
    }
}
