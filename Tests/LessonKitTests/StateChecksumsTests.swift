import Foundation
import LessonKit
import Testing

/// Cached state verified on load: a damaged file makes its cell and the cells after it run again.
@Suite struct StateChecksumsTests {
    private func stateFile(_ fixture: RunnerFixture, cell: String, _ name: String) throws -> URL {
        let key = try #require(RunRecord.load(from: fixture.store)?.cell(cell)?.key)
        return fixture.store.cacheDirectory.appendingPathComponent("\(cell)/\(key)/\(name)")
    }

    @Test func aTruncatedStateFileIsRecomputedWithEveryCellThatDependsOnIt() throws {
        let fixture = try RunnerFixture()
        try fixture.run()
        let file = try stateFile(fixture, cell: "b", "b.txt")
        try Data("sta".utf8).write(to: file)
        fixture.clearOutput()
        #expect(try fixture.run() == .completed)
        #expect(fixture.program.runs == ["b", "c"])
        #expect(fixture.output.contains("b: cached result damaged (b.txt changed since it was written), "
                                        + "recomputing (and the cells that depend on it)\n"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "state of b")
        try fixture.run()
        #expect(fixture.program.runs == [], "the recomputed state is trusted again")
    }

    @Test func aMissingFileOrAnUnreadableManifestCountsAsDamage() throws {
        let fixture = try RunnerFixture()
        try fixture.run()
        try FileManager.default.removeItem(at: try stateFile(fixture, cell: "a", "a.txt"))
        fixture.clearOutput()
        #expect(try fixture.run() == .completed)
        #expect(fixture.output.contains("a: cached result damaged (a.txt is missing), recomputing"))
        #expect(fixture.program.runs == ["a", "b", "c", "d"])

        try Data("{ not json".utf8).write(to: try stateFile(fixture, cell: "d", "cell.json"))
        fixture.clearOutput()
        #expect(try fixture.run() == .completed)
        #expect(fixture.output.contains("d: cached result damaged (cell.json cannot be read), recomputing\n"))
        #expect(fixture.program.runs == ["d"])
    }

    @Test func aDamagedUpstreamOfAOneCellRunIsRecomputedFirst() throws {
        let fixture = try RunnerFixture()
        try fixture.run()
        try Data("x".utf8).write(to: try stateFile(fixture, cell: "a", "a.txt"))
        fixture.clearOutput()
        #expect(try fixture.run(RunRequest(cells: ["b"])) == .completed)
        #expect(fixture.program.runs == ["a", "b"])
        #expect(fixture.output.contains("a: cached result damaged (a.txt changed since it was written), recomputing"))
    }

    @Test func theRecordListsTheSumOfEveryStateFile() throws {
        let fixture = try RunnerFixture()
        try fixture.run()
        let manifest = try stateFile(fixture, cell: "a", "cell.json")
        let record = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: manifest))
        // SHA-256 of "state of a", of "figure" and of the stored output, pretty-printed JSON
        // `{\n  "text" : "state of a"\n}` (hashlib.sha256(b"...").hexdigest()).
        #expect(record.checksums == [
            "a.txt": "ccf11af2ab0670d57f9ba1b11b90521aeca199971ce182f15d7fe0d816d68263",
            "output.json": "22a0203946ee3dd2ea836f381b2f016e0e01dcea11b5be6aa87200e169d1bd55",
            "published/01-a.svg": "889393fb69a5b305188405f66dd58ca1fefad6cef46cfbf85236146e633f2a66",
        ])
    }

    struct Manifest: Decodable { var checksums: [String: String] }
}
