/*
 * sessions.c -- issue 5, test 1: sessions.
 * Opens several sessions, shares handles between them, closes them; the failure path when
 * no session can be created (session limit: SNMPAPI_FAILURE, then SnmpGetLastError(NULL)
 * == SNMPAPI_ALLOC_ERROR); use after close and after cleanup; startup accounting.
 */
#include <string.h>

#include "check.h"

static SNMPAPI_STATUS CALLBACK on_event(HSNMP_SESSION s, HWND w, UINT m, WPARAM wp,
                                        LPARAM lp, LPVOID data)
{
    (void)s; (void)w; (void)m; (void)wp; (void)lp; (void)data;
    return SNMPAPI_SUCCESS;
}

static HSNMP_SESSION open_session(int tag)
{
    return SnmpCreateSession(NULL, 0x400 + tag, on_event, (LPVOID)(uintptr_t)tag);
}

int main(void)
{
    smiUINT32 major = 0, minor = 9, level = 0, tmode = 9, rmode = 9;
    smiUINT32 sysdescr[] = {1, 3, 6, 1, 2, 1, 1, 1, 0};
    smiOID name = {9, sysdescr};
    smiOCTETS community = {6, (smiLPBYTE)"public"};
    smiOCTETS msg;
    HSNMP_SESSION s[4];
    int i;

    /* Before any startup: nothing works, the last error still answers. */
    CHECK(SnmpGetLastError(NULL) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(open_session(0), SNMPAPI_NOT_INITIALIZED);

    CHECK(SnmpStartup(&major, &minor, &level, &tmode, &rmode) == SNMPAPI_SUCCESS);
    CHECK(major == 2 && minor == 0 && level == SNMPAPI_V2_SUPPORT);
    CHECK(tmode == SNMPAPI_UNTRANSLATED_V1 && rmode == SNMPAPI_ON);
    /* Repeated startups need no extra cleanup; all-NULL outputs are fine. */
    CHECK(SnmpStartup(NULL, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);

    /* Several sessions, distinct handles. */
    for (i = 0; i < 4; i++) {
        s[i] = open_session(i);
        CHECK(s[i] != NULL);
    }
    for (i = 0; i < 4; i++) {
        int j;
        for (j = i + 1; j < 4; j++)
            CHECK(s[i] != s[j]);
    }

    /* Handles are shared: an entity of s0, a context of s1, a VBL of s2, a PDU of s3
     * built from s2's VBL, encoded through s1. */
    HSNMP_ENTITY agent = SnmpStrToEntity(s[0], "127.0.0.1:1161");
    CHECK(agent != NULL);
    HSNMP_CONTEXT ctx = SnmpStrToContext(s[1], &community);
    CHECK(ctx != NULL);
    HSNMP_VBL vbl = SnmpCreateVbl(s[2], &name, NULL);
    CHECK(vbl != NULL);
    HSNMP_PDU pdu = SnmpCreatePdu(s[3], SNMP_PDU_GET, 7, 0, 0, vbl);
    CHECK(pdu != NULL);
    CHECK(SnmpEncodeMsg(s[1], NULL, agent, ctx, pdu, &msg) > 20);
    CHECK(msg.ptr != NULL && msg.ptr[0] == 0x30);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, (smiLPOPAQUE)&msg) == SNMPAPI_SUCCESS);
    CHECK(msg.len == 0 && msg.ptr == NULL);
    HSNMP_VBL copy = SnmpDuplicateVbl(s[1], vbl); /* owned by s1 */
    CHECK(copy != NULL);

    /* Per-session last errors. */
    EXPECT_FAIL(SnmpCreatePdu(s[1], 0x99, 0, 0, 0, NULL), SNMPAPI_PDU_INVALID);
    EXPECT_FAIL(SnmpGetVb(vbl, 5, &name, NULL), SNMPAPI_INDEX_INVALID);
    CHECK(SnmpGetLastError(s[1]) == SNMPAPI_PDU_INVALID);
    CHECK(SnmpGetLastError(s[2]) == SNMPAPI_INDEX_INVALID);
    CHECK(SnmpGetLastError(s[0]) == SNMPAPI_SUCCESS);

    /* Closing s0 and s2 frees what they own, not what others own. */
    CHECK(SnmpClose(s[0]) == SNMPAPI_SUCCESS);
    CHECK(SnmpClose(s[2]) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(SnmpFreeEntity(agent), SNMPAPI_ENTITY_INVALID);
    EXPECT_FAIL(SnmpCountVbl(vbl), SNMPAPI_VBL_INVALID);
    CHECK(SnmpCountVbl(copy) == 1);
    {
        HSNMP_VBL from_pdu = NULL;
        CHECK(SnmpGetPduData(pdu, NULL, NULL, NULL, NULL, &from_pdu) == SNMPAPI_SUCCESS);
        CHECK(SnmpCountVbl(from_pdu) == 1); /* the PDU kept its own copy */
        CHECK(SnmpFreeVbl(from_pdu) == SNMPAPI_SUCCESS);
    }

    /* Use after close. */
    EXPECT_FAIL(SnmpClose(s[0]), SNMPAPI_SESSION_INVALID);
    EXPECT_FAIL(SnmpCreateVbl(s[0], NULL, NULL), SNMPAPI_SESSION_INVALID);
    EXPECT_FAIL(SnmpStrToEntity(s[2], "127.0.0.1"), SNMPAPI_SESSION_INVALID);
    /* A closed session's last error is the application-wide one. */
    CHECK(SnmpGetLastError(s[0]) == SNMPAPI_SESSION_INVALID);

    /* No session can be created: the session limit (an extension) is reached. */
    CHECK(WinSnmpSetSessionLimit(2) == SNMPAPI_SUCCESS); /* s1 and s3 are open */
    EXPECT_FAIL(open_session(9), SNMPAPI_ALLOC_ERROR);
    EXPECT_FAIL(open_session(10), SNMPAPI_ALLOC_ERROR);
    CHECK(SnmpClose(s[3]) == SNMPAPI_SUCCESS);
    s[3] = open_session(3); /* room again */
    CHECK(s[3] != NULL);
    EXPECT_FAIL(open_session(11), SNMPAPI_ALLOC_ERROR);
    CHECK(WinSnmpSetSessionLimit(1024) == SNMPAPI_SUCCESS);
    /* The same limit through the general limits extension. */
    {
        smiUINT32 v = 0;
        CHECK(WinSnmpGetLimit(WINSNMP_LIMIT_SESSIONS, &v) == SNMPAPI_SUCCESS && v == 1024);
        CHECK(WinSnmpSetLimit(WINSNMP_LIMIT_SESSIONS, 2) == SNMPAPI_SUCCESS);
        EXPECT_FAIL(open_session(12), SNMPAPI_ALLOC_ERROR);
        CHECK(WinSnmpSetLimit(WINSNMP_LIMIT_SESSIONS, 1024) == SNMPAPI_SUCCESS);
        EXPECT_FAIL(WinSnmpSetLimit(77, 1), SNMPAPI_OPERATION_INVALID);
        EXPECT_FAIL(WinSnmpGetLimit(WINSNMP_LIMIT_VARBINDS, NULL), SNMPAPI_NOOP);
        CHECK(WinSnmpGetQueueDrops(s[1], &v) == SNMPAPI_SUCCESS && v == 0);
        EXPECT_FAIL(WinSnmpGetQueueDrops(s[0], &v), SNMPAPI_SESSION_INVALID);
    }
    s[0] = open_session(0);
    CHECK(s[0] != NULL);
    EXPECT_FAIL(SnmpFreePdu(pdu), SNMPAPI_PDU_INVALID); /* went with the old s3 */

    /* Window-message mode does not exist here. */
    EXPECT_FAIL(SnmpCreateSession((HWND)(uintptr_t)0x1234, 0x400, NULL, NULL),
                SNMPAPI_HWND_INVALID);
    EXPECT_FAIL(SnmpCreateSession(NULL, 0, NULL, NULL), SNMPAPI_OPERATION_INVALID);
    EXPECT_FAIL(SnmpOpen((HWND)(uintptr_t)0x1234, 0x400), SNMPAPI_HWND_INVALID);

    /* A descriptor still outstanding at the final cleanup is freed by it (valgrind
     * checks that nothing leaks). */
    smiOID leftover;
    CHECK(SnmpStrToOid("1.3.6.1.4.1", &leftover) == 6);

    /* Cleanup closes everything; afterwards only startup and SnmpGetLastError work. */
    CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);
    EXPECT_FAIL(SnmpClose(s[1]), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpCountVbl(copy), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(open_session(1), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&leftover),
                SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpCleanup(), SNMPAPI_NOT_INITIALIZED);
    CHECK(SnmpGetLastError(s[1]) == SNMPAPI_NOT_INITIALIZED);

    /* A new startup: the old handles stay invalid, the old descriptor is foreign. */
    CHECK(SnmpStartup(NULL, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(SnmpClose(s[1]), SNMPAPI_SESSION_INVALID);
    EXPECT_FAIL(SnmpCountVbl(copy), SNMPAPI_VBL_INVALID);
    EXPECT_FAIL(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&leftover),
                SNMPAPI_OPERATION_INVALID);

    /* Startup accounting (Appendix E 1): the flag and the SnmpStartupEx count. */
    CHECK(SnmpStartupEx(NULL, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    CHECK(SnmpStartupEx(&major, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS && major == 2);
    s[0] = open_session(0);
    CHECK(s[0] != NULL);
    CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);   /* flag cleared, count 2 */
    CHECK(SnmpCleanupEx() == SNMPAPI_SUCCESS); /* count 1: still running */
    HSNMP_VBL still = SnmpCreateVbl(s[0], NULL, NULL);
    CHECK(still != NULL);
    CHECK(SnmpCleanupEx() == SNMPAPI_SUCCESS); /* count 0: torn down */
    EXPECT_FAIL(SnmpFreeVbl(still), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpCleanupEx(), SNMPAPI_NOT_INITIALIZED);
    /* SnmpCleanupEx with only SnmpStartup outstanding. */
    CHECK(SnmpStartup(NULL, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(SnmpCleanupEx(), SNMPAPI_OTHER_ERROR);
    CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);

    PASS("sessions");
}
