import Tensors

// Shape legend: input [N, H, W, Cin] → output [N, H/s, W/s, Cout]; middle width Cmid.

/// BiT's pre-activation bottleneck unit (He et al. 2016, "Identity mappings"):
/// with p = ReLU(GN_a(x)),
///   shortcut = proj(p) when the unit has a projection, else x;
///   y = conv_a(p); y = conv_b(ReLU(GN_b(y))); y = conv_c(ReLU(GN_c(y)));
///   output = y + shortcut.
/// conv_a and conv_c are 1x1, conv_b is 3x3 with padding 1 and the unit's stride.
public final class BottleneckUnit {
    public let normA: GroupNormLayer
    public let convA: StandardizedConv2D
    public let normB: GroupNormLayer
    public let convB: StandardizedConv2D
    public let normC: GroupNormLayer
    public let convC: StandardizedConv2D
    /// 1x1 with the unit's stride; present where the stride or the width changes.
    public let projection: StandardizedConv2D?

    public init(normA: GroupNormLayer, convA: StandardizedConv2D, normB: GroupNormLayer,
                convB: StandardizedConv2D, normC: GroupNormLayer, convC: StandardizedConv2D,
                projection: StandardizedConv2D?) {
        self.normA = normA
        self.convA = convA
        self.normB = normB
        self.convB = convB
        self.normC = normC
        self.convC = convC
        self.projection = projection
    }

    public var stride: Int { convB.stride }
    public var inputChannels: Int { convA.inputChannels }
    public var outputChannels: Int { convC.outputChannels }

    /// The unit applied to an NHWC tensor.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank == 4 && input.shape[3] == inputChannels,
                     "unit expects [N, H, W, \(inputChannels)], got \(input.shape)")
        let workspace = ActivationWorkspace()
        let map = FeatureMap.load(input, slot: 0, in: workspace)
        return forward(map, in: workspace, timer: OperationTimer()).tensor(in: workspace)
    }

    /// The unit on a feature map in the workspace; returns where its output is (the
    /// same slot, updated in place, unless the unit has a projection).
    func forward(_ x: FeatureMap, in workspace: ActivationWorkspace, timer: OperationTimer) -> FeatureMap {
        let input = UnsafePointer(workspace.wide[x.slot].pointer)
        let convAGeometry = convA.geometry(batch: x.batch, height: x.height, width: x.width)
        let convBGeometry = convB.geometry(batch: x.batch, height: x.height, width: x.width)
        let (oh, ow) = (convBGeometry.outputHeight, convBGeometry.outputWidth)
        let convCGeometry = convC.geometry(batch: x.batch, height: oh, width: ow)
        var output = FeatureMap(slot: x.slot, batch: x.batch, height: oh, width: ow, channels: outputChannels)

        let p = timer.measure(.groupNorm) { normA.transform(of: input, samples: x.batch, pixels: x.pixelsPerSample) }
        if let projection {
            output.slot = 1 - x.slot
            workspace.wide[output.slot].reserve(output.count)
            timer.measure(.convolution) {
                projection.apply(input, geometry: projection.geometry(batch: x.batch, height: x.height, width: x.width),
                                 transform: p, into: workspace.wide[output.slot].pointer, accumulate: false,
                                 scratch: workspace.scratch)
            }
        }
        let middle = workspace.middle, narrow = workspace.narrow
        middle.reserve(convAGeometry.outputCount)
        timer.measure(.convolution) {
            convA.apply(input, geometry: convAGeometry, transform: p, into: middle.pointer,
                        accumulate: false, scratch: workspace.scratch)
        }
        let q = timer.measure(.groupNorm) {
            normB.transform(of: middle.pointer, samples: x.batch, pixels: x.pixelsPerSample)
        }
        narrow.reserve(convBGeometry.outputCount)
        timer.measure(.convolution) {
            convB.apply(middle.pointer, geometry: convBGeometry, transform: q, into: narrow.pointer,
                        accumulate: false, scratch: workspace.scratch)
        }
        let r = timer.measure(.groupNorm) { normC.transform(of: narrow.pointer, samples: x.batch, pixels: oh * ow) }
        // The residual add is GEMM's beta = 1: conv_c accumulates onto the shortcut.
        timer.measure(.convolution) {
            convC.apply(narrow.pointer, geometry: convCGeometry, transform: r,
                        into: workspace.wide[output.slot].pointer, accumulate: true, scratch: workspace.scratch)
        }
        return output
    }
}
