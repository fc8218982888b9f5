#include "codec_internal.h"
#include <png.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const unsigned char *data;
    size_t size, position;
    char *message;
    int message_len;
} png_source;

// libpng reports errors through these callbacks; on_error must not return, so it jumps back to
// the setjmp in cic_png_decode, which frees everything.
static void on_error(png_structp png, png_const_charp text) {
    png_source *src = png_get_error_ptr(png);
    cic_fail(CIC_ERR_CORRUPT, src->message, src->message_len, "%s", text);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp text) { (void)png; (void)text; }

static void read_bytes(png_structp png, png_bytep dest, png_size_t count) {
    png_source *src = png_get_io_ptr(png);
    if (count > src->size - src->position) png_error(png, "truncated PNG data");
    memcpy(dest, src->data + src->position, count);
    src->position += count;
}

static unsigned read_be32(const unsigned char *p) {
    return ((unsigned)p[0] << 24) | ((unsigned)p[1] << 16) | ((unsigned)p[2] << 8) | (unsigned)p[3];
}

cic_status cic_png_decode(const unsigned char *data, size_t size, long long max_pixels,
                          cic_image *out, char *message, int message_len) {
    out->rgb = NULL; out->width = 0; out->height = 0;
    if (size == 0) return cic_fail(CIC_ERR_EMPTY, message, message_len, "no data");
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) return cic_fail(CIC_ERR_CORRUPT, message, message_len, "no PNG signature");
    // Size check straight from IHDR (bytes 16..23), so even a file cut after its header is judged by size.
    if (size >= 24 && memcmp(data + 12, "IHDR", 4) == 0) {
        long long w = read_be32(data + 16), h = read_be32(data + 20);
        if (w * h > max_pixels) {
            out->width = (int)(w > 0x7fffffff ? 0x7fffffff : w);
            out->height = (int)(h > 0x7fffffff ? 0x7fffffff : h);
            return cic_fail(CIC_ERR_TOO_LARGE, message, message_len,
                            "image is %lldx%lld, more than the limit of %lld pixels", w, h, max_pixels);
        }
    }

    png_source src = {data, size, 0, message, message_len};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src, on_error, on_warning);
    if (!png) return cic_fail(CIC_ERR_INTERNAL, message, message_len, "cannot initialise libpng");
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        return cic_fail(CIC_ERR_INTERNAL, message, message_len, "cannot initialise libpng");
    }

    // Written after setjmp and read after longjmp: must be volatile.
    unsigned char *volatile rgb = NULL;
    png_bytep *volatile rows = NULL;
    volatile cic_status failure = CIC_ERR_CORRUPT;
    if (setjmp(png_jmpbuf(png))) {
        free(rows);
        free(rgb);
        png_destroy_read_struct(&png, &info, NULL);
        return failure;
    }

    png_set_read_fn(png, &src, read_bytes);
    png_read_info(png, info);
    png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    if (width == 0 || height == 0) {
        failure = cic_fail(CIC_ERR_EMPTY, message, message_len, "image is %ux%u", (unsigned)width, (unsigned)height);
        png_longjmp(png, 1);
    }
    if ((long long)width * (long long)height > max_pixels) {
        out->width = (int)width; out->height = (int)height;
        failure = cic_fail(CIC_ERR_TOO_LARGE, message, message_len, "image is %ux%u, more than the limit of %lld pixels",
                           (unsigned)width, (unsigned)height, max_pixels);
        png_longjmp(png, 1);
    }

    // Normalise every colour type and depth to 8-bit RGB (alpha is dropped, as imread(IMREAD_COLOR) does).
    int color_type = png_get_color_type(png, info), bit_depth = png_get_bit_depth(png, info);
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (bit_depth == 16) png_set_strip_16(png);
    if (color_type & PNG_COLOR_MASK_ALPHA) png_set_strip_alpha(png);
    if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    if (row_bytes != (size_t)width * 3) {
        failure = cic_fail(CIC_ERR_UNSUPPORTED, message, message_len, "cannot convert this PNG to RGB (%zu bytes per row)", row_bytes);
        png_longjmp(png, 1);
    }

    rgb = malloc(row_bytes * height);
    rows = malloc(sizeof(png_bytep) * height);
    if (!rgb || !rows) {
        failure = cic_fail(CIC_ERR_MEMORY, message, message_len, "out of memory for %ux%u pixels", (unsigned)width, (unsigned)height);
        png_longjmp(png, 1);
    }
    for (png_uint_32 y = 0; y < height; y++) rows[y] = rgb + y * row_bytes;
    png_read_image(png, rows);  // trailing chunks after the image data are not needed

    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    out->rgb = rgb; out->width = (int)width; out->height = (int)height;
    return CIC_OK;
}
