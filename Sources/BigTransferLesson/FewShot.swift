import Foundation
import LessonKit
import Plotting
import Tensors
import Training

/// Cell 13. BiT's headline experiment at lesson scale: validation accuracy against the number of
/// training images per class. Heads are trained on 1, 2, 5, ... images per class (several random
/// draws of each) and on every training image, on the frozen features the train and random-backbone
/// cells stored (view 0 of each training image, every validation image), with the lesson's head
/// recipe for a fixed number of steps, and each is scored on the whole validation split.
struct FewShot: Cell {
    @Parameter var fewShotSizes: [Int]
    @Parameter var fewShotDraws: Int
    @Parameter var fewShotSteps: Int
    @Parameter var compareRandomBackbone: Bool
    @Parameter var batchSize: Int
    @Parameter var scheduleBoundaries: [Int]
    @Parameter var learningRate: Double
    @Parameter var momentum: Double
    @Parameter var standardizeFeatures: Bool
    @Upstream var dataset: Dataset
    @Upstream var pipeline: Pipeline
    @Upstream var backbone: Backbone
    /// The head training whose stored features this cell reads.
    @Upstream var trained: TrainedHead
    /// Upstream so that, when it runs, the random backbone's features are stored before this cell reads them.
    @Upstream var random: RandomBackboneResult
    @Input var data: ResolvedInput
    @Input var weights: ResolvedInput

    static let figureName = "08-few-shot.png"
    static let tableName = "few-shot.csv"

    /// The head recipe of the train cell (zero head, SGD with momentum, the learning rate, its tenfold
    /// decays, standardization) for `few_shot_steps` steps, with no early stopping: the validation
    /// split is what each head is scored on, so it must not also choose the head.
    func probe(seed: UInt64) throws -> LinearProbe {
        var configuration = TrainingConfiguration(
            schedule: try PiecewiseConstantSchedule.tenfoldDecay(base: learningRate, boundaries: scheduleBoundaries))
        configuration.batchSize = batchSize
        // One epoch: the trainer's validation pass between epochs would only cost time here.
        configuration.stepsPerEpoch = fewShotSteps
        configuration.epochs = 1
        configuration.momentum = Float(momentum)
        configuration.earlyStoppingPatience = nil
        configuration.featureViews = 1
        configuration.seed = seed
        return try LinearProbe(configuration: configuration, standardizesFeatures: standardizeFeatures)
    }

    func run(_ context: CellContext) throws -> FewShotResult {
        let start = Date()
        let plan = try FewShotPlan(dataset: dataset, sizes: fewShotSizes, draws: fewShotDraws,
                                   seed: UInt64(pipeline.seed))
        var backbones: [(name: String, features: LessonFeatures)] = [
            (backbone.label, try LessonFeatures(dataset: dataset, pipeline: pipeline, data: data, weights: weights,
                                               context: context)),
        ]
        // The store the train cell filled: its key names the same data, weights, preprocessing and code.
        guard backbones[0].features.storeKey == trained.featureStore else {
            throw LessonStateError.invalidSetting("few-shot would read the features stored under "
                + "\(backbones[0].features.storeKey), but the train cell stored them under \(trained.featureStore)")
        }
        if compareRandomBackbone {
            backbones.append(("random", try RandomBackbone.features(dataset: dataset, pipeline: pipeline, data: data,
                                                                    weights: weights, context: context)))
        }
        var rows: [FewShotRow] = []
        var computed = 0
        let validationLabels = dataset.validationIndices.map { dataset.labels[$0] }
        let labels = dataset.trainIndices.map { dataset.labels[$0] } + validationLabels
        let heldOut = Array(dataset.trainIndices.count ..< labels.count)
        let bar = context.progress(total: backbones.count * plan.points.count * plan.draws, label: "few-shot heads")
        for backbone in backbones {
            let (matrix, missing) = try Self.features(backbone.features, context: context)
            computed += missing
            for point in plan.points {
                for draw in 1...plan.draws {
                    let train = plan.subset(point, draw: draw)
                    let result = try probe(seed: plan.probeSeed(point, draw: draw)).run(
                        features: matrix, labels: labels, classCount: dataset.classNames.count, train: train,
                        heldOut: heldOut, checkCancellation: context.checkCancellation)
                    rows.append(FewShotRow(backbone: backbone.name, examplesPerClass: point, trainingImages: train.count,
                                           draw: draw, correct: result.correct, validationImages: result.heldOut,
                                           accuracy: result.accuracy, loss: result.loss))
                    try bar.advance()
                }
            }
        }
        let result = FewShotResult(plan: plan, backboneLabel: backbone.label, rows: rows, steps: fewShotSteps,
                                   schedule: Self.schedule(learningRate: learningRate, boundaries: scheduleBoundaries,
                                                           steps: fewShotSteps),
                                   chance: LearningCheck.majorityShare(dataset),
                                   featureStores: backbones.map { $0.features.storeKey }, featuresComputed: computed,
                                   seconds: Date().timeIntervalSince(start))
        try result.report(context)
        return result
    }

