// Two-tap separable resampling (Darknet's resize_image, OpenCV-style bilinear) fused with the
// letterbox embed and, for decoded bytes, the byte → float conversion and HWC → CHW reorder.
// Each output value is w0·h(i0) + w1·h(i1), h(row) = w0·src[i0] + w1·src[i1] per column, with the
// caller's tables; evaluated exactly as written (no reassociation, no FMA contraction), so the
// result is bit for bit what the Swift reference computes with the same tables.
#pragma float_control(precise, on, push)
#pragma clang fp contract(off)

#include "cimagecodecs.h"

// One horizontally resampled input row (all channels), and which input row it is.
typedef struct {
    float *values;  // [channels][cols]
    int row;
} resampled_row;

// Input row `y` resampled along x into out[k·stride + c] for columns [c0, c1) of every channel k.
static void resample_row(const cic_source *s, const cic_taps *cols, int c0, int c1, int y, float *out,
                         int stride, const float *table) {
    const int *i0 = cols->i0, *i1 = cols->i1;
    const float *w0 = cols->w0, *w1 = cols->w1;
    if (s->planar) {
        for (int k = 0; k < s->channels; ++k) {
            const float *src = s->planar + ((long)k * s->height + y) * s->width;
            float *o = out + (long)k * stride;
            for (int c = c0; c < c1; ++c) o[c] = w0[c] * src[i0[c]] + w1[c] * src[i1[c]];
        }
        return;
    }
    // Interleaved bytes: the two source pixels' channels sit together, so all channels go in one sweep.
    const int channels = s->channels;
    const unsigned char *row = s->rgb + (long)y * s->width * channels;
    if (channels == 3) {
        float *o0 = out, *o1 = out + stride, *o2 = out + 2L * stride;
        for (int c = c0; c < c1; ++c) {
            const unsigned char *a = row + 3L * i0[c], *b = row + 3L * i1[c];
            const float wa = w0[c], wb = w1[c];
            o0[c] = wa * table[a[0]] + wb * table[b[0]];
            o1[c] = wa * table[a[1]] + wb * table[b[1]];
            o2[c] = wa * table[a[2]] + wb * table[b[2]];
        }
        return;
    }
    for (int k = 0; k < channels; ++k) {
        float *o = out + (long)k * stride;
        for (int c = c0; c < c1; ++c) o[c] = w0[c] * table[row[(long)i0[c] * channels + k]] + w1[c] * table[row[(long)i1[c] * channels + k]];
    }
}

long cic_resample_scratch(const cic_source *s, const cic_taps *cols) {
    return 2L * s->channels * cols->count;
}

void cic_resample_embed(const cic_source *s, const cic_taps *cols, const cic_taps *rows, int offX, int offY,
                        int outW, int outH, float fill, float *out, int row0, int row1, float *scratch) {
    const int sw = cols->count, sh = rows->count;
    // The resampled columns [c0, c1) that land inside the output.
    const int c0 = offX < 0 ? -offX : 0, c1 = offX + sw > outW ? outW - offX : sw;
    const long plane = (long)outW * outH;
    resampled_row cache[2] = {{scratch, -1}, {scratch + (long)s->channels * sw, -1}};
    float table[256];
    for (int b = 0; b < 256; b++) table[b] = (float)(b / 255.);  // Darknet's byte / 255 in double

    for (int y = row0; y < row1; ++y) {
        const int r = y - offY;
        const int inside = r >= 0 && r < sh && c0 < c1;
        for (int k = 0; k < s->channels; ++k) {
            float *o = out + k * plane + (long)y * outW;
            const int a = inside ? offX + c0 : outW, b = inside ? offX + c1 : outW;
            for (int x = 0; x < a; ++x) o[x] = fill;
            for (int x = b; x < outW; ++x) o[x] = fill;
        }
        if (!inside) continue;
        // The two resampled input rows this output row blends, from the cache when already made.
        const float *taps[2];
        const int want[2] = {rows->i0[r], rows->i1[r]};
        int used = -1;
        for (int t = 0; t < 2; ++t) {
            int slot = cache[0].row == want[t] ? 0 : cache[1].row == want[t] ? 1 : -1;
            if (slot < 0) {
                slot = used == 0 ? 1 : used == 1 ? 0 : (cache[0].row == want[1 - t] ? 1 : 0);
                resample_row(s, cols, c0, c1, want[t], cache[slot].values, sw, table);
                cache[slot].row = want[t];
            }
            used = slot;
            taps[t] = cache[slot].values;
        }
        const float w0 = rows->w0[r], w1 = rows->w1[r];
        for (int k = 0; k < s->channels; ++k) {
            const float *top = taps[0] + (long)k * sw, *bottom = taps[1] + (long)k * sw;
            float *o = out + k * plane + (long)y * outW + offX;
            for (int c = c0; c < c1; ++c) o[c] = w0 * top[c] + w1 * bottom[c];
        }
    }
}

#pragma float_control(pop)
