import Foundation
import Testing
import TestSupport

/// `lesson bench train` end to end: the miniature of lesson 61 at a small size.
@Suite(.enabled(if: LessonBinary.built, "build first: swift build --build-tests"))
struct BenchCommandTests {
    static func bench(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = LessonBinary.executable
        process.arguments = ["bench"] + arguments
        process.currentDirectoryURL = SharedFixtures.repositoryRoot
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func trainReportsImagesPerSecondAndTheSplitByOperation() throws {
        let weights = "lessons/62-big-transfer/assets/BiT-shapes-R14x0.5.npz"
        let result = try Self.bench(["train", "--weights", weights, "--size", "32", "--batch", "4", "--repeats", "1",
                                     "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["batch"] as? Int == 4 && report["image_size"] as? Int == 32)
        // The committed miniature keeps its 56-way upstream head.
        #expect(report["head_classes"] as? Int == 56)
        #expect((report["images_per_second"] as? Double ?? 0) > 0)
        let backward = try #require(report["backward_seconds"] as? [String: Double])
        #expect((backward["convolution"] ?? 0) > 0 && (backward["optimizer"] ?? 0) > 0)

        let text = try Self.bench(["train", "--weights", weights, "--size", "32", "--batch", "2", "--repeats", "1"])
        #expect(text.stdout.contains("training step (forward, softmax cross-entropy, backward, SGD with momentum), "
                                     + "32x32, batch 2, 56 classes"))
        #expect(text.stdout.contains("  backward: convolution "))
    }

    @Test func trainRejectsAnUnknownModel() throws {
        let result = try Self.bench(["train", "--model", "R42x7"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("unknown model R42x7; choose one of R101x1"))
    }
}
