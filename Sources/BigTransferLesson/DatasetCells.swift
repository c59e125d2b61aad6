import Foundation
import ImagePipeline
import LessonKit
import Plotting
import Tensors

/// Cells 1-4: setup, load-dataset, visualize, define-pipeline.
enum DatasetCells {
    static let setup = CellImplementation(name: "setup", version: "1") { context in
        let seed = try context.int("seed")
        let cores = ProcessInfo.processInfo.activeProcessorCount
        context.fact("seed", seed)
        context.fact("cores", cores)
        context.summary.table(headers: ["setting", "value"], rows: [
            ["seed", "\(seed)"],
            ["CPU cores used", "\(cores)"],
            ["engine", "lesson's own CPU engine (OpenBLAS GEMM, NHWC float32)"],
        ])
    }

    static let loadDataset = CellImplementation(name: "load-dataset", version: "3") { context in
        let root = try context.input("data")
        let settings = try DatasetSettings(context)
        let listing = try ImageFolderDataset(root: root)
        try UsableImageFolder.checkClasses(listing)
        context.log("\(listing.count) images in \(listing.classCount) classes; checking that every file decodes")
        let folder = try UsableImageFolder(listing, cache: ImageSource.decodedImages(root: root, memo: context.memo),
                                           isCancelled: { context.isCancelled })
        try context.checkCancellation()
        let dataset = folder.dataset, skipped = folder.skipped
        for line in folder.skippedReport(shown: skippedNamesShown) { context.log(line) }
        let prefix = root.standardizedFileURL.path + "/"
        let files = dataset.items.map { String($0.url.standardizedFileURL.path.dropFirst(prefix.count)) }
        let (train, validation) = try DatasetSplit.split(dataset, settings: settings)
        guard !train.isEmpty, !validation.isEmpty else {
            throw LessonStateError.invalidSetting("train_fraction \(settings.trainFraction) leaves an empty split of "
                + "\(dataset.count) images in \(root.path): use a value between 0.05 and 0.95.")
        }
        let state = DatasetState(
            classNames: dataset.classNames, files: files,
            labels: dataset.labels, trainIndices: train, validationIndices: validation,
            skipped: skipped.map { .init(path: $0.path, reason: $0.reason) })
        try StateFile.write(state, to: context.stateDirectory.appendingPathComponent(DatasetState.fileName))
        try DatasetSplit.writeCSV(state, to: context.outputURL(named: DatasetSplit.csvName))
        try report(state, listing: listing, context: context)
        try context.record("dataset", InputResolution.dataName(root: root, description: try context.inputDescription("data")))
        try context.record("images", state.files.count)
        try context.record("classes", state.classNames.count)
        try context.record("class_names", state.classNames.joined(separator: ", "))
        try context.record("train_images", state.trainIndices.count)
        try context.record("validation_images", state.validationIndices.count)
        try context.record("split_rule", DatasetSplit.describe(settings))
    }

    /// How many terminal lines name skipped files; the summary lists all of them.
    static let skippedNamesShown = 5

    private static func report(_ state: DatasetState, listing: ImageFolderDataset, context: CellContext) throws {
        let trainCounts = counts(state.trainIndices, state), validationCounts = counts(state.validationIndices, state)
        context.fact("images", state.files.count)
        context.fact("classes", state.classNames.joined(separator: ", "))
        context.fact("images per class", state.classNames.indices.map { c in
            "\(state.classNames[c]) \(trainCounts[c] + validationCounts[c])"
        }.joined(separator: ", "))
        context.fact("train / validation", "\(state.trainIndices.count) / \(state.validationIndices.count)")
        var rows = state.classNames.indices.map { c in
            [state.classNames[c], "\(trainCounts[c])", "\(validationCounts[c])", "\(trainCounts[c] + validationCounts[c])"]
        }
        rows.append(["**total**", "\(state.trainIndices.count)", "\(state.validationIndices.count)", "\(state.files.count)"])
        context.summary.table(headers: ["class", "train", "validation", "total"], rows: rows)
        let figure = try Figure.classCounts(classNames: state.classNames, splits: [
            SplitCounts(name: "train", counts: trainCounts), SplitCounts(name: "validation", counts: validationCounts),
        ])
        try figure.writePNG(to: context.outputURL(named: "01-class-counts.png"))
        context.summary.image(path: "01-class-counts.png", alt: "images per class in each split")
        if listing.skippedHidden + listing.skippedOther > 0 {
            context.summary.paragraph("Skipped \(listing.skippedHidden) hidden and \(listing.skippedOther) "
                                      + "non-image files.")
        }
        if !state.skipped.isEmpty {
            context.fact("unreadable images skipped", state.skipped.count)
            context.summary.paragraph("**\(state.skipped.count) images could not be decoded and were left out:**")
            for file in state.skipped { context.summary.bullet("`\(file.path)`: \(file.reason)") }
        }
    }

