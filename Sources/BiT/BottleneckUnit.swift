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
    ///
    /// The 1x1 convolutions read their input through the GroupNorm + ReLU transform,
    /// normalizing each tile into cache just before its GEMM (conv_a must anyway: x is
    /// the shortcut). The 3x3 reads every pixel nine times, so its input is normalized
    /// in place first; so is x in a unit with a projection, which reads it twice.
    func forward(_ x: FeatureMap, in workspace: ActivationWorkspace, timer: OperationTimer) -> FeatureMap {
        let input = workspace.wide[x.slot].pointer
        let convAGeometry = convA.geometry(batch: x.batch, height: x.height, width: x.width)
        let convBGeometry = convB.geometry(batch: x.batch, height: x.height, width: x.width)
        let (oh, ow) = (convBGeometry.outputHeight, convBGeometry.outputWidth)
        let convCGeometry = convC.geometry(batch: x.batch, height: oh, width: ow)
        var output = FeatureMap(slot: x.slot, batch: x.batch, height: oh, width: ow, channels: outputChannels)
        let scratch = workspace.scratch, middle = workspace.middle, narrow = workspace.narrow

        let p = timer.measure(.groupNorm) {
            normA.transform(of: input, samples: x.batch, pixels: x.pixelsPerSample, moments: x.moments)
        }
        var convATransform: ChannelTransform? = p
        if let projection {
            // x is not the shortcut here: p replaces it.
            timer.measure(.groupNorm) { p.applyInPlace(input, pixels: x.pixelsPerSample) }
            convATransform = nil
            output.slot = 1 - x.slot
            workspace.wide[output.slot].reserve(output.count)
            let geometry = projection.geometry(batch: x.batch, height: x.height, width: x.width)
            timer.measure(.convolution) {
                projection.apply(input, geometry: geometry, transform: nil, into: workspace.wide[output.slot].pointer,
                                 accumulate: false, scratch: scratch)
            }
        }
        // Each convolution also gathers its output's statistics for the next GroupNorm.
        middle.reserve(convAGeometry.outputCount)
        let middleMoments = ChannelMoments(samples: x.batch, channels: convA.outputChannels)
        timer.measure(.convolution) {
            convA.apply(input, geometry: convAGeometry, transform: convATransform, into: middle.pointer,
                        accumulate: false, moments: middleMoments, scratch: scratch)
        }
        timer.measure(.groupNorm) {
            normB.transform(of: middle.pointer, samples: x.batch, pixels: x.pixelsPerSample, moments: middleMoments)
                .applyInPlace(middle.pointer, pixels: x.pixelsPerSample)
        }
        narrow.reserve(convBGeometry.outputCount)
        let narrowMoments = ChannelMoments(samples: x.batch, channels: convB.outputChannels)
        timer.measure(.convolution) {
            convB.apply(middle.pointer, geometry: convBGeometry, transform: nil, into: narrow.pointer,
                        accumulate: false, moments: narrowMoments, scratch: scratch)
        }
        let r = timer.measure(.groupNorm) {
            normC.transform(of: narrow.pointer, samples: x.batch, pixels: oh * ow, moments: narrowMoments)
        }
        // The residual add is GEMM's beta = 1: conv_c accumulates onto the shortcut.
        output.moments = ChannelMoments(samples: x.batch, channels: outputChannels)
        timer.measure(.convolution) {
            convC.apply(narrow.pointer, geometry: convCGeometry, transform: r,
                        into: workspace.wide[output.slot].pointer, accumulate: true, moments: output.moments,
                        scratch: scratch)
        }
        return output
    }
}
