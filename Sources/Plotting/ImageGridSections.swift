/// A heading and the tiles under it: one part of a figure of several image grids.
public struct ImageGridSection: Equatable, Sendable {
    public var heading: String
    public var tiles: [ImageTile]

    public init(heading: String, tiles: [ImageTile]) {
        self.heading = heading
        self.tiles = tiles
    }
}

/// Image grids stacked top to bottom, each under its heading (bold, left-aligned), all with the
/// same cell size and columns, so a tile of one section lines up with the tiles of the others.
public struct ImageGridSections: FigurePanel {
    public var sections: [ImageGridSection]
    public var columns: Int
    /// The height of one tile (title and image).
    public var cellHeight: Double
    public var spacing: Double = 10

    public init(sections: [ImageGridSection], columns: Int, cellHeight: Double) {
        self.sections = sections
        self.columns = max(1, columns)
        self.cellHeight = cellHeight
    }

    static func headingStyle(_ theme: Theme) -> TextStyle {
        TextStyle(size: 13, weight: .bold, color: .textBlack, horizontal: .left, vertical: .top)
    }

    /// A heading's line plus the gap under it.
    static func headingBlock(_ theme: Theme) -> Double {
        (headingStyle(theme).size * 1.164).rounded(.up) + 6
    }

    /// Rows of tiles a section takes.
    func rows(of section: ImageGridSection) -> Int { (section.tiles.count + columns - 1) / columns }

    /// The height of a section: its heading and its rows of tiles.
    func height(of section: ImageGridSection, theme: Theme) -> Double {
        let rows = Double(rows(of: section))
        return Self.headingBlock(theme) + rows * cellHeight + max(0, rows - 1) * spacing
    }

    /// Where each section's grid (below its heading) is drawn inside `rect`.
    public func gridRects(in rect: Rect, theme: Theme) -> [Rect] {
        var y = rect.y
        return sections.map { section in
            let grid = Rect(x: rect.x, y: y + Self.headingBlock(theme), width: rect.width,
                            height: height(of: section, theme: theme) - Self.headingBlock(theme))
            y += height(of: section, theme: theme) + 2 * spacing
            return grid
        }
    }

    public func draw(in rect: Rect, on backend: PlotBackend, theme: Theme) {
        let style = Self.headingStyle(theme)
        for (section, grid) in zip(sections, gridRects(in: rect, theme: theme)) {
            let fitted = TextFitting.fit(section.heading, style: style, width: rect.width, backend: backend)
            backend.drawText(fitted.text, at: Point(x: rect.x, y: grid.y - Self.headingBlock(theme)), style: fitted.style)
            // A grid of the full column count, so a short last section keeps the others' tile width.
            let width = (rect.width - spacing * Double(columns - 1)) / Double(columns)
            let used = min(columns, section.tiles.count)
            let gridRect = Rect(x: grid.x, y: grid.y, width: Double(used) * width + Double(max(0, used - 1)) * spacing,
                                height: grid.height)
            ImageGrid(tiles: section.tiles, columns: used, spacing: spacing).draw(in: gridRect, on: backend, theme: theme)
        }
    }
}

extension Figure {
    /// Image grids under headings, stacked in one figure: `columns` tiles to a row, every cell
    /// sized as `imageGrid` would size a grid of all the tiles together.
    public static func imageGridSections(_ sections: [ImageGridSection], columns: Int, title: String? = nil) -> Figure {
        let theme = Theme.standard
        let tiles = sections.flatMap(\.tiles)
        let columnCount = max(1, min(columns, max(1, sections.map(\.tiles.count).max() ?? 1)))
        var cell = cellSize(nil, tiles: tiles)
        cell.width = max(cell.width, titleWidth(tiles, theme: theme))
        let panel = ImageGridSections(sections: sections, columns: columnCount,
                                      cellHeight: cell.height + ImageGridLayout.titleBlock(theme))
        let margin = 12.0
        let titleBlock = (title?.isEmpty ?? true) ? 0 : ImageGridLayout.figureTitleBlock(theme)
        let sectionsHeight = sections.map { panel.height(of: $0, theme: theme) }.reduce(0, +)
            + Double(max(0, sections.count - 1)) * 2 * panel.spacing
        let width = 2 * margin + Double(columnCount) * cell.width + Double(columnCount - 1) * panel.spacing
        var figure = Figure(size: Size(width: width, height: 2 * margin + titleBlock + max(1, sectionsHeight)),
                            title: title, panels: [panel])
        figure.margin = margin
        return figure
    }
}
