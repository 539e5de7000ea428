/*
 * winsnmp_capi_outstanding.c -- issue 16 (c): memory per outstanding request through the
 * WinSNMP C API (libwsnmp32: engine, driver and handles together), at 100,000 outstanding
 * (aim: under 640 bytes each).
 *
 * One session (with a callback that only counts), one entity: a loopback UDP socket this
 * program binds and never reads (timeout 600 s, retry 1), one context, one PDU template
 * (GET sysUpTime.0) whose request-id is set with SnmpSetPduData before each SnmpSendMsg.
 * The resident set (/proc/self/statm) is read after a warm-up of 1,000 requests and again
 * after N more are sent (the driver thread is given 100 ms to send them); prints
 * `RESULT program=winsnmp_capi_memory outstanding=N rss_kib=K bytes_per_request=B`.
 *
 * Build (after `cargo build --release -p winsnmp-capi`):
 *   gcc -std=c11 -Wall -Wextra -Werror -O2 -I crates/winsnmp-capi/include \
 *       -o winsnmp_capi_outstanding benches/throughput/winsnmp_capi_outstanding.c \
 *       -L target/release -Wl,-rpath,$PWD/target/release -lwsnmp32 -lpthread
 * Run:   WINSNMP_CONFIG=/dev/null winsnmp_capi_outstanding [N]     (default 100000)
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "winsnmp.h"

static void fail(const char *what)
{
    fprintf(stderr, "winsnmp_capi_outstanding: %s failed (last error %lu)\n", what,
            (unsigned long)SnmpGetLastError(NULL));
    exit(2);
}

static SNMPAPI_STATUS CALLBACK on_event(HSNMP_SESSION s, HWND w, UINT m, WPARAM wp, LPARAM lp,
                                        LPVOID data)
{
    (void)s, (void)w, (void)m, (void)wp, (void)lp, (void)data;
    return SNMPAPI_SUCCESS;
}

static long rss_kib(void)
{
    long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return 0;
    if (fscanf(f, "%ld %ld", &size, &resident) != 2)
        resident = 0;
    fclose(f);
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
    if (n < 1 || n > 10000000) {
        fprintf(stderr, "usage: %s [N]\n", argv[0]);
        return 2;
    }
    /* The silent agent. */
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    socklen_t al = sizeof a;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
        getsockname(fd, (struct sockaddr *)&a, &al) < 0)
        fail("binding the silent socket");

    if (SnmpStartup(NULL, NULL, NULL, NULL, NULL) != SNMPAPI_SUCCESS)
        fail("SnmpStartup");
    if (SnmpSetTranslateMode(SNMPAPI_UNTRANSLATED_V2) != SNMPAPI_SUCCESS)
        fail("SnmpSetTranslateMode");
    HSNMP_SESSION s = SnmpCreateSession(NULL, 0, on_event, NULL);
    char addr[64];
    snprintf(addr, sizeof addr, "127.0.0.1:%u", (unsigned)ntohs(a.sin_port));
    HSNMP_ENTITY e = s == NULL ? NULL : SnmpStrToEntity(s, addr);
    if (e == NULL || SnmpSetTimeout(e, 60000) != SNMPAPI_SUCCESS ||
        SnmpSetRetry(e, 1) != SNMPAPI_SUCCESS)
        fail("session/entity");
    smiOCTETS community = {6, (smiLPBYTE) "public"};
    HSNMP_CONTEXT ctx = SnmpStrToContext(s, &community);
    smiOID name;
    if (ctx == NULL || SnmpStrToOid("1.3.6.1.2.1.1.3.0", &name) != 9)
        fail("context/OID");
    HSNMP_VBL vbl = SnmpCreateVbl(s, &name, NULL);
    HSNMP_PDU pdu = vbl == NULL ? NULL : SnmpCreatePdu(s, SNMP_PDU_GET, 0, 0, 0, vbl);
    if (pdu == NULL)
        fail("PDU");

    smiINT32 id = 1;
    struct timespec settle = {0, 100000000L};
    for (long i = 0; i < 1000; i++, id++)
        if (SnmpSetPduData(pdu, NULL, &id, NULL, NULL, NULL) != SNMPAPI_SUCCESS ||
            SnmpSendMsg(s, NULL, e, ctx, pdu) != SNMPAPI_SUCCESS)
            fail("SnmpSendMsg (warm-up)");
    nanosleep(&settle, NULL);
    long before = rss_kib();
    for (long i = 0; i < n; i++, id++)
        if (SnmpSetPduData(pdu, NULL, &id, NULL, NULL, NULL) != SNMPAPI_SUCCESS ||
            SnmpSendMsg(s, NULL, e, ctx, pdu) != SNMPAPI_SUCCESS)
            fail("SnmpSendMsg");
    nanosleep(&settle, NULL);
    long after = rss_kib();
    printf("RESULT program=winsnmp_capi_memory outstanding=%ld rss_kib=%ld "
           "bytes_per_request=%.0f\n",
           n, after - before, (double)(after - before) * 1024.0 / (double)n);
    fflush(stdout);
    SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name);
    if (SnmpClose(s) != SNMPAPI_SUCCESS || SnmpCleanup() != SNMPAPI_SUCCESS)
        fail("SnmpClose/SnmpCleanup");
    close(fd);
    return 0;
}
