/*
 * accounting.c -- WinSnmpGetSessionStats and WinSnmpGetCommStats, and the leak
 * report of WINSNMP_LOG=leaks.
 *
 * Two sessions create, share and free every kind of handle; the counts are checked
 * after every step (a handle counts for the session that created it, whichever
 * session's calls use it; a failed call changes nothing). Then:
 *   accounting leak  DEADPORT  -- session A is closed with handles still open, session
 *                                 B and two descriptors are left for SnmpCleanup;
 *   accounting clean DEADPORT  -- everything is given back first.
 * stdout names the two sessions ("session A <value>", "session B <value>") so the
 * test harness can predict the leak lines it then compares with stderr, exactly.
 */
#include <string.h>

#include "check.h"

static SNMPAPI_STATUS CALLBACK on_event(HSNMP_SESSION s, HWND w, UINT m, WPARAM wp,
                                        LPARAM lp, LPVOID data)
{
    (void)s; (void)w; (void)m; (void)wp; (void)lp; (void)data;
    return SNMPAPI_SUCCESS;
}

/* The four live counts of session s must be e, c, p, v. */
static void expect_live(HSNMP_SESSION s, smiUINT32 e, smiUINT32 c, smiUINT32 p,
                        smiUINT32 v, int line)
{
    WinSnmpSessionStats st;
    memset(&st, 0xAB, sizeof st);
    checks_run++;
    if (WinSnmpGetSessionStats(s, &st) != SNMPAPI_SUCCESS) {
        fprintf(stderr, "accounting.c:%d: WinSnmpGetSessionStats failed (%lu)\n", line,
                (unsigned long)SnmpGetLastError(NULL));
        exit(1);
    }
    if (st.entities != e || st.contexts != c || st.pdus != p || st.vbls != v) {
        fprintf(stderr,
                "accounting.c:%d: live %lu entities %lu contexts %lu PDUs %lu VBLs; "
                "expected %lu %lu %lu %lu\n",
                line, (unsigned long)st.entities, (unsigned long)st.contexts,
                (unsigned long)st.pdus, (unsigned long)st.vbls, (unsigned long)e,
                (unsigned long)c, (unsigned long)p, (unsigned long)v);
        exit(1);
    }
}
#define LIVE(s, e, c, p, v) expect_live((s), (e), (c), (p), (v), __LINE__)

static WinSnmpSessionStats stats_of(HSNMP_SESSION s)
{
    WinSnmpSessionStats st;
    CHECK(WinSnmpGetSessionStats(s, &st) == SNMPAPI_SUCCESS);
    return st;
}

