/// How `tf.image.resize` samples, among the methods the lesson can choose.
public enum ResizeMethod: String, Sendable, CaseIterable {
    /// `method="bilinear", antialias=False` (the lesson's and `tf.image.resize`'s default).
    case bilinear
    /// `method="area"`: area averaging, which does not alias when shrinking.
    case area

    /// `image` resized to `width` x `height`: float values in the input's range (0...255).
    public func resize(_ image: RGBImage, width: Int, height: Int) -> FloatImage {
        switch self {
        case .bilinear:
            let plan = BilinearResizePlan(inputWidth: image.width, inputHeight: image.height,
                                          outputWidth: width, outputHeight: height)
            var values = [Float](repeating: 0, count: width * height * 3)
            image.pixels.withUnsafeBufferPointer { source in
                values.withUnsafeMutableBufferPointer { plan.resample(source, into: $0.baseAddress!) }
            }
            return FloatImage(width: width, height: height, values: values)
        case .area:
            return AreaResize.resize(image, width: width, height: height)
        }
    }
}
