/*
 * agent.c -- issue 5, test 4: an agent via SnmpListen, answered from C and queried by
 * net-snmp's snmpget (the test harness runs it after this program prints READY).
 * Serves sysDescr.0 = "winsnmp C agent" and sysUpTime.0 = 4242 (TimeTicks); any other
 * object is noSuchObject (v2c) or a noSuchName error (v1). Exits after `count` requests.
 * Usage: agent PORT COUNT
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "events.h"

static const smiUINT32 sys_descr[] = {1, 3, 6, 1, 2, 1, 1, 1, 0};
static const smiUINT32 sys_uptime[] = {1, 3, 6, 1, 2, 1, 1, 3, 0};

static int same(const smiOID *o, const smiUINT32 *arcs)
{
    return o->len == 9 && memcmp(o->ptr, arcs, 9 * sizeof(smiUINT32)) == 0;
}

int main(int argc, char **argv)
{
    char addr[64];
    int answered = 0, count;
    CHECK(argc == 3);
    count = atoi(argv[2]);

    CHECK(SnmpStartup(NULL, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    CHECK(SnmpSetTranslateMode(SNMPAPI_UNTRANSLATED_V2) == SNMPAPI_SUCCESS);
    HSNMP_SESSION s = SnmpCreateSession(NULL, 0, queue_event, NULL);
    CHECK(s != NULL);
    snprintf(addr, sizeof addr, "127.0.0.1:%s", argv[1]);
    HSNMP_ENTITY me = SnmpStrToEntity(s, addr);
    CHECK(me != NULL);
    EXPECT_FAIL(SnmpListen(me, 7), SNMPAPI_MODE_INVALID);
    EXPECT_FAIL(SnmpListenEx(me, SNMPAPI_ON, 9), SNMPAPI_MODE_INVALID);
    CHECK(SnmpListen(me, SNMPAPI_ON) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(SnmpListen(me, SNMPAPI_ON), SNMPAPI_NOOP); /* already listening */
    EXPECT_FAIL(SnmpSetPort(me, 1), SNMPAPI_OPERATION_INVALID);
    printf("READY\n");
    fflush(stdout);

    while (answered < count) {
        event_t e;
        HSNMP_ENTITY src = NULL, dst = NULL;
        HSNMP_CONTEXT ctx = NULL;
        HSNMP_PDU req = NULL;
        HSNMP_VBL vbl = NULL;
        smiINT type = 0, err = 0, err_index = 0;
        smiINT32 rid = 0;
        smiUINT32 i, n;
        char who[128];
        CHECK(wait_event(&e, 60000));
        CHECK(e.session == s && e.wparam == 0);
        CHECK(SnmpRecvMsg(s, &src, &dst, &ctx, &req) == SNMPAPI_SUCCESS);
        CHECK(SnmpEntityToStr(src, sizeof who, who) > 0);
        CHECK(SnmpGetPduData(req, &type, &rid, NULL, NULL, &vbl) == SNMPAPI_SUCCESS);
        printf("request 0x%02x id %ld from %s\n", (unsigned)type, (long)rid, who);
        CHECK(type == SNMP_PDU_GET);
        n = SnmpCountVbl(vbl);
        for (i = 1; i <= n; i++) {
            smiOID name;
            smiVALUE v;
            CHECK(SnmpGetVb(vbl, i, &name, NULL) == SNMPAPI_SUCCESS);
            memset(&v, 0, sizeof v);
            if (same(&name, sys_descr)) {
                v.syntax = SNMP_SYNTAX_OCTETS;
                v.value.string.ptr = (smiLPBYTE)"winsnmp C agent";
                v.value.string.len = 15;
            } else if (same(&name, sys_uptime)) {
                v.syntax = SNMP_SYNTAX_TIMETICKS;
                v.value.uNumber = 4242;
            } else {
                v.syntax = SNMP_SYNTAX_NOSUCHOBJECT;
            }
            CHECK(SnmpSetVb(vbl, i, NULL, &v) == i);
            CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name) == SNMPAPI_SUCCESS);
        }
        /* The response goes back from the listening entity to the requester; v1 cannot
         * carry noSuchObject, the library translates it (noSuchName). */
        HSNMP_PDU resp = SnmpCreatePdu(s, SNMP_PDU_RESPONSE, rid, err, err_index, vbl);
        CHECK(resp != NULL);
        CHECK(SnmpSendMsg(s, me, src, ctx, resp) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreePdu(resp) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreeVbl(vbl) == SNMPAPI_SUCCESS);
        free_received(src, dst, ctx, req);
        answered++;
    }

    CHECK(SnmpListen(me, SNMPAPI_OFF) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(SnmpListen(me, SNMPAPI_OFF), SNMPAPI_NOOP);
    CHECK(SnmpFreeEntity(me) == SNMPAPI_SUCCESS);
    CHECK(SnmpClose(s) == SNMPAPI_SUCCESS);
    CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);
    PASS("agent");
}
