#include "ckernels.h"
#include <sys/mman.h>
#include <unistd.h>
#include <stdint.h>

void sg_release_pages(const void *start, long bytes) {
#ifdef MADV_PAGEOUT
    const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    const uintptr_t begin = ((uintptr_t)start + page - 1) & ~(page - 1);  // whole pages inside the range only
    const uintptr_t end = ((uintptr_t)start + (uintptr_t)bytes) & ~(page - 1);
    if (end > begin) (void)madvise((void *)begin, end - begin, MADV_PAGEOUT);
#else
    (void)start; (void)bytes;
#endif
}
