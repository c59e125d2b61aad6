import Foundation
import Tensors

/// A colour with components in [0, 1], as Cairo takes them.
struct Color: Sendable {
    var red: Double
    var green: Double
    var blue: Double

    init(_ red: Double, _ green: Double, _ blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from hue (degrees), saturation and value.
    init(hue: Double, saturation: Double, value: Double) {
        let h = (hue.truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360) / 60
        let chroma = value * saturation
        let x = chroma * (1 - abs(h.truncatingRemainder(dividingBy: 2) - 1))
        let (r, g, b): (Double, Double, Double)
        switch Int(h) {
        case 0: (r, g, b) = (chroma, x, 0)
        case 1: (r, g, b) = (x, chroma, 0)
        case 2: (r, g, b) = (0, chroma, x)
        case 3: (r, g, b) = (0, x, chroma)
        case 4: (r, g, b) = (x, 0, chroma)
        default: (r, g, b) = (chroma, 0, x)
        }
        let m = value - chroma
        self.init(r + m, g + m, b + m)
    }

    /// Perceived brightness (Rec. 601 luma weights), in [0, 1].
    var luma: Double { 0.299 * red + 0.587 * green + 0.114 * blue }

    /// This colour moved towards `other` by `amount` (0 keeps it, 1 gives `other`).
    func mixed(with other: Color, _ amount: Double) -> Color {
        Color(red + (other.red - red) * amount,
              green + (other.green - green) * amount,
              blue + (other.blue - blue) * amount)
    }

    /// This colour scaled in brightness, clamped to [0, 1].
    func shaded(_ factor: Double) -> Color {
        Color(min(1, red * factor), min(1, green * factor), min(1, blue * factor))
    }

    static let white = Color(1, 1, 1)
    static let black = Color(0, 0, 0)

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
