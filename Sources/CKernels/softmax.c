#include "ckernels.h"
#include <float.h>
#include <math.h>

void sg_softmax(const float *x, float *y, long n, float temperature, long stride) {
    float largest = -FLT_MAX, sum = 0;
    for (long i = 0; i < n; ++i) if (x[i * stride] > largest) largest = x[i * stride];
    for (long i = 0; i < n; ++i) {
        const float e = expf(x[i * stride] / temperature - largest / temperature);
        sum += e;
        y[i * stride] = e;
    }
    for (long i = 0; i < n; ++i) y[i * stride] /= sum;
}
