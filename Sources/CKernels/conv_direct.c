#include "ckernels.h"
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

// Direct convolution for small maps (YOLO's 13×13 layers), vectorised over output channels:
// a register holds 16 output channels of one output position, so the work cuts into vectors
// without waste whatever the map's size — where the GEMM, vectorised over positions, computes
// 169 positions as 176 (5½ strips of 32) and first writes an im2col 9× the input. One call
// computes a run of ≤ SG_DIRECT_MAX_RUN positions of one output row for 16 channels: for every
// input channel and tap it loads the 16 channels' weights once and multiplies them into each
// position's accumulator by the input value there, broadcast from memory (one FMA each). The run's
// accumulators stay in registers over the whole reduction (C·kh·kw), then are transposed into
// the NCHW output. Measured on Zen 4, 1 thread, against the packed GEMM (im2col + channel split):
// yolov3-tiny 512→1024 3×3 @13 16.1 → 14.2 ms, i.e. 98 → 112 GFLOPS of a 117 GFLOPS FMA peak
// (more in DirectConvolution.swift).
//
// Weights: [⌈O/16⌉][C][kh·kw][16] (output channels past O zero). Input: the padded copy
// [C][Hp][Wp] (sg_conv_direct_pad), so taps need no bounds checks.

#define SG_DIRECT_MAX_RUN 16

long sg_conv_direct_packed_count(int O, int C, int kh, int kw) {
    return (long)((O + 15) / 16) * 16 * C * kh * kw;
}

void sg_conv_direct_pack(const float *w, int O, int C, int kh, int kw, float *packed) {
    const int taps = kh * kw, blocks = (O + 15) / 16;
    for (int b = 0; b < blocks; ++b)
        for (int c = 0; c < C; ++c)
            for (int t = 0; t < taps; ++t) {
                float *d = packed + (((long)b * C + c) * taps + t) * 16;
                for (int i = 0; i < 16; ++i) {
                    const int o = b * 16 + i;
                    d[i] = o < O ? w[((long)o * C + c) * taps + t] : 0.f;
                }
            }
}

void sg_conv_direct_pad(const float *x, int c0, int c1, int H, int W, int padTop, int padLeft, int Hp, int Wp, float *xp) {
    for (int c = c0; c < c1; ++c) {
        float *d = xp + (long)c * Hp * Wp;
        const float *s = x + (long)c * H * W;
        for (int r = 0; r < Hp; ++r) {
            const int iy = r - padTop;
            float *row = d + (long)r * Wp;
            if (iy < 0 || iy >= H) {
                memset(row, 0, sizeof(float) * Wp);
                continue;
            }
            // Columns [padLeft, padLeft + W) of the padded row hold the input row (clipped to Wp).
            const int first = padLeft < Wp ? padLeft : Wp, last = padLeft + W < Wp ? padLeft + W : Wp;
            memset(row, 0, sizeof(float) * first);
            if (last > first) memcpy(row + first, s + (long)iy * W, sizeof(float) * (last - first));
            if (last < Wp) memset(row + (last > first ? last : first), 0, sizeof(float) * (Wp - (last > first ? last : first)));
        }
    }
}

int sg_conv_direct_supported(void) {
#if defined(__x86_64__) || defined(__i386__)
    return __builtin_cpu_supports("avx512f");
#else
    return 0;
#endif
}

#if defined(__x86_64__) || defined(__i386__)
#define AVX512 __attribute__((target("avx512f")))

// One run of P positions at stride S (constants where inlined) of output row oy, 16 channels from o0:
// xr is the padded input at (row oy·S, column x0·S); out is y + o0·outPlane + oy·outW + x0.
AVX512 static inline __attribute__((always_inline)) void direct_run(const int P, const int S, const float *xr, int C, long planeP, int Wp,
                                                                    int kh, int kw, const float *w, const float *bias,
                                                                    int channels, float *out, long outPlane) {
    __m512 acc[SG_DIRECT_MAX_RUN];
    const __m512 b = bias ? _mm512_loadu_ps(bias) : _mm512_setzero_ps();
#pragma clang loop unroll(full)
    for (int p = 0; p < P; ++p) acc[p] = b;
    for (int c = 0; c < C; ++c) {
        const float *xc = xr + (long)c * planeP;
        for (int ky = 0; ky < kh; ++ky) {
            const float *row = xc + (long)ky * Wp;
            for (int kx = 0; kx < kw; ++kx, w += 16) {
                const __m512 wv = _mm512_load_ps(w);
#pragma clang loop unroll(full)
                for (int p = 0; p < P; ++p) acc[p] = _mm512_fmadd_ps(_mm512_set1_ps(row[p * S + kx]), wv, acc[p]);
            }
        }
    }
    float t[SG_DIRECT_MAX_RUN][16] __attribute__((aligned(64)));
#pragma clang loop unroll(full)
    for (int p = 0; p < P; ++p) _mm512_store_ps(t[p], acc[p]);
    for (int i = 0; i < channels; ++i) {
        float *o = out + (long)i * outPlane;
        for (int p = 0; p < P; ++p) o[p] = t[p][i];
    }
}

