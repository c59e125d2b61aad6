import Foundation
import LessonKit
import Tensors

/// Cell 6: how well the pre-trained features transfer, measured by a linear probe on images
/// the network never saw, against the committed checkpoint and the untrained network.
enum TransferCell {
    static let stateName = "transfer.json"

    /// What the cell leaves in its state.
    struct State: Codable, Equatable {
        var images: Int
        var classNames: [String]
        var splits: Int
        var chance: Double
        var scores: [BackboneScores]
    }

    static let transfer = CellImplementation(name: "transfer", version: "1") { context in
        let side = try context.int("probe_size"), seed = UInt64(try context.int("seed"))
        let data = try context.input("data"), dataName = TransferInputs.dataName(
            data, description: try context.inputDescription("data"))
        let images = try ProbeImages(root: data, context: context)
        let classCount = images.classNames.count
        let splits = try TransferProbe.splits(labels: images.labels, classCount: classCount,
                                              count: try context.int("probe_splits"), seed: seed)
        try checkSplit(splits[0], images: images, data: data)

        let baseline = try context.input("baseline"), baselineDescription = try context.inputDescription("baseline")
        let baselineName = TransferInputs.baselineName(baseline, description: baselineDescription)
        let backbones = try ProbeBackbones.load(
            trained: try context.upstreamState("pretrain").appendingPathComponent(PretrainCells.weightsFile),
            baseline: baseline, baselineName: baselineName,
            baselineIsCommitted: baselineDescription.hasPrefix(TransferInputs.committedDescription),
            architecture: try UpstreamSettings.architecture(context), seed: seed)
        let measured = backbones.filter { $0.model != nil }
        let features = try ProbeFeatures.extract(images, side: side, models: measured.compactMap(\.model),
                                                 context: context)
        let bar = context.progress(total: splits.count * measured.count, label: "linear probes")
        let scores = try backbones.map { backbone in
            guard let index = measured.firstIndex(where: { $0.id == backbone.id }) else {
                return BackboneScores(backbone, results: [])
            }
            return BackboneScores(backbone, results: try TransferProbe.measure(
                features[index], labels: images.labels, classCount: classCount, splits: splits,
                checkCancellation: context.checkCancellation, onSplit: { try bar.advance() }))
        }
        // The same for every split: a stratified split holds out a number of each class fixed by its size.
        let chance = TransferProbe.chance(splits[0], labels: images.labels, classCount: classCount)
        let state = State(images: images.count, classNames: images.classNames, splits: splits.count, chance: chance,
                          scores: scores)
        try StateFile.write(state, to: context.stateDirectory.appendingPathComponent(stateName))
        try Data(TransferReport.csv(scores).utf8).write(to: context.outputURL(named: TransferReport.csvName),
                                                       options: .atomic)
        try TransferReport.figure(scores, chance: chance, splits: splits.count, data: shortName(dataName))
            .writePNG(to: context.outputURL(named: TransferReport.figureName))
        try report(state, split: splits[0], dataName: dataName, baselineName: baselineName, context: context)
        reportSkipped(images, context: context)
    }

    /// A split that holds out nothing (every class under 4 images) measures nothing: say what to add.
    static func checkSplit(_ split: ProbeSplit, images: ProbeImages, data: URL) throws {
        guard split.heldOut.isEmpty else { return }
        let counts = images.folder.dataset.countsPerClass()
        throw UpstreamError.invalidSetting(
            "the \(images.count) usable images of \(data.path) (\(zip(images.classNames, counts).map { "\($0) \($1)" }.joined(separator: ", "))) "
                + "are too few to hold \(Int(TransferProbe.heldOutPercent))% of a class out: give at least 4 images "
                + "in some class (the sample photos have 40 a class).")
    }

    /// Every file left out, in the summary (the terminal names the first few).
    private static func reportSkipped(_ images: ProbeImages, context: CellContext) {
        let skipped = images.folder.skipped
        guard !skipped.isEmpty else { return }
        context.fact("unreadable images skipped", skipped.count)
        context.summary.paragraph("**\(skipped.count) image\(skipped.count == 1 ? "" : "s") could not be decoded and "
                                  + "\(skipped.count == 1 ? "was" : "were") left out:**")
        for file in skipped {
            context.summary.bullet("`\(images.folder.relativePath(URL(fileURLWithPath: file.path)))`: \(file.reason)")
        }
    }

    /// "the photos of `flowers-sample`" → "flowers-sample"; the synthetic flowers → "synthetic flowers".
    static func shortName(_ dataName: String) -> String {
        if let open = dataName.firstIndex(of: "`"), let close = dataName.lastIndex(of: "`"), open < close {
            return String(dataName[dataName.index(after: open)..<close])
        }
        return "synthetic flowers"
    }

    private static func report(_ state: State, split: ProbeSplit, dataName: String, baselineName: String,
                               context: CellContext) throws {
        let side = try context.int("probe_size")
        context.summary.table(headers: ["probe", "setting"], rows: [
            ["images", "\(state.images.formatted()) in \(state.classNames.count) classes, resized to \(side)x\(side) "
                + "(bilinear, TensorFlow's half-pixel centers), values in [0, 1]; no crops or flips"],
            ["features", "the frozen backbone's pre-logits (global average pool after the final GroupNorm + ReLU)"],
            ["splits", "\(state.splits) by class: \(split.train.count) train the head, \(split.heldOut.count) "
                + "are held out"],
            ["head", "zero-initialised dense layer on features standardized with the training images' mean and "
                + "deviation (lesson 62's miniature setting)"],
            ["training", "\(TransferProbe.steps) steps of \(TransferProbe.batchSize) images, SGD with momentum "
                + "\(TransferProbe.momentum), learning rate \(TransferProbe.learningRate) divided by 10 after steps "
                + TransferProbe.decaySteps.map(String.init).joined(separator: ", ") + "; no early stopping"],
        ])
        context.summary.table(headers: TransferReport.tableHeaders,
                              rows: TransferReport.tableRows(state.scores, chance: state.chance))
        context.summary.image(path: TransferReport.figureName,
                              alt: "held-out accuracy of every split for each backbone, their means, and chance")
        for sentence in TransferReport.findings(state.scores, chance: state.chance) {
            context.summary.paragraph(sentence)
        }
        context.summary.paragraph("Every split's accuracy is in [\(TransferReport.csvName)](\(TransferReport.csvName)).")
        for score in state.scores {
            context.fact(score.name, score.mean.map { mean in
                TransferReport.percent(mean) + (score.standardDeviation.map { " ± " + TransferReport.percent($0) } ?? "")
                    + " over \(score.accuracies.count) split\(score.accuracies.count == 1 ? "" : "s")"
            } ?? "skipped: \(score.skipped ?? "not measured")")
        }
        context.fact("chance", TransferReport.percent(state.chance))
        if let trained = state.scores.first?.mean, trained <= state.chance + TransferReport.chanceMargin {
            context.warn("this run's checkpoint transfers at chance to \(dataName): its linear probe reaches "
                + "\(TransferReport.percent(trained)) against \(TransferReport.percent(state.chance)) for always "
                + "answering the commonest class, so its features are no use to lesson 62 on these images.")
        }
        try context.record("dataset", dataName)
        try context.record("images", state.images)
        try context.record("classes", state.classNames.count)
        try context.record("class_names", state.classNames.joined(separator: ", "))
        try context.record("train_images", split.train.count)
        try context.record("held_out_images", split.heldOut.count)
        try context.record("baseline", baselineName)
        try context.record("chance", "\(state.chance)")
    }
}
