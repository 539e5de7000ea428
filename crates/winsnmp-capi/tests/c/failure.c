/*
 * failure.c -- `if (h == SNMPAPI_FAILURE)` compiles without a warning for every handle
 * type, as Windows' header allows (its SNMPAPI_FAILURE is a plain 0, a null pointer
 * constant), and so does comparing an SNMPAPI_STATUS with it. Built, like every C test,
 * with -Wall -Wextra -Werror (gcc's -Wpointer-compare is on by default); then run.
 */
#include "check.h"

static SNMPAPI_STATUS CALLBACK on_event(HSNMP_SESSION s, HWND w, UINT m, WPARAM wp,
                                        LPARAM lp, LPVOID data)
{
    (void)s; (void)w; (void)m; (void)wp; (void)lp; (void)data;
    return SNMPAPI_SUCCESS;
}

int main(void)
{
    smiOCTETS empty = {0, NULL};
    smiOID none = {0, NULL};
    HSNMP_SESSION bad_session = (HSNMP_SESSION)(uintptr_t)0x12345;

    /* Before startup every handle-returning function fails. */
    HSNMP_SESSION session = SnmpCreateSession(NULL, 0, on_event, NULL);
    CHECK(session == SNMPAPI_FAILURE);
    CHECK(SnmpStartup(NULL, NULL, NULL, NULL, NULL) != SNMPAPI_FAILURE);

    session = SnmpCreateSession(NULL, 0, on_event, NULL);
    CHECK(session != SNMPAPI_FAILURE);
    CHECK(SnmpOpen(NULL, 0) == SNMPAPI_FAILURE);

    HSNMP_ENTITY entity = SnmpStrToEntity(session, "not an address");
    CHECK(entity == SNMPAPI_FAILURE);
    entity = SnmpStrToEntity(session, "192.0.2.1");
    CHECK(entity != SNMPAPI_FAILURE);

    HSNMP_CONTEXT context = SnmpStrToContext(session, &empty);
    CHECK(context == SNMPAPI_FAILURE);

    HSNMP_VBL vbl = SnmpCreateVbl(bad_session, NULL, NULL);
    CHECK(vbl == SNMPAPI_FAILURE);
    vbl = SnmpCreateVbl(session, &none, NULL);
    CHECK(vbl == SNMPAPI_FAILURE);
    vbl = SnmpCreateVbl(session, NULL, NULL);
    CHECK(vbl != SNMPAPI_FAILURE);

    HSNMP_PDU pdu = SnmpCreatePdu(session, 0x99, 0, 0, 0, NULL);
    CHECK(pdu == SNMPAPI_FAILURE);
    pdu = SnmpDuplicatePdu(session, NULL);
    CHECK(pdu == SNMPAPI_FAILURE);

    /* Status results compare the same way. */
    SNMPAPI_STATUS status = SnmpCountVbl(vbl);
    CHECK(status == SNMPAPI_FAILURE && SnmpGetLastError(NULL) == SNMPAPI_NOOP);
    CHECK(SnmpFreeVbl(vbl) != SNMPAPI_FAILURE);
    CHECK(SnmpFreeEntity(entity) != SNMPAPI_FAILURE);
    CHECK(SnmpClose(session) == SNMPAPI_SUCCESS);
    CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);
    PASS("failure");
}
