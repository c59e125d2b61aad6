/// Where an `Axes` puts its plot area, ticks and labels inside its panel:
/// margins are sized from the measured tick labels and axis titles, so nothing
/// is clipped whatever the numbers or class names are.
struct AxesLayout {
    let panel: Rect
    let plot: Rect
    /// Numeric x ticks; nil for a categorical axis.
    let xTicks: NiceTicks?
    let yTicks: NiceTicks
    let xLower: Double
    let xUpper: Double
    /// The canvas x of each x tick (category centres on a categorical axis).
    let xTickPositions: [Double]
    let xTickLabels: TickLabelRow
    /// The top of the x axis title.
    let xLabelTop: Double
    /// Space between the plot's top and the bottom of the panel title.
    let topPad: Double
    /// Data marks are clipped here: the plot area widened so markers on its border stay whole.
    let dataClip: Rect

    init(axes: Axes, rect: Rect, backend: PlotBackend, theme: Theme) {
        panel = rect
        let labelHeight = backend.measureText("Ag", style: theme.axisLabel).height
        let tickHeight = backend.measureText("0", style: theme.tickLabel).height
        let titleHeight = axes.title.map { $0.isEmpty ? 0 : backend.measureText($0, style: theme.panelTitle).height } ?? 0
        topPad = theme.gap
        let top = rect.minY + (titleHeight > 0 ? titleHeight + topPad : tickHeight / 2 + 2)

        let (yLow, yHigh) = axes.yExtent
        yTicks = NiceTicks(lower: yLow, upper: yHigh, maxIntervals: Self.intervals(rect.height, per: 48),
                           integerSteps: axes.integerYTicks)
        let yTickWidth = yTicks.labels.map { backend.measureText($0, style: theme.tickLabel).width }.max() ?? 0
        let yTitleWidth = (axes.yLabel?.isEmpty ?? true) ? 0 : labelHeight + theme.gap
        var left = rect.minX + yTitleWidth + yTickWidth + theme.gap / 2 + theme.tickLength

        var labels: [String]
        var right = rect.maxX - 8
        if axes.isCategorical {
            xTicks = nil
            (xLower, xUpper) = (-0.5, Double(axes.categories.count) - 0.5)
            labels = axes.categories
        } else {
            let (xLow, xHigh) = axes.xExtent
            let ticks = NiceTicks(lower: xLow, upper: xHigh, maxIntervals: Self.intervals(rect.width, per: 72),
                                  integerSteps: axes.integerXTicks)
            xTicks = ticks
            (xLower, xUpper) = (ticks.lower, ticks.upper)
            labels = ticks.labels
            // The last x label is centred on the plot's right edge: leave room for its right half.
            let lastWidth = labels.last.map { backend.measureText($0, style: theme.tickLabel).width } ?? 0
            right = min(right, rect.maxX - lastWidth / 2 - 1)
        }
        var plotWidth = 1.0, row: TickLabelRow
        // Turned labels hang to the left of their ticks: widen the left margin until the first ones fit.
        repeat {
            plotWidth = max(1, right - left)
            let count = Double(max(1, axes.isCategorical ? labels.count : labels.count - 1))
            let slot = plotWidth / count
            row = TickLabelRow(labels: labels, slotWidth: slot, style: theme.tickLabel, backend: backend)
            let offset = axes.isCategorical ? slot / 2 : 0
            let needed = zip(row.leftReach, 0...).map { $0 - offset - Double($1) * slot }.max() ?? 0
            guard rect.minX + needed > left + 0.5, right - (rect.minX + needed) > 1 else { break }
            left = rect.minX + needed + 1
        } while true
        xTickLabels = row
        let xTitleHeight = (axes.xLabel?.isEmpty ?? true) ? 0 : theme.gap + labelHeight
        let bottom = rect.maxY - theme.tickLength - theme.gap / 2 - xTickLabels.height - xTitleHeight
        plot = Rect(x: left, y: top, width: plotWidth, height: max(1, bottom - top))
        xLabelTop = plot.maxY + theme.tickLength + theme.gap / 2 + xTickLabels.height + theme.gap

        let reach = max(axes.points.map(\.radius).max() ?? 0, theme.seriesWidth * 2) + 2
        dataClip = plot.insetBy(dx: -reach, dy: -reach).intersection(rect) ?? plot
        let (lower, upper, plotRect) = (xLower, xUpper, plot)
        if axes.isCategorical {
            xTickPositions = axes.categories.indices.map { plotRect.minX + (Double($0) - lower) / (upper - lower) * plotRect.width }
        } else {
            xTickPositions = (xTicks?.values ?? []).map { plotRect.minX + ($0 - lower) / (upper - lower) * plotRect.width }
        }
    }

    /// At most one tick interval per `per` units of axis length, between 2 and 10.
    private static func intervals(_ length: Double, per: Double) -> Int {
        max(2, min(10, Int(length / per)))
    }

    func pixelX(_ value: Double) -> Double {
        plot.minX + (value - xLower) / (xUpper - xLower) * plot.width
    }

    func pixelY(_ value: Double) -> Double {
        plot.maxY - (value - yTicks.lower) / (yTicks.upper - yTicks.lower) * plot.height
    }

    func pixel(_ x: Double, _ y: Double) -> Point {
        Point(x: pixelX(x), y: pixelY(y))
    }
}

/// A row of labels under (or beside) ticks: horizontal when the widest fits its
/// slot, otherwise turned 45 degrees and ending at its tick, as matplotlib's
/// `rotation=45, ha="right"` does for long class names.
struct TickLabelRow {
    let labels: [String]
    let style: TextStyle
    /// The row's height below its top.
    let height: Double
    /// How far below the row's top the anchors sit.
    let drop: Double
    /// How far each label reaches left of its anchor.
    let leftReach: [Double]

    init(labels: [String], slotWidth: Double, style base: TextStyle, backend: PlotBackend) {
        self.labels = labels
        let widest = labels.map { backend.measureText($0, style: base).width }.max() ?? 0
        var style = base.aligned(.center, .top)
        if widest > slotWidth * 0.92 {
            style = base.aligned(.right, .middle)
            style.rotation = 45
        }
        self.style = style
        // Lay every label out at a zero anchor to learn how far the row reaches up and down.
        let bounds = labels.map {
            TextPlacement(anchor: Point(x: 0, y: 0), extents: backend.measureText($0, style: style), style: style).bounds
        }
        leftReach = bounds.map { max(0, -$0.minX) }
        let rise = max(0, -(bounds.map(\.minY).min() ?? 0))
        drop = rise
        height = rise + max(0, bounds.map(\.maxY).max() ?? 0)
    }

    /// Whether the labels are turned.
    var isRotated: Bool { style.rotation != 0 }

    func draw(at positions: [Double], below top: Double, on backend: PlotBackend) {
        for (label, x) in zip(labels, positions) {
            backend.drawText(label, at: Point(x: x, y: top + drop), style: style)
        }
    }
}
