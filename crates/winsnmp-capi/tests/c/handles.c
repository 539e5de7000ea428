/*
 * handles.c -- handles survive a 32-bit round trip.
 * Windows code often keeps a handle in an int or a LONG and gets it back with
 * LongToHandle(HandleToLong(h)), which sign-extends on 64-bit targets. Every handle
 * kind is stored in an int here, widened back as LongToHandle does on LP64
 * ((HSNMP_x)(intptr_t)(int)h) and used; handles of later generations (after many
 * create/free cycles) too.
 */
#include <string.h>

#include "check.h"

/* HandleToLong then LongToHandle, as on 64-bit Windows. */
#define TO_INT(h) ((int)(intptr_t)(h))
#define FROM_INT(type, i) ((type)(intptr_t)(int)(i))

static SNMPAPI_STATUS CALLBACK on_event(HSNMP_SESSION s, HWND w, UINT m, WPARAM wp,
                                        LPARAM lp, LPVOID data)
{
    (void)s; (void)w; (void)m; (void)wp; (void)lp; (void)data;
    return SNMPAPI_SUCCESS;
}

int main(void)
{
    smiUINT32 sysdescr[] = {1, 3, 6, 1, 2, 1, 1, 1, 0};
    smiOID name = {9, sysdescr};
    smiOCTETS community = {6, (smiLPBYTE)"public"};
    smiOCTETS msg, text;
    char buf[64];
    smiINT type = 0;
    int i;

    CHECK(SnmpStartup(NULL, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);

    int session = TO_INT(SnmpCreateSession(NULL, 0, on_event, NULL));
    CHECK(session > 0);
    HSNMP_SESSION s = FROM_INT(HSNMP_SESSION, session);

    int entity = TO_INT(SnmpStrToEntity(s, "192.0.2.1:1161"));
    int context = TO_INT(SnmpStrToContext(s, &community));
    int vbl = TO_INT(SnmpCreateVbl(s, &name, NULL));
    int pdu = TO_INT(SnmpCreatePdu(s, SNMP_PDU_GET, 0, 0, 0, FROM_INT(HSNMP_VBL, vbl)));
    CHECK(entity > 0 && context > 0 && vbl > 0 && pdu > 0);

    /* Each one, back from its int, works. */
    CHECK(SnmpEntityToStr(FROM_INT(HSNMP_ENTITY, entity), sizeof buf, buf) ==
          strlen("192.0.2.1:1161") + 1);
    CHECK(strcmp(buf, "192.0.2.1:1161") == 0);
    CHECK(SnmpContextToStr(FROM_INT(HSNMP_CONTEXT, context), &text) == SNMPAPI_SUCCESS);
    CHECK(text.len == 6 && memcmp(text.ptr, "public", 6) == 0);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &text) == SNMPAPI_SUCCESS);
    CHECK(SnmpCountVbl(FROM_INT(HSNMP_VBL, vbl)) == 1);
    CHECK(SnmpGetPduData(FROM_INT(HSNMP_PDU, pdu), &type, NULL, NULL, NULL, NULL) ==
          SNMPAPI_SUCCESS);
    CHECK(type == SNMP_PDU_GET);
    CHECK(SnmpEncodeMsg(s, NULL, FROM_INT(HSNMP_ENTITY, entity),
                        FROM_INT(HSNMP_CONTEXT, context), FROM_INT(HSNMP_PDU, pdu),
                        &msg) > 0);

    /* Handles handed out through pointers: decoded context and PDU, the PDU's VBL. */
    HSNMP_CONTEXT dctx = NULL;
    HSNMP_PDU dpdu = NULL;
    HSNMP_VBL dvbl = NULL;
    CHECK(SnmpDecodeMsg(s, NULL, NULL, &dctx, &dpdu, &msg) == msg.len);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &msg) == SNMPAPI_SUCCESS);
    CHECK(SnmpGetPduData(FROM_INT(HSNMP_PDU, TO_INT(dpdu)), NULL, NULL, NULL, NULL,
                         &dvbl) == SNMPAPI_SUCCESS);
    CHECK(SnmpCountVbl(FROM_INT(HSNMP_VBL, TO_INT(dvbl))) == 1);
    CHECK(SnmpFreeVbl(FROM_INT(HSNMP_VBL, TO_INT(dvbl))) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreePdu(FROM_INT(HSNMP_PDU, TO_INT(dpdu))) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeContext(FROM_INT(HSNMP_CONTEXT, TO_INT(dctx))) == SNMPAPI_SUCCESS);

    /* Later generations: a slot is reused after 1024 other frees (with its generation
     * bumped); every handle still fits. */
    for (i = 0; i < 1200; i++) {
        int p = TO_INT(SnmpDuplicatePdu(s, FROM_INT(HSNMP_PDU, pdu)));
        int v = TO_INT(SnmpDuplicateVbl(s, FROM_INT(HSNMP_VBL, vbl)));
        CHECK(p > 0 && v > 0);
        CHECK(SnmpFreePdu(FROM_INT(HSNMP_PDU, p)) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreeVbl(FROM_INT(HSNMP_VBL, v)) == SNMPAPI_SUCCESS);
    }

    CHECK(SnmpFreePdu(FROM_INT(HSNMP_PDU, pdu)) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeVbl(FROM_INT(HSNMP_VBL, vbl)) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeContext(FROM_INT(HSNMP_CONTEXT, context)) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeEntity(FROM_INT(HSNMP_ENTITY, entity)) == SNMPAPI_SUCCESS);
    CHECK(SnmpClose(FROM_INT(HSNMP_SESSION, session)) == SNMPAPI_SUCCESS);
    CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);
    PASS("handles");
}
