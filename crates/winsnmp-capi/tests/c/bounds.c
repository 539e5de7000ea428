/*
 * bounds.c -- input lengths are checked before anything is read.
 * Every function that takes an smiOCTETS, an smiOID or an smiVALUE from the caller gets
 * descriptors whose len is far larger than the memory behind ptr (0xFFFFFFF0 over a few
 * bytes), one octet above the largest message (65,508: nothing that long can ever be
 * sent), a 16 MiB community and 129 sub-identifiers. Each is refused with the function's
 * own error, with nothing read past the buffer (valgrind would say so); the largest
 * lengths allowed (65,507 octets, 128 sub-identifiers) still work.
 */
#include <string.h>

#include "check.h"

#define HUGE_LEN 0xFFFFFFF0u
#define MAX_MSG 65507u

static SNMPAPI_STATUS CALLBACK on_event(HSNMP_SESSION s, HWND w, UINT m, WPARAM wp,
                                        LPARAM lp, LPVOID data)
{
    (void)s; (void)w; (void)m; (void)wp; (void)lp; (void)data;
    return SNMPAPI_SUCCESS;
}

static smiVALUE octets_value(smiUINT32 len, smiLPBYTE ptr)
{
    smiVALUE v;
    memset(&v, 0, sizeof v);
    v.syntax = SNMP_SYNTAX_OCTETS;
    v.value.string.len = len;
    v.value.string.ptr = ptr;
    return v;
}

static smiVALUE oid_value(smiUINT32 len, smiLPUINT32 ptr)
{
    smiVALUE v;
    memset(&v, 0, sizeof v);
    v.syntax = SNMP_SYNTAX_OID;
    v.value.oid.len = len;
    v.value.oid.ptr = ptr;
    return v;
}

