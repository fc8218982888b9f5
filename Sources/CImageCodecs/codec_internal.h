// Helpers shared by the codec files (not part of the public header).
#ifndef SPYGLASS_CIMAGECODECS_INTERNAL_H
#define SPYGLASS_CIMAGECODECS_INTERNAL_H

#include "cimagecodecs.h"

/// Writes a printf-style message into the caller's buffer (if any) and returns `status`.
cic_status cic_fail(cic_status status, char *message, int message_len, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

#endif
