import Foundation
import ImagePipeline
import LessonKit
import Plotting

/// Cell 2. The Keras lesson's `tfds.load("tf_flowers", split=["train[:85%]", "train[85%:]"])`:
/// list the images of each class folder and split them into training and validation sets.
struct LoadDataset: Cell {
    @Parameter var seed: Int
    @Parameter var trainFraction: Double
    @Parameter var split: SplitRule
    @Input var data: ResolvedInput

    func run(_ context: CellContext) throws -> Dataset {
        let folder = try Dataset.usableImages(in: data.url, context: context)
        let (train, validation) = try DatasetSplit.split(folder.dataset, rule: split, trainFraction: trainFraction,
                                                         seed: seed)
        let dataset = try Dataset(folder, data: data, train: train, validation: validation,
                                  splitRule: DatasetSplit.describe(split, trainFraction: trainFraction, seed: seed))
        try DatasetSplit.writeCSV(dataset, to: context.outputURL(named: "split.csv"))
        try dataset.report(folder, context: context)
        return dataset
    }
}

/// The images of the lesson and their split. Paths are relative to the data folder, so the
/// state does not depend on where the folder lives (its contents enter the cache key).
struct Dataset: Codable, Equatable {
    /// What the data is, for the prose ("the embedded synthetic flowers (drawn by the lesson, ...)").
    var name: String
    /// Class names in label order (sorted folder names).
    var classNames: [String]
    /// Every decodable image, relative to the data folder, in listing order.
    var files: [String]
    /// The label of each file.
    var labels: [Int]
    /// Indices into `files` of the training split.
    var trainIndices: [Int]
    /// Indices into `files` of the validation split.
    var validationIndices: [Int]
    /// Files that could not be decoded: path and reason.
    var skipped: [SkippedFile]
    /// The split rule in words.
    var splitRule: String
    var images: Int
    var classes: Int
    var trainImages: Int
    var validationImages: Int

    struct SkippedFile: Codable, Equatable {
        var path: String
        var reason: String
    }

    /// How many terminal lines name skipped files; the summary lists all of them.
    static let skippedNamesShown = 5

    init(_ folder: UsableImageFolder, data: ResolvedInput, train: [Int], validation: [Int], splitRule: String) throws {
        guard !train.isEmpty, !validation.isEmpty else {
            throw LessonStateError.invalidSetting("the split leaves an empty subset of the \(folder.dataset.count) "
                + "images in \(data.url.path): use a train_fraction between 0.05 and 0.95, or more images.")
        }
        let prefix = data.url.standardizedFileURL.path + "/"
        name = InputResolution.dataName(data)
        classNames = folder.dataset.classNames
        files = folder.dataset.items.map { String($0.url.standardizedFileURL.path.dropFirst(prefix.count)) }
        labels = folder.dataset.labels
        trainIndices = train
        validationIndices = validation
        skipped = folder.skipped.map { SkippedFile(path: $0.path, reason: $0.reason) }
        self.splitRule = splitRule
        images = files.count
        classes = classNames.count
        trainImages = train.count
        validationImages = validation.count
    }

    /// The absolute URL of file `index` inside `root`.
    func url(_ index: Int, root: URL) -> URL {
        root.appendingPathComponent(files[index])
    }

    /// Images per class among `indices`.
    func counts(_ indices: [Int]) -> [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for index in indices { counts[labels[index]] += 1 }
        return counts
    }

    /// The class folders of `root` with every image checked to decode (a classifier needs two classes).
    static func usableImages(in root: URL, context: CellContext) throws -> UsableImageFolder {
        let listing = try ImageFolderDataset(root: root)
        try UsableImageFolder.checkClasses(listing)
        context.log("\(listing.count) images in \(listing.classCount) classes; checking that every file decodes")
        let folder = try UsableImageFolder(listing, cache: ImageSource.decodedImages(root: root, memo: context.memo),
                                           isCancelled: { context.isCancelled })
        try context.checkCancellation()
        for line in folder.skippedReport(shown: skippedNamesShown) { context.log(line) }
        return folder
    }

    /// The facts, the table of images per class, the figure and the skipped files.
    func report(_ folder: UsableImageFolder, context: CellContext) throws {
        let trainCounts = counts(trainIndices), validationCounts = counts(validationIndices)
        context.fact("images", files.count)
        context.fact("classes", classNames.joined(separator: ", "))
        context.fact("images per class", classNames.indices.map { c in
            "\(classNames[c]) \(trainCounts[c] + validationCounts[c])"
        }.joined(separator: ", "))
        context.fact("train / validation", "\(trainIndices.count) / \(validationIndices.count)")
        var rows = classNames.indices.map { c in
            [classNames[c], "\(trainCounts[c])", "\(validationCounts[c])", "\(trainCounts[c] + validationCounts[c])"]
        }
        rows.append(["**total**", "\(trainIndices.count)", "\(validationIndices.count)", "\(files.count)"])
        context.summary.table(headers: ["class", "train", "validation", "total"], rows: rows)
        let figure = try Figure.classCounts(classNames: classNames, splits: [
            SplitCounts(name: "train", counts: trainCounts), SplitCounts(name: "validation", counts: validationCounts),
        ])
        try figure.writePNG(to: context.outputURL(named: "01-class-counts.png"))
        context.summary.image(path: "01-class-counts.png", alt: "images per class in each split")
        let listing = folder.listing
        if listing.skippedOther > 0 {
            let named = listing.otherRootEntries.map { "`\($0)`" }.joined(separator: ", ")
            let inFolders = listing.skippedOther - listing.otherRootEntries.count
            context.summary.paragraph("Left out as not images: " + [
                named.isEmpty ? nil : "\(named) beside the class folders",
                inFolders > 0 ? "\(inFolders) file\(inFolders == 1 ? "" : "s") inside them" : nil,
            ].compactMap { $0 }.joined(separator: ", and ") + (listing.skippedHidden > 0
                ? "; \(listing.skippedHidden) hidden file\(listing.skippedHidden == 1 ? " was" : "s were") not read." : "."))
        } else if listing.skippedHidden > 0 {
            context.summary.paragraph("\(listing.skippedHidden) hidden file\(listing.skippedHidden == 1 ? " was" : "s were") "
                                      + "not read.")
        }
        if !skipped.isEmpty {
            context.fact("unreadable images skipped", skipped.count)
            context.summary.paragraph("**\(skipped.count) images could not be decoded and were left out:**")
            for file in skipped { context.summary.bullet("`\(file.path)`: \(file.reason)") }
        }
    }
}
