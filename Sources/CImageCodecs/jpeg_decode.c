#include "codec_internal.h"
#include <turbojpeg.h>

cic_status cic_jpeg_info(const unsigned char *data, size_t size, long long max_pixels, int *width, int *height,
                         char *message, int message_len) {
    *width = 0; *height = 0;
    if (size == 0) return cic_fail(CIC_ERR_EMPTY, message, message_len, "no data");

    tjhandle tj = tjInitDecompress();
    if (!tj) return cic_fail(CIC_ERR_INTERNAL, message, message_len, "cannot initialise libturbojpeg");
    int w = 0, h = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(tj, data, (unsigned long)size, &w, &h, &subsampling, &colorspace) != 0) {
        cic_status s = cic_fail(CIC_ERR_CORRUPT, message, message_len, "bad JPEG header: %s", tjGetErrorStr2(tj));
        tjDestroy(tj);
        return s;
    }
    tjDestroy(tj);
    if (w <= 0 || h <= 0)
        return cic_fail(CIC_ERR_CORRUPT, message, message_len, "JPEG header gives no size (%dx%d): truncated?", w, h);
    *width = w; *height = h;
    if ((long long)w * (long long)h > max_pixels)
        return cic_fail(CIC_ERR_TOO_LARGE, message, message_len, "image is %dx%d, more than the limit of %lld pixels",
                        w, h, max_pixels);
    if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK)
        return cic_fail(CIC_ERR_UNSUPPORTED, message, message_len, "CMYK/YCCK JPEGs are not supported");
    return CIC_OK;
}

cic_status cic_jpeg_decode_into(const unsigned char *data, size_t size, int width, int height, unsigned char *rgb,
                                char *message, int message_len) {
    tjhandle tj = tjInitDecompress();
    if (!tj) return cic_fail(CIC_ERR_INTERNAL, message, message_len, "cannot initialise libturbojpeg");
    // Default flags = accurate integer DCT and fancy upsampling, as libjpeg (and OpenCV's imread) use.
    // Warnings such as "premature end of JPEG file" stop decoding and count as corruption.
    cic_status s = CIC_OK;
    if (tjDecompress2(tj, data, (unsigned long)size, rgb, width, 0, height, TJPF_RGB, TJFLAG_STOPONWARNING) != 0)
        s = cic_fail(CIC_ERR_CORRUPT, message, message_len, "%s", tjGetErrorStr2(tj));
    tjDestroy(tj);
    return s;
}
