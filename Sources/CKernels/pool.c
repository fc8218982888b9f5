#include "ckernels.h"
#include <float.h>

void sg_avgpool(const float *x, float *y, long p0, long p1, int h, int w, int outH, int outW,
                int kh, int kw, int strideH, int strideW, int padTop, int padLeft,
                int padBottom, int padRight, int countIncludePad) {
    for (long p = p0; p < p1; ++p) {
        const float *in = x + p * h * w;
        float *out = y + p * outH * outW;
        for (int oy = 0; oy < outH; ++oy) {
            const int y0 = oy * strideH - padTop;
            const int ya = y0 < 0 ? 0 : y0, yb = y0 + kh > h ? h : y0 + kh;
            // The window clipped to the padded image, for countIncludePad.
            const int pya = y0 < -padTop ? -padTop : y0, pyb = y0 + kh > h + padBottom ? h + padBottom : y0 + kh;
            for (int ox = 0; ox < outW; ++ox) {
                const int x0 = ox * strideW - padLeft;
                const int xa = x0 < 0 ? 0 : x0, xb = x0 + kw > w ? w : x0 + kw;
                const int pxa = x0 < -padLeft ? -padLeft : x0, pxb = x0 + kw > w + padRight ? w + padRight : x0 + kw;
                float s = 0;
                for (int iy = ya; iy < yb; ++iy)
                    for (int ix = xa; ix < xb; ++ix) s += in[iy * w + ix];
                const int count = countIncludePad ? (pyb - pya) * (pxb - pxa)
                                                  : (yb > ya && xb > xa ? (yb - ya) * (xb - xa) : 0);
                out[oy * outW + ox] = count > 0 ? s / (float)count : 0.f;
            }
        }
    }
}

void sg_global_avgpool(const float *x, float *y, long p0, long p1, long spatial) {
    for (long p = p0; p < p1; ++p) {
        const float *in = x + p * spatial;
        float s = 0;
        for (long i = 0; i < spatial; ++i) s += in[i];
        y[p] = s / (float)spatial;
    }
}
