/*
 * snmpget_v3.c -- an SNMPv3 snmpget over WinSNMP and the library's SNMPv3 extension.
 *
 *   snmpget_v3 -u USER [-l noAuthNoPriv|authNoPriv|authPriv] [-a MD5|SHA|SHA-224|SHA-256|
 *              SHA-384|SHA-512] [-A PASS] [-x DES|3DES|AES|AES-192|AES-256|AES-192-C|
 *              AES-256-C] [-X PASS] [-e ENGINEID] [-n CONTEXT] [-t HUNDREDTHS] [-r RETRIES]
 *              AGENT[:PORT] OID...
 *
 * e.g. snmpget_v3 -l authPriv -u sha-aes -a SHA -A authpass123 -x AES -X privpass123 \
 *                 127.0.0.1:1161 1.3.6.1.2.1.1.5.0
 *
 * A WinSNMP 2.0 program (SnmpStartup, a session with a callback, an entity, a GET PDU,
 * SnmpSendMsg, SnmpRecvMsg) plus two calls: WinSnmpSetEntityUsm makes the entity an SNMPv3
 * one, WinSnmpStrToContextName names the SNMPv3 context (empty by default). Engine
 * discovery, time synchronisation, authentication and privacy happen behind the one
 * request; the callback's wParam says how it ended: 0 (a response is queued),
 * SNMPAPI_TL_TIMEOUT, or the SNMPAPI_RPT_* code of the agent's Report.
 *
 * Build: cc snmpget_v3.c $(pkg-config --cflags --libs wsnmp32) -lpthread -o snmpget_v3
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
    event = wParam;
    done = 1;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
    return SNMPAPI_SUCCESS;
}

struct name { const char *text; smiUINT32 value; };

static const struct name levels[] = {
    {"noAuthNoPriv", SNMP_NOAUTH_NOPRIV}, {"authNoPriv", SNMP_AUTH_NOPRIV},
    {"authPriv", SNMP_AUTH_PRIV}, {NULL, 0}};
static const struct name auths[] = {
    {"MD5", SNMP_USM_HMACMD5_AUTH_PROTOCOL}, {"SHA", SNMP_USM_HMACSHA_AUTH_PROTOCOL},
    {"SHA-224", WINSNMP_USM_HMACSHA224_AUTH_PROTOCOL},
    {"SHA-256", WINSNMP_USM_HMACSHA256_AUTH_PROTOCOL},
    {"SHA-384", WINSNMP_USM_HMACSHA384_AUTH_PROTOCOL},
    {"SHA-512", WINSNMP_USM_HMACSHA512_AUTH_PROTOCOL}, {NULL, 0}};
static const struct name privs[] = {
    {"DES", SNMP_USM_DES_PRIV_PROTOCOL}, {"3DES", WINSNMP_USM_3DES_PRIV_PROTOCOL},
    {"AES", WINSNMP_USM_AES128_PRIV_PROTOCOL}, {"AES-128", WINSNMP_USM_AES128_PRIV_PROTOCOL},
    {"AES-192", WINSNMP_USM_AES192_PRIV_PROTOCOL}, {"AES-256", WINSNMP_USM_AES256_PRIV_PROTOCOL},
    {"AES-192-C", WINSNMP_USM_AES192C_PRIV_PROTOCOL},
    {"AES-256-C", WINSNMP_USM_AES256C_PRIV_PROTOCOL}, {NULL, 0}};

static int lookup(const struct name *t, const char *text, smiUINT32 *out)
{
    for (; t->text != NULL; t++)
        if (strcasecmp(t->text, text) == 0) {
            *out = t->value;
            return 1;
        }
    return 0;
}

static smiOCTETS octets(const char *s)
{
    smiOCTETS o;
    o.len = s != NULL ? (smiUINT32)strlen(s) : 0;
    o.ptr = (smiLPBYTE)s;
    return o;
}

/* What net-snmp says for each way a request can end. */
static const char *why(WPARAM code)
{
    switch (code) {
    case SNMPAPI_TL_TIMEOUT: return "Timeout: No Response";
    case SNMPAPI_RPT_WRONGDIGEST:
        return "Authentication failure (incorrect password, community or key)";
    case SNMPAPI_RPT_UNKNOWNUSERNAME: return "Unknown user name";
    case SNMPAPI_RPT_UNKNOWNENGINEID: return "Unknown engine ID";
    case SNMPAPI_RPT_UNSUPPSECLEVEL: return "Unsupported security level";
    case SNMPAPI_RPT_NOTINTIMEWINDOW: return "Not in time window";
    case SNMPAPI_RPT_DECRYPTIONERROR: return "Decryption error";
    default: return "error";
    }
}

