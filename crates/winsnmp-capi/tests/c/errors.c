/*
 * errors.c -- issue 5, test 5: error paths.
 * Triggers, on purpose, every documented error code of every local WinSNMP function and
 * checks SnmpGetLastError after each (application-wide, and per session where the error is
 * attributed to one): NOT_INITIALIZED before startup for every function, then
 * SESSION/ENTITY/CONTEXT/PDU/VBL_INVALID, INDEX/OID/SYNTAX/MODE/SIZE_INVALID,
 * OUTPUT_TRUNCATED, NOOP, ENTITY/CONTEXT_UNKNOWN, OPERATION_INVALID, MESSAGE_INVALID,
 * HWND_INVALID, ALLOC_ERROR (invalid pointers), OTHER_ERROR, and the descriptor registry's
 * double free, foreign pointer and wrong-kind free.
 */
#include <string.h>

#include "check.h"

static SNMPAPI_STATUS CALLBACK on_event(HSNMP_SESSION s, HWND w, UINT m, WPARAM wp,
                                        LPARAM lp, LPVOID data)
{
    (void)s; (void)w; (void)m; (void)wp; (void)lp; (void)data;
    return SNMPAPI_SUCCESS;
}

#define BOGUS ((HANDLE)(uintptr_t)0x12345)

