#include "ckernels.h"
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

// Row-band convolution: instead of an im2col matrix (K = C·kh·kw rows, 9× the input for 3×3), each
// job copies the input rows its band of output rows needs into an L2-sized buffer, padded and split
// into strideH × strideW phases (band[c][row phase][column phase][r][j] = padded input
// [c][(band's first row + r)·strideH + row phase][j·strideW + column phase]). There, tap (c, ky, kx)
// of output row r, column ox is at r·phaseWidth + ox + offsets[tap] for every stride: each output
// row's taps are contiguous runs, and consecutive rows follow each other phaseWidth apart, so the
// packed GEMM reads B straight from the buffer through an offset table (sg_gemm_packed_indirect):
// - rows that cut well into the micro-kernel's column strips: the GEMM writes each row into y;
// - rows that leave a wasteful tail strip (40 = 32 + 8, 104 = 96 + 8): the band's rows are joined
//   into one run of rows·phaseWidth columns (the (kW − 1)·dilationW / strideW columns between rows
//   are computed and dropped), written to scratch and copied into y, so strips stay full; the band
//   height is chosen for the least waste (sg_conv_band_plan). 64×104×104→64: 3.83 → 3.71 ms.
// Measured on Zen 4, 1 thread, same process (YOLOv8-style / yolov3-tiny shapes C×H×W → O, stride;
// im2col tiles → bands): 128×80×80→64 s1 9.8 → 8.9 ms, 32×160×160→32 s1 5.6 → 4.7,
// 32×320×320→64 s2 11.0 → 10.0, 3×640×640→32 s2 3.3 → 2.9, 64×160×160→128 s2 10.5 → 9.3,
// 16×208×208→32 s1 4.7 → 4.1; 128×80×80→128 s2 (40 columns) 5.2 → 5.6 per row, hence joined rows.

static int div_up(int a, int b) { return (a + b - 1) / b; }

// Columns the micro-kernel computes for a run of n: full nr-wide strips, and a tail strip that costs
// half a strip when it fits in one (its narrow path runs half the multiplies), else a whole one.
static long computed_columns(long n, int nr) {
    const long tail = n % nr;
    return n - tail + (tail == 0 ? 0 : 2 * tail <= nr ? nr / 2 : nr);
}

// Columns the micro-kernel computes for one band of r output rows, joined or row by row.
static double band_columns(const sg_conv_band *g, int r, int join, int nr) {
    return join ? (double)computed_columns((long)(r - 1) * g->phaseWidth + g->outW, nr)
                : (double)r * computed_columns(g->outW, nr);
}

// Estimated time of one layer with bands of `rows` output rows (the last one shorter), joined or not:
// the average band's columns times the rounds `threads` take over the batch × bands jobs.
static double band_time(const sg_conv_band *g, int rows, int join, int threads, int batch, int nr) {
    const int bands = div_up(g->outH, rows), last = g->outH - (bands - 1) * rows;
    const double perBand = ((bands - 1) * band_columns(g, rows, join, nr) + band_columns(g, last, join, nr)) / bands;
    return perBand * (double)div_up(batch * bands, threads);
}

