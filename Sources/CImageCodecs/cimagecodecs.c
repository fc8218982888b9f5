#include "codec_internal.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

cic_status cic_fail(cic_status status, char *message, int message_len, const char *format, ...) {
    if (message && message_len > 0) {
        va_list args;
        va_start(args, format);
        vsnprintf(message, (size_t)message_len, format, args);
        va_end(args);
    }
    return status;
}

void cic_free(void *p) { free(p); }
