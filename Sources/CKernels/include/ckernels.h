#ifndef SPYGLASS_CKERNELS_H
#define SPYGLASS_CKERNELS_H
// Hot loops of the Spyglass runtime. Every function works on one contiguous range that the
// Swift side chooses, so the caller can split work across threads without the C code knowing.
// Layouts are row-major NCHW; "plane" means one H×W slice of one channel of one batch item.

#include <stddef.h>

// Activation codes; SpyglassRuntime maps `Activation` onto these.
typedef enum {
    SG_ACT_LINEAR = 0, SG_ACT_LOGISTIC, SG_ACT_LOGGY, SG_ACT_RELU, SG_ACT_ELU, SG_ACT_SELU,
    SG_ACT_RELIE, SG_ACT_RAMP, SG_ACT_LEAKY, SG_ACT_TANH, SG_ACT_PLSE, SG_ACT_STAIR,
    SG_ACT_HARDTAN, SG_ACT_LHTAN, SG_ACT_MISH, SG_ACT_SWISH
} sg_activation;

// e^t ≈ 1 + t + C2·t² + C3·t³ + C4·t⁴ + C5·t⁵ on [−ln2/2, ln2/2] (minimax for relative error,
// 1.0e-7; 1.9e-7 for e^x after range reduction in float): shared by every in-register exp.
#define SG_EXP_C2 4.999923110e-01f
#define SG_EXP_C3 1.666711420e-01f
#define SG_EXP_C4 4.189011455e-02f
#define SG_EXP_C5 8.312525228e-03f

// --- element-wise (activations.c, elementwise.c) ---
void sg_activate(float *x, long n, int activation);
// y[c][i] = act(y[c][i] + bias[c]) for channels [c0, c1) of a [channels][spatial] block; bias may be NULL.
void sg_bias_activate(float *y, const float *bias, long c0, long c1, long spatial, int activation);
// y[c][i] = act(x[c][i] * scale[c] + shift[c]) for channels [c0, c1).
void sg_scale_shift_activate(const float *x, float *y, const float *scale, const float *shift,
                             long c0, long c1, long spatial, int activation);
void sg_add(const float *a, const float *b, float *y, long n);
void sg_logistic(float *x, long n);
// y = logistic(x), the same values sg_logistic gives in place.
void sg_logistic_to(const float *x, float *y, long n);

// --- convolution helpers (im2col.c) ---
// Writes the im2col rows of input channels [c0, c1) into `col` ([C·kh·kw][outH·outW]); zero outside the image.
void sg_im2col(const float *im, int height, int width, int kh, int kw, int strideH, int strideW,
               int dilationH, int dilationW, int padTop, int padLeft, int outH, int outW,
               int c0, int c1, float *col);

// --- tiled convolution (conv_tiles.c): one tile of output columns or rows per call, so each
// thread works on cache-sized pieces and bias + activation run while the tile is still hot ---
// im2col of output positions [n0, n1) for all `channels`, packed as [C·kh·kw][n1 − n0].
void sg_im2col_columns(const float *im, int channels, int height, int width, int kh, int kw,
                       int strideH, int strideW, int dilationH, int dilationW, int padTop, int padLeft,
                       int outW, long n0, long n1, float *col);
// y[M × width] (row stride ldy) = act(weights[M×K] · b[K × width] (row stride ldb) + bias); bias may be NULL.
void sg_conv_gemm_columns(const float *weights, int M, int K, const float *b, long ldb, float *y, long ldy,
                          long width, const float *bias, int activation);

// --- packed GEMM for convolutions (packed_gemm.c, packed_gemm_x86.c) ---
// A is packed once into SG_GEMM_MR-row panels, [ceil(M/MR)][K][MR], zero-padded; the layout is the
// same on every machine. The micro-kernel is chosen at run time from the CPU.
#define SG_GEMM_MR 8
enum { SG_GEMM_PORTABLE = 0, SG_GEMM_AVX2 = 1, SG_GEMM_AVX512 = 2 };
// Floats of the packed form of an M×K matrix.
long sg_gemm_packed_count(int M, int K);
// Row-major a[M][K] → packed (sg_gemm_packed_count(M, K) floats).
void sg_gemm_pack_a(const float *a, int M, int K, float *packed);
// Memory a caller will read next, to be pulled into L2 while a GEMM computes: `blocks` runs of
// `bytes` bytes each, `stride` bytes apart from `base`.
typedef struct { const char *base; long blocks, stride, bytes; } sg_prefetch_region;
// Rows of panels [p0, p1) of c[M × n] (row stride ldc; c is row 0) = act(A·b + bias), b[K × n]
// with row stride ldb; bias ([M]) may be NULL. While a column block of b computes, the next one is
// prefetched; while the last does, `after` (the caller's next B, or NULL).
void sg_gemm_packed(const float *packed, int M, int K, int p0, int p1, const float *b, long ldb,
                    float *c, long ldc, long n, const float *bias, int activation, const sg_prefetch_region *after);