int main(int argc, char **argv)
{
    smiUINT32 sysdescr[] = {1, 3, 6, 1, 2, 1, 1, 1, 0};
    smiOID name = {9, sysdescr};
    smiOCTETS community = {6, (smiLPBYTE)"public"};
    smiOCTETS msg;
    smiOID oid, vbname;
    smiVALUE value;
    WinSnmpSessionStats st;
    WinSnmpCommStats cs;
    char target[64];
    int leak;

    if (argc != 3 || (strcmp(argv[1], "leak") != 0 && strcmp(argv[1], "clean") != 0)) {
        fprintf(stderr, "usage: accounting leak|clean DEADPORT\n");
        return 2;
    }
    leak = strcmp(argv[1], "leak") == 0;
    snprintf(target, sizeof target, "127.0.0.1:%s", argv[2]);

    /* Before startup. */
    EXPECT_FAIL(WinSnmpGetSessionStats(NULL, &st), SNMPAPI_NOT_INITIALIZED);
    cs.size = sizeof cs;
    EXPECT_FAIL(WinSnmpGetCommStats(&cs), SNMPAPI_NOT_INITIALIZED);

    CHECK(SnmpStartup(NULL, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    HSNMP_SESSION a = SnmpCreateSession(NULL, 0, on_event, NULL);
    HSNMP_SESSION b = SnmpCreateSession(NULL, 0, on_event, NULL);
    CHECK(a != SNMPAPI_FAILURE && b != SNMPAPI_FAILURE);
    printf("session A %lu\nsession B %lu\n", (unsigned long)(uintptr_t)a,
           (unsigned long)(uintptr_t)b);

    /* Error rules: a bad session, a NULL pointer (recorded for the session too). */
    EXPECT_FAIL(WinSnmpGetSessionStats(NULL, &st), SNMPAPI_SESSION_INVALID);
    EXPECT_FAIL(WinSnmpGetSessionStats((HSNMP_SESSION)(uintptr_t)0x7fffffff, &st),
                SNMPAPI_SESSION_INVALID);
    EXPECT_FAIL(WinSnmpGetSessionStats(a, NULL), SNMPAPI_NOOP);
    CHECK(SnmpGetLastError(a) == SNMPAPI_NOOP);
    EXPECT_FAIL(WinSnmpGetCommStats(NULL), SNMPAPI_NOOP);
    cs.size = 7;
    EXPECT_FAIL(WinSnmpGetCommStats(&cs), SNMPAPI_SIZE_INVALID);

    st = stats_of(a);
    CHECK(st.entities == 0 && st.outstandingRequests == 0 && st.queuedMessages == 0 &&
          st.registrations == 0 && st.peakVbls == 0);

    /* A creates one of each kind but PDUs. */
    HSNMP_ENTITY e1 = SnmpStrToEntity(a, target);
    LIVE(a, 1, 0, 0, 0);
    HSNMP_ENTITY e2 = SnmpStrToEntity(a, "127.0.0.1:1");
    HSNMP_ENTITY e3 = SnmpStrToEntity(a, "127.0.0.1:2");
    LIVE(a, 3, 0, 0, 0);
    HSNMP_CONTEXT c1 = SnmpStrToContext(a, &community);
    LIVE(a, 3, 1, 0, 0);
    HSNMP_VBL v1 = SnmpCreateVbl(a, &name, NULL);
    LIVE(a, 3, 1, 0, 1);
    CHECK(e1 && e2 && e3 && c1 && v1);
    LIVE(b, 0, 0, 0, 0);

    /* B uses A's VBL: the PDU is B's. */
    HSNMP_PDU pb = SnmpCreatePdu(b, SNMP_PDU_GET, 0, 0, 0, v1);
    CHECK(pb != SNMPAPI_FAILURE);
    LIVE(a, 3, 1, 0, 1);
    LIVE(b, 0, 0, 1, 0);
    /* SnmpGetPduData's VBL is the PDU's session's. */
    HSNMP_VBL vb = NULL;
    CHECK(SnmpGetPduData(pb, NULL, NULL, NULL, NULL, &vb) == SNMPAPI_SUCCESS);
    LIVE(b, 0, 0, 1, 1);
    /* A duplicates B's PDU and VBL: the copies are A's. */
    HSNMP_PDU pa = SnmpDuplicatePdu(a, pb);
    HSNMP_VBL va = SnmpDuplicateVbl(a, vb);
    CHECK(pa && va);
    LIVE(a, 3, 1, 1, 2);
    LIVE(b, 0, 0, 1, 1);

    /* B encodes with A's entity and context and decodes: context and PDU are B's. */
    CHECK(SnmpEncodeMsg(b, NULL, e1, c1, pb, &msg) > 0);
    HSNMP_CONTEXT cb = NULL;
    HSNMP_PDU pd = NULL;
    CHECK(SnmpDecodeMsg(b, NULL, NULL, &cb, &pd, &msg) == msg.len);
    LIVE(b, 0, 1, 2, 1);
    LIVE(a, 3, 1, 1, 2);

    /* Failed calls change nothing: a bad PDU type, a double free, a bad message. */
    EXPECT_FAIL(SnmpCreatePdu(b, 0x7f, 0, 0, 0, v1), SNMPAPI_PDU_INVALID);
    CHECK(SnmpFreePdu(pa) == SNMPAPI_SUCCESS);
    LIVE(a, 3, 1, 0, 2);
    EXPECT_FAIL(SnmpFreePdu(pa), SNMPAPI_PDU_INVALID);
    smiOCTETS junk = {3, (smiLPBYTE)"\x30\x01\x00"};
    HSNMP_CONTEXT jc = NULL;
    HSNMP_PDU jp = NULL;
    EXPECT_FAIL(SnmpDecodeMsg(b, NULL, NULL, &jc, &jp, &junk), SNMPAPI_MESSAGE_INVALID);
    LIVE(a, 3, 1, 0, 2);
    LIVE(b, 0, 1, 2, 1);

    /* Frees through handles either session uses count for the owner. */
    CHECK(SnmpFreeVbl(v1) == SNMPAPI_SUCCESS); /* A's, used by B above */
    LIVE(a, 3, 1, 0, 1);
    CHECK(SnmpFreeEntity(e3) == SNMPAPI_SUCCESS);
    LIVE(a, 2, 1, 0, 1);

    /* Peaks: the most held at once. */
    st = stats_of(a);
    CHECK(st.peakEntities == 3 && st.peakContexts == 1 && st.peakPdus == 1 &&
          st.peakVbls == 2);
    st = stats_of(b);
    CHECK(st.peakEntities == 0 && st.peakContexts == 1 && st.peakPdus == 2 &&
          st.peakVbls == 1);

    /* Outstanding requests: A sends to a silent port, cancels, sends again. */
    CHECK(SnmpSetTimeout(e1, 6000) == SNMPAPI_SUCCESS);
    HSNMP_PDU req = SnmpCreatePdu(a, SNMP_PDU_GET, 0, 0, 0, va);
    CHECK(req != SNMPAPI_FAILURE);
    LIVE(a, 2, 1, 1, 1);
    CHECK(SnmpSendMsg(a, NULL, e1, c1, req) == SNMPAPI_SUCCESS);
    smiINT32 id = 0;
    CHECK(SnmpGetPduData(req, NULL, &id, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    st = stats_of(a);
    CHECK(st.outstandingRequests == 1 && st.queuedMessages == 0);
    CHECK(stats_of(b).outstandingRequests == 0);
    CHECK(SnmpCancelMsg(a, id) == SNMPAPI_SUCCESS);
    CHECK(stats_of(a).outstandingRequests == 0);
    /* B sends A's PDU: the request is B's. */
    CHECK(SnmpSendMsg(b, NULL, e1, c1, req) == SNMPAPI_SUCCESS);
    CHECK(stats_of(b).outstandingRequests == 1);
    CHECK(stats_of(a).outstandingRequests == 0);
    CHECK(SnmpFreePdu(req) == SNMPAPI_SUCCESS);
    LIVE(a, 2, 1, 0, 1);

    /* Registrations (the trap port is WINSNMP_TRAP_PORT, free). */
    CHECK(SnmpRegister(a, NULL, NULL, NULL, NULL, SNMPAPI_ON) == SNMPAPI_SUCCESS);
    CHECK(stats_of(a).registrations == 1);
    CHECK(SnmpRegister(a, NULL, NULL, NULL, &name, SNMPAPI_ON) == SNMPAPI_SUCCESS);
    CHECK(stats_of(a).registrations == 1); /* covered by the first: not stored */
    CHECK(SnmpRegister(b, NULL, NULL, c1, NULL, SNMPAPI_ON) == SNMPAPI_SUCCESS);
    CHECK(stats_of(b).registrations == 1);
    CHECK(SnmpRegister(a, NULL, NULL, NULL, NULL, SNMPAPI_OFF) == SNMPAPI_SUCCESS);
    CHECK(stats_of(a).registrations == 0);
    CHECK(SnmpRegister(b, NULL, NULL, c1, NULL, SNMPAPI_OFF) == SNMPAPI_SUCCESS);
    CHECK(stats_of(b).registrations == 0);

    /* Counters: the versioned record, the size echoed; an old, shorter record is
     * filled up to its size only. */
    memset(&cs, 0, sizeof cs);
    cs.size = sizeof cs;
    CHECK(WinSnmpGetCommStats(&cs) == SNMPAPI_SUCCESS);
    CHECK(cs.size == sizeof cs && cs.reserved == 0);
    CHECK(cs.datagramsOut == 2 && cs.transmissions == 2 && cs.cancelled == 1);
    CHECK(cs.bytesOut >= 2 * 40 && cs.datagramsIn == 0 && cs.timeouts == 0);
    memset(&cs, 0x5A, sizeof cs);
    cs.size = 8 + 2 * sizeof(uint64_t);
    CHECK(WinSnmpGetCommStats(&cs) == SNMPAPI_SUCCESS);
    CHECK(cs.size == 8 + 2 * sizeof(uint64_t) && cs.datagramsIn == 0 && cs.bytesIn == 0);
    CHECK(cs.datagramsOut == 0x5A5A5A5A5A5A5A5AULL); /* beyond its size: untouched */

    /* Descriptors: an OID from SnmpStrToOid, a VB name, the encoded message. */
    CHECK(SnmpStrToOid(".1.3.6.1.2.1.1.5.0", &oid) == 9);
    CHECK(SnmpGetVb(va, 1, &vbname, &value) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&vbname) == SNMPAPI_SUCCESS);

    if (leak) {
        /* A closes with 2 entities, 1 context and 1 VBL still open; B and two
         * descriptors (oid, msg) are left for the cleanup. */
        CHECK(SnmpClose(a) == SNMPAPI_SUCCESS);
        EXPECT_FAIL(WinSnmpGetSessionStats(a, &st), SNMPAPI_SESSION_INVALID);
        LIVE(b, 0, 1, 2, 1);
        printf("accounting: %d checks PASS\n", checks_run);
        fflush(stdout);
        CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);
        return 0;
    }

    /* Everything given back: nothing to report. */
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&oid) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &msg) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeEntity(e1) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeEntity(e2) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeContext(c1) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeVbl(va) == SNMPAPI_SUCCESS);
    LIVE(a, 0, 0, 0, 0);
    CHECK(SnmpFreeContext(cb) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreePdu(pd) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreePdu(pb) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeVbl(vb) == SNMPAPI_SUCCESS);
    LIVE(b, 0, 0, 0, 0);
    st = stats_of(b);
    CHECK(st.peakContexts == 1 && st.peakPdus == 2 && st.peakVbls == 1);
    /* B's request is still outstanding: closing ends it, and that is no leak. */
    CHECK(st.outstandingRequests == 1);
    CHECK(SnmpClose(a) == SNMPAPI_SUCCESS);
    CHECK(SnmpClose(b) == SNMPAPI_SUCCESS);
    CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);
    PASS("accounting");
}
