/* check.h -- tiny assertion helpers shared by the C test programs. */
#ifndef WINSNMP_TEST_CHECK_H
#define WINSNMP_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#include "winsnmp.h"

static int checks_run;

#define CHECK(cond)                                                            \
    do {                                                                       \
        checks_run++;                                                          \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

/* `call` must fail (return 0) and leave `code` as the application-wide last
 * error. */
#define EXPECT_FAIL(call, code)                                                \
    do {                                                                       \
        checks_run++;                                                          \
        unsigned long long r_ = (unsigned long long)(uintptr_t)(call);         \
        SNMPAPI_STATUS e_ = SnmpGetLastError(NULL);                            \
        if (r_ != 0 || e_ != (code)) {                                         \
            fprintf(stderr,                                                    \
                    "%s:%d: %s returned %llu, last error %lu; expected "       \
                    "failure with %s (%lu)\n",                                 \
                    __FILE__, __LINE__, #call, r_, (unsigned long)e_, #code,   \
                    (unsigned long)(code));                                    \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

#define PASS(name)                                                             \
    do {                                                                       \
        printf("%s: %d checks PASS\n", name, checks_run);                      \
        return 0;                                                              \
    } while (0)

#endif