// The micro-kernel in use (SG_GEMM_*), whether this CPU can run `variant`, and a test hook forcing
// one (−1: back to the best); returns 0 if the CPU cannot run it. Not to be called during a run.
int sg_gemm_variant(void);
int sg_gemm_variant_supported(int variant);
int sg_gemm_force_variant(int variant);

// GEMM with an indirect B: rows `rows` × columns `width` of output, where output row r's B row p is
// b + r·bRowStep + offsets[p] (contiguous for `width` floats) and its C block starts at
// c + r·cRowStep (row stride ldc between output channels). Panels [p0, p1) of packed A. `ahead`
// (or NULL) is prefetched a few lines per micro-kernel call, spread over the whole product.
void sg_gemm_packed_indirect(const float *packed, int M, int K, int p0, int p1, const float *b, const int *offsets,
                             long bRowStep, int rows, long width, float *c, long ldc, long cRowStep,
                             const float *bias, int activation, const sg_prefetch_region *ahead);
// Whether the micro-kernel in use has an indirect form (the portable one stands in otherwise).
int sg_gemm_has_indirect(void);
// Columns per indirect micro-kernel call (the strip width output rows are cut into).
int sg_gemm_indirect_columns(void);

// --- row-band convolution (conv_band.c): a k×k convolution without im2col ---
typedef struct {
    int channels, height, width, outChannels, outH, outW;
    int kernelH, kernelW, strideH, strideW, dilationH, dilationW, padTop, padLeft;
    // Set by sg_conv_band_plan: output rows per band, rows per phase plane of the band's copy,
    // floats per phase row, and whether a band's rows are joined into one run of columns.
    int outRows, bandRows, phaseWidth, joinRows;
} sg_conv_band;
// Chooses the band height (as many output rows as keep the copy within maxFloats, and at least two
// bands per thread where the output has the rows, or fewer where that wastes less of the micro-kernel's
// nr-column strips or shares the batch × bands jobs more evenly among `threads`) and whether rows are
// joined (when outW does not cut well into strips).
void sg_conv_band_plan(sg_conv_band *g, long maxFloats, int threads, int batch, int nr);
// Scratch floats one band takes (its copy, plus its output when rows are joined).
long sg_conv_band_floats(const sg_conv_band *g);
// The offset table: C·kh·kw ints.
void sg_conv_band_offsets(const sg_conv_band *g, int *offsets);
// Band `band` (output rows [band·outRows, …)) of one batch item: y[outChannels][outH][outW] = act(conv + bias).
void sg_conv_band_run(const sg_conv_band *g, const float *x, int band, const float *packed, const int *offsets,
                      float *scratch, float *y, const float *bias, int activation);

// --- direct convolution for small maps, vectorised over output channels (conv_direct.c) ---
// Packed weights: [⌈O/16⌉][C][kh·kw][16], output channels past O zero.
long sg_conv_direct_packed_count(int O, int C, int kh, int kw);
void sg_conv_direct_pack(const float *w, int O, int C, int kh, int kw, float *packed);
// Channels [c0, c1) of x [C][H][W] into the zero-padded copy xp [C][Hp][Wp] (input row iy at padded
// row iy + padTop, column ix at ix + padLeft; padLeft, padTop ≥ 0).
void sg_conv_direct_pad(const float *x, int c0, int c1, int H, int W, int padTop, int padLeft, int Hp, int Wp, float *xp);
// Whether this CPU runs sg_conv_direct_run (AVX-512F).
int sg_conv_direct_supported(void);
// Stride 1 or 2 (both ways), no dilation: output channel blocks [b0, b1) (16 channels each) of
// y [O][outH][outW] = act(conv(xp) + bias), xp padded so Hp = (outH − 1)·stride + kh and
// Wp = (outW − 1)·stride + kw; bias may be NULL.
void sg_conv_direct_run(const float *xp, int C, int Hp, int Wp, int kh, int kw, int stride, const float *packed, int b0,
                        int b1, int O, int outH, int outW, const float *bias, int activation, float *y);