    static func counts(_ indices: [Int], _ state: DatasetState) -> [Int] {
        var counts = [Int](repeating: 0, count: state.classNames.count)
        for index in indices { counts[state.labels[index]] += 1 }
        return counts
    }

    static let visualize = CellImplementation(name: "visualize", version: "1") { context in
        let (state, root) = try loadDataset(context)
        let source = ImageSource(dataset: state, root: root, memo: context.memo)
        var generator = SeededGenerator.derived(seed: UInt64(try context.int("seed")), stream: 0x5649_5355)
        var picks = state.trainIndices
        generator.shuffle(&picks)
        let tiles = try picks.prefix(9).map { index in
            ImageTile(image: try PlotImages.from(try source.image(index)), title: state.classNames[state.labels[index]])
        }
        try Figure.imageGrid(tiles, columns: 3, title: "Training images")
            .writePNG(to: context.outputURL(named: "02-samples.png"))
        context.summary.image(path: "02-samples.png", alt: "nine training images with their classes")
        context.fact("figure", "02-samples.png")
    }

    static let definePipeline = CellImplementation(name: "define-pipeline", version: "2") { context in
        let (state, root) = try loadDataset(context)
        let pipeline = try PipelineSettings(context)
        let plan = pipeline.plan
        let batchSize = try context.int("batch_size")
        let source = ImageSource(dataset: state, root: root, memo: context.memo)
        // The first batch exactly as the train cell's stream draws it: the same images, views, crops and flips.
        let draws = try FirstBatch.draws(trainCount: state.trainIndices.count, context: context)
        let shown = Array(draws.prefix(25))
        let files = shown.map { state.trainIndices[$0.image] }
        let views = zip(shown, files).map { plan.view(seed: pipeline.seed, imageIndex: $1, viewIndex: $0.view) }
        let batch = try source.batch(files, plan: plan, views: views)
        let tiles = try files.indices.map { position in
            ImageTile(image: try PlotImages.from(batch: batch, position: position),
                      title: state.classNames[state.labels[files[position]]])
        }
        try Figure.imageGrid(tiles, columns: 5, title: "The first training batch")
            .writePNG(to: context.outputURL(named: "03-train-batch.png"))
        try StateFile.write(FirstBatch(files: files.map { state.files[$0] }, views: shown.map(\.view)),
                            to: context.stateDirectory.appendingPathComponent(FirstBatch.fileName))
        try batch.scalars.withUnsafeBufferPointer { Data(buffer: $0) }
            .write(to: context.stateDirectory.appendingPathComponent(FirstBatch.pixelsFileName))
        context.summary.table(headers: ["step", "training", "validation"], rows: [
            ["decode", "JPEG/PNG → RGB (EXIF orientation ignored, as TensorFlow)", "same"],
            ["flip", "random left-right", "—"],
            ["resize", "bilinear to \(plan.resizeTo)x\(plan.resizeTo) (TF half-pixel centers)",
             "bilinear to \(plan.resizeTo)x\(plan.resizeTo)"],
            ["crop", "random \(plan.cropTo)x\(plan.cropTo)", "—"],
            ["scale", "/ 255 → [0, 1]", "/ 255 → [0, 1]"],
            ["batch", "\(batchSize)", "\(batchSize)"],
        ])
        context.summary.image(path: "03-train-batch.png", alt: "the first \(files.count) images of the first training batch")
        context.fact("train input", "\(plan.cropTo)x\(plan.cropTo) crops of \(plan.resizeTo)x\(plan.resizeTo)")
        context.fact("figure", "03-train-batch.png")
        try context.record("shown", files.count)
    }

    /// The dataset state of the load-dataset cell and the data folder.
    static func loadDataset(_ context: CellContext) throws -> (DatasetState, URL) {
        let url = try context.upstreamState("load-dataset").appendingPathComponent(DatasetState.fileName)
        return (try StateFile.read(DatasetState.self, from: url), try context.input("data"))
    }

    /// The lesson's preprocessing from its parameters.
    static func augmentationPlan(_ context: CellContext) throws -> AugmentationPlan {
        try PipelineSettings(context).plan
    }
}
