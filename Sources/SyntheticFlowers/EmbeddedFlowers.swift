import Foundation

/// The offline stand-in for tf_flowers that the lessons draw when the learner gives no photos:
/// the generator at one seed and size, `imagesPerClass` images a class, written once into a
/// cache folder whose name holds everything that fixes its pixels (generator version, seed,
/// size, count), so a changed generator or another count never reuses stale images.
public struct EmbeddedFlowers: Sendable {
    /// The seed of the embedded flowers: every lesson that draws them draws the same flowers.
    public static let seed: UInt64 = 42
    /// Their side, in pixels (tf_flowers' photos are larger; the lessons resize every image).
    public static let imageSize = 160

    /// The generator at the embedded seed and size.
    public let generator: SyntheticFlowers
    /// Images of each class.
    public let imagesPerClass: Int

    /// The embedded flowers with `imagesPerClass` images a class (sample indices 0 ..< imagesPerClass).
    public init(imagesPerClass: Int) throws {
        guard imagesPerClass > 0 else { throw SyntheticFlowersError.invalidImageCount(imagesPerClass) }
        generator = try SyntheticFlowers(seed: Self.seed, imageSize: Self.imageSize)
        self.imagesPerClass = imagesPerClass
    }

    /// The number of images.
    public var imageCount: Int { imagesPerClass * SyntheticFlowers.classNames.count }

    /// The cache folder's name, as `synthetic-flowers-v1-seed42-160px-150`.
    public var folderName: String {
        "synthetic-flowers-v\(SyntheticFlowers.generatorVersion)-seed\(generator.seed)-\(generator.imageSize)px"
            + "-\(imagesPerClass)"
    }

    /// What the set holds, as `5 classes x 150 images, 160x160, drawn from seed 42`.
    public var summary: String {
        "\(SyntheticFlowers.classNames.count) classes x \(imagesPerClass) images, "
            + "\(generator.imageSize)x\(generator.imageSize), drawn from seed \(generator.seed)"
    }

    /// The set's folder inside `directory`.
    public func folder(in directory: URL) -> URL {
        directory.appendingPathComponent(folderName, isDirectory: true)
    }

    /// Whether `directory` already holds the whole set.
    public func isWritten(in directory: URL) -> Bool {
        generator.isCurrentDataset(at: folder(in: directory), imagesPerClass: imagesPerClass)
    }

    /// The set's folder inside `directory`, drawn and written first unless it is already there
    /// (atomically: an interrupted write leaves no partial set). `progress` is called once per image written.
    @discardableResult
    public func ensure(in directory: URL, progress: (() -> Void)? = nil) throws -> URL {
        let url = folder(in: directory)
        try generator.ensureDataset(at: url, imagesPerClass: imagesPerClass,
                                    progress: progress.map { report in { _, _ in report() } })
        return url
    }
}
