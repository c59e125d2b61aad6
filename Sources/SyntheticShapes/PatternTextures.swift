import CCairo
import Foundation
import ProceduralImages
import Tensors

/// The tilings and natural textures among the texture classes, in the same period frame
/// as `Textures`.
enum PatternTextures {
    static func paint(_ texture: Texture, on canvas: Canvas, colors: TextureColors, extent: Int,
                      using random: inout SeededGenerator) {
        switch texture {
        case .honeycomb: honeycomb(canvas, colors, extent, &random)
        case .brickWall: brickWall(canvas, colors, extent, &random)
        case .woodGrain: woodGrain(canvas, colors, extent, &random)
        case .camouflage: camouflage(canvas, colors, extent, &random)
        case .basketWeave: basketWeave(canvas, colors, extent, &random)
        case .fishScales: fishScales(canvas, colors, extent, &random)
        case .plaid: plaid(canvas, colors, extent, &random)
        case .triangles: triangles(canvas, colors, extent)
        default: break
        }
    }

    /// Hexagonal cells, pointy side up, separated by walls in the pattern colour; a period is
    /// one cell's width. The walls are what is left of a pattern-coloured ground once the cells
    /// are filled in (filling is far cheaper than stroking thousands of outlines).
    private static func honeycomb(_ canvas: Canvas, _ colors: TextureColors, _ extent: Int,
                                  _ random: inout SeededGenerator) {
        canvas.setColor(colors.pattern)
        cairo_paint(canvas.context)
        let radius = 0.5 / cos(Double.pi / 6)
        let rowStep = radius * 1.5
        let rows = Int(Double(extent) / rowStep) + 1
        let cell = GeometricShapes.regularPolygon(sides: 6, radius: radius * (1 - random.uniform(0.1, 0.22)),
                                                  phase: Double.pi / 6)
        for row in -rows...rows {
            let shift = row & 1 == 1 ? 0.5 : 0
            for column in -extent...extent {
                let (x, y) = (Double(column) + shift, Double(row) * rowStep)
                canvas.polygon(cell.map { ($0.0 + x, $0.1 + y) })
            }
        }
        canvas.fill(colors.ground)
    }

    /// Bricks twice as long as high, every other course shifted half a brick, in mortar.
    private static func brickWall(_ canvas: Canvas, _ colors: TextureColors, _ extent: Int,
                                  _ random: inout SeededGenerator) {
        let mortar = random.uniform(0.1, 0.18)
        for course in -extent...extent {
            let shift = course & 1 == 1 ? 1.0 : 0
            for brick in stride(from: -extent - 2, through: extent, by: 2) {
                cairo_rectangle(canvas.context, Double(brick) + shift + mortar / 2, Double(course) + mortar / 2,
                                2 - mortar, 1 - mortar)
                canvas.fill(colors.pattern.mixed(with: colors.third, fraction: random.uniform(0, 0.35)))
            }
        }
    }

    /// Long, nearly parallel grain lines that swerve around a knot or two.
    private static func woodGrain(_ canvas: Canvas, _ colors: TextureColors, _ extent: Int,
                                  _ random: inout SeededGenerator) {
        let span = Double(extent)
        let knots = (0..<random.integer(in: 1...2)).map { _ in
            (random.uniform(-3, 3), random.uniform(-3, 3), random.uniform(0.6, 1.3))
        }
        let wobble = random.uniform(0.05, 0.15), phase = random.angle()
        var lines: [[(Double, Double)]] = []
        var y = -span
        while y < span {
            lines.append(stride(from: -span, through: span, by: 0.3).map { x -> (Double, Double) in
                var offset = wobble * sin(x * 0.7 + phase + y * 0.3)
                for (knotX, knotY, size) in knots {
                    let dx = x - knotX, dy = y - knotY
                    // Lines bulge away from the knot, as grain flows around a branch.
                    offset += (dy >= 0 ? 1 : -1) * size * exp(-(dx * dx) / (size * size)) * exp(-abs(dy) / size)
                }
                return (x, y + offset)
            })
            y += random.uniform(0.15, 0.35)
        }
        // Alternate lines dark and broad, pale and fine. Each is stroked on its own: Cairo strokes
        // many short paths much faster than one long path that crosses itself.
        let shades = [(colors.pattern, random.uniform(0.08, 0.14)),
                      (colors.pattern.mixed(with: colors.third, fraction: 0.5), random.uniform(0.04, 0.08))]
        for (index, line) in lines.enumerated() {
            canvas.polyline(line)
            canvas.stroke(shades[index & 1].0, width: shades[index & 1].1)
        }
        for (knotX, knotY, size) in knots {
            canvas.ellipse(x: knotX, y: knotY, radiusX: size * 0.4, radiusY: size * 0.2)
            canvas.fill(colors.pattern)
        }
    }

