/// A line through data points; NaN or infinite values break it into pieces.
public struct LineSeries: Equatable, Sendable {
    /// The legend text; empty keeps the series out of the legend.
    public var name: String
    public var x: [Double]
    public var y: [Double]
    public var color: Color
    /// Stroke width; nil takes the theme's series width.
    public var width: Double?
    public var dash: [Double]
    /// A marker drawn on every point, if any.
    public var marker: MarkerShape?

    public init(name: String, x: [Double], y: [Double], color: Color, width: Double? = nil,
                dash: [Double] = [], marker: MarkerShape? = nil) {
        self.name = name
        self.x = x
        self.y = y
        self.color = color
        self.width = width
        self.dash = dash
        self.marker = marker
    }

    /// A series against 1, 2, 3, ... (epochs counted from one).
    public init(name: String, values: [Double], color: Color, width: Double? = nil,
                dash: [Double] = [], marker: MarkerShape? = nil) {
        self.init(name: name, x: values.indices.map { Double($0 + 1) }, y: values, color: color,
                  width: width, dash: dash, marker: marker)
    }

    /// The points with both coordinates finite.
    var finitePoints: [(x: Double, y: Double)] {
        zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }.map { (x: $0.0, y: $0.1) }
    }

    /// Runs of consecutive finite points: a missing value ends one run and starts the next.
    var finiteRuns: [[(x: Double, y: Double)]] {
        var runs: [[(x: Double, y: Double)]] = []
        var current: [(x: Double, y: Double)] = []
        for (xValue, yValue) in zip(x, y) {
            if xValue.isFinite && yValue.isFinite {
                current.append((xValue, yValue))
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}

/// A single highlighted point, such as the restored best epoch.
public struct PointAnnotation: Equatable, Sendable {
    /// The legend text; nil keeps it out of the legend.
    public var name: String?
    public var x: Double
    public var y: Double
    public var shape: MarkerShape
    public var color: Color
    public var radius: Double

    public init(name: String?, x: Double, y: Double, shape: MarkerShape = .circle, color: Color = .black, radius: Double = 6) {
        self.name = name
        self.x = x
        self.y = y
        self.shape = shape
        self.color = color
        self.radius = radius
    }
}

/// A vertical line across the plot at `x`.
public struct VerticalLine: Equatable, Sendable {
    public var x: Double
    public var style: LineStyle
    /// The legend text; nil keeps it out of the legend.
    public var name: String?

    public init(x: Double, style: LineStyle, name: String? = nil) {
        self.x = x
        self.style = style
        self.name = name
    }
}

/// One bar per category, grouped beside the other series' bars.
public struct BarSeries: Equatable, Sendable {
    public var name: String
    /// One value per category; missing trailing values and non-finite values draw no bar.
    public var values: [Double]
    public var color: Color

    public init(name: String, values: [Double], color: Color) {
        self.name = name
        self.values = values
        self.color = color
    }
}
