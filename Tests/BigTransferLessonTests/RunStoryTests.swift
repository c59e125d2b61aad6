@testable import BigTransferLesson
import Foundation
import LessonKit
import Testing
import TestSupport
import Tensors
import Training

/// The sentences that tell what happened in a run come from its record: each family is pinned
/// here on made-up records where the truth is known.
@Suite struct RunStoryTests {
    static func fit(boundaries: [Int], stepsPerEpoch: Int = 10) throws -> HeadFit {
        HeadFit(batchSize: 64, stepsPerEpoch: stepsPerEpoch, scheduleLength: 4000,
                schedule: try PiecewiseConstantSchedule.tenfoldDecay(base: 0.01, boundaries: boundaries), momentum: 0.9,
                patience: 2, featureViews: 2, featureMode: .cached, standardizeFeatures: false)
    }

    @Test func theScheduleSentenceSaysWhetherTheRateDecayed() throws {
        let fit = try Self.fit(boundaries: [200, 300, 400])
        // 80 steps: steps 0-79 all at the base rate.
        #expect(fit.scheduleStory(steps: 80) == "This run trained for 80 steps and stopped before the first boundary "
                + "(step 200), so every step ran at 0.01: its learning rate never decayed.")
        // Step 200 is the last at the base rate; a run of 201 steps (0-200) has not decayed yet.
        #expect(fit.scheduleStory(steps: 201).hasSuffix("its learning rate never decayed."))
        // 350 steps: step 201 (epoch 21) runs at 0.001, step 301 (epoch 31) at 0.0001.
        #expect(fit.scheduleStory(steps: 350) == "This run trained for 350 steps, and its learning rate was divided "
                + "by 10 after step 200 (in epoch 21) to 0.001 and after step 300 (in epoch 31) to 0.0001.")
        #expect(try Self.fit(boundaries: []).scheduleStory(steps: 30) == "This run has no boundary: all its 30 steps ran at 0.01.")
    }

    static func history(_ rows: [(accuracy: Double, loss: Double)]) -> [EpochMetrics] {
        rows.enumerated().map { index, row in
            EpochMetrics(epoch: index + 1, trainLoss: 1, trainAccuracy: 0.5, validationLoss: row.loss,
                         validationAccuracy: row.accuracy, learningRate: 0.01, wallTime: Double(index))
        }
    }

    static func trained(_ rows: [(accuracy: Double, loss: Double)], restored: Int?) throws -> TrainedHead {
        var trained = try JSONDecoder().decode(TrainedHead.self, from: Data("""
            {"head": {"inputCount": 1, "classCount": 2, "weights": [0, 0], "bias": [0, 0]}, "history": [], "steps": 0,
             "trainFeatureHits": 0, "trainFeatureMisses": 0, "faithful": false, "seconds": 0, "featureStore": "",
             "scheduleStory": ""}
            """.utf8))
        trained.history = history(rows)
        trained.restoredEpoch = restored
        trained.keptEpoch = restored ?? rows.count
        return trained
    }

    @Test func theEarlyStoppingSentenceSetsTheKeptEpochBesideTheLowestLoss() throws {
        let agreeing = try Self.trained([(0.5, 1.2), (0.8, 0.6), (0.7, 0.7)], restored: 2)
        #expect(HistoryFigure.stoppingStory(agreeing)
                == "this run kept epoch 2, which also has its lowest validation loss (0.6000).")
        let disagreeing = try Self.trained([(0.5, 1.2), (0.7, 0.5), (0.8, 0.6), (0.7, 0.9)], restored: 3)
        #expect(HistoryFigure.stoppingStory(disagreeing) == "this run kept epoch 3 for its validation accuracy, although "
                + "its validation loss (0.6000) is higher than epoch 2's (0.5000), the lowest of the run: the two measures "
                + "need not agree.")
    }

    @Test func theRandomBackboneSentenceNamesTheKeptEpochAndTheEpochsRun() throws {
        var trained = try Self.trained(Array(repeating: (0.5, 1.0), count: 16), restored: 11)
        trained.keptAccuracy = 0.7411
        let result = RandomBackboneResult(trained)
        let context = try CellContext.standalone("random-backbone", in: SharedFixtures.temporaryDirectory("story"))
        result.report(architecture: "ResNetV2", seed: 42, context: context)
        guard case .paragraph(let text) = context.summary.blocks.last else {
            Issue.record("no paragraph")
            return
        }
        #expect(text.hasSuffix("reaches **74.11%** validation accuracy: the head of epoch 11 of the 16 epochs it "
                               + "trained, which early stopping kept."))
    }

    @Test func theComparisonSaysWhatFineTuningChangedAndHowTheFiguresDiffer() throws {
        let chain = try CellUnitTests.Chain.shared.get()
        let compare = Compare()
        compare.dataset = chain.dataset
        compare.backbone = chain.backbone
        compare.evaluation = try JSONDecoder().decode(EvaluationResult.self, from: Data("""
            {"accuracy": 0.9286, "loss": 0.3, "correct": 104, "images": 112, "macroF1": 0.9, "referenceRole": "x"}
            """.utf8))
        compare.random = try JSONDecoder().decode(RandomBackboneResult.self, from: Data("""
            {"epochs": 0, "seconds": 0}
            """.utf8))
        compare.fineTuned = try JSONDecoder().decode(FineTuneResult.self, from: Data("""
            {"accuracy": 0.9196, "steps": 15, "seconds": 3, "secondsPerImage": 0.01, "estimatedSeconds": 3,
             "best": {"accuracy": 0.9375, "steps": 9}}
            """.utf8))
        let (_, context) = try CellUnitTests.run(compare)
        let paragraphs = context.summary.blocks.compactMap { block -> String? in
            if case .paragraph(let text) = block { return text }
            return nil
        }
        #expect(paragraphs.contains { $0.hasPrefix("Fine-tuning every layer changed the validation accuracy by **-0.9 points**") })
        #expect(paragraphs.contains { $0.contains("the fine-tuned one is the network after its last step") })
        // The fine-tune's best epoch is named, and said not to be kept.
        #expect(paragraphs.contains { $0.contains("along the way it reached 93.75% (after step 9), which is not kept") })
        #expect(!paragraphs.contains { $0.hasPrefix("Pre-training is worth") }, "the random backbone was not run")
    }

    @Test func theConclusionSaysWhatThisRunFound() {
        let full = Comparison(randomBackbone: 0.7411, pretrained: 0.9286, fineTuned: 0.9196, reference: 0.9727,
                              validationImages: 112, fineTuneSteps: 15, dataset: "the synthetic flowers",
                              backbone: "the miniature")
        #expect(full.conclusion == "This run: a head on the miniature, frozen, reaches 92.86% on the synthetic flowers, "
                + "+18.8 points (21 of 112 validation images) against the same head on a random backbone (74.11%). "
                + "Fine-tuning every layer gave 91.96%, -0.9 points (1 of 112 validation images): within the noise of an "
                + "accuracy measured on 112 images (standard error about 2.5 points), so this run shows neither a gain "
                + "nor a loss from fine-tuning.")
        let headOnly = Comparison(randomBackbone: nil, pretrained: 0.5, fineTuned: nil, reference: 0.9727,
                                  validationImages: 550, fineTuneSteps: 500, dataset: "photos", backbone: "BiT-M-R50x1")
        #expect(headOnly.conclusion == "This run: a head on BiT-M-R50x1, frozen, reaches 50.00% on photos. "
                + "The whole network was not fine-tuned in this run.")
    }

    @Test func theConclusionSaysAClearLossOfFineTuningAndAnUnclearGainOfPreTraining() throws {
        // 40 validation images: 0.70 against 0.65 is 2 images, within twice the standard error (7.4 points).
        let comparison = Comparison(randomBackbone: 0.65, pretrained: 0.70, fineTuned: 0.40, reference: 0.9727,
                                    validationImages: 40, fineTuneSteps: 5, dataset: "photos", backbone: "bit-tiny")
        let pretraining = try #require(comparison.pretraining), fineTuning = try #require(comparison.fineTuning)
        #expect(pretraining.images == 2 && !pretraining.isClear)
        #expect(abs(pretraining.standardError - (0.675 * 0.325 / 40).squareRoot()) < 1e-12)
        #expect(fineTuning.images == -12 && fineTuning.isClear)
        #expect(comparison.conclusion.contains("that is within the noise of an accuracy measured on 40 images "
                                               + "(standard error about 7.4 points), so this run does not show what "
                                               + "pre-training is worth."))
        #expect(comparison.conclusion.hasSuffix("-30.0 points (12 of 40 validation images). A short fine-tuning can "
                                                + "cost accuracy: BiT fine-tunes for 500 steps or more from a zero head; "
                                                + "this one ran 5."))
    }

    @Test func mistakesAreRankedByLossAndPairsByCount() throws {
        // Four images of classes a, b, c: image 0 (a) and 1 (a) taken for b, image 2 (c) for a, image 3 right.
        let logits = Tensor(shape: [4, 3], scalars: [0, 3, 0, 0, 1, 0, 2, 0, 0, 0, 2, 0])
        let evaluation = try Evaluation(logits: logits, labels: [0, 0, 2, 1], classNames: ["a", "b", "c"])
        let ranked = EvaluationReport.mistakesByLoss(evaluation, logits: logits)
        #expect(ranked.map(\.mistake.index) == [0, 2, 1])
        let expected = log(exp(3.0) + 2) - 0  // -ln softmax(logits[0])[a]
        #expect(abs(ranked[0].loss - expected) < 1e-9)
        #expect(zip(ranked, ranked.dropFirst()).allSatisfy { $0.loss >= $1.loss })
        #expect(EvaluationReport.confusedPairs(evaluation).map(\.pair) == ["a → b", "c → a"])
        #expect(EvaluationReport.confusedPairs(evaluation).map(\.count) == [2, 1])
    }

    @Test func theSampleGridShowsEveryClassFirst() {
        // Shuffled picks, labels of images 0-5: a a a b b c.
        let labels = [0, 0, 0, 1, 1, 2]
        #expect(Samples.everyClassFirst([0, 1, 2, 3, 4, 5], labels: labels) == [0, 3, 5, 1, 4, 2])
        #expect(Samples.everyClassFirst([2, 5, 1], labels: labels) == [2, 5, 1])
    }
}

