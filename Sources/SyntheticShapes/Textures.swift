import CCairo
import Foundation
import ProceduralImages
import Tensors

/// The colours of a texture: the ground, the pattern drawn on it, and a third for patterns
/// that need one; the pattern always contrasts with the ground.
struct TextureColors {
    var ground: Color
    var pattern: Color
    var third: Color

    static func random(using random: inout SeededGenerator) -> TextureColors {
        let ground = Color.any(using: &random)
        let pattern = Color.contrasting(with: ground, margin: 0.25, using: &random)
        let third = ground.mixed(with: pattern, fraction: random.uniform(0.3, 0.7))
            .mixed(with: Color.any(using: &random), fraction: 0.4)
        return TextureColors(ground: ground, pattern: pattern, third: third)
    }
}

/// Repeating patterns in a frame whose unit is one period, covering the square
/// [-extent, extent]^2 around the origin (the scene places, turns and scales the frame).
enum Textures {
    static func paint(_ texture: Texture, on canvas: Canvas, colors: TextureColors, extent: Int,
                      using random: inout SeededGenerator) {
        canvas.setColor(colors.ground)
        cairo_paint(canvas.context)
        let span = Double(extent)
        switch texture {
        case .stripes: stripes(canvas, colors, span, &random)
        case .checkerboard: checkerboard(canvas, colors, extent)
        case .polkaDots: polkaDots(canvas, colors, extent, &random)
        case .grid: grid(canvas, colors, extent, &random)
        case .zigzag: zigzag(canvas, colors, extent, &random)
        case .waves: waves(canvas, colors, extent, &random)
        case .concentricCircles: concentric(canvas, colors, extent, &random) { radius in
            canvas.circle(x: 0, y: 0, radius: radius)
        }
        case .concentricSquares: concentric(canvas, colors, extent, &random) { radius in
            cairo_rectangle(canvas.context, -radius, -radius, 2 * radius, 2 * radius)
        }
        default: PatternTextures.paint(texture, on: canvas, colors: colors, extent: extent, using: &random)
        }
    }

    private static func stripes(_ canvas: Canvas, _ colors: TextureColors, _ span: Double,
                                _ random: inout SeededGenerator) {
        let duty = random.uniform(0.3, 0.6)
        for band in -Int(span)...Int(span) {
            cairo_rectangle(canvas.context, Double(band), -span, duty, 2 * span)
        }
        canvas.fill(colors.pattern)
    }

    private static func checkerboard(_ canvas: Canvas, _ colors: TextureColors, _ extent: Int) {
        for row in -extent...extent {
            for column in -extent...extent where (row + column) & 1 == 0 {
                cairo_rectangle(canvas.context, Double(column), Double(row), 1, 1)
            }
        }
        canvas.fill(colors.pattern)
    }

    private static func polkaDots(_ canvas: Canvas, _ colors: TextureColors, _ extent: Int,
                                  _ random: inout SeededGenerator) {
        let radius = random.uniform(0.18, 0.32), staggered = random.chance(0.5)
        for row in -extent...extent {
            let shift = staggered && row & 1 == 1 ? 0.5 : 0
            for column in -extent...extent {
                canvas.circle(x: Double(column) + shift, y: Double(row), radius: radius)
            }
        }
        canvas.fill(colors.pattern)
    }

    private static func grid(_ canvas: Canvas, _ colors: TextureColors, _ extent: Int,
                             _ random: inout SeededGenerator) {
        let span = Double(extent)
        for line in -extent...extent {
            canvas.polyline([(Double(line), -span), (Double(line), span)])
            canvas.polyline([(-span, Double(line)), (span, Double(line))])
        }
        canvas.stroke(colors.pattern, width: random.uniform(0.1, 0.2), rounded: false)
    }

    private static func zigzag(_ canvas: Canvas, _ colors: TextureColors, _ extent: Int,
                               _ random: inout SeededGenerator) {
        let amplitude = random.uniform(0.25, 0.4), span = Double(extent)
        for row in -extent...extent {
            let points = stride(from: -span, through: span, by: 0.5).enumerated().map { index, x in
                (x, Double(row) + (index & 1 == 0 ? -amplitude : amplitude))
            }
            canvas.polyline(points)
        }
        canvas.stroke(colors.pattern, width: random.uniform(0.2, 0.32), rounded: false)
    }

    private static func waves(_ canvas: Canvas, _ colors: TextureColors, _ extent: Int,
                              _ random: inout SeededGenerator) {
        let amplitude = random.uniform(0.2, 0.35), wavelength = random.uniform(1.5, 2.5), span = Double(extent)
        for row in -extent...extent {
            let points = stride(from: -span, through: span, by: 0.25).map { x in
                (x, Double(row) + amplitude * sin(2 * Double.pi * x / wavelength))
            }
            canvas.polyline(points)
        }
        canvas.stroke(colors.pattern, width: random.uniform(0.2, 0.35))
    }

    /// Nested outlines from the outside in, alternately in the pattern and the ground colour,
    /// so each band is a ring of one colour (`outline` adds one closed outline of a radius).
    private static func concentric(_ canvas: Canvas, _ colors: TextureColors, _ extent: Int,
                                   _ random: inout SeededGenerator, outline: (Double) -> Void) {
        let duty = random.uniform(0.4, 0.6)
        let outermost = 2 * extent
        for ring in stride(from: outermost, through: 1, by: -1) {
            outline(Double(ring))
            canvas.fill(colors.pattern)
            outline(Double(ring) - duty)
            canvas.fill(colors.ground)
        }
    }
}
