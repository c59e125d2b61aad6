import Foundation
import LessonKit
import TestSupport
import Testing
import TourLesson

@Suite struct CellCodeTests {
    static let train = """
        import LessonKit

        /// Helpers used by the cell.
        private let braces = "}}}"

        /// Fits the new head.
        /// Reads like Keras' compile + fit.
        @MainActor
        struct Train: Cell, Sendable {
            @Parameter var learningRate: Double
            @Upstream var features: BackboneFeatures

            func run(_ context: CellContext) throws -> TrainedHead {
                let open = "{ not a brace"   // } nor this one
                /* a block comment } with /* a nested } */ comment { */
                let block = \"\"\"
                    }}} inside a multi-line string "quoted" }
                    \"\"\"
                let raw = #"a raw "}" string \\(not interpolated }"#
                let interpolated = "\\(context.values.map { "\\($0)}" }.count) }"
                if open.isEmpty { return TrainedHead(block + raw + interpolated) }
                return TrainedHead()
            }
        }

        struct TrainedHead {}
        """

    static var trainFile: SourceFile { SourceFile(path: "Sources/Fixture/Train.swift", text: train) }

    @Test func extractsTheDeclarationWithItsDocCommentAndAttributes() throws {
        let code = try #require(CellCode.extract(typeName: "Train", from: Self.trainFile))
        let lines = Self.train.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(code.file == "Sources/Fixture/Train.swift")
        #expect(code.line == 6)
        #expect(code.text == lines[5...23].joined(separator: "\n"))
        #expect(code.text.hasPrefix("/// Fits the new head.\n/// Reads like Keras' compile + fit.\n@MainActor\nstruct Train: Cell, Sendable {"))
        #expect(code.text.hasSuffix("        return TrainedHead()\n    }\n}"))
        #expect(code.digest == SourceFile.digest(of: Self.train))
        #expect(code.digest.count == 64)
    }

    @Test func digestCoversTheWholeFileSoACommentEditChangesIt() throws {
        let edited = SourceFile(path: "Sources/Fixture/Train.swift",
                                text: Self.train.replacingOccurrences(of: "Helpers used", with: "Helpers"))
        let before = try #require(CellCode.extract(typeName: "Train", from: Self.trainFile))
        let after = try #require(CellCode.extract(typeName: "Train", from: edited))
        #expect(before.text == after.text)
        #expect(before.digest != after.digest)
    }

    @Test func findsOnlyTopLevelCellStructsOfThatName() {
        let source = SourceFile(path: "X.swift", text: """
            extension Outer {
                struct Evaluate: Cell { func run() {} }
            }
            struct EvaluateMore: Cell {}
            struct Plot: View {}
            // struct Evaluate: Cell { }
            let text = "struct Evaluate: Cell { }"
            """)
        #expect(CellCode.extract(typeName: "Evaluate", from: source) == nil)
        #expect(CellCode.extract(typeName: "Plot", from: source) == nil)
        #expect(CellCode.extract(typeName: "EvaluateMore", from: source)?.line == 4)
    }

    @Test func acceptsQualifiedAndGenericConformances() throws {
        let source = SourceFile(path: "Y.swift", text: """
            import LessonKit
            public struct LoadDataset<Source>: Equatable, LessonKit.Cell where Source: Sendable {
                var source: Source
            }
            """)
        let code = try #require(CellCode.extract(typeName: "LoadDataset", from: source))
        #expect(code.line == 2)
        #expect(code.text == source.text.split(separator: "\n").dropFirst().joined(separator: "\n"))
    }

    @Test func cellIdsMapToTypeNamesAndFiles() {
        #expect(CellCode.typeName(ofCell: "load-dataset") == "LoadDataset")
        #expect(CellCode.typeName(ofCell: "train") == "Train")
        let other = SourceFile(path: "Sources/Fixture/Other.swift", text: "struct Visualize: Cell {\n}\n")
        let located = CellCode.locate(cells: ["train", "visualize", "missing"], in: [other, Self.trainFile])
        #expect(located["train"]?.file == "Sources/Fixture/Train.swift")
        #expect(located["visualize"] == CellCode(file: "Sources/Fixture/Other.swift", line: 1,
                                                 text: "struct Visualize: Cell {\n}", digest: other.sha256))
        #expect(located["missing"] == nil)
    }

    @Test func embeddedSourcesAreTheFilesOnDisk() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("Sources/TourLesson")
        let onDisk = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        guard let onDisk else {
            print("skipped: no checkout at \(folder.path) to compare the embedded sources with")
            return
        }
        let embedded = TourLesson.EmbeddedSources.files
        #expect(embedded.map(\.path) == onDisk.filter { $0.hasSuffix(".swift") }.sorted().map { "Sources/TourLesson/\($0)" })
        for file in embedded {
            let data = try Data(contentsOf: root.appendingPathComponent(file.path))
            #expect(Data(file.text.utf8) == data, "\(file.path)")
            #expect(file.sha256 == SourceFile.digest(of: file.text))
        }
    }
}
