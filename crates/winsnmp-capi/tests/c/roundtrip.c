/*
 * roundtrip.c -- VBLs, PDUs, OIDs and descriptors, round trip.
 * Every smiVALUE syntax through SnmpCreateVbl/SnmpSetVb/SnmpGetVb/SnmpFreeDescriptor;
 * replace, delete, duplicate, count; PDU fields (GetBulk included) through
 * SnmpCreatePdu/SnmpGetPduData/SnmpSetPduData/SnmpDuplicatePdu; SnmpEncodeMsg and
 * SnmpDecodeMsg (v1 and v2c); the OID utilities; entity and context strings; the local
 * database. Every descriptor the library hands out is freed: valgrind finds no leak.
 */
#include <string.h>

#include "check.h"

static SNMPAPI_STATUS CALLBACK on_event(HSNMP_SESSION s, HWND w, UINT m, WPARAM wp,
                                        LPARAM lp, LPVOID data)
{
    (void)s; (void)w; (void)m; (void)wp; (void)lp; (void)data;
    return SNMPAPI_SUCCESS;
}

static int oid_eq(const smiOID *a, const smiOID *b)
{
    return a->len == b->len &&
           (a->len == 0 || memcmp(a->ptr, b->ptr, a->len * sizeof(smiUINT32)) == 0);
}

static int octets_eq(const smiOCTETS *a, const smiOCTETS *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->ptr, b->ptr, a->len) == 0);
}

static int is_octets(smiUINT32 syntax)
{
    return syntax == SNMP_SYNTAX_OCTETS || syntax == SNMP_SYNTAX_BITS ||
           syntax == SNMP_SYNTAX_IPADDR || syntax == SNMP_SYNTAX_OPAQUE ||
           syntax == SNMP_SYNTAX_NSAPADDR;
}

/* Compares a value read back with the one written. */
static int value_eq(const smiVALUE *a, const smiVALUE *b)
{
    if (a->syntax != b->syntax)
        return 0;
    switch (a->syntax) {
    case SNMP_SYNTAX_INT:
        return a->value.sNumber == b->value.sNumber;
    case SNMP_SYNTAX_CNTR32:
    case SNMP_SYNTAX_GAUGE32:
    case SNMP_SYNTAX_TIMETICKS:
    case SNMP_SYNTAX_UINT32:
        return a->value.uNumber == b->value.uNumber;
    case SNMP_SYNTAX_CNTR64:
        return a->value.hNumber.hipart == b->value.hNumber.hipart &&
               a->value.hNumber.lopart == b->value.hNumber.lopart;
    case SNMP_SYNTAX_OID:
        return oid_eq(&a->value.oid, &b->value.oid);
    default:
        if (is_octets(a->syntax))
            return octets_eq(&a->value.string, &b->value.string);
        return 1; /* NULL and the exceptions carry nothing */
    }
}

/* Frees whatever SnmpGetVb allocated for a value. */
static void free_value(smiVALUE *v)
{
    if (v->syntax == SNMP_SYNTAX_OID) {
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&v->value.oid) ==
              SNMPAPI_SUCCESS);
    } else if (is_octets(v->syntax)) {
        if (v->value.string.len == 0) {
            CHECK(v->value.string.ptr == NULL);
        } else {
            CHECK(SnmpFreeDescriptor(v->syntax, &v->value.string) == SNMPAPI_SUCCESS);
            CHECK(v->value.string.ptr == NULL && v->value.string.len == 0);
        }
    }
}