void sg_conv_band_plan(sg_conv_band *g, long maxFloats, int threads, int batch, int nr) {
    if (threads < 1) threads = 1;
    if (batch < 1) batch = 1;
    g->phaseWidth = g->outW + ((g->kernelW - 1) * g->dilationW) / g->strideW;
    const int extraRows = ((g->kernelH - 1) * g->dilationH) / g->strideH;  // per row phase, beyond the output rows
    const long rowFloats = (long)g->channels * g->strideH * g->strideW * g->phaseWidth;
    const long fit = rowFloats > 0 ? maxFloats / rowFloats : 1;  // rows per phase that fit the budget
    int outRows = fit > extraRows ? (int)(fit - extraRows) : 1;
    const int spread = div_up(g->outH, 2 * threads);  // two bands per thread at least, to share out evenly
    if (outRows > spread) outRows = spread;
    if (outRows > g->outH) outRows = g->outH;
    if (outRows < 1) outRows = 1;
    // Band height and form by the least estimated time (band_time), down to half the budget's height:
    // rows written one by one waste a tail strip in every row (outW = 40: 32 + a half-cost strip for
    // 8); joined, a band's rows are one run of (rows − 1)·phaseWidth + outW columns whose only tail is
    // at its end, less the columns between rows. Joining costs a copy of the output, so it must save
    // 2 %; a lower band (more bands, copies and passes over the weights) must save 1 %.
    int join = 0, rows = outRows;
    double best = band_time(g, outRows, 0, threads, batch, nr);
    for (int form = 0; form < 2; ++form)
        for (int r = outRows; r >= 1 && 2 * r >= outRows; --r) {
            const double t = band_time(g, r, form, threads, batch, nr);
            const double margin = form > join ? 0.98 : 0.99;
            if (t < best * margin) { best = t; join = form; rows = r; }
        }
    g->outRows = rows;
    g->bandRows = rows + extraRows;
    g->joinRows = join;
}

long sg_conv_band_copy_floats(const sg_conv_band *g) {
    return (long)g->channels * g->strideH * g->strideW * g->bandRows * g->phaseWidth;
}

long sg_conv_band_floats(const sg_conv_band *g) {
    const long output = g->joinRows ? (long)g->outChannels * g->outRows * g->phaseWidth : 0;
    return sg_conv_band_copy_floats(g) + output;
}