    /// The learning rate over a head's `steps` steps, in words: the decays its steps reach, and the ones
    /// they do not (step s trains at the rate after every boundary below s).
    static func schedule(learningRate: Double, boundaries: [Int], steps: Int) -> String {
        let reached = boundaries.filter { $0 + 1 < steps }, beyond = boundaries.filter { $0 + 1 >= steps }
        func at(_ list: [Int]) -> String {
            "step\(list.count == 1 ? "" : "s") " + FewShotResult.list(list.map(String.init))
        }
        var text = "learning rate \(learningRate)"
        text += reached.isEmpty ? " throughout" : ", divided by 10 after \(at(reached))"
        if !beyond.isEmpty {
            text += " (the decay\(beyond.count == 1 ? "" : "s") after \(at(beyond)) "
                + "lie\(beyond.count == 1 ? "s" : "") beyond its \(steps) steps)"
        }
        return text
    }

    /// View 0 of every training image, then every validation image, of one backbone [train + validation, D],
    /// read from its store; the features missing there (none after the train or random-backbone cell in
    /// `cached` mode) are computed and stored first. Also returns how many were computed.
    static func features(_ features: LessonFeatures, context: CellContext) throws -> (Tensor, Int) {
        let dataset = features.dataset
        let parts: [(store: FeatureStore, count: Int, label: String, compute: ([FeatureItem]) throws -> Tensor)] = [
            (try features.store("train"), dataset.trainIndices.count, "training features (view 1)", features.trainFeatures),
            (try features.store("validation"), dataset.validationIndices.count, "validation features",
             features.validationFeatures),
        ]
        var missing = 0, scalars: [Float] = [], width = 0
        for part in parts {
            let items = (0..<part.count).map { FeatureItem(image: $0, view: 0) }
            missing += items.filter { !part.store.contains($0) }.count
            try features.fill(part.store, items: items, label: part.label, context: context, compute: part.compute)
            width = part.store.featureWidth ?? 0
            for item in items {
                guard let row = part.store.features(of: item) else {
                    throw LessonStateError.invalidSetting("the feature store \(features.storeKey) lost image \(item.image)")
                }
                scalars += row
            }
        }
        return (Tensor(shape: [dataset.trainIndices.count + dataset.validationIndices.count, width], scalars: scalars),
                missing)
    }
}

/// Which training images each head sees: for every draw, one seeded order of each class's training
/// images; a head on k images per class takes the first k of each, so within a draw the smaller sets
/// are part of the larger ones, and both backbones see the same images.
struct FewShotPlan {
    /// The sizes per class that fit every class, ascending; nil (the last point) is every training image.
    let points: [Int?]
    /// The sizes asked for that exceed the smallest class.
    let skipped: [Int]
    let draws: Int
    /// The smallest class and its training images.
    let smallestClass: (name: String, images: Int)
    let trainImages: Int
    private let orders: [[[Int]]]  // [draw][class] -> positions in the training split
    private let seeds: [UInt64]

