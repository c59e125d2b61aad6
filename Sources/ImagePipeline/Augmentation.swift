// Layout legend: images are HWC (H rows, W columns, C = 3 channels), row-major.
import Tensors

/// One augmented view of one image: whether it is mirrored, and where the crop starts.
public struct AugmentationView: Equatable, Hashable, Sendable {
    /// Mirror left to right before resizing (`tf.image.random_flip_left_right`).
    public var flip: Bool
    /// Left column of the crop in the resized image.
    public var cropX: Int
    /// Top row of the crop in the resized image.
    public var cropY: Int

    public init(flip: Bool, cropX: Int, cropY: Int) {
        self.flip = flip
        self.cropX = cropX
        self.cropY = cropY
    }
}

/// The lesson's preprocessing, as its Keras code writes it:
///
/// ```
/// train: random_flip_left_right → resize(RESIZE_TO, RESIZE_TO) → random_crop(CROP_TO, CROP_TO, 3) → / 255
/// test:  resize(RESIZE_TO, RESIZE_TO) → / 255
/// ```
///
/// The random choices of a view are a pure function of (seed, image index, view index),
/// so the same seed gives the same batches on every machine, and a feature cache keyed by
/// (image, view) can recompute exactly the crop it stored.
public struct AugmentationPlan: Equatable, Sendable {
    /// The square size images are resized to (the lesson's RESIZE_TO, 384).
    public var resizeTo: Int
    /// The square size of the random crop (CROP_TO, 224).
    public var cropTo: Int
    /// The resampling method (the lesson uses bilinear, `tf.image.resize`'s default).
    public var method: ResizeMethod

    /// `cropTo` must not exceed `resizeTo`.
    public init(resizeTo: Int = 384, cropTo: Int = 224, method: ResizeMethod = .bilinear) {
        precondition(cropTo > 0 && cropTo <= resizeTo, "crop \(cropTo) does not fit in resize \(resizeTo)")
        self.resizeTo = resizeTo
        self.cropTo = cropTo
        self.method = method
    }

    /// The flip and crop of view `viewIndex` of image `imageIndex` under `seed`.
    ///
    /// Draw order: flip first (a fair coin), then the crop's top row, then its left
    /// column, each uniform over every offset that keeps the crop inside (as
    /// `random_crop` draws offsets in shape order: height, then width).
    public func view(seed: UInt64, imageIndex: Int, viewIndex: Int) -> AugmentationView {
        var perImage = SeededGenerator.derived(seed: seed, stream: UInt64(truncatingIfNeeded: imageIndex))
        var generator = SeededGenerator.derived(seed: perImage.next(), stream: UInt64(truncatingIfNeeded: viewIndex))
        let flip = generator.nextInt(below: 2) == 1
        let cropY = generator.nextInt(below: resizeTo - cropTo + 1)
        let cropX = generator.nextInt(below: resizeTo - cropTo + 1)
        return AugmentationView(flip: flip, cropX: cropX, cropY: cropY)
    }

    /// The side of a training image after preprocessing.
    public var trainSize: Int { cropTo }
    /// The side of a test image after preprocessing.
    public var testSize: Int { resizeTo }

    /// The training preprocessing of `image` for `view`: values in [0, 1].
    public func trainImage(_ image: RGBImage, view: AugmentationView) -> FloatImage {
        var values = [Float](repeating: 0, count: cropTo * cropTo * 3)
        values.withUnsafeMutableBufferPointer { writeTrainImage(image, view: view, into: $0.baseAddress!) }
        return FloatImage(width: cropTo, height: cropTo, values: values)
    }

    /// The test preprocessing of `image`: values in [0, 1].
    public func testImage(_ image: RGBImage) -> FloatImage {
        var values = [Float](repeating: 0, count: resizeTo * resizeTo * 3)
        values.withUnsafeMutableBufferPointer { writeTestImage(image, into: $0.baseAddress!) }
        return FloatImage(width: resizeTo, height: resizeTo, values: values)
    }

    /// Writes the training preprocessing (`cropTo * cropTo * 3` floats) to `output`.
    ///
    /// Bilinear: one pass that reads mirrored columns when flipping and evaluates the
    /// resize on the crop window only; both are exact rewrites of flip → resize → crop.
    public func writeTrainImage(_ image: RGBImage, view: AugmentationView, into output: UnsafeMutablePointer<Float>) {
        let window = PixelWindow(x: view.cropX, y: view.cropY, width: cropTo, height: cropTo)
        switch method {
        case .bilinear:
            let plan = BilinearResizePlan(inputWidth: image.width, inputHeight: image.height,
                                          outputWidth: resizeTo, outputHeight: resizeTo)
            image.pixels.withUnsafeBufferPointer { source in
                plan.resample(source, mirrored: view.flip, window: window, divisor: 255, into: output)
            }
        case .area:
            let flipped = view.flip ? image.flippedLeftRight() : image
            let crop = method.resize(flipped, width: resizeTo, height: resizeTo)
                .cropped(x: window.x, y: window.y, width: cropTo, height: cropTo)
            for (i, value) in crop.values.enumerated() { output[i] = value / 255 }
        }
    }

    /// Writes the test preprocessing (`resizeTo * resizeTo * 3` floats) to `output`.
    public func writeTestImage(_ image: RGBImage, into output: UnsafeMutablePointer<Float>) {
        switch method {
        case .bilinear:
            let plan = BilinearResizePlan(inputWidth: image.width, inputHeight: image.height,
                                          outputWidth: resizeTo, outputHeight: resizeTo)
            image.pixels.withUnsafeBufferPointer { source in
                plan.resample(source, divisor: 255, into: output)
            }
        case .area:
            let resized = method.resize(image, width: resizeTo, height: resizeTo)
            for (i, value) in resized.values.enumerated() { output[i] = value / 255 }
        }
    }
}
