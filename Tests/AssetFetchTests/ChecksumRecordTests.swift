import Foundation
import Testing
import TestSupport
@testable import AssetFetch

/// Assets whose lesson file publishes no size or SHA-256: trusted on first use, checked against
/// the recorded sum afterwards. Served by a `LocalHTTPServer` on 127.0.0.1. (The payload is random
/// bytes, so the destination is a `.bin`: an `.npz` must first be a zip of arrays, see below.)
@Suite("Trust on first use")
struct ChecksumRecordTests {
    typealias Scratch = AssetFetcherTests.Scratch
    static let payload = AssetFetcherTests.payload

    static func unpublished(_ url: URL, kind: Asset.Kind = .file,
                            destination: String = "weights/model.bin") -> Asset
    {
        Asset(name: "model", url: url, sizeInBytes: nil, sha256: nil, kind: kind, destination: destination)
    }

    @Test("the first download's sum is recorded in sha256sum format; a later fetch re-checks it")
    func recordsThenRechecks() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let server = try LocalHTTPServer(routes: ["model.bin": .init(body: Self.payload)])
        defer { server.stop() }
        let asset = Self.unpublished(server.url("model.bin"))
        let fetcher = AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5)
        let log = AssetFetcherTests.ProgressLog()

        let first = try await fetcher.fetch(asset) { log.record($0) }

        let record = scratch.cache.appendingPathComponent("weights/model.bin.sha256")
        #expect(asset.checksumRecordLocation(in: scratch.cache) == record)
        #expect(first.checksum == .recordedOnFirstUse(sha256: scratch.sha256, record: record))
        #expect(try String(contentsOf: record, encoding: .utf8) == "\(scratch.sha256)  model.bin\n")
        #expect(try Data(contentsOf: first.location) == Self.payload)
        #expect(scratch.files(under: "weights") == ["model.bin", "model.bin.sha256"])
        // The size came from the server's Content-Length.
        let downloading = log.all.filter { $0.phase == .downloading }
        #expect(downloading.last == FetchProgress(asset: "model", phase: .downloading,
                                                  bytesDone: Int64(Self.payload.count),
                                                  totalBytes: Int64(Self.payload.count)))

        let second = try await fetcher.fetch(asset)

        #expect(second.wasAlreadyInstalled)
        #expect(second.checksum == .matchedRecord(sha256: scratch.sha256, record: record))
        #expect(server.requests.count == 1)
    }

    @Test("an installed file that changed is deleted with its record; the next fetch downloads it afresh")
    func changedFileIsDeleted() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let server = try LocalHTTPServer(routes: ["model.bin": .init(body: Self.payload)])
        defer { server.stop() }
        let asset = Self.unpublished(server.url("model.bin"))
        let fetcher = AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5)
        let installed = try await fetcher.fetch(asset).location
        var damaged = Self.payload
        damaged[1000] ^= 0xFF
        try damaged.write(to: installed)
        let damagedSum = try FileChecksum.sha256(of: installed)

        let error = await #expect(throws: FetchError.self) { try await fetcher.fetch(asset) }

        let record = asset.checksumRecordLocation(in: scratch.cache)
        #expect(error == .recordedChecksumMismatch(file: installed, record: record, recorded: scratch.sha256,
                                                   found: damagedSum))
        let text = error?.description ?? ""
        #expect(text.contains(scratch.sha256) && text.contains(damagedSum) && text.contains("run `lesson fetch` again"))
        #expect(scratch.files(under: "weights").isEmpty)

        let again = try await fetcher.fetch(asset)
        #expect(again.checksum == .recordedOnFirstUse(sha256: scratch.sha256, record: record))
        #expect(server.requests.count == 2)
    }

    @Test("with no declared size a broken download keeps its bytes, reports the announced size and resumes")
    func resumesWithoutDeclaredSize() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let third = Self.payload.count / 3
        let server = try LocalHTTPServer(routes: ["model.bin": .init(body: Self.payload, cutAfterBytes: third)])
        defer { server.stop() }
        let asset = Self.unpublished(server.url("model.bin"))
        let fetcher = AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5)

        let error = await #expect(throws: FetchError.self) { try await fetcher.fetch(asset) }
        guard case let .interrupted(_, done, total, _, _)? = error else {
            Issue.record("expected interrupted, got \(String(describing: error))")
            return
        }
        #expect(done == Int64(third))
        #expect(total == Int64(Self.payload.count))
        #expect(error?.description.contains("after \(third) of \(Self.payload.count) bytes") == true)

        let result = try await fetcher.fetch(asset)

        #expect(result.resumedFromByte == Int64(third))
        #expect(try Data(contentsOf: result.location) == Self.payload)
        #expect(server.requests.map { $0.headers["range"] } == [nil, "bytes=\(third)-"])
    }

    @Test("a complete part file of unknown size is recognised by the server's 416 and not downloaded again")
    func completePartFileOfUnknownSize() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let server = try LocalHTTPServer(routes: ["model.bin": .init(body: Self.payload)])
        defer { server.stop() }
        let asset = Self.unpublished(server.url("model.bin"))
        let part = scratch.cache.appendingPathComponent("weights/model.bin.part")
        try FileManager.default.createDirectory(at: part.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.payload.write(to: part)

        let result = try await AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5).fetch(asset)

        #expect(server.requests.map { $0.headers["range"] } == ["bytes=\(Self.payload.count)-"])
        #expect(result.bytesDownloaded == 0)
        #expect(try Data(contentsOf: result.location) == Self.payload)
        #expect(result.checksum == .recordedOnFirstUse(sha256: scratch.sha256,
                                                       record: asset.checksumRecordLocation(in: scratch.cache)))
    }

    @Test("an archive without a declared sum is extracted and its sum recorded beside the folder")
    func archiveRecordsItsSum() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let fixture = scratch.cache.appendingPathComponent("fixture.tar.gz")
        try TarGzFixture.write([.file("flower_photos/daisy/1.jpg", "daisy")], to: fixture)
        let bytes = try Data(contentsOf: fixture)
        let sha = try FileChecksum.sha256(of: fixture)
        try FileManager.default.removeItem(at: fixture)
        let server = try LocalHTTPServer(routes: ["flower_photos.tgz": .init(body: bytes)])
        defer { server.stop() }
        let asset = Self.unpublished(server.url("flower_photos.tgz"), kind: .tarGzArchive, destination: "62/flowers")

        let result = try await AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5).fetch(asset)

        let record = scratch.cache.appendingPathComponent("62/flowers.tar.gz.sha256")
        #expect(result.checksum == .recordedOnFirstUse(sha256: sha, record: record))
        #expect(try String(contentsOf: record, encoding: .utf8) == "\(sha)  flowers.tar.gz\n")
        let daisy = result.location.appendingPathComponent("flower_photos/daisy/1.jpg")
        #expect(try String(contentsOf: daisy, encoding: .utf8) == "daisy")
        #expect(scratch.files(under: "62") == ["flowers", "flowers.tar.gz.sha256"])
    }

    @Test("a malformed record is reported, not trusted")
    func malformedRecord() throws {
        let folder = SharedFixtures.temporaryDirectory("checksum-record")
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = folder.appendingPathComponent("model.bin.sha256")
        #expect(try ChecksumRecord.read(record) == nil)
        try Data("not a sum\n".utf8).write(to: record)
        let error = #expect(throws: FetchError.self) { try ChecksumRecord.read(record) }
        #expect(error?.description.contains("64 hexadecimal digits") == true)
        try ChecksumRecord.write(String(repeating: "c", count: 64), fileName: "model.bin", to: record)
        #expect(try ChecksumRecord.read(record) == String(repeating: "c", count: 64))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.bin.sha256"])
    }

    @Test("an HTML page served for an unpublished .npz is neither installed nor pinned")
    func captivePortalPageIsRefused() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let page = Data("<!DOCTYPE html>\n<html><head><title>Sign in to Wi-Fi</title></head></html>\n".utf8)
        let server = try LocalHTTPServer(routes: ["BiT-M-R50x1.npz": .init(body: page)])
        defer { server.stop() }
        let asset = Self.unpublished(server.url("BiT-M-R50x1.npz"), destination: "62/BiT-M-R50x1.npz")
        let fetcher = AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5)

        let error = await #expect(throws: FetchError.self) { try await fetcher.fetch(asset) }

        #expect(error == .unexpectedContent(url: asset.url, expected: "a NumPy .npz archive (a zip of .npy arrays)",
                                            found: "an HTML or XML page"))
        #expect(error?.description.contains("Nothing was installed or recorded") == true)
        #expect(!asset.isInstalled(in: scratch.cache))
        #expect(scratch.files(under: "62").isEmpty, "no file, no .part, no .sha256")
    }

    @Test("an .npz is a zip whose members are .npy arrays; a tar.gz starts as gzip")
    func contentFormats() throws {
        let folder = SharedFixtures.temporaryDirectory("content-check")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = URL(string: "https://example.org/x")!
        func asset(_ destination: String, kind: Asset.Kind = .file) -> Asset {
            Asset(name: "x", url: url, sizeInBytes: nil, sha256: nil, kind: kind, destination: destination)
        }
        let committed = SharedFixtures.repositoryRoot
            .appendingPathComponent("lessons/62-big-transfer/assets/BiT-shapes-R14x0.5.npz")
        try ContentCheck.check(committed, of: asset("w.npz"))
        let text = folder.appendingPathComponent("text")
        try Data("hello".utf8).write(to: text)
        #expect(throws: FetchError.unexpectedContent(url: url, expected: "a NumPy .npz archive (a zip of .npy arrays)",
                                                     found: "plain text")) {
            try ContentCheck.check(text, of: asset("w.npz"))
        }
        #expect(throws: FetchError.unexpectedContent(url: url, expected: "a gzip-compressed tar archive",
                                                     found: "plain text")) {
            try ContentCheck.check(text, of: asset("flowers", kind: .tarGzArchive))
        }
        try ContentCheck.check(text, of: asset("notes.txt"))  // no format promised, and not a page
        // A zip of something else is not an .npz.
        let tgz = folder.appendingPathComponent("a.tar.gz")
        try TarGzFixture.write([.file("a/1.txt", "x")], to: tgz)
        try ContentCheck.check(tgz, of: asset("flowers", kind: .tarGzArchive))
        #expect(ContentCheck.npzProblem(tgz) != nil)
    }

    @Test("an asset larger than the cache disk's free space is refused before any request")
    func insufficientSpaceIsFoundFirst() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.cache) }
        let server = try LocalHTTPServer(routes: ["model.bin": .init(body: Self.payload)])
        defer { server.stop() }
        let petabyte: Int64 = 1 << 50
        let asset = Asset(name: "model", url: server.url("model.bin"), sizeInBytes: petabyte, sha256: nil,
                          kind: .file, destination: "weights/model.bin")
        let available = try #require(DiskSpace.available(at: scratch.cache))

        let error = await #expect(throws: FetchError.self) {
            try await AssetFetcher(cacheDirectory: scratch.cache, connectTimeout: 5).fetch(asset)
        }

        guard case let .insufficientSpace(path, needed, free)? = error else {
            Issue.record("expected insufficientSpace, got \(String(describing: error))")
            return
        }
        #expect(path == scratch.cache && needed == petabyte)
        #expect(abs(free - available) < 1 << 30, "the free space of the cache's disk")
        #expect(error?.description.contains("XDG_CACHE_HOME") == true)
        #expect(server.requests.isEmpty, "nothing was downloaded")
        #expect(DiskSpace.needed(for: Asset(name: "a", url: server.url("a"), sizeInBytes: 100, sha256: nil,
                                            kind: .tarGzArchive, destination: "a"), partialBytes: 40) == 160)
    }
}
