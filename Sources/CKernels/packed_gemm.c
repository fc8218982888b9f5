#include "ckernels.h"
#include "packed_gemm_micro.h"
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

// BLIS-style GEMM for convolutions: A (the weights) is packed once at plan time into
// SG_GEMM_MR-row panels; B is read where it lies (an im2col tile or the input planes, row-major);
// an MR×NR micro-kernel keeps its block of C in registers over a K block and, on the last one,
// adds the bias and applies cheap activations before storing. The others run on the panel's rows
// right after, while they are still in cache. MR is the same for every instruction set, so a
// packed buffer does not depend on the machine that packed it.

long sg_gemm_packed_count(int M, int K) {
    return (long)((M + SG_GEMM_MR - 1) / SG_GEMM_MR) * SG_GEMM_MR * K;
}

void sg_gemm_pack_a(const float *a, int M, int K, float *packed) {
    const int panels = (M + SG_GEMM_MR - 1) / SG_GEMM_MR;
    for (int p = 0; p < panels; ++p) {
        float *dst = packed + (long)p * K * SG_GEMM_MR;
        const int row0 = p * SG_GEMM_MR, mr = M - row0 < SG_GEMM_MR ? M - row0 : SG_GEMM_MR;
        const float *rows[SG_GEMM_MR];
        for (int r = 0; r < mr; ++r) rows[r] = a + (long)(row0 + r) * K;
        if (mr == SG_GEMM_MR) {  // writes in order, reads MR streams
            for (long k = 0; k < K; ++k)
                for (int r = 0; r < SG_GEMM_MR; ++r) dst[k * SG_GEMM_MR + r] = rows[r][k];
        } else {
            for (long k = 0; k < K; ++k)
                for (int r = 0; r < SG_GEMM_MR; ++r) dst[k * SG_GEMM_MR + r] = r < mr ? rows[r][k] : 0.f;
        }
    }
}

// Portable micro-kernel: SG_GEMM_MR × 8, plain C the compiler vectorises for the baseline ISA.
// B's row p is at b + offsets[p] when `offsets` is given, else at b + p·ldb.
#define PORTABLE_NR 8
__attribute__((always_inline))
static inline void micro_portable_body(long k, const float *a, const float *b, long ldb, const int *offsets,
                                       float *c, long ldc, int mr, int nr, const float *bias, int accumulate,
                                       int act) {
    float acc[SG_GEMM_MR][PORTABLE_NR];
    for (int r = 0; r < SG_GEMM_MR; ++r)
        for (int j = 0; j < PORTABLE_NR; ++j)
            acc[r][j] = (accumulate && r < mr && j < nr) ? c[r * ldc + j] : (bias ? bias[r] : 0.f);
    if (nr == PORTABLE_NR) {
        for (long p = 0; p < k; ++p) {
            const float *bp = offsets ? b + offsets[p] : b + p * ldb, *ap = a + p * SG_GEMM_MR;
            for (int r = 0; r < SG_GEMM_MR; ++r)
                for (int j = 0; j < PORTABLE_NR; ++j) acc[r][j] += ap[r] * bp[j];
        }
    } else {
        for (long p = 0; p < k; ++p) {
            const float *bp = offsets ? b + offsets[p] : b + p * ldb, *ap = a + p * SG_GEMM_MR;
            for (int r = 0; r < SG_GEMM_MR; ++r)
                for (int j = 0; j < nr; ++j) acc[r][j] += ap[r] * bp[j];
        }
    }
    for (int r = 0; r < mr; ++r)
        for (int j = 0; j < nr; ++j) {
            float v = acc[r][j];
            if (act == SG_MICRO_RELU) v = v > 0 ? v : 0;
            else if (act == SG_MICRO_LEAKY) v = v > 0 ? v : 0.1f * v;
            c[r * ldc + j] = v;
        }
}

static void micro_portable(long k, const float *a, const float *b, long ldb, float *c, long ldc,
                           int mr, int nr, const float *bias, int accumulate, int act) {
    micro_portable_body(k, a, b, ldb, NULL, c, ldc, mr, nr, bias, accumulate, act);
}

