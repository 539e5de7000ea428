/*
 * netget.c -- issue 5, test 2: GET and a full walk of the system group against a real
 * net-snmp snmpd on a loopback port, via callbacks; a timeout notification.
 * Usage: netget AGENT_PORT DEAD_PORT
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "events.h"

#define TIMEOUT_MS 20000

/* Sends `type` for `name` and returns the response PDU (received inside the callback). */
static HSNMP_PDU request(HSNMP_SESSION s, HSNMP_ENTITY agent, HSNMP_CONTEXT ctx, smiINT type,
                         const smiOID *name)
{
    event_t e;
    smiINT32 rid = 0, got_rid = 0;
    smiINT got_type = 0, status = -1;
    HSNMP_VBL vbl = SnmpCreateVbl(s, name, NULL);
    HSNMP_PDU pdu = SnmpCreatePdu(s, type, 0, 0, 0, vbl);
    CHECK(vbl != NULL && pdu != NULL);
    CHECK(SnmpGetPduData(pdu, NULL, &rid, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    CHECK(SnmpSendMsg(s, NULL, agent, ctx, pdu) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreePdu(pdu) == SNMPAPI_SUCCESS); /* the library keeps its own copy */
    CHECK(SnmpFreeVbl(vbl) == SNMPAPI_SUCCESS);
    CHECK(wait_event(&e, TIMEOUT_MS));
    CHECK(e.session == s && e.wparam == 0 && e.lparam == rid);
    CHECK(e.recv_status == SNMPAPI_SUCCESS && e.pdu != NULL);
    CHECK(SnmpGetPduData(e.pdu, &got_type, &got_rid, &status, NULL, NULL) == SNMPAPI_SUCCESS);
    CHECK(got_type == SNMP_PDU_RESPONSE && got_rid == rid && status == SNMP_ERROR_NOERROR);
    free_received(e.src, e.dst, e.context, NULL);
    return e.pdu;
}

int main(int argc, char **argv)
{
    char addr[64], text[MAXOBJIDSTRSIZE];
    smiOCTETS community = {6, (smiLPBYTE)"public"};
    smiOID name, prefix;
    smiOID got_name;
    smiVALUE got;
    HSNMP_VBL vbl;
    int rows = 0;
    CHECK(argc == 3);

    CHECK(SnmpStartup(NULL, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    CHECK(SnmpSetTranslateMode(SNMPAPI_UNTRANSLATED_V2) == SNMPAPI_SUCCESS);
    HSNMP_SESSION s = SnmpCreateSession(NULL, 0, queue_event, (LPVOID)1);
    CHECK(s != NULL);
    snprintf(addr, sizeof addr, "127.0.0.1:%s", argv[1]);
    HSNMP_ENTITY agent = SnmpStrToEntity(s, addr);
    HSNMP_CONTEXT ctx = SnmpStrToContext(s, &community);
    CHECK(agent != NULL && ctx != NULL);
    CHECK(SnmpSetTimeout(agent, 300) == SNMPAPI_SUCCESS); /* slow under valgrind */

    /* GET sysDescr.0 */
    CHECK(SnmpStrToOid("1.3.6.1.2.1.1.1.0", &name) == 9);
    HSNMP_PDU resp = request(s, agent, ctx, SNMP_PDU_GET, &name);
    CHECK(SnmpGetPduData(resp, NULL, NULL, NULL, NULL, &vbl) == SNMPAPI_SUCCESS);
    CHECK(SnmpCountVbl(vbl) == 1);
    CHECK(SnmpGetVb(vbl, 1, &got_name, &got) == SNMPAPI_SUCCESS);
    CHECK(got.syntax == SNMP_SYNTAX_OCTETS && got.value.string.len > 0);
    printf("sysDescr.0 = %.*s\n", (int)got.value.string.len, (char *)got.value.string.ptr);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &got.value.string) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&got_name) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeVbl(vbl) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreePdu(resp) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name) == SNMPAPI_SUCCESS);

    /* Walk the system group with GETNEXT. */
    CHECK(SnmpStrToOid("1.3.6.1.2.1.1", &prefix) == 7);
    CHECK(SnmpOidCopy(&prefix, &name) == 7);
    for (;;) {
        smiINT cmp = 1;
        resp = request(s, agent, ctx, SNMP_PDU_GETNEXT, &name);
        CHECK(SnmpGetPduData(resp, NULL, NULL, NULL, NULL, &vbl) == SNMPAPI_SUCCESS);
        CHECK(SnmpGetVb(vbl, 1, &got_name, &got) == SNMPAPI_SUCCESS);
        CHECK(SnmpOidCompare(&prefix, &got_name, prefix.len, &cmp) == SNMPAPI_SUCCESS);
        int done = cmp != 0 || got.syntax == SNMP_SYNTAX_ENDOFMIBVIEW;
        if (!done) {
            CHECK(SnmpOidToStr(&got_name, sizeof text, text) > 0);
            printf("%s (syntax 0x%02lx)\n", text, (unsigned long)got.syntax);
            rows++;
        }
        if (got.syntax == SNMP_SYNTAX_OID)
            CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&got.value.oid) == SNMPAPI_SUCCESS);
        else if (got.syntax == SNMP_SYNTAX_OCTETS && got.value.string.ptr != NULL)
            CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &got.value.string) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name) == SNMPAPI_SUCCESS);
        name = got_name; /* the next request starts here; freed next round */
        CHECK(SnmpFreeVbl(vbl) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreePdu(resp) == SNMPAPI_SUCCESS);
        if (done)
            break;
        CHECK(rows < 1000);
    }
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&prefix) == SNMPAPI_SUCCESS);
    printf("walk: %d objects\n", rows);
    CHECK(rows >= 7);

    /* Nobody answers on the dead port: one retry, then SNMPAPI_TL_TIMEOUT with the request
     * id, and nothing to receive. */
    {
        event_t e;
        smiINT32 rid = 0;
        snprintf(addr, sizeof addr, "127.0.0.1:%s", argv[2]);
        HSNMP_ENTITY dead = SnmpStrToEntity(s, addr);
        CHECK(dead != NULL);
        CHECK(SnmpSetTimeout(dead, 20) == SNMPAPI_SUCCESS);
        CHECK(SnmpSetRetry(dead, 1) == SNMPAPI_SUCCESS);
        CHECK(SnmpStrToOid("1.3.6.1.2.1.1.3.0", &name) == 9);
        vbl = SnmpCreateVbl(s, &name, NULL);
        HSNMP_PDU pdu = SnmpCreatePdu(s, SNMP_PDU_GET, 0, 0, 0, vbl);
        CHECK(SnmpGetPduData(pdu, NULL, &rid, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
        CHECK(SnmpSendMsg(s, NULL, dead, ctx, pdu) == SNMPAPI_SUCCESS);
        CHECK(wait_event(&e, TIMEOUT_MS));
        CHECK(e.wparam == SNMPAPI_TL_TIMEOUT || e.wparam == SNMPAPI_TL_UNDELIVERABLE);
        CHECK(e.lparam == rid);
        EXPECT_FAIL(SnmpRecvMsg(s, NULL, NULL, NULL, &pdu), SNMPAPI_NOOP);
        /* A second request, cancelled: no notification follows. */
        CHECK(SnmpSendMsg(s, NULL, dead, ctx, pdu) == SNMPAPI_SUCCESS);
        CHECK(SnmpCancelMsg(s, rid) == SNMPAPI_SUCCESS);
        EXPECT_FAIL(SnmpCancelMsg(s, rid), SNMPAPI_PDU_INVALID);
        CHECK(!wait_event(&e, 1000));
        CHECK(SnmpFreePdu(pdu) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreeVbl(vbl) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name) == SNMPAPI_SUCCESS);
    }

    CHECK(SnmpClose(s) == SNMPAPI_SUCCESS);
    CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);
    PASS("netget");
}
