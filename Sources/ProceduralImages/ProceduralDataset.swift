import Foundation
import Tensors

/// A procedural image dataset: square images of `imageSize` pixels, each a pure function of
/// (seed, class, sample index), which can be written to disk as a `DatasetFolder`.
///
/// A generator declares its classes, sizes, name and version; this protocol's extension
/// gives it the parts every generator shares: its manifest, file names, random streams.
public protocol ProceduralDataset: Sendable {
    /// The class names, in label order; also the class folders' names.
    static var classNames: [String] { get }
    /// Image sides the generator supports, in pixels.
    static var supportedSizes: ClosedRange<Int> { get }
    /// The generator's name in the manifest, as `synthetic-flowers`.
    static var generatorName: String { get }
    /// Bumped by hand whenever a change to the drawing changes any pixel, so that a written
    /// dataset from an older version is recognised as stale.
    static var generatorVersion: Int { get }
    /// The seed every image derives its random stream from.
    var seed: UInt64 { get }
    /// The side of the square images, in pixels.
    var imageSize: Int { get }
}

extension ProceduralDataset {
    /// The manifest's file name, in the dataset's root next to the class folders.
    public static var manifestFileName: String { DatasetFolder.manifestFileName }

    /// The file name of one sample, as `daisy_0007.png`.
    public static func fileName(classIndex: Int, sampleIndex: Int) -> String {
        DatasetFolder.fileName(className: classNames[classIndex], sampleIndex: sampleIndex)
    }

    /// The manifest describing a dataset of `imagesPerClass` images per class from this generator.
    public func manifest(imagesPerClass: Int) -> DatasetManifest {
        DatasetManifest(generator: Self.generatorName, generatorVersion: Self.generatorVersion, seed: seed,
                        imageSize: imageSize, imagesPerClass: imagesPerClass, classNames: Self.classNames)
    }

    /// The on-disk layout of a dataset of `imagesPerClass` images per class.
    public func datasetFolder(imagesPerClass: Int) -> DatasetFolder {
        DatasetFolder(manifest: manifest(imagesPerClass: imagesPerClass))
    }

    /// The random stream that draws sample `sampleIndex` of class `classIndex`.
    public func randomStream(classIndex: Int, sampleIndex: Int) -> SeededGenerator {
        SampleStream.generator(seed: seed, classIndex: classIndex, sampleIndex: sampleIndex)
    }
}
