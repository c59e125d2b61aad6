import Foundation
import LessonKit
import Testing
import TestSupport
@testable import BigTransferLesson

/// `lesson fetch`, and the agreement between what it installs for lesson 62 and where
/// lesson 62 looks for it.
@Suite("lesson fetch")
struct FetchCommandTests {
    static let lesson62 = SharedFixtures.repositoryRoot.appendingPathComponent("lessons/62-big-transfer/lesson.toml")

    @Test(.enabled(if: LessonBinary.built, "build first: swift build --build-tests"))
    func offlineFetchFailsFastNamingTheAddressAndTheEmbeddedRun() throws {
        let cli = LessonBinary()
        let started = Date()

        let result = try cli.run("fetch", "62", "--timeout", "5")

        #expect(Date().timeIntervalSince(started) < 15)
        #expect(result.status != 0)
        let flowers = "https://storage.googleapis.com/download.tensorflow.org/example_images/flower_photos.tgz"
        #expect(result.stdout.contains("flower_photos: \(flowers)"))
        #expect(result.stderr.contains("Could not download \(flowers)"), "\(result.stderr)")
        #expect(result.stderr.contains("seems offline"))
        #expect(result.stderr.contains("`lesson run` works without the download, on the embedded offline default"))
        // Nothing half-made is left as if installed.
        let cache = cli.root.appendingPathComponent("cache/lesson/62")
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("flower_photos").path))
        // Nor anything else: no empty .part (no byte arrived, nothing to resume), no URLCache folder.
        let userCache = cli.root.appendingPathComponent("cache")
        let left = (try? FileManager.default.subpathsOfDirectory(atPath: userCache.path)) ?? []
        #expect(left.isEmpty, "left behind: \(left)")
    }

    /// A one-cell lesson 7 whose only asset, with no published size or checksum, is served on 127.0.0.1.
    static func writeLesson(assetURL: URL, into lessons: URL, destination: String = "model.npz") throws {
        let folder = lessons.appendingPathComponent("07-fetch")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let toml = """
        number = 7
        title = "Fetch test"

        [[inputs]]
        name = "weights"
        meaning = "a checkpoint"

        [[assets]]
        name = "model"
        url = "\(assetURL.absoluteString)"
        kind = "file"
        destination = "07/\(destination)"
        input = "weights"

        [[cells]]
        name = "load"
        title = "Load"
        purpose = "Read the checkpoint."
        inputs = ["weights"]
        """
        try Data(toml.utf8).write(to: folder.appendingPathComponent("lesson.toml"))
    }

    @Test(.enabled(if: LessonBinary.built, "build first: swift build --build-tests"))
    func fetchesFromALocalServerRecordingTheUnpublishedChecksum() throws {
        // One million "a": SHA-256 cdc76e5c… is the FIPS 180-2 test vector.
        let million = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        // (An .npz must be a zip of arrays, so the million bytes are declared as a .bin.)
        let server = try LocalHTTPServer(routes: ["model.npz": .init(body: Data(repeating: 0x61, count: 1_000_000))])
        defer { server.stop() }
        let cli = LessonBinary()
        let lessons = cli.root.appendingPathComponent("lessons")
        try Self.writeLesson(assetURL: server.url("model.npz"), into: lessons, destination: "model.bin")
        let installed = cli.root.appendingPathComponent("cache/lesson/07/model.bin")

        // The later --lessons wins over the repository's, which LessonBinary passes first.
        let first = try cli.run("fetch", "7", "--lessons", lessons.path)

        #expect(first.status == 0, "\(first.stderr)")
        let out = first.stdout
        #expect(out.contains("model: \(server.url("model.npz").absoluteString)\n"))
        #expect(out.contains("  model downloading: 100%  1.0/1.0 MB  "), "\(out)")
        #expect(out.contains("  installed in \(installed.path)\n"))
        #expect(out.contains("  provides the lesson's input 'weights'\n"))
        #expect(out.contains("  the lesson file gives no SHA-256 for model; this download's is\n    \(million)\n"))
        #expect(out.contains("  recorded in \(installed.path).sha256: later fetches check the file against it\n"))
        let record = try String(contentsOf: URL(fileURLWithPath: installed.path + ".sha256"), encoding: .utf8)
        #expect(record == "\(million)  model.bin\n")
        #expect(try Data(contentsOf: installed).count == 1_000_000)

        let second = try cli.run("fetch", "7", "--lessons", lessons.path)

        #expect(second.status == 0)
        #expect(second.stdout.contains("  already installed in \(installed.path)\n"))
        #expect(second.stdout.contains("  SHA-256 \(million) still matches the sum recorded in \(installed.path).sha256"))
        #expect(server.requests.count == 1)
    }

    @Test(.enabled(if: LessonBinary.built, "build first: swift build --build-tests"))
    func aCaptivePortalPageIsNotInstalledAsTheCheckpoint() throws {
        let page = Data("<html><body>Please sign in to continue</body></html>".utf8)
        let server = try LocalHTTPServer(routes: ["model.npz": .init(body: page)])
        defer { server.stop() }
        let cli = LessonBinary()
        let lessons = cli.root.appendingPathComponent("lessons")
        try Self.writeLesson(assetURL: server.url("model.npz"), into: lessons)

        let result = try cli.run("fetch", "7", "--lessons", lessons.path)

        #expect(result.status != 0)
        #expect(result.stderr.contains("is not a NumPy .npz archive (a zip of .npy arrays): it is an HTML or XML page"),
                "\(result.stderr)")
        let folder = cli.root.appendingPathComponent("cache/lesson/07")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).isEmpty,
                "neither the page nor a .sha256 record is left")
    }

    @Test(.enabled(if: LessonBinary.built, "build first: swift build --build-tests"))
    func unknownAssetNameListsTheDeclaredOnes() throws {
        let result = try LessonBinary().run("fetch", "62", "--only", "imagenet")
        #expect(result.status != 0)
        #expect(result.stderr.contains("lesson 62 declares no asset 'imagenet'. Its assets: flower_photos, BiT-M-R50x1."))
    }

    @Test func lesson62DeclaresTheRealAssets() throws {
        let assets = try LessonFile.load(Self.lesson62).assets
        #expect(assets.map(\.name) == ["flower_photos", "BiT-M-R50x1"])
        #expect(assets.map(\.input) == ["data", "weights"])
        #expect(assets.map(\.kind) == ["tar.gz", "file"])
        #expect(assets[0].size == 228_813_984)
        #expect(assets[0].sha256 == "4c54ace7911aaffe13a365c34f650e71dd5bf1be0a58b464e5a7183e3e595d9c")
        // No size or checksum is published for the BiT checkpoint: trusted on first use.
        #expect(assets[1].size == nil && assets[1].sha256 == nil)
        #expect(assets[1].url == "https://storage.googleapis.com/bit_models/BiT-M-R50x1.npz")
    }

    @Test func lesson62FindsWhatTheFetchInstalls() throws {
        let lesson = try LessonFile.load(Self.lesson62)
        let assets = lesson.assets
        let photos = try #require(assets.first { $0.input == "data" })
        let weights = try #require(assets.first { $0.input == "weights" })
        // The paths come from the lesson file's declarations (the archive keeps its top folder).
        #expect(try InputResolution.fetchedPath(lesson, "data") == photos.destination + "/flower_photos")
        #expect(try InputResolution.fetchedPath(lesson, "weights") == weights.destination)

        // The layout the fetch leaves: the archive's top folder (with its LICENSE.txt) and the checkpoint.
        let cache = SharedFixtures.temporaryDirectory("fetched-layout")
        defer { try? FileManager.default.removeItem(at: cache) }
        let top = cache.appendingPathComponent(photos.destination).appendingPathComponent("flower_photos")
        for name in ["daisy", "dandelion", "roses", "sunflowers", "tulips"] {
            try FileManager.default.createDirectory(at: top.appendingPathComponent(name),
                                                    withIntermediateDirectories: true)
        }
        try Data("CC-BY".utf8).write(to: top.appendingPathComponent("LICENSE.txt"))
        let checkpoint = cache.appendingPathComponent(weights.destination)
        try Data("npz".utf8).write(to: checkpoint)

        let resolved = try InputResolution.resolve(InputRequest(userCache: cache, lesson: lesson))

        #expect(resolved.inputs["data"]?.url.standardizedFileURL.path == top.standardizedFileURL.path)
        #expect(resolved.inputs["weights"]?.url.standardizedFileURL.path == checkpoint.standardizedFileURL.path)
        #expect(resolved.profile == nil)
        #expect(resolved.banner == nil)
    }
}
