#include "ckernels.h"
#include <math.h>

// Each case mirrors Activation.apply in SpyglassIR; the loops are per activation so the
// compiler can vectorise the simple ones.
static inline float stair(float x) {
    long long n = (long long)floorf(x);
    if (n % 2 == 0) return floorf(x / 2);
    return (x - (float)n) + floorf(x / 2);
}

// e^x: 2^n·e^t with t = x − n·ln 2 in [−ln2/2, ln2/2] (Cephes' range reduction, ln 2 in two parts)
// and e^t by a degree-5 minimax polynomial (SG_EXP_C*: max relative error 1.9e-7 on [−87, 88]),
// written with plain arithmetic and an integer exponent so the activation loops below vectorise;
// libm's expf is a call per element, which made swish/logistic epilogues cost more than the
// convolution under them. The GEMM micro-kernels' in-register exp uses the same polynomial.
static inline float fast_expf(float x) {
    x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
    float fx = x * 1.44269504088896341f + 0.5f;
    int n = (int)fx;
    n -= (fx < (float)n);  // floor for negatives
    float t = x - (float)n * 0.693359375f + (float)n * 2.12194440e-4f;
    float y = (((SG_EXP_C5 * t + SG_EXP_C4) * t + SG_EXP_C3) * t + SG_EXP_C2) * t + 1.0f;
    y = y * t + 1.0f;
    union { int i; float f; } scale;
    scale.i = (n + 127) << 23;
    return y * scale.f;
}

static inline float mish(float x) {
    float sp = x > 20 ? x : (x < -20 ? expf(x) : log1pf(expf(x)));
    return x * tanhf(sp);
}

void sg_activate(float *x, long n, int activation) {
    long i;
    switch (activation) {
    case SG_ACT_LINEAR: return;
    case SG_ACT_LOGISTIC: for (i = 0; i < n; ++i) x[i] = 1.f / (1.f + fast_expf(-x[i])); return;
    case SG_ACT_LOGGY: for (i = 0; i < n; ++i) x[i] = 2.f / (1.f + fast_expf(-x[i])) - 1.f; return;
    case SG_ACT_RELU: for (i = 0; i < n; ++i) x[i] = x[i] > 0 ? x[i] : 0; return;
    case SG_ACT_ELU: for (i = 0; i < n; ++i) x[i] = x[i] >= 0 ? x[i] : expf(x[i]) - 1.f; return;
    case SG_ACT_SELU:
        for (i = 0; i < n; ++i) x[i] = x[i] >= 0 ? 1.0507f * x[i] : 1.0507f * 1.6732f * (expf(x[i]) - 1.f);
        return;
    case SG_ACT_RELIE: for (i = 0; i < n; ++i) x[i] = x[i] > 0 ? x[i] : 0.01f * x[i]; return;
    case SG_ACT_RAMP: for (i = 0; i < n; ++i) x[i] = (x[i] > 0 ? x[i] : 0) + 0.1f * x[i]; return;
    case SG_ACT_LEAKY: for (i = 0; i < n; ++i) x[i] = x[i] > 0 ? x[i] : 0.1f * x[i]; return;
    case SG_ACT_TANH: for (i = 0; i < n; ++i) x[i] = tanhf(x[i]); return;
    case SG_ACT_PLSE:
        for (i = 0; i < n; ++i) {
            float v = x[i];
            x[i] = v < -4 ? 0.01f * (v + 4) : (v > 4 ? 0.01f * (v - 4) + 1 : 0.125f * v + 0.5f);
        }
        return;
    case SG_ACT_STAIR: for (i = 0; i < n; ++i) x[i] = stair(x[i]); return;
    case SG_ACT_HARDTAN: for (i = 0; i < n; ++i) x[i] = x[i] < -1 ? -1 : (x[i] > 1 ? 1 : x[i]); return;
    case SG_ACT_LHTAN:
        for (i = 0; i < n; ++i) {
            float v = x[i];
            x[i] = v < 0 ? 0.001f * v : (v > 1 ? 0.001f * (v - 1) + 1 : v);
        }
        return;
    case SG_ACT_MISH: for (i = 0; i < n; ++i) x[i] = mish(x[i]); return;
    case SG_ACT_SWISH: for (i = 0; i < n; ++i) x[i] = x[i] / (1.f + fast_expf(-x[i])); return;
    default: return;
    }
}

void sg_logistic(float *x, long n) { sg_activate(x, n, SG_ACT_LOGISTIC); }

void sg_logistic_to(const float *x, float *y, long n) {
    for (long i = 0; i < n; ++i) y[i] = 1.f / (1.f + fast_expf(-x[i]));
}
