import BiT
import Foundation
import LessonKit
import Plotting
import SyntheticShapes
import Tensors

/// Cells 1-2: look-at-data and build-model.
enum UpstreamCells {
    static let lookAtData = CellImplementation(name: "look-at-data", version: "2") { context in
        let seed = UInt64(try context.int("seed")), imageSize = try context.int("image_size")
        let upstream = try UpstreamData(context)
        if case .deadLeaves(let exemplars) = upstream {
            return try showDeadLeaves(seed: seed, imageSize: imageSize, exemplars: exemplars, context: context)
        }
        let generator = try SyntheticShapes(seed: seed, imageSize: imageSize)
        let names = SyntheticShapes.classNames
        // Sixteen classes spread over the catalogue, one sample each.
        let shown = (0..<16).map { $0 * names.count / 16 }
        let tiles = try shown.enumerated().map { position, classIndex in
            let image = try generator.render(classIndex: classIndex, sampleIndex: position)
            return ImageTile(image: try PlotImage(width: image.width, height: image.height, rgb: image.rgb),
                             title: names[classIndex])
        }
        try Figure.imageGrid(tiles, columns: 4, title: "Synthetic shapes, \(generator.imageSize)x\(generator.imageSize)")
            .writePNG(to: context.outputURL(named: "01-shapes.png"))
        context.summary.image(path: "01-shapes.png", alt: "sixteen synthetic-shapes images with their classes")
        let rows = stride(from: 0, to: names.count, by: 8).map { start in
            Array(names[start ..< min(names.count, start + 8)])
        }
        context.summary.paragraph("The \(names.count) classes:")
        context.summary.table(headers: Array(repeating: "", count: 8),
                              rows: rows.map { $0 + Array(repeating: "", count: 8 - $0.count) })
        context.fact("classes", names.count)
        context.fact("figure", "01-shapes.png")
        if case .mixed(let exemplars) = upstream {
            try showDeadLeaves(seed: seed, imageSize: imageSize, exemplars: exemplars, context: context)
        }
    }

    /// Four exemplars, each whole and in three random views: what the network learns to match.
    private static func showDeadLeaves(seed: UInt64, imageSize: Int, exemplars: Int, context: CellContext) throws {
        let side = imageSize * ExemplarBatches.exemplarScale
        // The pretrain cell's limits, said here first rather than as the generator's limit on 3x the side.
        try ExemplarBatches.check(imageSize: imageSize, exemplars: exemplars, bytes: side * side * 3)
        let generator = try DeadLeaves(seed: seed, imageSize: side)
        var random = SeededGenerator.derived(seed: seed, stream: 0x4C4F_4F4B)
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
            .writePNG(to: context.outputURL(named: deadLeavesFigure))
        context.summary.image(path: deadLeavesFigure, alt: "four dead-leaves images, each followed by three random views of it")
        context.summary.paragraph("Each of the \(exemplars.formatted()) dead-leaves images is a class of its own; its "
            + "examples are random views like the three beside each image above: crops of 2% to 100% of its area, "
            + "mirrored half the time, with light brightness, contrast and saturation jitter.")
        context.fact("dead-leaves images", exemplars)
        context.fact("dead-leaves figure", deadLeavesFigure)
    }

    static let deadLeavesFigure = "01-dead-leaves.png"

    static let buildModel = CellImplementation(name: "build-model", version: "2") { context in
        let architecture = try UpstreamSettings.architecture(context)
        let classes = try UpstreamData(context).classCount
        let layout = architecture.layout(headClasses: classes)
        let parameters = layout.reduce(0) { $0 + $1.shape.reduce(1, *) }
        let head = architecture.featureCount * classes + classes
        var rows = architecture.blockUnits.enumerated().map { block, units in
            ["block \(block + 1)", "\(units)", "\(architecture.middleChannels(block: block))",
             "\(architecture.outputChannels(block: block))", block == 0 ? "1" : "2"]
        }
        rows.insert(["root", "7x7 conv + 3x3 max pool", "—", "\(architecture.rootChannels)", "4"], at: 0)
        context.summary.table(headers: ["stage", "units", "middle channels", "output channels", "stride"], rows: rows)
        context.summary.paragraph("\(parameters.formatted()) parameters, of which \(head.formatted()) in the "
            + "\(classes)-way head; \(architecture.featureCount) pre-logit features; "
            + String(format: "%.1f MB", Double(parameters * 4) / 1e6) + " as float32.")
        try StateFile.write(ModelDescription(blockUnits: architecture.blockUnits, rootChannels: architecture.rootChannels,
                                             parameters: parameters),
                            to: context.stateDirectory.appendingPathComponent(ModelDescription.fileName))
        context.fact("architecture", "ResNetV2 \(architecture.blockUnits) x \(architecture.rootChannels) root channels")
        context.fact("parameters", parameters.formatted())
    }
}

/// What build-model records.
struct ModelDescription: Codable {
    var blockUnits: [Int]
    var rootChannels: Int
    var parameters: Int

    static let fileName = "model.json"
}