static void micro_portable_indirect(long k, const float *a, const float *b, const int *offsets, float *c, long ldc,
                                    int mr, int nr, const float *bias, int accumulate, int act) {
    micro_portable_body(k, a, b, 0, offsets, c, ldc, mr, nr, bias, accumulate, act);
}

static const sg_gemm_micro portable = {.kernel = micro_portable, .nr = PORTABLE_NR, .variant = SG_GEMM_PORTABLE, .fusesExp = 0,
                                       .stripsB = 0, .indirect = micro_portable_indirect};

static const sg_gemm_micro *supported(int variant) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (variant == SG_GEMM_AVX512 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("fma"))
        return &sg_gemm_micro_avx512;
    if (variant == SG_GEMM_AVX2 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return &sg_gemm_micro_avx2;
#endif
    if (variant == SG_GEMM_PORTABLE) return &portable;
    return NULL;
}

// SPYGLASS_GEMM=portable|avx2|avx512 (read once, at the first GEMM) runs that micro-kernel instead of
// the best one, when this CPU can: to measure another machine's path here (e.g. `SPYGLASS_GEMM=avx2
// OPENBLAS_CORETYPE=Haswell spyglass bench …` for an AVX2-only CPU). Unknown names are ignored.
static const sg_gemm_micro *requested(void) {
    const char *name = getenv("SPYGLASS_GEMM");
    if (!name) return NULL;
    if (!strcmp(name, "portable")) return supported(SG_GEMM_PORTABLE);
    if (!strcmp(name, "avx2")) return supported(SG_GEMM_AVX2);
    if (!strcmp(name, "avx512")) return supported(SG_GEMM_AVX512);
    return NULL;
}

static const sg_gemm_micro *best(void) {
    const sg_gemm_micro *m = supported(SG_GEMM_AVX512);
    if (!m) m = supported(SG_GEMM_AVX2);
    return m ? m : &portable;
}

// Chosen once; only the test hook changes it (between runs, not during one).
static const sg_gemm_micro *volatile active;

static const sg_gemm_micro *micro(void) {
    const sg_gemm_micro *m = active;
    if (!m) {
        m = requested();
        active = m = m ? m : best();
    }
    return m;
}

int sg_gemm_variant(void) { return micro()->variant; }

int sg_gemm_variant_supported(int variant) { return supported(variant) != NULL; }

int sg_gemm_force_variant(int variant) {
    const sg_gemm_micro *m = variant < 0 ? best() : supported(variant);
    if (!m) return 0;
    active = m;
    return 1;
}

// K block: an MR×KC panel of A (16 KiB) stays in L1 while it meets every NR strip of B's KC rows.
#define KC 512

// Activations done in registers by the micro-kernel (−1: the rest, run on the panel's rows once stored).
// Swish / logistic in registers matter: in YOLOv8-style nets with small K they cost as much as the GEMM.
static int register_activation(const sg_gemm_micro *m, int activation) {
    if (activation == SG_ACT_LINEAR) return SG_MICRO_NONE;
    if (activation == SG_ACT_RELU) return SG_MICRO_RELU;
    if (activation == SG_ACT_LEAKY) return SG_MICRO_LEAKY;
    if (activation == SG_ACT_LOGISTIC && m->fusesExp) return SG_MICRO_LOGISTIC;
    if (activation == SG_ACT_SWISH && m->fusesExp) return SG_MICRO_SWISH;
    return -1;
}

// Column block: KC × NC floats of B (≤ 384 KiB) stay in L2 while every panel of A passes over them.
#define L2_FLOATS (96 * 1024)

// Panel p of an M-row A: its first row, its rows (≤ MR), and on the first K block its bias padded to
// a full panel in `buffer` (else NULL: the micro-kernel starts from C).
typedef struct { int row0, mr; const float *bias; } panel_info;