// Runs of 1…16 positions at stride 1 or 2, each its own unrolled copy (the accumulators must be
// registers, and the input offsets constants).
#define DIRECT_CASE(n) case n: direct_run(n, S, xr, C, planeP, Wp, kh, kw, w, bias, channels, out, outPlane); break;
#define DIRECT_CASES(stride) \
    static void direct_dispatch_s##stride(int P, const float *xr, int C, long planeP, int Wp, int kh, int kw,         \
                                          const float *w, const float *bias, int channels, float *out, long outPlane) { \
        const int S = stride;                                                                                      \
        switch (P) {                                                                                               \
            DIRECT_CASE(1) DIRECT_CASE(2) DIRECT_CASE(3) DIRECT_CASE(4) DIRECT_CASE(5) DIRECT_CASE(6) DIRECT_CASE(7) \
            DIRECT_CASE(8) DIRECT_CASE(9) DIRECT_CASE(10) DIRECT_CASE(11) DIRECT_CASE(12) DIRECT_CASE(13)            \
            DIRECT_CASE(14) DIRECT_CASE(15) DIRECT_CASE(16)                                                          \
            default: break;                                                                                        \
        }                                                                                                          \
    }
AVX512 DIRECT_CASES(1)
AVX512 DIRECT_CASES(2)

void sg_conv_direct_run(const float *xp, int C, int Hp, int Wp, int kh, int kw, int stride, const float *packed, int b0,
                        int b1, int O, int outH, int outW, const float *bias, int activation, float *y) {
    if (stride != 1 && stride != 2) return;
    const long planeP = (long)Hp * Wp, outPlane = (long)outH * outW;
    // Each row in runs of equal length ≤ 16: 13 → 13, 26 → 13 + 13, 20 → 10 + 10.
    const int runs = (outW + SG_DIRECT_MAX_RUN - 1) / SG_DIRECT_MAX_RUN;
    float biasBlock[16] __attribute__((aligned(64)));
    for (int b = b0; b < b1; ++b) {
        const int o0 = b * 16, channels = O - o0 < 16 ? O - o0 : 16;
        const float *w = packed + (long)b * C * kh * kw * 16;
        const float *bb = NULL;
        if (bias) {
            for (int i = 0; i < 16; ++i) biasBlock[i] = i < channels ? bias[o0 + i] : 0.f;
            bb = biasBlock;
        }
        float *yb = y + (long)o0 * outPlane;
        for (int oy = 0; oy < outH; ++oy) {
            for (int r = 0; r < runs; ++r) {
                const int x0 = outW * r / runs, x1 = outW * (r + 1) / runs;
                const float *xr = xp + (long)oy * stride * Wp + (long)x0 * stride;
                float *out = yb + (long)oy * outW + x0;
                if (stride == 1)
                    direct_dispatch_s1(x1 - x0, xr, C, planeP, Wp, kh, kw, w, bb, channels, out, outPlane);
                else
                    direct_dispatch_s2(x1 - x0, xr, C, planeP, Wp, kh, kw, w, bb, channels, out, outPlane);
            }
        }
        if (activation != SG_ACT_LINEAR)
            for (int i = 0; i < channels; ++i) sg_activate(yb + (long)i * outPlane, outPlane, activation);
    }
}
#else
void sg_conv_direct_run(const float *xp, int C, int Hp, int Wp, int kh, int kw, int stride, const float *packed, int b0,
                        int b1, int O, int outH, int outW, const float *bias, int activation, float *y) {
    (void)xp; (void)C; (void)Hp; (void)Wp; (void)kh; (void)kw; (void)stride; (void)packed; (void)b0; (void)b1;
    (void)O; (void)outH; (void)outW; (void)bias; (void)activation; (void)y;
}
#endif
