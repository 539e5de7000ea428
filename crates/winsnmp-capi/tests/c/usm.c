/*
 * usm.c -- the SNMPv3 extension from C (header section "winsnmp extension: SNMPv3").
 *
 *   usm errors
 *       every documented error path of the eight WinSnmp* SNMPv3 functions (before
 *       startup, bad handles, NULL pointers, sizes, protocol numbers, levels), and
 *       WinSnmpPasswordToKey against the RFC 3414 A.3.1 / A.3.2 vectors.
 *   usm get AGENT_PORT ENGINE_ID_HEX AUTH_PASS PRIV_PASS
 *       against net-snmp's snmpd (users of winsnmp_testkit::netsnmp::v3_users): GETs of
 *       sysDescr.0 at every level through SnmpSendMsg, a callback and SnmpRecvMsg; the
 *       discovered engine ID; a wrong pass phrase ending with SNMPAPI_RPT_WRONGDIGEST, an
 *       unknown user with SNMPAPI_RPT_UNKNOWNUSERNAME; back to a community entity.
 *   usm traps AUTH_PASS PRIV_PASS
 *       a v3 trap receiver on $WINSNMP_TRAP_PORT: users added with WinSnmpAddUsmUser,
 *       SnmpRegister; prints READY, then receives the harness's two snmptrap -v3 traps;
 *       deletes a user, prints DELETED, and sees the third trap dropped and counted.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "events.h"

#define TIMEOUT_MS 60000

static smiOCTETS str(const char *s)
{
    smiOCTETS o;
    o.len = (smiUINT32)strlen(s);
    o.ptr = (smiLPBYTE)s;
    return o;
}

static smiOCTETS bytes(const smiBYTE *p, smiUINT32 len)
{
    smiOCTETS o;
    o.len = len;
    o.ptr = (smiLPBYTE)p;
    return o;
}

/* A user's parameters: no authentication, no privacy, everything empty. */
static WinSnmpUsmParams params(const char *user)
{
    WinSnmpUsmParams p;
    memset(&p, 0, sizeof p);
    p.userName = str(user);
    p.securityLevel = SNMP_NOAUTH_NOPRIV;
    p.authProtocol = SNMP_USM_NO_AUTH_PROTOCOL;
    p.privProtocol = SNMP_USM_NO_PRIV_PROTOCOL;
    return p;
}

static WinSnmpUsmParams params_authpriv(const char *user, smiUINT32 auth, const char *auth_pass,
                                        smiUINT32 priv, const char *priv_pass)
{
    WinSnmpUsmParams p = params(user);
    p.securityLevel = SNMP_AUTH_PRIV;
    p.authProtocol = auth;
    p.authPassword = str(auth_pass);
    p.privProtocol = priv;
    p.privPassword = str(priv_pass);
    return p;
}

static int hex_to_bytes(const char *hex, smiBYTE *out, int max)
{
    int n = 0;
    if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
        hex += 2;
    while (hex[0] != '\0' && hex[1] != '\0' && n < max) {
        char two[3] = {hex[0], hex[1], '\0'};
        out[n++] = (smiBYTE)strtoul(two, NULL, 16);
        hex += 2;
    }
    return n;
}

/* ------------------------------------------------------------------ errors */

static const smiBYTE RFC_ENGINE[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
static const smiBYTE MD5_KU[16] = {0x9f, 0xaf, 0x32, 0x83, 0x88, 0x4e, 0x92, 0x83,
                                   0x4e, 0xbc, 0x98, 0x47, 0xd8, 0xed, 0xd9, 0x63};
static const smiBYTE MD5_KUL[16] = {0x52, 0x6f, 0x5e, 0xed, 0x9f, 0xcc, 0xe2, 0x6f,
                                    0x89, 0x64, 0xc2, 0x93, 0x07, 0x87, 0xd8, 0x2b};
static const smiBYTE SHA_KU[20] = {0x9f, 0xb5, 0xcc, 0x03, 0x81, 0x49, 0x7b, 0x37, 0x93, 0x52,
                                   0x89, 0x39, 0xff, 0x78, 0x8d, 0x5d, 0x79, 0x14, 0x52, 0x11};
static const smiBYTE SHA_KUL[20] = {0x66, 0x95, 0xfe, 0xbc, 0x92, 0x88, 0xe3, 0x62, 0x82, 0x23,
                                    0x5f, 0xc7, 0x15, 0x1f, 0x12, 0x84, 0x97, 0xb3, 0x8f, 0x3f};

static void expect_key(smiUINT32 proto, const smiOCTETS *engine, const smiBYTE *want,
                       smiUINT32 len)
{
    smiOCTETS pass = str("maplesyrup"), key = {99, NULL};
    CHECK(WinSnmpPasswordToKey(proto, &pass, engine, &key) == SNMPAPI_SUCCESS);
    CHECK(key.len == len && key.ptr != NULL && memcmp(key.ptr, want, len) == 0);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &key) == SNMPAPI_SUCCESS);
    CHECK(key.len == 0 && key.ptr == NULL);
}

