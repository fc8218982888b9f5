// A counting allocator for tests: malloc, calloc, realloc, aligned_alloc and posix_memalign are
// defined here (so they interpose on glibc's for the whole test process) and forward to glibc's
// own entry points, counting calls while counting is on. Used to show that a planned forward pass
// allocates nothing.
//
// Only the forward's own threads are counted: the thread that started counting and the runtime's
// pool workers (named "spyglass-w…" by worker_pool.c). Other threads of the test process (an
// event loop or dispatch thread left by an earlier test) may allocate at any moment; their calls
// are tallied by thread name for the report, not counted against the forward.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include "malloc_counter.h"

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static atomic_int counting;
static atomic_long calls;
static pthread_t starter;

// Other threads' calls, by thread name: a small fixed table (no allocation inside malloc).
#define SG_OTHER_THREADS 8
static struct { char name[16]; long calls; } others[SG_OTHER_THREADS];
static atomic_flag others_lock = ATOMIC_FLAG_INIT;

static int is_pool_worker(char name[16]) {
    memset(name, 0, 16);
    prctl(PR_GET_NAME, name);  // a system call; no allocation
    return strncmp(name, "spyglass-w", 10) == 0;
}

int sg_thread_is_pool_worker(void) {
    char name[16];
    return is_pool_worker(name);
}

static void tally_other(const char name[16]) {
    while (atomic_flag_test_and_set_explicit(&others_lock, memory_order_acquire)) {}
    for (int i = 0; i < SG_OTHER_THREADS; i++) {
        if (others[i].name[0] == 0) strncpy(others[i].name, name[0] ? name : "?", 15);
        if (strncmp(others[i].name, name[0] ? name : "?", 16) == 0) { others[i].calls++; break; }
    }
    atomic_flag_clear_explicit(&others_lock, memory_order_release);
}

static inline void count(void) {
    if (!atomic_load_explicit(&counting, memory_order_acquire)) return;
    char name[16];
    if (pthread_equal(pthread_self(), starter) || is_pool_worker(name)) {
        atomic_fetch_add_explicit(&calls, 1, memory_order_relaxed);
    } else {
        tally_other(name);
    }
}

void *malloc(size_t size) { count(); return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { count(); return __libc_calloc(n, size); }
void *realloc(void *p, size_t size) { count(); return __libc_realloc(p, size); }
void *aligned_alloc(size_t alignment, size_t size) { count(); return __libc_memalign(alignment, size); }

int posix_memalign(void **out, size_t alignment, size_t size) {
    count();
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
    void *p = __libc_memalign(alignment, size);
    if (!p && size) return ENOMEM;
    *out = p;
    return 0;
}

void sg_malloc_count_start(void) {
    atomic_store(&counting, 0);
    while (atomic_flag_test_and_set(&others_lock)) {}
    memset(others, 0, sizeof(others));
    atomic_flag_clear(&others_lock);
    starter = pthread_self();
    atomic_store(&calls, 0);
    atomic_store(&counting, 1);
}

long sg_malloc_count_stop(void) {
    atomic_store(&counting, 0);
    return atomic_load(&calls);
}

int sg_malloc_count_others(char *text, int capacity) {
    if (capacity <= 0) return 0;
    text[0] = 0;
    int used = 0, threads = 0;
    while (atomic_flag_test_and_set(&others_lock)) {}
    for (int i = 0; i < SG_OTHER_THREADS && others[i].name[0]; i++, threads++) {
        int n = snprintf(text + used, (size_t)(capacity - used), "%s%s: %ld", used ? ", " : "", others[i].name, others[i].calls);
        if (n < 0 || n >= capacity - used) break;
        used += n;
    }
    atomic_flag_clear(&others_lock);
    return threads;
}