void sg_conv_band_offsets(const sg_conv_band *g, int *offsets) {
    const long phasePlane = (long)g->bandRows * g->phaseWidth;
    for (int c = 0; c < g->channels; ++c)
        for (int ky = 0; ky < g->kernelH; ++ky)
            for (int kx = 0; kx < g->kernelW; ++kx) {
                const int dy = ky * g->dilationH, dx = kx * g->dilationW;
                const long phase = ((long)c * g->strideH + dy % g->strideH) * g->strideW + dx % g->strideW;
                offsets[(c * g->kernelH + ky) * g->kernelW + kx] =
                    (int)(phase * phasePlane + (long)(dy / g->strideH) * g->phaseWidth + dx / g->strideW);
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
// Stride 2: 32 floats in, 16 of one phase out per step; the last step masked (masked-off lanes are
// not read, so nothing past the row's last needed float is touched).
__attribute__((target("avx512f")))
static void gather_columns_avx512(float *d, const float *src, int stride, int n) {
    if (stride != 2) { gather_columns(d, src, stride, n); return; }
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    int j = 0;
    for (; j + 16 <= n - 1; j += 16) {  // reads src[2j .. 2j + 31]: within the 2n − 1 floats needed
        const __m512 a = _mm512_loadu_ps(src + 2 * j), b = _mm512_loadu_ps(src + 2 * j + 16);
        _mm512_storeu_ps(d + j, _mm512_permutex2var_ps(a, even, b));
    }
    if (j < n) {
        const int m = n - j, needed = 2 * m - 1;  // src[2j .. 2j + 2m − 2]
        const __mmask16 ma = needed >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << needed) - 1);
        const __mmask16 mb = needed > 16 ? (__mmask16)((1u << (needed - 16)) - 1) : 0;
        const __m512 a = _mm512_maskz_loadu_ps(ma, src + 2 * j), b = _mm512_maskz_loadu_ps(mb, src + 2 * j + 16);
        _mm512_mask_storeu_ps(d + j, (__mmask16)((1u << m) - 1), _mm512_permutex2var_ps(a, even, b));
    }
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

// The band whose first output row is oy0: every channel's row and column phases (see the top).
// Input rows are visited in order (row r of row phase py is padded row (oy0 + r)·sy + py), each
// written to its column phases at once, so the input streams in once, sequentially.
static void copy_band(const sg_conv_band *g, const float *x, int oy0, float *band) {
    const gather_fn gather = gatherer();  // a CPU-feature check per band, not per row
    const int sx = g->strideW, sy = g->strideH, Wh = g->phaseWidth;
    const long phasePlane = (long)g->bandRows * Wh;
    int lo[sx], hi[sx];
    for (int px = 0; px < sx; ++px) {
        // Columns j whose input column j·sx + px − padLeft lies in [0, width).
        const int first = px - g->padLeft;  // input column of j = 0
        lo[px] = first >= 0 ? 0 : div_up(-first, sx);
        hi[px] = g->width - first <= 0 ? 0 : div_up(g->width - first, sx);
        if (hi[px] > Wh) hi[px] = Wh;
        if (lo[px] > hi[px]) lo[px] = hi[px];
    }
    for (int c = 0; c < g->channels; ++c) {
        const float *plane = x + (long)c * g->height * g->width;
        for (int t = 0; t < g->bandRows * sy; ++t) {
            const int r = t / sy, py = t % sy;
            const int iy = oy0 * sy + t - g->padTop;
            for (int px = 0; px < sx; ++px) {
                float *d = band + (((long)c * sy + py) * sx + px) * phasePlane + (long)r * Wh;
                if (iy < 0 || iy >= g->height) {
                    memset(d, 0, sizeof(float) * Wh);
                    continue;
                }
                const int l = lo[px], h = hi[px];
                if (l > 0) memset(d, 0, sizeof(float) * l);
                if (h > l) gather(d + l, plane + (long)iy * g->width + (l * sx + px - g->padLeft), sx, h - l);
                if (h < Wh) memset(d + h, 0, sizeof(float) * (Wh - h));
            }
        }
    }
}

// The input rows (every channel) of the band whose first output row is oy0; none past the last band.
static sg_prefetch_region next_band_rows(const sg_conv_band *g, const float *x, int oy0) {
    sg_prefetch_region r = {(const char *)x, 0, 0, 0};
    if (oy0 >= g->outH) return r;
    int y0 = oy0 * g->strideH - g->padTop, y1 = (oy0 + g->bandRows) * g->strideH - g->padTop;
    if (y0 < 0) y0 = 0;
    if (y1 > g->height) y1 = g->height;
    if (y1 <= y0) return r;
    r.base = (const char *)(x + (long)y0 * g->width);
    r.blocks = g->channels;
    r.stride = (long)g->height * g->width * sizeof(float);
    r.bytes = (long)(y1 - y0) * g->width * sizeof(float);
    return r;
}

void sg_conv_band_run(const sg_conv_band *g, const float *x, int band, const float *packed, const int *offsets,
                      float *scratch, float *y, const float *bias, int activation) {
    const int oy0 = band * g->outRows;
    if (oy0 >= g->outH) return;
    const int rows = g->outH - oy0 < g->outRows ? g->outH - oy0 : g->outRows;
    const int M = g->outChannels, K = g->channels * g->kernelH * g->kernelW, Wh = g->phaseWidth;
    copy_band(g, x, oy0, scratch);
    // The next band's input rows (most often this thread's next job) stream into L2 while this band
    // computes, so its copy reads L2 rather than L3/DRAM: YOLOv8-style 32×320×320→64/2 9.7 → 9.3 ms.
    const sg_prefetch_region ahead = next_band_rows(g, x, oy0 + rows), *pf = &ahead;
    const long outPlane = (long)g->outH * g->outW;
    if (!g->joinRows) {
        sg_gemm_packed_indirect(packed, M, K, 0, div_up(M, SG_GEMM_MR), scratch, offsets, Wh, rows, g->outW,
                                y + (long)oy0 * g->outW, outPlane, g->outW, bias, activation, pf);
        return;
    }
    float *joined = scratch + sg_conv_band_copy_floats(g);
    const long n = (long)(rows - 1) * Wh + g->outW;  // the last row's extra columns are not needed
    sg_gemm_packed_indirect(packed, M, K, 0, div_up(M, SG_GEMM_MR), scratch, offsets, 0, 1, n, joined, n, 0, bias,
                            activation, pf);
    for (int m = 0; m < M; ++m)
        for (int r = 0; r < rows; ++r)
            memcpy(y + m * outPlane + (long)(oy0 + r) * g->outW, joined + m * n + (long)r * Wh, sizeof(float) * g->outW);
}