static void password_to_key_errors(void)
{
    smiBYTE small[4] = {1, 2, 3, 4};
    smiOCTETS pass = str("maplesyrup"), key = {0, NULL}, id = bytes(RFC_ENGINE, 12);
    smiOCTETS shortpass = str("7octets"), huge = bytes(small, 0x10000);
    smiOCTETS max = bytes(small, 0xFFFFFFFFu);
    smiOCTETS nullpass = {8, NULL}, id4 = bytes(small, 4), id33 = bytes(small, 33);
    smiOCTETS empty = {0, NULL};
    size_t i;
    const smiUINT32 bad_protocols[] = {0, SNMP_USM_NO_AUTH_PROTOCOL, 8, 0xFFFFFFFFu};

    /* The RFC 3414 A.3 vectors: Ku, then Kul for engine 00..02. */
    expect_key(SNMP_USM_HMACMD5_AUTH_PROTOCOL, NULL, MD5_KU, 16);
    expect_key(SNMP_USM_HMACMD5_AUTH_PROTOCOL, &empty, MD5_KU, 16);
    expect_key(SNMP_USM_HMACMD5_AUTH_PROTOCOL, &id, MD5_KUL, 16);
    expect_key(SNMP_USM_HMACSHA_AUTH_PROTOCOL, NULL, SHA_KU, 20);
    expect_key(SNMP_USM_HMACSHA_AUTH_PROTOCOL, &id, SHA_KUL, 20);
    /* SHA-2 keys are as long as the digest. */
    CHECK(WinSnmpPasswordToKey(WINSNMP_USM_HMACSHA224_AUTH_PROTOCOL, &pass, NULL, &key) == 1);
    CHECK(key.len == 28);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &key) == SNMPAPI_SUCCESS);
    CHECK(WinSnmpPasswordToKey(WINSNMP_USM_HMACSHA512_AUTH_PROTOCOL, &pass, &id, &key) == 1);
    CHECK(key.len == 64);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &key) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &key), SNMPAPI_NOOP);

    for (i = 0; i < sizeof bad_protocols / sizeof bad_protocols[0]; i++)
        EXPECT_FAIL(WinSnmpPasswordToKey(bad_protocols[i], &pass, NULL, &key),
                    SNMPAPI_MODE_INVALID);
#define P2K(password, engine, key) \
    WinSnmpPasswordToKey(SNMP_USM_HMACMD5_AUTH_PROTOCOL, password, engine, key)
    EXPECT_FAIL(P2K(NULL, NULL, &key), SNMPAPI_ALLOC_ERROR);
    EXPECT_FAIL(P2K(&nullpass, NULL, &key), SNMPAPI_ALLOC_ERROR);
    EXPECT_FAIL(P2K(&shortpass, NULL, &key), SNMPAPI_SIZE_INVALID);
    EXPECT_FAIL(P2K(&empty, NULL, &key), SNMPAPI_SIZE_INVALID);
    /* Lengths far beyond the 4-byte buffer: refused before anything is read. */
    EXPECT_FAIL(P2K(&huge, NULL, &key), SNMPAPI_SIZE_INVALID);
    EXPECT_FAIL(P2K(&max, NULL, &key), SNMPAPI_SIZE_INVALID);
    EXPECT_FAIL(P2K(&pass, &id4, &key), SNMPAPI_SIZE_INVALID);
    EXPECT_FAIL(P2K(&pass, &id33, &key), SNMPAPI_SIZE_INVALID);
    EXPECT_FAIL(P2K(&pass, &huge, &key), SNMPAPI_SIZE_INVALID);
    EXPECT_FAIL(P2K(&pass, &id, NULL), SNMPAPI_NOOP);
    CHECK(key.len == 0 && key.ptr == NULL); /* untouched by the failures */
#undef P2K
}

