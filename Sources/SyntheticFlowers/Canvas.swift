import CCairo
import Foundation

/// One Cairo image surface and its drawing context, owned by one thread.
///
/// Cairo contexts are not thread-safe, so every image gets its own canvas;
/// painters draw with plain `cairo_*` calls on `context` plus the helpers here.
final class Canvas {
    let width: Int
    let height: Int
    let surface: OpaquePointer
    let context: OpaquePointer

    /// A cleared canvas, or nil when Cairo cannot allocate it. An opaque canvas has no alpha
    /// channel, so its PNG is plain RGB: a quarter less data to compress and store.
    init?(width: Int, height: Int, opaque: Bool = false) {
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

    /// Sets the source to a solid colour.
    func setColor(_ color: Color, alpha: Double = 1) {
        cairo_set_source_rgba(context, color.red, color.green, color.blue, alpha)
    }

    /// Runs `body` between `cairo_save` and `cairo_restore`, so transforms and sources stay local.
    func isolated(_ body: () -> Void) {
        cairo_save(context)
        body()
        cairo_restore(context)
    }

    /// Adds an ellipse centred at (x, y) with the given radii to the current path.
    func ellipse(x: Double, y: Double, radiusX: Double, radiusY: Double) {
        isolated {
            cairo_translate(context, x, y)
            cairo_scale(context, max(radiusX, 1e-3), max(radiusY, 1e-3))
            cairo_new_sub_path(context)
            cairo_arc(context, 0, 0, 1, 0, 2 * Double.pi)
            cairo_close_path(context)
        }
    }

    /// Fills the current path with a linear gradient between two points and colours.
    func fillLinear(from start: (Double, Double), _ startColor: Color,
                    to end: (Double, Double), _ endColor: Color, alpha: Double = 1) {
        let pattern = cairo_pattern_create_linear(start.0, start.1, end.0, end.1)
        cairo_pattern_add_color_stop_rgba(pattern, 0, startColor.red, startColor.green, startColor.blue, alpha)
        cairo_pattern_add_color_stop_rgba(pattern, 1, endColor.red, endColor.green, endColor.blue, alpha)
        cairo_set_source(context, pattern)
        cairo_fill_preserve(context)
        cairo_pattern_destroy(pattern)
    }

    /// Fills the current path with a radial gradient from a centre colour to an edge colour.
    func fillRadial(center: (Double, Double), radius: Double, _ innerColor: Color, _ outerColor: Color,
                    innerAlpha: Double = 1, outerAlpha: Double = 1) {
        let pattern = cairo_pattern_create_radial(center.0, center.1, 0, center.0, center.1, max(radius, 1e-3))
        cairo_pattern_add_color_stop_rgba(pattern, 0, innerColor.red, innerColor.green, innerColor.blue, innerAlpha)
        cairo_pattern_add_color_stop_rgba(pattern, 1, outerColor.red, outerColor.green, outerColor.blue, outerAlpha)
        cairo_set_source(context, pattern)
        cairo_fill_preserve(context)
        cairo_pattern_destroy(pattern)
    }

    /// Draws `body` on a canvas `factor` times smaller and paints it back enlarged with
    /// bilinear filtering: a cheap, deterministic out-of-focus blur (Cairo has no blur filter).
    func blurred(factor: Double, _ body: (Canvas) -> Void) {
        let smallWidth = max(2, Int((Double(width) / factor).rounded(.up)) + 1)
        let smallHeight = max(2, Int((Double(height) / factor).rounded(.up)) + 1)
        guard let small = Canvas(width: smallWidth, height: smallHeight) else { return }
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

    /// The pixels as packed RGB bytes, row-major (Cairo stores them as native-endian
    /// premultiplied ARGB words; the scenes are opaque, so premultiplication is moot).
    func rgbBytes() -> [UInt8] {
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return [] }
        let stride = Int(cairo_image_surface_get_stride(surface))
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        data.withMemoryRebound(to: UInt8.self, capacity: stride * height) { bytes in
            for y in 0..<height {
                let row = UnsafeRawPointer(bytes + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<width {
                    let word = row[x]
                    let offset = (y * width + x) * 3
                    rgb[offset] = UInt8(truncatingIfNeeded: word >> 16)
                    rgb[offset + 1] = UInt8(truncatingIfNeeded: word >> 8)
                    rgb[offset + 2] = UInt8(truncatingIfNeeded: word)
                }
            }
        }
        return rgb
    }

    /// Replaces the pixels with packed RGB bytes (opaque), as `rgbBytes` returns them.
    func setRGBBytes(_ rgb: [UInt8]) {
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
    func writePNG(to url: URL) -> String? {
        let status = cairo_surface_write_to_png(surface, url.path)
        guard status == CAIRO_STATUS_SUCCESS else { return String(cString: cairo_status_to_string(status)) }
        return nil
    }
}
