// A fixed pool of worker threads for the runtime's parallel loops. One job at a time: task
// indices 0..<tasks are claimed (generation-tagged atomic counter) by the caller and the workers, so a
// run costs no allocation and no thread creation. Between jobs workers spin briefly (the next
// layer's loop usually follows within microseconds) and then sleep on a condition variable; after
// the last loop of a forward the owner tells them to sleep at once (sg_pool_rest), so they do not
// compete with the single-threaded work around a forward (image decode, NMS) or with other processes.
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "ckernels.h"

struct sg_pool {
    int workers;
    pthread_t *threads;
    pthread_mutex_t mutex;
    pthread_cond_t wake;
    atomic_ulong generation;
    atomic_int stop;
    sg_task_fn fn;
    void *ctx;
    atomic_int tasks;
    // Generation (high 32 bits) and next unclaimed task index (low 32 bits): a worker claims an
    // index only for the job it woke for, so a late worker can never take a newer job's index.
    atomic_ullong claim;
    atomic_int done;
    // Set while a job runs: a job started meanwhile (a parallel loop inside a parallel loop, or a
    // second thread) runs on its caller alone instead of corrupting the running one.
    atomic_int busy;
    // Set by sg_pool_rest: spinning workers go to sleep now rather than at the end of their spin.
    atomic_int resting;
    // Workers started so far: each names itself "spyglass-w<n>" (seen in top -H, gdb, perf).
    atomic_int started;
};

// How long a worker spins for the next job before it sleeps. Measured by the clock, because the
// cost of one pause differs tenfold between CPUs (about 25 ns on Zen 4, a few ns on older Intel).
#define SG_SPIN_NANOSECONDS 50000L
#define SG_PAUSES_PER_CLOCK_READ 32

static long monotonic_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void run_tasks(sg_pool *p, unsigned long generation) {
    unsigned long long word = atomic_load(&p->claim);
    for (;;) {
        if ((word >> 32) != (generation & 0xffffffffUL)) return;
        unsigned long long i = word & 0xffffffffULL;
        if (i >= (unsigned long long)atomic_load(&p->tasks)) return;
        if (atomic_compare_exchange_weak(&p->claim, &word, word + 1)) {
            p->fn(p->ctx, (int)i);
            atomic_fetch_add(&p->done, 1);
            word = atomic_load(&p->claim);
        }
    }
}

static void *worker_main(void *arg) {
    sg_pool *p = arg;
    char name[16];
    snprintf(name, sizeof name, "spyglass-w%d", atomic_fetch_add(&p->started, 1) + 1);
    pthread_setname_np(pthread_self(), name);
    unsigned long seen = atomic_load(&p->generation);
    for (;;) {
        const long deadline = monotonic_ns() + SG_SPIN_NANOSECONDS;
        int spins = 0;
        while (atomic_load(&p->generation) == seen && !atomic_load(&p->stop)) {
            if (!atomic_load_explicit(&p->resting, memory_order_relaxed) &&
                (++spins % SG_PAUSES_PER_CLOCK_READ != 0 || monotonic_ns() < deadline)) {
#if defined(__x86_64__)
                __builtin_ia32_pause();
#endif
                continue;
            }
            pthread_mutex_lock(&p->mutex);
            while (atomic_load(&p->generation) == seen && !atomic_load(&p->stop)) pthread_cond_wait(&p->wake, &p->mutex);
            pthread_mutex_unlock(&p->mutex);
        }
        if (atomic_load(&p->stop)) return NULL;
        seen = atomic_load(&p->generation);
        run_tasks(p, seen);
    }
}

sg_pool *sg_pool_create(int threads) {
    if (threads < 2) return NULL;
    sg_pool *p = calloc(1, sizeof(sg_pool));
    if (!p) return NULL;
    p->workers = threads - 1;
    p->threads = calloc((size_t)p->workers, sizeof(pthread_t));
    if (!p->threads) { free(p); return NULL; }
    pthread_mutex_init(&p->mutex, NULL);
    pthread_cond_init(&p->wake, NULL);
    for (int i = 0; i < p->workers; i++) {
        if (pthread_create(&p->threads[i], NULL, worker_main, p) != 0) {
            p->workers = i;  // run with the ones that started
            break;
        }
    }
    return p;
}

void sg_pool_destroy(sg_pool *p) {
    if (!p) return;
    atomic_store(&p->stop, 1);
    pthread_mutex_lock(&p->mutex);
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mutex);
    for (int i = 0; i < p->workers; i++) pthread_join(p->threads[i], NULL);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->mutex);
    free(p->threads);
    free(p);
}

void sg_pool_run(sg_pool *p, int tasks, sg_task_fn fn, void *ctx) {
    if (tasks <= 0) return;
    if (!p || p->workers == 0 || tasks == 1 || atomic_exchange(&p->busy, 1)) {
        for (int i = 0; i < tasks; i++) fn(ctx, i);
        return;
    }
    atomic_store_explicit(&p->resting, 0, memory_order_relaxed);
    // Publish the job, then the claim word tagged with its generation, then wake the workers.
    unsigned long generation = atomic_load(&p->generation) + 1;
    p->fn = fn;
    p->ctx = ctx;
    atomic_store(&p->tasks, tasks);
    atomic_store(&p->done, 0);
    atomic_store(&p->claim, (unsigned long long)(generation & 0xffffffffUL) << 32);
    pthread_mutex_lock(&p->mutex);
    atomic_store(&p->generation, generation);
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mutex);
    run_tasks(p, generation);
    while (atomic_load(&p->done) < tasks) {
#if defined(__x86_64__)
        __builtin_ia32_pause();
#endif
    }
    atomic_store(&p->busy, 0);
}

void sg_pool_rest(sg_pool *p) {
    if (p) atomic_store_explicit(&p->resting, 1, memory_order_relaxed);
}

long sg_atomic_next(long *counter) { return __atomic_fetch_add(counter, 1, __ATOMIC_RELAXED); }
