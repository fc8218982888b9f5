// Max pooling over planes, with Darknet's rule: cells outside the image never win (a window with no
// cell inside gives -FLT_MAX). Max is exact, so every path here gives bit-identical results to the
// plain loop (`sg_maxpool_reference`); the paths only differ in how they walk memory:
//   - 2×2 stride 2 (YOLO's downsampling): both rows combined, then pairs of columns, in SIMD;
//   - 2×2 stride 1 (yolov3-tiny's last maxpool): one flat loop over each small plane;
//   - everything else is separable: the window's rows reduced into one padded row (vertical max,
//     contiguous, vectorised), then the kernel's columns reduced along that row (stride 1 vectorised).
// The functions are built per ISA (target_clones: AVX-512, AVX2, baseline SSE2) and picked at load time.
#include "ckernels.h"
#include <float.h>
#include <string.h>

#if defined(__x86_64__) && defined(__clang__)
#define SG_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SG_CLONES
#endif

// The widest row the separable path pads on the stack; wider rows use the plain loop.
#define SG_POOL_MAX_ROW 4096

void sg_maxpool_reference(const float *x, float *y, long p0, long p1, int h, int w, int outH, int outW,
                          int kh, int kw, int strideH, int strideW, int padTop, int padLeft) {
    for (long p = p0; p < p1; ++p) {
        const float *in = x + p * h * w;
        float *out = y + p * outH * outW;
        for (int oy = 0; oy < outH; ++oy) {
            const int y0 = oy * strideH - padTop;
            const int ya = y0 < 0 ? 0 : y0, yb = y0 + kh > h ? h : y0 + kh;
            for (int ox = 0; ox < outW; ++ox) {
                const int x0 = ox * strideW - padLeft;
                const int xa = x0 < 0 ? 0 : x0, xb = x0 + kw > w ? w : x0 + kw;
                float m = -FLT_MAX;
                for (int iy = ya; iy < yb; ++iy)
                    for (int ix = xa; ix < xb; ++ix) {
                        const float v = in[(long)iy * w + ix];
                        m = v > m ? v : m;
                    }
                out[(long)oy * outW + ox] = m;
            }
        }
    }
}

static inline float max2(float a, float b) { return a > b ? a : b; }

// Output row of a 2×2/2 pool whose windows all lie inside the image: max of rows r0, r1, then of
// column pairs. Written as plain loops the vectoriser turns into vertical max + even/odd shuffles.
static inline __attribute__((always_inline)) void max2x2s2_row(const float *restrict r0, const float *restrict r1,
                                                               float *restrict o, int n) {
    for (int i = 0; i < n; ++i) o[i] = max2(max2(r0[2 * i], r1[2 * i]), max2(r0[2 * i + 1], r1[2 * i + 1]));
}

SG_CLONES
static void maxpool_2x2s2(const float *x, float *y, long p0, long p1, int h, int w, int outH, int outW) {
    // Output cells whose window is whole (the rest — a bottom row or right column hanging over the
    // image when the size is odd — take the general rule).
    const int fullH = h / 2 < outH ? h / 2 : outH, fullW = w / 2 < outW ? w / 2 : outW;
    for (long p = p0; p < p1; ++p) {
        const float *in = x + p * h * w;
        float *out = y + p * outH * outW;
        for (int oy = 0; oy < outH; ++oy) {
            const float *r0 = in + (long)(2 * oy) * w;
            const float *r1 = 2 * oy + 1 < h ? r0 + w : r0;
            float *o = out + (long)oy * outW;
            if (2 * oy >= h) {  // the window lies wholly below the image
                for (int ox = 0; ox < outW; ++ox) o[ox] = -FLT_MAX;
                continue;
            }
            max2x2s2_row(r0, r1, o, oy < fullH ? fullW : 0);
            for (int ox = oy < fullH ? fullW : 0; ox < outW; ++ox) {
                float m = -FLT_MAX;
                for (int ix = 2 * ox; ix < 2 * ox + 2 && ix < w; ++ix) m = max2(m, max2(r0[ix], r1[ix]));
                o[ox] = m;
            }
        }
    }
}

