import Foundation
import LessonKit
import Testing
import Training

/// Checks that summary.md's prose is this run's: every narrative, with its placeholders filled
/// from the run record (run.json) by this file's own substitution, appears in summary.md, and
/// the recorded values agree with the cells' state files.
enum ProseCheck {
    /// The narrative of every cell that ran, as summary.md must show it.
    static func expectedNarratives(lesson: Lesson, record: RunRecord) throws -> [String: String] {
        let pattern = try NSRegularExpression(pattern: #"\{\{\s*([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\s*(\|\s*percent\s*)?\}\}"#)
        var result: [String: String] = [:]
        for cell in lesson.cells where record.cell(cell.name)?.status == .done && !cell.narrative.isEmpty {
            var text = cell.narrative
            let matches = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed()
            for match in matches {
                let source = String(text[Range(match.range(at: 1), in: text)!])
                let key = String(text[Range(match.range(at: 2), in: text)!])
                let percent = match.range(at: 3).location != NSNotFound
                var value: String
                switch source {
                case "parameters":
                    value = try requireValue(record.parameters.first { $0.name == key }?.value, "parameter \(key)")
                case "reference":
                    switch try requireValue(lesson.reference?.values[key], "reference \(key)") {
                    case .int(let number): value = Format.grouped(number)
                    case .double(let number): value = "\(number)"
                    case .string(let string): value = string
                    }
                default:
                    value = try requireValue(record.cell(source)?.values?[key], "value \(source).\(key) in run.json")
                }
                if percent, let number = Double(value) { value = String(format: "%.2f%%", number * 100) }
                text.replaceSubrange(Range(match.range, in: text)!, with: value)
            }
            result[cell.name] = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return result
    }

    /// Every narrative is in the summary as this run's record fills it, with no placeholder left.
    static func expectNarratives(of run: LessonRun) throws {
        let lesson = try LessonDefinition.lesson.get()
        let record = try requireValue(run.record, "no run.json")
        let summary = try run.text("summary.md")
        let narratives = try expectedNarratives(lesson: lesson, record: record)
        #expect(!narratives.isEmpty)
        for (cell, text) in narratives {
            #expect(summary.contains(text), "the narrative of \(cell) is not this run's:\n\(text)")
        }
        #expect(!summary.contains("{{") && !summary.contains(ProseTemplate.unknown))
        // Every declared record was in its cell's output: none fell back to "none".
        for cell in record.cells where cell.status == .done {
            for (name, value) in cell.values ?? [:] where value == "none" && !(cell.name == "train" && name.hasPrefix("kept")) {
                Issue.record("\(cell.name).\(name) was not in the cell's output")
            }
        }
    }

    /// The recorded values agree with the outputs the cells left and metrics.json.
    static func expectRecordMatchesState(of run: LessonRun) throws {
        let record = try requireValue(run.record, "no run.json")
        func value(_ cell: String, _ key: String) -> String? { record.cell(cell)?.values?[key] }
        let dataset = try run.dataset
        #expect(value("load-dataset", "images") == Format.grouped(dataset.files.count))
        #expect(value("load-dataset", "classes") == "\(dataset.classNames.count)")
        #expect(value("load-dataset", "class_names") == dataset.classNames.joined(separator: ", "))
        #expect(value("load-dataset", "train_images") == Format.grouped(dataset.trainIndices.count))
        #expect(value("load-dataset", "validation_images") == Format.grouped(dataset.validationIndices.count))
        let model = try run.output(ModelFile.self, cell: "load-model")
        #expect(value("load-model", "feature_count") == Format.grouped(model.featureCount))
        #expect(value("load-model", "backbone_parameter_count") == Format.grouped(model.backboneParameterCount))
        #expect(value("load-model", "architecture")?.hasSuffix("\(model.rootChannels) root channels") == true)
        #expect(value("build-head", "trainable")
                == Format.grouped((model.featureCount + 1) * dataset.classNames.count))
        let training = try run.training
        let rows = try HistoryCSV.parse(try run.text("history.csv")).epochs
        let kept = try requireValue(rows.first { $0.epoch == training.restoredEpoch } ?? rows.last, "no history")
        #expect(value("train", "kept_epoch") == "\(kept.epoch)")
        #expect(value("train", "kept_accuracy").flatMap(Double.init).map { String(format: "%.4f", $0) }
                == String(format: "%.4f", kept.validationAccuracy))
        let metrics = try Evaluation.read(from: run.outputFile("metrics.json"))
        #expect(value("evaluate", "accuracy") == "\(metrics.accuracy)")
        #expect(value("evaluate", "correct") == "\(metrics.confusion.joined().reduce(0, +) - metrics.misclassified.count)")
    }
}

/// The load-model cell's output, as the tests read it.
struct ModelFile: Decodable {
    var blockUnits: [Int]
    var rootChannels: Int
    var featureCount: Int
    var parameterCount: Int
    var backboneParameterCount: Int
    var originalHeadClasses: Int?
}
