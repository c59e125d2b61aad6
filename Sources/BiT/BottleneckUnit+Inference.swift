import Tensors

// Shape legend: input [N, H, W, Cin] → output [N, H/s, W/s, Cout]; middle width Cmid.

extension BottleneckUnit {
    /// The unit applied to an NHWC tensor, without a gradient.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank == 4 && input.shape[3] == inputChannels,
                     "unit expects [N, H, W, \(inputChannels)], got \(input.shape)")
        let workspace = ActivationWorkspace(), timer = OperationTimer()
        convolutions.forEach { $0.standardize(timer: timer) }
        let map = FeatureMap.load(input, slot: 0, in: workspace)
        return infer(map, in: workspace, timer: timer).tensor(in: workspace)
    }

    /// The unit on a feature map in the workspace, without a gradient (the kernels
    /// standardized beforehand); returns where its output is (the same slot, updated in
    /// place, unless the unit has a projection).
    ///
    /// The 1x1 convolutions read their input through the GroupNorm + ReLU transform,
    /// normalizing each tile into cache just before its GEMM (conv_a must anyway: x is
    /// the shortcut). The 3x3 reads every pixel nine times, so its input is normalized
    /// in place first; so is x in a unit with a projection, which reads it twice. Each
    /// convolution gathers its output's moments for the next GroupNorm.
    func infer(_ x: FeatureMap, in workspace: ActivationWorkspace, timer: OperationTimer) -> FeatureMap {
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
            projection.forward(input, geometry: geometry, transform: nil, into: workspace.wide[output.slot].pointer,
                               accumulate: false, scratch: scratch, timer: timer)
        }
        middle.reserve(convAGeometry.outputCount)
        let middleMoments = ChannelMoments(samples: x.batch, channels: convA.outputChannels)
        convA.forward(input, geometry: convAGeometry, transform: convATransform, into: middle.pointer,
                      accumulate: false, moments: middleMoments, scratch: scratch, timer: timer)
        timer.measure(.groupNorm) {
            normB.transform(of: middle.pointer, samples: x.batch, pixels: x.pixelsPerSample, moments: middleMoments)
                .applyInPlace(middle.pointer, pixels: x.pixelsPerSample)
        }
        narrow.reserve(convBGeometry.outputCount)
        let narrowMoments = ChannelMoments(samples: x.batch, channels: convB.outputChannels)
        convB.forward(middle.pointer, geometry: convBGeometry, transform: nil, into: narrow.pointer,
                      accumulate: false, moments: narrowMoments, scratch: scratch, timer: timer)
        let r = timer.measure(.groupNorm) {
            normC.transform(of: narrow.pointer, samples: x.batch, pixels: oh * ow, moments: narrowMoments)
        }
        // The residual add is GEMM's beta = 1: conv_c accumulates onto the shortcut.
        output.moments = ChannelMoments(samples: x.batch, channels: outputChannels)
        convC.forward(narrow.pointer, geometry: convCGeometry, transform: r,
                      into: workspace.wide[output.slot].pointer, accumulate: true, moments: output.moments,
                      scratch: scratch, timer: timer)
        return output
    }
}
