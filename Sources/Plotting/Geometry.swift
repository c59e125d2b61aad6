/// Logical coordinates: the origin is the top-left corner of the canvas, y grows
/// downwards (as in Cairo), and one unit is one pixel at scale 1.

/// A point on the canvas.
public struct Point: Equatable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A width and a height in logical units.
public struct Size: Equatable, Sendable {
    public var width: Double
    public var height: Double

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }
}

/// An axis-aligned rectangle.
public struct Rect: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var minX: Double { x }
    public var minY: Double { y }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }
    public var center: Point { Point(x: midX, y: midY) }
    public var size: Size { Size(width: width, height: height) }

    /// The rectangle shrunk by `dx` on the left and right and `dy` on the top and bottom.
    public func insetBy(dx: Double, dy: Double) -> Rect {
        Rect(x: x + dx, y: y + dy, width: max(0, width - 2 * dx), height: max(0, height - 2 * dy))
    }

    /// Whether `point` lies inside or on the border.
    public func contains(_ point: Point) -> Bool {
        point.x >= minX && point.x <= maxX && point.y >= minY && point.y <= maxY
    }

    /// Whether `other` lies entirely inside, allowing `tolerance` of overshoot.
    public func contains(_ other: Rect, tolerance: Double = 0) -> Bool {
        other.minX >= minX - tolerance && other.maxX <= maxX + tolerance
            && other.minY >= minY - tolerance && other.maxY <= maxY + tolerance
    }

    /// The overlap of two rectangles, or nil when they do not overlap.
    public func intersection(_ other: Rect) -> Rect? {
        let left = max(minX, other.minX), right = min(maxX, other.maxX)
        let top = max(minY, other.minY), bottom = min(maxY, other.maxY)
        guard right > left, bottom > top else { return nil }
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The smallest rectangle holding all `points` (nil for none).
    public static func bounding(_ points: [Point]) -> Rect? {
        guard let first = points.first else { return nil }
        var low = first, high = first
        for point in points.dropFirst() {
            low.x = min(low.x, point.x); low.y = min(low.y, point.y)
            high.x = max(high.x, point.x); high.y = max(high.y, point.y)
        }
        return Rect(x: low.x, y: low.y, width: high.x - low.x, height: high.y - low.y)
    }

    /// A rectangle of `size` centred in this one, keeping `size`'s aspect ratio
    /// and as large as fits (letterboxing).
    public func fitting(aspectOf size: Size) -> Rect {
        guard size.width > 0, size.height > 0, width > 0, height > 0 else { return self }
        let factor = min(width / size.width, height / size.height)
        let fitted = Size(width: size.width * factor, height: size.height * factor)
        return Rect(x: midX - fitted.width / 2, y: midY - fitted.height / 2,
                    width: fitted.width, height: fitted.height)
    }
}
