#include "ckernels.h"
#include <string.h>

void sg_shortcut(float *out, int c2, int h2, int w2, const float *from, int c1, int h1, int w1,
                 float alpha, float beta) {
    int stride = w1 / w2, sample = w2 / w1;
    if (stride < 1) stride = 1;
    if (sample < 1) sample = 1;
    const int minw = w1 < w2 ? w1 : w2, minh = h1 < h2 ? h1 : h2, minc = c1 < c2 ? c1 : c2;
    for (int k = 0; k < minc; ++k)
        for (int j = 0; j < minh; ++j)
            for (int i = 0; i < minw; ++i) {
                const long o = i * sample + (long)w2 * (j * sample + (long)h2 * k);
                const long a = i * stride + (long)w1 * (j * stride + (long)h1 * k);
                out[o] = alpha * out[o] + beta * from[a];
            }
}

// One output row of a nearest upsample: each input cell `factor` times, times `multiplier`.
static inline __attribute__((always_inline)) void upsample_row(const float *restrict src, float *restrict dst, int w,
                                                               int factor, float multiplier) {
    if (factor == 2) {
        for (int i = 0; i < w; ++i) dst[2 * i] = dst[2 * i + 1] = multiplier * src[i];
        return;
    }
    for (int i = 0; i < w; ++i) {
        const float v = multiplier * src[i];
        for (int f = 0; f < factor; ++f) dst[i * factor + f] = v;
    }
}

// Each input row is widened once; the other factor − 1 output rows are copies of it.
#if defined(__x86_64__) && defined(__clang__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void sg_upsample(const float *x, float *y, long p0, long p1, int h, int w, int factor, float multiplier) {
    const long ow = (long)w * factor;
    for (long p = p0; p < p1; ++p) {
        const float *in = x + p * h * w;
        float *out = y + p * (long)h * w * factor * factor;
        for (int j = 0; j < h; ++j) {
            float *dst = out + (long)j * factor * ow;
            upsample_row(in + (long)j * w, dst, w, factor, multiplier);
            for (int f = 1; f < factor; ++f) memcpy(dst + f * ow, dst, sizeof(float) * (size_t)ow);
        }
    }
}

void sg_reorg(const float *x, float *y, int c, int h, int w, int stride, int reverse) {
    const int outC = c / (stride * stride);
    for (int k = 0; k < c; ++k) {
        const int c2 = k % outC, offset = k / outC;
        for (int j = 0; j < h; ++j) {
            const int h2 = j * stride + offset / stride;
            for (int i = 0; i < w; ++i) {
                const long inIndex = i + (long)w * (j + (long)h * k);
                const int w2 = i * stride + offset % stride;
                const long outIndex = w2 + (long)w * stride * (h2 + (long)h * stride * c2);
                if (reverse) y[outIndex] = x[inIndex];  // darknet forward=1
                else y[inIndex] = x[outIndex];          // darknet forward=0 (the normal layer)
            }
        }
    }
}
