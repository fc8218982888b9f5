#include "ckernels.h"
#include <cblas.h>

void sg_sgemm(int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda,
              const float *B, int ldb, float beta, float *C, int ldc) {
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

void sg_sgemv(int M, int N, float alpha, const float *A, int lda, const float *x, int incX,
              float beta, float *y, int incY) {
    cblas_sgemv(CblasRowMajor, CblasNoTrans, M, N, alpha, A, lda, x, incX, beta, y, incY);
}

void sg_set_blas_threads(int threads) { openblas_set_num_threads(threads); }
int sg_blas_threads(void) { return openblas_get_num_threads(); }
