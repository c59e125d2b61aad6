import ArgumentParser
import Foundation
import LessonKit

extension LessonCommand {
    /// `lesson show N`: a lesson's cells, parameters and, after a run, each cell's status.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a lesson's cells, parameters and the state of its last run.")

        @OptionGroup var selection: LessonSelection

        func run() throws {
            let lesson = try selection.lesson()
            // The cells' Swift declarations must agree with the lesson file: say so here, not mid-run.
            _ = try CellDeclarationCheck.implementations(of: try LessonRegistry.program(lesson.number), lesson: lesson)
            let store = selection.store
            let record = RunRecord.load(from: store)
            if record == nil, FileManager.default.fileExists(atPath: RunRecord.url(in: store).path) {
                print("Note: \(RunRecord.url(in: store).path) cannot be read (damaged); the cached results below "
                      + "are still used, and the next `lesson run \(lesson.number)` writes a new record.\n")
            }
            print("Lesson \(lesson.number): \(lesson.title)")
            for source in lesson.sources { print("  source: \(source.citation)") }
            print("")
            printCells(lesson, record: record, store: store)
            print("")
            printParameters(lesson, record: record)
            if !lesson.inputs.isEmpty {
                print("")
                printInputs(lesson, record: record)
            }
            if !lesson.links.isEmpty {
                print("")
                printLinks(lesson)
            }
            if !lesson.profiles.isEmpty {
                print("")
                print("Profiles (default overrides; --set still wins):")
                for profile in lesson.profiles {
                    let values = profile.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    print("  \(profile.name): \(values.joined(separator: ", "))")
                    print("    applies \(profile.ruleDescription ?? "when the lesson's input resolution chooses it")")
                    print("    \(profile.description)")
                }
            }
            if let record {
                print("")
                print("Last run: \(record.status.rawValue), started \(record.startedAt), \(record.machine)")
                if let banner = record.banner { print("  \(banner)") }
                if let profile = record.profile { print("  profile: \(profile)") }
            }
        }

        private func printCells(_ lesson: Lesson, record: RunRecord?, store: ArtifactStore) {
            print("Cells:")
            let code = (try? LessonRegistry.program(lesson.number)).map {
                CellCode.locate(cells: lesson.cells.map(\.name), in: $0.sources)
            } ?? [:]
            let order = topologicalOrder(lesson.graph)
            let width = order.map(\.count).max() ?? 0
            for (index, name) in order.enumerated() {
                guard let cell = lesson.cell(name) else { continue }
                var state = freshness(of: name, record: record, store: store)
                if let now = code[name], let before = store.latestRecord(cell: name)?.codeDigest, now.digest != before {
                    state += "; code changed since (\(now.file)): it runs again"
                }
                print("  \(index + 1). \(name.rightPadded(to: width))  \(cell.title) — \(cell.purpose)")
                print("     \(String(repeating: " ", count: width))  [\(state)]")
            }
        }

        /// fresh / stale / failed / interrupted / never run, with the duration when known.
        private func freshness(of name: String, record: RunRecord?, store: ArtifactStore) -> String {
            guard let entry = record?.cell(name) else {
                // No record of this cell in run.json (or no readable run.json): what the cache holds.
                guard let cached = store.latestRecord(cell: name) else { return "never run" }
                return "cached result from \(Self.dateFormatter.string(from: cached.computedAt)) "
                    + "(computed in \(Format.duration(cached.duration))); the last run's record does not list it"
            }
            let took = entry.duration.map { ", \(Format.duration($0))" } ?? ""
            switch entry.status {
            case .done:
                guard let key = entry.key, store.record(cell: name, key: CacheKey(hex: key)) != nil else {
                    return "never run (cache removed)"
                }
                return entry.fromCache ? "fresh, loaded from cache\(took)" : "fresh, ran\(took)"
            case .stale: return "stale: an upstream cell was rerun"
            case .failed: return "failed\(took): \(entry.error ?? "")"
            case .interrupted: return "interrupted\(took)"
            case .running:
                // A run in progress holds the folder's lock; a record left "running" without one ended
                // before it could say how (killed with SIGKILL, or the disk was full).
                if (try? RunLock(store: store, command: "lesson show")) != nil {
                    return "ended without recording how (killed, or the disk was full); its partial work was not cached"
                }
                return "running now"
            case .pending: return "not run"
            }
        }

        /// Each input with the cells that read it, what it is and where it comes from, and what the last run used.
        private func printInputs(_ lesson: Lesson, record: RunRecord?) {
            print("Inputs (files the cells read; each says where it comes from):")
            let width = lesson.inputs.map(\.name.count).max() ?? 0
            let pad = "  " + String(repeating: " ", count: width) + "  "
            for input in lesson.inputs {
                let readers = lesson.cells.filter { $0.inputs.contains(input.name) }.map(\.name)
                print("  \(input.name.rightPadded(to: width))  read by "
                      + (readers.isEmpty ? "no cell" : readers.joined(separator: ", ")))
                print(pad + input.meaning)
                if let flag = input.flag, let kind = input.kind {
                    print(pad + "given with: lesson run \(lesson.number) --\(flag) \(kind == .folder ? "DIR" : "FILE")")
                }
                if let from = input.from {
                    print(pad + "default: the file lesson \(from.lesson) ships for its input `\(from.input)`")
                }
                if let used = record?.inputs.first(where: { $0.name == input.name }) {
                    print(pad + "last run: \(used.description)")
                }
            }
        }

        /// Each link to another lesson's parameters with the cells that read it.
        private func printLinks(_ lesson: Lesson) {
            print("Links (other lessons' parameters the cells read; they enter those cells' cache keys):")
            let width = lesson.links.map(\.name.count).max() ?? 0
            let pad = "  " + String(repeating: " ", count: width) + "  "
            for link in lesson.links {
                let readers = lesson.cells.filter { $0.links.contains(link.name) }.map(\.name)
                print("  \(link.name.rightPadded(to: width))  read by "
                      + (readers.isEmpty ? "no cell" : readers.joined(separator: ", ")))
                print(pad + "lesson \(link.lesson)'s parameters" + (link.profile.map { " under its profile '\($0)'" } ?? ""))
                print(pad + link.meaning)
            }
        }

        private func printParameters(_ lesson: Lesson, record: RunRecord?) {
            print("Parameters (--set KEY=VALUE):")
            let width = lesson.parameters.map(\.name.count).max() ?? 0
            for parameter in lesson.parameters {
                var line = "  \(parameter.name.rightPadded(to: width))  \(parameter.type.rawValue.rightPadded(to: 7)) "
                    + "default \(parameter.defaultValue)"
                if let used = record?.parameters.first(where: { $0.name == parameter.name }),
                   used.value != parameter.defaultValue.description {
                    line += " (last run: \(used.value), from \(used.origin.rawValue))"
                }
                print(line)
                print("  \(String(repeating: " ", count: width))  \(parameter.meaning)")
                if !parameter.range.isEmpty {
                    print("  \(String(repeating: " ", count: width))  accepts: \(parameter.range.text())")
                }
            }
        }
    
        static let dateFormatter: DateFormatter = {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
            return formatter
        }()
    }
}