/// What the lesson says a checkpoint was pre-trained on: only what it can tell.
@Suite struct PretrainingSourceTests {
    func input(_ origin: InputOrigin) -> ResolvedInput {
        ResolvedInput(url: URL(fileURLWithPath: "/tmp/w.npz"), description: "w", origin: origin)
    }

    @Test func onlyKnownSourcesAreCalledPretrained() {
        let flag = input(.flag("--weights"))
        #expect(PretrainingSource(headClasses: 56, weights: input(.shipped)) == .lesson61(headClasses: 56))
        #expect(PretrainingSource(headClasses: 21_843, weights: flag) == .imageNet21k)
        #expect(PretrainingSource(headClasses: 1_000, weights: flag) == .imageNet1k)
        #expect(PretrainingSource(headClasses: 5, weights: flag) == .unknown(headClasses: 5))
        #expect(PretrainingSource(headClasses: nil, weights: flag) == .unknown(headClasses: nil))
        #expect(PretrainingSource(headClasses: nil, weights: input(InputResolution.generatedWeights)) == .none)
        let known = [PretrainingSource.lesson61(headClasses: 56), .imageNet21k, .imageNet1k].map(\.isKnownPretrained)
        #expect(known == [true, true, true])
        #expect([PretrainingSource.none, .unknown(headClasses: 5)].map(\.isKnownPretrained) == [false, false])
        #expect(!PretrainingSource.unknown(headClasses: 5).description.contains("pre-trained"))
    }
}