/* Prints the value and frees what the library allocated for it. */
static void print_value(smiVALUE *v)
{
    char text[MAXOBJIDSTRSIZE];
    switch (v->syntax) {
    case SNMP_SYNTAX_INT: printf("INTEGER: %ld\n", (long)v->value.sNumber); break;
    case SNMP_SYNTAX_CNTR32: printf("Counter32: %lu\n", (unsigned long)v->value.uNumber); break;
    case SNMP_SYNTAX_GAUGE32: printf("Gauge32: %lu\n", (unsigned long)v->value.uNumber); break;
    case SNMP_SYNTAX_TIMETICKS:
        printf("Timeticks: (%lu)\n", (unsigned long)v->value.uNumber);
        break;
    case SNMP_SYNTAX_OID:
        SnmpOidToStr(&v->value.oid, sizeof text, text);
        printf("OID: .%s\n", text);
        SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&v->value.oid);
        break;
    case SNMP_SYNTAX_OCTETS:
        printf("STRING: \"%.*s\"\n", (int)v->value.string.len, (const char *)v->value.string.ptr);
        SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &v->value.string);
        break;
    case SNMP_SYNTAX_NOSUCHOBJECT:
        printf("No Such Object available on this agent at this OID\n");
        break;
    case SNMP_SYNTAX_NOSUCHINSTANCE:
        printf("No Such Instance currently exists at this OID\n");
        break;
    default:
        printf("(syntax 0x%02lx)\n", (unsigned long)v->syntax);
        if (v->syntax == SNMP_SYNTAX_IPADDR || v->syntax == SNMP_SYNTAX_OPAQUE ||
            v->syntax == SNMP_SYNTAX_BITS || v->syntax == SNMP_SYNTAX_NSAPADDR)
            SnmpFreeDescriptor(v->syntax, &v->value.string);
    }
}

