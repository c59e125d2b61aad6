import Foundation

/// A chart panel: numeric or categorical x axis, numeric y axis, grid, lines,
/// bars, markers, title, axis labels and a legend placed where it hides the least data.
public struct Axes: FigurePanel {
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    public var lines: [LineSeries] = []
    public var points: [PointAnnotation] = []
    public var verticalLines: [VerticalLine] = []
    /// Category names for a categorical x axis (bars sit at 0, 1, 2, ...); empty for a numeric axis.
    public var categories: [String] = []
    public var bars: [BarSeries] = []
    /// A range the x axis must cover besides the data (e.g. all epochs).
    public var xCovers: ClosedRange<Double>?
    /// A range the y axis must cover besides the data (e.g. 0...1 for accuracy).
    public var yCovers: ClosedRange<Double>?
    /// Whole-number tick steps (epochs, counts).
    public var integerXTicks = false
    public var integerYTicks = false
    public var showsGrid = true
    public var showsLegend = true
    /// Writes each bar's value above it when it fits.
    public var labelsBars = true
    /// Decimals and unit of those values (nil: whole numbers as such, others with two decimals).
    public var barValueFormat: (decimals: Int, unit: String)?
    /// Every series' bar takes a category's whole slot: for series that never share a category
    /// (each category has one bar, coloured by the series it belongs to).
    public var barSeriesShareSlots = false

    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Whether the x axis names categories rather than numbers.
    public var isCategorical: Bool { !categories.isEmpty }

    public func draw(in rect: Rect, on backend: PlotBackend, theme: Theme) {
        let layout = AxesLayout(axes: self, rect: rect, backend: backend, theme: theme)
        drawGrid(layout, backend, theme)
        backend.pushClip(layout.dataClip)
        drawBars(layout, backend, theme)
        for line in verticalLines where line.x.isFinite {
            let x = layout.pixelX(line.x)
            backend.drawPolyline([Point(x: x, y: layout.plot.minY), Point(x: x, y: layout.plot.maxY)], style: line.style)
        }
        for series in lines { drawLine(series, layout, backend, theme) }
        for point in points where point.x.isFinite && point.y.isFinite {
            backend.drawMarker(point.shape, at: layout.pixel(point.x, point.y), radius: point.radius,
                               fill: point.color, stroke: LineStyle(color: .white, width: 1.5))
        }
        backend.popClip()
        drawAxisFrame(layout, backend, theme)
        drawLabels(layout, backend, theme)
        if showsLegend {
            Legend(entries: legendEntries(theme)).draw(in: layout.plot, avoiding: dataSamples(layout),
                                                       on: backend, theme: theme)
        }
    }

    // MARK: Data ranges

    /// The finite x values the axis must show.
    var xExtent: (Double, Double) {
        if isCategorical { return (-0.5, Double(categories.count) - 0.5) }
        var values = lines.flatMap { $0.finitePoints.map(\.x) } + points.map(\.x) + verticalLines.map(\.x)
        if let xCovers { values += [xCovers.lowerBound, xCovers.upperBound] }
        return Self.extent(values.filter(\.isFinite))
    }

    /// The finite y values the axis must show (bars always include zero).
    var yExtent: (Double, Double) {
        var values = lines.flatMap { $0.finitePoints.map(\.y) } + points.map(\.y)
        if !bars.isEmpty { values += [0] + bars.flatMap(\.values) }
        if let yCovers { values += [yCovers.lowerBound, yCovers.upperBound] }
        return Self.extent(values.filter(\.isFinite))
    }

    private static func extent(_ values: [Double]) -> (Double, Double) {
        guard let low = values.min(), let high = values.max() else { return (.nan, .nan) }
        return (low, high)
    }

    // MARK: Drawing pieces

    private func drawGrid(_ layout: AxesLayout, _ backend: PlotBackend, _ theme: Theme) {
        guard showsGrid else { return }
        for value in layout.yTicks.values {
            let y = layout.pixelY(value)
            backend.drawPolyline([Point(x: layout.plot.minX, y: y), Point(x: layout.plot.maxX, y: y)], style: theme.grid)
        }
        guard let xTicks = layout.xTicks else { return }
        for value in xTicks.values {
            let x = layout.pixelX(value)
            backend.drawPolyline([Point(x: x, y: layout.plot.minY), Point(x: x, y: layout.plot.maxY)], style: theme.grid)
        }
    }

    private func drawLine(_ series: LineSeries, _ layout: AxesLayout, _ backend: PlotBackend, _ theme: Theme) {
        let style = LineStyle(color: series.color, width: series.width ?? theme.seriesWidth, dash: series.dash)
        for run in series.finiteRuns {
            let pixels = run.map { layout.pixel($0.x, $0.y) }
            if pixels.count == 1, series.marker == nil {
                // A lone point between gaps would draw nothing as a line: show it as a dot.
                backend.drawMarker(.circle, at: pixels[0], radius: style.width * 1.2, fill: series.color, stroke: nil)
            }
            backend.drawPolyline(pixels, style: style)
            if let marker = series.marker {
                for pixel in pixels {
                    backend.drawMarker(marker, at: pixel, radius: style.width * 1.6, fill: series.color, stroke: nil)
                }
            }
        }
    }

