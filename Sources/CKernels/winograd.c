#include "ckernels.h"

// Winograd F(2×2, 3×3) (Lavin & Gray): 16 multiplications per 2×2 output tile instead of 36.
// The transforms are written out by hand; they compute Darknet's cross-correlation.

// G·g·Gᵀ of one 3×3 kernel: its 16 transformed values u[e].
static void transform_kernel(const float *k, float u[16]) {
    float t[4][3];  // G·g
    for (int j = 0; j < 3; ++j) {
        t[0][j] = k[j];
        t[1][j] = 0.5f * (k[j] + k[3 + j] + k[6 + j]);
        t[2][j] = 0.5f * (k[j] - k[3 + j] + k[6 + j]);
        t[3][j] = k[6 + j];
    }
    for (int i = 0; i < 4; ++i) {  // (G·g)·Gᵀ
        u[i * 4 + 0] = t[i][0];
        u[i * 4 + 1] = 0.5f * (t[i][0] + t[i][1] + t[i][2]);
        u[i * 4 + 2] = 0.5f * (t[i][0] - t[i][1] + t[i][2]);
        u[i * 4 + 3] = t[i][2];
    }
}

void sg_winograd23_weights(const float *g, int O, int C, float *U) {
    const long plane = (long)O * C;
    for (long oc = 0; oc < plane; ++oc) {
        float u[16];
        transform_kernel(g + oc * 9, u);
        for (int e = 0; e < 16; ++e) U[e * plane + oc] = u[e];
    }
}

void sg_winograd23_weights_packed(const float *g, int O, int C, float *packed) {
    const long stride = sg_gemm_packed_count(O, C);  // one packed O × C matrix per e
    for (int o = 0; o < O; ++o) {
        float *panel = packed + (long)(o / SG_GEMM_MR) * C * SG_GEMM_MR + o % SG_GEMM_MR;
        for (int c = 0; c < C; ++c) {
            float u[16];
            transform_kernel(g + ((long)o * C + c) * 9, u);
            for (int e = 0; e < 16; ++e) panel[e * stride + (long)c * SG_GEMM_MR] = u[e];
        }
    }
}

void sg_winograd23_input(const float *x, int c0, int c1, int C, int H, int W, int padTop, int padLeft,
                         int tilesH, int tilesW, int ty0, int ty1, long ldv, float *V) {
    if (ty0 < 0) ty0 = 0;
    if (ty1 > tilesH) ty1 = tilesH;
    const long stride = (long)C * ldv;  // between the 16 transformed matrices
    for (int c = c0; c < c1; ++c) {
        const float *plane = x + (long)c * H * W;
        float *v = V + (long)c * ldv;
        for (int ty = ty0; ty < ty1; ++ty) {
            const int y0 = 2 * ty - padTop;
            for (int tx = 0; tx < tilesW; ++tx) {
                const int x0 = 2 * tx - padLeft;
                float d[4][4];
                if (y0 >= 0 && x0 >= 0 && y0 + 4 <= H && x0 + 4 <= W) {
                    for (int i = 0; i < 4; ++i)
                        for (int j = 0; j < 4; ++j) d[i][j] = plane[(long)(y0 + i) * W + x0 + j];
                } else {
                    for (int i = 0; i < 4; ++i)
                        for (int j = 0; j < 4; ++j) {
                            const int yy = y0 + i, xx = x0 + j;
                            d[i][j] = (yy >= 0 && yy < H && xx >= 0 && xx < W) ? plane[(long)yy * W + xx] : 0.f;
                        }
                }
                float t[4][4];  // Bᵀ·d
                for (int j = 0; j < 4; ++j) {
                    t[0][j] = d[0][j] - d[2][j];
                    t[1][j] = d[1][j] + d[2][j];
                    t[2][j] = d[2][j] - d[1][j];
                    t[3][j] = d[1][j] - d[3][j];
                }
                const long at = (long)(ty - ty0) * tilesW + tx;
                for (int i = 0; i < 4; ++i) {  // (Bᵀ·d)·B
                    v[(i * 4 + 0) * stride + at] = t[i][0] - t[i][2];
                    v[(i * 4 + 1) * stride + at] = t[i][1] + t[i][2];
                    v[(i * 4 + 2) * stride + at] = t[i][2] - t[i][1];
                    v[(i * 4 + 3) * stride + at] = t[i][1] - t[i][3];
                }
            }
        }
    }
}

void sg_winograd23_output(const float *M, int o0, int o1, int O, int outH, int outW, int tilesH, int tilesW,
                          int ty0, int ty1, long ldm, const float *bias, int activation, float *y) {
    if (ty0 < 0) ty0 = 0;
    if (ty1 > tilesH) ty1 = tilesH;
    const long stride = (long)O * ldm;
    const int row0 = 2 * ty0, row1 = 2 * ty1 < outH ? 2 * ty1 : outH;  // the output rows of these tiles
    if (row1 <= row0) return;
    for (int o = o0; o < o1; ++o) {
        const float *m = M + (long)o * ldm;
        float *out = y + (long)o * outH * outW;
        const float b = bias ? bias[o] : 0.f;
        for (int ty = ty0; ty < ty1; ++ty) {
            for (int tx = 0; tx < tilesW; ++tx) {
                const long at = (long)(ty - ty0) * tilesW + tx;
                float s[4][4];
                for (int e = 0; e < 16; ++e) s[e / 4][e % 4] = m[e * stride + at];
                float t[2][4];  // Aᵀ·m
                for (int j = 0; j < 4; ++j) {
                    t[0][j] = s[0][j] + s[1][j] + s[2][j];
                    t[1][j] = s[1][j] - s[2][j] - s[3][j];
                }
                const int oy = 2 * ty, ox = 2 * tx;
                for (int i = 0; i < 2 && oy + i < outH; ++i) {  // (Aᵀ·m)·A
                    float *row = out + (long)(oy + i) * outW + ox;
                    row[0] = t[i][0] + t[i][1] + t[i][2] + b;
                    if (ox + 1 < outW) row[1] = t[i][1] - t[i][2] - t[i][3] + b;
                }
            }
        }
        if (activation != SG_ACT_LINEAR) sg_activate(out + (long)row0 * outW, (long)(row1 - row0) * outW, activation);
    }
}
