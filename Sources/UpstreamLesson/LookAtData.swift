import Foundation
import LessonKit
import Plotting
import Tensors
import SyntheticShapes

/// Cell 1: a grid of the upstream images, and their classes.
struct LookAtData: Cell {
    @Parameter var seed: Int
    @Parameter var imageSize: Int
    @Parameter var upstream: UpstreamTask
    @Parameter var exemplars: Int

    func run(_ context: CellContext) throws -> UpstreamSample {
        var figures: [String] = []
        if upstream != .deadLeaves {
            try showShapes(context)
            figures.append(Self.shapesFigure)
        }
        if upstream != .shapes {
            try showDeadLeaves(context)
            figures.append(Self.deadLeavesFigure)
        }
        return UpstreamSample(classes: UpstreamData(upstream, exemplars: exemplars).classCount, figures: figures)
    }
}

/// What the cell drew.
struct UpstreamSample: Codable, Equatable {
    /// Classes of the upstream task.
    var classes: Int
    /// The figures, in the order shown.
    var figures: [String]
}

extension LookAtData {
    static let shapesFigure = "01-shapes.png"
    static let deadLeavesFigure = "01-dead-leaves.png"

    /// Sixteen classes spread over the catalogue, one sample each, and the table of all classes.
    func showShapes(_ context: CellContext) throws {
        let generator = try SyntheticShapes(seed: UInt64(seed), imageSize: imageSize)
        let names = SyntheticShapes.classNames
        let shown = (0..<16).map { $0 * names.count / 16 }
        let tiles = try shown.enumerated().map { position, classIndex in
            let image = try generator.render(classIndex: classIndex, sampleIndex: position)
            return ImageTile(image: try PlotImage(width: image.width, height: image.height, rgb: image.rgb),
                             title: names[classIndex])
        }
        try Figure.imageGrid(tiles, columns: 4, title: "Synthetic shapes, \(generator.imageSize)x\(generator.imageSize)")
            .writePNG(to: context.outputURL(named: Self.shapesFigure))
        context.summary.image(path: Self.shapesFigure, alt: "sixteen synthetic-shapes images with their classes")
        let rows = stride(from: 0, to: names.count, by: 8).map { start in
            Array(names[start ..< min(names.count, start + 8)])
        }
        context.summary.paragraph("The \(names.count) classes:")
        context.summary.table(headers: Array(repeating: "", count: 8),
                              rows: rows.map { $0 + Array(repeating: "", count: 8 - $0.count) })
        context.fact("classes", names.count)
        context.fact("figure", Self.shapesFigure)
    }

    /// Four exemplars, each whole and in three random views: what the network learns to match.
    func showDeadLeaves(_ context: CellContext) throws {
        let side = imageSize * ExemplarBatches.exemplarScale
        // The pretrain cell's limits, said here first rather than as the generator's limit on 3x the side.
        try ExemplarBatches.check(imageSize: imageSize, exemplars: exemplars, bytes: side * side * 3)
        let generator = try DeadLeaves(seed: UInt64(seed), imageSize: side)
        var random = SeededGenerator.derived(seed: UInt64(seed), stream: 0x4C4F_4F4B)
        var tiles: [ImageTile] = []
        for index in 0..<min(4, exemplars) {
            let image = try generator.render(index: index).rgb
            let views = [ExemplarView.whole(side: side)] + (0..<3).map { _ in ExemplarView.random(side: side, using: &random) }
            for (number, view) in views.enumerated() {
                tiles.append(ImageTile(image: try PlotImage(width: imageSize, height: imageSize,
                                                            rgb: view.bytes(of: image, side: side, output: imageSize)),
                                       title: number == 0 ? "image \(index + 1)" : "view \(number)"))
            }
        }
        try Figure.imageGrid(tiles, columns: 4, title: "Dead leaves, \(imageSize)x\(imageSize): images and random views")
            .writePNG(to: context.outputURL(named: Self.deadLeavesFigure))
        context.summary.image(path: Self.deadLeavesFigure,
                              alt: "four dead-leaves images, each followed by three random views of it")
        context.summary.paragraph("Each of the \(exemplars.formatted()) dead-leaves images is a class of its own; its "
            + "examples are random views like the three beside each image above: crops of 2% to 100% of its area, "
            + "mirrored half the time, with light brightness, contrast and saturation jitter.")
        context.fact("dead-leaves images", exemplars)
        context.fact("dead-leaves figure", Self.deadLeavesFigure)
    }
}
