import Foundation

/// A confusion matrix as a heatmap: rows are true classes, columns predicted ones;
/// each cell shows its count (and its share of the row when there is room), coloured
/// by that share so every class reads on the same 0-100% scale however many images it has.
public struct ConfusionMatrixPanel: FigurePanel {
    /// `counts[trueClass][predictedClass]`, square, one row per class name.
    public let counts: [[Int]]
    public let classNames: [String]
    public var xTitle = "predicted"
    public var yTitle = "true"

    /// Throws `PlotError.invalidInput` unless `counts` is n x n with n class names (n >= 1) and no negative count.
    public init(counts: [[Int]], classNames: [String]) throws {
        let n = classNames.count
        guard n >= 1 else { throw PlotError.invalidInput("confusion matrix needs at least one class name") }
        guard counts.count == n, counts.allSatisfy({ $0.count == n }) else {
            let shape = "\(counts.count)x\(counts.map(\.count).max() ?? 0)"
            throw PlotError.invalidInput("confusion matrix is \(shape) (or ragged) but there are \(n) class names; "
                + "pass an \(n)x\(n) matrix of counts[true][predicted]")
        }
        guard counts.allSatisfy({ $0.allSatisfy { $0 >= 0 } }) else {
            throw PlotError.invalidInput("confusion matrix has a negative count; counts must be >= 0")
        }
        self.counts = counts
        self.classNames = classNames
    }

    /// The share of row `row` in column `column` (0 for an empty row).
    public func rowShare(_ row: Int, _ column: Int) -> Double {
        let total = counts[row].reduce(0, +)
        return total == 0 ? 0 : Double(counts[row][column]) / Double(total)
    }

    /// The colour of a cell: its row share on the sequential blue ramp.
    public func cellColor(_ row: Int, _ column: Int) -> Color {
        Palette.sequentialBlue(rowShare(row, column))
    }

    public func draw(in rect: Rect, on backend: PlotBackend, theme: Theme) {
        let n = classNames.count
        let labelHeight = backend.measureText("Ag", style: theme.axisLabel).height
        let nameStyle = theme.tickLabel.colored(.textBlack)
        let nameWidth = classNames.map { backend.measureText($0, style: nameStyle).width }.max() ?? 0
        let colorBar = ColorBar(labels: ["0%", "50%", "100%"], style: theme.tickLabel, backend: backend, theme: theme)
        let left = labelHeight + theme.gap + nameWidth + theme.gap
        let available = rect.width - left - colorBar.width
        // Size the cells, then the rotated-or-not column labels, then the cells again for the labels' height.
        var cell = max(4, min(available, rect.height - labelHeight * 3) / Double(n))
        var columnLabels = TickLabelRow(labels: classNames, slotWidth: cell, style: nameStyle, backend: backend)
        let below = { (row: TickLabelRow) in theme.gap / 2 + row.height + theme.gap + labelHeight }
        cell = max(4, min(available, rect.height - below(columnLabels) - 2) / Double(n))
        columnLabels = TickLabelRow(labels: classNames, slotWidth: cell, style: nameStyle, backend: backend)
        let side = cell * Double(n)
        let gridX = rect.minX + left + max(0, (available - side) / 2)
        let block = side + below(columnLabels)
        let grid = Rect(x: gridX, y: rect.minY + max(0, (rect.height - block) / 2), width: side, height: side)

        drawCells(grid: grid, cell: cell, backend: backend, theme: theme)
        for (row, name) in classNames.enumerated() {
            backend.drawText(name, at: Point(x: grid.minX - theme.gap, y: grid.minY + (Double(row) + 0.5) * cell),
                             style: nameStyle.aligned(.right, .middle))
        }
        columnLabels.draw(at: (0..<n).map { grid.minX + (Double($0) + 0.5) * cell }, below: grid.maxY + theme.gap / 2,
                          on: backend)
        backend.drawText(xTitle, at: Point(x: grid.midX, y: grid.maxY + theme.gap / 2 + columnLabels.height + theme.gap),
                         style: theme.axisLabel)
        var yStyle = theme.axisLabel
        yStyle.rotation = 90
        backend.drawText(yTitle, at: Point(x: grid.minX - theme.gap - nameWidth - theme.gap - labelHeight, y: grid.midY),
                         style: yStyle)
        colorBar.draw(beside: grid, on: backend, theme: theme)
    }

