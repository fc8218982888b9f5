#include "ckernels.h"
#include <string.h>
#include <cblas.h>

// Output positions [n0, n1) (flattened oy·outW + ox) of the im2col matrix, every row
// (c, ky, kx) of channels [0, channels), packed as a [K][n1 − n0] block; zero outside the image.
// Written once, compiled twice: the AVX-512 copy vectorises the strided (stride-2) row reads,
// which the baseline build does one float at a time.
__attribute__((always_inline))
static inline void im2col_columns(const float *im, int channels, int height, int width, int kh, int kw,
                                  int strideH, int strideW, int dilationH, int dilationW, int padTop, int padLeft,
                                  int outW, long n0, long n1, float *col) {
    const long tile = n1 - n0;
    for (int c = 0; c < channels; ++c) {
        const float *plane = im + (long)c * height * width;
        for (int ky = 0; ky < kh; ++ky) {
            const int dy = ky * dilationH - padTop;
            for (int kx = 0; kx < kw; ++kx) {
                const int dx = kx * dilationW - padLeft;
                float *dst = col + ((long)(c * kh + ky) * kw + kx) * tile;
                long p = n0;
                while (p < n1) {
                    const int oy = (int)(p / outW), ox0 = (int)(p % outW);
                    const int oxEnd = (n1 - p) < (outW - ox0) ? ox0 + (int)(n1 - p) : outW;
                    float *d = dst + (p - n0) - ox0;  // d[ox] is output column ox of this row
                    const int iy = oy * strideH + dy;
                    if (iy < 0 || iy >= height) {
                        memset(d + ox0, 0, sizeof(float) * (oxEnd - ox0));
                    } else {
                        const float *src = plane + (long)iy * width;
                        // Columns whose input lies inside the row: 0 <= ox·strideW + dx < width.
                        int lo = dx >= 0 ? 0 : (-dx + strideW - 1) / strideW;
                        int hi = width - dx <= 0 ? 0 : (width - dx + strideW - 1) / strideW;
                        if (lo < ox0) lo = ox0;
                        if (hi > oxEnd) hi = oxEnd;
                        if (lo > hi) lo = hi;
                        for (int ox = ox0; ox < lo; ++ox) d[ox] = 0;
                        if (strideW == 1) {
                            if (hi > lo) memcpy(d + lo, src + lo + dx, sizeof(float) * (hi - lo));
                        } else if (strideW == 2) {
                            for (int ox = lo; ox < hi; ++ox) d[ox] = src[ox * 2 + dx];
                        } else {
                            for (int ox = lo; ox < hi; ++ox) d[ox] = src[ox * strideW + dx];
                        }
                        for (int ox = hi < ox0 ? ox0 : hi; ox < oxEnd; ++ox) d[ox] = 0;
                    }
                    p += oxEnd - ox0;
                }
            }
        }
    }
}

__attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,fma")))
static void im2col_columns_avx512(const float *im, int channels, int height, int width, int kh, int kw,
                                  int strideH, int strideW, int dilationH, int dilationW, int padTop, int padLeft,
                                  int outW, long n0, long n1, float *col) {
    im2col_columns(im, channels, height, width, kh, kw, strideH, strideW, dilationH, dilationW, padTop, padLeft,
                   outW, n0, n1, col);
}

void sg_im2col_columns(const float *im, int channels, int height, int width, int kh, int kw,
                       int strideH, int strideW, int dilationH, int dilationW, int padTop, int padLeft,
                       int outW, long n0, long n1, float *col) {
    static int avx512 = -1;
    if (avx512 < 0) avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                             __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
    if (avx512)
        im2col_columns_avx512(im, channels, height, width, kh, kw, strideH, strideW, dilationH, dilationW, padTop,
                              padLeft, outW, n0, n1, col);
    else
        im2col_columns(im, channels, height, width, kh, kw, strideH, strideW, dilationH, dilationW, padTop, padLeft,
                       outW, n0, n1, col);
}

static void epilogue_rows(float *y, long ldy, long m0, long m1, long width, const float *bias, int activation) {
    for (long m = m0; m < m1; ++m) {
        float *row = y + m * ldy;
        if (bias) {
            const float b = bias[m];
            for (long i = 0; i < width; ++i) row[i] += b;
        }
        sg_activate(row, width, activation);
    }
}

void sg_conv_gemm_columns(const float *weights, int M, int K, const float *b, long ldb, float *y, long ldy,
                          long width, const float *bias, int activation) {
    if (width <= 0) return;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, (int)width, K, 1.f, weights, K, b, (int)ldb,
                0.f, y, (int)ldy);
    epilogue_rows(y, ldy, 0, M, width, bias, activation);
}
