import Foundation
import Testing
import TestSupport
@testable import AssetFetch

/// `lesson fetch` against a server on 127.0.0.1 started by each test. No other address is contacted.
@Suite("AssetFetcher")
struct AssetFetcherTests {
    /// 256 KiB of deterministic, incompressible-looking bytes.
    static let payload: Data = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return Data((0..<(256 * 1024)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        })
    }()

    /// A fresh cache folder and the payload's checksum.
    struct Scratch {
        let cache = SharedFixtures.temporaryDirectory("lesson-fetch")
        let sha256: String

        init() throws {
            let file = cache.appendingPathComponent("reference.bin")
            try AssetFetcherTests.payload.write(to: file)
            sha256 = try FileChecksum.sha256(of: file)
            try FileManager.default.removeItem(at: file)
        }

        func asset(_ url: URL, sha256: String? = nil, size: Int? = nil, kind: Asset.Kind = .file,
                   destination: String = "weights/model.npz") -> Asset
        {
            Asset(name: "model", url: url, sizeInBytes: Int64(size ?? AssetFetcherTests.payload.count),
                  sha256: sha256 ?? self.sha256, kind: kind, destination: destination)
        }

        func files(under folder: String) -> [String] {
            let url = cache.appendingPathComponent(folder)
            return ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
        }
    }

    /// Collects progress reports from URLSession's delegate thread.
    final class ProgressLog: @unchecked Sendable {
        private let lock = NSLock()
        private var reports: [FetchProgress] = []
        func record(_ progress: FetchProgress) { lock.withLock { reports.append(progress) } }
        var all: [FetchProgress] { lock.withLock { reports } }
    }

    @Test("a file is downloaded, verified and installed; a second fetch finds it")
    func downloadsFile() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let server = try LocalHTTPServer(routes: ["model.npz": .init(body: Self.payload)])
        defer { server.stop() }
        let asset = scratch.asset(server.url("model.npz"))
        let fetcher = AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5)
        let log = ProgressLog()

        let result = try await fetcher.fetch(asset) { log.record($0) }

        #expect(result.location == scratch.cache.appendingPathComponent("weights/model.npz"))
        #expect(!result.wasAlreadyInstalled)
        #expect(result.bytesDownloaded == Int64(Self.payload.count))
        #expect(result.resumedFromByte == 0)
        #expect(try Data(contentsOf: result.location) == Self.payload)
        #expect(scratch.files(under: "weights") == ["model.npz"])  // no .part left
        let downloading = log.all.filter { $0.phase == .downloading }
        #expect(downloading.last?.bytesDone == Int64(Self.payload.count))
        #expect(downloading.map(\.bytesDone) == downloading.map(\.bytesDone).sorted())
        #expect(log.all.last == FetchProgress(asset: "model", phase: .verifying, bytesDone: Int64(Self.payload.count),
                                              totalBytes: Int64(Self.payload.count)))
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.headers["range"] == nil)
        #expect(server.requests.first?.headers["accept-encoding"] == "identity")
        #expect(asset.isInstalled(in: scratch.cache))

        let again = try await fetcher.fetch(asset)
        #expect(again.wasAlreadyInstalled)
        #expect(again.bytesDownloaded == 0)
        #expect(server.requests.count == 1)
    }

    @Test("a connection broken mid-file keeps the bytes; the next fetch resumes with Range")
    func resumesAfterBrokenConnection() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let half = Self.payload.count / 2
        let server = try LocalHTTPServer(routes: ["model.npz": .init(body: Self.payload, cutAfterBytes: half)])
        defer { server.stop() }
        let asset = scratch.asset(server.url("model.npz"))
        let fetcher = AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5)

        let error = await #expect(throws: FetchError.self) { try await fetcher.fetch(asset) }
        guard case let .interrupted(url, done, total, partial, _)? = error else {
            Issue.record("expected interrupted, got \(String(describing: error))")
            return
        }
        #expect(url == asset.url)
        #expect(done == Int64(half))
        #expect(total == Int64(Self.payload.count))
        #expect(partial == scratch.cache.appendingPathComponent("weights/model.npz.part"))
        #expect(try Data(contentsOf: partial) == Self.payload.prefix(half))
        #expect(error?.description.contains("run `lesson fetch` again to resume") == true)
        #expect(!asset.isInstalled(in: scratch.cache))

        let result = try await fetcher.fetch(asset)

        #expect(result.resumedFromByte == Int64(half))
        #expect(result.bytesDownloaded == Int64(Self.payload.count - half))
        #expect(try Data(contentsOf: result.location) == Self.payload)
        #expect(server.requests.map { $0.headers["range"] } == [nil, "bytes=\(half)-"])
        #expect(scratch.files(under: "weights") == ["model.npz"])
    }

    @Test("a server answering 200 to a Range request restarts the download from byte 0")
    func restartsWhenRangeIgnored() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let server = try LocalHTTPServer(routes: ["model.npz": .init(body: Self.payload, honoursRange: false)])
        defer { server.stop() }
        let asset = scratch.asset(server.url("model.npz"))
        // A stale part file whose bytes are wrong: appending to it would corrupt the download.
        try FileManager.default.createDirectory(at: scratch.cache.appendingPathComponent("weights"),
                                                withIntermediateDirectories: true)
        try Data(repeating: 0xFF, count: 1000).write(to: scratch.cache.appendingPathComponent("weights/model.npz.part"))

        let result = try await AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5).fetch(asset)

        #expect(server.requests.map { $0.headers["range"] } == ["bytes=1000-"])
        #expect(result.resumedFromByte == 0)
        #expect(result.bytesDownloaded == Int64(Self.payload.count))
        #expect(try Data(contentsOf: result.location) == Self.payload)
    }

    @Test("a part file the server cannot continue (416) restarts, then a short file is a size mismatch")
    func restartsAfterUnsatisfiableRange() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let short = Self.payload.prefix(1000)
        let server = try LocalHTTPServer(routes: ["model.npz": .init(body: Data(short))])
        defer { server.stop() }
        let asset = scratch.asset(server.url("model.npz"), size: 3000)
        let part = scratch.cache.appendingPathComponent("weights/model.npz.part")
        try FileManager.default.createDirectory(at: part.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(repeating: 0xFF, count: 2000).write(to: part)

        let error = await #expect(throws: FetchError.self) {
            try await AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5).fetch(asset)
        }

        #expect(server.requests.map { $0.headers["range"] } == ["bytes=2000-", nil])
        #expect(error == .sizeMismatch(url: asset.url, expected: 3000, received: 1000))
        #expect(error?.description.contains("fewer than the 3000 bytes") == true)
        #expect(scratch.files(under: "weights").isEmpty)
    }

    @Test("the connect timeout is whole seconds, at least one")
    func roundsTimeout() {
        let cache = FileManager.default.temporaryDirectory
        #expect(AssetFetcher(cacheDirectory: cache, connectTimeout: 0).connectTimeout == 1)
        #expect(AssetFetcher(cacheDirectory: cache, connectTimeout: 2.2).connectTimeout == 3)
        #expect(AssetFetcher(cacheDirectory: cache).connectTimeout == 10)
    }

    @Test("a complete part file left by an interrupted run is verified and installed without a request")
    func installsCompletePartFile() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let server = try LocalHTTPServer(routes: [:])
        defer { server.stop() }
        let asset = scratch.asset(server.url("model.npz"))
        let part = scratch.cache.appendingPathComponent("weights/model.npz.part")
        try FileManager.default.createDirectory(at: part.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.payload.write(to: part)

        let result = try await AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5).fetch(asset)

        #expect(server.requests.isEmpty)
        #expect(result.bytesDownloaded == 0)
        #expect(result.resumedFromByte == Int64(Self.payload.count))
        #expect(try Data(contentsOf: result.location) == Self.payload)
        #expect(scratch.files(under: "weights") == ["model.npz"])
    }

    @Test("a verified archive whose extraction was interrupted is extracted without a request")
    func extractsDownloadedArchive() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let server = try LocalHTTPServer(routes: [:])
        defer { server.stop() }
        let archive = scratch.cache.appendingPathComponent("datasets/tf_flowers.tar.gz")
        try FileManager.default.createDirectory(at: archive.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try TarGzFixture.write([.file("flower_photos/tulips/3.jpg", "tulip")], to: archive)
        let size = try Data(contentsOf: archive).count
        let asset = scratch.asset(server.url("flower_photos.tgz"), sha256: try FileChecksum.sha256(of: archive),
                                  size: size, kind: .tarGzArchive, destination: "datasets/tf_flowers")

        let result = try await AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5).fetch(asset)

        #expect(server.requests.isEmpty)
        let tulip = result.location.appendingPathComponent("flower_photos/tulips/3.jpg")
        #expect(try String(contentsOf: tulip, encoding: .utf8) == "tulip")
        #expect(scratch.files(under: "datasets") == ["tf_flowers"])
    }

    @Test("a wrong checksum deletes the download and names both sums")
    func rejectsWrongChecksum() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let server = try LocalHTTPServer(routes: ["model.npz": .init(body: Self.payload)])
        defer { server.stop() }
        let declared = String(repeating: "ab", count: 32)
        let asset = scratch.asset(server.url("model.npz"), sha256: declared)

        let error = await #expect(throws: FetchError.self) {
            try await AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5).fetch(asset)
        }
        let part = scratch.cache.appendingPathComponent("weights/model.npz.part")
        #expect(error == .checksumMismatch(url: asset.url, file: part, expected: declared, found: scratch.sha256))
        let text = error?.description ?? ""
        #expect(text.contains(declared) && text.contains(scratch.sha256) && text.contains("deleted"))
        #expect(text.contains(asset.url.absoluteString))
        #expect(scratch.files(under: "weights").isEmpty)
    }

    @Test("a 404 is reported with the address and nothing is installed")
    func reportsNotFound() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let server = try LocalHTTPServer(routes: [:])
        defer { server.stop() }
        let asset = scratch.asset(server.url("missing.npz"))

        let error = await #expect(throws: FetchError.self) {
            try await AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5).fetch(asset)
        }
        #expect(error == .httpStatus(url: asset.url, status: 404))
        #expect(error?.description.contains("HTTP 404") == true)
        #expect(error?.description.contains(asset.url.absoluteString) == true)
        #expect(!asset.isInstalled(in: scratch.cache))
        #expect(server.requests.map(\.path) == ["missing.npz"])
    }

    @Test("more bytes than declared deletes the download")
    func rejectsOversizedDownload() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let server = try LocalHTTPServer(routes: ["model.npz": .init(body: Self.payload)])
        defer { server.stop() }
        let asset = scratch.asset(server.url("model.npz"), size: 1000)

        let error = await #expect(throws: FetchError.self) {
            try await AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5).fetch(asset)
        }
        guard case let .sizeMismatch(url, expected, received)? = error else {
            Issue.record("expected sizeMismatch, got \(String(describing: error))")
            return
        }
        #expect(url == asset.url && expected == 1000 && received > 1000)
        #expect(scratch.files(under: "weights").isEmpty)
    }

    @Test("an archive is downloaded, verified, extracted into place and deleted")
    func installsArchive() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let fixture = scratch.cache.appendingPathComponent("fixture.tar.gz")
        try TarGzFixture.write(
            [.file("flower_photos/daisy/1.jpg", "daisy"), .file("flower_photos/roses/2.jpg", "rose")], to: fixture)
        let bytes = try Data(contentsOf: fixture)
        let sha = try FileChecksum.sha256(of: fixture)
        try FileManager.default.removeItem(at: fixture)
        let server = try LocalHTTPServer(routes: ["flower_photos.tgz": .init(body: bytes)])
        defer { server.stop() }
        let asset = scratch.asset(server.url("flower_photos.tgz"), sha256: sha, size: bytes.count, kind: .tarGzArchive,
                                  destination: "datasets/tf_flowers")
        let log = ProgressLog()

        let result = try await AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5).fetch(asset) {
            log.record($0)
        }

        #expect(result.location == scratch.cache.appendingPathComponent("datasets/tf_flowers", isDirectory: true))
        let daisy = result.location.appendingPathComponent("flower_photos/daisy/1.jpg")
        #expect(try String(contentsOf: daisy, encoding: .utf8) == "daisy")
        #expect(scratch.files(under: "datasets") == ["tf_flowers"])  // archive and staging folder gone
        #expect(Set(log.all.map(\.phase)) == [.downloading, .verifying, .extracting])
        #expect(log.all.last?.phase == .extracting)
        #expect(asset.isInstalled(in: scratch.cache))
    }

    @Test("a closed port fails within seconds with the offline message")
    func failsFastWhenUnreachable() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let port = try LocalHTTPServer.closedPort()
        let asset = scratch.asset(URL(string: "http://127.0.0.1:\(port)/model.npz")!)
        let started = Date()

        let error = await #expect(throws: FetchError.self) {
            try await AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 30).fetch(asset)
        }

        // A refused connection fails at once, long before the 30 s timeout; the margin is for a loaded CI machine.
        #expect(Date().timeIntervalSince(started) < 15)
        guard case let .offline(url, _)? = error else {
            Issue.record("expected offline, got \(String(describing: error))")
            return
        }
        #expect(url == asset.url)
        let text = error?.description ?? ""
        #expect(text.contains(asset.url.absoluteString))
        #expect(text.contains("seems offline"))
        #expect(text.contains("embedded offline default"))
    }

    @Test("a server that accepts but never answers times out as offline after the connect timeout")
    func timesOutSilentServer() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        // A listening socket nobody accepts on: the kernel completes the handshake, no answer ever comes.
        let (socket, port) = try LocalHTTPServer.openListener()
        defer { close(socket) }
        let asset = scratch.asset(URL(string: "http://127.0.0.1:\(port)/model.npz")!)
        let started = Date()

        let error = await #expect(throws: FetchError.self) {
            try await AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 1).fetch(asset)
        }

        let elapsed = Date().timeIntervalSince(started)
        // At least the 1 s timeout; the upper bound leaves room for a loaded CI machine.
        #expect(elapsed >= 0.9 && elapsed < 15)
        #expect(error == .offline(url: asset.url, reason: "127.0.0.1 did not answer within 1 s"))
    }

    @Test("an unsafe declaration is refused before any connection")
    func refusesInvalidAsset() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let fetcher = AssetFetcher(cacheDirectory: scratch.cache)
        let url = URL(string: "http://127.0.0.1:9/x")!
        let cases: [(Asset, String)] = [
            (scratch.asset(url, destination: "../outside"), "\"..\""),
            (scratch.asset(url, destination: "/etc/x"), "absolute"),
            (scratch.asset(url, sha256: "xyz"), "64 hexadecimal"),
            (scratch.asset(url, size: 0), "positive"),
            (scratch.asset(URL(string: "file:///etc/passwd")!), "http(s)"),
        ]
        for (asset, reason) in cases {
            let error = await #expect(throws: FetchError.self) { try await fetcher.fetch(asset) }
            guard case let .invalidAsset(name, why)? = error else {
                Issue.record("expected invalidAsset, got \(String(describing: error))")
                continue
            }
            #expect(name == "model")
            #expect(why.contains(reason), "\(why)")
        }
    }
}
