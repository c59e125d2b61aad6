import CCairo
import Foundation

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

extension Canvas {
    /// Paints one petal from (x, y) towards `angle` (radians), shaded from a darker base to
    /// `color` at the tip (flat when `baseShade` is 1), with a faint darker rim so that pale
    /// petals stand out on pale ground.
    func petal(_ shape: PetalShape, x: Double, y: Double, angle: Double, length: Double, width: Double,
               color: Color, baseShade: Double = 0.75, rim: Double = 0.25) {
        isolated {
            cairo_translate(context, x, y)
            cairo_rotate(context, angle)
            shape.addPath(to: self, length: length, width: width)
            if baseShade < 1 {
                fillLinear(from: (0, 0), color.shaded(baseShade), to: (length * 0.6, 0), color)
            } else {
                setColor(color)
                cairo_fill_preserve(context)
            }
            if rim > 0 {
                setColor(color.shaded(0.55), alpha: rim)
                cairo_set_line_width(context, max(0.4, width * 0.06))
                cairo_stroke_preserve(context)
            }
            cairo_new_path(context)
        }
    }
}
