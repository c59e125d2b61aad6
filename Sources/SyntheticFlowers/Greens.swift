import Foundation
import ProceduralImages
import Tensors

/// Greens for stems and leaves: from yellowish spring green to dark blue-green.
enum Greens {
    static func leaf(using random: inout SeededGenerator) -> Color {
        Color(hue: random.uniform(80, 145), saturation: random.uniform(0.45, 0.85),
              value: random.uniform(0.3, 0.7))
    }

    static func stem(using random: inout SeededGenerator) -> Color {
        Color(hue: random.uniform(75, 120), saturation: random.uniform(0.45, 0.75),
              value: random.uniform(0.4, 0.7))
    }
}
