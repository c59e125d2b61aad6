/// One legend row: a swatch showing how the series is drawn, and its name.
public struct LegendEntry: Equatable, Sendable {
    public enum Swatch: Equatable, Sendable {
        case line(LineStyle, MarkerShape?)
        case box(Color)
        case marker(MarkerShape, Color)
    }

    public var label: String
    public var swatch: Swatch

    public init(label: String, swatch: Swatch) {
        self.label = label
        self.swatch = swatch
    }
}

/// A boxed list of legend entries inside a plot area, in the corner that hides the least data.
public struct Legend {
    public var entries: [LegendEntry]

    /// The legend box's outline: tests find the legend by it.
    public static let frameStyle = LineStyle(color: Color(hex: 0xBBBBBB), width: 1)
    /// Slightly translucent, so a line passing underneath (when no corner is free) still shows.
    public static let fill = Color.white.withAlpha(0.9)

    static let padding = 8.0
    static let swatchWidth = 26.0
    static let rowGap = 4.0

    public init(entries: [LegendEntry]) {
        self.entries = entries
    }

    /// The legend's size with `theme`'s legend font.
    public func size(on backend: PlotBackend, theme: Theme) -> Size {
        let widths = entries.map { backend.measureText($0.label, style: theme.legend).width }
        let row = rowHeight(backend, theme)
        return Size(width: 2 * Self.padding + Self.swatchWidth + theme.gap + (widths.max() ?? 0),
                    height: 2 * Self.padding + Double(entries.count) * row + Double(max(0, entries.count - 1)) * Self.rowGap)
    }

    /// The box the legend occupies in `plot` when it must avoid `samples`.
    public func frame(in plot: Rect, avoiding samples: [Point], backend: PlotBackend, theme: Theme) -> Rect {
        LegendPlacement.best(size: size(on: backend, theme: theme), in: plot, avoiding: samples)
    }

    /// Draws the legend (nothing when there are no entries).
    public func draw(in plot: Rect, avoiding samples: [Point], on backend: PlotBackend, theme: Theme) {
        guard !entries.isEmpty else { return }
        let box = frame(in: plot, avoiding: samples, backend: backend, theme: theme)
        backend.fillRect(box, color: Self.fill)
        backend.strokeRect(box, style: Self.frameStyle)
        let row = rowHeight(backend, theme)
        for (index, entry) in entries.enumerated() {
            let midY = box.minY + Self.padding + Double(index) * (row + Self.rowGap) + row / 2
            drawSwatch(entry.swatch, from: box.minX + Self.padding, midY: midY, on: backend)
            backend.drawText(entry.label, at: Point(x: box.minX + Self.padding + Self.swatchWidth + theme.gap, y: midY),
                             style: theme.legend)
        }
    }

    private func rowHeight(_ backend: PlotBackend, _ theme: Theme) -> Double {
        max(backend.measureText("Ag", style: theme.legend).height, 12)
    }

    private func drawSwatch(_ swatch: LegendEntry.Swatch, from x: Double, midY: Double, on backend: PlotBackend) {
        let center = Point(x: x + Self.swatchWidth / 2, y: midY)
        switch swatch {
        case let .line(style, marker):
            backend.drawPolyline([Point(x: x, y: midY), Point(x: x + Self.swatchWidth, y: midY)], style: style)
            if let marker {
                backend.drawMarker(marker, at: center, radius: style.width * 1.6, fill: style.color, stroke: nil)
            }
        case let .box(color):
            backend.fillRect(Rect(x: center.x - 6, y: midY - 6, width: 12, height: 12), color: color)
        case let .marker(shape, color):
            backend.drawMarker(shape, at: center, radius: 6, fill: color, stroke: LineStyle(color: .white, width: 1.5))
        }
    }
}

/// Chooses the legend's position: like matplotlib's `loc="best"`, each candidate
/// position is scored by the data points it would cover, and the first with the
/// fewest wins (corners first, upper right preferred).
public enum LegendPlacement {
    /// Distance between the legend and the plot's border.
    static let inset = 8.0

    /// The candidate boxes of `size` in `plot`, in order of preference.
    public static func candidates(size: Size, in plot: Rect) -> [Rect] {
        let left = plot.minX + inset, right = plot.maxX - inset - size.width
        let top = plot.minY + inset, bottom = plot.maxY - inset - size.height
        let middleX = plot.midX - size.width / 2, middleY = plot.midY - size.height / 2
        let origins = [(right, top), (left, top), (right, bottom), (left, bottom),
                       (right, middleY), (left, middleY), (middleX, top), (middleX, bottom)]
        return origins.map { Rect(x: $0.0, y: $0.1, width: size.width, height: size.height) }
    }

    /// The candidate covering the fewest `samples` (with a small margin around the box).
    public static func best(size: Size, in plot: Rect, avoiding samples: [Point]) -> Rect {
        let boxes = candidates(size: size, in: plot)
        var best = boxes[0], fewest = Int.max
        for box in boxes {
            let guarded = box.insetBy(dx: -3, dy: -3)
            let covered = samples.reduce(0) { $0 + (guarded.contains($1) ? 1 : 0) }
            if covered < fewest { (best, fewest) = (box, covered) }
            if covered == 0 { break }
        }
        return best
    }

    /// Points every `spacing` units along a polyline, vertices included.
    public static func samples(alongPolyline points: [Point], spacing: Double) -> [Point] {
        guard let first = points.first else { return [] }
        var samples = [first]
        for (start, end) in zip(points, points.dropFirst()) {
            let length = ((end.x - start.x) * (end.x - start.x) + (end.y - start.y) * (end.y - start.y)).squareRoot()
            let steps = max(1, Int((length / spacing).rounded(.up)))
            for step in 1...steps {
                let t = Double(step) / Double(steps)
                samples.append(Point(x: start.x + (end.x - start.x) * t, y: start.y + (end.y - start.y) * t))
            }
        }
        return samples
    }

    /// A grid of points every `spacing` units over `rect`.
    public static func samples(filling rect: Rect, spacing: Double) -> [Point] {
        let columns = max(1, Int(rect.width / spacing)), rows = max(1, Int(rect.height / spacing))
        return (0...rows).flatMap { row in
            (0...columns).map { column in
                Point(x: rect.minX + rect.width * Double(column) / Double(columns),
                      y: rect.minY + rect.height * Double(row) / Double(rows))
            }
        }
    }
}
