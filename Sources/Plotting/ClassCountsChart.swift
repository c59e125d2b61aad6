/// How many images of each class one split holds.
public struct SplitCounts: Equatable, Sendable {
    public var name: String
    /// One count per class, in the order of the class names.
    public var counts: [Int]

    public init(name: String, counts: [Int]) {
        self.name = name
        self.counts = counts
    }
}

extension Figure {
    /// Grouped bars: one group per class, one bar per split (train, validation, ...),
    /// the count written above each bar, a legend naming the splits.
    /// Throws `PlotError.invalidInput` when a split's counts do not match the class names.
    public static func classCounts(classNames: [String], splits: [SplitCounts],
                                   title: String? = "Images per class") throws -> Figure {
        guard !classNames.isEmpty else { throw PlotError.invalidInput("class-count chart needs at least one class name") }
        for split in splits where split.counts.count != classNames.count {
            throw PlotError.invalidInput("split \"\(split.name)\" has \(split.counts.count) counts for "
                + "\(classNames.count) classes; pass one count per class name, in order")
        }
        var axes = Axes(xLabel: "class", yLabel: "images")
        axes.categories = classNames
        axes.bars = splits.enumerated().map { index, split in
            BarSeries(name: split.name, values: split.counts.map(Double.init), color: Palette.color(at: index))
        }
        axes.integerYTicks = true
        // Headroom over the tallest bar for its count label and the legend: with bars of
        // equal height (a stratified split) every corner of the plot is otherwise covered.
        let tallest = splits.flatMap(\.counts).max() ?? 0
        axes.yCovers = 0...Double(max(1, tallest)) * 1.3
        let width = max(640, min(1600, 140 + Double(classNames.count) * (40 + 26 * Double(max(1, splits.count)))))
        return Figure(size: Size(width: width, height: 480), title: title, panels: [axes])
    }
}
