import Foundation

/// Something that draws itself into a rectangle of a figure: `Axes`, a heatmap, an image tile.
public protocol FigurePanel {
    func draw(in rect: Rect, on backend: PlotBackend, theme: Theme)
}

/// A canvas holding an optional title and a grid of panels of equal size.
public struct Figure {
    /// Logical size (pixels at scale 1).
    public var size: Size
    public var title: String?
    /// The panels, row by row.
    public var panels: [any FigurePanel]
    /// Panels per row; the number of rows follows from the panel count.
    public var columns: Int
    /// Blank border around everything, in logical units.
    public var margin: Double = 12
    /// Space between neighbouring panels.
    public var spacing: Double = 16
    public var theme: Theme = .standard

    /// Two pixels per logical unit by default: text and 1-unit lines stay sharp on
    /// high-density screens and when a viewer zooms the summary page. Charts are
    /// mostly flat colour, so PNG compresses them to tens of kilobytes at 2x; image
    /// grids choose their tile size so that 2x roughly matches the photos' own resolution.
    public static let defaultScale: Double = 2

    public init(size: Size, title: String? = nil, panels: [any FigurePanel], columns: Int = 1) {
        self.size = size
        self.title = title
        self.panels = panels
        self.columns = max(1, columns)
    }

    /// The number of panel rows.
    public var rows: Int { panels.isEmpty ? 0 : (panels.count + columns - 1) / columns }

    /// Paints the background, the title and every panel.
    public func draw(on backend: PlotBackend) {
        let canvas = Rect(x: 0, y: 0, width: size.width, height: size.height)
        backend.fillRect(canvas, color: theme.background)
        var content = canvas.insetBy(dx: margin, dy: margin)
        if let title, !title.isEmpty {
            let style = theme.figureTitle
            let fitted = TextFitting.fit(title, style: style, width: content.width, backend: backend)
            backend.drawText(fitted.text, at: Point(x: content.midX, y: content.minY), style: fitted.style)
            let used = backend.measureText(fitted.text, style: fitted.style).height + theme.titleGap
            content = Rect(x: content.x, y: content.y + used, width: content.width, height: max(0, content.height - used))
        }
        for (index, rect) in panelRects(in: content).enumerated() {
            panels[index].draw(in: rect, on: backend, theme: theme)
        }
    }

    /// The rectangle of each panel inside `content`.
    func panelRects(in content: Rect) -> [Rect] {
        guard rows > 0 else { return [] }
        let width = max(0, (content.width - spacing * Double(columns - 1)) / Double(columns))
        let height = max(0, (content.height - spacing * Double(rows - 1)) / Double(rows))
        return panels.indices.map { index in
            let row = index / columns, column = index % columns
            return Rect(x: content.x + Double(column) * (width + spacing),
                        y: content.y + Double(row) * (height + spacing), width: width, height: height)
        }
    }

    /// Renders at `scale` pixels per logical unit and writes a PNG to `url` atomically.
    public func writePNG(to url: URL, scale: Double = Figure.defaultScale) throws {
        let backend = try CairoBackend(size: size, scale: scale)
        draw(on: backend)
        try backend.writePNG(to: url)
    }

    /// The figure rendered at `scale` as PNG bytes.
    public func pngData(scale: Double = Figure.defaultScale) throws -> Data {
        let backend = try CairoBackend(size: size, scale: scale)
        draw(on: backend)
        return try backend.pngData()
    }

    /// The draw calls of this figure, for tests.
    public func recorded() -> RecordingBackend {
        let backend = RecordingBackend(size: size)
        draw(on: backend)
        return backend
    }
}