    /// Irregular rounded blobs in two colours over the ground.
    private static func camouflage(_ canvas: Canvas, _ colors: TextureColors, _ extent: Int,
                                   _ random: inout SeededGenerator) {
        let span = Double(extent)
        let count = Int(span * span * 0.9) + 6
        for index in 0..<count {
            let center = (random.uniform(-span, span), random.uniform(-span, span))
            blob(canvas, center: center, radius: random.uniform(0.6, 1.4), using: &random)
            canvas.fill(index & 1 == 0 ? colors.pattern : colors.third)
        }
    }

    /// A closed, smooth, lumpy outline: a circle whose radius wanders from point to point.
    private static func blob(_ canvas: Canvas, center: (Double, Double), radius: Double,
                             using random: inout SeededGenerator) {
        let count = 7
        let points = (0..<count).map { index -> (Double, Double) in
            let angle = Double(index) * 2 * Double.pi / Double(count)
            let reach = radius * random.uniform(0.55, 1.25)
            return (center.0 + cos(angle) * reach, center.1 + sin(angle) * reach)
        }
        // A closed Catmull-Rom curve through the points, as cubic Beziers.
        let context = canvas.context
        cairo_move_to(context, points[0].0, points[0].1)
        for index in 0..<count {
            let p0 = points[(index + count - 1) % count], p1 = points[index]
            let p2 = points[(index + 1) % count], p3 = points[(index + 2) % count]
            cairo_curve_to(context, p1.0 + (p2.0 - p0.0) / 6, p1.1 + (p2.1 - p0.1) / 6,
                           p2.0 - (p3.0 - p1.0) / 6, p2.1 - (p3.1 - p1.1) / 6, p2.0, p2.1)
        }
        cairo_close_path(context)
    }

    /// Squares of three strands each, the strands turning a quarter from square to square.
    private static func basketWeave(_ canvas: Canvas, _ colors: TextureColors, _ extent: Int,
                                    _ random: inout SeededGenerator) {
        let gap = random.uniform(0.05, 0.09)
        for row in -extent...extent {
            for column in -extent...extent {
                let across = (row + column) & 1 == 0
                for strand in 0..<3 {
                    let offset = Double(strand) / 3 + gap / 2
                    if across {
                        cairo_rectangle(canvas.context, Double(column) + gap / 2, Double(row) + offset, 1 - gap,
                                        1.0 / 3 - gap)
                    } else {
                        cairo_rectangle(canvas.context, Double(column) + offset, Double(row) + gap / 2,
                                        1.0 / 3 - gap, 1 - gap)
                    }
                }
            }
        }
        canvas.fill(colors.pattern)
    }

    /// Overlapping scallops in rows, each row shifted half a scale, each scale outlined.
    private static func fishScales(_ canvas: Canvas, _ colors: TextureColors, _ extent: Int,
                                   _ random: inout SeededGenerator) {
        let context = canvas.context
        let line = random.uniform(0.07, 0.12)
        // Row by row from the top, so each row overlaps the one above; a row's scales only touch
        // at their ends, so one path fills a row and one strokes its rims.
        for row in stride(from: -2 * extent, through: 2 * extent, by: 1) {
            let shift = row & 1 == 1 ? 0.5 : 0
            let y = Double(row) * 0.5
            for column in -extent...extent {
                cairo_new_sub_path(context)
                cairo_arc(context, Double(column) + shift, y, 0.5, 0, Double.pi)
                cairo_close_path(context)
            }
            canvas.fill(colors.ground)
            for column in -extent...extent {
                cairo_new_sub_path(context)
                cairo_arc(context, Double(column) + shift, y, 0.5, 0, Double.pi)
            }
            canvas.stroke(colors.pattern, width: line)
        }
    }

    /// Wide and narrow translucent bands crossing at right angles, like a tartan.
    private static func plaid(_ canvas: Canvas, _ colors: TextureColors, _ extent: Int,
                              _ random: inout SeededGenerator) {
        let span = Double(extent)
        let wide = random.uniform(0.3, 0.5), narrow = random.uniform(0.06, 0.12)
        for line in stride(from: -extent, through: extent, by: 2) {
            for (offset, width, color) in [(0.0, wide, colors.pattern), (1.2, narrow, colors.third)] {
                let at = Double(line) + offset
                cairo_rectangle(canvas.context, at, -span, width, 2 * span)
                cairo_rectangle(canvas.context, -span, at, 2 * span, width)
                canvas.fill(color, alpha: 0.6)
            }
        }
    }

    /// Rows of triangles pointing alternately up and down: the down ones in the pattern colour,
    /// the up ones the ground between them.
    private static func triangles(_ canvas: Canvas, _ colors: TextureColors, _ extent: Int) {
        let height = 0.866
        let rows = Int(Double(extent) / height) + 1
        for row in -rows...rows {
            let top = Double(row) * height, bottom = top + height
            for column in -extent...extent {
                let x = Double(column)
                canvas.polygon([(x, top), (x + 1, top), (x + 0.5, bottom)])
            }
        }
        canvas.fill(colors.pattern)
    }
}