    init(dataset: Dataset, sizes: [Int], draws: Int, seed: UInt64) throws {
        guard draws >= 1, sizes.allSatisfy({ $0 >= 1 }) else {
            throw LessonStateError.invalidSetting("few_shot_draws (\(draws)) and every few_shot_sizes value "
                + "(\(sizes)) must be at least 1")
        }
        var byClass = [[Int]](repeating: [], count: dataset.classNames.count)
        for (position, file) in dataset.trainIndices.enumerated() { byClass[dataset.labels[file]].append(position) }
        let smallest = byClass.indices.min { byClass[$0].count < byClass[$1].count } ?? 0
        let fits = byClass[smallest].count
        smallestClass = (dataset.classNames[smallest], fits)
        let unique = Array(Set(sizes)).sorted()
        points = unique.filter { $0 <= fits } + [nil]
        skipped = unique.filter { $0 > fits }
        self.draws = draws
        trainImages = dataset.trainIndices.count
        var orders: [[[Int]]] = [], seeds: [UInt64] = []
        for draw in 1...draws {
            var generator = SeededGenerator.derived(seed: seed, stream: 0x4645_5753_0000_0000 | UInt64(draw))  // "FEWS"
            seeds.append(generator.next())
            orders.append(byClass.map { positions in
                var order = positions
                generator.shuffle(&order)
                return order
            })
        }
        self.orders = orders
        self.seeds = seeds
    }

    /// The training positions of a head on `size` images per class (nil: all of them) in draw `draw` (from 1).
    func subset(_ size: Int?, draw: Int) -> [Int] {
        guard let size else { return Array(0..<trainImages) }
        return orders[draw - 1].flatMap { $0.prefix(size) }
    }

    /// The seed of that head's batch order.
    func probeSeed(_ size: Int?, draw: Int) -> UInt64 {
        var generator = SeededGenerator.derived(seed: seeds[draw - 1], stream: UInt64(size ?? 0))
        return generator.next()
    }
}

/// One head: its backbone, its training images and its score on the validation split.
struct FewShotRow: Codable, Equatable {
    var backbone: String
    /// Training images per class; nil for every training image.
    var examplesPerClass: Int?
    var trainingImages: Int
    var draw: Int
    var correct: Int
    var validationImages: Int
    var accuracy: Double
    var loss: Double
}

/// The accuracies of one backbone at one size, across draws.
struct FewShotPoint: Codable, Equatable {
    var examplesPerClass: Int?
    var mean: Double
    /// The sample standard deviation across draws (0 for one draw).
    var deviation: Double
    var minimum: Double
    var maximum: Double

    init(examplesPerClass: Int?, accuracies: [Double]) {
        self.examplesPerClass = examplesPerClass
        let n = Double(accuracies.count)
        let average = accuracies.reduce(0, +) / max(1, n)
        let squares = accuracies.reduce(0) { $0 + ($1 - average) * ($1 - average) }
        deviation = n > 1 ? (squares / (n - 1)).squareRoot() : 0
        minimum = accuracies.min() ?? .nan
        maximum = accuracies.max() ?? .nan
        // Within the draws, whatever the rounding (three 0.2s sum to 0.6000000000000001).
        mean = min(maximum, max(minimum, average))
    }
}

/// What the few-shot cell measured. `sizesRun`, `sizeNote` and `finding` are the prose's sentences,
/// written from the numbers.
struct FewShotResult: Codable, Equatable {
    /// Images per class of each size run, ascending (the "all" point not included).
    var sizes: [Int]
    /// Sizes asked for that exceed the smallest class's training images.
    var skippedSizes: [Int]
    var draws: Int
    var steps: Int
    /// The training images of the "all" point (the train cell's training split).
    var allImages: Int
    var validationImages: Int
    /// The share of the commonest class among the validation images.
    var chance: Double
    /// The checkpoint's name in the figure, the table and the CSV: "pre-trained" or "checkpoint".
    var backboneLabel: String
    /// The means and spreads per backbone, one point per size and "all" last.
    var pretrained: [FewShotPoint]
    /// Nil when the random backbone was not run.
    var random: [FewShotPoint]?
    /// The keys of the feature stores read.
    var featureStores: [String]
    /// Backbone features computed here (0 when the train and random-backbone cells stored them all).
    var featuresComputed: Int
    var seconds: Double
    var sizesRun: String
    var sizeNote: String
    /// The learning rate of each head over its steps, in words.
    var schedule: String
    var finding: String
    /// Every head.
    var rows: [FewShotRow]

