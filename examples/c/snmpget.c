/*
 * snmpget.c -- a WinSNMP snmpget: reads objects from an agent and prints them.
 *
 *   snmpget [-v1|-v2c] [-c COMMUNITY] [-t HUNDREDTHS] [-r RETRIES] AGENT[:PORT] OID...
 *
 * Written as any WinSNMP 2.0 program is: SnmpStartup, a session with a callback, an entity
 * and a context, a GET PDU sent with SnmpSendMsg; the callback (on the library's driver
 * thread) wakes the main thread, which takes the answer with SnmpRecvMsg.
 *
 * Build: cc snmpget.c $(pkg-config --cflags --libs wsnmp32) -lpthread -o snmpget
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <winsnmp.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int done;
static WPARAM event;

static SNMPAPI_STATUS CALLBACK notify(HSNMP_SESSION session, HWND hWnd, UINT wMsg,
                                      WPARAM wParam, LPARAM lParam, LPVOID data)
{
    (void)session; (void)hWnd; (void)wMsg; (void)lParam; (void)data;
    pthread_mutex_lock(&mu);
    event = wParam; /* 0: a message is waiting; otherwise an SNMPAPI_* code */
    done = 1;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
    return SNMPAPI_SUCCESS;
}

static int fail(const char *what, HSNMP_SESSION session)
{
    fprintf(stderr, "snmpget: %s failed, error %lu\n", what,
            (unsigned long)SnmpGetLastError(session));
    return 1;
}

static void print_value(const smiVALUE *v)
{
    smiUINT32 i;
    char text[MAXOBJIDSTRSIZE];
    switch (v->syntax) {
    case SNMP_SYNTAX_INT:
        printf("INTEGER: %ld\n", (long)v->value.sNumber);
        break;
    case SNMP_SYNTAX_CNTR32:
        printf("Counter32: %lu\n", (unsigned long)v->value.uNumber);
        break;
    case SNMP_SYNTAX_GAUGE32:
    case SNMP_SYNTAX_UINT32:
        printf("Gauge32: %lu\n", (unsigned long)v->value.uNumber);
        break;
    case SNMP_SYNTAX_TIMETICKS:
        printf("Timeticks: (%lu)\n", (unsigned long)v->value.uNumber);
        break;
    case SNMP_SYNTAX_CNTR64:
        printf("Counter64: %llu\n", ((unsigned long long)v->value.hNumber.hipart << 32) |
                                       v->value.hNumber.lopart);
        break;
    case SNMP_SYNTAX_OID:
        if (SnmpOidToStr(&v->value.oid, sizeof text, text) == SNMPAPI_FAILURE)
            strcpy(text, "?");
        printf("OID: %s\n", text);
        break;
    case SNMP_SYNTAX_IPADDR:
        if (v->value.string.len == 4) {
            printf("IpAddress: %u.%u.%u.%u\n", v->value.string.ptr[0], v->value.string.ptr[1],
                   v->value.string.ptr[2], v->value.string.ptr[3]);
            break;
        }
        /* fall through */
    case SNMP_SYNTAX_OCTETS:
    case SNMP_SYNTAX_OPAQUE:
    case SNMP_SYNTAX_BITS:
    case SNMP_SYNTAX_NSAPADDR:
        printf("STRING: \"");
        for (i = 0; i < v->value.string.len; i++) {
            unsigned char c = v->value.string.ptr[i];
            if (c >= 0x20 && c < 0x7f)
                putchar(c);
            else
                printf("\\x%02x", c);
        }
        printf("\"\n");
        break;
    case SNMP_SYNTAX_NULL:
        printf("NULL\n");
        break;
    case SNMP_SYNTAX_NOSUCHOBJECT:
        printf("No Such Object available on this agent at this OID\n");
        break;
    case SNMP_SYNTAX_NOSUCHINSTANCE:
        printf("No Such Instance currently exists at this OID\n");
        break;
    case SNMP_SYNTAX_ENDOFMIBVIEW:
        printf("No more variables left in this MIB View\n");
        break;
    default:
        printf("(syntax 0x%02lx)\n", (unsigned long)v->syntax);
    }
}

static void free_value(smiVALUE *v)
{
    if (v->syntax == SNMP_SYNTAX_OID)
        SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&v->value.oid);
    else if (v->syntax == SNMP_SYNTAX_OCTETS || v->syntax == SNMP_SYNTAX_IPADDR ||
             v->syntax == SNMP_SYNTAX_OPAQUE || v->syntax == SNMP_SYNTAX_BITS ||
             v->syntax == SNMP_SYNTAX_NSAPADDR)
        SnmpFreeDescriptor(v->syntax, &v->value.string);
}

