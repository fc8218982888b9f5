import SpyglassIR

/// Darknet's activations as ONNX: a standard op where one matches exactly, otherwise a small
/// composition of standard ops computing Darknet's formula (see `Activation.apply`).
enum ActivationExport {
    /// Applies `activation` to `x`. With `final`, the last node writes the IR node's output
    /// (a linear activation then becomes an Identity).
    static func emit(_ activation: Activation, _ x: String, _ s: NodeScope, final: Bool) -> String {
        let b = s.builder
        func c(_ v: Float) -> String { b.scalar(v) }
        switch activation {
        case .linear:
            return final ? s.emit("Identity", [x], step: "linear", final: true) : x
        case .logistic:
            return s.emit("Sigmoid", [x], step: "logistic", final: final)
        case .relu:
            return s.emit("Relu", [x], step: "relu", final: final)
        case .tanh:
            return s.emit("Tanh", [x], step: "tanh", final: final)
        case .leaky:
            return s.emit("LeakyRelu", [x], ["alpha": .float(0.1)], step: "leaky", final: final)
        case .relie:
            return s.emit("LeakyRelu", [x], ["alpha": .float(0.01)], step: "relie", final: final)
        case .elu:
            return s.emit("Elu", [x], ["alpha": .float(1)], step: "elu", final: final)
        case .selu:
            return s.emit("Selu", [x], ["alpha": .float(1.6732), "gamma": .float(1.0507)], step: "selu", final: final)
        case .hardtan:
            return s.emit("Clip", [x, c(-1), c(1)], step: "hardtan", final: final)
        case .ramp:
            // relu(x) + 0.1·x
            let r = s.emit("Relu", [x], step: "ramp_relu")
            let t = s.emit("Mul", [x, c(0.1)], step: "ramp_tenth")
            return s.emit("Add", [r, t], step: "ramp", final: final)
        case .loggy:
            // 2·σ(x) − 1
            let sig = s.emit("Sigmoid", [x], step: "loggy_sigmoid")
            let twice = s.emit("Mul", [sig, c(2)], step: "loggy_twice")
            return s.emit("Sub", [twice, c(1)], step: "loggy", final: final)
        case .plse:
            // x < −4: 0.01(x+4);  x > 4: 0.01(x−4)+1;  else 0.125x + 0.5
            let low = s.emit("Mul", [s.emit("Add", [x, c(4)], step: "plse_xp4"), c(0.01)], step: "plse_low")
            let highSlope = s.emit("Mul", [s.emit("Sub", [x, c(4)], step: "plse_xm4"), c(0.01)], step: "plse_high_slope")
            let high = s.emit("Add", [highSlope, c(1)], step: "plse_high")
            let mid = s.emit("Add", [s.emit("Mul", [x, c(0.125)], step: "plse_eighth"), c(0.5)], step: "plse_mid")
            let isHigh = s.emit("Greater", [x, c(4)], step: "plse_is_high")
            let upper = s.emit("Where", [isHigh, high, mid], step: "plse_upper")
            let isLow = s.emit("Less", [x, c(-4)], step: "plse_is_low")
            return s.emit("Where", [isLow, low, upper], step: "plse", final: final)
        case .lhtan:
            // x < 0: 0.001x;  x > 1: 0.001(x−1)+1;  else x
            let low = s.emit("Mul", [x, c(0.001)], step: "lhtan_low")
            let highSlope = s.emit("Mul", [s.emit("Sub", [x, c(1)], step: "lhtan_xm1"), c(0.001)], step: "lhtan_high_slope")
            let high = s.emit("Add", [highSlope, c(1)], step: "lhtan_high")
            let isHigh = s.emit("Greater", [x, c(1)], step: "lhtan_is_high")
            let upper = s.emit("Where", [isHigh, high, x], step: "lhtan_upper")
            let isLow = s.emit("Less", [x, c(0)], step: "lhtan_is_low")
            return s.emit("Where", [isLow, low, upper], step: "lhtan", final: final)
        case .stair:
            // n = floor(x); n even: floor(x/2); odd: (x − n) + floor(x/2)
            let n = s.emit("Floor", [x], step: "stair_floor")
            let half = s.emit("Floor", [s.emit("Mul", [x, c(0.5)], step: "stair_half_x")], step: "stair_half")
            let odd = s.emit("Add", [s.emit("Sub", [x, n], step: "stair_frac"), half], step: "stair_odd")
            let parity = s.emit("Mod", [n, c(2)], ["fmod": .int(1)], step: "stair_parity")
            let isEven = s.emit("Equal", [parity, c(0)], step: "stair_is_even")
            return s.emit("Where", [isEven, half, odd], step: "stair", final: final)
        case .mish:
            if s.opset >= 18 { return s.emit("Mish", [x], step: "mish", final: final) }
            let sp = s.emit("Softplus", [x], step: "mish_softplus")
            let t = s.emit("Tanh", [sp], step: "mish_tanh")
            return s.emit("Mul", [x, t], step: "mish", final: final)
        case .swish:
            let sig = s.emit("Sigmoid", [x], step: "swish_sigmoid")
            return s.emit("Mul", [x, sig], step: "swish", final: final)
        }
    }

    /// `produce(final)` emits the op writing the pre-activation value; the activation follows it.
    static func withActivation(_ activation: Activation, _ s: NodeScope, _ produce: (_ final: Bool) throws -> String) rethrows {
        let y = try produce(activation == .linear)
        if activation != .linear { _ = emit(activation, y, s, final: true) }
    }
}
