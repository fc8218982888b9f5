#include "codec_internal.h"
#include <png.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    unsigned char *bytes;
    size_t size, capacity;
    char *message;
    int message_len;
} png_sink;

static void on_error(png_structp png, png_const_charp text) {
    png_sink *sink = png_get_error_ptr(png);
    cic_fail(CIC_ERR_INTERNAL, sink->message, sink->message_len, "%s", text);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp text) { (void)png; (void)text; }

static void write_bytes(png_structp png, png_bytep data, png_size_t count) {
    png_sink *sink = png_get_io_ptr(png);
    if (count > sink->capacity - sink->size) {
        size_t capacity = sink->capacity ? sink->capacity : 4096;
        while (capacity - sink->size < count) capacity *= 2;
        unsigned char *grown = realloc(sink->bytes, capacity);
        if (!grown) png_error(png, "out of memory while encoding PNG");
        sink->bytes = grown;
        sink->capacity = capacity;
    }
    memcpy(sink->bytes + sink->size, data, count);
    sink->size += count;
}

static void flush_bytes(png_structp png) { (void)png; }

cic_status cic_png_encode(const unsigned char *rgb, int width, int height,
                          unsigned char **out_bytes, size_t *out_size, char *message, int message_len) {
    *out_bytes = NULL; *out_size = 0;
    if (width <= 0 || height <= 0) return cic_fail(CIC_ERR_EMPTY, message, message_len, "image is %dx%d", width, height);

    // On the heap: the sink changes between setjmp and longjmp, and only memory reached through an
    // unchanged pointer is reliable after the jump.
    png_sink *sink = calloc(1, sizeof *sink);
    if (!sink) return cic_fail(CIC_ERR_MEMORY, message, message_len, "out of memory");
    sink->message = message;
    sink->message_len = message_len;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, sink, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        if (png) png_destroy_write_struct(&png, NULL);
        free(sink);
        return cic_fail(CIC_ERR_INTERNAL, message, message_len, "cannot initialise libpng");
    }
    if (setjmp(png_jmpbuf(png))) {
        free(sink->bytes);
        free(sink);
        png_destroy_write_struct(&png, &info);
        return CIC_ERR_INTERNAL;
    }
    png_set_write_fn(png, sink, write_bytes, flush_bytes);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < height; y++) png_write_row(png, (png_const_bytep)(rgb + (size_t)y * (size_t)width * 3));
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    *out_bytes = sink->bytes;
    *out_size = sink->size;
    free(sink);
    return CIC_OK;
}
