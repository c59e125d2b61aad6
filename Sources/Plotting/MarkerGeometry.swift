/// The outlines of polygon markers, and the box any marker covers.
enum MarkerGeometry {
    /// The corners of a diamond or an upward triangle of `radius` around `center`.
    static func polygon(_ shape: MarkerShape, center: Point, radius: Double) -> [Point] {
        switch shape {
        case .diamond:
            return [Point(x: center.x, y: center.y - radius), Point(x: center.x + radius, y: center.y),
                    Point(x: center.x, y: center.y + radius), Point(x: center.x - radius, y: center.y)]
        case .triangle:
            // An equilateral triangle inscribed in the circle of `radius`: sin 60° = 0.866.
            return [Point(x: center.x, y: center.y - radius),
                    Point(x: center.x + 0.866 * radius, y: center.y + radius / 2),
                    Point(x: center.x - 0.866 * radius, y: center.y + radius / 2)]
        case .circle, .square:
            return [Point(x: center.x - radius, y: center.y - radius), Point(x: center.x + radius, y: center.y - radius),
                    Point(x: center.x + radius, y: center.y + radius), Point(x: center.x - radius, y: center.y + radius)]
        }
    }

    /// The box a marker covers, outline included.
    static func bounds(center: Point, radius: Double, strokeWidth: Double) -> Rect {
        let reach = radius + strokeWidth / 2
        return Rect(x: center.x - reach, y: center.y - reach, width: 2 * reach, height: 2 * reach)
    }
}
