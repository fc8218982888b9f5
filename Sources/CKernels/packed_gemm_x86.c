#include "ckernels.h"
#include "packed_gemm_micro.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

// Compiled for their instruction sets only here (the rest of CKernels stays baseline x86-64);
// packed_gemm.c calls them after checking the CPU.
#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,fma")))
#define AVX2 __attribute__((target("avx2,fma")))

// --- AVX-512: 8 rows × 32 columns, 16 zmm accumulators ---

// e^x as fast_expf (activations.c): Cephes' polynomial, 2^n by scalef.
AVX512 static inline __m512 exp512(__m512 x) {
    x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-87.0f)), _mm512_set1_ps(88.0f));
    const __m512 n = _mm512_roundscale_ps(_mm512_fmadd_ps(x, _mm512_set1_ps(1.44269504088896341f), _mm512_set1_ps(0.5f)),
                                          _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    __m512 t = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
    t = _mm512_fmadd_ps(n, _mm512_set1_ps(2.12194440e-4f), t);
    __m512 y = _mm512_fmadd_ps(_mm512_set1_ps(1.9875691500e-4f), t, _mm512_set1_ps(1.3981999507e-3f));
    y = _mm512_fmadd_ps(y, t, _mm512_set1_ps(8.3334519073e-3f));
    y = _mm512_fmadd_ps(y, t, _mm512_set1_ps(4.1665795894e-2f));
    y = _mm512_fmadd_ps(y, t, _mm512_set1_ps(1.6666665459e-1f));
    y = _mm512_fmadd_ps(y, t, _mm512_set1_ps(5.0000001201e-1f));
    y = _mm512_add_ps(_mm512_fmadd_ps(y, _mm512_mul_ps(t, t), t), _mm512_set1_ps(1.0f));
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
        return reciprocal512(_mm512_add_ps(_mm512_set1_ps(1.0f), exp512(_mm512_sub_ps(_mm512_setzero_ps(), v))));
    case SG_MICRO_SWISH:
        return _mm512_mul_ps(v, reciprocal512(_mm512_add_ps(_mm512_set1_ps(1.0f), exp512(_mm512_sub_ps(_mm512_setzero_ps(), v)))));
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

const sg_gemm_micro sg_gemm_micro_avx512 = {micro_avx512, 32, SG_GEMM_AVX512, 1, micro_avx512_indirect};

// --- AVX2: 8 rows × 8 columns, 8 ymm accumulators (16 registers leave no room for 8 × 16) ---

AVX2 static inline __m256 exp256(__m256 x) {
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.0f)), _mm256_set1_ps(88.0f));
    const __m256 n = _mm256_floor_ps(_mm256_fmadd_ps(x, _mm256_set1_ps(1.44269504088896341f), _mm256_set1_ps(0.5f)));
    __m256 t = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    t = _mm256_fmadd_ps(n, _mm256_set1_ps(2.12194440e-4f), t);
    __m256 y = _mm256_fmadd_ps(_mm256_set1_ps(1.9875691500e-4f), t, _mm256_set1_ps(1.3981999507e-3f));
    y = _mm256_fmadd_ps(y, t, _mm256_set1_ps(8.3334519073e-3f));
    y = _mm256_fmadd_ps(y, t, _mm256_set1_ps(4.1665795894e-2f));
    y = _mm256_fmadd_ps(y, t, _mm256_set1_ps(1.6666665459e-1f));
    y = _mm256_fmadd_ps(y, t, _mm256_set1_ps(5.0000001201e-1f));
    y = _mm256_add_ps(_mm256_fmadd_ps(y, _mm256_mul_ps(t, t), t), _mm256_set1_ps(1.0f));
    const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(y, _mm256_castsi256_ps(bits));
}

AVX2 static inline __m256 activate256(__m256 v, int act) {
    switch (act) {
    case SG_MICRO_RELU: return _mm256_max_ps(v, _mm256_setzero_ps());
    case SG_MICRO_LEAKY: return _mm256_max_ps(v, _mm256_mul_ps(v, _mm256_set1_ps(0.1f)));
    case SG_MICRO_LOGISTIC:
        return _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_add_ps(_mm256_set1_ps(1.0f), exp256(_mm256_sub_ps(_mm256_setzero_ps(), v))));
    case SG_MICRO_SWISH:
        return _mm256_div_ps(v, _mm256_add_ps(_mm256_set1_ps(1.0f), exp256(_mm256_sub_ps(_mm256_setzero_ps(), v))));
    default: return v;
    }
}

AVX2 static void micro_avx2(long k, const float *a, const float *b, long ldb, float *c, long ldc,
                            int mr, int nr, const float *bias, int accumulate, int act) {
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(nr), lanes);
    __m256 acc[SG_GEMM_MR];
#pragma clang loop unroll(full)
    for (int r = 0; r < SG_GEMM_MR; ++r) {
        if (accumulate && r < mr) acc[r] = _mm256_maskload_ps(c + r * ldc, mask);
        else acc[r] = bias ? _mm256_set1_ps(bias[r]) : _mm256_setzero_ps();
    }
    if (nr == 8) {
        for (long p = 0; p < k; ++p) {
            const __m256 b0 = _mm256_loadu_ps(b + p * ldb);
#pragma clang loop unroll(full)
            for (int r = 0; r < SG_GEMM_MR; ++r)
                acc[r] = _mm256_fmadd_ps(_mm256_broadcast_ss(a + p * SG_GEMM_MR + r), b0, acc[r]);
        }
    } else {
        for (long p = 0; p < k; ++p) {
            const __m256 b0 = _mm256_maskload_ps(b + p * ldb, mask);
#pragma clang loop unroll(full)
            for (int r = 0; r < SG_GEMM_MR; ++r)
                acc[r] = _mm256_fmadd_ps(_mm256_broadcast_ss(a + p * SG_GEMM_MR + r), b0, acc[r]);
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < SG_GEMM_MR; ++r) {
        if (r < mr) _mm256_maskstore_ps(c + r * ldc, mask, activate256(acc[r], act));
    }
}

const sg_gemm_micro sg_gemm_micro_avx2 = {micro_avx2, 8, SG_GEMM_AVX2, 1, NULL};

#endif