static inline panel_info panel(int M, int p, const float *bias, int first, float buffer[SG_GEMM_MR]) {
    panel_info info = {p * SG_GEMM_MR, M - p * SG_GEMM_MR < SG_GEMM_MR ? M - p * SG_GEMM_MR : SG_GEMM_MR, NULL};
    if (first && bias) {
        for (int r = 0; r < SG_GEMM_MR; ++r) buffer[r] = r < info.mr ? bias[info.row0 + r] : 0.f;
        info.bias = buffer;
    }
    return info;
}

// Walks an sg_prefetch_region a few cache lines at a time.
typedef struct { const sg_prefetch_region *region; long block, offset, perCall; } prefetch_cursor;

static prefetch_cursor prefetch_start(const sg_prefetch_region *region, long calls) {
    prefetch_cursor c = {region, 0, 0, 0};
    if (region && region->blocks > 0 && region->bytes > 0 && calls > 0) {
        const long lines = region->blocks * ((region->bytes + 63) / 64);
        c.perCall = (lines + calls - 1) / calls;
    }
    return c;
}

static inline void prefetch_l2(const char *p) {
#if defined(__x86_64__) || defined(__i386__)
    _mm_prefetch(p, _MM_HINT_T1);
#else
    __builtin_prefetch(p, 0, 2);
#endif
}

static inline void prefetch_step(prefetch_cursor *c) {
    for (long i = 0; i < c->perCall && c->block < c->region->blocks; ++i) {
        prefetch_l2(c->region->base + c->block * c->region->stride + c->offset);
        c->offset += 64;
        if (c->offset >= c->region->bytes) { c->offset = 0; ++c->block; }
    }
}

// The panels [p0, p1) of A against `rows` output rows of B, K block by K block. B's row k for output
// row r is at b + r·bRowStep + offsets[k] (an indirect B: m->indirect, which must exist) or, without
// offsets, at b + k·ldb (m->kernel). Within a K block, each panel of A (in L1) meets every column
// strip of B (in L2); bias is loaded on the first block, the activation applied on the last.
static void multiply_panels(const sg_gemm_micro *m, const float *packed, int M, int K, int p0, int p1,
                            const float *b, long ldb, const int *offsets, long bRowStep, int rows, float *c, long ldc, long cRowStep, long n,
                            const float *bias, int activation, int kc, const sg_prefetch_region *ahead) {
    const int nr = m->nr, inRegisters = register_activation(m, activation);
    prefetch_cursor pf = prefetch_start(ahead, (long)((K + kc - 1) / kc) * (p1 - p0) * rows * ((n + nr - 1) / nr));
    for (int k0 = 0; k0 < K; k0 += kc) {
        const int kb = K - k0 < kc ? K - k0 : kc;
        const int first = k0 == 0, last = k0 + kb == K;
        const int act = last && inRegisters > 0 ? inRegisters : SG_MICRO_NONE;
        for (int p = p0; p < p1; ++p) {
            float panelBias[SG_GEMM_MR];
            const panel_info info = panel(M, p, bias, first, panelBias);
            const float *a = packed + (long)p * K * SG_GEMM_MR + (long)k0 * SG_GEMM_MR;
            // The next panel's slice of A lies K·MR floats further on, a jump the hardware prefetcher
            // does not follow: it is pulled into L2 a few lines per micro-kernel call while this panel
            // computes. yolov3-tiny 512→1024 @13 (K = 4608, 6 calls a panel), 1 thread, alternating
            // runs: 16.79 → 16.36 ms, 256→512 @13 4.32 → 4.21; band layers level.
            const char *nextA = (const char *)(a + (long)K * SG_GEMM_MR);
            const long nextLines = p + 1 < p1 ? ((long)kb * SG_GEMM_MR * (long)sizeof(float) + 63) / 64 : 0;
            const long calls = (long)rows * ((n + nr - 1) / nr);
            const long linesPerCall = (nextLines + calls - 1) / calls;
            long nextLine = 0;
            for (int r = 0; r < rows; ++r) {
                const float *br = b + r * bRowStep;
                float *cp = c + (long)info.row0 * ldc + r * cRowStep;
                for (long j = 0; j < n; j += nr) {
                    const int w = n - j < nr ? (int)(n - j) : nr;
                    for (long i = 0; i < linesPerCall && nextLine < nextLines; ++i, ++nextLine) prefetch_l2(nextA + nextLine * 64);
                    if (offsets)
                        m->indirect(kb, a, br + j, offsets + k0, cp + j, ldc, info.mr, w, info.bias, !first, act);
                    else
                        m->kernel(kb, a, br + (long)k0 * ldb + j, ldb, cp + j, ldc, info.mr, w, info.bias, !first, act);
                    if (pf.perCall) prefetch_step(&pf);
                }
                if (last && inRegisters < 0)
                    for (int i = 0; i < info.mr; ++i) sg_activate(cp + (long)i * ldc, n, activation);
            }
        }
    }
}

