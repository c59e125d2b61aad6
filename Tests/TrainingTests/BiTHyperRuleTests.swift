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
}
