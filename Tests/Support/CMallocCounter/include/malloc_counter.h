#ifndef SPYGLASS_MALLOC_COUNTER_H
#define SPYGLASS_MALLOC_COUNTER_H
/// Starts counting allocation calls, from zero, on the calling thread and the runtime's pool
/// workers (threads named "spyglass-w…").
void sg_malloc_count_start(void);
/// Stops counting; returns the counted calls since start.
long sg_malloc_count_stop(void);
/// Writes "name: calls, …" for the other threads that allocated while counting was on (not
/// counted); returns how many such threads there were.
int sg_malloc_count_others(char *text, int capacity);
/// 1 on a runtime pool worker (a thread named "spyglass-w…"), else 0.
int sg_thread_is_pool_worker(void);
#endif
