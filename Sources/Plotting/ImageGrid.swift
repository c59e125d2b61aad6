/// One image of a grid with the title above it.
public struct ImageTile: Equatable, Sendable {
    public var image: PlotImage
    public var title: String
    /// A wrong prediction: the title is set bold in `Palette.wrong` (red).
    public var isWrong: Bool

    public init(image: PlotImage, title: String, isWrong: Bool = false) {
        self.image = image
        self.title = title
        self.isWrong = isWrong
    }

    /// A prediction's tile titled "true / predicted (87%)", marked wrong when the labels differ.
    /// `confidence` is the predicted class's probability in 0...1.
    public static func prediction(image: PlotImage, trueLabel: String, predictedLabel: String,
                                  confidence: Double) -> ImageTile {
        ImageTile(image: image, title: predictionTitle(trueLabel: trueLabel, predictedLabel: predictedLabel,
                                                       confidence: confidence),
                  isWrong: trueLabel != predictedLabel)
    }

    /// "true → predicted (87%)", as fastai's `plot_top_losses` reads (the arrow says which is
    /// which); the percentage is left out when the confidence is not finite.
    public static func predictionTitle(trueLabel: String, predictedLabel: String, confidence: Double) -> String {
        guard confidence.isFinite else { return "\(trueLabel) \u{2192} \(predictedLabel)" }
        let percent = Int((max(0, min(1, confidence)) * 100).rounded())
        return "\(trueLabel) \u{2192} \(predictedLabel) (\(percent)%)"
    }
}

/// A grid of tiles as one figure panel: each title on top of its cell, the image
/// below it letterboxed (as large as fits, aspect ratio kept, centred across and
/// aligned to the top so that it hangs right under its title).
///
/// All titles share one font size, the largest (down to 75%) at which every title
/// fits its cell, so the grid reads evenly; a title still too long ends in an ellipsis.
public struct ImageGrid: FigurePanel {
    public var tiles: [ImageTile]
    public var columns: Int
    /// Space between neighbouring tiles.
    public var spacing: Double

    public init(tiles: [ImageTile], columns: Int, spacing: Double = 10) {
        self.tiles = tiles
        self.columns = max(1, columns)
        self.spacing = spacing
    }

    /// The number of rows.
    public var rows: Int { (tiles.count + columns - 1) / columns }

    /// The rectangle of each tile (title and image) inside `rect`.
    public func cellRects(in rect: Rect) -> [Rect] {
        guard rows > 0 else { return [] }
        let width = max(0, (rect.width - spacing * Double(columns - 1)) / Double(columns))
        let height = max(0, (rect.height - spacing * Double(rows - 1)) / Double(rows))
        return tiles.indices.map { index in
            Rect(x: rect.x + Double(index % columns) * (width + spacing),
                 y: rect.y + Double(index / columns) * (height + spacing), width: width, height: height)
        }
    }

    /// Where the image of a tile in `cell` is drawn.
    public func imageRect(of tile: ImageTile, inCell cell: Rect, theme: Theme) -> Rect {
        let titleBlock = ImageGridLayout.titleBlock(theme)
        let area = Rect(x: cell.x, y: cell.y + titleBlock, width: cell.width, height: max(0, cell.height - titleBlock))
        var fitted = area.fitting(aspectOf: tile.image.size)
        fitted.y = area.y
        return fitted
    }

    public func draw(in rect: Rect, on backend: PlotBackend, theme: Theme) {
        let cells = cellRects(in: rect)
        let base = ImageGridLayout.titleStyle(theme)
        let size = sharedTitleSize(width: cells.first?.width ?? 0, base: base, backend: backend)
        for (tile, cell) in zip(tiles, cells) {
            var style = base
            style.size = size
            if tile.isWrong {
                style.color = Palette.wrong
                style.weight = .bold
            }
            // Already at the shared size: a title still too long is truncated, not shrunk on its own.
            let fitted = TextFitting.fit(tile.title, style: style, width: cell.width, backend: backend, smallest: 1)
            backend.drawText(fitted.text, at: Point(x: cell.midX, y: cell.minY), style: fitted.style)
            backend.drawImage(tile.image, in: imageRect(of: tile, inCell: cell, theme: theme))
        }
    }