    init(plan: FewShotPlan, backboneLabel: String, rows: [FewShotRow], steps: Int, schedule: String, chance: Double,
         featureStores: [String], featuresComputed: Int, seconds: Double) {
        self.schedule = schedule
        self.backboneLabel = backboneLabel
        sizes = plan.points.compactMap { $0 }
        skippedSizes = plan.skipped
        draws = plan.draws
        self.steps = steps
        allImages = plan.trainImages
        validationImages = rows.first?.validationImages ?? 0
        self.chance = chance
        func points(_ backbone: String) -> [FewShotPoint]? {
            let mine = rows.filter { $0.backbone == backbone }
            guard !mine.isEmpty else { return nil }
            return plan.points.map { size in
                FewShotPoint(examplesPerClass: size,
                             accuracies: mine.filter { $0.examplesPerClass == size }.map(\.accuracy))
            }
        }
        pretrained = points(backboneLabel) ?? []
        random = points("random")
        self.featureStores = featureStores
        self.featuresComputed = featuresComputed
        self.seconds = seconds
        self.rows = rows
        let perClass = sizes.isEmpty ? "" : Self.list(sizes.map(String.init)) + " image\(sizes == [1] ? "" : "s") per class, and "
        sizesRun = perClass + "all \(Format.grouped(allImages)) training images"
        let smallest = "the smallest class (\(plan.smallestClass.name)) has \(plan.smallestClass.images) training images"
        sizeNote = skippedSizes.isEmpty
            ? "Every size asked for fits: \(smallest)."
            : "\(Self.list(skippedSizes.map(String.init))) per class \(skippedSizes.count == 1 ? "is" : "are") "
                + "skipped: \(smallest)."
        finding = Self.finding(pretrained: pretrained, random: random, sizes: sizes, allImages: allImages, draws: draws,
                               validationImages: validationImages)
    }

