import CCairo
import Foundation
import ProceduralImages
import Tensors

/// Composes one image: a backdrop, then the class's figure (placed, scaled, turned, maybe
/// mirrored, maybe casting a shadow, maybe with smaller copies, maybe partly hidden) or its
/// texture (over the whole frame or a large patch), then side light. Every class shares the backdrops, colours and lighting, so only shape
/// and texture tell the classes apart.
enum Scene {
    static func paint(_ motif: Motif, on canvas: Canvas, using random: inout SeededGenerator) {
        canvas.reset()
        let background = Backdrop.paintRandom(on: canvas, using: &random)
        switch motif {
        case .figure(let figure): paintFigure(figure, on: canvas, background: background, using: &random)
        case .texture(let texture): paintTexture(texture, on: canvas, using: &random)
        }
        Lighting.paintSideLight(on: canvas, using: &random)
    }

    private static func paintFigure(_ figure: Figure, on canvas: Canvas, background: Color,
                                    using random: inout SeededGenerator) {
        let size = Double(canvas.width)
        let ink = Ink.random(on: background, using: &random)
        let castsShadow = random.chance(0.35)
        let shadowDirection = random.angle(), shadowDistance = size * random.uniform(0.02, 0.05)
        let pose = Pose.random(for: figure, radius: size * random.uniform(0.24, 0.44), size: size, using: &random)
        // Sometimes a smaller, farther copy or two, clear of the main figure (overlapping copies
        // would merge into a silhouette of no class), so that scale and count vary too.
        if random.chance(0.2) {
            for _ in 0..<random.integer(in: 1...2) {
                for _ in 0..<4 {
                    let copy = Pose.random(for: figure, radius: pose.radius * random.uniform(0.35, 0.55), size: size,
                                           using: &random)
                    guard hypot(copy.x - pose.x, copy.y - pose.y) > (pose.radius + copy.radius) * 1.15 else { continue }
                    place(figure, pose: copy, on: canvas, ink: ink,
                          shadow: castsShadow ? (shadowDirection, shadowDistance * 0.6) : nil, using: &random)
                    break
                }
            }
        }
        place(figure, pose: pose, on: canvas, ink: ink,
              shadow: castsShadow ? (shadowDirection, shadowDistance) : nil, using: &random)
        if random.chance(0.15) { occlude(pose, on: canvas, background: background, using: &random) }
    }

    /// Where and how a figure sits: centre, size, turn, mirroring and a slight stretch.
    struct Pose {
        var x: Double, y: Double, radius: Double, angle: Double, mirror: Double, stretch: Double

        static func random(for figure: Figure, radius: Double, size: Double,
                           using random: inout SeededGenerator) -> Pose {
            // Mostly inside the frame; a little may be cut by the border.
            let margin = radius * 0.75
            return Pose(x: random.uniform(margin, size - margin), y: random.uniform(margin, size - margin),
                        radius: radius, angle: random.uniform(-figure.maxRotation, figure.maxRotation),
                        mirror: figure.mirrors && random.chance(0.5) ? -1 : 1, stretch: random.uniform(0.9, 1.1))
        }

        /// Moves the canvas's unit frame onto the figure, shifted by (dx, dy) pixels.
        func apply(to canvas: Canvas, dx: Double = 0, dy: Double = 0) {
            cairo_translate(canvas.context, x + dx, y + dy)
            cairo_rotate(canvas.context, angle)
            cairo_scale(canvas.context, radius * stretch * mirror, radius / stretch)
        }
    }

    /// Draws the figure at `pose`, after its shadow (direction, distance) when it casts one.
    private static func place(_ figure: Figure, pose: Pose, on canvas: Canvas, ink: Ink,
                              shadow: (Double, Double)?, using random: inout SeededGenerator) {
        if let (direction, distance) = shadow {
            // The shadow repeats the figure's own draws, so it has exactly the figure's shape.
            var shadowRandom = random
            canvas.isolated {
                pose.apply(to: canvas, dx: cos(direction) * distance, dy: sin(direction) * distance)
                draw(figure, on: canvas, ink: ink.shadow, using: &shadowRandom)
            }
        }
        canvas.isolated {
            pose.apply(to: canvas)
            draw(figure, on: canvas, ink: ink, using: &random)
        }
    }

    /// A soft blob in a backdrop-like colour over one edge of the figure, as something in
    /// front of it; it hides a small part, never the middle.
    private static func occlude(_ pose: Pose, on canvas: Canvas, background: Color,
                                using random: inout SeededGenerator) {
        let angle = random.angle()
        let x = pose.x + cos(angle) * pose.radius * 0.95, y = pose.y + sin(angle) * pose.radius * 0.95
        let color = background.mixed(with: Color.any(using: &random), fraction: random.uniform(0, 0.4))
        let radius = pose.radius * random.uniform(0.25, 0.4)
        canvas.blurred(factor: max(1, Double(canvas.width) / 40)) { small in
            small.ellipse(x: x, y: y, radiusX: radius, radiusY: radius * random.uniform(0.6, 1))
            small.fill(color)
        }
    }

