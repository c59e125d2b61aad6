import Foundation
import Tensors

/// A colour with components in [0, 1], as Cairo takes them.
public struct Color: Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double

    /// A colour from its red, green and blue components.
    public init(_ red: Double, _ green: Double, _ blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from hue (degrees), saturation and value, the way a painter picks one.
    public init(hue: Double, saturation: Double, value: Double) {
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
    public var luma: Double { 0.299 * red + 0.587 * green + 0.114 * blue }

    /// This colour moved towards `other` by `amount` (0 keeps it, 1 gives `other`).
    public func mixed(with other: Color, _ amount: Double) -> Color {
        Color(red + (other.red - red) * amount,
              green + (other.green - green) * amount,
              blue + (other.blue - blue) * amount)
    }

    /// This colour scaled in brightness (shade below 1, light above), clamped to [0, 1].
    public func shaded(_ factor: Double) -> Color {
        Color(min(1, red * factor), min(1, green * factor), min(1, blue * factor))
    }

    /// This colour with each component moved by up to `amount`, so no two petals match exactly.
    public func jittered(_ amount: Double, using random: inout SeededGenerator) -> Color {
        Color(clamp(red + random.uniform(-amount, amount)),
              clamp(green + random.uniform(-amount, amount)),
              clamp(blue + random.uniform(-amount, amount)))
    }

    /// Pure white.
    public static let white = Color(1, 1, 1)
    /// Pure black.
    public static let black = Color(0, 0, 0)

    private func clamp(_ value: Double) -> Double { min(1, max(0, value)) }
}