// --- Winograd F(2×2, 3×3) for 3×3 stride-1 convolutions (winograd.c) ---
// g [O][C][3][3] → U [16][O][C] (done once at plan time).
void sg_winograd23_weights(const float *g, int O, int C, float *U);
// The same U, written straight into the packed GEMM's panels: 16 × sg_gemm_packed_count(O, C) floats,
// zeroed beforehand (the padding rows are not written). Saves a transient copy of U at plan time.
void sg_winograd23_weights_packed(const float *g, int O, int C, float *packed);
// Channels [c0, c1), tile rows [ty0, ty1) of x [C][H][W] → V [16][C][ldv]: tile (ty, tx) in column
// (ty − ty0)·tilesW + tx (ldv = tilesH·tilesW for every tile). The input is read as padded by padTop/padLeft.
void sg_winograd23_input(const float *x, int c0, int c1, int C, int H, int W, int padTop, int padLeft,
                         int tilesH, int tilesW, int ty0, int ty1, long ldv, float *V);
// (The 16 products M[e] = U[e] · V[e] in between are ConvGEMM's, in WinogradConvolution.swift.)
// Output channels [o0, o1) of tile rows [ty0, ty1), from M [16][O][ldm] laid out as V:
// y = act(Aᵀ·M·A + bias), clipped to outH × outW.
void sg_winograd23_output(const float *M, int o0, int o1, int O, int outH, int outW, int tilesH, int tilesW,
                          int ty0, int ty1, long ldm, const float *bias, int activation, float *y);

// --- pooling (maxpool.c, pool.c); planes [p0, p1) of an input with h×w planes ---
// Max pool with Darknet's rule (cells outside the image never win; an empty window gives -FLT_MAX).
void sg_maxpool(const float *x, float *y, long p0, long p1, int h, int w, int outH, int outW,
                int kh, int kw, int strideH, int strideW, int padTop, int padLeft);
// The plain loop sg_maxpool must match bit for bit (tests compare them).
void sg_maxpool_reference(const float *x, float *y, long p0, long p1, int h, int w, int outH, int outW,
                          int kh, int kw, int strideH, int strideW, int padTop, int padLeft);
void sg_avgpool(const float *x, float *y, long p0, long p1, int h, int w, int outH, int outW,
                int kh, int kw, int strideH, int strideW, int padTop, int padLeft,
                int padBottom, int padRight, int countIncludePad);
void sg_global_avgpool(const float *x, float *y, long p0, long p1, long spatial);

// --- Darknet layers (darknet_ops.c) ---
// Darknet shortcut_cpu on one batch item: out (already a copy of x, c2×h2×w2) += from (c1×h1×w1).
void sg_shortcut(float *out, int c2, int h2, int w2, const float *from, int c1, int h1, int w1,
                 float alpha, float beta);
// Nearest-neighbour upsample of planes [p0, p1), times multiplier.
void sg_upsample(const float *x, float *y, long p0, long p1, int h, int w, int factor, float multiplier);
// Darknet reorg_cpu over input dims (w, h, c) of one batch item; reverse selects forward=1.
void sg_reorg(const float *x, float *y, int c, int h, int w, int stride, int reverse);

// --- softmax (softmax.c) ---
// Darknet softmax(): n values at x[i*stride], max-subtracted, with temperature.
void sg_softmax(const float *x, float *y, long n, float temperature, long stride);

// --- BLAS (blas.c): thin wrappers so Swift needs only this module ---
// Row-major C[M×N] = alpha·op(A)·op(B) + beta·C; transA/transB non-zero for transposed.
void sg_sgemm(int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda,
              const float *B, int ldb, float beta, float *C, int ldc);
// Row-major y = alpha·A[M×N]·x + beta·y with strides.
void sg_sgemv(int M, int N, float alpha, const float *A, int lda, const float *x, int incX,
              float beta, float *y, int incY);
void sg_set_blas_threads(int threads);
int sg_blas_threads(void);

// ---- worker pool (worker_pool.c) ----
typedef struct sg_pool sg_pool;
typedef void (*sg_task_fn)(void *ctx, int index);
/// A pool running jobs on `threads` threads: the caller plus threads − 1 workers. NULL for < 2.
sg_pool *sg_pool_create(int threads);
void sg_pool_destroy(sg_pool *pool);
/// Runs fn(ctx, i) for i in 0..<tasks across the pool, the caller included; returns when all ran.
/// One job at a time per pool. A NULL pool runs the tasks on the caller.
void sg_pool_run(sg_pool *pool, int tasks, sg_task_fn fn, void *ctx);
/// Lets the workers sleep now instead of spinning for a next job (the next sg_pool_run wakes them).
void sg_pool_rest(sg_pool *pool);
/// *counter, then increments it, atomically (relaxed): hands out a parallel loop's blocks.
long sg_atomic_next(long *counter);

#endif
