/*
 * winsnmp_capi_gets.c -- issue 16 (b): GET round trips per second through the WinSNMP C API
 * (libwsnmp32), the workload of raw_sender.c.
 *
 * What it measures: completed SNMPv2c GETs (sysUpTime.0, community "public") per second
 * against N agents on consecutive ports HOST:BASE .. HOST:BASE+N-1 with W requests
 * outstanding, the way a WinSNMP application does it: SnmpStartup, one session
 * (SnmpCreateSession with a callback), one entity per target (SnmpStrToEntity; timeout
 * 0.5 s and retry 1 -- SnmpSetRetry(0) means "the default" in WinSNMP -- so a request ends
 * with SNMPAPI_TL_TIMEOUT 1 s after it was sent, after one retransmission), one context, one PDU template (SnmpCreatePdu) whose request-id is set with
 * SnmpSetPduData before each SnmpSendMsg. In the callback: for a response, SnmpRecvMsg and
 * SnmpFreeEntity/SnmpFreeContext/SnmpFreePdu of the four handles it returns, then the next
 * request (to the next target in turn); for SNMPAPI_TL_TIMEOUT, a timeout is counted and a
 * new request replaces it, so the window never shrinks.
 *
 * Common rules (see raw_sender.c): the window opens 200 requests at a time, 1 ms apart; the
 * first WARMUP seconds (and the ramp) are not counted, then D seconds are; one `RESULT ...`
 * line, with the process's CPU time (all threads) per completed GET.
 *
 * Build (after `cargo build --release -p winsnmp-capi`):
 *   gcc -std=c11 -Wall -Wextra -Werror -O2 -I crates/winsnmp-capi/include \
 *       -o winsnmp_capi_gets benches/throughput/winsnmp_capi_gets.c \
 *       -L target/release -Wl,-rpath,$PWD/target/release -lwsnmp32 -lpthread
 * Run:   winsnmp_capi_gets [-h HOST] -p BASE_PORT [-n TARGETS] [-w WINDOW] [-d SECONDS]
 *        [-u WARMUP]     (defaults: 127.0.0.1, 1, 1, 5 s, 0.5 s)
 * WINSNMP_CONFIG=/dev/null keeps the machine's entity database out of it.
 * scripts/bench-manager.py builds and runs it.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "winsnmp.h"

#define RAMP 200

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static HSNMP_SESSION session;
static HSNMP_CONTEXT context;
static HSNMP_PDU pdu;
static HSNMP_ENTITY *entities;
static long targets, next_target;
static smiINT32 next_id = 1;
static atomic_int stopping;
static atomic_ullong completed, timeouts, failures;

static void fail(const char *what)
{
    fprintf(stderr, "winsnmp_capi_gets: %s failed (last error %lu)\n", what,
            (unsigned long)SnmpGetLastError(NULL));
    exit(2);
}

/* Sends the next request (template PDU, new request-id, next target). */
static void send_next(void)
{
    pthread_mutex_lock(&mu);
    smiINT32 id = next_id;
    next_id = next_id == INT32_MAX ? 1 : next_id + 1;
    HSNMP_ENTITY to = entities[next_target];
    if (++next_target == targets)
        next_target = 0;
    if (SnmpSetPduData(pdu, NULL, &id, NULL, NULL, NULL) != SNMPAPI_SUCCESS)
        fail("SnmpSetPduData");
    SNMPAPI_STATUS r = SnmpSendMsg(session, NULL, to, context, pdu);
    pthread_mutex_unlock(&mu);
    if (r != SNMPAPI_SUCCESS)
        atomic_fetch_add_explicit(&failures, 1, memory_order_relaxed);
}

