// swift-tools-version:5.10
import PackageDescription

/// The numerical targets are compiled with optimisation even in debug builds:
/// the kernels are 10-100x slower at -Onone, which would make the test suite
/// (fixture forward passes, decoding real photos) take far too long.
let optimized: [SwiftSetting] = [.unsafeFlags(["-O"])]

let package = Package(
    name: "lesson",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lesson", targets: ["lesson"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // System library shims (Debian: libopenblas-dev, libcairo2-dev, libturbojpeg0-dev, libarchive-dev).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev"]), .brew(["cairo"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg",
                       providers: [.apt(["libturbojpeg0-dev"]), .brew(["jpeg-turbo"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive",
                       providers: [.apt(["libarchive-dev"]), .brew(["libarchive"])]),

        // Numerical libraries: they know nothing of lessons.
        // Atomic file writes (temporary file, then rename) and what a failed write means: shared by
        // the numerical libraries and the notebook runtime, it knows nothing of either.
        .target(name: "FileWriting"),
        .target(name: "Tensors", dependencies: ["CBLAS"], swiftSettings: optimized),
        .target(name: "NumPyIO", dependencies: ["Tensors", "FileWriting", "ZIPFoundation", "CArchive"],
                swiftSettings: optimized),
        .target(name: "BiT", dependencies: ["Tensors", "NumPyIO"], swiftSettings: optimized),
        .target(name: "Training", dependencies: [
            "Tensors", "NumPyIO", "FileWriting", .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: optimized),
        // The one 8-bit RGB image and colour types the pipeline, the figures and the drawings share.
        .target(name: "Imaging", swiftSettings: optimized),
        .target(name: "ImagePipeline", dependencies: [
            "Imaging", "Tensors", "CTurboJPEG", "CCairo", .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: optimized),
        .target(name: "Plotting", dependencies: ["Imaging", "CCairo"], swiftSettings: optimized),
        // Shared by the procedural datasets: Cairo canvas, colours, random draws, dataset folders.
        .target(name: "ProceduralImages", dependencies: ["Imaging", "Tensors", "CCairo"], swiftSettings: optimized),
        .target(name: "SyntheticFlowers", dependencies: ["ProceduralImages", "Tensors", "CCairo"],
                swiftSettings: optimized),
        .target(name: "SyntheticShapes", dependencies: ["ProceduralImages", "Tensors", "CCairo"],
                swiftSettings: optimized),

        // Downloads, verifies and safely unpacks a lesson's real assets (`lesson fetch`).
        .target(name: "AssetFetch", dependencies: [
            "CArchive",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),

        // Embeds each lesson module's Swift sources into the module (the notebook views show
        // each cell's code from them): a build-tool plugin and the tool it runs.
        .executableTarget(name: "EmbedSourcesTool"),
        .plugin(name: "EmbedSources", capability: .buildTool(), dependencies: ["EmbedSourcesTool"]),

        // The notebook runtime: knows nothing of tensors.
        .target(name: "LessonKit", dependencies: [
            "FileWriting",
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Lesson 62's cells: thin glue over the libraries.
        .target(name: "BigTransferLesson", dependencies: [
            "LessonKit", "Tensors", "NumPyIO", "BiT", "Training", "ImagePipeline", "Plotting", "SyntheticFlowers",
            "NetworkTraining",
        ], plugins: ["EmbedSources"]),
        // Lesson 0, a three-cell tour of the runner (also what the CLI tests run end to end).
        .target(name: "NetworkTraining", dependencies: ["BiT", "NumPyIO", "Tensors", "Training"],
                swiftSettings: optimized),
        .target(name: "UpstreamLesson", dependencies: [
            "LessonKit", "BiT", "ImagePipeline", "NetworkTraining", "NumPyIO", "Plotting", "SyntheticFlowers",
            "SyntheticShapes", "ProceduralImages", "Tensors", "Training",
        ], plugins: ["EmbedSources"]),
        .target(name: "TourLesson", dependencies: ["LessonKit"], plugins: ["EmbedSources"]),
        .executableTarget(name: "lesson", dependencies: [
            "LessonKit", "TourLesson", "BigTransferLesson", "UpstreamLesson", "BiT", "ImagePipeline", "NumPyIO", "AssetFetch",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Tests mirror the sources.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // The float64 reference of the training engine: plain generic kernels, checked
        // against finite differences; the engine's float32 gradients are checked against it.
        .target(name: "Float64Reference", dependencies: ["Tensors", "BiT", "CBLAS"], path: "Tests/Float64Reference",
                swiftSettings: optimized),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors", "Float64Reference", "TestSupport"]),
        .testTarget(name: "Float64ReferenceTests", dependencies: ["Float64Reference", "Tensors", "BiT", "NumPyIO",
                                                                  "TestSupport"]),
        .testTarget(name: "NumPyIOTests", dependencies: ["NumPyIO", "FileWriting", "Tensors", "ZIPFoundation", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "BiTTests", dependencies: ["BiT", "NumPyIO", "Float64Reference", "TestSupport"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "NumPyIO", "TestSupport"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
        .testTarget(name: "ImagePipelineTests", dependencies: ["ImagePipeline", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "TestSupport"]),
        .testTarget(name: "ProceduralImagesTests", dependencies: ["ProceduralImages", "Tensors", "CCairo", "TestSupport"]),
        .testTarget(name: "SyntheticFlowersTests", dependencies: ["SyntheticFlowers", "TestSupport"]),
        .testTarget(name: "SyntheticShapesTests", dependencies: ["SyntheticShapes", "Tensors", "TestSupport"]),
        .testTarget(name: "AssetFetchTests", dependencies: ["AssetFetch", "CArchive", "TestSupport"]),
        .testTarget(name: "LessonKitTests", dependencies: ["LessonKit", "FileWriting", "TourLesson", "TestSupport"]),
        .testTarget(name: "BigTransferLessonTests", dependencies: [
            "BigTransferLesson", "LessonKit", "BiT", "ImagePipeline", "NumPyIO", "Plotting", "Tensors", "Training", "SyntheticFlowers",
            "TestSupport",
        ]),
        .testTarget(name: "NetworkTrainingTests", dependencies: [
            "NetworkTraining", "BiT", "Float64Reference", "SyntheticShapes", "Tensors", "Training", "TestSupport",
        ]),
        .testTarget(name: "UpstreamLessonTests", dependencies: [
            "UpstreamLesson", "LessonKit", "BiT", "ImagePipeline", "NetworkTraining", "NumPyIO", "Plotting",
            "SyntheticFlowers", "SyntheticShapes", "Tensors", "Training", "TestSupport",
        ]),
        .testTarget(name: "LessonCLITests", dependencies: [
            "LessonKit", "BigTransferLesson", "SyntheticFlowers", "TestSupport", "BiT", "NumPyIO", "Tensors",
        ]),
    ]
)
