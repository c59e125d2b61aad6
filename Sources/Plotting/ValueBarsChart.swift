/// One bar of a value chart: a named figure, measured by this run or quoted from elsewhere.
public struct ValueBar: Equatable, Sendable {
    public var name: String
    public var value: Double
    /// A figure quoted for orientation (another setup's result), drawn grey beside the measured ones.
    public var isQuoted: Bool

    public init(name: String, value: Double, isQuoted: Bool = false) {
        self.name = name
        self.value = value
        self.isQuoted = isQuoted
    }
}

extension Figure {
    /// The colours of a value chart: measured bars blue, quoted ones grey.
    public static let measuredBarColor = Palette.blue
    public static let quotedBarColor = Color(hex: 0xA0A0A0)

    /// One bar per figure, its value written above it with `decimals` decimals and `unit`; measured
    /// bars and quoted bars in two colours, named in the legend by `measuredLabel` and `quotedLabel`,
    /// and a dashed line at `reference` (such as chance) across the plot.
    ///
    /// Throws `PlotError.invalidInput` for no bars or a value or reference that is not a number.
    public static func valueBars(_ bars: [ValueBar], measuredLabel: String, quotedLabel: String,
                                 reference: ReferenceLevel?, yLabel: String, decimals: Int = 2, unit: String = "",
                                 yCovers: ClosedRange<Double>? = nil, title: String? = nil) throws -> Figure {
        guard !bars.isEmpty else { throw PlotError.invalidInput("a value chart needs at least one bar") }
        for bar in bars where !bar.value.isFinite {
            throw PlotError.invalidInput("the bar \"\(bar.name)\" is \(bar.value), not a number")
        }
        if let reference, !reference.value.isFinite {
            throw PlotError.invalidInput("the reference level \"\(reference.label)\" is \(reference.value), not a number")
        }
        var axes = Axes(yLabel: yLabel)
        axes.categories = bars.map(\.name)
        let measured = bars.map { $0.isQuoted ? .nan : $0.value }, quoted = bars.map { $0.isQuoted ? $0.value : .nan }
        axes.bars = [BarSeries(name: measuredLabel, values: measured, color: measuredBarColor)]
        if bars.contains(where: \.isQuoted) {
            axes.bars.append(BarSeries(name: quotedLabel, values: quoted, color: quotedBarColor))
        }
        axes.barSeriesShareSlots = true
        axes.barValueFormat = (decimals, unit)
        if let reference {
            axes.lines.append(LineSeries(name: reference.label, x: [-0.5, Double(bars.count) - 0.5],
                                         y: [reference.value, reference.value], color: stripReferenceStyle.color,
                                         width: stripReferenceStyle.width, dash: stripReferenceStyle.dash))
        }
        axes.yCovers = yCovers
        let width = max(560, min(1200, 200 + 170 * Double(bars.count)))
        return Figure(size: Size(width: width, height: 460), title: title, panels: [axes])
    }
}