    private func drawBars(_ layout: AxesLayout, _ backend: PlotBackend, _ theme: Theme) {
        for bar in barRects(layout) {
            backend.fillRect(bar.rect, color: bar.color)
            guard labelsBars else { continue }
            let text = barValueFormat.map { String(format: "%.\($0.decimals)f", bar.value) + $0.unit }
                ?? NiceTicks.integerOrShort(bar.value)
            let style = theme.annotation
            let width = backend.measureText(text, style: style).width
            guard width <= bar.rect.width + theme.gap else { continue }
            backend.drawText(text, at: Point(x: bar.rect.midX, y: bar.rect.minY - 2), style: style)
        }
    }

    /// Each finite bar's rectangle: groups fill 80% of a category's slot, split evenly among the series.
    func barRects(_ layout: AxesLayout) -> [(rect: Rect, color: Color, value: Double)] {
        guard !bars.isEmpty else { return [] }
        let groupWidth = 0.8, barWidth = barSeriesShareSlots ? groupWidth : groupWidth / Double(bars.count)
        var rects: [(rect: Rect, color: Color, value: Double)] = []
        for (seriesIndex, series) in bars.enumerated() {
            for (category, value) in series.values.prefix(categories.count).enumerated() where value.isFinite {
                let left = Double(category) - groupWidth / 2 + (barSeriesShareSlots ? 0 : Double(seriesIndex) * barWidth)
                let x0 = layout.pixelX(left), x1 = layout.pixelX(left + barWidth)
                let y0 = layout.pixelY(0), y1 = layout.pixelY(value)
                // A hairline gap between neighbouring bars keeps their edges visible.
                let rect = Rect(x: x0 + 0.5, y: min(y0, y1), width: max(0, x1 - x0 - 1), height: abs(y1 - y0))
                rects.append((rect, series.color, value))
            }
        }
        return rects
    }

    private func drawAxisFrame(_ layout: AxesLayout, _ backend: PlotBackend, _ theme: Theme) {
        let plot = layout.plot
        // Left and bottom spines only: the open frame of most modern chart styles.
        backend.drawPolyline([Point(x: plot.minX, y: plot.minY), Point(x: plot.minX, y: plot.maxY),
                              Point(x: plot.maxX, y: plot.maxY)], style: theme.spine)
        for value in layout.yTicks.values {
            let y = layout.pixelY(value)
            backend.drawPolyline([Point(x: plot.minX - theme.tickLength, y: y), Point(x: plot.minX, y: y)], style: theme.spine)
        }
        for x in layout.xTickPositions {
            backend.drawPolyline([Point(x: x, y: plot.maxY), Point(x: x, y: plot.maxY + theme.tickLength)], style: theme.spine)
        }
    }

    private func drawLabels(_ layout: AxesLayout, _ backend: PlotBackend, _ theme: Theme) {
        let plot = layout.plot
        let yTickStyle = theme.tickLabel.aligned(.right, .middle)
        for (value, label) in zip(layout.yTicks.values, layout.yTicks.labels) {
            backend.drawText(label, at: Point(x: plot.minX - theme.tickLength - theme.gap / 2, y: layout.pixelY(value)),
                             style: yTickStyle)
        }
        layout.xTickLabels.draw(at: layout.xTickPositions, below: plot.maxY + theme.tickLength + theme.gap / 2,
                                on: backend)
        if let xLabel, !xLabel.isEmpty {
            backend.drawText(xLabel, at: Point(x: plot.midX, y: layout.xLabelTop), style: theme.axisLabel)
        }
        if let yLabel, !yLabel.isEmpty {
            var style = theme.axisLabel
            style.rotation = 90
            backend.drawText(yLabel, at: Point(x: layout.panel.minX, y: plot.midY), style: style)
        }
        if let title, !title.isEmpty {
            backend.drawText(title, at: Point(x: plot.midX, y: plot.minY - layout.topPad), style: theme.panelTitle)
        }
    }

    // MARK: Legend

    func legendEntries(_ theme: Theme) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        for series in lines where !series.name.isEmpty && !series.finitePoints.isEmpty {
            entries.append(LegendEntry(label: series.name, swatch: .line(LineStyle(
                color: series.color, width: series.width ?? theme.seriesWidth, dash: series.dash), series.marker)))
        }
        for series in bars where !series.name.isEmpty {
            entries.append(LegendEntry(label: series.name, swatch: .box(series.color)))
        }
        for line in verticalLines {
            if let name = line.name { entries.append(LegendEntry(label: name, swatch: .line(line.style, nil))) }
        }
        for point in points {
            if let name = point.name { entries.append(LegendEntry(label: name, swatch: .marker(point.shape, point.color))) }
        }
        return entries
    }

    /// Points along every drawn mark, a few pixels apart: what the legend must not hide.
    func dataSamples(_ layout: AxesLayout) -> [Point] {
        var samples: [Point] = []
        for series in lines {
            for run in series.finiteRuns {
                let pixels = run.map { layout.pixel($0.x, $0.y) }
                samples += LegendPlacement.samples(alongPolyline: pixels, spacing: 3)
            }
        }
        for line in verticalLines where line.x.isFinite {
            let x = layout.pixelX(line.x)
            samples += LegendPlacement.samples(alongPolyline: [Point(x: x, y: layout.plot.minY),
                                                               Point(x: x, y: layout.plot.maxY)], spacing: 6)
        }
        samples += points.filter { $0.x.isFinite && $0.y.isFinite }.map { layout.pixel($0.x, $0.y) }
        for bar in barRects(layout) { samples += LegendPlacement.samples(filling: bar.rect, spacing: 4) }
        return samples
    }
}

extension NiceTicks {
    /// A bar's value: whole numbers as such, others with two significant decimals.
    static func integerOrShort(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value)
    }
}