int main(int argc, char **argv)
{
    const char *community = "public";
    smiUINT32 mode = SNMPAPI_UNTRANSLATED_V2, timeout = 100, retry = 1;
    int i = 1, status = 1;
    smiOCTETS ctx_name;
    smiOID name;
    smiINT err = 0, err_index = 0;
    smiUINT32 n, k;
    HSNMP_ENTITY agent = NULL, src = NULL, dst = NULL;
    HSNMP_CONTEXT ctx = NULL, rctx = NULL;
    HSNMP_PDU pdu = NULL, resp = NULL;
    HSNMP_VBL vbl = NULL, rvbl = NULL;

    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-v1") == 0)
            mode = SNMPAPI_UNTRANSLATED_V1;
        else if (strcmp(argv[i], "-v2c") == 0)
            mode = SNMPAPI_UNTRANSLATED_V2;
        else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
            community = argv[++i];
        else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
            timeout = (smiUINT32)strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc)
            retry = (smiUINT32)strtoul(argv[++i], NULL, 10);
        else
            break;
    }
    if (argc - i < 2) {
        fprintf(stderr, "usage: snmpget [-v1|-v2c] [-c COMMUNITY] [-t HUNDREDTHS] "
                        "[-r RETRIES] AGENT[:PORT] OID...\n");
        return 2;
    }

    if (SnmpStartup(NULL, NULL, NULL, NULL, NULL) != SNMPAPI_SUCCESS)
        return fail("SnmpStartup", NULL);
    SnmpSetTranslateMode(mode);
    HSNMP_SESSION session = SnmpCreateSession(NULL, 0, notify, NULL);
    if (session == NULL) {
        fail("SnmpCreateSession", NULL);
        goto out;
    }
    agent = SnmpStrToEntity(session, argv[i]);
    if (agent == NULL) {
        fprintf(stderr, "snmpget: unknown agent %s\n", argv[i]);
        goto out;
    }
    SnmpSetTimeout(agent, timeout);
    SnmpSetRetry(agent, retry);
    ctx_name.ptr = (smiLPBYTE)community;
    ctx_name.len = (smiUINT32)strlen(community);
    ctx = SnmpStrToContext(session, &ctx_name);
    vbl = SnmpCreateVbl(session, NULL, NULL);
    if (ctx == NULL || vbl == NULL) {
        fail("SnmpStrToContext/SnmpCreateVbl", session);
        goto out;
    }
    for (i++; i < argc; i++) {
        if (SnmpStrToOid(argv[i], &name) == SNMPAPI_FAILURE) {
            fprintf(stderr, "snmpget: bad OID %s\n", argv[i]);
            goto out;
        }
        SnmpSetVb(vbl, 0, &name, NULL);
        SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name);
    }
    pdu = SnmpCreatePdu(session, SNMP_PDU_GET, 0, 0, 0, vbl);
    if (pdu == NULL || SnmpSendMsg(session, NULL, agent, ctx, pdu) != SNMPAPI_SUCCESS) {
        fail("SnmpSendMsg", session);
        goto out;
    }

    pthread_mutex_lock(&mu);
    while (!done)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    if (event != 0) {
        fprintf(stderr, "snmpget: %s (error %lu)\n",
                event == SNMPAPI_TL_TIMEOUT ? "Timeout: no response" : "transport error",
                (unsigned long)event);
        goto out;
    }
    if (SnmpRecvMsg(session, &src, &dst, &rctx, &resp) != SNMPAPI_SUCCESS) {
        fail("SnmpRecvMsg", session);
        goto out;
    }
    SnmpGetPduData(resp, NULL, NULL, &err, &err_index, &rvbl);
    if (err != SNMP_ERROR_NOERROR) {
        fprintf(stderr, "snmpget: error status %d at index %d\n", (int)err, (int)err_index);
        goto out;
    }
    n = SnmpCountVbl(rvbl);
    for (k = 1; k <= n; k++) {
        smiVALUE v;
        char text[MAXOBJIDSTRSIZE];
        if (SnmpGetVb(rvbl, k, &name, &v) != SNMPAPI_SUCCESS)
            continue;
        SnmpOidToStr(&name, sizeof text, text);
        printf(".%s = ", text);
        print_value(&v);
        free_value(&v);
        SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name);
    }
    status = 0;

out:
    /* SnmpCleanup frees every handle; freeing them one by one is the polite way. */
    if (rvbl != NULL)
        SnmpFreeVbl(rvbl);
    if (resp != NULL)
        SnmpFreePdu(resp);
    if (rctx != NULL)
        SnmpFreeContext(rctx);
    if (src != NULL)
        SnmpFreeEntity(src);
    if (dst != NULL)
        SnmpFreeEntity(dst);
    SnmpCleanup();
    return status;
}
