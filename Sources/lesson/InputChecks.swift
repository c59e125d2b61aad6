import BiT
import Foundation
import LessonKit
import NumPyIO
import Tensors

/// Why the paths or sizes given on the command line cannot work, found before any work starts.
enum CommandInputError: Error, CustomStringConvertible, Equatable {
    /// The output file is the input file (or the checkpoint): writing it would destroy the input.
    case outputOverwritesInput(output: String, input: String, flag: String)
    /// The output folder is the data folder or inside it: the next run would read the lesson's own files.
    case outputInsideData(output: String, data: String)
    /// `--logits` with a checkpoint that has no head.
    case noHead(weights: String)
    /// A folder was expected.
    case notAFolder(path: String, flag: String)

    var description: String {
        switch self {
        case let .outputOverwritesInput(output, input, flag):
            return "--output \(output) is the same file as \(flag) \(input): writing it would destroy the input. "
                + "Choose another --output path."
        case let .outputInsideData(output, data):
            return "--output \(output) is the data folder \(data) or inside it: the lesson's figures and cache "
                + "would be read as images (or as a class) on the next run. Choose an --output folder outside "
                + "\(data) (the default is output/)."
        case let .noHead(weights):
            return "\(weights) has no classification head (no resnet/head/conv2d keys), so it has no logits: "
                + "drop --logits to write the pre-logits, or pass a checkpoint with a head."
        case let .notAFolder(path, flag):
            return "\(path) is not a folder. \(flag) needs a folder of images."
        }
    }
}

/// Checks of paths and sizes shared by the subcommands.
enum InputChecks {
    /// The real path of `path`: links resolved in the part that exists, the rest appended.
    static func realPath(_ path: String) -> String {
        var existing = URL(fileURLWithPath: path).standardizedFileURL
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        let resolved = existing.path.withCString { pointer -> String in
            guard let real = realpath(pointer, nil) else { return existing.path }
            defer { free(real) }
            return String(cString: real)
        }
        return ([resolved] + rest).joined(separator: "/").replacingOccurrences(of: "//", with: "/")
    }

    /// Whether `inner` is `outer` or inside it, after resolving links.
    static func isSameOrInside(_ inner: String, _ outer: String) -> Bool {
        let (inner, outer) = (realPath(inner), realPath(outer))
        return inner == outer || inner.hasPrefix(outer.hasSuffix("/") ? outer : outer + "/")
    }

    /// Whether two paths name the same file: same real path, or same device and inode.
    static func sameFile(_ first: String, _ second: String) -> Bool {
        if realPath(first) == realPath(second) { return true }
        var a = stat(), b = stat()
        guard stat(first, &a) == 0, stat(second, &b) == 0 else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// Refuses an `--output` folder that is the data folder or inside it.
    static func checkOutput(_ output: String, outside data: String) throws {
        if isSameOrInside(output, data) { throw CommandInputError.outputInsideData(output: output, data: data) }
    }

    /// Refuses an `--output` file that is one of `inputs` (flag, path).
    static func checkOutput(_ output: String, differsFrom inputs: [(flag: String, path: String)]) throws {
        for (flag, path) in inputs where sameFile(output, path) {
            throw CommandInputError.outputOverwritesInput(output: output, input: path, flag: flag)
        }
    }

    /// An existing folder for `flag`.
    static func checkFolder(_ path: String, flag: String) throws {
        guard try InputError.fileType(of: URL(fileURLWithPath: path)) == S_IFDIR else {
            throw CommandInputError.notAFolder(path: path, flag: flag)
        }
    }

    /// The architecture of the checkpoint at `path`, from its headers alone, and whether it has a head.
    static func checkpointShape(_ path: String) throws -> (architecture: ResNetV2Architecture, hasHead: Bool) {
        let url = URL(fileURLWithPath: path)
        let infos: [String: NumPyArrayInfo]
        do {
            infos = try NumPyArchive.readInfo(from: url)
        } catch {
            throw CheckpointError.unreadable(source: path, reason: "\(error)")
        }
        let shapes = infos.mapValues(\.shape)
        return (try BiTCheckpoint.inferArchitecture(from: shapes, source: path),
                shapes[BiTCheckpoint.headKernelKey] != nil)
    }

    /// The side lengths and batch sizes the benchmarks and `embed` accept: checked against the
    /// memory budget rather than capped, with a readable message for sizes no machine has.
    static func checkForward(architecture: ResNetV2Architecture, name: String, batch: Int, size: Int) throws {
        try checkImages(batch: batch, size: size, name: name)
        try MemoryBudgetError.check(
            architecture.forwardMemoryBytes(batch: batch, height: size, width: size),
            work: "a forward pass of \(name) over \(batch) images of \(size)x\(size)",
            fix: "choose a smaller --size or --batch")
    }

    /// The same for a training step (`lesson bench train`).
    static func checkTraining(architecture: ResNetV2Architecture, name: String, batch: Int, size: Int, classes: Int) throws {
        try checkImages(batch: batch, size: size, name: name)
        try MemoryBudgetError.check(
            architecture.trainingMemoryBytes(batch: batch, height: size, width: size, headClasses: classes),
            work: "a training step of \(name) on \(batch) images of \(size)x\(size)",
            fix: "choose a smaller --size or --batch")
    }

    /// The batch of images alone (float32 RGB) must fit: checked first, in floating point, so
    /// that sizes too large for any machine never reach the integer arithmetic of the layer shapes.
    static func checkImages(batch: Int, size: Int, name: String, copies: Double = 1) throws {
        try MemoryBudgetError.check(
            copies * Double(batch) * Double(size) * Double(size) * 3 * Double(MemoryLayout<Float>.size),
            work: "\(batch) images of \(size)x\(size) for \(name)",
            fix: "choose a smaller size or batch")
    }
}