// The direct product strip by strip, for a micro-kernel whose B rows are too narrow to stream well
// from strided memory (AVX2's 24 columns = 96 bytes: rows not 32-byte aligned split cache lines,
// rows far apart defeat the prefetcher and the TLB). STRIPS NR-column strips of B's kb rows at a
// time are copied into `strip` (NR floats a row, strip after strip; B read row by row), once per
// group of panels, whose A (≤ a quarter of L2) then runs over each strip. K blocks of ≤ STRIP_KC
// keep a strip (24 KiB) in L1 for both of AVX2's 4-row halves: on 256×1152×676 and 256×3456×676
// that measured 5–10 % faster than KC (48 KiB, from L2). Four strips at a time rather than one:
// Winograd-like 16 × 128×64×676 with B and C out of cache 0.95 vs 0.79 of OpenBLAS (and the strip
// buffer, 96 KiB, is still small for a thread's stack).
#define STRIP_PANEL_FLOATS (64 * 1024)
#define STRIP_MAX_NR 24
#define STRIP_KC 256
#define STRIPS 4

static void multiply_block_strips(const sg_gemm_micro *m, const float *packed, int M, int K, int p0, int p1,
                                  const float *b, long ldb, float *c, long ldc, long n, const float *bias,
                                  int activation, int kc, float *strip) {
    const int nr = m->nr, inRegisters = register_activation(m, activation);
    for (int k0 = 0; k0 < K; k0 += kc) {
        const int kb = K - k0 < kc ? K - k0 : kc;
        const int first = k0 == 0, last = k0 + kb == K;
        const float *bk = b + (long)k0 * ldb;
        const int act = last && inRegisters > 0 ? inRegisters : SG_MICRO_NONE;
        int group = STRIP_PANEL_FLOATS / (kb * SG_GEMM_MR);
        if (group < 1) group = 1;
        for (int g0 = p0; g0 < p1; g0 += group) {
            const int g1 = p1 - g0 < group ? p1 : g0 + group;
            for (long j0 = 0; j0 < n; j0 += STRIPS * nr) {
                const long wide = n - j0 < STRIPS * nr ? n - j0 : STRIPS * nr;
                const int count = (int)((wide + nr - 1) / nr);
                for (long p = 0; p < kb; ++p) {
                    const float *row = bk + p * ldb + j0;
                    for (int s = 0; s < count; ++s) {
                        const long w = wide - (long)s * nr < nr ? wide - (long)s * nr : nr;
                        memcpy(strip + ((long)s * kb + p) * nr, row + (long)s * nr, (size_t)w * sizeof(float));
                    }
                }
                for (int s = 0; s < count; ++s) {
                    const long j = j0 + (long)s * nr;
                    const int w = n - j < nr ? (int)(n - j) : nr;
                    const float *bs = strip + (long)s * kb * nr;
                    for (int p = g0; p < g1; ++p) {
                        float panelBias[SG_GEMM_MR];
                        const panel_info info = panel(M, p, bias, first, panelBias);
                        const float *a = packed + (long)p * K * SG_GEMM_MR + (long)k0 * SG_GEMM_MR;
                        m->kernel(kb, a, bs, nr, c + (long)info.row0 * ldc + j, ldc, info.mr, w, info.bias, !first, act);
                    }
                }
            }
        }
        if (last && inRegisters < 0)
            for (int r = p0 * SG_GEMM_MR; r < M && r < p1 * SG_GEMM_MR; ++r) sg_activate(c + (long)r * ldc, n, activation);
    }
}