static void entity_usm_errors(HSNMP_SESSION s)
{
    smiBYTE small[4] = {1, 2, 3, 4};
    smiBYTE id5[5] = {0x80, 0, 0, 0, 9};
    smiOCTETS out = {0, NULL};
    WinSnmpUsmParams p;
    HSNMP_ENTITY e = SnmpStrToEntity(s, "127.0.0.1:1161");
    HSNMP_ENTITY gone = SnmpStrToEntity(s, "127.0.0.1:1162");
    CHECK(e != NULL && gone != NULL);
    CHECK(SnmpFreeEntity(gone) == SNMPAPI_SUCCESS);

    /* Bad handles, whatever the parameters. */
    p = params("noauth");
    EXPECT_FAIL(WinSnmpSetEntityUsm(NULL, &p), SNMPAPI_ENTITY_INVALID);
    EXPECT_FAIL(WinSnmpSetEntityUsm(NULL, NULL), SNMPAPI_ENTITY_INVALID);
    EXPECT_FAIL(WinSnmpSetEntityUsm((HSNMP_ENTITY)(uintptr_t)0x999, &p), SNMPAPI_ENTITY_INVALID);
    EXPECT_FAIL(WinSnmpSetEntityUsm(gone, &p), SNMPAPI_ENTITY_INVALID);
    EXPECT_FAIL(WinSnmpSetEntityUsm((HSNMP_ENTITY)s, &p), SNMPAPI_ENTITY_INVALID); /* a session */
    p.securityLevel = 2;
    EXPECT_FAIL(WinSnmpSetEntityUsm(gone, &p), SNMPAPI_ENTITY_INVALID);

    /* A community entity has no engine. */
    EXPECT_FAIL(WinSnmpGetEngineId(e, &out), SNMPAPI_ENGINE_INVALID);
    EXPECT_FAIL(WinSnmpGetEngineId(gone, &out), SNMPAPI_ENTITY_INVALID);
    EXPECT_FAIL(WinSnmpGetEngineId((HSNMP_ENTITY)(uintptr_t)0x999, &out), SNMPAPI_ENTITY_INVALID);

    /* Levels and protocol numbers. */
    p = params_authpriv("sha-aes", SNMP_USM_HMACSHA_AUTH_PROTOCOL, "authpass123",
                        WINSNMP_USM_AES128_PRIV_PROTOCOL, "privpass123");
    p.securityLevel = 2;
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_MODE_INVALID);
    p.securityLevel = 4;
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_MODE_INVALID);
    p.securityLevel = SNMP_AUTH_PRIV;
    p.authProtocol = 0;
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_MODE_INVALID);
    p.authProtocol = 8;
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_MODE_INVALID);
    p.authProtocol = SNMP_USM_HMACSHA_AUTH_PROTOCOL;
    p.privProtocol = 0;
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_MODE_INVALID);
    p.privProtocol = 9;
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_MODE_INVALID);
    /* A level the protocols do not allow. */
    p.privProtocol = SNMP_USM_NO_PRIV_PROTOCOL;
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_MODE_INVALID);
    p.securityLevel = SNMP_AUTH_NOPRIV;
    p.authProtocol = SNMP_USM_NO_AUTH_PROTOCOL;
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_MODE_INVALID);
    /* Privacy without authentication, even at noAuthNoPriv. */
    p.securityLevel = SNMP_NOAUTH_NOPRIV;
    p.privProtocol = SNMP_USM_DES_PRIV_PROTOCOL;
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_MODE_INVALID);

    /* Sizes. */
    p = params_authpriv("sha-aes", SNMP_USM_HMACSHA_AUTH_PROTOCOL, "authpass123",
                        WINSNMP_USM_AES128_PRIV_PROTOCOL, "privpass123");
    p.userName = str("a-user-name-of-thirty-three-octs");
    CHECK(p.userName.len == 32);
    CHECK(WinSnmpSetEntityUsm(e, &p) == SNMPAPI_SUCCESS);
    p.userName = str("a-user-name-of-thirty-three-octet");
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_SIZE_INVALID);
    p.userName = bytes(small, 33);
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_SIZE_INVALID);
    p.userName = bytes(small, 0x10000);
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_SIZE_INVALID);
    p.userName = bytes(NULL, 3);
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_ALLOC_ERROR);
    p.userName = str("sha-aes");
    p.authPassword = str("7octets");
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_SIZE_INVALID);
    p.authPassword = bytes(small, 0x10000);
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_SIZE_INVALID);
    p.authPassword = bytes(small, 0xFFFFFFFFu);
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_SIZE_INVALID);
    p.authPassword = bytes(NULL, 11);
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_ALLOC_ERROR);
    p.authPassword = str("authpass123");
    p.privPassword = str("");
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_SIZE_INVALID);
    p.privPassword = bytes(small, 65508);
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_SIZE_INVALID);
    p.privPassword = str("privpass123");
    p.securityEngineId = bytes(small, 4);
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_SIZE_INVALID);
    p.securityEngineId = bytes(small, 33);
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_SIZE_INVALID);
    p.securityEngineId = bytes(NULL, 5);
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_ALLOC_ERROR);
    p.securityEngineId = bytes(NULL, 0);
    p.contextEngineId = bytes(small, 4);
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_SIZE_INVALID);
    p.contextEngineId = bytes(small, 0x7FFFFFFF);
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, &p), SNMPAPI_SIZE_INVALID);
    p.contextEngineId = bytes(NULL, 0);

    /* Pass phrases of protocols not in use are not read (NULL pointers, huge lengths). */
    p = params("noauth");
    p.authPassword = bytes(NULL, 0xFFFFFFFFu);
    p.privPassword = bytes(NULL, 12);
    CHECK(WinSnmpSetEntityUsm(e, &p) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(WinSnmpGetEngineId(e, &out), SNMPAPI_ENGINE_INVALID); /* not discovered */

    /* A lower level than the protocols allow; the engine ID given in advance. */
    p = params_authpriv("sha-aes", SNMP_USM_HMACSHA_AUTH_PROTOCOL, "authpass123",
                        WINSNMP_USM_AES128_PRIV_PROTOCOL, "privpass123");
    p.securityLevel = SNMP_AUTH_NOPRIV;
    p.securityEngineId = bytes(id5, 5);
    p.contextEngineId = bytes(id5, 5);
    CHECK(WinSnmpSetEntityUsm(e, &p) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(WinSnmpGetEngineId(e, NULL), SNMPAPI_NOOP);
    CHECK(WinSnmpGetEngineId(e, &out) == SNMPAPI_SUCCESS);
    CHECK(out.len == 5 && memcmp(out.ptr, id5, 5) == 0);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &out) == SNMPAPI_SUCCESS);

    /* Every protocol number the header defines is accepted. */
    {
        smiUINT32 a, x;
        for (a = SNMP_USM_HMACMD5_AUTH_PROTOCOL; a <= WINSNMP_USM_HMACSHA512_AUTH_PROTOCOL; a++)
            for (x = SNMP_USM_NO_PRIV_PROTOCOL; x <= WINSNMP_USM_AES256C_PRIV_PROTOCOL; x++) {
                p = params_authpriv("u", a, "authpass123", x, "privpass123");
                p.securityLevel =
                    x == SNMP_USM_NO_PRIV_PROTOCOL ? SNMP_AUTH_NOPRIV : SNMP_AUTH_PRIV;
                CHECK(WinSnmpSetEntityUsm(e, &p) == SNMPAPI_SUCCESS);
            }
    }

    /* NULL: a community entity again. */
    CHECK(WinSnmpSetEntityUsm(e, NULL) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(WinSnmpGetEngineId(e, &out), SNMPAPI_ENGINE_INVALID);
    CHECK(SnmpFreeEntity(e) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(WinSnmpSetEntityUsm(e, NULL), SNMPAPI_ENTITY_INVALID);
}

static void local_engine_and_users(void)
{
    smiBYTE small[4] = {1, 2, 3, 4};
    smiBYTE id[9] = {0x80, 0x00, 0x1f, 0x88, 0x04, 'c', 't', 'e', 's'};
    smiBYTE other[8] = {0x80, 0, 0, 0, 1, 2, 3, 4};
    smiOCTETS out = {0, NULL}, eid = bytes(id, 9), oid8 = bytes(other, 8);
    smiOCTETS name = str("trapper"), empty = {0, NULL};
    smiOCTETS huge = bytes(small, 0x10000), len4 = bytes(small, 4), len33 = bytes(small, 33);
    smiOCTETS nullp = {5, NULL};
    WinSnmpUsmParams p;
    WinSnmpUsmStats st;

    /* The local engine: generated, 5..32 octets; settable. */
    CHECK(WinSnmpGetEngineId(NULL, &out) == SNMPAPI_SUCCESS);
    CHECK(out.len >= 5 && out.len <= 32 && out.ptr != NULL);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &out) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(WinSnmpGetEngineId(NULL, NULL), SNMPAPI_NOOP);
    EXPECT_FAIL(WinSnmpSetLocalEngine(NULL, 1), SNMPAPI_ALLOC_ERROR);
    EXPECT_FAIL(WinSnmpSetLocalEngine(&nullp, 1), SNMPAPI_ALLOC_ERROR);
    EXPECT_FAIL(WinSnmpSetLocalEngine(&empty, 1), SNMPAPI_SIZE_INVALID);
    EXPECT_FAIL(WinSnmpSetLocalEngine(&len4, 1), SNMPAPI_SIZE_INVALID);
    EXPECT_FAIL(WinSnmpSetLocalEngine(&len33, 1), SNMPAPI_SIZE_INVALID);
    EXPECT_FAIL(WinSnmpSetLocalEngine(&huge, 1), SNMPAPI_SIZE_INVALID);
    CHECK(WinSnmpSetLocalEngine(&eid, 7) == SNMPAPI_SUCCESS);
    CHECK(WinSnmpGetEngineId(NULL, &out) == SNMPAPI_SUCCESS);
    CHECK(out.len == 9 && memcmp(out.ptr, id, 9) == 0);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &out) == SNMPAPI_SUCCESS);

    /* Users. */
    EXPECT_FAIL(WinSnmpAddUsmUser(NULL), SNMPAPI_ALLOC_ERROR);
    p = params_authpriv("trapper", WINSNMP_USM_HMACSHA256_AUTH_PROTOCOL, "authpass123",
                        WINSNMP_USM_AES128_PRIV_PROTOCOL, "privpass123");
    p.securityLevel = 0xDEAD; /* not read */
    p.contextEngineId = bytes(NULL, 0xFFFF); /* not read */
    p.authProtocol = 0;
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_MODE_INVALID);
    p.authProtocol = 8;
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_MODE_INVALID);
    p.authProtocol = SNMP_USM_NO_AUTH_PROTOCOL; /* privacy without authentication */
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_MODE_INVALID);
    p.authProtocol = WINSNMP_USM_HMACSHA256_AUTH_PROTOCOL;
    p.privProtocol = 0;
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_MODE_INVALID);
    p.privProtocol = 9;
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_MODE_INVALID);
    p.privProtocol = WINSNMP_USM_AES128_PRIV_PROTOCOL;
    p.userName = len33;
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_SIZE_INVALID);
    p.userName = huge;
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_SIZE_INVALID);
    p.userName = nullp;
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_ALLOC_ERROR);
    p.userName = name;
    p.authPassword = str("short");
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_SIZE_INVALID);
    p.authPassword = huge;
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_SIZE_INVALID);
    p.authPassword = str("authpass123");
    p.privPassword = str("short");
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_SIZE_INVALID);
    p.privPassword = bytes(NULL, 11);
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_ALLOC_ERROR);
    p.privPassword = str("privpass123");
    p.securityEngineId = len4;
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_SIZE_INVALID);
    p.securityEngineId = len33;
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_SIZE_INVALID);
    p.securityEngineId = huge;
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_SIZE_INVALID);
    p.securityEngineId = empty;
    CHECK(WinSnmpAddUsmUser(&p) == SNMPAPI_SUCCESS);
    CHECK(WinSnmpAddUsmUser(&p) == SNMPAPI_SUCCESS); /* replaces */
    p.securityEngineId = oid8; /* the same name for traps from one engine */
    CHECK(WinSnmpAddUsmUser(&p) == SNMPAPI_SUCCESS);

    EXPECT_FAIL(WinSnmpDeleteUsmUser(NULL, NULL), SNMPAPI_ALLOC_ERROR);
    EXPECT_FAIL(WinSnmpDeleteUsmUser(&nullp, NULL), SNMPAPI_ALLOC_ERROR);
    EXPECT_FAIL(WinSnmpDeleteUsmUser(&len33, NULL), SNMPAPI_SIZE_INVALID);
    EXPECT_FAIL(WinSnmpDeleteUsmUser(&huge, NULL), SNMPAPI_SIZE_INVALID);
    EXPECT_FAIL(WinSnmpDeleteUsmUser(&name, &len4), SNMPAPI_SIZE_INVALID);
    EXPECT_FAIL(WinSnmpDeleteUsmUser(&name, &len33), SNMPAPI_SIZE_INVALID);
    EXPECT_FAIL(WinSnmpDeleteUsmUser(&name, &nullp), SNMPAPI_ALLOC_ERROR);
    {
        smiBYTE far_id[6] = {0x80, 0, 0, 0, 9, 9};
        smiOCTETS far_engine = bytes(far_id, 6);
        /* No such user of that engine. */
        EXPECT_FAIL(WinSnmpDeleteUsmUser(&name, &far_engine), SNMPAPI_NOOP);
    }
    {
        smiOCTETS stranger = str("stranger");
        EXPECT_FAIL(WinSnmpDeleteUsmUser(&stranger, NULL), SNMPAPI_NOOP);
    }
    CHECK(WinSnmpDeleteUsmUser(&name, &oid8) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(WinSnmpDeleteUsmUser(&name, &oid8), SNMPAPI_NOOP);
    /* The local engine's own ID names the local user, as NULL and len 0 do. */
    CHECK(WinSnmpDeleteUsmUser(&name, &eid) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(WinSnmpDeleteUsmUser(&name, NULL), SNMPAPI_NOOP);
    p.securityEngineId = empty;
    CHECK(WinSnmpAddUsmUser(&p) == SNMPAPI_SUCCESS);
    CHECK(WinSnmpDeleteUsmUser(&name, &empty) == SNMPAPI_SUCCESS);
    EXPECT_FAIL(WinSnmpDeleteUsmUser(&name, &eid), SNMPAPI_NOOP);
    /* A user without authentication: its pass phrases are not read. */
    p = params("plain");
    p.authPassword = bytes(NULL, 99);
    CHECK(WinSnmpAddUsmUser(&p) == SNMPAPI_SUCCESS);
    CHECK(WinSnmpDeleteUsmUser(&p.userName, NULL) == SNMPAPI_SUCCESS);

    EXPECT_FAIL(WinSnmpGetUsmStats(NULL), SNMPAPI_NOOP);
    memset(&st, 0xAB, sizeof st);
    CHECK(WinSnmpGetUsmStats(&st) == SNMPAPI_SUCCESS);
    CHECK(st.asnParseErrs != 0xABABABABu && st.decryptionErrors != 0xABABABABu);
}

static void context_names(HSNMP_SESSION s)
{
    smiBYTE small[4] = {1, 2, 3, 4};
    smiOCTETS name = str("bridge1"), empty = {0, NULL}, out = {0, NULL};
    smiOCTETS huge = bytes(small, 65508), nullp = {3, NULL};
    HSNMP_CONTEXT c;

    EXPECT_FAIL(WinSnmpStrToContextName(NULL, &name), SNMPAPI_SESSION_INVALID);
    EXPECT_FAIL(WinSnmpStrToContextName((HSNMP_SESSION)(uintptr_t)0x999, &name),
                SNMPAPI_SESSION_INVALID);
    EXPECT_FAIL(WinSnmpStrToContextName(s, &huge), SNMPAPI_SIZE_INVALID);
    CHECK(SnmpGetLastError(s) == SNMPAPI_SIZE_INVALID); /* also the session's */
    EXPECT_FAIL(WinSnmpStrToContextName(s, &nullp), SNMPAPI_ALLOC_ERROR);

    c = WinSnmpStrToContextName(s, NULL); /* the default context */
    CHECK(c != NULL);
    CHECK(SnmpContextToStr(c, &out) == SNMPAPI_SUCCESS);
    CHECK(out.len == 0 && out.ptr == NULL);
    CHECK(SnmpFreeContext(c) == SNMPAPI_SUCCESS);
    c = WinSnmpStrToContextName(s, &empty);
    CHECK(c != NULL);
    CHECK(SnmpFreeContext(c) == SNMPAPI_SUCCESS);
    c = WinSnmpStrToContextName(s, &name);
    CHECK(c != NULL);
    CHECK(SnmpContextToStr(c, &out) == SNMPAPI_SUCCESS);
    CHECK(out.len == 7 && memcmp(out.ptr, "bridge1", 7) == 0);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &out) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeContext(c) == SNMPAPI_SUCCESS);
}

