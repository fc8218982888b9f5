#include "cimagecodecs.h"

void cic_rgb8_to_chw(const unsigned char *rgb, int width, int height, float *chw) {
    const size_t plane = (size_t)width * (size_t)height;
    // A table keeps the exact Darknet value: float(byte / 255.0) with the division in double.
    float table[256];
    for (int b = 0; b < 256; b++) table[b] = (float)(b / 255.);
    for (size_t i = 0; i < plane; i++) {
        chw[i] = table[rgb[3 * i]];
        chw[plane + i] = table[rgb[3 * i + 1]];
        chw[2 * plane + i] = table[rgb[3 * i + 2]];
    }
}

static unsigned char to_byte(float v) {
    if (!(v > 0)) return 0;  // also maps NaN to 0
    if (v >= 1) return 255;
    return (unsigned char)(v * 255.f + 0.5f);
}

void cic_chw_to_rgb8(const float *chw, int width, int height, unsigned char *rgb) {
    const size_t plane = (size_t)width * (size_t)height;
    for (size_t i = 0; i < plane; i++) {
        rgb[3 * i] = to_byte(chw[i]);
        rgb[3 * i + 1] = to_byte(chw[plane + i]);
        rgb[3 * i + 2] = to_byte(chw[2 * plane + i]);
    }
}