    private func drawCells(grid: Rect, cell: Double, backend: PlotBackend, theme: Theme) {
        let n = classNames.count
        let countStyle = TextStyle(size: min(15, max(6, cell * 0.26)), horizontal: .center, vertical: .middle)
        let shareStyle = TextStyle(size: min(11, max(6, cell * 0.18)), horizontal: .center, vertical: .middle)
        let showsShare = cell >= 52
        for row in 0..<n {
            for column in 0..<n {
                let box = Rect(x: grid.minX + Double(column) * cell, y: grid.minY + Double(row) * cell,
                               width: cell, height: cell)
                let color = cellColor(row, column)
                // A one-unit white seam between cells keeps neighbouring similar colours apart.
                backend.fillRect(box.insetBy(dx: 0.5, dy: 0.5), color: color)
                let text = color.contrastingText
                let center = Point(x: box.midX, y: box.midY - (showsShare ? cell * 0.1 : 0))
                backend.drawText(String(counts[row][column]), at: center, style: countStyle.colored(text))
                if showsShare {
                    let percent = String(format: "%.0f%%", rowShare(row, column) * 100)
                    backend.drawText(percent, at: Point(x: box.midX, y: box.midY + cell * 0.2),
                                     style: shareStyle.colored(text.withAlpha(0.85)))
                }
            }
        }
    }
}

/// The colour scale beside a heatmap: the ramp from 0% to 100% of a row.
struct ColorBar {
    let labels: [String]
    let style: TextStyle
    /// Bar, gap and labels.
    let width: Double
    static let barWidth = 14.0
    static let steps = 64

    init(labels: [String], style: TextStyle, backend: PlotBackend, theme: Theme) {
        self.labels = labels
        self.style = style
        let labelWidth = labels.map { backend.measureText($0, style: style).width }.max() ?? 0
        width = 2 * theme.gap + Self.barWidth + theme.tickLength + theme.gap / 2 + labelWidth
    }

    func draw(beside grid: Rect, on backend: PlotBackend, theme: Theme) {
        let bar = Rect(x: grid.maxX + 2 * theme.gap, y: grid.minY, width: Self.barWidth, height: grid.height)
        let band = bar.height / Double(Self.steps)
        for step in 0..<Self.steps {
            let share = (Double(step) + 0.5) / Double(Self.steps)
            // Bands overlap by a fraction of a unit so no seams show between them.
            backend.fillRect(Rect(x: bar.minX, y: bar.maxY - Double(step + 1) * band, width: bar.width, height: band + 0.3),
                             color: Palette.sequentialBlue(share))
        }
        backend.strokeRect(bar, style: LineStyle(color: .axisGray, width: 0.75))
        for (index, label) in labels.enumerated() {
            let y = bar.maxY - bar.height * Double(index) / Double(max(1, labels.count - 1))
            backend.drawPolyline([Point(x: bar.maxX, y: y), Point(x: bar.maxX + theme.tickLength, y: y)], style: theme.spine)
            backend.drawText(label, at: Point(x: bar.maxX + theme.tickLength + theme.gap / 2, y: y),
                             style: style.aligned(.left, .middle))
        }
    }
}

extension Figure {
    /// A confusion matrix figure (`counts[true][predicted]`); throws `PlotError.invalidInput` on mismatched shapes.
    /// The figure grows with the class count so cells stay large enough for their numbers.
    public static func confusionMatrix(counts: [[Int]], classNames: [String],
                                       title: String? = "Confusion matrix") throws -> Figure {
        let panel = try ConfusionMatrixPanel(counts: counts, classNames: classNames)
        let side = max(480, min(1400, 200 + 64 * Double(classNames.count)))
        return Figure(size: Size(width: side + 80, height: side), title: title, panels: [panel])
    }
}
