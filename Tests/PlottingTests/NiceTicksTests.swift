import Foundation
import Testing
@testable import Plotting

@Suite struct NiceTicksTests {
    @Test func unitRangeTicksByTwoTenths() {
        let ticks = NiceTicks(lower: 0, upper: 1)
        #expect(ticks.step == 0.2)
        #expect(ticks.values == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(ticks.labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test func narrowAccuracyRangeTicksByHalfPercent() {
        let ticks = NiceTicks(lower: 0.97, upper: 0.99)
        #expect(ticks.step == 0.005)
        #expect(ticks.lower == 0.97 && ticks.upper == 0.99)
        #expect(ticks.labels == ["0.970", "0.975", "0.980", "0.985", "0.990"])
    }

    @Test func countsRangeTicksByFiveHundred() {
        let ticks = NiceTicks(lower: 0, upper: 3500)
        #expect(ticks.step == 500)
        #expect(ticks.values == [0, 500, 1000, 1500, 2000, 2500, 3000, 3500])
        #expect(ticks.labels.last == "3500")
        #expect(ticks.decimals == 0)
    }

    @Test func limitsExtendOutwardToWholeSteps() {
        let ticks = NiceTicks(lower: 0.62, upper: 0.985)
        #expect(ticks.lower <= 0.62 && ticks.upper >= 0.985)
        #expect(ticks.step == 0.05)
        #expect(ticks.values.first == 0.6 && ticks.values.last == 1.0)
    }

    @Test(arguments: [(0.0, 1.0), (0.97, 0.99), (0.0, 3500.0), (-2.5, 7.3), (1e-4, 3e-4), (12.0, 13.0)])
    func everyStepIsOneTwoOrFiveTimesAPowerOfTen(range: (Double, Double)) {
        let ticks = NiceTicks(lower: range.0, upper: range.1)
        let mantissa = ticks.step / pow10(floor(log10(ticks.step)))
        #expect([1.0, 2.0, 5.0].contains { abs($0 - mantissa) < 1e-9 })
        #expect(ticks.values.count >= 2 && ticks.values.count <= 9)
        #expect(Set(ticks.labels).count == ticks.labels.count, "labels must tell ticks apart: \(ticks.labels)")
    }

    @Test func integerStepsNeverGoBelowOne() {
        let ticks = NiceTicks(lower: 1, upper: 3, maxIntervals: 8, integerSteps: true)
        #expect(ticks.step == 1)
        #expect(ticks.labels == ["1", "2", "3"])
    }

    @Test func degenerateInputIsRepaired() {
        #expect(NiceTicks(lower: .nan, upper: .nan).values == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        let single = NiceTicks(lower: 5, upper: 5)
        #expect(single.lower < 5 && single.upper > 5)
        let zero = NiceTicks(lower: 0, upper: 0)
        #expect(zero.lower < 0 && zero.upper > 0)
        let reversed = NiceTicks(lower: 1, upper: 0)
        #expect(reversed.values == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        let halfInfinite = NiceTicks(lower: 2, upper: .infinity)
        #expect(halfInfinite.lower <= 2 && halfInfinite.upper >= 2 && halfInfinite.upper.isFinite)
    }

    @Test func negativeLabelsUseTheMinusSign() {
        let ticks = NiceTicks(lower: -1, upper: 1)
        #expect(ticks.labels.first == "\u{2212}1.0")
        #expect(ticks.labels.contains("0.0"))
    }

    private func pow10(_ exponent: Double) -> Double { pow(10, exponent) }
}

@Suite struct NiceTicksExtremesTests {
    @Test func hugeRangesStayFinite() {
        let ticks = NiceTicks(lower: -Double.greatestFiniteMagnitude, upper: Double.greatestFiniteMagnitude)
        #expect(ticks.values.allSatisfy { $0.isFinite })
        #expect(ticks.values.count >= 2 && ticks.values.count <= 9)
    }

    @Test func tinyRangesStillGetTicks() {
        let ticks = NiceTicks(lower: 1e-12, upper: 3e-12)
        #expect(ticks.values.count >= 2 && ticks.values.count <= 9)
        #expect(Set(ticks.labels).count == ticks.labels.count)
    }
}