/* Every function before startup (and after the final cleanup): SNMPAPI_NOT_INITIALIZED. */
static void not_initialized(void)
{
    smiOCTETS pass = str("maplesyrup"), id = bytes(RFC_ENGINE, 12), key = {0, NULL};
    WinSnmpUsmParams p = params("noauth");
    WinSnmpUsmStats st;
    EXPECT_FAIL(WinSnmpSetEntityUsm((HSNMP_ENTITY)(uintptr_t)0x999, &p), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(WinSnmpSetEntityUsm(NULL, NULL), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(WinSnmpGetEngineId(NULL, &key), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(WinSnmpSetLocalEngine(&id, 1), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(WinSnmpSetLocalEngine(NULL, 1), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(WinSnmpAddUsmUser(&p), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(WinSnmpDeleteUsmUser(&p.userName, NULL), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(WinSnmpGetUsmStats(&st), SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(WinSnmpStrToContextName((HSNMP_SESSION)(uintptr_t)0x999, NULL),
                SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(WinSnmpPasswordToKey(SNMP_USM_HMACMD5_AUTH_PROTOCOL, &pass, NULL, &key),
                SNMPAPI_NOT_INITIALIZED);
    EXPECT_FAIL(WinSnmpPasswordToKey(0, NULL, NULL, NULL), SNMPAPI_NOT_INITIALIZED);
    CHECK(key.len == 0 && key.ptr == NULL);
}

static int errors(void)
{
    not_initialized();
    CHECK(SnmpStartup(NULL, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    HSNMP_SESSION s = SnmpCreateSession(NULL, 0, queue_event, NULL);
    CHECK(s != NULL);
    password_to_key_errors();
    entity_usm_errors(s);
    local_engine_and_users();
    context_names(s);
    CHECK(SnmpClose(s) == SNMPAPI_SUCCESS);
    CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);
    not_initialized();
    PASS("usm errors");
}

/* ------------------------------------------------------------------ against snmpd */

/* Sends a GET of `oid` to `agent` in `ctx` and waits for its notification. */
static event_t get(HSNMP_SESSION s, HSNMP_ENTITY agent, HSNMP_CONTEXT ctx, const char *oid,
                   smiINT32 *rid)
{
    event_t e;
    smiOID name;
    CHECK(SnmpStrToOid(oid, &name) > 0);
    HSNMP_VBL vbl = SnmpCreateVbl(s, &name, NULL);
    HSNMP_PDU pdu = SnmpCreatePdu(s, SNMP_PDU_GET, 0, 0, 0, vbl);
    CHECK(vbl != NULL && pdu != NULL);
    CHECK(SnmpGetPduData(pdu, NULL, rid, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    CHECK(SnmpSendMsg(s, NULL, agent, ctx, pdu) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreePdu(pdu) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeVbl(vbl) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name) == SNMPAPI_SUCCESS);
    CHECK(wait_event(&e, TIMEOUT_MS));
    CHECK(e.session == s && e.lparam == *rid);
    return e;
}

/* GET sysDescr.0; the answer taken with SnmpRecvMsg; its value copied into `text`. */
static void get_sysdescr(HSNMP_SESSION s, HSNMP_ENTITY agent, HSNMP_CONTEXT ctx, char *text,
                         size_t size)
{
    smiINT32 rid = 0, got_rid = 0;
    smiINT type = 0, status = -1;
    HSNMP_ENTITY src = NULL, dst = NULL;
    HSNMP_CONTEXT rctx = NULL;
    HSNMP_PDU resp = NULL;
    HSNMP_VBL vbl = NULL;
    smiOID name;
    smiVALUE v;
    event_t e = get(s, agent, ctx, "1.3.6.1.2.1.1.1.0", &rid);
    CHECK(e.wparam == 0);
    CHECK(SnmpRecvMsg(s, &src, &dst, &rctx, &resp) == SNMPAPI_SUCCESS);
    CHECK(SnmpGetPduData(resp, &type, &got_rid, &status, NULL, &vbl) == SNMPAPI_SUCCESS);
    CHECK(type == SNMP_PDU_RESPONSE && got_rid == rid && status == SNMP_ERROR_NOERROR);
    CHECK(SnmpCountVbl(vbl) == 1);
    CHECK(SnmpGetVb(vbl, 1, &name, &v) == SNMPAPI_SUCCESS);
    CHECK(v.syntax == SNMP_SYNTAX_OCTETS && v.value.string.len > 0 && v.value.string.len < size);
    memcpy(text, v.value.string.ptr, v.value.string.len);
    text[v.value.string.len] = '\0';
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &v.value.string) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeVbl(vbl) == SNMPAPI_SUCCESS);
    free_received(src, dst, rctx, resp);
}

/* A request that ends with the agent's Report: `code` as wParam, nothing queued. */
static void expect_report(HSNMP_SESSION s, HSNMP_ENTITY agent, HSNMP_CONTEXT ctx, WPARAM code)
{
    smiINT32 rid = 0;
    HSNMP_PDU pdu = NULL;
    event_t e = get(s, agent, ctx, "1.3.6.1.2.1.1.1.0", &rid);
    if (e.wparam != code)
        fprintf(stderr, "wParam %lu, expected %lu\n", (unsigned long)e.wparam, (unsigned long)code);
    CHECK(e.wparam == code);
    EXPECT_FAIL(SnmpRecvMsg(s, NULL, NULL, NULL, &pdu), SNMPAPI_NOOP);
}

static int against_snmpd(const char *port, const char *engine_hex, const char *auth_pass,
                         const char *priv_pass)
{
    char addr[64], v2c_descr[512], descr[512];
    smiBYTE engine[32];
    int engine_len = hex_to_bytes(engine_hex, engine, 32);
    smiOCTETS public_ = str("public"), out = {0, NULL};
    WinSnmpUsmParams p;
    size_t i;
    struct {
        const char *user;
        smiUINT32 level, auth, priv;
    } users[] = {
        {"noauth", SNMP_NOAUTH_NOPRIV, SNMP_USM_NO_AUTH_PROTOCOL, SNMP_USM_NO_PRIV_PROTOCOL},
        {"md5", SNMP_AUTH_NOPRIV, SNMP_USM_HMACMD5_AUTH_PROTOCOL, SNMP_USM_NO_PRIV_PROTOCOL},
        {"md5-des", SNMP_AUTH_PRIV, SNMP_USM_HMACMD5_AUTH_PROTOCOL, SNMP_USM_DES_PRIV_PROTOCOL},
        {"sha-aes", SNMP_AUTH_PRIV, SNMP_USM_HMACSHA_AUTH_PROTOCOL,
         WINSNMP_USM_AES128_PRIV_PROTOCOL},
        {"sha256-aes192", SNMP_AUTH_PRIV, WINSNMP_USM_HMACSHA256_AUTH_PROTOCOL,
         WINSNMP_USM_AES192_PRIV_PROTOCOL},
        {"sha512-aes256", SNMP_AUTH_PRIV, WINSNMP_USM_HMACSHA512_AUTH_PROTOCOL,
         WINSNMP_USM_AES256_PRIV_PROTOCOL},
    };
    CHECK(engine_len >= 5);

    CHECK(SnmpStartup(NULL, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    CHECK(SnmpSetTranslateMode(SNMPAPI_UNTRANSLATED_V2) == SNMPAPI_SUCCESS);
    HSNMP_SESSION s = SnmpCreateSession(NULL, 0, queue_event, NULL);
    CHECK(s != NULL);
    snprintf(addr, sizeof addr, "127.0.0.1:%s", port);
    HSNMP_CONTEXT community = SnmpStrToContext(s, &public_);
    HSNMP_CONTEXT default_ctx = WinSnmpStrToContextName(s, NULL);
    CHECK(community != NULL && default_ctx != NULL);

    /* What v2c says, to compare. */
    HSNMP_ENTITY v2 = SnmpStrToEntity(s, addr);
    CHECK(v2 != NULL && SnmpSetTimeout(v2, 300) == SNMPAPI_SUCCESS);
    get_sysdescr(s, v2, community, v2c_descr, sizeof v2c_descr);
    printf("v2c sysDescr.0 = %s\n", v2c_descr);

    /* The same object as each user, at its level: discovery, then the GET. */
    for (i = 0; i < sizeof users / sizeof users[0]; i++) {
        HSNMP_ENTITY agent = SnmpStrToEntity(s, addr);
        CHECK(agent != NULL);
        CHECK(SnmpSetTimeout(agent, 300) == SNMPAPI_SUCCESS); /* slow under valgrind */
        CHECK(SnmpSetRetry(agent, 1) == SNMPAPI_SUCCESS);
        p = params_authpriv(users[i].user, users[i].auth, auth_pass, users[i].priv, priv_pass);
        p.securityLevel = users[i].level;
        CHECK(WinSnmpSetEntityUsm(agent, &p) == SNMPAPI_SUCCESS);
        /* Not discovered yet; afterwards the engine is remembered for the address. */
        if (i == 0)
            EXPECT_FAIL(WinSnmpGetEngineId(agent, &out), SNMPAPI_ENGINE_INVALID);
        get_sysdescr(s, agent, default_ctx, descr, sizeof descr);
        printf("%s: sysDescr.0 = %s\n", users[i].user, descr);
        CHECK(strcmp(descr, v2c_descr) == 0);
        /* Discovered: snmpd's engine ID. */
        CHECK(WinSnmpGetEngineId(agent, &out) == SNMPAPI_SUCCESS);
        CHECK(out.len == (smiUINT32)engine_len && memcmp(out.ptr, engine, out.len) == 0);
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &out) == SNMPAPI_SUCCESS);
        /* A second request goes straight out. */
        get_sysdescr(s, agent, default_ctx, descr, sizeof descr);
        CHECK(SnmpFreeEntity(agent) == SNMPAPI_SUCCESS);
    }

    /* The engine ID given in advance (net-snmp -e): no discovery needed. */
    {
        HSNMP_ENTITY agent = SnmpStrToEntity(s, addr);
        CHECK(agent != NULL && SnmpSetTimeout(agent, 300) == SNMPAPI_SUCCESS);
        p = params_authpriv("sha-aes", SNMP_USM_HMACSHA_AUTH_PROTOCOL, auth_pass,
                            WINSNMP_USM_AES128_PRIV_PROTOCOL, priv_pass);
        p.securityEngineId = bytes(engine, (smiUINT32)engine_len);
        CHECK(WinSnmpSetEntityUsm(agent, &p) == SNMPAPI_SUCCESS);
        get_sysdescr(s, agent, default_ctx, descr, sizeof descr);
        CHECK(strcmp(descr, v2c_descr) == 0);

        /* A wrong authentication pass phrase: snmpd's Report, usmStatsWrongDigests. */
        p.authPassword = str("wrongpass123");
        CHECK(WinSnmpSetEntityUsm(agent, &p) == SNMPAPI_SUCCESS);
        expect_report(s, agent, default_ctx, SNMPAPI_RPT_WRONGDIGEST);
        /* An unknown user. */
        p = params("stranger");
        CHECK(WinSnmpSetEntityUsm(agent, &p) == SNMPAPI_SUCCESS);
        expect_report(s, agent, default_ctx, SNMPAPI_RPT_UNKNOWNUSERNAME);
        /* Back to a community entity: v2c again. */
        CHECK(WinSnmpSetEntityUsm(agent, NULL) == SNMPAPI_SUCCESS);
        EXPECT_FAIL(WinSnmpGetEngineId(agent, &out), SNMPAPI_ENGINE_INVALID);
        get_sysdescr(s, agent, community, descr, sizeof descr);
        CHECK(strcmp(descr, v2c_descr) == 0);
        CHECK(SnmpFreeEntity(agent) == SNMPAPI_SUCCESS);
    }

    /* A discovery-time wrong pass phrase too, and the local counters are readable. */
    {
        WinSnmpUsmStats st;
        HSNMP_ENTITY agent = SnmpStrToEntity(s, addr);
        CHECK(agent != NULL && SnmpSetTimeout(agent, 300) == SNMPAPI_SUCCESS);
        p = params_authpriv("md5-des", SNMP_USM_HMACMD5_AUTH_PROTOCOL, "not-the-password",
                            SNMP_USM_DES_PRIV_PROTOCOL, priv_pass);
        CHECK(WinSnmpSetEntityUsm(agent, &p) == SNMPAPI_SUCCESS);
        expect_report(s, agent, default_ctx, SNMPAPI_RPT_WRONGDIGEST);
        CHECK(WinSnmpGetUsmStats(&st) == SNMPAPI_SUCCESS);
        printf("local usmStats: wrongDigests %lu unknownUserNames %lu\n",
               (unsigned long)st.wrongDigests, (unsigned long)st.unknownUserNames);
        CHECK(SnmpFreeEntity(agent) == SNMPAPI_SUCCESS);
    }

    CHECK(SnmpFreeEntity(v2) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeContext(community) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeContext(default_ctx) == SNMPAPI_SUCCESS);
    CHECK(SnmpClose(s) == SNMPAPI_SUCCESS);
    CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);
    PASS("usm get");
}

/* ------------------------------------------------------------------ trap receiver */

/* Waits for one trap and prints "trap OID user-context-len N". */
static void receive_trap(HSNMP_SESSION s)
{
    event_t e;
    char text[MAXOBJIDSTRSIZE];
    HSNMP_ENTITY src = NULL, dst = NULL;
    HSNMP_CONTEXT ctx = NULL;
    HSNMP_PDU pdu = NULL;
    HSNMP_VBL vbl = NULL;
    smiINT type = 0;
    smiOID name;
    smiVALUE v;
    smiOCTETS context = {0, NULL};
    CHECK(wait_event(&e, TIMEOUT_MS));
    CHECK(e.session == s && e.wparam == 0);
    CHECK(SnmpRecvMsg(s, &src, &dst, &ctx, &pdu) == SNMPAPI_SUCCESS);
    CHECK(SnmpGetPduData(pdu, &type, NULL, NULL, NULL, &vbl) == SNMPAPI_SUCCESS);
    CHECK(type == SNMP_PDU_TRAP);
    CHECK(SnmpCountVbl(vbl) >= 2);
    CHECK(SnmpGetVb(vbl, 2, &name, &v) == SNMPAPI_SUCCESS);
    CHECK(SnmpOidToStr(&name, sizeof text, text) > 0);
    CHECK(strcmp(text, "1.3.6.1.6.3.1.1.4.1.0") == 0);
    CHECK(v.syntax == SNMP_SYNTAX_OID);
    CHECK(SnmpOidToStr(&v.value.oid, sizeof text, text) > 0);
    CHECK(SnmpContextToStr(ctx, &context) == SNMPAPI_SUCCESS);
    printf("trap %s context \"%.*s\"\n", text, (int)context.len,
           context.ptr != NULL ? (char *)context.ptr : "");
    fflush(stdout);
    if (context.ptr != NULL)
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &context) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&name) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&v.value.oid) == SNMPAPI_SUCCESS);
    CHECK(SnmpFreeVbl(vbl) == SNMPAPI_SUCCESS);
    free_received(src, dst, ctx, pdu);
}

static int trap_receiver(const char *auth_pass, const char *priv_pass)
{
    static const smiBYTE sender[8] = {0x80, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04};
    WinSnmpUsmParams p;
    WinSnmpUsmStats before, now;
    event_t e;
    int waited = 0;

    CHECK(SnmpStartup(NULL, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    HSNMP_SESSION s = SnmpCreateSession(NULL, 0, queue_event, NULL);
    CHECK(s != NULL);
    /* A user for traps from any engine (and of the local engine). */
    p = params_authpriv("trapper", WINSNMP_USM_HMACSHA256_AUTH_PROTOCOL, auth_pass,
                        WINSNMP_USM_AES128_PRIV_PROTOCOL, priv_pass);
    CHECK(WinSnmpAddUsmUser(&p) == SNMPAPI_SUCCESS);
    /* A user for traps from the sender's engine only. */
    p = params_authpriv("trapper2", SNMP_USM_HMACMD5_AUTH_PROTOCOL, auth_pass,
                        SNMP_USM_DES_PRIV_PROTOCOL, priv_pass);
    p.securityEngineId = bytes(sender, sizeof sender);
    CHECK(WinSnmpAddUsmUser(&p) == SNMPAPI_SUCCESS);
    CHECK(SnmpRegister(s, NULL, NULL, NULL, NULL, SNMPAPI_ON) == SNMPAPI_SUCCESS);
    printf("READY\n");
    fflush(stdout);

    receive_trap(s); /* trapper, coldStart */
    receive_trap(s); /* trapper2, warmStart */

    /* Without its user, the next trap from "trapper" is dropped and counted. */
    {
        smiOCTETS name = str("trapper");
        CHECK(WinSnmpDeleteUsmUser(&name, NULL) == SNMPAPI_SUCCESS);
    }
    CHECK(WinSnmpGetUsmStats(&before) == SNMPAPI_SUCCESS);
    printf("DELETED\n");
    fflush(stdout);
    for (;;) {
        CHECK(WinSnmpGetUsmStats(&now) == SNMPAPI_SUCCESS);
        if (now.unknownUserNames != before.unknownUserNames)
            break;
        CHECK(waited < TIMEOUT_MS);
        {
            struct timespec ts = {0, 20 * 1000000L};
            nanosleep(&ts, NULL);
        }
        waited += 20;
    }
    CHECK(now.unknownUserNames == before.unknownUserNames + 1);
    CHECK(!wait_event(&e, 500)); /* nothing delivered */
    printf("dropped: usmStatsUnknownUserNames %lu\n", (unsigned long)now.unknownUserNames);

    CHECK(SnmpRegister(s, NULL, NULL, NULL, NULL, SNMPAPI_OFF) == SNMPAPI_SUCCESS);
    CHECK(SnmpClose(s) == SNMPAPI_SUCCESS);
    CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);
    PASS("usm traps");
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "errors") == 0)
        return errors();
    if (argc == 6 && strcmp(argv[1], "get") == 0)
        return against_snmpd(argv[2], argv[3], argv[4], argv[5]);
    if (argc == 4 && strcmp(argv[1], "traps") == 0)
        return trap_receiver(argv[2], argv[3]);
    fprintf(stderr, "usage: usm errors | usm get PORT ENGINE_HEX AUTH_PASS PRIV_PASS | "
                    "usm traps AUTH_PASS PRIV_PASS\n");
    return 2;
}