int main(void)
{
    smiUINT32 base[] = {1, 3, 6, 1, 4, 1, 99999, 1, 0};
    smiOID name = {9, base};
    smiUINT32 oid_value_arcs[] = {1, 3, 6, 1, 6, 3, 1, 1, 5, 1};
    smiVALUE values[17];
    unsigned n = 0, k;
    char text[MAXOBJIDSTRSIZE];
    smiOCTETS community = {6, (smiLPBYTE)"public"};

    CHECK(SnmpStartup(NULL, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
    HSNMP_SESSION s = SnmpCreateSession(NULL, 0, on_event, NULL);
    CHECK(s != NULL);

    /* Every syntax a varbind can hold. */
    memset(values, 0, sizeof values);
    values[n].syntax = SNMP_SYNTAX_INT; values[n++].value.sNumber = -123456;
    values[n].syntax = SNMP_SYNTAX_OCTETS;
    values[n].value.string.ptr = (smiLPBYTE)"hello\0world"; values[n++].value.string.len = 11;
    values[n].syntax = SNMP_SYNTAX_OCTETS; values[n++].value.string.len = 0; /* empty */
    values[n].syntax = SNMP_SYNTAX_BITS;
    values[n].value.string.ptr = (smiLPBYTE)"\xA0\x01"; values[n++].value.string.len = 2;
    values[n++].syntax = SNMP_SYNTAX_NULL;
    values[n].syntax = SNMP_SYNTAX_OID;
    values[n].value.oid.ptr = oid_value_arcs; values[n++].value.oid.len = 10;
    values[n].syntax = SNMP_SYNTAX_IPADDR;
    values[n].value.string.ptr = (smiLPBYTE)"\xC0\x00\x02\x01"; values[n++].value.string.len = 4;
    values[n].syntax = SNMP_SYNTAX_CNTR32; values[n++].value.uNumber = 4294967295u;
    values[n].syntax = SNMP_SYNTAX_GAUGE32; values[n++].value.uNumber = 42;
    values[n].syntax = SNMP_SYNTAX_TIMETICKS; values[n++].value.uNumber = 360000;
    values[n].syntax = SNMP_SYNTAX_OPAQUE;
    values[n].value.string.ptr = (smiLPBYTE)"\x9f\x78\x04\x3f\x80\x00\x00"; values[n++].value.string.len = 7;
    values[n].syntax = SNMP_SYNTAX_NSAPADDR;
    values[n].value.string.ptr = (smiLPBYTE)"\x47\x00\x05"; values[n++].value.string.len = 3;
    values[n].syntax = SNMP_SYNTAX_CNTR64;
    values[n].value.hNumber.hipart = 0x01234567u; values[n++].value.hNumber.lopart = 0x89ABCDEFu;
    values[n].syntax = SNMP_SYNTAX_UINT32; values[n++].value.uNumber = 7;
    values[n++].syntax = SNMP_SYNTAX_NOSUCHOBJECT;
    values[n++].syntax = SNMP_SYNTAX_NOSUCHINSTANCE;
    values[n++].syntax = SNMP_SYNTAX_ENDOFMIBVIEW;
    CHECK(n == 17);

    /* The first through SnmpCreateVbl, the rest appended with SnmpSetVb(…, 0, …). */
    HSNMP_VBL vbl = SnmpCreateVbl(s, &name, &values[0]);
    CHECK(vbl != NULL);
    for (k = 1; k < n; k++) {
        base[8] = k;
        CHECK(SnmpSetVb(vbl, 0, &name, &values[k]) == k + 1);
    }
    CHECK(SnmpCountVbl(vbl) == n);
    for (k = 0; k < n; k++) {
        smiOID got_name;
        smiVALUE got;
        memset(&got, 0xAB, sizeof got); /* garbage in: ignored */
        CHECK(SnmpGetVb(vbl, k + 1, &got_name, &got) == SNMPAPI_SUCCESS);
        base[8] = k;
        CHECK(oid_eq(&got_name, &name));
        CHECK(value_eq(&got, &values[k]));
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&got_name) == SNMPAPI_SUCCESS);
        free_value(&got);
        /* Only one of the two outputs. */
        CHECK(SnmpGetVb(vbl, k + 1, NULL, &got) == SNMPAPI_SUCCESS);
        CHECK(value_eq(&got, &values[k]));
        free_value(&got);
        CHECK(SnmpGetVb(vbl, k + 1, &got_name, NULL) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&got_name) == SNMPAPI_SUCCESS);
    }

    /* Replace, value-only replace, delete, duplicate. */
    {
        smiVALUE v, got;
        smiOID got_name;
        v.syntax = SNMP_SYNTAX_GAUGE32;
        v.value.uNumber = 99;
        base[8] = 1000;
        CHECK(SnmpSetVb(vbl, 2, &name, &v) == 2);
        CHECK(SnmpGetVb(vbl, 2, &got_name, &got) == SNMPAPI_SUCCESS);
        CHECK(oid_eq(&got_name, &name) && value_eq(&got, &v));
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&got_name) == SNMPAPI_SUCCESS);
        v.value.uNumber = 100;
        CHECK(SnmpSetVb(vbl, 2, NULL, &v) == 2); /* name kept */
        CHECK(SnmpGetVb(vbl, 2, &got_name, &got) == SNMPAPI_SUCCESS);
        CHECK(oid_eq(&got_name, &name) && got.value.uNumber == 100);
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&got_name) == SNMPAPI_SUCCESS);
        CHECK(SnmpSetVb(vbl, 2, &name, NULL) == 2); /* value becomes NULL */
        CHECK(SnmpGetVb(vbl, 2, NULL, &got) == SNMPAPI_SUCCESS && got.syntax == SNMP_SYNTAX_NULL);
        CHECK(SnmpDeleteVb(vbl, 1) == SNMPAPI_SUCCESS);
        CHECK(SnmpCountVbl(vbl) == n - 1);
        CHECK(SnmpGetVb(vbl, 1, &got_name, NULL) == SNMPAPI_SUCCESS);
        CHECK(oid_eq(&got_name, &name)); /* the old second entry moved down */
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&got_name) == SNMPAPI_SUCCESS);
    }
    HSNMP_VBL dup = SnmpDuplicateVbl(s, vbl);
    CHECK(dup != NULL && dup != vbl && SnmpCountVbl(dup) == n - 1);
    while (SnmpCountVbl(dup) > 0)
        CHECK(SnmpDeleteVb(dup, 1) == SNMPAPI_SUCCESS);
    CHECK(SnmpGetLastError(NULL) == SNMPAPI_NOOP); /* the empty count */
    CHECK(SnmpCountVbl(vbl) == n - 1);            /* the source is untouched */
    CHECK(SnmpFreeVbl(dup) == SNMPAPI_SUCCESS);

    /* PDUs. */
    {
        smiINT type = 0, status = -1, index = -1;
        smiINT32 rid = 0;
        HSNMP_VBL got_vbl = NULL;
        HSNMP_PDU pdu = SnmpCreatePdu(s, 0, 0, 0, 0, NULL); /* defaults */
        CHECK(pdu != NULL);
        CHECK(SnmpGetPduData(pdu, &type, &rid, &status, &index, &got_vbl) == SNMPAPI_SUCCESS);
        CHECK(type == SNMP_PDU_GETNEXT && rid != 0 && status == 0 && index == 0);
        CHECK(got_vbl != NULL);
        EXPECT_FAIL(SnmpCountVbl(got_vbl), SNMPAPI_NOOP);
        CHECK(SnmpFreeVbl(got_vbl) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreePdu(pdu) == SNMPAPI_SUCCESS);

        pdu = SnmpCreatePdu(s, SNMP_PDU_GETBULK, 4242, 1, 25, vbl);
        CHECK(pdu != NULL);
        CHECK(SnmpGetPduData(pdu, &type, &rid, &status, &index, NULL) == SNMPAPI_SUCCESS);
        CHECK(type == SNMP_PDU_GETBULK && rid == 4242 && status == 1 && index == 25);
        {
            smiINT nr = 2, mr = 50, t = SNMP_PDU_GETBULK;
            smiINT32 zero = 0;
            CHECK(SnmpSetPduData(pdu, &t, &zero, &nr, &mr, NULL) == SNMPAPI_SUCCESS);
            CHECK(SnmpGetPduData(pdu, NULL, &rid, &status, &index, NULL) == SNMPAPI_SUCCESS);
            CHECK(rid == 0 && status == 2 && index == 50);
            t = SNMP_PDU_SET;
            CHECK(SnmpSetPduData(pdu, &t, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
            CHECK(SnmpGetPduData(pdu, &type, NULL, NULL, NULL, NULL) == SNMPAPI_SUCCESS);
            CHECK(type == SNMP_PDU_SET);
        }
        {
            /* The PDU copied the VBL: a new, smaller VBL replaces its bindings. */
            HSNMP_VBL small = SnmpCreateVbl(s, &name, NULL);
            CHECK(SnmpSetPduData(pdu, NULL, NULL, NULL, NULL, &small) == SNMPAPI_SUCCESS);
            CHECK(SnmpFreeVbl(small) == SNMPAPI_SUCCESS);
        }
        HSNMP_PDU copy = SnmpDuplicatePdu(s, pdu);
        CHECK(copy != NULL && copy != pdu);
        CHECK(SnmpFreePdu(pdu) == SNMPAPI_SUCCESS);
        CHECK(SnmpGetPduData(copy, &type, NULL, NULL, NULL, &got_vbl) == SNMPAPI_SUCCESS);
        CHECK(type == SNMP_PDU_SET && SnmpCountVbl(got_vbl) == 1);
        CHECK(SnmpFreeVbl(got_vbl) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreePdu(copy) == SNMPAPI_SUCCESS);
    }

    /* Encode and decode, SNMPv1 (default mode) then SNMPv2c. */
    {
        int version;
        for (version = 1; version <= 2; version++) {
            smiOCTETS msg, ctx_text;
            HSNMP_ENTITY src = (HSNMP_ENTITY)(uintptr_t)1, dst = (HSNMP_ENTITY)(uintptr_t)1;
            HSNMP_CONTEXT got_ctx = NULL;
            HSNMP_PDU got_pdu = NULL;
            HSNMP_VBL got_vbl = NULL;
            smiINT type;
            smiINT32 rid;
            unsigned j;
            CHECK(SnmpSetTranslateMode(version == 1 ? SNMPAPI_UNTRANSLATED_V1
                                                    : SNMPAPI_UNTRANSLATED_V2) == SNMPAPI_SUCCESS);
            HSNMP_ENTITY agent = SnmpStrToEntity(s, "127.0.0.1:1161");
            HSNMP_CONTEXT ctx = SnmpStrToContext(s, &community);
            CHECK(agent != NULL && ctx != NULL);
            /* v1 cannot carry Counter64 or the exceptions: send only what it can. */
            HSNMP_VBL body = SnmpCreateVbl(s, NULL, NULL);
            for (j = 0; j < n; j++) {
                smiUINT32 sx = values[j].syntax;
                if (version == 1 && (sx == SNMP_SYNTAX_CNTR64 || sx >= 0x80))
                    continue;
                if (version == 2 && sx == SNMP_SYNTAX_NSAPADDR)
                    continue;
                base[8] = j;
                CHECK(SnmpSetVb(body, 0, &name, &values[j]) > 0);
            }
            HSNMP_PDU pdu = SnmpCreatePdu(s, SNMP_PDU_SET, 777, 0, 0, body);
            SNMPAPI_STATUS len = SnmpEncodeMsg(s, NULL, agent, ctx, pdu, &msg);
            CHECK(len > 0 && len == msg.len && msg.ptr[0] == 0x30);
            CHECK(SnmpDecodeMsg(s, &src, &dst, &got_ctx, &got_pdu, &msg) == len);
            CHECK(src == NULL && dst == NULL && got_ctx != NULL && got_pdu != NULL);
            CHECK(SnmpContextToStr(got_ctx, &ctx_text) == SNMPAPI_SUCCESS);
            CHECK(octets_eq(&ctx_text, &community));
            CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &ctx_text) == SNMPAPI_SUCCESS);
            CHECK(SnmpGetPduData(got_pdu, &type, &rid, NULL, NULL, &got_vbl) == SNMPAPI_SUCCESS);
            CHECK(type == SNMP_PDU_SET && rid == 777);
            CHECK(SnmpCountVbl(got_vbl) == SnmpCountVbl(body));
            for (j = 1; j <= SnmpCountVbl(body); j++) {
                smiOID n1, n2;
                smiVALUE v1, v2;
                CHECK(SnmpGetVb(body, j, &n1, &v1) == SNMPAPI_SUCCESS);
                CHECK(SnmpGetVb(got_vbl, j, &n2, &v2) == SNMPAPI_SUCCESS);
                CHECK(oid_eq(&n1, &n2));
                /* BITS travel as OCTET STRING, UINT32 as Gauge32 (Appendix E 12). */
                if (v1.syntax == SNMP_SYNTAX_BITS)
                    v1.syntax = SNMP_SYNTAX_OCTETS;
                if (v1.syntax == SNMP_SYNTAX_UINT32)
                    v1.syntax = SNMP_SYNTAX_GAUGE32;
                CHECK(value_eq(&v1, &v2));
                CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&n1) == SNMPAPI_SUCCESS);
                CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&n2) == SNMPAPI_SUCCESS);
                free_value(&v1);
                free_value(&v2);
            }
            CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &msg) == SNMPAPI_SUCCESS);
            CHECK(SnmpFreeVbl(got_vbl) == SNMPAPI_SUCCESS);
            CHECK(SnmpFreePdu(got_pdu) == SNMPAPI_SUCCESS);
            CHECK(SnmpFreeContext(got_ctx) == SNMPAPI_SUCCESS);
            CHECK(SnmpFreePdu(pdu) == SNMPAPI_SUCCESS);
            CHECK(SnmpFreeVbl(body) == SNMPAPI_SUCCESS);
            CHECK(SnmpFreeContext(ctx) == SNMPAPI_SUCCESS);
            CHECK(SnmpFreeEntity(agent) == SNMPAPI_SUCCESS);
        }
    }

    /* OID utilities. */
    {
        smiOID a, b, c;
        smiINT r;
        CHECK(SnmpStrToOid(".1.3.6.1.2.1.1.1.0", &a) == 9);
        CHECK(SnmpOidToStr(&a, sizeof text, text) == strlen("1.3.6.1.2.1.1.1.0") + 1);
        CHECK(strcmp(text, "1.3.6.1.2.1.1.1.0") == 0);
        CHECK(SnmpOidToStr(&a, 18, text) == 18); /* exactly big enough */
        CHECK(SnmpOidCopy(&a, &b) == 9 && oid_eq(&a, &b) && a.ptr != b.ptr);
        CHECK(SnmpStrToOid("1.3.6.1.2.1.1.2.0", &c) == 9);
        CHECK(SnmpOidCompare(&a, &c, 0, &r) == SNMPAPI_SUCCESS && r < 0);
        CHECK(SnmpOidCompare(&c, &a, 0, &r) == SNMPAPI_SUCCESS && r > 0);
        CHECK(SnmpOidCompare(&a, &c, 7, &r) == SNMPAPI_SUCCESS && r == 0); /* common prefix */
        CHECK(SnmpOidCompare(&a, &b, 0, &r) == SNMPAPI_SUCCESS && r == 0);
        b.len = 5; /* a prefix is smaller */
        CHECK(SnmpOidCompare(&b, &a, 0, &r) == SNMPAPI_SUCCESS && r < 0);
        b.len = 9;
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&a) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&b) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&c) == SNMPAPI_SUCCESS);
        /* The longest OID: 128 sub-identifiers of 4294967295 fit MAXOBJIDSTRSIZE. */
        {
            smiUINT32 big[MAXOBJIDSIZE];
            smiOID longest = {MAXOBJIDSIZE, big};
            unsigned q;
            big[0] = 1; big[1] = 3;
            for (q = 2; q < MAXOBJIDSIZE; q++)
                big[q] = 4294967295u;
            CHECK(SnmpOidToStr(&longest, sizeof text, text) <= MAXOBJIDSTRSIZE);
            CHECK(SnmpStrToOid(text, &a) == MAXOBJIDSIZE && oid_eq(&a, &longest));
            CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OID, (smiLPOPAQUE)&a) == SNMPAPI_SUCCESS);
        }
    }

    /* Entities, contexts and the local database. */
    {
        smiUINT32 p = 0, q = 0;
        smiOCTETS t;
        HSNMP_ENTITY e = SnmpStrToEntity(s, "[::1]:1161");
        HSNMP_ENTITY e4 = SnmpStrToEntity(s, "192.0.2.7");
        HSNMP_CONTEXT c = SnmpStrToContext(s, &community);
        CHECK(e != NULL && e4 != NULL && c != NULL);
        CHECK(SnmpEntityToStr(e4, sizeof text, text) == 10 && strcmp(text, "192.0.2.7") == 0);
        CHECK(SnmpSetPort(e4, 1162) == SNMPAPI_SUCCESS);
        CHECK(SnmpEntityToStr(e4, sizeof text, text) > 0 && strcmp(text, "192.0.2.7:1162") == 0);
        CHECK(SnmpEntityToStr(e, sizeof text, text) > 0);
        CHECK(SnmpGetTimeout(e, &p, &q) == SNMPAPI_SUCCESS && p == 100);
        CHECK(SnmpSetTimeout(e, 250) == SNMPAPI_SUCCESS);
        CHECK(SnmpGetTimeout(e, &p, NULL) == SNMPAPI_SUCCESS && p == 250);
        CHECK(SnmpSetTimeout(e, 0) == SNMPAPI_SUCCESS); /* back to the default */
        CHECK(SnmpGetTimeout(e, &p, NULL) == SNMPAPI_SUCCESS && p == 100);
        CHECK(SnmpGetRetry(e, &p, &q) == SNMPAPI_SUCCESS && p == 3);
        CHECK(SnmpSetRetry(e, 5) == SNMPAPI_SUCCESS);
        CHECK(SnmpGetRetry(e, NULL, &q) == SNMPAPI_SUCCESS);
        CHECK(SnmpGetRetry(e, &p, NULL) == SNMPAPI_SUCCESS && p == 5);
        CHECK(SnmpContextToStr(c, &t) == SNMPAPI_SUCCESS && octets_eq(&t, &community));
        CHECK(SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, &t) == SNMPAPI_SUCCESS);
        CHECK(SnmpGetTranslateMode(&p) == SNMPAPI_SUCCESS && p == SNMPAPI_UNTRANSLATED_V2);
        CHECK(SnmpSetRetransmitMode(SNMPAPI_OFF) == SNMPAPI_SUCCESS);
        CHECK(SnmpGetRetransmitMode(&p) == SNMPAPI_SUCCESS && p == SNMPAPI_OFF);
        CHECK(SnmpFreeEntity(e) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreeEntity(e4) == SNMPAPI_SUCCESS);
        CHECK(SnmpFreeContext(c) == SNMPAPI_SUCCESS);
    }

    CHECK(SnmpFreeVbl(vbl) == SNMPAPI_SUCCESS);
    CHECK(SnmpClose(s) == SNMPAPI_SUCCESS);
    CHECK(SnmpCleanup() == SNMPAPI_SUCCESS);
    PASS("roundtrip");
}
