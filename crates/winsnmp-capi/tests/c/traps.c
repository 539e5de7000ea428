/*
 * traps.c -- issue 5, test 3: a trap receiver via SnmpRegister; net-snmp's snmptrap sends
 * one SNMPv1 and one SNMPv2c trap (the harness runs it after READY; the trap port comes from
 * $WINSNMP_TRAP_PORT). Both arrive in SNMPv2 form: sysUpTime.0, snmpTrapOID.0, ...
 * Usage: traps COUNT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "events.h"

int main(int argc, char **argv)
{
    int got = 0, count;
    char text[MAXOBJIDSTRSIZE];
    smiOID bad = {3, NULL}; /* an invalid pointer */
    CHECK(argc == 2);
    count = atoi(argv[1]);

    CHECK(SnmpStartup(NULL, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    HSNMP_SESSION s = SnmpCreateSession(NULL, 0, queue_event, NULL);
    CHECK(s != NULL);
    EXPECT_FAIL(SnmpRegister(s, NULL, NULL, NULL, &bad, SNMPAPI_ON), SNMPAPI_OID_INVALID);
    EXPECT_FAIL(SnmpRegister(NULL, NULL, NULL, NULL, NULL, SNMPAPI_ON), SNMPAPI_SESSION_INVALID);
    EXPECT_FAIL(SnmpRegister(s, (HSNMP_ENTITY)(uintptr_t)0x999, NULL, NULL, NULL, SNMPAPI_ON),
                SNMPAPI_ENTITY_INVALID);
    /* Every trap, from anyone, in any community. */
    CHECK(SnmpRegister(s, NULL, NULL, NULL, NULL, SNMPAPI_ON) == SNMPAPI_SUCCESS);
    CHECK(SnmpRegister(s, NULL, NULL, NULL, NULL, SNMPAPI_ON) == SNMPAPI_SUCCESS); /* redundant */
    printf("READY\n");
    fflush(stdout);

    while (got < count) {
        event_t e;
        HSNMP_ENTITY src = NULL, dst = NULL;
        HSNMP_CONTEXT ctx = NULL;
        HSNMP_PDU pdu = NULL;
        HSNMP_VBL vbl = NULL;
        smiINT type = 0;
        smiOID name;
        smiVALUE v;
        smiOCTETS community;
        CHECK(wait_event(&e, 60000));
        CHECK(e.session == s && e.wparam == 0);
        CHECK(SnmpRecvMsg(s, &src, &dst, &ctx, &pdu) == SNMPAPI_SUCCESS);
        CHECK(SnmpGetPduData(pdu, &type, NULL, NULL, NULL, &vbl) == SNMPAPI_SUCCESS);
        CHECK(type == SNMP_PDU_TRAP);
        CHECK(SnmpCountVbl(vbl) >= 2);
        /* Second binding: snmpTrapOID.0 = the trap's OID. */
        CHECK(SnmpGetVb(vbl, 2, &name, &v) == SNMPAPI_SUCCESS);
        CHECK(SnmpOidToStr(&name, sizeof text, text) > 0);
        CHECK(strcmp(text, "1.3.6.1.6.3.1.1.4.1.0") == 0);
        CHECK(v.syntax == SNMP_SYNTAX_OID);
        CHECK(SnmpOidToStr(&v.value.oid, sizeof text, text) > 0);
        CHECK(SnmpContextToStr(ctx, &community) == SNMPAPI_SUCCESS);
        printf("trap %s community %.*s\n", text, (int)community.len, (char *)community.ptr);
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &community) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&v.value.oid) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreeVbl(vbl) == SNMPAPI_SUCCESS);
        free_received(src, dst, ctx, pdu);
        got++;
    }

    CHECK(SnmpRegister(s, NULL, NULL, NULL, NULL, SNMPAPI_OFF) == SNMPAPI_SUCCESS);
    CHECK(SnmpClose(s) == SNMPAPI_SUCCESS);
    CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);
    PASS("traps");
}