int main(void)
{
    smiBYTE small[8] = "public!";
    smiUINT32 arcs[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
    smiUINT32 arcs128[128];
    smiOID name = {9, arcs};
    smiOID huge_oid = {HUGE_LEN, arcs};
    smiOID oid129 = {129, arcs128}; /* one past the array: must not be read */
    smiOID oid128 = {128, arcs128};
    smiOID copy;
    smiOCTETS huge = {HUGE_LEN, small};
    smiOCTETS out;
    smiINT cmp = 0;
    char text[MAXOBJIDSTRSIZE];
    HSNMP_CONTEXT ctx = NULL;
    HSNMP_PDU pdu = NULL;
    smiVALUE v;
    smiLPBYTE big = calloc(16u << 20, 1);
    unsigned i;

    CHECK(big != NULL);
    memset(big, 'c', 16u << 20);
    for (i = 0; i < 128; i++)
        arcs128[i] = i < 2 ? 1 : i;

    CHECK(SnmpStartup(NULL, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    HSNMP_SESSION s = SnmpCreateSession(NULL, 0, on_event, NULL);
    CHECK(s != NULL);

    /* SnmpStrToContext: a bad context descriptor is SNMPAPI_CONTEXT_INVALID. */
    EXPECT_FAIL(SnmpStrToContext(s, &huge), SNMPAPI_CONTEXT_INVALID);
    CHECK(SnmpGetLastError(s) == SNMPAPI_CONTEXT_INVALID);
    smiOCTETS over = {MAX_MSG + 1, big};
    EXPECT_FAIL(SnmpStrToContext(s, &over), SNMPAPI_CONTEXT_INVALID);
    smiOCTETS sixteen_mib = {16u << 20, big};
    EXPECT_FAIL(SnmpStrToContext(s, &sixteen_mib), SNMPAPI_CONTEXT_INVALID);
    smiOCTETS largest = {MAX_MSG, big};
    ctx = SnmpStrToContext(s, &largest);
    CHECK(ctx != NULL);
    CHECK(SnmpContextToStr(ctx, &out) == SNMPAPI_SUCCESS && out.len == MAX_MSG);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &out) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeContext(ctx) == SNMPAPI_SUCCESS);

    /* SnmpCreateVbl: a bad name is SNMPAPI_OID_INVALID; an octet value longer than any
     * message is an invalid pointer (SNMPAPI_ALLOC_ERROR, as for a NULL ptr with len > 0). */
    EXPECT_FAIL(SnmpCreateVbl(s, &huge_oid, NULL), SNMPAPI_OID_INVALID);
    EXPECT_FAIL(SnmpCreateVbl(s, &oid129, NULL), SNMPAPI_OID_INVALID);
    v = octets_value(HUGE_LEN, small);
    EXPECT_FAIL(SnmpCreateVbl(s, &name, &v), SNMPAPI_ALLOC_ERROR);
    CHECK(SnmpGetLastError(s) == SNMPAPI_ALLOC_ERROR);
    v = octets_value(MAX_MSG + 1, big);
    EXPECT_FAIL(SnmpCreateVbl(s, &name, &v), SNMPAPI_ALLOC_ERROR);
    v = oid_value(HUGE_LEN, arcs);
    EXPECT_FAIL(SnmpCreateVbl(s, &name, &v), SNMPAPI_OID_INVALID);
    v = oid_value(129, arcs128);
    EXPECT_FAIL(SnmpCreateVbl(s, &name, &v), SNMPAPI_OID_INVALID);
    v = octets_value(MAX_MSG, big);
    HSNMP_VBL vbl = SnmpCreateVbl(s, &oid128, &v);
    CHECK(vbl != NULL);

    /* SnmpSetVb: the same rules, appending and replacing. */
    EXPECT_FAIL(SnmpSetVb(vbl, 0, &huge_oid, NULL), SNMPAPI_OID_INVALID);
    EXPECT_FAIL(SnmpSetVb(vbl, 1, &oid129, NULL), SNMPAPI_OID_INVALID);
    v = octets_value(HUGE_LEN, small);
    EXPECT_FAIL(SnmpSetVb(vbl, 0, &name, &v), SNMPAPI_ALLOC_ERROR);
    EXPECT_FAIL(SnmpSetVb(vbl, 1, NULL, &v), SNMPAPI_ALLOC_ERROR);
    v = oid_value(HUGE_LEN, arcs);
    EXPECT_FAIL(SnmpSetVb(vbl, 1, NULL, &v), SNMPAPI_OID_INVALID);
    CHECK(SnmpCountVbl(vbl) == 1);
    v = oid_value(128, arcs128);
    CHECK(SnmpSetVb(vbl, 0, &name, &v) == 2);

    /* The OID utilities: SNMPAPI_OID_INVALID, nothing read. */
    EXPECT_FAIL(SnmpOidCopy(&huge_oid, &copy), SNMPAPI_OID_INVALID);
    EXPECT_FAIL(SnmpOidCopy(&oid129, &copy), SNMPAPI_OID_INVALID);
    EXPECT_FAIL(SnmpOidCompare(&huge_oid, &name, 0, &cmp), SNMPAPI_OID_INVALID);
    EXPECT_FAIL(SnmpOidCompare(&name, &oid129, 0, &cmp), SNMPAPI_OID_INVALID);
    EXPECT_FAIL(SnmpOidToStr(&huge_oid, sizeof text, text), SNMPAPI_OID_INVALID);
    EXPECT_FAIL(SnmpOidToStr(&oid129, sizeof text, text), SNMPAPI_OID_INVALID);
    CHECK(SnmpOidCopy(&oid128, &copy) == 128);
    CHECK(SnmpOidCompare(&copy, &oid128, 0, &cmp) == SNMPAPI_SUCCESS && cmp == 0);
    CHECK(SnmpOidToStr(&copy, sizeof text, text) > 0);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&copy) == SNMPAPI_SUCCESS);

    /* SnmpRegister's notification OID. */
    EXPECT_FAIL(SnmpRegister(s, NULL, NULL, NULL, &huge_oid, SNMPAPI_ON), SNMPAPI_OID_INVALID);
    EXPECT_FAIL(SnmpRegister(s, NULL, NULL, NULL, &oid129, SNMPAPI_ON), SNMPAPI_OID_INVALID);

    /* SnmpEncodeMsg ignores what its output descriptor held; SnmpDecodeMsg refuses an
     * input buffer longer than any message as an invalid pointer. */
    ctx = SnmpStrToContext(s, &(smiOCTETS){6, small});
    HSNMP_ENTITY agent = SnmpStrToEntity(s, "192.0.2.1");
    HSNMP_VBL one = SnmpCreateVbl(s, &name, NULL);
    pdu = SnmpCreatePdu(s, SNMP_PDU_GET, 7, 0, 0, one);
    CHECK(ctx != NULL && agent != NULL && pdu != NULL);
    out.len = HUGE_LEN;
    out.ptr = small;
    smiUINT32 n = SnmpEncodeMsg(s, NULL, agent, ctx, pdu, &out);
    CHECK(n > 0 && n == out.len && out.ptr != small);
    memcpy(big, out.ptr, n);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &out) == SNMPAPI_SUCCESS);
    HSNMP_CONTEXT dctx = NULL;
    HSNMP_PDU dpdu = NULL;
    smiOCTETS in = {HUGE_LEN, big};
    EXPECT_FAIL(SnmpDecodeMsg(s, NULL, NULL, &dctx, &dpdu, &in), SNMPAPI_ALLOC_ERROR);
    in.len = MAX_MSG + 1;
    EXPECT_FAIL(SnmpDecodeMsg(s, NULL, NULL, &dctx, &dpdu, &in), SNMPAPI_ALLOC_ERROR);
    CHECK(dctx == NULL && dpdu == NULL);
    /* The message followed by the rest of a 65,507-byte buffer: decoded, n bytes used. */
    memset(big + n, 0, MAX_MSG - n);
    in.len = MAX_MSG;
    CHECK(SnmpDecodeMsg(s, NULL, NULL, &dctx, &dpdu, &in) == n);
    CHECK(dctx != NULL && dpdu != NULL);

    /* SnmpFreeDescriptor never reads through ptr: a foreign descriptor of any length. */
    EXPECT_FAIL(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &huge), SNMPAPI_OPERATION_INVALID);

    CHECK(SnmpClose(s) == SNMPAPI_SUCCESS);
    CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);
    free(big);
    PASS("bounds");
}
