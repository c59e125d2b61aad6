import Foundation
import ProceduralImages
import Tensors

/// The colour draws of the shapes: any colour for a ground, and a figure colour that stands out from it.
extension Color {
    /// Any colour at all: hue, saturation and value all drawn widely.
    static func any(using random: inout SeededGenerator) -> Color {
        Color(hue: random.uniform(0, 360), saturation: random.uniform(0, 1), value: random.uniform(0.1, 1))
    }

    /// A colour whose luma differs from `background`'s by at least `margin`, so a figure
    /// stays visible on it; its hue is free, so the colour never names the class.
    static func contrasting(with background: Color, margin: Double = 0.28,
                            using random: inout SeededGenerator) -> Color {
        let hue = random.uniform(0, 360), saturation = random.uniform(0, 0.95)
        let darker = background.luma - margin, lighter = background.luma + margin
        // Pick the side with room; when both have room, either.
        let goDark = lighter > 0.95 || (darker > 0.08 && random.chance(0.5))
        var candidate = Color(hue: hue, saturation: saturation, value: 1)
        let targetLuma = goDark ? random.uniform(0.03, max(0.04, darker)) : random.uniform(min(lighter, 0.97), 1)
        // Scale the value until the luma lands on the target (luma is linear in value for a fixed hue).
        candidate = candidate.shaded(targetLuma / max(candidate.luma, 1e-3))
        if abs(candidate.luma - background.luma) < margin {
            // A saturated hue cannot be that bright (pure blue tops out at luma 0.114): use a grey.
            return Color(targetLuma, targetLuma, targetLuma)
        }
        return candidate
    }
}