    private static func paintTexture(_ texture: Texture, on canvas: Canvas, using random: inout SeededGenerator) {
        let size = Double(canvas.width)
        let colors = TextureColors.random(using: &random)
        let period = size * random.uniform(0.08, 0.22)
        let origin = (random.uniform(0, size), random.uniform(0, size))
        let angle = random.angle()
        let extent = Int(size * 1.5 / period) + 2
        canvas.isolated {
            if random.chance(0.4) { clipToPatch(canvas, size: size, using: &random) }
            cairo_translate(canvas.context, origin.0, origin.1)
            cairo_rotate(canvas.context, angle)
            cairo_scale(canvas.context, period, period)
            Textures.paint(texture, on: canvas, colors: colors, extent: extent, using: &random)
        }
    }

    /// Clips to a large turned rectangle or ellipse, so the texture covers part of the backdrop.
    private static func clipToPatch(_ canvas: Canvas, size: Double, using random: inout SeededGenerator) {
        let context = canvas.context
        let halfWidth = size * random.uniform(0.3, 0.45), halfHeight = size * random.uniform(0.3, 0.45)
        let x = size * random.uniform(0.4, 0.6), y = size * random.uniform(0.4, 0.6)
        cairo_translate(context, x, y)
        cairo_rotate(context, random.uniform(-0.5, 0.5))
        if random.chance(0.5) {
            cairo_rectangle(context, -halfWidth, -halfHeight, 2 * halfWidth, 2 * halfHeight)
        } else {
            canvas.ellipse(x: 0, y: 0, radiusX: halfWidth * 1.1, radiusY: halfHeight * 1.1)
        }
        cairo_clip(context)
        cairo_identity_matrix(context)
    }

    /// Draws `figure` in the current unit frame.
    static func draw(_ figure: Figure, on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        switch figure {
        case .circle: GeometricShapes.circle(on: canvas, ink: ink, using: &random)
        case .ring: GeometricShapes.ring(on: canvas, ink: ink, using: &random)
        case .triangle: GeometricShapes.triangle(on: canvas, ink: ink, using: &random)
        case .square: GeometricShapes.square(on: canvas, ink: ink, using: &random)
        case .pentagon: GeometricShapes.pentagon(on: canvas, ink: ink, using: &random)
        case .hexagon: GeometricShapes.hexagon(on: canvas, ink: ink, using: &random)
        case .star: GeometricShapes.star(on: canvas, ink: ink, using: &random)
        case .cross: GeometricShapes.cross(on: canvas, ink: ink, using: &random)
        case .heart: GeometricShapes.heart(on: canvas, ink: ink, using: &random)
        case .arrow: GeometricShapes.arrow(on: canvas, ink: ink, using: &random)
        case .crescent: GeometricShapes.crescent(on: canvas, ink: ink, using: &random)
        case .spiral: GeometricShapes.spiral(on: canvas, ink: ink, using: &random)
        case .lightning: GeometricShapes.lightning(on: canvas, ink: ink, using: &random)
        case .teardrop: GeometricShapes.teardrop(on: canvas, ink: ink, using: &random)
        case .leaf: Objects.leaf(on: canvas, ink: ink, using: &random)
        case .fish: Objects.fish(on: canvas, ink: ink, using: &random)
        case .house: Objects.house(on: canvas, ink: ink, using: &random)
        case .tree: Objects.tree(on: canvas, ink: ink, using: &random)
        case .cloud: Objects.cloud(on: canvas, ink: ink, using: &random)
        case .car: Objects.car(on: canvas, ink: ink, using: &random)
        case .key: Objects.key(on: canvas, ink: ink, using: &random)
        case .umbrella: Objects.umbrella(on: canvas, ink: ink, using: &random)
        case .mushroom: Objects.mushroom(on: canvas, ink: ink, using: &random)
        case .mug: Objects.mug(on: canvas, ink: ink, using: &random)
        case .sailboat: Objects.sailboat(on: canvas, ink: ink, using: &random)
        case .sun: Objects.sun(on: canvas, ink: ink, using: &random)
        case .snowflake: Objects.snowflake(on: canvas, ink: ink, using: &random)
        case .butterfly: Objects.butterfly(on: canvas, ink: ink, using: &random)
        case .bird: Objects.bird(on: canvas, ink: ink, using: &random)
        case .bottle: Objects.bottle(on: canvas, ink: ink, using: &random)
        case .letterA, .letterE, .letterF, .letterH, .letterK, .letterL, .letterM, .letterT, .letterY, .letterZ:
            Glyphs.paint(figure, on: canvas, ink: ink, using: &random)
        }
    }
}
