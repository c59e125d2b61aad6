import Testing
import Training

@Suite struct LearningRateScheduleTests {
    /// The lesson's schedule: lr = 0.003 · 64 / 512, boundaries [200, 300, 400].
    @Test func piecewiseScheduleChangesAfterTheStepEqualToABoundary() throws {
        let lr = 0.003 * 64 / 512
        let schedule = try PiecewiseConstantSchedule.tenfoldDecay(base: lr, boundaries: [200, 300, 400])
        let expected: [Int: Double] = [0: lr, 199: lr, 200: lr, 201: lr * 0.1, 300: lr * 0.1, 301: lr * 0.01,
                                       400: lr * 0.01, 401: lr * 0.001, 10_000: lr * 0.001]
        for (step, value) in expected {
            #expect(abs(schedule.learningRate(at: step) - value) < 1e-12 * lr, "step \(step)")
        }
    }

    @Test func piecewiseScheduleUsesTheGivenValues() throws {
        let schedule = try PiecewiseConstantSchedule(boundaries: [2, 5], values: [1, 0.5, 0.25])
        #expect((0...7).map { schedule.learningRate(at: $0) } == [1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25])
    }

    @Test func piecewiseScheduleRejectsBadShapes() {
        #expect(throws: TrainingError.self) { try PiecewiseConstantSchedule(boundaries: [1, 2], values: [1, 2]) }
        #expect(throws: TrainingError.self) { try PiecewiseConstantSchedule(boundaries: [3, 2], values: [1, 2, 3]) }
    }

    @Test func constantScheduleIsConstant() {
        #expect(ConstantSchedule(0.01).learningRate(at: 12345) == 0.01)
    }
}
