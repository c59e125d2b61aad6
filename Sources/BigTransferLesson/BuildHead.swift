import Foundation
import LessonKit
import Tensors
import Training

/// Cell 6. The Keras lesson's `MyBiTModel`: the frozen backbone with a new
/// `keras.layers.Dense(num_classes, kernel_initializer="zeros")` on top.
struct BuildHead: Cell {
    @Upstream var dataset: Dataset
    @Upstream var backbone: Backbone

    func run(_ context: CellContext) throws -> NewHead {
        let head = DenseHead(inputCount: backbone.featureCount, classCount: dataset.classes)
        let trainable = head.weights.count + head.bias.count
        context.fact("head", "dense \(backbone.featureCount) → \(dataset.classes), zeros")
        context.fact("trainable parameters", Format.grouped(trainable))
        context.summary.table(headers: ["part", "shape", "parameters", "trainable"], rows: [
            ["BiT backbone (frozen)", "→ \(backbone.featureCount)", Format.grouped(backbone.backboneParameterCount), "no"],
            ["dense head (zeros)", "\(backbone.featureCount) → \(dataset.classes)", Format.grouped(trainable), "yes"],
        ])
        return NewHead(head: HeadWeights(head), trainable: trainable,
                       originalHead: backbone.originalHeadClasses.map { "\(Format.grouped($0)) classes" }
                           ?? "none in this checkpoint")
    }
}

/// The new, untrained head.
struct NewHead: Codable, Equatable {
    var head: HeadWeights
    /// Its trainable weights and biases.
    var trainable: Int
    /// The checkpoint's own head it replaces, in words.
    var originalHead: String
}

/// A dense head's weights as stored in a cell's output.
struct HeadWeights: Codable, Equatable {
    var inputCount: Int
    var classCount: Int
    var weights: [Float]
    var bias: [Float]

    init(_ head: DenseHead) {
        inputCount = head.inputCount
        classCount = head.classCount
        weights = head.weights
        bias = head.bias
    }

    var dense: DenseHead {
        var head = DenseHead(inputCount: inputCount, classCount: classCount)
        head.weights = weights
        head.bias = bias
        return head
    }
}
