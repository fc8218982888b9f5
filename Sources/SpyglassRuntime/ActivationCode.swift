import CKernels
import SpyglassIR

extension Activation {
    /// The code CKernels uses for this activation.
    var cCode: Int32 {
        let code: sg_activation
        switch self {
        case .linear: code = SG_ACT_LINEAR
        case .logistic: code = SG_ACT_LOGISTIC
        case .loggy: code = SG_ACT_LOGGY
        case .relu: code = SG_ACT_RELU
        case .elu: code = SG_ACT_ELU
        case .selu: code = SG_ACT_SELU
        case .relie: code = SG_ACT_RELIE
        case .ramp: code = SG_ACT_RAMP
        case .leaky: code = SG_ACT_LEAKY
        case .tanh: code = SG_ACT_TANH
        case .plse: code = SG_ACT_PLSE
        case .stair: code = SG_ACT_STAIR
        case .hardtan: code = SG_ACT_HARDTAN
        case .lhtan: code = SG_ACT_LHTAN
        case .mish: code = SG_ACT_MISH
        case .swish: code = SG_ACT_SWISH
        }
        return Int32(bitPattern: code.rawValue)
    }
}
