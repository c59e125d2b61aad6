// Layout legend: images are HWC (H rows, W columns, C = 3 channels), row-major.

/// Area-averaging resize with the arithmetic of TensorFlow's ResizeArea kernel
/// (`tf.image.resize(method="area")`, tensorflow/core/kernels/image/resize_area_op.cc):
/// each output pixel is the average of the source pixels its footprint covers, each
/// weighted by the fraction of it covered. Use it to shrink without aliasing.
///
/// Same float operations in the same order as the kernel: per covered source row, the
/// first and last covered columns weighted by their coverage and the ones between summed
/// unweighted; each row sum weighted by its row coverage; the total multiplied by
/// 1 / (heightScale * widthScale), that reciprocal taken in double precision.
public enum AreaResize {
    /// One output coordinate's covered source range and the coverage of its end cells.
    struct Footprint {
        var start: Int
        var end: Int
        var startScale: Float
        var endMinusOneScale: Float
    }

    /// The coverage of source cell `cell` by the output footprint [from, to).
    static func coverage(cell: Int, from: Float, to: Float, scale: Float) -> Float {
        let cellStart = Float(cell), cellEnd = Float(cell + 1)
        if cellStart < from {
            return cellEnd > to ? scale : cellEnd - from
        }
        return cellEnd > to ? to - cellStart : 1
    }

    static func footprints(inSize: Int, outSize: Int, scale: Float) -> [Footprint] {
        (0..<outSize).map { i in
            let from = Float(i) * scale, to = Float(i + 1) * scale
            let start = Int(from.rounded(.down)), end = Int(to.rounded(.up))
            return Footprint(start: start, end: end,
                             startScale: coverage(cell: start, from: from, to: to, scale: scale),
                             endMinusOneScale: coverage(cell: end - 1, from: from, to: to, scale: scale))
        }
    }

    /// `image` resized to `width` x `height` by area averaging; float output in 0...255.
    public static func resize(_ image: RGBImage, width: Int, height: Int) -> FloatImage {
        precondition(image.width > 0 && image.height > 0 && width > 0 && height > 0,
                     "cannot resize \(image.width)x\(image.height) to \(width)x\(height)")
        let heightScale = Float(image.height) / Float(height)
        let widthScale = Float(image.width) / Float(width)
        let columns = footprints(inSize: image.width, outSize: width, scale: widthScale)
        let total = Float(1.0 / Double(heightScale * widthScale))
        var values = [Float](repeating: 0, count: width * height * 3)
        let clampRow = { (row: Int) in min(image.height - 1, max(0, row)) }
        let clampColumn = { (column: Int) in min(image.width - 1, max(0, column)) }
        for y in 0..<height {
            let from = Float(y) * heightScale, to = Float(y + 1) * heightScale
            let rows = Int(from.rounded(.down))..<Int(to.rounded(.up))
            for x in 0..<width {
                let footprint = columns[x]
                for c in 0..<3 {
                    var sum: Float = 0
                    for row in rows {
                        let rowScale = coverage(cell: row, from: from, to: to, scale: heightScale)
                        let base = clampRow(row) * image.width
                        let value = { (column: Int) in Float(image.pixels[(base + clampColumn(column)) * 3 + c]) }
                        var rowSum = value(footprint.start) * footprint.startScale
                        if footprint.start + 1 != footprint.end {
                            for column in (footprint.start + 1)..<max(footprint.start + 1, footprint.end - 1) {
                                rowSum += value(column)
                            }
                            rowSum += value(footprint.end - 1) * footprint.endMinusOneScale
                        }
                        sum += rowSum * rowScale
                    }
                    values[(y * width + x) * 3 + c] = sum * total
                }
            }
        }
        return FloatImage(width: width, height: height, values: values)
    }
}