int main(void)
{
    smiUINT32 u = 0, u2 = 0;
    smiINT i = 0;
    smiINT32 i32 = 0;
    char buf[256];
    smiUINT32 arcs[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
    smiUINT32 many[200];
    smiOID oid = {9, arcs};
    smiOID out_oid;
    smiOCTETS out_octets;
    smiVALUE value;
    smiVENDORINFO vi;
    smiOCTETS community = {6, (smiLPBYTE)"public"};
    HSNMP_ENTITY he = NULL;
    HSNMP_CONTEXT hc = NULL;
    HSNMP_PDU hp = NULL;
    HSNMP_VBL hv = NULL;
    memset(many, 0, sizeof many);
    many[0] = 1;
    many[1] = 3;

    /* ------------------------------------------------ before startup */
    CHECK(SnmpGetLastError(NULL) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(SnmpCleanup(), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpCleanupEx(), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpGetTranslateMode(&u), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpSetTranslateMode(SNMPAPI_TRANSLATED), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpGetRetransmitMode(&u), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpSetRetransmitMode(SNMPAPI_OFF), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpGetTimeout(BOGUS, &u, &u2), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpSetTimeout(BOGUS, 10), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpGetRetry(BOGUS, &u, &u2), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpSetRetry(BOGUS, 1), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpGetVendorInfo(&vi), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpCreateSession(NULL, 0, on_event, NULL), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpOpen(NULL, 0), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpClose(BOGUS), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpStrToEntity(BOGUS, "127.0.0.1"), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpStrToEntity(BOGUS, NULL), SNMPAPI_NOT_INITIALIZED); /* not ALLOC_ERROR */
    EXPECT_FAIL(SnmpEntityToStr(BOGUS, sizeof buf, buf), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpFreeEntity(BOGUS), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpSetPort(BOGUS, 161), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpStrToContext(BOGUS, &community), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpContextToStr(BOGUS, &out_octets), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpFreeContext(BOGUS), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpCreatePdu(BOGUS, SNMP_PDU_GET, 0, 0, 0, NULL), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpGetPduData(BOGUS, &i, NULL, NULL, NULL, NULL), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpSetPduData(BOGUS, &i, NULL, NULL, NULL, NULL), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpDuplicatePdu(BOGUS, BOGUS), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpFreePdu(BOGUS), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpCreateVbl(BOGUS, &oid, NULL), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpDuplicateVbl(BOGUS, BOGUS), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpFreeVbl(BOGUS), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpCountVbl(BOGUS), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpGetVb(BOGUS, 1, &out_oid, &value), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpSetVb(BOGUS, 0, &oid, NULL), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpDeleteVb(BOGUS, 1), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpStrToOid("1.3.6.1", &out_oid), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpOidToStr(&oid, sizeof buf, buf), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpOidCopy(&oid, &out_oid), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpOidCompare(&oid, &oid, 0, &i), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpEncodeMsg(BOGUS, NULL, BOGUS, BOGUS, BOGUS, &out_octets),
                SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpDecodeMsg(BOGUS, &he, &he, &hc, &hp, &community), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, (smiLPOPAQUE)&community),
                SNMPAPI_NOT_INITIALIZED);

    /* ------------------------------------------------ runtime and modes */
    CHECK(SnmpStartup(NULL, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(SnmpCleanupEx(), SNMPAPI_OTHER_ERROR); /* no SnmpStartupEx outstanding */
    EXPECT_FAIL(SnmpGetTranslateMode(NULL), SNMPAPI_NOOP);
    EXPECT_FAIL(SnmpGetRetransmitMode(NULL), SNMPAPI_NOOP);
    EXPECT_FAIL(SnmpGetVendorInfo(NULL), SNMPAPI_NOOP);
    EXPECT_FAIL(SnmpSetTranslateMode(3), SNMPAPI_MODE_INVALID);
    EXPECT_FAIL(SnmpSetTranslateMode(0xFFFFFFFFu), SNMPAPI_MODE_INVALID);
    EXPECT_FAIL(SnmpSetRetransmitMode(2), SNMPAPI_MODE_INVALID);
    CHECK(SnmpGetVendorInfo(&vi) == SNMPAPI_SUCCESS);
    CHECK(memchr(vi.vendorName, 0, sizeof vi.vendorName) != NULL && vi.vendorName[0] != 0);

    /* ------------------------------------------------ sessions */
    EXPECT_FAIL(SnmpCreateSession((HWND)(uintptr_t)0x10, 0x400, NULL, NULL),
                SNMPAPI_HWND_INVALID);
    EXPECT_FAIL(SnmpCreateSession(NULL, 0, NULL, NULL), SNMPAPI_OPERATION_INVALID);
    EXPECT_FAIL(SnmpOpen((HWND)(uintptr_t)0x10, 0x400), SNMPAPI_HWND_INVALID);
    EXPECT_FAIL(SnmpClose(NULL), SNMPAPI_SESSION_INVALID);
    EXPECT_FAIL(SnmpClose(BOGUS), SNMPAPI_SESSION_INVALID);
    EXPECT_FAIL(SnmpClose((HSNMP_SESSION)(intptr_t)-1), SNMPAPI_SESSION_INVALID);
    HSNMP_SESSION s = SnmpCreateSession(NULL, 0, on_event, NULL);
    CHECK(s != NULL);
    HSNMP_SESSION other = SnmpCreateSession(NULL, 0, on_event, NULL);
    CHECK(other != NULL);

    /* ------------------------------------------------ entities */
    EXPECT_FAIL(SnmpStrToEntity(NULL, "127.0.0.1"), SNMPAPI_SESSION_INVALID);
    EXPECT_FAIL(SnmpStrToEntity(s, "not an address"), SNMPAPI_ENTITY_UNKNOWN);
    CHECK(SnmpGetLastError(s) == SNMPAPI_ENTITY_UNKNOWN);
    EXPECT_FAIL(SnmpStrToEntity(s, "10.0.0.1:0"), SNMPAPI_ENTITY_UNKNOWN);
    EXPECT_FAIL(SnmpStrToEntity(s, "10.0.0.1:65536"), SNMPAPI_ENTITY_UNKNOWN);
    EXPECT_FAIL(SnmpStrToEntity(s, "00000000:00A0C9123456"), SNMPAPI_ENTITY_UNKNOWN); /* IPX */
    EXPECT_FAIL(SnmpStrToEntity(s, ""), SNMPAPI_ENTITY_UNKNOWN);
    EXPECT_FAIL(SnmpStrToEntity(s, NULL), SNMPAPI_ALLOC_ERROR);
    CHECK(SnmpGetLastError(s) == SNMPAPI_ALLOC_ERROR);
    {
        static char longname[3000];
        memset(longname, 'a', sizeof longname - 1);
        EXPECT_FAIL(SnmpStrToEntity(s, longname), SNMPAPI_ENTITY_UNKNOWN);
    }
    he = SnmpStrToEntity(s, "192.0.2.1");
    CHECK(he != NULL);
    EXPECT_FAIL(SnmpEntityToStr(BOGUS, sizeof buf, buf), SNMPAPI_ENTITY_INVALID);
    EXPECT_FAIL(SnmpEntityToStr(he, 5, buf), SNMPAPI_OUTPUT_TRUNCATED);
    EXPECT_FAIL(SnmpEntityToStr(he, 0, buf), SNMPAPI_OUTPUT_TRUNCATED);
    EXPECT_FAIL(SnmpEntityToStr(he, sizeof buf, NULL), SNMPAPI_NOOP);
    CHECK(SnmpEntityToStr(he, 10, buf) == 10 && strcmp(buf, "192.0.2.1") == 0);
    EXPECT_FAIL(SnmpGetTimeout(BOGUS, &u, &u2), SNMPAPI_ENTITY_INVALID);
    EXPECT_FAIL(SnmpGetTimeout(he, NULL, NULL), SNMPAPI_NOOP);
    CHECK(SnmpGetLastError(s) == SNMPAPI_NOOP); /* attributed to the entity's session */
    EXPECT_FAIL(SnmpSetTimeout(BOGUS, 10), SNMPAPI_ENTITY_INVALID);
    EXPECT_FAIL(SnmpGetRetry(BOGUS, &u, NULL), SNMPAPI_ENTITY_INVALID);
    EXPECT_FAIL(SnmpGetRetry(he, NULL, NULL), SNMPAPI_NOOP);
    EXPECT_FAIL(SnmpSetRetry(NULL, 1), SNMPAPI_ENTITY_INVALID);
    EXPECT_FAIL(SnmpSetPort(he, 0), SNMPAPI_OPERATION_INVALID);
    EXPECT_FAIL(SnmpSetPort(he, 65536), SNMPAPI_OPERATION_INVALID);
    EXPECT_FAIL(SnmpSetPort(BOGUS, 161), SNMPAPI_ENTITY_INVALID);
    EXPECT_FAIL(SnmpFreeEntity(BOGUS), SNMPAPI_ENTITY_INVALID);
    EXPECT_FAIL(SnmpFreeEntity(s), SNMPAPI_ENTITY_INVALID); /* a handle of another kind */

    /* ------------------------------------------------ contexts */
    {
        smiOCTETS empty = {0, (smiLPBYTE)"x"};
        smiOCTETS nullptr_ = {6, NULL};
        EXPECT_FAIL(SnmpStrToContext(BOGUS, &community), SNMPAPI_SESSION_INVALID);
        EXPECT_FAIL(SnmpStrToContext(s, &empty), SNMPAPI_CONTEXT_INVALID);
        EXPECT_FAIL(SnmpStrToContext(s, &nullptr_), SNMPAPI_CONTEXT_INVALID);
        EXPECT_FAIL(SnmpStrToContext(s, NULL), SNMPAPI_CONTEXT_INVALID);
    }
    hc = SnmpStrToContext(s, &community);
    CHECK(hc != NULL);
    EXPECT_FAIL(SnmpContextToStr(BOGUS, &out_octets), SNMPAPI_CONTEXT_INVALID);
    EXPECT_FAIL(SnmpContextToStr(hc, NULL), SNMPAPI_NOOP);
    EXPECT_FAIL(SnmpFreeContext(BOGUS), SNMPAPI_CONTEXT_INVALID);
    EXPECT_FAIL(SnmpFreeContext(he), SNMPAPI_CONTEXT_INVALID);

    /* Translated mode with an empty database: names are unknown. */
    CHECK(SnmpSetTranslateMode(SNMPAPI_TRANSLATED) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(SnmpStrToEntity(s, "no-such-friendly-name"), SNMPAPI_ENTITY_UNKNOWN);
    {
        smiOCTETS name = {12, (smiLPBYTE)"no-such-name"};
        EXPECT_FAIL(SnmpStrToContext(s, &name), SNMPAPI_CONTEXT_UNKNOWN);
        CHECK(SnmpGetLastError(s) == SNMPAPI_CONTEXT_UNKNOWN);
    }
    CHECK(SnmpSetTranslateMode(SNMPAPI_UNTRANSLATED_V1) == SNMPAPI_SUCCESS);

    /* ------------------------------------------------ VBLs */
    EXPECT_FAIL(SnmpCreateVbl(BOGUS, &oid, NULL), SNMPAPI_SESSION_INVALID);
    {
        smiUINT32 one[] = {1};
        smiUINT32 bad_first[] = {3, 1};
        smiOID short_oid = {1, one};
        smiOID bad_arc = {2, bad_first};
        smiOID too_long = {200, many};
        smiOID null_ptr = {4, NULL};
        EXPECT_FAIL(SnmpCreateVbl(s, &short_oid, NULL), SNMPAPI_OID_INVALID);
        EXPECT_FAIL(SnmpCreateVbl(s, &bad_arc, NULL), SNMPAPI_OID_INVALID);
        EXPECT_FAIL(SnmpCreateVbl(s, &too_long, NULL), SNMPAPI_OID_INVALID);
        EXPECT_FAIL(SnmpCreateVbl(s, &null_ptr, NULL), SNMPAPI_OID_INVALID);
        CHECK(SnmpGetLastError(s) == SNMPAPI_OID_INVALID);
        value.syntax = 0x99;
        value.value.uNumber = 0;
        EXPECT_FAIL(SnmpCreateVbl(s, &oid, &value), SNMPAPI_SYNTAX_INVALID);
        value.syntax = SNMP_SYNTAX_SEQUENCE;
        EXPECT_FAIL(SnmpCreateVbl(s, &oid, &value), SNMPAPI_SYNTAX_INVALID);
        value.syntax = SNMP_SYNTAX_IPADDR;
        value.value.string.len = 3;
        value.value.string.ptr = (smiLPBYTE)"\x7f\x00\x01";
        EXPECT_FAIL(SnmpCreateVbl(s, &oid, &value), SNMPAPI_SYNTAX_INVALID);
        value.syntax = SNMP_SYNTAX_OCTETS;
        value.value.string.len = 5;
        value.value.string.ptr = NULL;
        EXPECT_FAIL(SnmpCreateVbl(s, &oid, &value), SNMPAPI_ALLOC_ERROR);
        value.syntax = SNMP_SYNTAX_OID;
        value.value.oid = short_oid;
        EXPECT_FAIL(SnmpCreateVbl(s, &oid, &value), SNMPAPI_OID_INVALID);
        value.value.oid = too_long;
        EXPECT_FAIL(SnmpCreateVbl(s, &oid, &value), SNMPAPI_OID_INVALID);
    }
    hv = SnmpCreateVbl(s, NULL, NULL); /* empty */
    CHECK(hv != NULL);
    EXPECT_FAIL(SnmpCountVbl(hv), SNMPAPI_NOOP); /* empty list: 0 with NOOP */
    EXPECT_FAIL(SnmpCountVbl(BOGUS), SNMPAPI_VBL_INVALID);
    EXPECT_FAIL(SnmpCountVbl(NULL), SNMPAPI_VBL_INVALID);
    EXPECT_FAIL(SnmpGetVb(hv, 1, &out_oid, &value), SNMPAPI_INDEX_INVALID);
    CHECK(SnmpSetVb(hv, 0, &oid, NULL) == 1);
    CHECK(SnmpSetVb(hv, 0, &oid, NULL) == 2);
    EXPECT_FAIL(SnmpSetVb(hv, 3, &oid, NULL), SNMPAPI_INDEX_INVALID); /* n+1 is no append */
    EXPECT_FAIL(SnmpSetVb(hv, 0, NULL, NULL), SNMPAPI_OID_INVALID);
    value.syntax = 0x31;
    EXPECT_FAIL(SnmpSetVb(hv, 1, &oid, &value), SNMPAPI_SYNTAX_INVALID);
    EXPECT_FAIL(SnmpSetVb(BOGUS, 0, &oid, NULL), SNMPAPI_VBL_INVALID);
    EXPECT_FAIL(SnmpGetVb(hv, 0, &out_oid, &value), SNMPAPI_INDEX_INVALID);
    EXPECT_FAIL(SnmpGetVb(hv, 3, &out_oid, &value), SNMPAPI_INDEX_INVALID);
    CHECK(SnmpGetLastError(s) == SNMPAPI_INDEX_INVALID);
    EXPECT_FAIL(SnmpGetVb(hv, 1, NULL, NULL), SNMPAPI_NOOP);
    EXPECT_FAIL(SnmpGetVb(BOGUS, 1, &out_oid, &value), SNMPAPI_VBL_INVALID);
    EXPECT_FAIL(SnmpDeleteVb(hv, 0), SNMPAPI_INDEX_INVALID);
    EXPECT_FAIL(SnmpDeleteVb(hv, 3), SNMPAPI_INDEX_INVALID);
    EXPECT_FAIL(SnmpDeleteVb(BOGUS, 1), SNMPAPI_VBL_INVALID);
    EXPECT_FAIL(SnmpDuplicateVbl(s, BOGUS), SNMPAPI_VBL_INVALID);
    EXPECT_FAIL(SnmpDuplicateVbl(BOGUS, hv), SNMPAPI_SESSION_INVALID);
    EXPECT_FAIL(SnmpFreeVbl(BOGUS), SNMPAPI_VBL_INVALID);
    EXPECT_FAIL(SnmpFreeVbl(hc), SNMPAPI_VBL_INVALID); /* a context handle */

    /* ------------------------------------------------ PDUs */
    EXPECT_FAIL(SnmpCreatePdu(BOGUS, SNMP_PDU_GET, 0, 0, 0, NULL), SNMPAPI_SESSION_INVALID);
    EXPECT_FAIL(SnmpCreatePdu(s, 0x99, 0, 0, 0, NULL), SNMPAPI_PDU_INVALID);
    EXPECT_FAIL(SnmpCreatePdu(s, SNMP_PDU_V1TRAP, 0, 0, 0, NULL), SNMPAPI_PDU_INVALID);
    EXPECT_FAIL(SnmpCreatePdu(s, SNMP_PDU_GET, 0, 0, 0, BOGUS), SNMPAPI_VBL_INVALID);
    CHECK(SnmpGetLastError(s) == SNMPAPI_VBL_INVALID);
    hp = SnmpCreatePdu(s, SNMP_PDU_GET, 0, 0, 0, hv);
    CHECK(hp != NULL);
    EXPECT_FAIL(SnmpGetPduData(hp, NULL, NULL, NULL, NULL, NULL), SNMPAPI_NOOP);
    EXPECT_FAIL(SnmpGetPduData(BOGUS, &i, &i32, &i, &i, NULL), SNMPAPI_PDU_INVALID);
    EXPECT_FAIL(SnmpSetPduData(hp, NULL, NULL, NULL, NULL, NULL), SNMPAPI_NOOP);
    EXPECT_FAIL(SnmpSetPduData(BOGUS, &i, NULL, NULL, NULL, NULL), SNMPAPI_PDU_INVALID);
    {
        smiINT v1trap = SNMP_PDU_V1TRAP, bad = 0x42;
        HSNMP_VBL bogus_vbl = BOGUS;
        EXPECT_FAIL(SnmpSetPduData(hp, &v1trap, NULL, NULL, NULL, NULL), SNMPAPI_PDU_INVALID);
        EXPECT_FAIL(SnmpSetPduData(hp, &bad, NULL, NULL, NULL, NULL), SNMPAPI_PDU_INVALID);
        EXPECT_FAIL(SnmpSetPduData(hp, NULL, NULL, NULL, NULL, &bogus_vbl), SNMPAPI_VBL_INVALID);
    }
    EXPECT_FAIL(SnmpDuplicatePdu(s, BOGUS), SNMPAPI_PDU_INVALID);
    EXPECT_FAIL(SnmpDuplicatePdu(BOGUS, hp), SNMPAPI_SESSION_INVALID);
    EXPECT_FAIL(SnmpFreePdu(BOGUS), SNMPAPI_PDU_INVALID);
    EXPECT_FAIL(SnmpFreePdu(hv), SNMPAPI_PDU_INVALID);

    /* ------------------------------------------------ encode / decode */
    EXPECT_FAIL(SnmpEncodeMsg(BOGUS, NULL, he, hc, hp, &out_octets), SNMPAPI_SESSION_INVALID);
    EXPECT_FAIL(SnmpEncodeMsg(s, NULL, BOGUS, hc, hp, &out_octets), SNMPAPI_ENTITY_INVALID);
    EXPECT_FAIL(SnmpEncodeMsg(s, BOGUS, he, hc, hp, &out_octets), SNMPAPI_ENTITY_INVALID);
    EXPECT_FAIL(SnmpEncodeMsg(s, NULL, he, BOGUS, hp, &out_octets), SNMPAPI_CONTEXT_INVALID);
    EXPECT_FAIL(SnmpEncodeMsg(s, NULL, he, NULL, hp, &out_octets), SNMPAPI_CONTEXT_INVALID);
    EXPECT_FAIL(SnmpEncodeMsg(s, NULL, he, hc, BOGUS, &out_octets), SNMPAPI_PDU_INVALID);
    EXPECT_FAIL(SnmpEncodeMsg(s, NULL, he, hc, hp, NULL), SNMPAPI_NOOP);
    {
        /* An Inform cannot go to an SNMPv1 entity (untranslated V1 mode). */
        HSNMP_PDU inform = SnmpCreatePdu(s, SNMP_PDU_INFORM, 0, 0, 0, hv);
        CHECK(inform != NULL);
        EXPECT_FAIL(SnmpEncodeMsg(s, NULL, he, hc, inform, &out_octets),
                    SNMPAPI_OPERATION_INVALID);
        CHECK(SnmpGetLastError(s) == SNMPAPI_OPERATION_INVALID);
        CHECK(SnmpFreePdu(inform) == SNMPAPI_SUCCESS);
        /* A GET with a non-zero error status is an invalid field combination. */
        HSNMP_PDU odd = SnmpCreatePdu(s, SNMP_PDU_GET, 0, 3, 0, hv);
        CHECK(odd != NULL);
        EXPECT_FAIL(SnmpEncodeMsg(s, NULL, he, hc, odd, &out_octets), SNMPAPI_PDU_INVALID);
        CHECK(SnmpFreePdu(odd) == SNMPAPI_SUCCESS);
    }
    {
        /* A valid GET, then damaged copies of it. */
        unsigned char damaged[128];
        smiOCTETS d;
        SNMPAPI_STATUS n = SnmpEncodeMsg(s, NULL, he, hc, hp, &out_octets);
        CHECK(n > 10 && n < sizeof damaged);
        memcpy(damaged, out_octets.ptr, n);
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, (smiLPOPAQUE)&out_octets) == SNMPAPI_SUCCESS);
        d.ptr = damaged;
        d.len = n - 3; /* the message runs past the buffer */
        EXPECT_FAIL(SnmpDecodeMsg(s, &he, &he, &hc, &hp, &d), SNMPAPI_OUTPUT_TRUNCATED);
        d.len = n;
        damaged[0] = 0x31; /* not a SEQUENCE */
        EXPECT_FAIL(SnmpDecodeMsg(s, NULL, NULL, &hc, &hp, &d), SNMPAPI_MESSAGE_INVALID);
        CHECK(SnmpGetLastError(s) == SNMPAPI_MESSAGE_INVALID);
        d.len = 0;
        EXPECT_FAIL(SnmpDecodeMsg(s, NULL, NULL, &hc, &hp, &d), SNMPAPI_MESSAGE_INVALID);
        EXPECT_FAIL(SnmpDecodeMsg(s, NULL, NULL, NULL, NULL, &community), SNMPAPI_NOOP);
        EXPECT_FAIL(SnmpDecodeMsg(BOGUS, NULL, NULL, &hc, &hp, &community), SNMPAPI_SESSION_INVALID);
        EXPECT_FAIL(SnmpDecodeMsg(s, NULL, NULL, &hc, &hp, NULL), SNMPAPI_ALLOC_ERROR);
        d.ptr = NULL;
        d.len = 40;
        EXPECT_FAIL(SnmpDecodeMsg(s, NULL, NULL, &hc, &hp, &d), SNMPAPI_ALLOC_ERROR);
        CHECK(SnmpGetLastError(s) == SNMPAPI_ALLOC_ERROR);
        CHECK(hc != NULL && hp != NULL); /* outputs untouched on failure */
    }

    /* ------------------------------------------------ OID utilities */
    EXPECT_FAIL(SnmpStrToOid("1", &out_oid), SNMPAPI_OID_INVALID);
    EXPECT_FAIL(SnmpStrToOid("1..3", &out_oid), SNMPAPI_OID_INVALID);
    EXPECT_FAIL(SnmpStrToOid("1.3.abc", &out_oid), SNMPAPI_OID_INVALID);
    EXPECT_FAIL(SnmpStrToOid("1.3 .6", &out_oid), SNMPAPI_OID_INVALID);
    EXPECT_FAIL(SnmpStrToOid("1.3.4294967296", &out_oid), SNMPAPI_OID_INVALID);
    EXPECT_FAIL(SnmpStrToOid("", &out_oid), SNMPAPI_OID_INVALID);
    EXPECT_FAIL(SnmpStrToOid(NULL, &out_oid), SNMPAPI_ALLOC_ERROR);
    EXPECT_FAIL(SnmpStrToOid("1.3.6.1", NULL), SNMPAPI_NOOP);
    {
        static char longoid[2000];
        size_t k;
        for (k = 0; k + 2 < sizeof longoid; k += 2) {
            longoid[k] = '1';
            longoid[k + 1] = '.';
        }
        longoid[k] = '1';
        EXPECT_FAIL(SnmpStrToOid(longoid, &out_oid), SNMPAPI_OID_INVALID);
    }
    {
        smiOID empty = {0, NULL};
        smiOID null_ptr = {3, NULL};
        smiOID too_long = {129, many};
        EXPECT_FAIL(SnmpOidToStr(&oid, 0, buf), SNMPAPI_SIZE_INVALID);
        EXPECT_FAIL(SnmpOidToStr(&oid, 5, buf), SNMPAPI_OUTPUT_TRUNCATED);
        EXPECT_FAIL(SnmpOidToStr(&empty, sizeof buf, buf), SNMPAPI_OID_INVALID);
        EXPECT_FAIL(SnmpOidToStr(&null_ptr, sizeof buf, buf), SNMPAPI_OID_INVALID);
        EXPECT_FAIL(SnmpOidToStr(&too_long, sizeof buf, buf), SNMPAPI_OID_INVALID);
        EXPECT_FAIL(SnmpOidToStr(NULL, sizeof buf, buf), SNMPAPI_OID_INVALID);
        EXPECT_FAIL(SnmpOidToStr(&oid, sizeof buf, NULL), SNMPAPI_NOOP);
        EXPECT_FAIL(SnmpOidCopy(NULL, &out_oid), SNMPAPI_OID_INVALID);
        EXPECT_FAIL(SnmpOidCopy(&null_ptr, &out_oid), SNMPAPI_OID_INVALID);
        EXPECT_FAIL(SnmpOidCopy(&too_long, &out_oid), SNMPAPI_OID_INVALID);
        EXPECT_FAIL(SnmpOidCopy(&oid, NULL), SNMPAPI_NOOP);
        EXPECT_FAIL(SnmpOidCompare(&oid, &oid, 129, &i), SNMPAPI_SIZE_INVALID);
        EXPECT_FAIL(SnmpOidCompare(&oid, &oid, 0, NULL), SNMPAPI_NOOP);
        EXPECT_FAIL(SnmpOidCompare(&null_ptr, &oid, 0, &i), SNMPAPI_OID_INVALID);
        EXPECT_FAIL(SnmpOidCompare(&oid, &too_long, 0, &i), SNMPAPI_OID_INVALID);
        EXPECT_FAIL(SnmpOidCompare(&oid, NULL, 0, &i), SNMPAPI_OID_INVALID);
        CHECK(SnmpOidCompare(&empty, &oid, 0, &i) == SNMPAPI_SUCCESS && i < 0);
        CHECK(SnmpOidCompare(&oid, &oid, 128, &i) == SNMPAPI_SUCCESS && i == 0);
    }

    /* ------------------------------------------------ SnmpFreeDescriptor */
    {
        smiUINT32 mine[] = {1, 3, 6};
        smiOID foreign = {3, mine};
        smiOCTETS null_desc = {4, NULL};
        CHECK(SnmpStrToOid("1.3.6.1.2.1", &out_oid) == 6);
        EXPECT_FAIL(SnmpFreeDescriptor(0x99, (smiLPOPAQUE)&out_oid), SNMPAPI_SYNTAX_INVALID);
        EXPECT_FAIL(SnmpFreeDescriptor(SNMP_SYNTAX_INT, (smiLPOPAQUE)&out_oid),
                    SNMPAPI_SYNTAX_INVALID);
        EXPECT_FAIL(SnmpFreeDescriptor(SNMP_SYNTAX_NULL, (smiLPOPAQUE)&out_oid),
                    SNMPAPI_SYNTAX_INVALID);
        /* An OID freed as an octet string: not what the library issued. */
        EXPECT_FAIL(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, (smiLPOPAQUE)&out_oid),
                    SNMPAPI_OPERATION_INVALID);
        smiOID saved = out_oid;
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&out_oid) == SNMPAPI_SUCCESS);
        CHECK(out_oid.len == 0 && out_oid.ptr == NULL);
        /* Freeing the cleared descriptor again: NULL ptr, nothing to do. */
        EXPECT_FAIL(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&out_oid), SNMPAPI_NOOP);
        /* Double free through a saved copy of the pointer. */
        EXPECT_FAIL(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&saved),
                    SNMPAPI_OPERATION_INVALID);
        /* A pointer the library never issued. */
        EXPECT_FAIL(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&foreign),
                    SNMPAPI_OPERATION_INVALID);
        CHECK(foreign.len == 3 && foreign.ptr == mine); /* untouched */
        EXPECT_FAIL(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, (smiLPOPAQUE)&community),
                    SNMPAPI_OPERATION_INVALID);
        EXPECT_FAIL(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, NULL), SNMPAPI_NOOP);
        EXPECT_FAIL(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &null_desc), SNMPAPI_NOOP);
    }

    /* ------------------------------------------------ attribution */
    /* A failure attributed to `other` leaves `s`'s slot alone. */
    CHECK(SnmpGetLastError(s) == SNMPAPI_ALLOC_ERROR);
    EXPECT_FAIL(SnmpCreatePdu(other, 0x77, 0, 0, 0, NULL), SNMPAPI_PDU_INVALID);
    CHECK(SnmpGetLastError(other) == SNMPAPI_PDU_INVALID);
    CHECK(SnmpGetLastError(s) == SNMPAPI_ALLOC_ERROR);
    /* An invalid session asks for the application-wide slot. */
    CHECK(SnmpGetLastError(BOGUS) == SNMPAPI_PDU_INVALID);
    /* Success never clears the last error. */
    CHECK(SnmpCountVbl(hv) == 2);
    CHECK(SnmpGetLastError(NULL) == SNMPAPI_PDU_INVALID);

    /* ------------------------------------------------ after the final cleanup */
    CHECK(SnmpFreeVbl(hv) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(SnmpFreeVbl(hv), SNMPAPI_VBL_INVALID); /* double free of a handle */
    CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);
    EXPECT_FAIL(SnmpCleanup(), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpFreePdu(hp), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpStrToOid(NULL, NULL), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(SnmpFreeDescriptor(0x99, NULL), SNMPAPI_NOT_INITIALIZED);
    CHECK(SnmpGetLastError(s) == SNMPAPI_NOT_INITIALIZED);

    PASS("errors");
}
