import CCairo
import Foundation
import ProceduralImages
import Tensors

/// Outlines of petals and leaves, as paths in local coordinates: the base at the
/// origin, the tip at (length, 0). Callers rotate and translate the context first.
enum PetalShape: Sendable {
    /// A strap that is widest at its middle and rounded at the tip (daisy, dandelion florets).
    case strap
    /// A lance that narrows to a sharp tip (sunflower ray florets, leaves).
    case pointed
    /// A broad spoon, narrow at the base and round at the top (rose petals).
    case rounded
    /// A cupped petal, widest above its middle with a rounded, slightly pointed top
    /// (tulip petals seen from the side).
    case goblet

    /// Adds the outline to the current path.
    func addPath(to canvas: Canvas, length: Double, width: Double) {
        let cr = canvas.context
        let l = length
        let w = width / 2
        cairo_new_sub_path(cr)
        switch self {
        case .strap:
            cairo_move_to(cr, 0, 0)
            cairo_curve_to(cr, l * 0.15, w * 1.1, l * 0.6, w * 1.15, l * 0.93, w * 0.75)
            cairo_curve_to(cr, l * 1.01, w * 0.4, l * 1.01, -w * 0.4, l * 0.93, -w * 0.75)
            cairo_curve_to(cr, l * 0.6, -w * 1.15, l * 0.15, -w * 1.1, 0, 0)
        case .pointed:
            cairo_move_to(cr, 0, 0)
            cairo_curve_to(cr, l * 0.25, w * 1.25, l * 0.65, w * 0.95, l, 0)
            cairo_curve_to(cr, l * 0.65, -w * 0.95, l * 0.25, -w * 1.25, 0, 0)
        case .rounded:
            cairo_move_to(cr, 0, 0)
            cairo_curve_to(cr, l * 0.2, w * 0.9, l * 0.55, w * 1.35, l * 0.9, w * 0.85)
            cairo_curve_to(cr, l * 1.08, w * 0.45, l * 1.08, -w * 0.45, l * 0.9, -w * 0.85)
            cairo_curve_to(cr, l * 0.55, -w * 1.35, l * 0.2, -w * 0.9, 0, 0)
        case .goblet:
            cairo_move_to(cr, 0, 0)
            cairo_curve_to(cr, l * 0.08, w * 0.75, l * 0.35, w * 1.15, l * 0.65, w * 1.05)
            cairo_curve_to(cr, l * 0.85, w * 0.95, l * 0.97, w * 0.45, l, 0)
            cairo_curve_to(cr, l * 0.97, -w * 0.45, l * 0.85, -w * 0.95, l * 0.65, -w * 1.05)
            cairo_curve_to(cr, l * 0.35, -w * 1.15, l * 0.08, -w * 0.75, 0, 0)
        }
        cairo_close_path(cr)
    }
}

/// Where one petal of a ring sits in the head's frame.
struct PetalPlacement {
    var x: Double
    var y: Double
    var angle: Double
    var length: Double
    var width: Double
}

extension Canvas {
    /// Paints many petals as one path, in a few batches of slightly different shade: one fill
    /// and one stroke per batch instead of per petal (a ring of 200 florets is 10x faster so).
    /// The shading is radial from the head's centre (darker at `innerRadius`, full colour at
    /// `outerRadius`), which is how a ring of petals is lit anyway.
    func petalRing(_ shape: PetalShape, _ placements: [PetalPlacement], color: Color, baseShade: Double,
                   innerRadius: Double, outerRadius: Double, rim: Double, using random: inout SeededGenerator) {
        let shades = [0.9, 0.97, 1.04]
        var batches = [[PetalPlacement]](repeating: [], count: shades.count)
        for placement in placements { batches[random.nextInt(below: shades.count)].append(placement) }
        for (batch, members) in batches.enumerated() where !members.isEmpty {
            cairo_new_path(context)
            for petal in members {
                isolated {
                    cairo_translate(context, petal.x, petal.y)
                    cairo_rotate(context, petal.angle)
                    shape.addPath(to: self, length: petal.length, width: petal.width)
                }
            }
            let tone = color.shaded(shades[batch])
            let pattern = cairo_pattern_create_radial(0, 0, max(0, innerRadius), 0, 0, max(innerRadius + 1, outerRadius))
            let base = tone.shaded(baseShade)
            cairo_pattern_add_color_stop_rgb(pattern, 0, base.red, base.green, base.blue)
            cairo_pattern_add_color_stop_rgb(pattern, 1, tone.red, tone.green, tone.blue)
            cairo_set_source(context, pattern)
            cairo_fill_preserve(context)
            cairo_pattern_destroy(pattern)
            if rim > 0 {
                setColor(tone.shaded(0.55), alpha: rim)
                cairo_set_line_width(context, max(0.4, members[0].width * 0.06))
                cairo_stroke_preserve(context)
            }
            cairo_new_path(context)
        }
    }
}