/// BiT's HyperRule beside the Keras lesson's choices: the rule's row follows this run's images.
@Suite struct HyperRuleTablesTests {
    func context() throws -> CellContext {
        try CellContext.standalone("define-pipeline", in: SharedFixtures.temporaryDirectory("hyperrule"),
                                   lesson: try LessonDefinition.lesson.get())
    }

    func blocks(_ context: CellContext) -> (paragraph: String, rows: [[String]]) {
        var paragraph = "", rows: [[String]] = []
        for block in context.summary.blocks {
            if case .paragraph(let text) = block { paragraph = text }
            if case .table(_, let body) = block { rows = body }
        }
        return (paragraph, rows)
    }

    @Test func theResolutionRuleFollowsTheSmallestImage() throws {
        let pipeline = Pipeline(resizeTo: 224, cropTo: 192, seed: 42, batchSize: 64,
                                firstBatch: FirstBatch(files: [], views: []), shown: 0, exampleViews: "")
        for (sizes, side, resize, crop) in [([(80, 90), (320, 240)], "80 x 90", "160", "128"),
                                            ([(159, 240), (320, 240)], "159 x 240", "512", "480")] {
            let context = try context()
            HyperRuleTables.resolution(imageSizes: sizes.map { (width: $0.0, height: $0.1) }, pipeline: pipeline,
                                       context: context)
            let (paragraph, rows) = blocks(context)
            #expect(paragraph.hasSuffix("The smallest image of this run's first batch is \(side) pixels, "
                                        + (resize == "160" ? "below" : "above") + " that line:"))
            #expect(rows == [["resize to", resize, "384", "224"], ["random crop", crop, "224", "192"]])
        }
    }

    @Test func theScheduleAndMixUpRulesFollowTheTrainingSetsSize() throws {
        let fit = HeadFit(batchSize: 64, stepsPerEpoch: 10, scheduleLength: 4000,
                          schedule: try PiecewiseConstantSchedule.tenfoldDecay(base: 0.01, boundaries: [200, 300, 400]),
                          momentum: 0.9, patience: 5, featureViews: 4, featureMode: .cached, standardizeFeatures: true)
        let small = try context()
        HyperRuleTables.schedule(trainingImages: 638, fit: fit, steps: 80, context: small)
        #expect(blocks(small).paragraph.hasSuffix("this run's 638 training images are below that line, so MixUp is off:"))
        #expect(blocks(small).rows.first == ["steps", "500 of 512 images", "4,000 of 64, early stopping", "80 of 64 (at most 4,000)"])
        #expect(blocks(small).rows.last == ["MixUp α", "0", "none", "none"])
        let large = try context()
        HyperRuleTables.schedule(trainingImages: 30_000, fit: fit, steps: 80, context: large)
        #expect(blocks(large).paragraph.hasSuffix("above that line, so the rule would use MixUp:"))
        #expect(blocks(large).rows.first?[1] == "10,000 of 512 images")
        #expect(blocks(large).rows[1][1] == "linear, to step 500")
        #expect(blocks(large).rows.last == ["MixUp α", "0.1", "none", "none"])
    }
}
