#ifndef SPYGLASS_PACKED_GEMM_MICRO_H
#define SPYGLASS_PACKED_GEMM_MICRO_H
// The micro-kernels behind sg_gemm_packed (packed_gemm.c), one per instruction set.

// Activations a micro-kernel applies in registers before its store.
// LOGISTIC and SWISH only where `fusesExp` (a vector e^x with fast_expf's polynomial, activations.c).
enum { SG_MICRO_NONE = 0, SG_MICRO_RELU = 1, SG_MICRO_LEAKY = 2, SG_MICRO_LOGISTIC = 3, SG_MICRO_SWISH = 4 };

// C[mr × nr] (row stride ldc) = A·B over k, where A is one packed panel (k × SG_GEMM_MR) and B is
// k rows of stride ldb; starts from C when `accumulate`, else from bias[r] (bias may be NULL,
// then 0). Rows ≥ mr / columns ≥ nr are neither read nor written.
typedef void (*sg_gemm_micro_fn)(long k, const float *a, const float *b, long ldb, float *c, long ldc,
                                 int mr, int nr, const float *bias, int accumulate, int act);
// The same with B's row p at b + offsets[p] (an indirect B: rows gathered from anywhere, e.g. a
// convolution's input rows, so no im2col is written).
typedef void (*sg_gemm_micro_indirect_fn)(long k, const float *a, const float *b, const int *offsets, float *c,
                                          long ldc, int mr, int nr, const float *bias, int accumulate, int act);

typedef struct {
    sg_gemm_micro_fn kernel;
    int nr;       // widest block of columns per call
    int variant;  // SG_GEMM_*
    int fusesExp; // handles SG_MICRO_LOGISTIC / SG_MICRO_SWISH
    int stripsB;  // wants B copied into contiguous NR-wide strips where its rows stream badly (packed_gemm.c)
    sg_gemm_micro_indirect_fn indirect;  // NULL: the portable one stands in
} sg_gemm_micro;

#if defined(__x86_64__) || defined(__i386__)
extern const sg_gemm_micro sg_gemm_micro_avx512;
extern const sg_gemm_micro sg_gemm_micro_avx2;
#endif

#endif
