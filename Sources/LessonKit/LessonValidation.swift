import Foundation

/// Cross-checks of a parsed lesson: unique names, and every reference resolving.
enum LessonValidation {
    static func check(_ lesson: Lesson) throws {
        let file = lesson.file.path
        func fail(_ key: String, _ problem: String, _ fix: String) -> LessonFileError {
            LessonFileError(file: file, key: key, problem: problem, fix: fix)
        }
        guard lesson.number >= 0 else { throw fail("number", "must not be negative", "use the lesson's number") }
        try requireUnique(lesson.parameters.map(\.name), section: "parameters", file: file)
        try requireUnique(lesson.inputs.map(\.name), section: "inputs", file: file)
        try requireUnique(lesson.cells.map(\.name), section: "cells", file: file)
        try requireUnique(lesson.assets.map(\.name), section: "assets", file: file)
        guard !lesson.cells.isEmpty else {
            throw fail("cells", "no cell is declared", "add at least one [[cells]] table")
        }
        let parameterNames = lesson.parameters.map(\.name)
        let inputNames = lesson.inputs.map(\.name)
        let cellNames = lesson.cells.map(\.name)
        for (index, cell) in lesson.cells.enumerated() {
            let key = "cells[\(index)]"
            if let name = cell.parameters.first(where: { !parameterNames.contains($0) }) {
                throw fail("\(key).parameters", "cell '\(cell.name)' reads undeclared parameter '\(name)'",
                           "declare it under [[parameters]] or use one of \(parameterNames.joined(separator: ", "))")
            }
            if let name = cell.inputs.first(where: { !inputNames.contains($0) }) {
                throw fail("\(key).inputs", "cell '\(cell.name)' reads undeclared input '\(name)'",
                           "declare it under [[inputs]] or use one of \(inputNames.joined(separator: ", "))")
            }
            if let name = cell.upstream.first(where: { !cellNames.contains($0) || $0 == cell.name }) {
                throw fail("\(key).upstream", "cell '\(cell.name)' names '\(name)', which is not another cell",
                           "use one of \(cellNames.filter { $0 != cell.name }.joined(separator: ", "))")
            }
        }
        for (index, parameter) in lesson.parameters.enumerated() {
            if let other = parameter.range.atMost, !parameterNames.contains(other) {
                throw fail("parameters[\(index)].at_most", "'\(other)' is not a declared parameter",
                           "name one of \(parameterNames.joined(separator: ", "))")
            }
            var own = parameter.range
            own.atMost = nil
            if !own.contains(parameter.defaultValue, values: [:]) {
                throw fail("parameters[\(index)].default", "\(parameter.defaultValue) is outside its range "
                           + "(\(own.text()))", "change the default or the range")
            }
        }
        for (index, asset) in lesson.assets.enumerated() where !inputNames.contains(asset.input) {
            throw fail("assets[\(index)].input", "asset '\(asset.name)' provides undeclared input '\(asset.input)'",
                       "declare it under [[inputs]] or use one of \(inputNames.joined(separator: ", "))")
        }
        if let cycle = lesson.graph.cycle() {
            throw fail("cells", "the upstream links form a cycle: \(cycle.joined(separator: " → "))",
                       "remove one of those upstream links")
        }
    }

    private static func requireUnique(_ names: [String], section: String, file: String) throws {
        var seen: Set<String> = []
        for (index, name) in names.enumerated() {
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw LessonFileError(file: file, key: "\(section)[\(index)].name",
                                      problem: "'\(name)' is not a valid name",
                                      fix: "use letters, digits, '-' and '_' only")
            }
            guard seen.insert(name).inserted else {
                throw LessonFileError(file: file, key: "\(section)[\(index)].name",
                                      problem: "'\(name)' is declared twice", fix: "give each entry its own name")
            }
        }
    }
}
