#include "ckernels.h"
#include "packed_gemm_micro.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

// Compiled for their instruction sets only here (the rest of CKernels stays baseline x86-64);
// packed_gemm.c calls them after checking the CPU.
#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,fma")))
#define AVX2 __attribute__((target("avx2,fma")))

// --- AVX-512: 8 rows × 32 columns, 16 zmm accumulators ---

// e^−v as fast_expf (activations.c): e^−v = 2^n·e^t, t = −v − n·ln 2 in [−ln2/2, ln2/2] (ln 2 in two
// parts), e^t by a degree-5 minimax polynomial, 2^n by scalef. Taking v rather than x saves the
// negation, as sigmoid and swish need e^−v.
AVX512 static inline __m512 exp_neg512(__m512 v) {
    v = _mm512_min_ps(_mm512_max_ps(v, _mm512_set1_ps(-88.0f)), _mm512_set1_ps(87.0f));
    const __m512 n = _mm512_roundscale_ps(_mm512_fmadd_ps(v, _mm512_set1_ps(-1.44269504088896341f), _mm512_set1_ps(0.5f)),
                                          _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    __m512 t = _mm512_fnmsub_ps(n, _mm512_set1_ps(0.693359375f), v);
    t = _mm512_fmadd_ps(n, _mm512_set1_ps(2.12194440e-4f), t);
    __m512 y = _mm512_fmadd_ps(_mm512_set1_ps(SG_EXP_C5), t, _mm512_set1_ps(SG_EXP_C4));
    y = _mm512_fmadd_ps(y, t, _mm512_set1_ps(SG_EXP_C3));
    y = _mm512_fmadd_ps(y, t, _mm512_set1_ps(SG_EXP_C2));
    y = _mm512_fmadd_ps(y, t, _mm512_set1_ps(1.0f));
    y = _mm512_fmadd_ps(y, t, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(y, n);
}

// 1 / d: the 14-bit estimate and one Newton step (relative error ~1e-8); a divide would cost
// more than the rest of a swish.
AVX512 static inline __m512 reciprocal512(__m512 d) {
    const __m512 r = _mm512_rcp14_ps(d);
    return _mm512_mul_ps(r, _mm512_fnmadd_ps(d, r, _mm512_set1_ps(2.0f)));
}

AVX512 static inline __m512 activate512(__m512 v, int act) {
    switch (act) {
    case SG_MICRO_RELU: return _mm512_max_ps(v, _mm512_setzero_ps());
    case SG_MICRO_LEAKY: return _mm512_max_ps(v, _mm512_mul_ps(v, _mm512_set1_ps(0.1f)));
    case SG_MICRO_LOGISTIC:
        return reciprocal512(_mm512_add_ps(_mm512_set1_ps(1.0f), exp_neg512(v)));
    case SG_MICRO_SWISH:
        return _mm512_mul_ps(v, reciprocal512(_mm512_add_ps(_mm512_set1_ps(1.0f), exp_neg512(v))));
    default: return v;
    }
}

// B's row p is at b + offsets[p] when `offsets` is given, else at b + p·ldb; always inlined into the two
// entry points below, so each is compiled for one case.
__attribute__((always_inline))
AVX512 static inline void micro_avx512_body(long k, const float *a, const float *b, long ldb, const int *offsets,
                                            float *c, long ldc, int mr, int nr, const float *bias, int accumulate,
                                            int act) {
    const __mmask16 m0 = nr >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << nr) - 1);
    const __mmask16 m1 = nr >= 32 ? (__mmask16)0xFFFF : nr <= 16 ? 0 : (__mmask16)((1u << (nr - 16)) - 1);
    __m512 acc[SG_GEMM_MR][2];
#pragma clang loop unroll(full)
    for (int r = 0; r < SG_GEMM_MR; ++r) {
        if (accumulate && r < mr) {
            acc[r][0] = _mm512_maskz_loadu_ps(m0, c + r * ldc);
            acc[r][1] = _mm512_maskz_loadu_ps(m1, c + r * ldc + 16);
        } else {
            acc[r][0] = acc[r][1] = bias ? _mm512_set1_ps(bias[r]) : _mm512_setzero_ps();
        }
    }
    if (nr == 32) {
        for (long p = 0; p < k; ++p) {
            const float *bp = offsets ? b + offsets[p] : b + p * ldb;
            const __m512 b0 = _mm512_loadu_ps(bp), b1 = _mm512_loadu_ps(bp + 16);
#pragma clang loop unroll(full)
            for (int r = 0; r < SG_GEMM_MR; ++r) {
                const __m512 ar = _mm512_set1_ps(a[p * SG_GEMM_MR + r]);
                acc[r][0] = _mm512_fmadd_ps(ar, b0, acc[r][0]);
                acc[r][1] = _mm512_fmadd_ps(ar, b1, acc[r][1]);
            }
        }
    } else if (nr <= 16) {  // a narrow tail: half the multiplies
        for (long p = 0; p < k; ++p) {
            const __m512 b0 = _mm512_maskz_loadu_ps(m0, offsets ? b + offsets[p] : b + p * ldb);
#pragma clang loop unroll(full)
            for (int r = 0; r < SG_GEMM_MR; ++r)
                acc[r][0] = _mm512_fmadd_ps(_mm512_set1_ps(a[p * SG_GEMM_MR + r]), b0, acc[r][0]);
        }
    } else {
        for (long p = 0; p < k; ++p) {
            const float *bp = offsets ? b + offsets[p] : b + p * ldb;
            const __m512 b0 = _mm512_maskz_loadu_ps(m0, bp), b1 = _mm512_maskz_loadu_ps(m1, bp + 16);
#pragma clang loop unroll(full)
            for (int r = 0; r < SG_GEMM_MR; ++r) {
                const __m512 ar = _mm512_set1_ps(a[p * SG_GEMM_MR + r]);
                acc[r][0] = _mm512_fmadd_ps(ar, b0, acc[r][0]);
                acc[r][1] = _mm512_fmadd_ps(ar, b1, acc[r][1]);
            }
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < SG_GEMM_MR; ++r) {
        if (r < mr) {
            _mm512_mask_storeu_ps(c + r * ldc, m0, activate512(acc[r][0], act));
            if (nr > 16) _mm512_mask_storeu_ps(c + r * ldc + 16, m1, activate512(acc[r][1], act));
        }
    }
}

AVX512 static void micro_avx512(long k, const float *a, const float *b, long ldb, float *c, long ldc,
                                int mr, int nr, const float *bias, int accumulate, int act) {
    micro_avx512_body(k, a, b, ldb, NULL, c, ldc, mr, nr, bias, accumulate, act);
}

AVX512 static void micro_avx512_indirect(long k, const float *a, const float *b, const int *offsets, float *c,
                                         long ldc, int mr, int nr, const float *bias, int accumulate, int act) {
    micro_avx512_body(k, a, b, 0, offsets, c, ldc, mr, nr, bias, accumulate, act);
}

const sg_gemm_micro sg_gemm_micro_avx512 = {.kernel = micro_avx512, .nr = 32, .variant = SG_GEMM_AVX512, .fusesExp = 1,
                                            .stripsB = 0, .indirect = micro_avx512_indirect};

// --- AVX2: 8 rows × 24 columns, as two 4 × 24 halves of 12 ymm accumulators ---
// 8 × 8 (8 accumulators, one B load + 8 broadcasts per 8 FMAs) is load-bound: it ran at 50–90 % of
// OpenBLAS. A 4 × 24 half needs 3 B loads + 4 broadcasts per 12 FMAs and 12 + 3 + 1 of the 16 ymm
// registers, so the FMAs, not the loads, set the pace. The halves read the same B strip one after
// the other (k ≤ KC rows of 24 floats, mostly still in L1/L2). The panel layout stays 8 rows.

// e^−v as exp_neg512, 2^n built in the exponent bits (AVX2 has no scalef).
AVX2 static inline __m256 exp_neg256(__m256 v) {
    v = _mm256_min_ps(_mm256_max_ps(v, _mm256_set1_ps(-88.0f)), _mm256_set1_ps(87.0f));
    const __m256 n = _mm256_floor_ps(_mm256_fmadd_ps(v, _mm256_set1_ps(-1.44269504088896341f), _mm256_set1_ps(0.5f)));
    __m256 t = _mm256_fnmsub_ps(n, _mm256_set1_ps(0.693359375f), v);
    t = _mm256_fmadd_ps(n, _mm256_set1_ps(2.12194440e-4f), t);
    __m256 y = _mm256_fmadd_ps(_mm256_set1_ps(SG_EXP_C5), t, _mm256_set1_ps(SG_EXP_C4));
    y = _mm256_fmadd_ps(y, t, _mm256_set1_ps(SG_EXP_C3));
    y = _mm256_fmadd_ps(y, t, _mm256_set1_ps(SG_EXP_C2));
    y = _mm256_fmadd_ps(y, t, _mm256_set1_ps(1.0f));
    y = _mm256_fmadd_ps(y, t, _mm256_set1_ps(1.0f));
    const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(y, _mm256_castsi256_ps(bits));
}

// 1 / d: the 12-bit estimate and one Newton step (relative error ~1e-7); a divide costs more than
// the rest of a swish.
AVX2 static inline __m256 reciprocal256(__m256 d) {
    const __m256 r = _mm256_rcp_ps(d);
    return _mm256_mul_ps(r, _mm256_fnmadd_ps(d, r, _mm256_set1_ps(2.0f)));
}

AVX2 static inline __m256 activate256(__m256 v, int act) {
    switch (act) {
    case SG_MICRO_RELU: return _mm256_max_ps(v, _mm256_setzero_ps());
    case SG_MICRO_LEAKY: return _mm256_max_ps(v, _mm256_mul_ps(v, _mm256_set1_ps(0.1f)));
    case SG_MICRO_LOGISTIC:
        return reciprocal256(_mm256_add_ps(_mm256_set1_ps(1.0f), exp_neg256(v)));
    case SG_MICRO_SWISH:
        return _mm256_mul_ps(v, reciprocal256(_mm256_add_ps(_mm256_set1_ps(1.0f), exp_neg256(v))));
    default: return v;
    }
}

#define HALF_ROWS 4

// C rows `0 ..< rows` (≤ 4) of a half: start values (the bias or C) and the store with the activation.
#define AVX2_HALF_LOAD(COLS, MASKED)                                                                           \
    _Pragma("clang loop unroll(full)") for (int r = 0; r < HALF_ROWS; ++r) {                                   \
        _Pragma("clang loop unroll(full)") for (int j = 0; j < COLS; ++j) {                                    \
            if (accumulate && r < rows)                                                                        \
                acc[r][j] = MASKED && j == COLS - 1 ? _mm256_maskload_ps(c + r * ldc + 8 * j, mask)            \
                                                    : _mm256_loadu_ps(c + r * ldc + 8 * j);                    \
            else acc[r][j] = bias ? _mm256_set1_ps(bias[r]) : _mm256_setzero_ps();                             \
        }                                                                                                      \
    }
#define AVX2_HALF_STORE(COLS, MASKED)                                                                          \
    _Pragma("clang loop unroll(full)") for (int r = 0; r < HALF_ROWS; ++r) {                                   \
        if (r < rows) {                                                                                        \
            _Pragma("clang loop unroll(full)") for (int j = 0; j < COLS; ++j) {                                \
                const __m256 v = activate256(acc[r][j], act);                                                  \
                if (MASKED && j == COLS - 1) _mm256_maskstore_ps(c + r * ldc + 8 * j, mask, v);                \
                else _mm256_storeu_ps(c + r * ldc + 8 * j, v);                                                 \
            }                                                                                                  \
        }                                                                                                      \
    }

// Rows `0 ..< rows` (≤ 4) of a panel half × COLS (1 or 2) ymm columns; the last column only under
// `mask` when MASKED (an N tail). a points at the half's first row in the 8-row panel.
#define AVX2_HALF(NAME, COLS, MASKED)                                                                          \
    AVX2 static void NAME(long k, const float *a, const float *b, long ldb, float *c, long ldc, int rows,     \
                          __m256i mask, const float *bias, int accumulate, int act) {                        \
        __m256 acc[HALF_ROWS][COLS];                                                                           \
        AVX2_HALF_LOAD(COLS, MASKED)                                                                           \
        for (long p = 0; p < k; ++p) {                                                                         \
            const float *bp = b + p * ldb, *ap = a + p * SG_GEMM_MR;                                           \
            __m256 bv[COLS];                                                                                   \
            _Pragma("clang loop unroll(full)") for (int j = 0; j < COLS; ++j)                                  \
                bv[j] = MASKED && j == COLS - 1 ? _mm256_maskload_ps(bp + 8 * j, mask) : _mm256_loadu_ps(bp + 8 * j); \
            _Pragma("clang loop unroll(full)") for (int r = 0; r < HALF_ROWS; ++r) {                           \
                const __m256 ar = _mm256_broadcast_ss(ap + r);                                                 \
                _Pragma("clang loop unroll(full)") for (int j = 0; j < COLS; ++j)                              \
                    acc[r][j] = _mm256_fmadd_ps(ar, bv[j], acc[r][j]);                                         \
            }                                                                                                  \
        }                                                                                                      \
        AVX2_HALF_STORE(COLS, MASKED)                                                                          \
    }

AVX2_HALF(half16, 2, 0)
AVX2_HALF(half16_tail, 2, 1)

// 4 × 24, all 16 ymm registers: 12 accumulators, 3 B columns (ymm12–14), the broadcast (ymm15).
// The k loop is assembly because clang's register allocator spills and shuffles accumulators here.
#define FMA_ROW(OFF, C0, C1, C2)                                                                               \
    "vbroadcastss " #OFF "(%[a]), %%ymm15\n\t"                                                                 \
    "vfmadd231ps %%ymm12, %%ymm15, %[" #C0 "]\n\t"                                                             \
    "vfmadd231ps %%ymm13, %%ymm15, %[" #C1 "]\n\t"                                                             \
    "vfmadd231ps %%ymm14, %%ymm15, %[" #C2 "]\n\t"

AVX2 static void half24(long k, const float *a, const float *b, long ldb, float *c, long ldc, int rows,
                        __m256i mask, const float *bias, int accumulate, int act) {
    __m256 acc[HALF_ROWS][3];
    AVX2_HALF_LOAD(3, 0)
    __m256 c00 = acc[0][0], c01 = acc[0][1], c02 = acc[0][2], c10 = acc[1][0], c11 = acc[1][1], c12 = acc[1][2];
    __m256 c20 = acc[2][0], c21 = acc[2][1], c22 = acc[2][2], c30 = acc[3][0], c31 = acc[3][1], c32 = acc[3][2];
    if (k > 0) {
        const long stride = ldb * (long)sizeof(float);
        __asm__("1:\n\t"
                "vmovups (%[b]), %%ymm12\n\t"
                "vmovups 32(%[b]), %%ymm13\n\t"
                "vmovups 64(%[b]), %%ymm14\n\t"
                FMA_ROW(0, c00, c01, c02)
                FMA_ROW(4, c10, c11, c12)
                FMA_ROW(8, c20, c21, c22)
                FMA_ROW(12, c30, c31, c32)
                "add %[stride], %[b]\n\t"
                "add $32, %[a]\n\t"
                "dec %[k]\n\t"
                "jnz 1b\n\t"
                : [a] "+r"(a), [b] "+r"(b), [k] "+r"(k), [c00] "+x"(c00), [c01] "+x"(c01), [c02] "+x"(c02),
                  [c10] "+x"(c10), [c11] "+x"(c11), [c12] "+x"(c12), [c20] "+x"(c20), [c21] "+x"(c21),
                  [c22] "+x"(c22), [c30] "+x"(c30), [c31] "+x"(c31), [c32] "+x"(c32)
                : [stride] "r"(stride)
                : "xmm12", "xmm13", "xmm14", "xmm15", "memory", "cc");
    }
    acc[0][0] = c00; acc[0][1] = c01; acc[0][2] = c02; acc[1][0] = c10; acc[1][1] = c11; acc[1][2] = c12;
    acc[2][0] = c20; acc[2][1] = c21; acc[2][2] = c22; acc[3][0] = c30; acc[3][1] = c31; acc[3][2] = c32;
    AVX2_HALF_STORE(3, 0)
}

// A tail of ≤ 8 columns, all 8 rows at once: 8 accumulators keep both FMA pipes busy, where a
// 4-row half with 4 would wait on the FMA latency.
AVX2 static void panel8(long k, const float *a, const float *b, long ldb, float *c, long ldc, int mr, int nr,
                        const float *bias, int accumulate, int act) {
    const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(nr), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    __m256 acc[SG_GEMM_MR];
#pragma clang loop unroll(full)
    for (int r = 0; r < SG_GEMM_MR; ++r) {
        if (accumulate && r < mr) acc[r] = _mm256_maskload_ps(c + r * ldc, mask);
        else acc[r] = bias ? _mm256_set1_ps(bias[r]) : _mm256_setzero_ps();
    }
    for (long p = 0; p < k; ++p) {
        const __m256 b0 = _mm256_maskload_ps(b + p * ldb, mask);
#pragma clang loop unroll(full)
        for (int r = 0; r < SG_GEMM_MR; ++r)
            acc[r] = _mm256_fmadd_ps(_mm256_broadcast_ss(a + p * SG_GEMM_MR + r), b0, acc[r]);
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < SG_GEMM_MR; ++r)
        if (r < mr) _mm256_maskstore_ps(c + r * ldc, mask, activate256(acc[r], act));
}

typedef void (*avx2_half_fn)(long, const float *, const float *, long, float *, long, int, __m256i, const float *, int, int);

// Columns 0 ..< nr (≤ 24) of rows 0 ..< mr of one panel: 24 at once as two 4 × 24 halves; a tail as
// 4 × 16 halves (masked when under 16) and/or the 8 × 8 kernel for the last ≤ 8.
AVX2 static void micro_avx2(long k, const float *a, const float *b, long ldb, float *c, long ldc,
                            int mr, int nr, const float *bias, int accumulate, int act) {
    // C's lines requested now arrive during the k loop instead of stalling the stores after it: where C
    // is out of cache (Winograd's 16 products) that measured 0.95 vs 0.74 of OpenBLAS, which does the same.
    for (int r = 0; r < mr; ++r) {
        _mm_prefetch((const char *)(c + r * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + r * ldc + nr - 1), _MM_HINT_T0);
    }
    avx2_half_fn half = nr == 24 ? half24 : nr >= 16 ? half16 : nr > 8 ? half16_tail : NULL;
    const int halfWidth = nr == 24 ? 24 : nr >= 16 ? 16 : nr > 8 ? nr : 0;
    if (half) {
        const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(halfWidth - 8), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        for (int r0 = 0; r0 < mr; r0 += HALF_ROWS) {
            const int rows = mr - r0 < HALF_ROWS ? mr - r0 : HALF_ROWS;
            half(k, a + r0, b, ldb, c + r0 * ldc, ldc, rows, mask, bias ? bias + r0 : NULL, accumulate, act);
        }
    }
    if (nr > halfWidth) panel8(k, a, b + halfWidth, ldb, c + halfWidth, ldc, mr, nr - halfWidth, bias, accumulate, act);
}

const sg_gemm_micro sg_gemm_micro_avx2 = {.kernel = micro_avx2, .nr = 24, .variant = SG_GEMM_AVX2, .fusesExp = 1, .stripsB = 1,
                                          .indirect = NULL};

#endif