// When a strip-wise micro-kernel copies B (see multiply_block_strips): there are panels to share
// each copy, and B's rows are misaligned for 32-byte loads (ldb not a multiple of 8: Winograd's tile
// counts, untiled 13×13 / 26×26 planes) or far apart (1×1 convs read whole input planes). Measured
// with the AVX2 kernel, 1 thread, vs reading B in place: 64×64×25600 1×1 +30 %, 256×1152×676 +5 %,
// 1024×4608×169 +8 %; with aligned, close rows (im2col tiles) the copy cost 5–25 %, so not there.
static int copies_strips(const sg_gemm_micro *m, int panels, long ldb) {
    return m->stripsB && panels >= 2 && (ldb % 8 != 0 || ldb >= 4096);
}

void sg_gemm_packed(const float *packed, int M, int K, int p0, int p1, const float *b, long ldb,
                    float *c, long ldc, long n, const float *bias, int activation, const sg_prefetch_region *after) {
    if (n <= 0 || p1 <= p0 || K <= 0) return;
    const sg_gemm_micro *m = micro();
    if (copies_strips(m, p1 - p0, ldb) && m->nr <= STRIP_MAX_NR) {
        const int blocks = (K + STRIP_KC - 1) / STRIP_KC;
        float strip[STRIPS * STRIP_KC * STRIP_MAX_NR] __attribute__((aligned(64)));
        multiply_block_strips(m, packed, M, K, p0, p1, b, ldb, c, ldc, n, bias, activation, (K + blocks - 1) / blocks, strip);
        return;
    }
    const int blocks = (K + KC - 1) / KC;
    const int kc = (K + blocks - 1) / blocks;  // even blocks: no thin last one
    long nc = L2_FLOATS / kc / m->nr * m->nr;
    if (nc < m->nr) nc = m->nr;
    for (long j0 = 0; j0 < n; j0 += nc) {
        const long w = n - j0 < nc ? n - j0 : nc;
        // The next column block of B, pulled into L2 while this one computes.
        const long next = n - j0 - w < nc ? n - j0 - w : nc;
        const sg_prefetch_region ahead = {(const char *)(b + j0 + w), next > 0 ? K : 0, ldb * (long)sizeof(float),
                                          next * (long)sizeof(float)};
        multiply_panels(m, packed, M, K, p0, p1, b + j0, ldb, NULL, 0, 1, c + j0, ldc, 0, w, bias, activation, kc,
                        next > 0 ? &ahead : after);
    }
}

int sg_gemm_has_indirect(void) { return micro()->indirect != NULL; }

int sg_gemm_indirect_columns(void) { return micro()->indirect ? micro()->nr : PORTABLE_NR; }

// Blocks K as sg_gemm_packed; see multiply_panels.
void sg_gemm_packed_indirect(const float *packed, int M, int K, int p0, int p1, const float *b, const int *offsets,
                             long bRowStep, int rows, long width, float *c, long ldc, long cRowStep,
                             const float *bias, int activation, const sg_prefetch_region *ahead) {
    if (width <= 0 || rows <= 0 || p1 <= p0 || K <= 0) return;
    const sg_gemm_micro *m = micro();
    const sg_gemm_micro *runs = m->indirect ? m : &portable;
    const int blocks = (K + KC - 1) / KC;
    multiply_panels(runs, packed, M, K, p0, p1, b, 0, offsets, bRowStep, rows, c, ldc, cRowStep, width, bias, activation,
                    (K + blocks - 1) / blocks, ahead);
}
