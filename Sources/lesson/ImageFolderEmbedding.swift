import BiT
import Foundation
import ImagePipeline
import NumPyIO
import Tensors

/// `lesson embed --images DIR`: the features of every image of a folder, a batch at a time,
/// so that thousands of photos never sit in memory at full resolution together.
struct ImageFolderEmbedding {
    let folder: URL
    let size: Int
    let batch: Int

    func run(model: ResNetV2, logits: Bool, output: URL) throws {
        let files = try imageFiles()
        // OUTPUT.files.txt lists one file per line: a name holding a line break would shift every
        // later row's name onto the wrong features.
        if let broken = files.first(where: { relativePath($0).contains(where: \.isNewline) }) {
            throw CommandError(description: "\(broken.path.debugDescription) has a line break in its name, which "
                + "the row list (\(output.path).files.txt, one file per line) cannot hold: rename it")
        }
        let plan = AugmentationPlan(resizeTo: size, cropTo: size, method: .bilinear)
        var rows: [Float] = [], width = 0, written: [String] = [], skipped: [String] = []
        for start in stride(from: 0, to: files.count, by: batch) {
            let chunk = Array(files[start ..< min(start + batch, files.count)])
            var decoded: [(URL, RGBImage)] = []
            for (file, result) in zip(chunk, ImageDecoder.decodeAll(chunk)) {
                switch result {
                case .success(let image): decoded.append((file, image))
                case .failure(let error): skipped.append("\(error)")
                }
            }
            guard !decoded.isEmpty else { continue }
            let images = plan.batch(decoded.map(\.1), views: nil)
            let result = try Embedding.embed(images, with: model, batchSize: batch, logits: logits)
            width = result.shape[1]
            rows += result.scalars
            written += decoded.map { relativePath($0.0) }
            print("embedded \(written.count) of \(files.count) images")
        }
        guard !written.isEmpty else { throw CommandError(description: "\(folder.path): no image could be decoded") }
        try NumPyFile.write(Tensor(shape: [written.count, width], scalars: rows), to: output)
        let list = URL(fileURLWithPath: output.path + ".files.txt")
        try (written.joined(separator: "\n") + "\n").write(to: list, atomically: true, encoding: .utf8)
        print("wrote [\(written.count), \(width)] to \(output.path); row order in \(list.path)")
        for problem in skipped { print("skipped \(problem)") }
    }

    /// The images of the folder: its class sub-folders' images when it has any (as a dataset),
    /// else the image files directly inside it; sorted by path.
    private func imageFiles() throws -> [URL] {
        // A folder with class sub-folders is listed as a dataset, with its errors (a folder name
        // that is not UTF-8, a link loop): only a folder without sub-folders is a flat one.
        do {
            let dataset = try ImageFolderDataset(root: folder)
            if !dataset.linksNotFollowed.isEmpty {
                print("not followed (links to folders): " + dataset.linksNotFollowed.joined(separator: ", "))
            }
            return dataset.items.map(\.url)
        } catch ImageFolderError.noClassFolders {
        }
        let files = try ImageFolderDataset.images(directlyIn: folder)
        guard !files.isEmpty else {
            throw CommandError(description: "\(folder.path) holds no JPEG or PNG images (nor class sub-folders of them): "
                               + "give a folder of photos")
        }
        return files.sorted { $0.path < $1.path }
    }

    private func relativePath(_ file: URL) -> String {
        let prefix = folder.standardizedFileURL.path + "/"
        let path = file.standardizedFileURL.path
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
