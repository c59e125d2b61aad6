import Testing
import Training

@Suite struct LessonConfigurationsTests {
    @Test func kerasLessonSettings() throws {
        let c = try TrainingConfiguration.kerasLesson(seed: 3)
        #expect(c.batchSize == 64 && c.stepsPerEpoch == 10 && c.epochs == 50)
        #expect(c.momentum == 0.9 && !c.nesterov && c.earlyStoppingPatience == 2)
        #expect(c.featureViews == 2 && c.mixUpAlpha == 0 && c.seed == 3)
        let lr = 0.003 * 64 / 512
        #expect(c.schedule.learningRate(at: 0) == lr)
        #expect(c.schedule.learningRate(at: 200) == lr)
        #expect(abs(c.schedule.learningRate(at: 201) - lr / 10) < 1e-15)
        #expect(abs(c.schedule.learningRate(at: 401) - lr / 1000) < 1e-15)
        let other = try TrainingConfiguration.kerasLesson(learningRate: 0.01)
        #expect(other.schedule.learningRate(at: 0) == 0.01)
    }

    @Test func hyperRuleSettings() {
        let small = TrainingConfiguration.bitHyperRule(datasetSize: 3119)
        #expect(small.epochs == 50 && small.mixUpAlpha == 0)
        #expect(small.schedule.learningRate(at: 0) == 0)
        #expect(abs(small.schedule.learningRate(at: 100) - 0.003 * 64 / 512) < 1e-15)
        let large = TrainingConfiguration.bitHyperRule(datasetSize: 50_000)
        #expect(large.epochs == 1000 && large.mixUpAlpha == 0.1)
    }
}
