/// Records draw calls instead of painting, so tests can assert what a figure
/// drew and where.
///
/// Text is measured with fixed approximate DejaVu Sans metrics (advance 0.6 em
/// per character, 0.65 em bold; ascent 0.93 em, descent 0.24 em, the font's own
/// values), so recorded layouts are the same on every machine whatever fonts it has.
public final class RecordingBackend: PlotBackend {
    /// One recorded call.
    public enum Call: Equatable {
        case polyline([Point], LineStyle)
        case fillRect(Rect, Color)
        case strokeRect(Rect, LineStyle)
        case marker(MarkerShape, Point, radius: Double, fill: Color?, stroke: LineStyle?)
        case text(String, TextPlacement, TextStyle)
        case image(width: Int, height: Int, Rect)
        case pushClip(Rect)
        case popClip
    }

    public let size: Size
    /// Every call so far, in order.
    public private(set) var calls: [Call] = []

    public init(size: Size) {
        self.size = size
    }

    public func drawPolyline(_ points: [Point], style: LineStyle) {
        guard points.count >= 2 else { return }
        calls.append(.polyline(points, style))
    }

    public func fillRect(_ rect: Rect, color: Color) {
        calls.append(.fillRect(rect, color))
    }

    public func strokeRect(_ rect: Rect, style: LineStyle) {
        calls.append(.strokeRect(rect, style))
    }

    public func drawMarker(_ shape: MarkerShape, at center: Point, radius: Double, fill: Color?, stroke: LineStyle?) {
        calls.append(.marker(shape, center, radius: radius, fill: fill, stroke: stroke))
    }

    public func measureText(_ text: String, style: TextStyle) -> TextExtents {
        let advance = style.weight == .bold ? 0.65 : 0.6
        return TextExtents(width: Double(text.count) * advance * style.size,
                           ascent: 0.93 * style.size, descent: 0.24 * style.size)
    }

    public func drawText(_ text: String, at anchor: Point, style: TextStyle) {
        guard !text.isEmpty else { return }
        let placement = TextPlacement(anchor: anchor, extents: measureText(text, style: style), style: style)
        calls.append(.text(text, placement, style))
    }

    public func drawImage(_ image: PlotImage, in rect: Rect) {
        calls.append(.image(width: image.width, height: image.height, rect))
    }

    public func pushClip(_ rect: Rect) {
        calls.append(.pushClip(rect))
    }

    public func popClip() {
        calls.append(.popClip)
    }

    // MARK: Queries for tests

    /// The strings drawn, in order.
    public var texts: [String] {
        calls.compactMap { if case let .text(string, _, _) = $0 { return string } else { return nil } }
    }

    /// The text calls with their placement and style.
    public var textCalls: [(text: String, placement: TextPlacement, style: TextStyle)] {
        calls.compactMap { if case let .text(string, placement, style) = $0 { return (string, placement, style) } else { return nil } }
    }

    /// The polylines with their style.
    public var polylines: [(points: [Point], style: LineStyle)] {
        calls.compactMap { if case let .polyline(points, style) = $0 { return (points, style) } else { return nil } }
    }

    /// The filled rectangles with their colour.
    public var filledRects: [(rect: Rect, color: Color)] {
        calls.compactMap { if case let .fillRect(rect, color) = $0 { return (rect, color) } else { return nil } }
    }

    /// The area each painting call can touch (nil for clip calls), strokes and markers included.
    public static func bounds(of call: Call) -> Rect? {
        switch call {
        case let .polyline(points, style):
            return Rect.bounding(points).map { $0.insetBy(dx: -style.width / 2, dy: -style.width / 2) }
        case let .fillRect(rect, _):
            return rect
        case let .strokeRect(rect, style):
            return rect.insetBy(dx: -style.width / 2, dy: -style.width / 2)
        case let .marker(_, center, radius, _, stroke):
            return MarkerGeometry.bounds(center: center, radius: radius, strokeWidth: stroke?.width ?? 0)
        case let .text(_, placement, _):
            return placement.bounds
        case let .image(_, _, rect):
            return rect
        case .pushClip, .popClip:
            return nil
        }
    }

    /// The painting calls whose area reaches outside the canvas by more than `tolerance`
    /// (calls inside a clip are judged by the clipped area).
    public func callsOutsideCanvas(tolerance: Double = 0.5) -> [Call] {
        let canvas = Rect(x: 0, y: 0, width: size.width, height: size.height)
        var clipStack: [Rect] = []
        var outside: [Call] = []
        for call in calls {
            switch call {
            case let .pushClip(rect):
                clipStack.append(clipStack.last.flatMap { $0.intersection(rect) } ?? rect)
            case .popClip:
                _ = clipStack.popLast()
            default:
                guard var area = Self.bounds(of: call) else { continue }
                if let clip = clipStack.last {
                    guard let clipped = area.intersection(clip) else { continue }
                    area = clipped
                }
                if !canvas.contains(area, tolerance: tolerance) { outside.append(call) }
            }
        }
        return outside
    }
}
