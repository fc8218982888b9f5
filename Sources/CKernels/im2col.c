#include "ckernels.h"
#include <string.h>

void sg_im2col(const float *im, int height, int width, int kh, int kw, int strideH, int strideW,
               int dilationH, int dilationW, int padTop, int padLeft, int outH, int outW,
               int c0, int c1, float *col) {
    const long outPlane = (long)outH * outW;
    for (int c = c0; c < c1; ++c) {
        const float *plane = im + (long)c * height * width;
        for (int ky = 0; ky < kh; ++ky) {
            for (int kx = 0; kx < kw; ++kx) {
                float *dst = col + ((long)(c * kh + ky) * kw + kx) * outPlane;
                const int dx = kx * dilationW - padLeft;
                // Output columns whose input column lies inside the image: 0 <= ox*strideW + dx < width.
                int oxBegin = dx >= 0 ? 0 : (-dx + strideW - 1) / strideW;
                int oxEnd = width - dx <= 0 ? 0 : (width - dx + strideW - 1) / strideW;
                if (oxEnd > outW) oxEnd = outW;
                if (oxBegin > oxEnd) oxBegin = oxEnd;
                for (int oy = 0; oy < outH; ++oy) {
                    float *row = dst + (long)oy * outW;
                    const int iy = oy * strideH + ky * dilationH - padTop;
                    if (iy < 0 || iy >= height) { memset(row, 0, sizeof(float) * outW); continue; }
                    const float *src = plane + (long)iy * width;
                    for (int ox = 0; ox < oxBegin; ++ox) row[ox] = 0;
                    if (strideW == 1) {
                        if (oxEnd > oxBegin) memcpy(row + oxBegin, src + oxBegin + dx, sizeof(float) * (oxEnd - oxBegin));
                    } else {
                        for (int ox = oxBegin; ox < oxEnd; ++ox) row[ox] = src[ox * strideW + dx];
                    }
                    for (int ox = oxEnd; ox < outW; ++ox) row[ox] = 0;
                }
            }
        }
    }
}
