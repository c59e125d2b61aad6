import Foundation
import LessonKit
import Tensors

/// Cell 6: how well the pre-trained features transfer, measured by a linear probe on images
/// the network never saw, against the compared checkpoint and the untrained network.
struct Transfer: Cell {
    @Parameter var seed: Int
    @Parameter var probeSize: Int
    @Parameter var probeSplits: Int
    @Upstream var pretrained: PretrainedNetwork
    @Input var data: ResolvedInput
    @Input var baseline: ResolvedInput
    /// Lesson 62's head training under its miniature profile, which the probe repeats.
    @Linked var headTraining: HeadTrainingSettings

    func run(_ context: CellContext) throws -> TransferResult {
        let images = try ProbeImages(root: data.url, context: context)
        let splits = try TransferProbe.splits(labels: images.labels, classCount: images.classNames.count,
                                              count: probeSplits, seed: UInt64(seed))
        try checkSplit(splits[0], images: images)
        let baselineName = TransferInputs.baselineName(baseline, lesson: context.lesson)
        let backbones = try ProbeBackbones.load(trained: pretrained.weights.url, baseline: baseline,
                                                baselineName: baselineName,
                                                architecture: pretrained.model.architecture, seed: UInt64(seed))
        let scores = try measure(backbones, images: images, splits: splits, context: context)
        let result = TransferResult(
            dataset: TransferInputs.dataName(data), images: images.count, classes: images.classNames.count,
            classNames: images.classNames, trainImages: splits[0].train.count, heldOutImages: splits[0].heldOut.count,
            baseline: baselineName, splits: splits.count,
            // The same for every split: a stratified split holds out a number of each class fixed by its size.
            chance: TransferProbe.chance(splits[0], labels: images.labels, classCount: images.classNames.count),
            scores: scores)
        try report(result, context: context)
        reportSkipped(images, context: context)
        return result
    }
}

/// What the probe measured; its top-level fields are the values the narrative quotes.
struct TransferResult: Codable, Equatable {
    /// The images' name for the prose.
    var dataset: String
    var images: Int
    var classes: Int
    var classNames: [String]
    /// Images that train the head and that are held out, in every split.
    var trainImages: Int
    var heldOutImages: Int
    /// The compared checkpoint's name for the prose.
    var baseline: String
    var splits: Int
    /// The share of the commonest class among the held-out images.
    var chance: Double
    var scores: [BackboneScores]
}

extension Transfer {
    /// Every backbone that loaded, probed on the same splits; a skipped one keeps why.
    func measure(_ backbones: [ProbeBackbone], images: ProbeImages, splits: [ProbeSplit],
                 context: CellContext) throws -> [BackboneScores] {
        let measured = backbones.filter { $0.model != nil }
        let features = try ProbeFeatures.extract(images, side: probeSize, models: measured.compactMap(\.model),
                                                 context: context)
        let bar = context.progress(total: splits.count * measured.count, label: "linear probes")
        return try backbones.map { backbone in
            guard let index = measured.firstIndex(where: { $0.id == backbone.id }) else {
                return BackboneScores(backbone, results: [])
            }
            return BackboneScores(backbone, results: try TransferProbe.measure(
                features[index], labels: images.labels, classCount: images.classNames.count, splits: splits,
                settings: headTraining, checkCancellation: context.checkCancellation, onSplit: { try bar.advance() }))
        }
    }

    /// A split that holds out nothing (every class under 4 images) measures nothing: say what to add.
    func checkSplit(_ split: ProbeSplit, images: ProbeImages) throws {
        guard split.heldOut.isEmpty else { return }
        let counts = images.folder.dataset.countsPerClass()
        throw UpstreamError.invalidSetting(
            "the \(images.count) usable images of \(data.url.path) (\(zip(images.classNames, counts).map { "\($0) \($1)" }.joined(separator: ", "))) "
                + "are too few to hold \(Int(TransferProbe.heldOutPercent))% of a class out: give at least 4 images "
                + "in some class (the sample photos have 40 a class).")
    }

    /// `transfer.csv`, the figure, the settings and results tables, the findings and the facts.
    func report(_ result: TransferResult, context: CellContext) throws {
        try Data(TransferReport.csv(result.scores).utf8).write(to: context.outputURL(named: TransferReport.csvName),
                                                              options: .atomic)
        try TransferReport.figure(result.scores, chance: result.chance, splits: result.splits,
                                  data: TransferInputs.shortName(data))
            .writePNG(to: context.outputURL(named: TransferReport.figureName))
        context.summary.table(headers: ["probe", "setting"], rows: settingsRows(result))
        context.summary.table(headers: TransferReport.tableHeaders,
                              rows: TransferReport.tableRows(result.scores, chance: result.chance))
        context.summary.image(path: TransferReport.figureName,
                              alt: "held-out accuracy of every split for each backbone, their means, and chance")
        for sentence in TransferReport.findings(result.scores, chance: result.chance) {
            context.summary.paragraph(sentence)
        }
        context.summary.paragraph("Every split's accuracy is in [\(TransferReport.csvName)](\(TransferReport.csvName)).")
        for score in result.scores { context.fact(score.name, TransferReport.fact(score)) }
        context.fact("chance", TransferReport.percent(result.chance))
        if let trained = result.scores.first?.mean, trained <= result.chance + TransferReport.chanceMargin {
            context.warn("this run's checkpoint transfers at chance to \(result.dataset): its linear probe reaches "
                + "\(TransferReport.percent(trained)) against \(TransferReport.percent(result.chance)) for always "
                + "answering the commonest class, so its features are no use to lesson 62 on these images.")
        }
    }

    /// The probe's settings, lesson 62's head training among them, as the summary's first table.
    func settingsRows(_ result: TransferResult) -> [[String]] {
        let training = headTraining
        return [
            ["images", "\(result.images.formatted()) in \(result.classes) classes, resized to \(probeSize)x\(probeSize) "
                + "(bilinear, TensorFlow's half-pixel centers), values in [0, 1]; no crops or flips"],
            ["features", "the frozen backbone's pre-logits (global average pool after the final GroupNorm + ReLU)"],
            ["splits", "\(result.splits) by class: \(result.trainImages) train the head, \(result.heldOutImages) "
                + "are held out"],
            ["head", "zero-initialised dense layer on features "
                + (training.standardizeFeatures ? "standardized with the training images' mean and deviation" : "as they are")
                + " (lesson 62's miniature setting)"],
            ["training", "\(TransferProbe.steps) steps of \(training.batchSize) images, SGD with momentum "
                + "\(training.momentum), learning rate \(training.learningRate) divided by 10 after steps "
                + training.scheduleBoundaries.map(String.init).joined(separator: ", ") + "; no early stopping"],
        ]
    }

    /// Every file left out, in the summary (the terminal names the first few).
    func reportSkipped(_ images: ProbeImages, context: CellContext) {
        let skipped = images.folder.skipped
        guard !skipped.isEmpty else { return }
        context.fact("unreadable images skipped", skipped.count)
        context.summary.paragraph("**\(skipped.count) image\(skipped.count == 1 ? "" : "s") could not be decoded and "
                                  + "\(skipped.count == 1 ? "was" : "were") left out:**")
        for file in skipped {
            context.summary.bullet("`\(images.folder.relativePath(URL(fileURLWithPath: file.path)))`: \(file.reason)")
        }
    }
}