    /// The largest font size, from the base size down to 75% of it, at which every title fits `width`
    /// (titles too long even at 75% are left to truncation and do not shrink the others further).
    private func sharedTitleSize(width: Double, base: TextStyle, backend: PlotBackend) -> Double {
        var bold = base
        bold.weight = .bold
        let widths = tiles.map { backend.measureText($0.title, style: $0.isWrong ? bold : base).width }
        let widest = widths.filter { $0 * TextFitting.minimumScale <= width }.max() ?? widths.max() ?? 0
        guard widest > width, widest > 0 else { return base.size }
        // 0.5% under the exact ratio, so rounding never pushes the widest title over the edge.
        return base.size * max(TextFitting.minimumScale, 0.995 * width / widest)
    }
}

/// Sizes of an image grid, computed before any backend exists (the figure's size
/// must be known to create the canvas): DejaVu Sans's line height is 1.164 em.
enum ImageGridLayout {
    static func titleStyle(_ theme: Theme) -> TextStyle {
        TextStyle(size: 12, color: .textBlack, horizontal: .center, vertical: .top)
    }

    /// The height of a tile's title line plus the gap under it.
    static func titleBlock(_ theme: Theme) -> Double {
        (titleStyle(theme).size * 1.164).rounded(.up) + 4
    }

    static func figureTitleBlock(_ theme: Theme) -> Double {
        (theme.figureTitle.size * 1.164).rounded(.up) + theme.titleGap
    }
}

extension Figure {
    /// A grid of `tiles`, `columns` to a row, each image letterboxed into a cell
    /// under its title.
    ///
    /// Cells take the images' median aspect ratio (clamped to 3:4...3:2), so a grid of
    /// landscape photos has no empty bands; `tileSize` is a cell's longer side. Without
    /// one it is half the median image's longer side (between 96 and 200 units): at
    /// the default scale of 2 each image then keeps about its own resolution, so the
    /// PNG neither blurs the photos nor inflates them (a 224-pixel crop gets a 112-unit
    /// cell, a 320x240 tf_flowers photo a 160-unit one). The cap keeps a grid of large
    /// photos near 1-2 MB: photographs cost PNG about a byte per pixel.
    public static func imageGrid(_ tiles: [ImageTile], columns: Int, title: String? = nil,
                                 tileSize: Double? = nil) -> Figure {
        let theme = Theme.standard
        let columnCount = max(1, min(columns, max(1, tiles.count)))
        let rowCount = (tiles.count + columnCount - 1) / columnCount
        var cell = cellSize(tileSize, tiles: tiles)
        cell.width = max(cell.width, titleWidth(tiles, theme: theme))
        let grid = ImageGrid(tiles: tiles, columns: columnCount)
        let margin = 12.0
        let titleBlock = (title?.isEmpty ?? true) ? 0 : ImageGridLayout.figureTitleBlock(theme)
        let panelHeight = cell.height + ImageGridLayout.titleBlock(theme)
        let width = 2 * margin + Double(columnCount) * cell.width + Double(columnCount - 1) * grid.spacing
        let height = 2 * margin + titleBlock + Double(rowCount) * panelHeight + Double(max(0, rowCount - 1)) * grid.spacing
        var figure = Figure(size: Size(width: width, height: max(height, 2 * margin + titleBlock + 1)),
                            title: title, panels: [grid])
        figure.margin = margin
        return figure
    }

    /// The cell width that holds the longest title at 75% of its font size (at most 260 units),
    /// estimated at 0.6 em a character, 0.65 em in bold (DejaVu Sans averages about 0.55 em
    /// and 0.62 em): "sunflowers / dandelion (87%)" then needs no ellipsis even on a 224-pixel crop's tile.
    static func titleWidth(_ tiles: [ImageTile], theme: Theme) -> Double {
        let ems = tiles.map { Double($0.title.count) * ($0.isWrong ? 0.65 : 0.6) }.max() ?? 0
        let size = ImageGridLayout.titleStyle(theme).size * TextFitting.minimumScale
        return min(260, ems * size + 4)
    }

    /// The size of the image part of a cell.
    static func cellSize(_ requested: Double?, tiles: [ImageTile]) -> Size {
        let aspects = tiles.map { Double($0.image.width) / Double($0.image.height) }.sorted()
        let aspect = aspects.isEmpty ? 1 : max(0.75, min(1.5, aspects[aspects.count / 2]))
        let sides = tiles.map { max($0.image.width, $0.image.height) }.sorted()
        var side = sides.isEmpty ? 160 : max(96, min(200, Double(sides[sides.count / 2]) / defaultScale))
        if let requested, requested.isFinite, requested >= 16 { side = requested }
        return aspect >= 1 ? Size(width: side, height: side / aspect) : Size(width: side * aspect, height: side)
    }
}
