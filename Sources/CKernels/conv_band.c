#include "ckernels.h"
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

// Row-band convolution: instead of an im2col matrix (K = C·kh·kw rows, 9× the input for 3×3), each
// job copies the input rows its band of output rows needs, padded and split into strideW column
// phases, into an L2-sized buffer. In that buffer every tap (c, ky, kx) of output row r, columns
// [ox, ox + n) is one contiguous run starting at r·strideH·phaseWidth + offsets[tap] + ox, so the
// packed GEMM reads B straight from it through an offset table (sg_gemm_packed_indirect).
// Measured on Zen 4, 1 thread, same process (YOLOv8-style / yolov3-tiny shapes C×H×W → O, stride):
// 128×80×80→64 s1 9.8 → 8.9 ms, 32×160×160→32 s1 5.6 → 4.7, 32×320×320→64 s2 11.0 → 10.0,
// 3×640×640→32 s2 3.3 → 2.9, 64×160×160→128 s2 10.5 → 9.3, 16×208×208→32 s1 4.7 → 4.1;
// with outW = 40 (a 32 + 8 column split) it lost (5.2 → 5.6), hence sg_conv_band_suits.

static int div_up(int a, int b) { return (a + b - 1) / b; }

int sg_conv_band_suits(int outW, int nr) {
    const int tail = outW % nr;
    return outW >= nr / 2 && (tail == 0 || 2 * tail >= nr || outW >= 3 * nr);
}

void sg_conv_band_plan(sg_conv_band *g, long maxFloats, int minBands) {
    g->phaseWidth = g->outW + ((g->kernelW - 1) * g->dilationW) / g->strideW;
    const long rowFloats = (long)g->channels * g->strideW * g->phaseWidth;
    const int tapRows = (g->kernelH - 1) * g->dilationH + 1;
    int fit = rowFloats > 0 ? (int)(maxFloats / rowFloats) : tapRows;  // input rows that fit the budget
    int outRows = fit < tapRows ? 1 : (fit - tapRows) / g->strideH + 1;
    const int spread = div_up(g->outH, minBands > 0 ? minBands : 1);  // enough bands for the threads
    if (outRows > spread) outRows = spread;
    if (outRows > g->outH) outRows = g->outH;
    if (outRows < 1) outRows = 1;
    g->outRows = outRows;
    g->bandRows = (outRows - 1) * g->strideH + tapRows;
}

long sg_conv_band_floats(const sg_conv_band *g) {
    return (long)g->channels * g->strideW * g->bandRows * g->phaseWidth;
}

void sg_conv_band_offsets(const sg_conv_band *g, int *offsets) {
    const long phasePlane = (long)g->bandRows * g->phaseWidth;
    for (int c = 0; c < g->channels; ++c)
        for (int ky = 0; ky < g->kernelH; ++ky)
            for (int kx = 0; kx < g->kernelW; ++kx) {
                const int dx = kx * g->dilationW;
                offsets[(c * g->kernelH + ky) * g->kernelW + kx] =
                    (int)(((long)c * g->strideW + dx % g->strideW) * phasePlane + (long)ky * g->dilationH * g->phaseWidth +
                          dx / g->strideW);
            }
}

// d[j] = src[j·stride] for j in [0, n).
__attribute__((always_inline))
static inline void gather_columns(float *d, const float *src, int stride, int n) {
    if (stride == 1) {
        memcpy(d, src, sizeof(float) * n);
    } else {
        for (int j = 0; j < n; ++j) d[j] = src[j * stride];
    }
}

#if defined(__x86_64__) || defined(__i386__)
// Stride 2: 32 floats in, 16 of one phase out per step.
__attribute__((target("avx512f")))
static void gather_columns_avx512(float *d, const float *src, int stride, int n) {
    if (stride != 2) { gather_columns(d, src, stride, n); return; }
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    int j = 0;
    for (; j + 16 <= n - 1; j += 16) {  // reads src[2j .. 2j + 31]: stays within the 2n − 1 floats needed
        const __m512 a = _mm512_loadu_ps(src + 2 * j), b = _mm512_loadu_ps(src + 2 * j + 16);
        _mm512_storeu_ps(d + j, _mm512_permutex2var_ps(a, even, b));
    }
    for (; j < n; ++j) d[j] = src[2 * j];
}
#endif

typedef void (*gather_fn)(float *, const float *, int, int);

static void gather_portable(float *d, const float *src, int stride, int n) { gather_columns(d, src, stride, n); }

static gather_fn gatherer(void) {
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("avx512f")) return gather_columns_avx512;
#endif
    return gather_portable;
}

// Input rows [y0, y0 + rows) in padded coordinates (row y is input row y − padTop) of every channel,
// split into phases: band[c][ph][r][j] = x[c][y0 + r − padTop][j·strideW + ph − padLeft], 0 outside.
static void copy_band(const sg_conv_band *g, const float *x, int y0, int rows, float *band) {
    static gather_fn gather;
    if (!gather) gather = gatherer();
    const int s = g->strideW, Wh = g->phaseWidth;
    const long phasePlane = (long)g->bandRows * Wh;
    for (int c = 0; c < g->channels; ++c) {
        const float *plane = x + (long)c * g->height * g->width;
        for (int ph = 0; ph < s; ++ph) {
            // Columns j whose input column j·s + ph − padLeft lies in [0, width).
            const int first = ph - g->padLeft;  // input column of j = 0
            int lo = first >= 0 ? 0 : div_up(-first, s);
            int hi = g->width - first <= 0 ? 0 : div_up(g->width - first, s);
            if (hi > Wh) hi = Wh;
            if (lo > hi) lo = hi;
            float *dst = band + ((long)c * s + ph) * phasePlane;
            for (int r = 0; r < rows; ++r) {
                float *d = dst + (long)r * Wh;
                const int iy = y0 + r - g->padTop;
                if (iy < 0 || iy >= g->height) {
                    memset(d, 0, sizeof(float) * Wh);
                    continue;
                }
                if (lo > 0) memset(d, 0, sizeof(float) * lo);
                if (hi > lo) gather(d + lo, plane + (long)iy * g->width + (lo * s + first), s, hi - lo);
                if (hi < Wh) memset(d + hi, 0, sizeof(float) * (Wh - hi));
            }
        }
    }
}

void sg_conv_band_run(const sg_conv_band *g, const float *x, int band, const float *packed, int M, const int *offsets,
                      float *scratch, float *y, const float *bias, int activation) {
    const int oy0 = band * g->outRows;
    if (oy0 >= g->outH) return;
    const int rows = g->outH - oy0 < g->outRows ? g->outH - oy0 : g->outRows;
    copy_band(g, x, oy0 * g->strideH, (rows - 1) * g->strideH + (g->kernelH - 1) * g->dilationH + 1, scratch);
    const long outPlane = (long)g->outH * g->outW;
    sg_gemm_packed_indirect(packed, M, g->channels * g->kernelH * g->kernelW, 0, div_up(M, SG_GEMM_MR), scratch,
                            offsets, (long)g->strideH * g->phaseWidth, rows, g->outW, y + (long)oy0 * g->outW, outPlane,
                            g->outW, bias, activation);
}
