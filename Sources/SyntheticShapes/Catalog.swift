import Foundation

/// What one class draws: a figure placed once on a backdrop, or a texture covering a large region.
enum Motif: Sendable {
    case figure(Figure)
    case texture(Texture)

    var name: String {
        switch self {
        case .figure(let figure): return figure.rawValue
        case .texture(let texture): return texture.rawValue
        }
    }
}

/// Figures: geometric shapes, everyday objects and letters, each drawn in a unit frame
/// (centred on the origin, fitting the disc of radius 1, y pointing down).
enum Figure: String, CaseIterable, Sendable {
    // Geometric shapes.
    case circle, ring, triangle, square, pentagon, hexagon, star, cross, heart, arrow
    case crescent, spiral, lightning, teardrop
    // Objects.
    case leaf, fish, house, tree, cloud, car, key, umbrella, mushroom, mug, sailboat, sun, snowflake
    case butterfly, bird, bottle
    // Letters, drawn as strokes (no font, so the pixels are the same on every machine).
    case letterA = "letter-a", letterE = "letter-e", letterF = "letter-f", letterH = "letter-h"
    case letterK = "letter-k", letterL = "letter-l", letterM = "letter-m", letterT = "letter-t"
    case letterY = "letter-y", letterZ = "letter-z"

    /// How far the figure may turn, in radians either way. Shapes turn freely; objects and
    /// letters stay near upright, so that a turned M never looks like a W, nor a Z like an N.
    var maxRotation: Double {
        switch self {
        case .circle, .ring, .triangle, .square, .pentagon, .hexagon, .star, .cross, .heart, .arrow,
             .crescent, .spiral, .lightning, .teardrop, .leaf, .key, .snowflake, .sun:
            return Double.pi
        case .letterA, .letterE, .letterF, .letterH, .letterK, .letterL, .letterM, .letterT,
             .letterY, .letterZ:
            return 0.4
        default:
            return 0.6
        }
    }

    /// Whether the figure may be drawn mirrored left to right (letters may not).
    var mirrors: Bool { !rawValue.hasPrefix("letter-") }
}

/// Textures: patterns that repeat with a period, drawn in a frame whose unit is one period.
enum Texture: String, CaseIterable, Sendable {
    case stripes, checkerboard, polkaDots = "polka-dots", grid, zigzag, waves
    case concentricCircles = "concentric-circles", concentricSquares = "concentric-squares"
    case honeycomb, brickWall = "brick-wall", woodGrain = "wood-grain", camouflage, basketWeave = "basket-weave"
    case fishScales = "fish-scales", plaid, triangles
}

/// Every class in order: figures first, then textures.
enum Catalog {
    static let motifs: [Motif] = Figure.allCases.map(Motif.figure) + Texture.allCases.map(Motif.texture)
}
