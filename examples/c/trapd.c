/*
 * trapd.c -- a WinSNMP trap receiver: prints every trap and inform it receives.
 *
 *   trapd [COUNT]        (port: $WINSNMP_TRAP_PORT, else 162, which needs privileges)
 *
 * One SnmpRegister with every filter NULL receives all notifications, from any agent, in any
 * community; SNMPv1 traps arrive converted to the SNMPv2 form (sysUpTime.0, snmpTrapOID.0,
 * ..., snmpTrapAddress.0, snmpTrapCommunity.0). The library answers informs itself. Stops
 * after COUNT notifications (default: never).
 *
 * Build: cc trapd.c $(pkg-config --cflags --libs wsnmp32) -lpthread -o trapd
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <winsnmp.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int pending;

static SNMPAPI_STATUS CALLBACK notify(HSNMP_SESSION session, HWND hWnd, UINT wMsg,
                                      WPARAM wParam, LPARAM lParam, LPVOID data)
{
    (void)session; (void)hWnd; (void)wMsg; (void)lParam; (void)data;
    if (wParam == 0) {
        pthread_mutex_lock(&mu);
        pending++;
        pthread_cond_signal(&cv);
        pthread_mutex_unlock(&mu);
    }
    return SNMPAPI_SUCCESS;
}

static void print_binding(HSNMP_VBL vbl, smiUINT32 k)
{
    smiOID name;
    smiVALUE v;
    char text[MAXOBJIDSTRSIZE];
    if (SnmpGetVb(vbl, k, &name, &v) != SNMPAPI_SUCCESS)
        return;
    SnmpOidToStr(&name, sizeof text, text);
    printf("  .%s = ", text);
    SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name);
    switch (v.syntax) {
    case SNMP_SYNTAX_OID:
        SnmpOidToStr(&v.value.oid, sizeof text, text);
        printf("OID: .%s\n", text);
        SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&v.value.oid);
        break;
    case SNMP_SYNTAX_OCTETS:
    case SNMP_SYNTAX_IPADDR:
    case SNMP_SYNTAX_OPAQUE:
        if (v.syntax == SNMP_SYNTAX_IPADDR && v.value.string.len == 4)
            printf("IpAddress: %u.%u.%u.%u\n", v.value.string.ptr[0], v.value.string.ptr[1],
                   v.value.string.ptr[2], v.value.string.ptr[3]);
        else
            printf("STRING: \"%.*s\"\n", (int)v.value.string.len, (char *)v.value.string.ptr);
        SnmpFreeDescriptor(v.syntax, &v.value.string);
        break;
    case SNMP_SYNTAX_INT:
        printf("INTEGER: %ld\n", (long)v.value.sNumber);
        break;
    case SNMP_SYNTAX_TIMETICKS:
        printf("Timeticks: (%lu)\n", (unsigned long)v.value.uNumber);
        break;
    case SNMP_SYNTAX_CNTR32:
    case SNMP_SYNTAX_GAUGE32:
    case SNMP_SYNTAX_UINT32:
        printf("%lu\n", (unsigned long)v.value.uNumber);
        break;
    default:
        printf("(syntax 0x%02lx)\n", (unsigned long)v.syntax);
    }
}

int main(int argc, char **argv)
{
    long count = argc > 1 ? atol(argv[1]) : -1;
    long seen = 0;

    if (SnmpStartup(NULL, NULL, NULL, NULL, NULL) != SNMPAPI_SUCCESS)
        return 1;
    HSNMP_SESSION session = SnmpCreateSession(NULL, 0, notify, NULL);
    if (session == NULL ||
        SnmpRegister(session, NULL, NULL, NULL, NULL, SNMPAPI_ON) != SNMPAPI_SUCCESS) {
        fprintf(stderr, "trapd: cannot receive traps, error %lu\n",
                (unsigned long)SnmpGetLastError(session));
        SnmpCleanup();
        return 1;
    }
    printf("trapd: listening\n");
    fflush(stdout);

    while (count < 0 || seen < count) {
        HSNMP_ENTITY src = NULL, dst = NULL;
        HSNMP_CONTEXT ctx = NULL;
        HSNMP_PDU pdu = NULL;
        HSNMP_VBL vbl = NULL;
        smiOCTETS community;
        smiINT type = 0;
        char from[128];
        smiUINT32 n, k;

        pthread_mutex_lock(&mu);
        while (pending == 0)
            pthread_cond_wait(&cv, &mu);
        pending--;
        pthread_mutex_unlock(&mu);

        if (SnmpRecvMsg(session, &src, &dst, &ctx, &pdu) != SNMPAPI_SUCCESS)
            continue;
        if (SnmpEntityToStr(src, sizeof from, from) == SNMPAPI_FAILURE)
            snprintf(from, sizeof from, "?");
        SnmpContextToStr(ctx, &community);
        SnmpGetPduData(pdu, &type, NULL, NULL, NULL, &vbl);
        printf("%s from %s, community \"%.*s\":\n",
               type == SNMP_PDU_INFORM ? "INFORM" : "TRAP", from, (int)community.len,
               (char *)community.ptr);
        SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &community);
        n = SnmpCountVbl(vbl);
        for (k = 1; k <= n; k++)
            print_binding(vbl, k);
        fflush(stdout);
        SnmpFreeVbl(vbl);
        SnmpFreePdu(pdu);
        SnmpFreeContext(ctx);
        SnmpFreeEntity(src);
        SnmpFreeEntity(dst);
        seen++;
    }
    SnmpCleanup();
    return 0;
}
