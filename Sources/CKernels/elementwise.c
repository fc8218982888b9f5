#include "ckernels.h"

void sg_bias_activate(float *y, const float *bias, long c0, long c1, long spatial, int activation) {
    for (long c = c0; c < c1; ++c) {
        float *p = y + c * spatial;
        if (bias) {
            const float b = bias[c];
            for (long i = 0; i < spatial; ++i) p[i] += b;
        }
        sg_activate(p, spatial, activation);
    }
}

void sg_scale_shift_activate(const float *x, float *y, const float *scale, const float *shift,
                             long c0, long c1, long spatial, int activation) {
    for (long c = c0; c < c1; ++c) {
        const float *src = x + c * spatial;
        float *dst = y + c * spatial;
        const float a = scale[c], b = shift[c];
        for (long i = 0; i < spatial; ++i) dst[i] = src[i] * a + b;
        sg_activate(dst, spatial, activation);
    }
}

void sg_add(const float *a, const float *b, float *y, long n) {
    for (long i = 0; i < n; ++i) y[i] = a[i] + b[i];
}
