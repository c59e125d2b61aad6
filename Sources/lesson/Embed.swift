import ArgumentParser
import BiT
import Foundation
import LessonKit
import NumPyIO

extension LessonCommand {
    /// `lesson embed`: BiT pre-logits (or logits) of images, as a feature extractor.
    struct Embed: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the BiT pre-logits (or --logits) of images to an .npy file.")

        @Option(help: "A BiT .npz checkpoint (e.g. BiT-M-R50x1.npz).")
        var weights: String

        @Option(help: "An .npy file holding an NHWC float32 array [N, H, W, 3] with values in [0, 1], used as is.")
        var input: String?

        @Option(help: ArgumentHelp(
            "A folder of JPEG/PNG images (or of class sub-folders), each resized to --size x --size as the "
                + "lesson's validation images are; the row order is written to OUTPUT.files.txt.", valueName: "dir"))
        var images: String?

        @Option(help: "With --images: the side images are resized to (bilinear, TensorFlow semantics).")
        var size = 384

        @Option(help: "Images per forward pass.")
        var batch = 16

        @Flag(help: "Write the checkpoint head's outputs instead of the pre-logits.")
        var logits = false

        @Option(help: "The .npy file to write ([N, 2048·w] pre-logits or [N, classes] logits).")
        var output: String

        func validate() throws {
            guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
            guard (input == nil) != (images == nil) else {
                throw ValidationError("give exactly one of --input X.npy or --images DIR")
            }
            guard size >= 32 else { throw ValidationError("--size must be at least 32") }
            // Every path is checked for its kind before anything is read: a FIFO or /dev/zero would block.
            try InputError.checkRegularFile(URL(fileURLWithPath: weights), flag: "--weights")
            if let input { try InputError.checkRegularFile(URL(fileURLWithPath: input), flag: "--input") }
            if let images { try InputChecks.checkFolder(images, flag: "--images") }
            var inputs = [("--weights", weights)]
            if let input { inputs.append(("--input", input)) }
            try InputChecks.checkOutput(output, differsFrom: inputs)
            if images != nil {
                try InputChecks.checkOutput(output + ".files.txt", differsFrom: inputs)
            }
            let (architecture, hasHead) = try InputChecks.checkpointShape(weights)
            if logits && !hasHead { throw CommandInputError.noHead(weights: weights) }
            if images != nil {
                try InputChecks.checkForward(architecture: architecture, name: "this checkpoint", batch: batch, size: size)
            } else if let input {
                let info = try NumPyFile.readInfo(from: URL(fileURLWithPath: input))
                if info.shape.count == 4 {
                    let side = max(info.shape[1], info.shape[2])
                    try InputChecks.checkForward(architecture: architecture, name: "this checkpoint",
                                                 batch: min(batch, max(info.shape[0], 1)), size: side)
                }
            }
        }

        func run() throws {
            let model = try ResNetV2(checkpoint: URL(fileURLWithPath: weights))
            if let images {
                try ImageFolderEmbedding(folder: URL(fileURLWithPath: images), size: size, batch: batch)
                    .run(model: model, logits: logits, output: URL(fileURLWithPath: output))
                return
            }
            guard let input else { return }
            let images = try NumPyFile.readArray(from: URL(fileURLWithPath: input))
            do {
                let result = try Embedding.embed(images, with: model, batchSize: batch, logits: logits)
                try NumPyFile.write(result, to: URL(fileURLWithPath: output))
                print("wrote \(result.shape) to \(output)")
            } catch EmbeddingError.noHead {
                throw CommandInputError.noHead(weights: weights)
            } catch let error as EmbeddingError {
                throw EmbedInputError(file: input, problem: error)
            }
        }
    }
}

/// An input file the model cannot embed, named in the message.
struct EmbedInputError: Error, CustomStringConvertible {
    let file: String
    let problem: EmbeddingError

    var description: String { "\(file): \(problem)" }
}
