// Packed GEMM micro-kernels (AVX2 and AVX-512 forced in turn) vs OpenBLAS sgemm + the separate
// bias/activation pass (sg_conv_gemm_columns), 1 thread, on real conv shapes M×K×N with N tiled as
// TiledConvolution tiles it (im2col tile scratch; 1×1 and untiled shapes read the planes in place).
// "W16" rows are Winograd's 16 products. Times thread CPU time (the machine is shared), best of REPS
// rounds, engines interleaved. Build and run (from the repository root):
//   clang -O3 -ffast-math -fno-finite-math-only -ISources/CKernels/include -o /tmp/gemm-bench \
//     Tests/Benchmarks/Support/gemm/gemm_vs_openblas.c Sources/CKernels/*.c -lopenblas -lm -lpthread
//   OPENBLAS_CORETYPE=Haswell /tmp/gemm-bench [seconds per measure]   # OpenBLAS's AVX2 kernels
// Env: ONLY=substring of shape names; COLD=1 evicts the caches (64 MiB) before each timed pass.
#include "ckernels.h"
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
char *openblas_get_corename(void);
static double now(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
typedef struct { const char *name; int M, K; long N; int pointwise, act, groups; } shape;
static const shape shapes[] = {
    {"v3t 16x27x173056", 16, 27, 173056, 0, SG_ACT_LEAKY},
    {"v3t 32x144x43264", 32, 144, 43264, 0, SG_ACT_LEAKY},
    {"v3t 64x288x10816", 64, 288, 10816, 0, SG_ACT_LEAKY},
    {"v3t 256x1152x676", 256, 1152, 676, 0, SG_ACT_LEAKY},
    {"v3t 1024x4608x169", 1024, 4608, 169, 0, SG_ACT_LEAKY},
    {"w 128x64x676", 128, 64, 676, 1, SG_ACT_LINEAR},
    {"w 256x128x169", 256, 128, 169, 1, SG_ACT_LINEAR},
    {"w 256x384x169", 256, 384, 169, 1, SG_ACT_LINEAR},
    {"t 256x1024x169 1x1", 256, 1024, 169, 1, SG_ACT_LEAKY},
    {"t 512x2304x169", 512, 2304, 169, 0, SG_ACT_LEAKY},
    {"t 255x512x169 1x1", 255, 512, 169, 1, SG_ACT_LINEAR},
    {"t 256x3456x676", 256, 3456, 676, 0, SG_ACT_LEAKY},
    {"t 255x256x676 1x1", 255, 256, 676, 1, SG_ACT_LINEAR},
    {"t 128x256x169 1x1", 128, 256, 169, 1, SG_ACT_LEAKY},
    {"W16 128x64x676", 128, 64, 676, 1, SG_ACT_LINEAR, 16},
    {"W16 256x128x169", 256, 128, 169, 1, SG_ACT_LINEAR, 16},
    {"W16 256x384x169", 256, 384, 169, 1, SG_ACT_LINEAR, 16},
    {"v8 32x27x102400", 32, 27, 102400, 0, SG_ACT_SWISH},
    {"v8 64x288x25600", 64, 288, 25600, 0, SG_ACT_SWISH},
    {"v8 64x64x25600 1x1", 64, 64, 25600, 1, SG_ACT_SWISH},
    {"v8 32x288x25600", 32, 288, 25600, 0, SG_ACT_SWISH},
    {"v8 128x576x6400", 128, 576, 6400, 0, SG_ACT_SWISH},
    {"v8 64x1152x6400", 64, 1152, 6400, 0, SG_ACT_SWISH},
};
static float *rnd(long n) { float *p = aligned_alloc(64, ((n * 4 + 63) / 64) * 64); for (long i = 0; i < n; ++i) p[i] = (float)(rand() % 1000) / 1000.f - 0.5f; return p; }
// engine: 0 openblas, 1 packed
static void run(int engine, const shape *s, const float *w, const float *packed, const float *bias, float *b, float *c) {
    const int K = s->K, M = s->M; const long N = s->N;
    long tile = (256 > 96 * 1024 / K ? 256 : 96 * 1024 / K) / 32 * 32;
    if (!(N >= 4 * tile)) tile = N;
    for (long n0 = 0; n0 < N; n0 += tile) {
        long w_ = N - n0 < tile ? N - n0 : tile;
        const float *bb; long ldb;
        if (s->pointwise || tile == N) { bb = b + n0; ldb = N; } else { bb = b; ldb = w_; }  // im2col tile scratch
        if (engine == 0) sg_conv_gemm_columns(w, M, K, bb, ldb, c + n0, N, w_, bias, s->act, NULL);
        else sg_gemm_packed(packed, M, K, 0, (M + 7) / 8, bb, ldb, c + n0, N, w_, bias, s->act, NULL);
    }
}
#define NE 3
#ifndef REPS
#define REPS 7
#endif
static int variants[NE] = {-1, SG_GEMM_AVX2, SG_GEMM_AVX512};
int main(int argc, char **argv) {
    openblas_set_num_threads(1);
    const char *only = getenv("ONLY");
    const int cold = getenv("COLD") != NULL;
    float *flush = calloc((64L << 20) / 4, 4);
    double budget = argc > 1 ? atof(argv[1]) : 0.15;
    printf("openblas core: %s\n", openblas_get_corename());
    printf("%-20s %8s %8s %8s   avx2/blas vs blas\n", "shape", "blas", "avx2", "avx512");
    for (unsigned i = 0; i < sizeof shapes / sizeof *shapes; ++i) {
        const shape *s = &shapes[i];
        if (only && !strstr(s->name, only)) continue;
        const int G = s->groups ? s->groups : 1;
        float *w = rnd((long)s->M * s->K * G), *bias = rnd(s->M), *b = rnd((long)s->K * s->N * G), *c = rnd((long)s->M * s->N * G);
        const long pc = sg_gemm_packed_count(s->M, s->K);
        float *packed = aligned_alloc(64, pc * 4 * G + 64);
        for (int g = 0; g < G; ++g) sg_gemm_pack_a(w + (long)g * s->M * s->K, s->M, s->K, packed + g * pc);
        double flops = 2.0 * s->M * s->K * s->N * G, best[NE];
        for (int e = 0; e < NE; ++e) best[e] = 1e9;
        for (int rep = 0; rep < REPS; ++rep)
            for (int e = 0; e < NE; ++e) {
                if (e > 0 && !sg_gemm_force_variant(variants[e])) continue;
                
                #define RUNG for (int g = 0; g < G; ++g) run(e == 0 ? 0 : 1, s, w + (long)g * s->M * s->K, packed + g * pc, bias, b + (long)g * s->K * s->N, c + (long)g * s->M * s->N)
                RUNG;  // warm
                int iters = 0; double t = 0;
                do { if (cold) { for (long q = 0; q < (64L << 20) / 4; q += 16) flush[q] += 1.f; } double t0 = now(); RUNG; ++iters; t += now() - t0; } while (t < budget);
                if (t / iters < best[e]) best[e] = t / iters;
            }
        printf("%-20s", s->name);
        for (int e = 0; e < NE; ++e) printf(" %8.1f", flops / best[e] * 1e-9);
        for (int e = 1; e < NE - 1; ++e) printf(" %6.2f", best[0] / best[e]);
        printf("\n");
        fflush(stdout);
        free(w); free(bias); free(b); free(c); free(packed);
    }
    free(flush);
    return 0;
}
