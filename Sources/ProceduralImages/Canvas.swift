import CCairo
import Foundation

/// One Cairo image surface and its context, owned by one thread at a time.
///
/// Cairo contexts are not thread-safe, so every image (or every rendering worker, drawing
/// image after image after `reset()`) gets its own canvas. Painters use plain `cairo_*`
/// calls on `context` plus the helpers here.
public final class Canvas {
    /// The surface's width in pixels.
    public let width: Int
    /// The surface's height in pixels.
    public let height: Int
    /// The Cairo image surface (RGB24 or ARGB32).
    public let surface: OpaquePointer
    /// The Cairo drawing context on `surface`.
    public let context: OpaquePointer

    /// A canvas of `width` x `height` pixels (opaque RGB24 unless `opaque` is false),
    /// or nil when Cairo cannot allocate it.
    public init?(width: Int, height: Int, opaque: Bool = true) {
        let format = opaque ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32
        guard let surface = cairo_image_surface_create(format, Int32(width), Int32(height)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
        else { return nil }
        guard let context = cairo_create(surface), cairo_status(context) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            return nil
        }
        self.width = width
        self.height = height
        self.surface = surface
        self.context = context
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Forgets the previous image's state: identity transform, no clip, no path, black source,
    /// default operator and line style.
    public func reset() {
        cairo_identity_matrix(context)
        cairo_set_operator(context, CAIRO_OPERATOR_OVER)
        cairo_reset_clip(context)
        cairo_new_path(context)
        cairo_set_source_rgb(context, 0, 0, 0)
        cairo_set_line_width(context, 2)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_BUTT)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_MITER)
        cairo_set_fill_rule(context, CAIRO_FILL_RULE_WINDING)
    }

    /// Sets the source to a solid colour.
    public func setColor(_ color: Color, alpha: Double = 1) {
        cairo_set_source_rgba(context, color.red, color.green, color.blue, alpha)
    }

    /// Runs `body` between `cairo_save` and `cairo_restore`, so transforms, clips and sources stay local.
    public func isolated(_ body: () -> Void) {
        cairo_save(context)
        body()
        cairo_restore(context)
    }

    /// Adds a closed ellipse centred at (x, y) to the current path.
    public func ellipse(x: Double, y: Double, radiusX: Double, radiusY: Double) {
        isolated {
            cairo_translate(context, x, y)
            cairo_scale(context, max(radiusX, 1e-4), max(radiusY, 1e-4))
            cairo_new_sub_path(context)
            cairo_arc(context, 0, 0, 1, 0, 2 * Double.pi)
            cairo_close_path(context)
        }
    }

    /// Adds a circle to the current path.
    public func circle(x: Double, y: Double, radius: Double) {
        cairo_new_sub_path(context)
        cairo_arc(context, x, y, max(radius, 1e-4), 0, 2 * Double.pi)
        cairo_close_path(context)
    }

    /// Adds a closed polygon through `points` to the current path.
    public func polygon(_ points: [(Double, Double)]) {
        guard let first = points.first else { return }
        cairo_move_to(context, first.0, first.1)
        for point in points.dropFirst() { cairo_line_to(context, point.0, point.1) }
        cairo_close_path(context)
    }

    /// Adds an open polyline through `points` to the current path.
    public func polyline(_ points: [(Double, Double)]) {
        guard let first = points.first else { return }
        cairo_move_to(context, first.0, first.1)
        for point in points.dropFirst() { cairo_line_to(context, point.0, point.1) }
    }

    /// Strokes the current path with `color` at `width` (in user units), with round ends and
    /// joins, or square ends and mitred joins.
    public func stroke(_ color: Color, width: Double, alpha: Double = 1, rounded: Bool = true) {
        setColor(color, alpha: alpha)
        cairo_set_line_width(context, width)
        cairo_set_line_cap(context, rounded ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_SQUARE)
        cairo_set_line_join(context, rounded ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER)
        cairo_stroke(context)
    }

    /// Fills the current path with a solid colour.
    public func fill(_ color: Color, alpha: Double = 1) {
        setColor(color, alpha: alpha)
        cairo_fill(context)
    }

    /// Fills the current path (and keeps it) with a linear gradient between two points and colours.
    public func fillLinear(from start: (Double, Double), _ startColor: Color,
                           to end: (Double, Double), _ endColor: Color, alpha: Double = 1) {
        let pattern = cairo_pattern_create_linear(start.0, start.1, end.0, end.1)
        cairo_pattern_add_color_stop_rgba(pattern, 0, startColor.red, startColor.green, startColor.blue, alpha)
        cairo_pattern_add_color_stop_rgba(pattern, 1, endColor.red, endColor.green, endColor.blue, alpha)
        cairo_set_source(context, pattern)
        cairo_fill_preserve(context)
        cairo_pattern_destroy(pattern)
    }

    /// Fills the current path (and keeps it) with a radial gradient from a centre colour to an edge colour.
    public func fillRadial(center: (Double, Double), radius: Double, _ innerColor: Color, _ outerColor: Color,
                           innerAlpha: Double = 1, outerAlpha: Double = 1) {
        let pattern = cairo_pattern_create_radial(center.0, center.1, 0, center.0, center.1, max(radius, 1e-3))
        cairo_pattern_add_color_stop_rgba(pattern, 0, innerColor.red, innerColor.green, innerColor.blue, innerAlpha)
        cairo_pattern_add_color_stop_rgba(pattern, 1, outerColor.red, outerColor.green, outerColor.blue, outerAlpha)
        cairo_set_source(context, pattern)
        cairo_fill_preserve(context)
        cairo_pattern_destroy(pattern)
    }

    /// Draws `body` on a canvas `factor` times smaller and paints it back enlarged with
    /// bilinear filtering: a cheap, deterministic soft blur (Cairo has no blur filter).
    public func blurred(factor: Double, _ body: (Canvas) -> Void) {
        let smallWidth = max(2, Int((Double(width) / factor).rounded(.up)) + 1)
        let smallHeight = max(2, Int((Double(height) / factor).rounded(.up)) + 1)
        guard let small = Canvas(width: smallWidth, height: smallHeight, opaque: false) else { return }
        cairo_scale(small.context, 1 / factor, 1 / factor)
        body(small)
        cairo_surface_flush(small.surface)
        isolated {
            cairo_scale(context, factor, factor)
            cairo_set_source_surface(context, small.surface, 0, 0)
            let pattern = cairo_get_source(context)
            cairo_pattern_set_filter(pattern, CAIRO_FILTER_BILINEAR)
            cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD)
            cairo_paint(context)
        }
    }

    /// Copies the pixels as packed RGB bytes, row-major, into `destination` (which must hold
    /// `width * height * 3` bytes). Cairo stores native-endian xRGB words.
    public func copyRGB(into destination: UnsafeMutableBufferPointer<UInt8>) {
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface),
              destination.count >= width * height * 3 else { return }
        let stride = Int(cairo_image_surface_get_stride(surface))
        for y in 0..<height {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            var offset = y * width * 3
            for x in 0..<width {
                let word = row[x]
                destination[offset] = UInt8(truncatingIfNeeded: word >> 16)
                destination[offset + 1] = UInt8(truncatingIfNeeded: word >> 8)
                destination[offset + 2] = UInt8(truncatingIfNeeded: word)
                offset += 3
            }
        }
    }

    /// The pixels as a new array of packed RGB bytes, row-major (`width * height * 3`).
    public func rgbBytes() -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        rgb.withUnsafeMutableBufferPointer { copyRGB(into: $0) }
        return rgb
    }

    /// Replaces the pixels with packed RGB bytes (as `copyRGB` gives them), opaque, e.g. to write a PNG of them.
    public func setRGB(_ rgb: [UInt8]) {
        cairo_surface_flush(surface)
        guard rgb.count == width * height * 3, let data = cairo_image_surface_get_data(surface) else { return }
        let stride = Int(cairo_image_surface_get_stride(surface))
        for y in 0..<height {
            let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width {
                let offset = (y * width + x) * 3
                row[x] = 0xFF00_0000 | UInt32(rgb[offset]) << 16 | UInt32(rgb[offset + 1]) << 8
                    | UInt32(rgb[offset + 2])
            }
        }
        cairo_surface_mark_dirty(surface)
    }

    /// Writes the surface as a PNG file; returns Cairo's status text on failure.
    public func writePNG(to url: URL) -> String? {
        let status = cairo_surface_write_to_png(surface, url.path)
        guard status == CAIRO_STATUS_SUCCESS else { return String(cString: cairo_status_to_string(status)) }
        return nil
    }
}
