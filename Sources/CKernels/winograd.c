#include "ckernels.h"

// Winograd F(2×2, 3×3) (Lavin & Gray): 16 multiplications per 2×2 output tile instead of 36.
// The transforms are written out by hand; they compute Darknet's cross-correlation. The input and
// output transforms of tiles away from the border run as loops across a tile row that vectorise
// (built per ISA, picked at load time); border tiles take the scalar path with zero padding.

#define SG_WINOGRAD_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))

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

// A tile whose 4×4 input window may cross the border: read with zero padding.
static inline void load_window_padded(const float *plane, int H, int W, int y0, int x0, float d[4][4]) {
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) {
            const int yy = y0 + i, xx = x0 + j;
            d[i][j] = (yy >= 0 && yy < H && xx >= 0 && xx < W) ? plane[(long)yy * W + xx] : 0.f;
        }
}

// Bᵀ·d·B of one window into the 16 matrices at column `at`.
static inline void transform_window(float d[4][4], float *v, long stride, long at) {
    float t[4][4];  // Bᵀ·d
    for (int j = 0; j < 4; ++j) {
        t[0][j] = d[0][j] - d[2][j];
        t[1][j] = d[1][j] + d[2][j];
        t[2][j] = d[2][j] - d[1][j];
        t[3][j] = d[1][j] - d[3][j];
    }
    for (int i = 0; i < 4; ++i) {  // (Bᵀ·d)·B
        v[(i * 4 + 0) * stride + at] = t[i][0] - t[i][2];
        v[(i * 4 + 1) * stride + at] = t[i][1] + t[i][2];
        v[(i * 4 + 2) * stride + at] = t[i][2] - t[i][1];
        v[(i * 4 + 3) * stride + at] = t[i][1] - t[i][3];
    }
}

// The tiles tx0..<tx1 of one tile row whose windows lie inside the plane: rows r[i] = the window's
// row i, shifted so tile tx starts at r[i][2·tx]. One loop over tiles with every step elementwise
// across tiles, so it vectorises (stride-2 loads, contiguous stores per matrix).
SG_WINOGRAD_CLONES
static void input_interior(const float *restrict r0, const float *restrict r1, const float *restrict r2,
                           const float *restrict r3, int tx0, int tx1, float *restrict v, long stride, long at0) {
    for (int tx = tx0; tx < tx1; ++tx) {
        const int x = 2 * tx;
        float d[4][4];
        for (int j = 0; j < 4; ++j) {
            d[0][j] = r0[x + j];
            d[1][j] = r1[x + j];
            d[2][j] = r2[x + j];
            d[3][j] = r3[x + j];
        }
        transform_window(d, v, stride, at0 + tx);
    }
}

void sg_winograd23_input(const float *x, int c0, int c1, int C, int H, int W, int padTop, int padLeft,
                         int tilesH, int tilesW, int ty0, int ty1, long ldv, float *V) {
    if (ty0 < 0) ty0 = 0;
    if (ty1 > tilesH) ty1 = tilesH;
    const long stride = (long)C * ldv;  // between the 16 transformed matrices
    // Tiles whose window starts at x0 = 2·tx − padLeft ≥ 0 and ends at x0 + 4 ≤ W.
    int txA = (padLeft + 1) / 2, txB = W - 4 + padLeft >= 0 ? (W - 4 + padLeft) / 2 + 1 : 0;
    if (txB > tilesW) txB = tilesW;
    if (txA > txB) txA = txB;
    for (int c = c0; c < c1; ++c) {
        const float *plane = x + (long)c * H * W;
        float *v = V + (long)c * ldv;
        for (int ty = ty0; ty < ty1; ++ty) {
            const int y0 = 2 * ty - padTop;
            const long at0 = (long)(ty - ty0) * tilesW;
            const int inside = y0 >= 0 && y0 + 4 <= H;
            const int a = inside ? txA : tilesW, b = inside ? txB : tilesW;
            for (int tx = 0; tx < tilesW; ++tx) {
                if (tx == a && a < b) tx = b;  // the interior runs below
                if (tx == tilesW) break;
                float d[4][4];
                load_window_padded(plane, H, W, y0, 2 * tx - padLeft, d);
                transform_window(d, v, stride, at0 + tx);
            }
            if (a < b) {
                const float *r = plane + (long)y0 * W - padLeft;
                input_interior(r, r + W, r + 2 * W, r + 3 * W, a, b, v, stride, at0);
            }
        }
    }
}

