import BiT
import Foundation
import LessonKit
import Plotting
import SyntheticShapes

/// Cells 1-2: look-at-data and build-model.
enum UpstreamCells {
    static let lookAtData = CellImplementation(name: "look-at-data", version: "1") { context in
        let seed = UInt64(try context.int("seed"))
        let generator = try SyntheticShapes(seed: seed, imageSize: try context.int("image_size"))
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
    }

    static let buildModel = CellImplementation(name: "build-model", version: "1") { context in
        let architecture = try UpstreamSettings.architecture(context)
        let classes = SyntheticShapes.classNames.count
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
