import Foundation
import LessonKit
import Testing

/// Narratives with placeholders: parsed and checked when the lesson file is read, filled from the run.
@Suite struct ProseTemplateTests {
    let file = URL(fileURLWithPath: "/lessons/07-test/lesson.toml")

    /// TestLesson with a [reference] table, `records` on cell a and `narrative` on cell b.
    private func lesson(narrativeOfB: String) -> String {
        TestLesson.toml
            .replacingOccurrences(of: "narrative = \"Narrative of a.\"",
                                  with: "narrative = \"Narrative of a.\"\nrecords = [\"count\"]")
            .replacingOccurrences(of: "parameters = [\"beta\"]\nupstream = [\"a\"]",
                                  with: "parameters = [\"beta\"]\nupstream = [\"a\"]\nnarrative = \"\(narrativeOfB)\"")
            + "\n[reference]\nsource = \"the paper\"\nvalues = { accuracy = 0.9727, images = 3670 }\n"
    }

    private func problem(_ narrative: String) -> String? {
        do {
            _ = try LessonFile.parse(lesson(narrativeOfB: narrative), file: file)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func knownPlaceholdersLoad() throws {
        let parsed = try LessonFile.parse(lesson(narrativeOfB: "{{a.count}} of {{reference.images}}, beta {{parameters.beta}}, "
                                                 + "{{reference.accuracy | percent}}"), file: file)
        #expect(parsed.cell("a")?.records == ["count"])
        #expect(parsed.reference?.values["accuracy"] == .double(0.9727))
        #expect(parsed.reference?.values["images"]?.description == "3,670")
        #expect(parsed.reference?.source == "the paper")
    }

    @Test func unknownPlaceholdersAreErrorsWhenTheLessonFileIsRead() {
        #expect(problem("{{a.counted}}")?.contains("names a value cell 'a' does not record") == true)
        #expect(problem("{{c.count}}")?.contains("names no cell upstream of 'b'") == true)
        #expect(problem("{{nothing.count}}")?.contains("names no cell upstream of 'b'") == true)
        #expect(problem("{{parameters.alpha}}")?.contains("names a parameter cell 'b' does not declare") == true)
        #expect(problem("{{reference.loss}}")?.contains("names no value of [reference.values]") == true)
        #expect(problem("{{a.count | upper}}")?.contains("uses unknown filter 'upper'") == true)
        #expect(problem("{{a.count")?.contains("is not a placeholder") == true)
        #expect(problem("{{count}}")?.contains("is not a placeholder") == true)
        #expect(problem("{{a.count}}") == nil)
    }

    @Test func renderingFillsValuesAppliesPercentAndMarksUnknownValues() throws {
        let template = try ProseTemplate("Kept {{a.count}} ({{reference.accuracy | percent}}), {{b.missing}}.")
        #expect(template.placeholders.map(\.text) == ["{{a.count}}", "{{reference.accuracy | percent}}", "{{b.missing}}"])
        let text = template.render { placeholder in
            switch placeholder.source {
            case "a": return "3,120"
            case "reference": return "0.9727"
            default: return nil
            }
        }
        #expect(text == "Kept 3,120 (97.27%), ….")
    }

    @Test func groupedNumbersUseCommasWhateverTheLocale() {
        #expect(Format.grouped(0) == "0")
        #expect(Format.grouped(550) == "550")
        #expect(Format.grouped(3670) == "3,670")
        #expect(Format.grouped(2_064_728) == "2,064,728")
        #expect(Format.grouped(-1234) == "-1,234")
    }
}
