/// One line of a spread chart: for each category a centre (the mean of repeated measurements) and
/// the range the measurements spread over (their minimum and maximum), drawn as a vertical bar
/// with caps through the line's marker.
public struct SpreadSeries: Equatable, Sendable {
    /// The legend text.
    public var name: String
    /// One value per category; a non-finite centre leaves the category out (and breaks the line).
    public var center: [Double]
    /// The bottom and top of each category's bar; a non-finite end draws no bar there.
    public var lower: [Double]
    public var upper: [Double]
    public var color: Color
    public var marker: MarkerShape

    public init(name: String, center: [Double], lower: [Double], upper: [Double], color: Color,
                marker: MarkerShape = .circle) {
        self.name = name
        self.center = center
        self.lower = lower
        self.upper = upper
        self.color = color
        self.marker = marker
    }

    /// A series from repeated measurements: per category their mean, minimum and maximum (an empty
    /// list of measurements leaves the category out). The mean is kept within the two, which rounding
    /// could otherwise put it a hair outside of (the mean of three 0.2s is 0.20000000000000004).
    public init(name: String, measurements: [[Double]], color: Color, marker: MarkerShape = .circle) {
        let finite = measurements.map { $0.filter(\.isFinite) }
        self.init(name: name, center: finite.map { values in
                      guard let low = values.min(), let high = values.max() else { return .nan }
                      return min(high, max(low, values.reduce(0, +) / Double(values.count)))
                  },
                  lower: finite.map { $0.min() ?? .nan }, upper: finite.map { $0.max() ?? .nan },
                  color: color, marker: marker)
    }
}

/// A vertical bar of a spread chart, in data coordinates.
struct SpreadBar: Equatable {
    var x: Double
    var lower: Double
    var upper: Double
    var color: Color
}

extension Figure {
    /// The stroke width of a spread bar and half the width of its caps, in logical units.
    public static let spreadBarWidth = 1.5
    public static let spreadCapHalfWidth = 5.0
    /// How far apart the series of one category sit, in categories, so their bars never overlap.
    static let spreadSeriesGap = 0.12

    /// A line chart over categories (such as training-set sizes) with each point's spread: a line
    /// per series through its centres, a bar with caps from its lower to its upper value at every
    /// point, and a dashed line at `reference` across the plot. The series of one category sit
    /// side by side around its centre.
    ///
    /// Throws `PlotError.invalidInput` for no categories or series, a series whose lists are not one
    /// value per category, a lower end above the centre or an upper end below it, or a non-finite
    /// reference.
    public static func spreadChart(categories: [String], series: [SpreadSeries], reference: ReferenceLevel?,
                                   xLabel: String, yLabel: String, yCovers: ClosedRange<Double>? = nil,
                                   title: String? = nil) throws -> Figure {
        guard !categories.isEmpty, !series.isEmpty else {
            throw PlotError.invalidInput("a spread chart needs at least one category and one series")
        }
        if let reference, !reference.value.isFinite {
            throw PlotError.invalidInput("the reference level \"\(reference.label)\" is \(reference.value), not a number")
        }
        var axes = Axes(xLabel: xLabel, yLabel: yLabel)
        axes.categories = categories
        var bars: [SpreadBar] = []
        for (index, line) in series.enumerated() {
            guard [line.center.count, line.lower.count, line.upper.count].allSatisfy({ $0 == categories.count }) else {
                throw PlotError.invalidInput("series \"\(line.name)\" has \(line.center.count) centres, "
                    + "\(line.lower.count) lower and \(line.upper.count) upper values for \(categories.count) categories")
            }
            let offset = (Double(index) - Double(series.count - 1) / 2) * spreadSeriesGap
            let x = categories.indices.map { Double($0) + offset }
            for category in categories.indices {
                let (low, mid, high) = (line.lower[category], line.center[category], line.upper[category])
                guard low.isFinite, high.isFinite else { continue }
                // A centre a rounding error outside its spread (a mean computed elsewhere) still holds.
                let slack = 1e-9 * max(1, abs(low), abs(high))
                guard low <= high, !mid.isFinite || (low - slack <= mid && mid <= high + slack) else {
                    throw PlotError.invalidInput("series \"\(line.name)\", category \"\(categories[category])\": "
                        + "the spread \(low)...\(high) does not hold its centre \(mid)")
                }
                bars.append(SpreadBar(x: x[category], lower: low, upper: high, color: line.color))
            }
            axes.lines.append(LineSeries(name: line.name, x: x, y: line.center, color: line.color, marker: line.marker))
        }
        if let reference {
            axes.lines.append(LineSeries(name: reference.label, x: [-0.5, Double(categories.count) - 0.5],
                                         y: [reference.value, reference.value], color: stripReferenceStyle.color,
                                         width: stripReferenceStyle.width, dash: stripReferenceStyle.dash))
        }
        // The axis covers every bar's ends, besides what was asked.
        let ends = bars.flatMap { [$0.lower, $0.upper] } + (yCovers.map { [$0.lowerBound, $0.upperBound] } ?? [])
        if let low = ends.min(), let high = ends.max() { axes.yCovers = low...high }
        let width = max(560, min(1200, 260 + 110 * Double(categories.count)))
        return Figure(size: Size(width: width, height: 460), title: title,
                      panels: [SpreadPanel(axes: axes, bars: bars)])
    }
}

/// An `Axes` with spread bars drawn over its lines, and its legend placed where it hides neither.
struct SpreadPanel: FigurePanel {
    var axes: Axes
    var bars: [SpreadBar]

    func draw(in rect: Rect, on backend: PlotBackend, theme: Theme) {
        var plain = axes
        plain.showsLegend = false
        plain.draw(in: rect, on: backend, theme: theme)
        // The same axes in the same rectangle: the layout the lines were drawn with.
        let layout = AxesLayout(axes: plain, rect: rect, backend: backend, theme: theme)
        var samples = axes.dataSamples(layout)
        backend.pushClip(layout.dataClip)
        for bar in bars {
            let x = layout.pixelX(bar.x), top = layout.pixelY(bar.upper), bottom = layout.pixelY(bar.lower)
            let style = LineStyle(color: bar.color, width: Figure.spreadBarWidth)
            let cap = Figure.spreadCapHalfWidth
            backend.drawPolyline([Point(x: x, y: bottom), Point(x: x, y: top)], style: style)
            for y in [top, bottom] {
                backend.drawPolyline([Point(x: x - cap, y: y), Point(x: x + cap, y: y)], style: style)
            }
            samples += LegendPlacement.samples(alongPolyline: [Point(x: x, y: bottom), Point(x: x, y: top)], spacing: 3)
        }
        backend.popClip()
        if axes.showsLegend {
            Legend(entries: axes.legendEntries(theme)).draw(in: layout.plot, avoiding: samples, on: backend, theme: theme)
        }
    }
}
