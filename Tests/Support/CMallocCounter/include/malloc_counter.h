#ifndef SPYGLASS_MALLOC_COUNTER_H
#define SPYGLASS_MALLOC_COUNTER_H
/// Starts counting allocation calls (every thread), from zero.
void sg_malloc_count_start(void);
/// Stops counting; returns the calls since start.
long sg_malloc_count_stop(void);
#endif