    /// The size the prose quotes besides the smallest: 10 per class when it ran (BiT's headline), else the largest.
    static func quotedSize(_ sizes: [Int]) -> Int? { sizes.contains(10) ? 10 : sizes.last }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    /// What this run shows, from its means.
    static func finding(pretrained: [FewShotPoint], random: [FewShotPoint]?, sizes: [Int], allImages: Int,
                        draws: Int, validationImages: Int) -> String {
        let quoted = ([sizes.first, quotedSize(sizes)].compactMap { $0 }).reduce(into: [Int]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        func mean(_ points: [FewShotPoint], _ size: Int?) -> Double {
            points.first { $0.examplesPerClass == size }?.mean ?? .nan
        }
        func values(_ points: [FewShotPoint]) -> String {
            let parts = quoted.map { "\(percent(mean(points, $0))) with \($0) image\($0 == 1 ? "" : "s") per class" }
            return list(parts + ["\(percent(mean(points, nil))) with all \(Format.grouped(allImages)) training images"])
        }
        var text = "Means of \(draws) draw\(draws == 1 ? "" : "s"): the head on this run's backbone (the checkpoint's weights) reaches "
            + values(pretrained) + "."
        guard let random else {
            return text + " The random backbone was not run (`compare_random_backbone=false`), so this run has no "
                + "curve without pre-training; `--set compare_random_backbone=true` adds it."
        }
        text += " On the random backbone it reaches " + values(random) + "."
        let gaps = (quoted.suffix(1).map { Optional($0) } + [nil]).map { size in
            let gap = AccuracyDifference(from: mean(random, size), to: mean(pretrained, size),
                                         validationImages: validationImages)
            return gap.points + " " + (size.map { "with \($0) image\($0 == 1 ? "" : "s") per class" } ?? "with all of them")
                + (gap.isClear ? "" : " (within the noise of \(validationImages) validation images)")
        }
        return text + " The checkpoint's lead over the random backbone: " + list(gaps) + "."
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        items.count <= 2 ? items.joined(separator: " and ")
            : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// The categories of the figure and the table: "1", "2", ..., "all (N)".
    var categories: [String] { sizes.map(String.init) + ["all (\(Format.grouped(allImages)))"] }

    /// The figure, the table, `few-shot.csv` and the facts.
    func report(_ context: CellContext) throws {
        let series = [("\(backboneLabel) backbone", pretrained, Palette.blue, MarkerShape.circle)]
            + (random.map { [("random backbone", $0, Palette.orange, MarkerShape.square)] } ?? [])
        let spread = "mean, min–max of \(draws) draw\(draws == 1 ? "" : "s")"
        try Figure.spreadChart(
            categories: categories,
            series: series.map { name, points, color, marker in
                SpreadSeries(name: "\(name) (\(spread))", center: points.map { $0.mean * 100 },
                             lower: points.map { $0.minimum * 100 }, upper: points.map { $0.maximum * 100 },
                             color: color, marker: marker)
            },
            reference: ReferenceLevel(value: chance * 100,
                                      label: "chance: always the commonest class (\(Self.percent(chance)))"),
            xLabel: "training images per class", yLabel: "validation accuracy (%)", yCovers: 0...100,
            title: "Validation accuracy against training images per class")
            .writePNG(to: context.outputURL(named: FewShot.figureName))
        try csv().write(to: context.outputURL(named: FewShot.tableName), atomically: true, encoding: .utf8)

        let cell = { (point: FewShotPoint) in
            [String(format: "%.1f%% ± %.1f", point.mean * 100, point.deviation * 100),
             String(format: "%.1f – %.1f%%", point.minimum * 100, point.maximum * 100)]
        }
        let headers = ["images per class", "training images", "\(backboneLabel): mean ± std", "min – max"]
            + (random == nil ? [] : ["random: mean ± std", "min – max"])
        context.summary.table(headers: headers, rows: pretrained.indices.map { index in
            let size = pretrained[index].examplesPerClass
            let images = rows.first { $0.examplesPerClass == size }?.trainingImages ?? 0
            return [size.map(String.init) ?? "all", Format.grouped(images)] + cell(pretrained[index])
                + (random.map { cell($0[index]) } ?? [])
        })
        context.summary.image(path: FewShot.figureName, alt: "validation accuracy against training images per class")
        context.summary.paragraph("Each head trained for \(steps) steps and was scored on all \(validationImages) "
            + "validation images; " + (draws == 1 ? "with a single draw there is no spread. "
                : "std is the sample standard deviation across the \(draws) draws; the draws of \"all\" use the "
                    + "same images, so their spread is that of the order of the batches alone. ") + "Every head is a "
            + "row of [\(FewShot.tableName)](\(FewShot.tableName)).")

        context.fact("sizes", sizesRun + (skippedSizes.isEmpty ? "" : " (\(skippedSizes.map(String.init).joined(separator: ", ")) per class skipped)"))
        for (name, points) in [(backboneLabel, pretrained)] + (random.map { [("random", $0)] } ?? []) {
            context.fact("\(name), mean by size", points.map { Self.percent($0.mean) }.joined(separator: " / "))
        }
        if random == nil { context.fact("random backbone", "not run (compare_random_backbone=false)") }
        context.fact("backbone features computed", featuresComputed == 0 ? "none (all were stored)" : "\(featuresComputed)")
        context.fact("time", String(format: "%.1f s for %d heads", seconds, rows.count))
    }

    /// Every head: backbone, examples_per_class ("all" for every image), training_images, draw, correct,
    /// validation_images, accuracy, loss.
    func csv() -> String {
        var lines = ["backbone,examples_per_class,training_images,draw,correct,validation_images,accuracy,loss"]
        for row in rows {
            lines.append([row.backbone, row.examplesPerClass.map(String.init) ?? "all", "\(row.trainingImages)",
                          "\(row.draw)", "\(row.correct)", "\(row.validationImages)",
                          String(format: "%.6f", row.accuracy), String(format: "%.6f", row.loss)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
