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
        for profile in lesson.profiles {
            for (input, path) in profile.when.sorted(by: { $0.key < $1.key }) {
                guard inputNames.contains(input) else {
                    throw fail("profiles.\(profile.name).when.\(input)", "'\(input)' is not a declared input",
                               "use one of \(inputNames.joined(separator: ", "))")
                }
                try requireRelative(path, key: "profiles.\(profile.name).when.\(input)", file: file)
            }
        }
        for (index, input) in lesson.inputs.enumerated() {
            if let shipped = input.shipped { try requireRelative(shipped, key: "inputs[\(index)].shipped", file: file) }
        }
        for (index, cell) in lesson.cells.enumerated() {
            try checkPlaceholders(of: cell, key: "cells[\(index)].narrative", in: lesson)
        }
        try LessonLinks.check(lesson)
    }

    /// Every placeholder of a cell's narrative must name a parameter the cell declares, a
    /// `[reference]` value, or a value recorded by the cell itself or a cell upstream of it.
    private static func checkPlaceholders(of cell: CellDeclaration, key: String, in lesson: Lesson) throws {
        let file = lesson.file.path
        let template: ProseTemplate
        do {
            template = try ProseTemplate(cell.narrative)
        } catch {
            throw LessonFileError(file: file, key: key, problem: "\(error)", fix: "close it with }} and name source.key")
        }
        let reachable = Set(ancestors(of: cell.name, in: lesson.graph)).union([cell.name])
        for placeholder in template.placeholders {
            func unknown(_ problem: String, _ fix: String) -> LessonFileError {
                LessonFileError(file: file, key: key, problem: "placeholder \(placeholder.text) \(problem)", fix: fix)
            }
            if let filter = placeholder.filter, !ProseTemplate.filters.contains(filter) {
                throw unknown("uses unknown filter '\(filter)'", "use one of \(ProseTemplate.filters.joined(separator: ", "))")
            }
            switch placeholder.source {
            case "parameters":
                guard cell.parameters.contains(placeholder.key) else {
                    throw unknown("names a parameter cell '\(cell.name)' does not declare",
                                  "add it to the cell's `parameters` or use one of \(cell.parameters.joined(separator: ", "))")
                }
            case "reference":
                guard let reference = lesson.reference, reference.values[placeholder.key] != nil else {
                    let known = lesson.reference?.values.keys.sorted().joined(separator: ", ") ?? "none"
                    throw unknown("names no value of [reference.values]", "declare it there or use one of: \(known)")
                }
            default:
                guard let source = lesson.cell(placeholder.source), reachable.contains(source.name) else {
                    throw unknown("names no cell upstream of '\(cell.name)' (nor 'parameters' or 'reference')",
                                  "use {{parameters.NAME}}, {{reference.NAME}} or {{CELL.NAME}} with CELL "
                                  + "'\(cell.name)' or one of its upstream cells")
                }
                guard source.records.contains(placeholder.key) else {
                    throw unknown("names a value cell '\(source.name)' does not record",
                                  "add it to that cell's `records` (and record it in its body) or use one of: "
                                  + source.records.joined(separator: ", "))
                }
            }
        }
    }

    private static func requireRelative(_ path: String, key: String, file: String) throws {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            throw LessonFileError(file: file, key: key, problem: "'\(path)' is not a path inside the lesson folder",
                                  fix: "give a relative path such as assets/model.npz")
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