int main(int argc, char **argv)
{
    WinSnmpUsmParams p;
    const char *context = NULL, *engine_hex = NULL;
    smiBYTE engine[32];
    smiUINT32 timeout = 100, retry = 1, n, k;
    smiOCTETS context_name;
    smiOID name;
    smiINT err = 0, err_index = 0;
    int i, status = 1;
    HSNMP_SESSION session = NULL;
    HSNMP_ENTITY agent, src = NULL, dst = NULL;
    HSNMP_CONTEXT ctx, rctx = NULL;
    HSNMP_PDU pdu, resp = NULL;
    HSNMP_VBL vbl, rvbl = NULL;

    memset(&p, 0, sizeof p);
    p.securityLevel = SNMP_NOAUTH_NOPRIV;
    p.authProtocol = SNMP_USM_NO_AUTH_PROTOCOL;
    p.privProtocol = SNMP_USM_NO_PRIV_PROTOCOL;
    for (i = 1; i + 1 < argc && argv[i][0] == '-'; i += 2) {
        const char *opt = argv[i], *arg = argv[i + 1];
        int ok = 1;
        if (strcmp(opt, "-v3") == 0) { i--; continue; }
        if (strcmp(opt, "-u") == 0) p.userName = octets(arg);
        else if (strcmp(opt, "-l") == 0) ok = lookup(levels, arg, &p.securityLevel);
        else if (strcmp(opt, "-a") == 0) ok = lookup(auths, arg, &p.authProtocol);
        else if (strcmp(opt, "-A") == 0) p.authPassword = octets(arg);
        else if (strcmp(opt, "-x") == 0) ok = lookup(privs, arg, &p.privProtocol);
        else if (strcmp(opt, "-X") == 0) p.privPassword = octets(arg);
        else if (strcmp(opt, "-e") == 0) engine_hex = arg;
        else if (strcmp(opt, "-n") == 0) context = arg;
        else if (strcmp(opt, "-t") == 0) timeout = (smiUINT32)strtoul(arg, NULL, 10);
        else if (strcmp(opt, "-r") == 0) retry = (smiUINT32)strtoul(arg, NULL, 10);
        else ok = 0;
        if (!ok) {
            fprintf(stderr, "snmpget_v3: bad option %s %s\n", opt, arg);
            return 2;
        }
    }
    if (argc - i < 2) {
        fprintf(stderr, "usage: snmpget_v3 -u USER [-l LEVEL] [-a PROTO -A PASS] "
                        "[-x PROTO -X PASS] [-e ENGINEID] [-n CONTEXT] [-t HUNDREDTHS] "
                        "[-r RETRIES] AGENT[:PORT] OID...\n");
        return 2;
    }
    if (engine_hex != NULL) { /* -e 0x8000...: hex octets */
        const char *h = engine_hex + (strncmp(engine_hex, "0x", 2) == 0 ? 2 : 0);
        for (n = 0; h[0] != '\0' && h[1] != '\0' && n < sizeof engine; n++, h += 2) {
            char two[3] = {h[0], h[1], '\0'};
            engine[n] = (smiBYTE)strtoul(two, NULL, 16);
        }
        p.securityEngineId.len = n;
        p.securityEngineId.ptr = engine;
    }

    if (SnmpStartup(NULL, NULL, NULL, NULL, NULL) != SNMPAPI_SUCCESS) {
        fprintf(stderr, "snmpget_v3: SnmpStartup failed\n");
        return 1;
    }
    session = SnmpCreateSession(NULL, 0, notify, NULL);
    agent = session != NULL ? SnmpStrToEntity(session, argv[i]) : NULL;
    if (agent == NULL) {
        fprintf(stderr, "snmpget_v3: unknown agent %s\n", argv[i]);
        goto out;
    }
    SnmpSetTimeout(agent, timeout);
    SnmpSetRetry(agent, retry);
    /* The two SNMPv3 calls: who we are to the agent, and the context. */
    if (WinSnmpSetEntityUsm(agent, &p) != SNMPAPI_SUCCESS) {
        fprintf(stderr, "snmpget_v3: bad security parameters (error %lu)\n",
                (unsigned long)SnmpGetLastError(NULL));
        goto out;
    }
    context_name = octets(context);
    ctx = WinSnmpStrToContextName(session, &context_name);
    vbl = SnmpCreateVbl(session, NULL, NULL);
    for (i++; i < argc; i++) {
        if (SnmpStrToOid(argv[i], &name) == SNMPAPI_FAILURE) {
            fprintf(stderr, "snmpget_v3: bad OID %s\n", argv[i]);
            goto out;
        }
        SnmpSetVb(vbl, 0, &name, NULL);
        SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name);
    }
    pdu = SnmpCreatePdu(session, SNMP_PDU_GET, 0, 0, 0, vbl);
    if (SnmpSendMsg(session, NULL, agent, ctx, pdu) != SNMPAPI_SUCCESS) {
        fprintf(stderr, "snmpget_v3: SnmpSendMsg failed (error %lu)\n",
                (unsigned long)SnmpGetLastError(session));
        goto out;
    }

    pthread_mutex_lock(&mu);
    while (!done)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    if (event != 0) {
        fprintf(stderr, "snmpget_v3: %s (error %lu)\n", why(event), (unsigned long)event);
        goto out;
    }
    if (SnmpRecvMsg(session, &src, &dst, &rctx, &resp) != SNMPAPI_SUCCESS) {
        fprintf(stderr, "snmpget_v3: SnmpRecvMsg failed (error %lu)\n",
                (unsigned long)SnmpGetLastError(session));
        goto out;
    }
    SnmpGetPduData(resp, NULL, NULL, &err, &err_index, &rvbl);
    if (err != SNMP_ERROR_NOERROR) {
        fprintf(stderr, "snmpget_v3: error status %d at index %d\n", (int)err, (int)err_index);
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
        SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name);
    }
    status = 0;

out:
    /* SnmpCleanup frees every handle and the session with them. */
    SnmpCleanup();
    return status;
}
