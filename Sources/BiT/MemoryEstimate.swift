import Tensors

extension ResNetV2Architecture {
    /// Output elements of every convolution for one image of `height` x `width`.
    private func outputsPerImage(height: Int, width: Int) -> [Double] {
        convolutionGeometries(batch: 1, height: height, width: width).map {
            Double($0.outputHeight) * Double($0.outputWidth) * Double($0.outputChannels)
        }
    }

    /// Bytes a forward pass over `batch` images of `height` x `width` holds at its peak, an
    /// estimate (in `Double`, so absurd sizes do not overflow): the input and its signed copy,
    /// and the workspace's four activation buffers, two as large as the largest feature map and
    /// two smaller (`ActivationWorkspace`); 2.04 GB for R50x1 at batch 64 and 384x384, where
    /// 1.64 GB was measured.
    public func forwardMemoryBytes(batch: Int, height: Int, width: Int) -> Double {
        let largest = outputsPerImage(height: height, width: width).max() ?? 0
        let images = Double(height) * Double(width) * 3
        return Double(batch) * Double(MemoryLayout<Float>.size) * (3 * largest + 2 * images)
    }

    /// Bytes a training step over `batch` images holds at its peak, an estimate: the feature
    /// maps saved for the backward pass with their gradients (1.75 x their sum), the images,
    /// and three copies of the parameters (weights, velocity, gradient). For R50x1 at 224x224:
    /// 1.53 GB at batch 16 (1.44 GB measured), 5.0 GB at batch 64 (4.08 GB measured).
    public func trainingMemoryBytes(batch: Int, height: Int, width: Int, headClasses: Int) -> Double {
        let saved = outputsPerImage(height: height, width: width).reduce(0, +)
        let images = Double(height) * Double(width) * 3
        let parameters = self.layout(headClasses: max(headClasses, 1))
            .reduce(0.0) { $0 + Double($1.shape.reduce(1, *)) }
        return Double(MemoryLayout<Float>.size) * (Double(batch) * (1.75 * saved + 2 * images) + 3 * parameters)
    }
}

/// A size or batch whose memory would not fit the process's budget, found before allocating.
public struct MemoryBudgetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What needs the memory ("a forward pass of R50x1 over 16 images of 100000x100000").
    public var work: String
    public var neededBytes: Double
    public var budgetBytes: Int
    /// What to change ("choose a smaller --size or --batch").
    public var fix: String

    public init(work: String, neededBytes: Double, budgetBytes: Int, fix: String) {
        self.work = work
        self.neededBytes = neededBytes
        self.budgetBytes = budgetBytes
        self.fix = fix
    }

    /// Throws unless `neededBytes` fits `budgetBytes`.
    public static func check(_ neededBytes: Double, budget: Int = MemoryBudget.bytes, work: String,
                             fix: String) throws {
        guard neededBytes <= Double(budget) else {
            throw MemoryBudgetError(work: work, neededBytes: neededBytes, budgetBytes: budget, fix: fix)
        }
    }

    public var description: String {
        let needed = neededBytes >= 1e15 ? String(format: "%.3g bytes", neededBytes)
            : MemoryBudget.format(Int(neededBytes))
        return "\(work) would need about \(needed) of memory, more than the \(MemoryBudget.format(budgetBytes)) "
            + "this process may use (physical memory and ulimit): \(fix)"
    }
}
