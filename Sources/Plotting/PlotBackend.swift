/// The drawing surface figures are rendered onto, in logical coordinates
/// (see `Geometry.swift`). Two implementations: `CairoBackend` paints pixels and
/// writes PNG; `RecordingBackend` records the calls for tests.
public protocol PlotBackend: AnyObject {
    /// The canvas size in logical units.
    var size: Size { get }

    /// A polyline through `points` (two points make a line segment).
    func drawPolyline(_ points: [Point], style: LineStyle)
    /// A filled rectangle.
    func fillRect(_ rect: Rect, color: Color)
    /// A rectangle outline, the stroke centred on the border.
    func strokeRect(_ rect: Rect, style: LineStyle)
    /// A marker of `radius` centred on `center`, filled and/or outlined.
    func drawMarker(_ shape: MarkerShape, at center: Point, radius: Double, fill: Color?, stroke: LineStyle?)
    /// The size of `text` set in `style`'s font.
    func measureText(_ text: String, style: TextStyle) -> TextExtents
    /// `text` placed so that its alignment point (from `style`) sits on `anchor`.
    func drawText(_ text: String, at anchor: Point, style: TextStyle)
    /// `image` scaled to fill `rect` exactly (callers letterbox beforehand).
    func drawImage(_ image: PlotImage, in rect: Rect)
    /// Restricts later drawing to `rect` (intersected with any current clip) until `popClip`.
    func pushClip(_ rect: Rect)
    /// Undoes the latest `pushClip`.
    func popClip()
}

/// How a line is stroked.
public struct LineStyle: Equatable, Sendable {
    public var color: Color
    public var width: Double
    /// Alternating on/off lengths in logical units; empty for a solid line.
    public var dash: [Double]

    public init(color: Color, width: Double = 1, dash: [Double] = []) {
        self.color = color
        self.width = width
        self.dash = dash
    }
}

/// The shapes a data point can be marked with.
public enum MarkerShape: Equatable, Sendable {
    case circle, square, diamond, triangle
}

/// Font weight (DejaVu Sans comes in Book and Bold).
public enum FontWeight: Equatable, Sendable {
    case normal, bold
}

/// Which point of the text's box the anchor names, horizontally.
public enum HorizontalAlignment: Equatable, Sendable {
    case left, center, right
}

/// Which point of the text's box the anchor names, vertically: the top of the
/// font's ascent, the middle between ascent and descent, the baseline, or the bottom of the descent.
public enum VerticalAlignment: Equatable, Sendable {
    case top, middle, baseline, bottom
}

/// How text is set.
public struct TextStyle: Equatable, Sendable {
    public var size: Double
    public var weight: FontWeight
    public var color: Color
    public var horizontal: HorizontalAlignment
    public var vertical: VerticalAlignment
    /// Counter-clockwise rotation about the anchor in degrees (90 reads bottom to top).
    public var rotation: Double

    public init(size: Double, weight: FontWeight = .normal, color: Color = .textBlack,
                horizontal: HorizontalAlignment = .left, vertical: VerticalAlignment = .baseline,
                rotation: Double = 0) {
        self.size = size
        self.weight = weight
        self.color = color
        self.horizontal = horizontal
        self.vertical = vertical
        self.rotation = rotation
    }

    /// The same style with other alignments.
    public func aligned(_ horizontal: HorizontalAlignment, _ vertical: VerticalAlignment) -> TextStyle {
        var copy = self
        copy.horizontal = horizontal
        copy.vertical = vertical
        return copy
    }

    /// The same style in another colour.
    public func colored(_ color: Color) -> TextStyle {
        var copy = self
        copy.color = color
        return copy
    }
}

/// The measured size of a run of text: its advance width and the font's ascent and
/// descent (font-wide, so that labels of one style line up whatever their letters).
public struct TextExtents: Equatable, Sendable {
    public var width: Double
    public var ascent: Double
    public var descent: Double

    public init(width: Double, ascent: Double, descent: Double) {
        self.width = width
        self.ascent = ascent
        self.descent = descent
    }

    /// Ascent plus descent: the line height without leading.
    public var height: Double { ascent + descent }
}
