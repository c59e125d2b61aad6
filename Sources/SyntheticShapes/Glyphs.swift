import Foundation
import ProceduralImages
import Tensors

/// Capital letters drawn as strokes in the unit frame, like a sign painter's block letters.
/// No font is involved, so the pixels do not depend on the fonts a machine has installed.
enum Glyphs {
    /// Each letter as strokes (polylines) in a box of half-width 0.6 and half-height 0.9.
    static func strokes(of figure: Figure) -> [[(Double, Double)]] {
        switch figure {
        case .letterA: return [[(-0.6, 0.9), (0, -0.9), (0.6, 0.9)], [(-0.33, 0.25), (0.33, 0.25)]]
        case .letterE: return [[(0.55, -0.9), (-0.55, -0.9), (-0.55, 0.9), (0.55, 0.9)], [(-0.55, 0), (0.35, 0)]]
        case .letterF: return [[(0.55, -0.9), (-0.55, -0.9), (-0.55, 0.9)], [(-0.55, -0.05), (0.3, -0.05)]]
        case .letterH: return [[(-0.55, -0.9), (-0.55, 0.9)], [(0.55, -0.9), (0.55, 0.9)], [(-0.55, 0), (0.55, 0)]]
        case .letterK: return [[(-0.5, -0.9), (-0.5, 0.9)], [(0.55, -0.9), (-0.45, 0.1)], [(-0.2, -0.15), (0.6, 0.9)]]
        case .letterL: return [[(-0.5, -0.9), (-0.5, 0.9), (0.55, 0.9)]]
        case .letterM: return [[(-0.6, 0.9), (-0.6, -0.9), (0, 0.35), (0.6, -0.9), (0.6, 0.9)]]
        case .letterT: return [[(-0.65, -0.9), (0.65, -0.9)], [(0, -0.9), (0, 0.9)]]
        case .letterY: return [[(-0.6, -0.9), (0, 0), (0.6, -0.9)], [(0, 0), (0, 0.9)]]
        case .letterZ: return [[(-0.55, -0.9), (0.55, -0.9), (-0.55, 0.9), (0.6, 0.9)]]
        default: return []
        }
    }

    /// Paints the letter with a varied stroke weight, width, slant and corner style.
    static func paint(_ figure: Figure, on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let widthScale = random.uniform(0.75, 1.15), slant = random.uniform(-0.25, 0.25)
        let weight = random.uniform(0.16, 0.3)
        let square = random.chance(0.5)
        for stroke in strokes(of: figure) {
            canvas.polyline(stroke.map { (x, y) in (x * widthScale - y * slant, y) })
        }
        // Round ends, or square ends with mitred corners: two weights of one letter.
        ink.strokeMain(canvas, width: weight, rounded: !square)
    }
}
