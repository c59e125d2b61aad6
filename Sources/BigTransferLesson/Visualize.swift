import Foundation
import ImagePipeline
import LessonKit
import Plotting
import Tensors

/// Cell 3. The Keras lesson's `plt.imshow` grid: nine training images with their classes.
struct Visualize: Cell {
    @Parameter var seed: Int
    @Upstream var dataset: Dataset
    @Input var data: ResolvedInput

    func run(_ context: CellContext) throws -> Samples {
        let source = ImageSource(dataset: dataset, root: data.url, memo: context.memo)
        var generator = SeededGenerator.derived(seed: UInt64(seed), stream: 0x5649_5355)
        var picks = dataset.trainIndices
        generator.shuffle(&picks)
        let shown = Array(Samples.everyClassFirst(picks, labels: dataset.labels).prefix(9))
        let tiles = try shown.map { index in
            ImageTile(image: try PlotImages.from(try source.image(index)), title: dataset.classNames[dataset.labels[index]])
        }
        try Figure.imageGrid(tiles, columns: 3, title: "Training images")
            .writePNG(to: context.outputURL(named: "02-samples.png"))
        context.summary.image(path: "02-samples.png", alt: "nine training images with their classes")
        context.fact("figure", "02-samples.png")
        return Samples(files: shown.map { dataset.files[$0] })
    }
}

/// The images the grid shows.
struct Samples: Codable, Equatable {
    var files: [String]

    /// `picks` reordered so that each class's first image comes before any class's second, and
    /// so on: a grid of the first nine shows every class of up to nine.
    static func everyClassFirst(_ picks: [Int], labels: [Int]) -> [Int] {
        var seen: [Int: Int] = [:]
        let rounds = picks.map { index -> Int in
            defer { seen[labels[index], default: 0] += 1 }
            return seen[labels[index], default: 0]
        }
        return picks.indices.sorted { (rounds[$0], $0) < (rounds[$1], $1) }.map { picks[$0] }
    }
}