// Aᵀ·m·A + b of the tile at column `at` of the 16 matrices: its 2×2 outputs z.
static inline void transform_tile(const float *m, long stride, long at, float b, float z[2][2]) {
    float t[2][4];  // Aᵀ·m
    for (int j = 0; j < 4; ++j) {
        t[0][j] = m[j * stride + at] + m[(4 + j) * stride + at] + m[(8 + j) * stride + at];
        t[1][j] = m[(4 + j) * stride + at] - m[(8 + j) * stride + at] - m[(12 + j) * stride + at];
    }
    for (int i = 0; i < 2; ++i) {  // (Aᵀ·m)·A
        z[i][0] = t[i][0] + t[i][1] + t[i][2] + b;
        z[i][1] = t[i][1] - t[i][2] - t[i][3] + b;
    }
}

// The tiles tx0..<tx1 of one tile row (each fully inside the output): output rows o0, o1 get the
// tile's two columns at 2·tx, 2·tx + 1. Elementwise across tiles, so it vectorises.
SG_WINOGRAD_CLONES
static void output_interior(const float *restrict m, long stride, long at0, int tx0, int tx1, float b,
                            float *restrict o0, float *restrict o1) {
    for (int tx = tx0; tx < tx1; ++tx) {
        float z[2][2];
        transform_tile(m, stride, at0 + tx, b, z);
        o0[2 * tx] = z[0][0];
        o0[2 * tx + 1] = z[0][1];
        o1[2 * tx] = z[1][0];
        o1[2 * tx + 1] = z[1][1];
    }
}

void sg_winograd23_output(const float *M, int o0, int o1, int O, int outH, int outW, int tilesH, int tilesW,
                          int ty0, int ty1, long ldm, const float *bias, int activation, float *y) {
    if (ty0 < 0) ty0 = 0;
    if (ty1 > tilesH) ty1 = tilesH;
    const long stride = (long)O * ldm;
    const int row0 = 2 * ty0, row1 = 2 * ty1 < outH ? 2 * ty1 : outH;  // the output rows of these tiles
    if (row1 <= row0) return;
    const int fullW = outW / 2;  // tiles with both output columns inside
    for (int o = o0; o < o1; ++o) {
        const float *m = M + (long)o * ldm;
        float *out = y + (long)o * outH * outW;
        const float b = bias ? bias[o] : 0.f;
        for (int ty = ty0; ty < ty1; ++ty) {
            const long at0 = (long)(ty - ty0) * tilesW;
            const int oy = 2 * ty;
            if (oy + 1 < outH) {
                output_interior(m, stride, at0, 0, fullW, b, out + (long)oy * outW, out + (long)(oy + 1) * outW);
            }
            const int txFrom = oy + 1 < outH ? fullW : 0;  // the rest: a last odd column or row
            for (int tx = txFrom; tx < tilesW; ++tx) {
                float z[2][2];
                transform_tile(m, stride, at0 + tx, b, z);
                const int ox = 2 * tx;
                for (int i = 0; i < 2 && oy + i < outH; ++i) {
                    float *row = out + (long)(oy + i) * outW + ox;
                    row[0] = z[i][0];
                    if (ox + 1 < outW) row[1] = z[i][1];
                }
            }
        }
        if (activation != SG_ACT_LINEAR) sg_activate(out + (long)row0 * outW, (long)(row1 - row0) * outW, activation);
    }
}
