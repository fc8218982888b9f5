import SpyglassRuntime

/// Checks a v2 request against the served model's single input and its outputs before it is queued.
enum V2InferValidation {
    /// The input tensor to run and the output names to return, in the order requested.
    static func validate(_ request: V2InferRequest, for model: ServedModel) throws -> (input: Tensor, outputs: [String]) {
        guard request.inputs.count == 1, let input = request.inputs.first else {
            throw ServerError.badRequest("model '\(model.name)' takes exactly one input ('\(model.inputName)'), the request has \(request.inputs.count)")
        }
        guard input.name == model.inputName else {
            throw ServerError.badRequest("model '\(model.name)' has no input '\(input.name)' (its input is '\(model.inputName)')")
        }
        guard input.shape == model.inputShape else {
            throw ServerError.badRequest("input '\(input.name)' has shape \(input.shape), the model expects \(model.inputShape)")
        }
        let expected = model.inputShape.reduce(1, *)
        guard input.data.count == expected else {
            throw ServerError.badRequest("input '\(input.name)': shape \(input.shape) needs \(expected) values, data has \(input.data.count)")
        }
        let known = model.outputs.map(\.name)
        var names = known
        if let requested = request.outputs, !requested.isEmpty {
            for r in requested where !known.contains(r.name) {
                throw ServerError.badRequest("model '\(model.name)' has no output '\(r.name)' (outputs: \(known.joined(separator: ", ")))")
            }
            names = requested.map(\.name)
        }
        return (Tensor(shape: input.shape, data: input.data), names)
    }
}
