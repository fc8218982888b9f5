// Thin C wrappers over libturbojpeg and libpng: decode JPEG/PNG to 8-bit RGB, encode RGB8 as PNG.
// Every function reports failure through a status code and a message; none aborts the process, and
// each frees everything it allocated on every path. Buffers handed out are released with cic_free.
#ifndef SPYGLASS_CIMAGECODECS_H
#define SPYGLASS_CIMAGECODECS_H

#include <stddef.h>

typedef enum {
    CIC_OK = 0,
    CIC_ERR_CORRUPT = 1,    // truncated or malformed data
    CIC_ERR_TOO_LARGE = 2,  // width*height exceeds the caller's limit (checked before allocating)
    CIC_ERR_EMPTY = 3,      // no bytes, or a zero-sized image
    CIC_ERR_MEMORY = 4,     // allocation failed
    CIC_ERR_INTERNAL = 5,   // a library could not be initialised
    CIC_ERR_UNSUPPORTED = 6 // valid data this decoder cannot turn into RGB (e.g. CMYK JPEG)
} cic_status;

/// A decoded image: width*height*3 bytes, interleaved RGB, rows top to bottom.
typedef struct {
    unsigned char *rgb;
    int width;
    int height;
} cic_image;

/// On CIC_ERR_TOO_LARGE the PNG decoder still fills out->width and out->height (from the header).

/// A JPEG's size from its header (filled also on CIC_ERR_TOO_LARGE), and whether it can be decoded:
/// no more than max_pixels pixels, a colour space that converts to RGB. Decoding is a second call, so
/// the caller allocates the pixels where it wants them (a Swift array: no copy).
cic_status cic_jpeg_info(const unsigned char *data, size_t size, long long max_pixels, int *width, int *height,
                         char *message, int message_len);
/// Decodes into rgb (width*height*3 bytes, the size cic_jpeg_info gave). Libjpeg warnings (e.g.
/// premature end of data) are treated as errors.
cic_status cic_jpeg_decode_into(const unsigned char *data, size_t size, int width, int height, unsigned char *rgb,
                                char *message, int message_len);

/// Decodes a PNG of any colour type / bit depth to RGB8 (palette and gray expanded, 16-bit
/// reduced, alpha dropped). Refuses images with more than max_pixels pixels before allocating.
cic_status cic_png_decode(const unsigned char *data, size_t size, long long max_pixels,
                          cic_image *out, char *message, int message_len);

/// Encodes width*height RGB8 pixels as a PNG in memory; *out_bytes is released with cic_free.
cic_status cic_png_encode(const unsigned char *rgb, int width, int height,
                          unsigned char **out_bytes, size_t *out_size, char *message, int message_len);

/// Planar float [0,1] ↔ interleaved bytes. To float: byte/255 computed in double, as Darknet does.
void cic_rgb8_to_chw(const unsigned char *rgb, int width, int height, float *chw);
/// To bytes: clamp to [0,1], then round(v*255).
void cic_chw_to_rgb8(const float *chw, int width, int height, unsigned char *rgb);

/// An image to resample: interleaved bytes (`rgb`, values byte/255 as Darknet's load_image_color)
/// or planar floats (`planar`, [channels][height][width]); exactly one is non-NULL.
typedef struct {
    const unsigned char *rgb;
    const float *planar;
    int width, height, channels;
} cic_source;

/// One axis of a two-tap resampling: output index o = w0[o]·in[i0[o]] + w1[o]·in[i1[o]].
typedef struct {
    const int *i0, *i1;
    const float *w0, *w1;
    int count;
} cic_taps;

/// Resamples `s` to cols.count × rows.count (columns first, then rows, each evaluated as written) and
/// embeds it at (offX, offY) in a planar outW × outH float image whose other cells are `fill`,
/// writing output rows [row0, row1) of every channel (so callers may split rows across threads).
/// `scratch` holds cic_resample_scratch(s, cols) floats (one per concurrent call).
void cic_resample_embed(const cic_source *s, const cic_taps *cols, const cic_taps *rows, int offX, int offY,
                        int outW, int outH, float fill, float *out, int row0, int row1, float *scratch);
long cic_resample_scratch(const cic_source *s, const cic_taps *cols);

void cic_free(void *p);

#endif
