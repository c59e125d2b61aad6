import CCairo
import Foundation
import ProceduralImages
import Tensors

/// The ground behind a figure or around a texture patch. Every class draws from the same
/// mixture, so the background says nothing about the class.
enum Backdrop {
    case flat, linearGradient, radialGradient, softBlobs, faintLines

    /// Paints the whole canvas and returns its dominant colour, which figures contrast with.
    static func paintRandom(on canvas: Canvas, using random: inout SeededGenerator) -> Color {
        let backdrop = random.pick([(Backdrop.flat, 0.2), (.linearGradient, 0.25), (.radialGradient, 0.2),
                                    (.softBlobs, 0.2), (.faintLines, 0.15)])
        let base = Color.any(using: &random)
        backdrop.paint(on: canvas, base: base, using: &random)
        return base
    }

    /// A colour near `base` in brightness, so that the backdrop keeps `base`'s contrast with the figure.
    private static func companion(of base: Color, using random: inout SeededGenerator) -> Color {
        let other = Color(hue: random.uniform(0, 360), saturation: random.uniform(0, 0.8), value: 1)
        let luma = min(1, max(0, base.luma + random.uniform(-0.12, 0.12)))
        return other.shaded(luma / max(other.luma, 1e-3)).mixed(with: base, fraction: random.uniform(0.2, 0.7))
    }

    private func paint(on canvas: Canvas, base: Color, using random: inout SeededGenerator) {
        let size = Double(canvas.width)
        let context = canvas.context
        canvas.setColor(base)
        cairo_paint(context)
        switch self {
        case .flat:
            break
        case .linearGradient:
            let other = Self.companion(of: base, using: &random)
            let angle = random.angle()
            let (dx, dy) = (cos(angle) * size / 2, sin(angle) * size / 2)
            let pattern = cairo_pattern_create_linear(size / 2 - dx, size / 2 - dy, size / 2 + dx, size / 2 + dy)
            Self.paint(pattern, from: base, to: other, on: context)
        case .radialGradient:
            let other = Self.companion(of: base, using: &random)
            let (x, y) = (random.uniform(0, size), random.uniform(0, size))
            let pattern = cairo_pattern_create_radial(x, y, 0, x, y, size * random.uniform(0.5, 1.2))
            Self.paint(pattern, from: other, to: base, on: context)
        case .softBlobs:
            // Large, low-contrast, out-of-focus blobs: a wall or a table top, never a pattern.
            var colors: [Color] = []
            for _ in 0..<3 { colors.append(Self.companion(of: base, using: &random)) }
            canvas.blurred(factor: max(2, size / 10)) { small in
                for _ in 0..<random.integer(in: 3...7) {
                    let radius = size * random.uniform(0.15, 0.4)
                    small.circle(x: random.uniform(0, size), y: random.uniform(0, size), radius: radius)
                    small.fill(colors[random.nextInt(below: colors.count)], alpha: random.uniform(0.4, 0.9))
                }
            }
        case .faintLines:
            // A few thin random strokes, so that a thin line alone never marks a class.
            for _ in 0..<random.integer(in: 2...6) {
                canvas.polyline([(random.uniform(0, size), random.uniform(0, size)),
                                 (random.uniform(0, size), random.uniform(0, size))])
                canvas.stroke(Self.companion(of: base, using: &random), width: size * random.uniform(0.01, 0.04))
            }
        }
    }

    /// Paints the whole canvas with a two-stop gradient `pattern` (linear or radial), then frees it.
    private static func paint(_ pattern: OpaquePointer?, from start: Color, to end: Color, on context: OpaquePointer) {
        cairo_pattern_add_color_stop_rgb(pattern, 0, start.red, start.green, start.blue)
        cairo_pattern_add_color_stop_rgb(pattern, 1, end.red, end.green, end.blue)
        cairo_set_source(context, pattern)
        cairo_paint(context)
        cairo_pattern_destroy(pattern)
    }
}