static SNMPAPI_STATUS CALLBACK on_event(HSNMP_SESSION s, HWND w, UINT m, WPARAM wp, LPARAM lp,
                                        LPVOID data)
{
    (void)w;
    (void)m;
    (void)lp;
    (void)data;
    if (wp == 0) {
        HSNMP_ENTITY src = NULL, dst = NULL;
        HSNMP_CONTEXT ctx = NULL;
        HSNMP_PDU got = NULL;
        if (SnmpRecvMsg(s, &src, &dst, &ctx, &got) != SNMPAPI_SUCCESS)
            return SNMPAPI_SUCCESS; /* nothing queued (closing) */
        SnmpFreeEntity(src);
        SnmpFreeEntity(dst);
        SnmpFreeContext(ctx);
        SnmpFreePdu(got);
        atomic_fetch_add_explicit(&completed, 1, memory_order_relaxed);
    } else if (wp == SNMPAPI_TL_TIMEOUT) {
        atomic_fetch_add_explicit(&timeouts, 1, memory_order_relaxed);
    } else {
        atomic_fetch_add_explicit(&failures, 1, memory_order_relaxed);
    }
    if (!atomic_load_explicit(&stopping, memory_order_relaxed))
        send_next();
    return SNMPAPI_SUCCESS;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of the process (all its threads) so far, in seconds: user + system, and in
 * *user the user-space part (what the library can change: the kernel's share is the same
 * sends and receives for every program). */
static double cpu_s(double *user)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
    return *user + (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static void sleep_until(double t)
{
    double d = t - now_s();
    if (d > 0) {
        struct timespec ts = {(time_t)d, (long)((d - (double)(time_t)d) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

int main(int argc, char **argv)
{
    const char *host = "127.0.0.1";
    long base = -1, window = 1;
    double duration = 5.0, warmup = 0.5;
    int opt;
    targets = 1;
    while ((opt = getopt(argc, argv, "h:p:n:w:d:u:")) != -1) {
        switch (opt) {
        case 'h': host = optarg; break;
        case 'p': base = strtol(optarg, NULL, 10); break;
        case 'n': targets = strtol(optarg, NULL, 10); break;
        case 'w': window = strtol(optarg, NULL, 10); break;
        case 'd': duration = strtod(optarg, NULL); break;
        case 'u': warmup = strtod(optarg, NULL); break;
        default:
            fprintf(stderr, "usage: %s [-h HOST] -p BASE_PORT [-n TARGETS] [-w WINDOW] "
                            "[-d SECONDS] [-u WARMUP]\n", argv[0]);
            return 2;
        }
    }
    if (base < 1 || targets < 1 || base + targets - 1 > 65535 || window < 1 ||
        window > 1000000 || !(duration > 0 && duration <= 3600) ||
        !(warmup >= 0 && warmup <= 60)) {
        fprintf(stderr, "%s: bad arguments\n", argv[0]);
        return 2;
    }

    if (SnmpStartup(NULL, NULL, NULL, NULL, NULL) != SNMPAPI_SUCCESS)
        fail("SnmpStartup");
    if (SnmpSetTranslateMode(SNMPAPI_UNTRANSLATED_V2) != SNMPAPI_SUCCESS)
        fail("SnmpSetTranslateMode");
    session = SnmpCreateSession(NULL, 0, on_event, NULL);
    if (session == NULL)
        fail("SnmpCreateSession");
    entities = calloc((size_t)targets, sizeof *entities);
    if (entities == NULL)
        fail("calloc");
    for (long i = 0; i < targets; i++) {
        char addr[80];
        snprintf(addr, sizeof addr, "%s:%ld", host, base + i);
        entities[i] = SnmpStrToEntity(session, addr);
        if (entities[i] == NULL)
            fail("SnmpStrToEntity");
        if (SnmpSetTimeout(entities[i], 50) != SNMPAPI_SUCCESS ||
            SnmpSetRetry(entities[i], 1) != SNMPAPI_SUCCESS)
            fail("SnmpSetTimeout/SnmpSetRetry");
    }
    smiOCTETS community = {6, (smiLPBYTE) "public"};
    context = SnmpStrToContext(session, &community);
    smiOID name;
    if (context == NULL || SnmpStrToOid("1.3.6.1.2.1.1.3.0", &name) != 9)
        fail("SnmpStrToContext/SnmpStrToOid");
    HSNMP_VBL vbl = SnmpCreateVbl(session, &name, NULL);
    pdu = vbl == NULL ? NULL : SnmpCreatePdu(session, SNMP_PDU_GET, 0, 0, 0, vbl);
    if (pdu == NULL)
        fail("SnmpCreateVbl/SnmpCreatePdu");

    double t = now_s(), start = t + warmup, end = start + duration;
    for (long opened = 0; opened < window; t += 0.001) {
        sleep_until(t);
        for (long k = 0; k < RAMP && opened < window; k++, opened++)
            send_next();
    }
    sleep_until(start);
    start = now_s();
    end = start + duration;
    unsigned long long c0 = atomic_load(&completed), t0 = atomic_load(&timeouts);
    double user0 = 0, cpu0 = cpu_s(&user0);
    sleep_until(end);
    unsigned long long c1 = atomic_load(&completed), t1 = atomic_load(&timeouts);
    double user = 0, cpu = cpu_s(&user) - cpu0;
    user -= user0;
    end = now_s();
    atomic_store(&stopping, 1);

    double secs = end - start;
    printf("RESULT program=winsnmp_capi targets=%ld window=%ld seconds=%.3f completed=%llu "
           "timeouts=%llu failures=%llu gets_per_s=%.0f cpu_us_per_get=%.2f "
           "user_us_per_get=%.2f\n",
           targets, window, secs, c1 - c0, t1 - t0, atomic_load(&failures),
           (double)(c1 - c0) / secs, cpu * 1e6 / (double)(c1 > c0 ? c1 - c0 : 1),
           user * 1e6 / (double)(c1 > c0 ? c1 - c0 : 1));
    fflush(stdout);
    /* SnmpClose waits for a callback in progress; no callback sends after `stopping`. */
    if (SnmpClose(session) != SNMPAPI_SUCCESS)
        fail("SnmpClose");
    SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name);
    if (SnmpCleanup() != SNMPAPI_SUCCESS)
        fail("SnmpCleanup");
    free(entities);
    return 0;
}
