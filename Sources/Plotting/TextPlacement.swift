import Foundation

/// Where a run of text lands: shared by both backends so that what the recording
/// backend reports is what Cairo paints.
///
/// In the text's own frame x runs along the baseline and y points down; the box
/// spans x in [0, width] and y in [-ascent, descent] around the baseline origin.
/// The frame is rotated counter-clockwise on screen by `style.rotation` about the anchor.
public struct TextPlacement: Equatable, Sendable {
    /// The anchor on the canvas.
    public let anchor: Point
    /// The baseline origin in the text's own frame, relative to the anchor.
    public let origin: Point
    /// The rotation in radians, counter-clockwise on screen.
    public let angle: Double
    /// The text's measured extents.
    public let extents: TextExtents

    public init(anchor: Point, extents: TextExtents, style: TextStyle) {
        self.anchor = anchor
        self.extents = extents
        self.angle = style.rotation * .pi / 180
        let alignX: Double
        switch style.horizontal {
        case .left: alignX = 0
        case .center: alignX = extents.width / 2
        case .right: alignX = extents.width
        }
        let alignY: Double
        switch style.vertical {
        case .top: alignY = -extents.ascent
        case .middle: alignY = (extents.descent - extents.ascent) / 2
        case .baseline: alignY = 0
        case .bottom: alignY = extents.descent
        }
        origin = Point(x: -alignX, y: -alignY)
    }

    /// A point of the text's frame (relative to the anchor) on the canvas.
    /// Screen y points down, so a counter-clockwise turn maps (1, 0) to (cos, -sin).
    public func canvasPoint(_ local: Point) -> Point {
        let cosine = cos(angle), sine = sin(angle)
        return Point(x: anchor.x + local.x * cosine + local.y * sine,
                     y: anchor.y - local.x * sine + local.y * cosine)
    }

    /// The four corners of the text's box on the canvas.
    public var corners: [Point] {
        let left = origin.x, right = origin.x + extents.width
        let top = origin.y - extents.ascent, bottom = origin.y + extents.descent
        return [Point(x: left, y: top), Point(x: right, y: top),
                Point(x: right, y: bottom), Point(x: left, y: bottom)].map(canvasPoint)
    }

    /// The axis-aligned box around the (possibly rotated) text.
    public var bounds: Rect {
        Rect.bounding(corners) ?? Rect(x: anchor.x, y: anchor.y, width: 0, height: 0)
    }
}
