import CCairo
import Foundation
import ProceduralImages
import Tensors

/// The camera's share of the look: exposure, contrast, white balance, sensor noise and
/// vignetting, applied to the finished pixels, drawn independently of the class.
struct Lighting {
    var brightness: Double
    var contrast: Double
    var tint: (red: Double, green: Double, blue: Double)
    var noise: Double
    var vignette: Double

    static func random(using random: inout SeededGenerator) -> Lighting {
        Lighting(brightness: random.uniform(0.78, 1.18), contrast: random.uniform(0.8, 1.2),
                 tint: (random.uniform(0.92, 1.08), random.uniform(0.94, 1.06), random.uniform(0.9, 1.1)),
                 noise: random.chance(0.7) ? random.uniform(1, 9) : 0,
                 vignette: random.chance(0.35) ? random.uniform(0.15, 0.45) : 0)
    }

    /// A soft wash of light from one side and shade on the other, drawn with Cairo over the scene.
    static func paintSideLight(on canvas: Canvas, using random: inout SeededGenerator) {
        guard random.chance(0.6) else { return }
        let size = Double(canvas.width)
        let angle = random.uniform(0, 2 * Double.pi)
        let strength = random.uniform(0.08, 0.25)
        let (cx, cy) = (size / 2, size / 2)
        let (dx, dy) = (cos(angle) * size / 2, sin(angle) * size / 2)
        let warm = Color(1, 0.95, 0.85)
        let pattern = cairo_pattern_create_linear(cx - dx, cy - dy, cx + dx, cy + dy)
        cairo_pattern_add_color_stop_rgba(pattern, 0, warm.red, warm.green, warm.blue, strength)
        cairo_pattern_add_color_stop_rgba(pattern, 0.5, 0, 0, 0, 0)
        cairo_pattern_add_color_stop_rgba(pattern, 1, 0, 0, 0, strength)
        cairo_set_source(canvas.context, pattern)
        cairo_paint(canvas.context)
        cairo_pattern_destroy(pattern)
    }

    /// Applies exposure, contrast about mid-grey, tint, vignette and uniform noise to packed RGB.
    func apply(to rgb: inout [UInt8], width: Int, height: Int, using random: inout SeededGenerator) {
        // ((v - 127.5) * contrast + 127.5) * brightness * tint, as a gain and an offset per channel.
        let tints = [tint.red, tint.green, tint.blue]
        let gains = tints.map { Float($0 * brightness * contrast) }
        let offsets = tints.map { Float(127.5 * (1 - contrast) * brightness * $0) }
        let noiseScale = Float(noise) / 32_768
        let half = Float(width) / 2
        let vignetteScale = Float(vignette) / (half * half * 2)
        for y in 0..<height {
            for x in 0..<width {
                let dx = Float(x) - half, dy = Float(y) - half
                let falloff = 1 - vignetteScale * (dx * dx + dy * dy)
                let bits = random.next()
                let base = (y * width + x) * 3
                for channel in 0..<3 {
                    let draw = Float(Int(truncatingIfNeeded: (bits >> (16 * channel)) & 0xFFFF) - 32_768)
                    let value = (Float(rgb[base + channel]) * gains[channel] + offsets[channel]) * falloff
                        + draw * noiseScale
                    rgb[base + channel] = UInt8(max(0, min(255, value.rounded())))
                }
            }
        }
    }
}
