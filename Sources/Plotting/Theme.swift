/// Font sizes, gaps and line widths shared by every figure, in logical units.
///
/// Sizes follow matplotlib's defaults converted to 96 dpi logical pixels
/// (10 pt labels are about 13 px), a little larger for titles.
public struct Theme: Equatable, Sendable {
    public var figureTitle = TextStyle(size: 16, weight: .bold, horizontal: .center, vertical: .top)
    public var panelTitle = TextStyle(size: 14, weight: .bold, horizontal: .center, vertical: .bottom)
    public var axisLabel = TextStyle(size: 13, horizontal: .center, vertical: .top)
    public var tickLabel = TextStyle(size: 11, color: .mutedText)
    public var legend = TextStyle(size: 12, horizontal: .left, vertical: .middle)
    public var annotation = TextStyle(size: 10, color: .mutedText, horizontal: .center, vertical: .bottom)
    /// Gap between a piece of text and what it labels.
    public var gap: Double = 6
    /// Gap under the figure title.
    public var titleGap: Double = 12
    public var tickLength: Double = 5
    public var spine = LineStyle(color: .axisGray, width: 1)
    public var grid = LineStyle(color: .gridGray, width: 1)
    public var seriesWidth: Double = 2.25
    public var background = Color.white

    public init() {}

    /// The default theme.
    public static let standard = Theme()
}
