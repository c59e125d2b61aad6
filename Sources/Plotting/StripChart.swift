/// One column of a strip chart: a category and its measurements.
public struct StripGroup: Equatable, Sendable {
    /// The category's label under the axis.
    public var name: String
    /// One dot each; non-finite values are left out. An empty group draws an empty column.
    public var values: [Double]

    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }

    /// The mean of the finite values, nil when there are none.
    public var mean: Double? {
        let finite = values.filter(\.isFinite)
        return finite.isEmpty ? nil : finite.reduce(0, +) / Double(finite.count)
    }
}

/// A horizontal line across a chart at a value worth comparing with, such as chance accuracy.
public struct ReferenceLevel: Equatable, Sendable {
    public var value: Double
    /// Its legend text.
    public var label: String

    public init(value: Double, label: String) {
        self.value = value
        self.label = label
    }
}

extension Figure {
    /// Colours of a strip chart's marks: the measurements, their means and the reference level.
    public static let stripDotColor = Palette.blue
    public static let stripMeanColor = Palette.black
    public static let stripReferenceStyle = LineStyle(color: .axisGray, width: 1.5, dash: [6, 4])
    /// The half-width of a column's dots and of its mean bar, in categories.
    static let stripDotSpread = 0.18
    static let stripMeanHalfWidth = 0.3

    /// A strip chart: one column per group, every value a dot (spread sideways in the order given,
    /// so equal values stay countable), the group's mean a bar across its dots, and a dashed
    /// line at `reference` across the plot. Repeated measurements of a few things, such as the
    /// accuracy of each backbone on each of several splits, read better so than as bars: the
    /// spread shows.
    ///
    /// Throws `PlotError.invalidInput` for no groups or a non-finite reference.
    public static func stripChart(_ groups: [StripGroup], reference: ReferenceLevel?, valueLabel: String,
                                  meanLabel: String = "mean", yLabel: String, yCovers: ClosedRange<Double>? = nil,
                                  title: String? = nil) throws -> Figure {
        guard !groups.isEmpty else { throw PlotError.invalidInput("a strip chart needs at least one group") }
        if let reference, !reference.value.isFinite {
            throw PlotError.invalidInput("the reference level \"\(reference.label)\" is \(reference.value), not a number")
        }
        var axes = Axes(yLabel: yLabel)
        axes.categories = groups.map(\.name)
        axes.yCovers = yCovers
        for (column, group) in groups.enumerated() {
            let values = group.values.filter(\.isFinite)
            for (index, value) in values.enumerated() {
                axes.points.append(PointAnnotation(
                    name: axes.points.isEmpty ? valueLabel : nil, x: stripOffset(index, of: values.count, column: column),
                    y: value, shape: .circle, color: stripDotColor, radius: 4.5))
            }
            if let mean = group.mean {
                let center = Double(column)
                let named = !axes.lines.contains { $0.name == meanLabel }
                axes.lines.append(LineSeries(name: named ? meanLabel : "",
                                             x: [center - stripMeanHalfWidth, center + stripMeanHalfWidth],
                                             y: [mean, mean], color: stripMeanColor, width: 3))
            }
        }
        if let reference {
            axes.lines.append(LineSeries(name: reference.label, x: [-0.5, Double(groups.count) - 0.5],
                                         y: [reference.value, reference.value], color: stripReferenceStyle.color,
                                         width: stripReferenceStyle.width, dash: stripReferenceStyle.dash))
        }
        let width = max(560, min(1400, 200 + 190 * Double(groups.count)))
        return Figure(size: Size(width: width, height: 460), title: title, panels: [axes])
    }

    /// The x of dot `index` of `count` in column `column`: spread evenly across the column's centre.
    static func stripOffset(_ index: Int, of count: Int, column: Int) -> Double {
        guard count > 1 else { return Double(column) }
        return Double(column) - stripDotSpread + 2 * stripDotSpread * Double(index) / Double(count - 1)
    }
}