// 2×2 stride 1 with the window hanging over the bottom/right edge at most (Darknet's size-2 stride-1
// maxpool, outH ≤ h, outW ≤ w). Planes are small (13×13 in yolov3-tiny), so the rows whose windows
// have two rows are done as one flat loop over the plane — out[i] = max of in[i], in[i+1], in[i+w],
// in[i+w+1] — and the last column (which that loop mixes with the next row) is redone after.
SG_CLONES
static void maxpool_2x2s1(const float *x, float *y, long p0, long p1, int h, int w, int outH, int outW) {
    const int twoRows = outH < h - 1 ? outH : h - 1;
    for (long p = p0; p < p1; ++p) {
        const float *in = x + p * h * w;
        float *out = y + p * outH * outW;
        if (outW == w && twoRows > 0) {
            const long n = (long)twoRows * w - 1;
            for (long i = 0; i < n; ++i) out[i] = max2(max2(in[i], in[i + w]), max2(in[i + 1], in[i + w + 1]));
            for (int oy = 0; oy < twoRows; ++oy) {
                const long i = (long)oy * w + w - 1;
                out[i] = max2(in[i], in[i + w]);
            }
        } else {
            for (int oy = 0; oy < twoRows; ++oy) {
                const float *r0 = in + (long)oy * w, *r1 = r0 + w;
                float *o = out + (long)oy * outW;
                for (int ox = 0; ox < outW; ++ox)
                    o[ox] = ox + 1 < w ? max2(max2(r0[ox], r1[ox]), max2(r0[ox + 1], r1[ox + 1])) : max2(r0[ox], r1[ox]);
            }
        }
        for (int oy = twoRows; oy < outH; ++oy) {  // the bottom row: one input row
            const float *r0 = in + (long)oy * w;
            float *o = out + (long)oy * outW;
            for (int ox = 0; ox < outW; ++ox) o[ox] = ox + 1 < w ? max2(r0[ox], r0[ox + 1]) : r0[ox];
        }
    }
}

SG_CLONES
static void maxpool_separable(const float *x, float *y, long p0, long p1, int h, int w, int outH, int outW,
                              int kh, int kw, int strideH, int strideW, int padTop, int padLeft) {
    // The padded row: `padLeft` cells of -FLT_MAX, the w reduced cells, then -FLT_MAX up to the
    // last window's right edge, so the column pass needs no bounds checks.
    float row[SG_POOL_MAX_ROW];
    const int padded = (outW - 1) * strideW + kw;
    for (int i = 0; i < padded; ++i) row[i] = -FLT_MAX;
    float *cells = row + padLeft;  // cells[ix] is input column ix
    const int first = padLeft < 0 ? -padLeft : 0;           // input columns the row holds: [first, last)
    const int last = padded - padLeft < w ? padded - padLeft : w;
    for (long p = p0; p < p1; ++p) {
        const float *in = x + p * h * w;
        float *out = y + p * outH * outW;
        for (int oy = 0; oy < outH; ++oy) {
            const int y0 = oy * strideH - padTop;
            const int ya = y0 < 0 ? 0 : y0, yb = y0 + kh > h ? h : y0 + kh;
            float *o = out + (long)oy * outW;
            if (ya >= yb) {
                for (int ox = 0; ox < outW; ++ox) o[ox] = -FLT_MAX;
                continue;
            }
            const float *r = in + (long)ya * w;
            memcpy(cells + first, r + first, sizeof(float) * (size_t)(last - first));
            for (int iy = ya + 1; iy < yb; ++iy) {
                r = in + (long)iy * w;
                for (int ix = first; ix < last; ++ix) cells[ix] = max2(cells[ix], r[ix]);
            }
            if (strideW == 1) {
                for (int ox = 0; ox < outW; ++ox) o[ox] = row[ox];
                for (int k = 1; k < kw; ++k)
                    for (int ox = 0; ox < outW; ++ox) o[ox] = max2(o[ox], row[ox + k]);
            } else {
                for (int ox = 0; ox < outW; ++ox) {
                    const float *win = row + (long)ox * strideW;
                    float m = win[0];
                    for (int k = 1; k < kw; ++k) m = max2(m, win[k]);
                    o[ox] = m;
                }
            }
        }
    }
}

void sg_maxpool(const float *x, float *y, long p0, long p1, int h, int w, int outH, int outW,
                int kh, int kw, int strideH, int strideW, int padTop, int padLeft) {
    if (outH <= 0 || outW <= 0) return;
    if (kh == 2 && kw == 2 && strideH == 2 && strideW == 2 && padTop == 0 && padLeft == 0) {
        maxpool_2x2s2(x, y, p0, p1, h, w, outH, outW);
        return;
    }
    if (kh == 2 && kw == 2 && strideH == 1 && strideW == 1 && padTop == 0 && padLeft == 0 && outH <= h && outW <= w) {
        maxpool_2x2s1(x, y, p0, p1, h, w, outH, outW);
        return;
    }
    const long padded = (long)(outW - 1) * strideW + kw;
    // The row buffer holds the padded row; the left padding must lie inside it, the right may exceed.
    if (padded <= SG_POOL_MAX_ROW && padLeft >= 0 && padLeft < padded && kh > 0 && kw > 0 && strideW > 0) {
        maxpool_separable(x, y, p0, p1, h, w, outH, outW, kh, kw, strideH, strideW, padTop, padLeft);
        return;
    }
    sg_maxpool_reference(x, y, p0, p1, h, w, outH, outW, kh, kw, strideH, strideW, padTop, padLeft);
}
