/// The `[net]` section: input size, plus training options that are accepted and ignored.
struct NetOptions {
    var width: Int
    var height: Int
    var channels: Int

    /// Options parse_net_options reads that have no effect at inference.
    static let trainingOptions = [
        "batch", "subdivisions", "learning_rate", "momentum", "decay", "time_steps", "notruth", "random",
        "adam", "B1", "B2", "eps", "max_crop", "min_crop", "max_ratio", "min_ratio", "center", "clip",
        "angle", "aspect", "saturation", "exposure", "hue", "policy", "burn_in", "power", "step", "scale",
        "steps", "scales", "gamma", "max_batches",
    ]

    /// Training-only [net] options of AlexeyAB's fork (data augmentation and training-loop knobs).
    static let forkTrainingOptions = [
        "mosaic", "cutmix", "mixup", "blur", "flip", "gaussian_noise", "sequential_subdivisions", "max_chart_loss",
        "try_fix_nan", "loss_scale", "dynamic_minibatch", "adversarial_lr", "mosaic_bound",
    ]

    init(_ o: OptionReader) {
        width = o.int("width", 0, atLeast: 0)
        height = o.int("height", 0, atLeast: 0)
        channels = o.int("channels", 0, atLeast: 0)
        let inputs = o.int("inputs", width * height * channels, atMost: Int(Int32.max))
        o.ignore(Self.trainingOptions + Self.forkTrainingOptions)
        if width == 0 || height == 0 || channels == 0 {
            o.problem(.missingOption, "[\(o.name)] must give width, height and channels (Spyglass imports image networks only)")
        } else if inputs != width * height * channels {
            o.problem(.badValue, key: "inputs", "inputs=\(inputs) disagrees with width×height×channels = \(width * height * channels)")
        }
    }
}
