import Testing
import Training

@Suite struct BiTHyperRuleTests {
    @Test func supportsAndMixUpFollowTheDatasetSize() {
        #expect(BiTHyperRuleSchedule.supports(datasetSize: 3119) == [100, 200, 300, 400, 500])
        #expect(BiTHyperRuleSchedule.supports(datasetSize: 19_999) == [100, 200, 300, 400, 500])
        #expect(BiTHyperRuleSchedule.supports(datasetSize: 20_000) == [500, 3000, 6000, 9000, 10_000])
        #expect(BiTHyperRuleSchedule.supports(datasetSize: 500_000) == [500, 6000, 12_000, 18_000, 20_000])
        #expect(BiTHyperRuleSchedule.mixUpAlpha(datasetSize: 3119) == 0)
        #expect(BiTHyperRuleSchedule.mixUpAlpha(datasetSize: 20_000) == 0.1)
    }

    @Test func smallDatasetScheduleAtItsSupports() {
        let rule = BiTHyperRuleSchedule(datasetSize: 3119, baseLearningRate: 0.003)
        #expect(rule.totalSteps == 500 && rule.warmUpSteps == 100)
        let expected: [(Int, Double)] = [
            (0, 0), (50, 0.0015), (99, 0.00297), (100, 0.003), (200, 0.003), (201, 0.0003),
            (300, 0.0003), (301, 0.00003), (400, 0.00003), (401, 0.000003), (499, 0.000003),
        ]
        for (step, value) in expected {
            #expect(abs(rule.learningRate(at: step) - value) < 1e-12, "step \(step)")
        }
    }

    @Test func mediumDatasetScheduleAtItsSupports() {
        let rule = BiTHyperRuleSchedule(datasetSize: 50_000, baseLearningRate: 0.1)
        let expected: [(Int, Double)] = [(250, 0.05), (500, 0.1), (3000, 0.1), (3001, 0.01), (6001, 0.001),
                                         (9000, 0.001), (9001, 0.0001)]
        for (step, value) in expected {
            #expect(abs(rule.learningRate(at: step) - value) < 1e-12, "step \(step)")
        }
        #expect(rule.totalSteps == 10_000)
    }

    @Test func customSupportsWarmUpThenDecayTenfold() throws {
        let schedule = try BiTHyperRuleSchedule(baseLearningRate: 0.05, supports: [200, 1800, 2700, 3240, 3600])
        #expect(schedule.learningRate(at: 0) == 0)
        #expect(abs(schedule.learningRate(at: 100) - 0.025) < 1e-15)
        #expect(schedule.learningRate(at: 1800) == 0.05)
        #expect(abs(schedule.learningRate(at: 1801) - 0.005) < 1e-15)
        #expect(abs(schedule.learningRate(at: 3599) - 0.00005) < 1e-15)
        #expect(schedule.totalSteps == 3600 && schedule.warmUpSteps == 200)
        #expect(throws: TrainingError.self) { try BiTHyperRuleSchedule(baseLearningRate: 0.1, supports: [10, 5, 20]) }
        #expect(throws: TrainingError.self) { try BiTHyperRuleSchedule(baseLearningRate: 0.1, supports: [10]) }
    }

    @Test func scaledSupportsKeepTheHyperRuleProportions() {
        #expect(BiTHyperRuleSchedule.scaledSupports(steps: 500) == [100, 200, 300, 400, 500])
        #expect(BiTHyperRuleSchedule.scaledSupports(steps: 100) == [20, 40, 60, 80, 100])
        #expect(BiTHyperRuleSchedule.scaledSupports(steps: 5) == [1, 2, 3, 4, 5])
        // Too short to scale: every support still follows the one before it.
        #expect(BiTHyperRuleSchedule.scaledSupports(steps: 2) == [0, 1, 2, 3, 4])
    }
}
