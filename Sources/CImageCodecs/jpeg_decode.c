#include "codec_internal.h"
#include <stdlib.h>
#include <turbojpeg.h>

cic_status cic_jpeg_decode(const unsigned char *data, size_t size, long long max_pixels,
                           cic_image *out, char *message, int message_len) {
    out->rgb = NULL; out->width = 0; out->height = 0;
    if (size == 0) return cic_fail(CIC_ERR_EMPTY, message, message_len, "no data");

    tjhandle tj = tjInitDecompress();
    if (!tj) return cic_fail(CIC_ERR_INTERNAL, message, message_len, "cannot initialise libturbojpeg");

    int width = 0, height = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(tj, data, (unsigned long)size, &width, &height, &subsampling, &colorspace) != 0) {
        cic_status s = cic_fail(CIC_ERR_CORRUPT, message, message_len, "bad JPEG header: %s", tjGetErrorStr2(tj));
        tjDestroy(tj);
        return s;
    }
    if (width <= 0 || height <= 0) {
        tjDestroy(tj);
        return cic_fail(CIC_ERR_CORRUPT, message, message_len, "JPEG header gives no size (%dx%d): truncated?", width, height);
    }
    if ((long long)width * (long long)height > max_pixels) {
        tjDestroy(tj);
        out->width = width; out->height = height;
        return cic_fail(CIC_ERR_TOO_LARGE, message, message_len, "image is %dx%d, more than the limit of %lld pixels",
                        width, height, max_pixels);
    }
    if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK) {
        tjDestroy(tj);
        return cic_fail(CIC_ERR_UNSUPPORTED, message, message_len, "CMYK/YCCK JPEGs are not supported");
    }

    unsigned char *rgb = malloc((size_t)width * (size_t)height * 3);
    if (!rgb) {
        tjDestroy(tj);
        return cic_fail(CIC_ERR_MEMORY, message, message_len, "out of memory for %dx%d pixels", width, height);
    }
    // Default flags = accurate integer DCT and fancy upsampling, as libjpeg (and OpenCV's imread) use.
    // Warnings such as "premature end of JPEG file" stop decoding and count as corruption.
    if (tjDecompress2(tj, data, (unsigned long)size, rgb, width, 0, height, TJPF_RGB, TJFLAG_STOPONWARNING) != 0) {
        cic_status s = cic_fail(CIC_ERR_CORRUPT, message, message_len, "%s", tjGetErrorStr2(tj));
        free(rgb);
        tjDestroy(tj);
        return s;
    }
    tjDestroy(tj);
    out->rgb = rgb; out->width = width; out->height = height;
    return CIC_OK;
}
