import CCairo
import Foundation
import ProceduralImages
import Tensors

/// The camera's share of the look: a wash of side light drawn with Cairo, then exposure,
/// contrast, white balance, sensor noise and vignetting applied to the finished pixels.
/// Drawn independently of the class.
struct Lighting {
    var brightness: Float
    var contrast: Float
    var tint: (Float, Float, Float)
    var noise: Float
    var vignette: Float

    static func random(using random: inout SeededGenerator) -> Lighting {
        Lighting(brightness: Float(random.uniform(0.75, 1.2)), contrast: Float(random.uniform(0.7, 1.15)),
                 tint: (Float(random.uniform(0.9, 1.1)), Float(random.uniform(0.92, 1.08)),
                        Float(random.uniform(0.88, 1.12))),
                 noise: random.chance(0.6) ? Float(random.uniform(2, 14)) : 0,
                 vignette: random.chance(0.35) ? Float(random.uniform(0.15, 0.45)) : 0)
    }

    /// Light from one side and shade on the other, over the whole scene.
    static func paintSideLight(on canvas: Canvas, using random: inout SeededGenerator) {
        guard random.chance(0.5) else { return }
        let size = Double(canvas.width)
        let angle = random.angle()
        let strength = random.uniform(0.1, 0.35)
        let (dx, dy) = (cos(angle) * size / 2, sin(angle) * size / 2)
        let pattern = cairo_pattern_create_linear(size / 2 - dx, size / 2 - dy, size / 2 + dx, size / 2 + dy)
        cairo_pattern_add_color_stop_rgba(pattern, 0, 1, 0.97, 0.9, strength)
        cairo_pattern_add_color_stop_rgba(pattern, 0.5, 0, 0, 0, 0)
        cairo_pattern_add_color_stop_rgba(pattern, 1, 0, 0, 0, strength)
        cairo_set_source(canvas.context, pattern)
        cairo_paint(canvas.context)
        cairo_pattern_destroy(pattern)
    }

    /// Applies exposure, contrast about mid-grey, tint, vignette and uniform noise to packed RGB.
    func apply(to rgb: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int,
               using random: inout SeededGenerator) {
        // ((v - 127.5) * contrast + 127.5) * brightness * tint, as a gain and an offset per channel.
        let tints = [tint.0, tint.1, tint.2]
        let gains = tints.map { $0 * brightness * contrast }
        let offsets = tints.map { 127.5 * (1 - contrast) * brightness * $0 }
        let noiseScale = noise / 32_768
        let half = Float(width) / 2
        let vignetteScale = vignette / (half * half * 2)
        for y in 0..<height {
            for x in 0..<width {
                let dx = Float(x) + 0.5 - half, dy = Float(y) + 0.5 - half
                let falloff = 1 - vignetteScale * (dx * dx + dy * dy)
                let bits = noise > 0 ? random.next() : 0x8000_8000_8000
                let base = (y * width + x) * 3
                for channel in 0..<3 {
                    let draw = Float(Int(truncatingIfNeeded: (bits >> (16 * UInt64(channel))) & 0xFFFF) - 32_768)
                    let value = (Float(rgb[base + channel]) * gains[channel] + offsets[channel]) * falloff
                        + draw * noiseScale
                    rgb[base + channel] = UInt8(max(0, min(255, value.rounded())))
                }
            }
        }
    }
}
