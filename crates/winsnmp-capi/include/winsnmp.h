/*
 * winsnmp.h -- WinSNMP 2.0 API for libwsnmp32 (the winsnmp project).
 *
 * Written for this project from the facts in the project's API reference
 * (shared winsnmp-api.md sections 2-4): names, prototypes, numeric values and
 * structure layouts are those of the WinSNMP 2.0 interface, so a program
 * written against WinSNMP compiles unchanged. Types are LP64-correct: smiINT
 * and smiUINT32 are exactly 32 bits everywhere; handles are pointer-sized.
 *
 * Off Windows there is no window-message notification: create sessions with
 * a callback. Callbacks run on the library's callback threads (a session's
 * one at a time, in order; different sessions' in parallel), never with an
 * internal lock held, so a callback may call any function of this API.
 *
 * Link with -lwsnmp32 (pkg-config: wsnmp32).
 */
#ifndef WINSNMP_H
#define WINSNMP_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#ifdef _WIN32
#include <windows.h>
#ifndef SNMPAPI_CALL
#define SNMPAPI_CALL WINAPI
#endif
#else /* !_WIN32 */
#ifndef SNMPAPI_CALL
#define SNMPAPI_CALL
#endif
#ifndef CALLBACK
#define CALLBACK
#endif
#ifndef WINSNMP_NO_WINDOWS_TYPES
typedef void *HANDLE;
typedef void *HWND;
typedef unsigned int UINT;
typedef uintptr_t WPARAM;
typedef intptr_t LPARAM;
typedef void *LPVOID;
typedef const char *LPCSTR;
typedef char *LPSTR;
#endif
#endif /* _WIN32 */

#ifndef FAR
#define FAR
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- types */

/* smiINT and smiUINT32 are 32 bits: `long` where long is 32 bits (Windows,
 * ILP32), `int` where long is 64 bits (LP64). */
#if ULONG_MAX == 4294967295UL
typedef signed long smiINT;
typedef unsigned long smiUINT32;
#else
typedef signed int smiINT;
typedef unsigned int smiUINT32;
#endif
typedef smiINT smiINT32;
typedef smiINT FAR *smiLPINT;
typedef smiINT32 FAR *smiLPINT32;
typedef smiUINT32 FAR *smiLPUINT32;
typedef unsigned char smiBYTE;
typedef smiBYTE FAR *smiLPBYTE;
typedef smiUINT32 smiCNTR32, FAR *smiLPCNTR32;
typedef smiUINT32 smiGAUGE32, FAR *smiLPGAUGE32;
typedef smiUINT32 smiTIMETICKS, FAR *smiLPTIMETICKS;
typedef smiUINT32 SNMPAPI_STATUS;

/* Opaque handles: pointer-sized, 0 (NULL) means failure / none. */
typedef HANDLE HSNMP_SESSION, FAR *LPHSNMP_SESSION;
typedef HANDLE HSNMP_ENTITY, FAR *LPHSNMP_ENTITY;
typedef HANDLE HSNMP_CONTEXT, FAR *LPHSNMP_CONTEXT;
typedef HANDLE HSNMP_PDU, FAR *LPHSNMP_PDU;
typedef HANDLE HSNMP_VBL, FAR *LPHSNMP_VBL;

typedef struct {
    smiUINT32 len;   /* number of bytes; no terminating NUL needed */
    smiLPBYTE ptr;
} smiOCTETS, FAR *smiLPOCTETS;
typedef const smiOCTETS FAR *smiLPCOCTETS;
typedef smiOCTETS smiBITS, FAR *smiLPBITS;
typedef smiOCTETS smiIPADDR, FAR *smiLPIPADDR;
typedef smiOCTETS smiOPAQUE, FAR *smiLPOPAQUE;
typedef smiOCTETS smiNSAPADDR, FAR *smiLPNSAPADDR;

typedef struct {
    smiUINT32 len;   /* number of sub-identifiers */
    smiLPUINT32 ptr;
} smiOID, FAR *smiLPOID;
typedef const smiOID FAR *smiLPCOID;

typedef struct {
    smiUINT32 hipart; /* high 32 bits first */
    smiUINT32 lopart;
} smiCNTR64, FAR *smiLPCNTR64;

typedef struct {
    smiUINT32 syntax;          /* an SNMP_SYNTAX_* value                     */
    union {
        smiINT sNumber;        /* INT, INT32                                 */
        smiUINT32 uNumber;     /* UINT32, CNTR32, GAUGE32, TIMETICKS         */
        smiCNTR64 hNumber;     /* CNTR64                                     */
        smiOCTETS string;      /* OCTETS, BITS, OPAQUE, IPADDR, NSAPADDR     */
        smiOID oid;            /* OID                                        */
        smiBYTE empty;         /* NULL, NOSUCHOBJECT, NOSUCHINSTANCE,
                                  ENDOFMIBVIEW                               */
    } value;
} smiVALUE, FAR *smiLPVALUE;
typedef const smiVALUE FAR *smiLPCVALUE;

#define MAXVENDORINFO 32
typedef struct {
    char vendorName[MAXVENDORINFO * 2];
    char vendorContact[MAXVENDORINFO * 2];
    char vendorVersionId[MAXVENDORINFO];
    char vendorVersionDate[MAXVENDORINFO];
    smiUINT32 vendorEnterprise;
} smiVENDORINFO, FAR *smiLPVENDORINFO;

/* ---------------------------------------------------------------- constants */

/* ASN.1 class and form bits */
#define ASN_UNIVERSAL   0x00
#define ASN_APPLICATION 0x40
#define ASN_CONTEXT     0x80
#define ASN_PRIVATE     0xC0
#define ASN_PRIMITIVE   0x00
#define ASN_CONSTRUCTOR 0x20

/* Syntax values (smiVALUE.syntax, SnmpFreeDescriptor) */
#define SNMP_SYNTAX_INT            (ASN_UNIVERSAL | ASN_PRIMITIVE | 0x02)
#define SNMP_SYNTAX_BITS           (ASN_UNIVERSAL | ASN_PRIMITIVE | 0x03)
#define SNMP_SYNTAX_OCTETS         (ASN_UNIVERSAL | ASN_PRIMITIVE | 0x04)
#define SNMP_SYNTAX_NULL           (ASN_UNIVERSAL | ASN_PRIMITIVE | 0x05)
#define SNMP_SYNTAX_OID            (ASN_UNIVERSAL | ASN_PRIMITIVE | 0x06)
#define SNMP_SYNTAX_INT32          SNMP_SYNTAX_INT
#define SNMP_SYNTAX_SEQUENCE       (ASN_UNIVERSAL | ASN_CONSTRUCTOR | 0x10)
#define SNMP_SYNTAX_IPADDR         (ASN_APPLICATION | ASN_PRIMITIVE | 0x00)
#define SNMP_SYNTAX_CNTR32         (ASN_APPLICATION | ASN_PRIMITIVE | 0x01)
#define SNMP_SYNTAX_GAUGE32        (ASN_APPLICATION | ASN_PRIMITIVE | 0x02)
#define SNMP_SYNTAX_TIMETICKS      (ASN_APPLICATION | ASN_PRIMITIVE | 0x03)
#define SNMP_SYNTAX_OPAQUE         (ASN_APPLICATION | ASN_PRIMITIVE | 0x04)
#define SNMP_SYNTAX_NSAPADDR       (ASN_APPLICATION | ASN_PRIMITIVE | 0x05)
#define SNMP_SYNTAX_CNTR64         (ASN_APPLICATION | ASN_PRIMITIVE | 0x06)
#define SNMP_SYNTAX_UINT32         (ASN_APPLICATION | ASN_PRIMITIVE | 0x07)
#define SNMP_SYNTAX_UNSIGNED32     SNMP_SYNTAX_GAUGE32
#define SNMP_SYNTAX_NOSUCHOBJECT   (ASN_CONTEXT | ASN_PRIMITIVE | 0x00)
#define SNMP_SYNTAX_NOSUCHINSTANCE (ASN_CONTEXT | ASN_PRIMITIVE | 0x01)
#define SNMP_SYNTAX_ENDOFMIBVIEW   (ASN_CONTEXT | ASN_PRIMITIVE | 0x02)

/* PDU types */
#define SNMP_PDU_GET      (ASN_CONTEXT | ASN_CONSTRUCTOR | 0x0)
#define SNMP_PDU_GETNEXT  (ASN_CONTEXT | ASN_CONSTRUCTOR | 0x1)
#define SNMP_PDU_RESPONSE (ASN_CONTEXT | ASN_CONSTRUCTOR | 0x2)
#define SNMP_PDU_SET      (ASN_CONTEXT | ASN_CONSTRUCTOR | 0x3)
#define SNMP_PDU_V1TRAP   (ASN_CONTEXT | ASN_CONSTRUCTOR | 0x4) /* obsolete */
#define SNMP_PDU_GETBULK  (ASN_CONTEXT | ASN_CONSTRUCTOR | 0x5)
#define SNMP_PDU_INFORM   (ASN_CONTEXT | ASN_CONSTRUCTOR | 0x6)
#define SNMP_PDU_TRAP     (ASN_CONTEXT | ASN_CONSTRUCTOR | 0x7) /* SNMPv2 trap */

/* SNMPv1 generic traps */
#define SNMP_TRAP_COLDSTART          0
#define SNMP_TRAP_WARMSTART          1
#define SNMP_TRAP_LINKDOWN           2
#define SNMP_TRAP_LINKUP             3
#define SNMP_TRAP_AUTHFAIL           4
#define SNMP_TRAP_EGPNEIGHBORLOSS    5
#define SNMP_TRAP_ENTERPRISESPECIFIC 6

/* PDU error_status values */
#define SNMP_ERROR_NOERROR             0
#define SNMP_ERROR_TOOBIG              1
#define SNMP_ERROR_NOSUCHNAME          2
#define SNMP_ERROR_BADVALUE            3
#define SNMP_ERROR_READONLY            4
#define SNMP_ERROR_GENERR              5
#define SNMP_ERROR_NOACCESS            6
#define SNMP_ERROR_WRONGTYPE           7
#define SNMP_ERROR_WRONGLENGTH         8
#define SNMP_ERROR_WRONGENCODING       9
#define SNMP_ERROR_WRONGVALUE          10
#define SNMP_ERROR_NOCREATION          11
#define SNMP_ERROR_INCONSISTENTVALUE   12
#define SNMP_ERROR_RESOURCEUNAVAILABLE 13
#define SNMP_ERROR_COMMITFAILED        14
#define SNMP_ERROR_UNDOFAILED          15
#define SNMP_ERROR_AUTHORIZATIONERROR  16
#define SNMP_ERROR_NOTWRITABLE         17
#define SNMP_ERROR_INCONSISTENTNAME    18

/* Translate modes */
#define SNMPAPI_TRANSLATED      0U
#define SNMPAPI_UNTRANSLATED_V1 1U
#define SNMPAPI_UNTRANSLATED_V2 2U

/* Levels of SNMP support (SnmpStartup nLevel) */
#define SNMPAPI_NO_SUPPORT  0U
#define SNMPAPI_V1_SUPPORT  1U
#define SNMPAPI_V2_SUPPORT  2U
#define SNMPAPI_M2M_SUPPORT 3U

/* Switches: retransmit mode, SnmpRegister state, SnmpListen status */
#define SNMPAPI_OFF 0U
#define SNMPAPI_ON  1U

/* Return status. SNMPAPI_FAILURE is a plain 0, as in Windows' header: a null pointer
 * constant, so `if (hSession == SNMPAPI_FAILURE)` compiles warning-free for every handle
 * type (an unsigned 0U draws gcc's -Wpointer-compare), and an SNMPAPI_STATUS compares
 * with it just as well. */
#define SNMPAPI_FAILURE 0
#define SNMPAPI_SUCCESS 1

/* SnmpListenEx nUseEntityAddr */
#define SNMPLISTEN_USEENTITY_ADDR 0U
#define SNMPLISTEN_ALL_ADDR       1U

/* Error codes (SnmpGetLastError, callback wParam) */
#define SNMPAPI_ALLOC_ERROR        2U
#define SNMPAPI_CONTEXT_INVALID    3U
#define SNMPAPI_CONTEXT_UNKNOWN    4U
#define SNMPAPI_ENTITY_INVALID     5U
#define SNMPAPI_ENTITY_UNKNOWN     6U
#define SNMPAPI_INDEX_INVALID      7U
#define SNMPAPI_NOOP               8U
#define SNMPAPI_OID_INVALID        9U
#define SNMPAPI_OPERATION_INVALID  10U
#define SNMPAPI_OUTPUT_TRUNCATED   11U
#define SNMPAPI_PDU_INVALID        12U
#define SNMPAPI_SESSION_INVALID    13U
#define SNMPAPI_SYNTAX_INVALID     14U
#define SNMPAPI_VBL_INVALID        15U
#define SNMPAPI_MODE_INVALID       16U
#define SNMPAPI_SIZE_INVALID       17U
#define SNMPAPI_NOT_INITIALIZED    18U
#define SNMPAPI_MESSAGE_INVALID    19U
#define SNMPAPI_HWND_INVALID       20U
#define SNMPAPI_OTHER_ERROR        99U
#define SNMPAPI_TL_NOT_INITIALIZED 100U
#define SNMPAPI_TL_NOT_SUPPORTED   101U
#define SNMPAPI_TL_NOT_AVAILABLE   102U
#define SNMPAPI_TL_RESOURCE_ERROR  103U
#define SNMPAPI_TL_UNDELIVERABLE   104U
#define SNMPAPI_TL_SRC_INVALID     105U
#define SNMPAPI_TL_INVALID_PARAM   106U
#define SNMPAPI_TL_IN_USE          107U
#define SNMPAPI_TL_TIMEOUT         108U
#define SNMPAPI_TL_PDU_TOO_BIG     109U
#define SNMPAPI_TL_OTHER           199U

/* Limits and ports */
#define MAXOBJIDSIZE              128
#define MAXOBJIDSTRSIZE           1408
#define DEFAULT_SNMP_PORT_UDP     161
#define DEFAULT_SNMPTRAP_PORT_UDP 162
#define DEFAULT_SNMP_PORT_IPX     36879
#define DEFAULT_SNMPTRAP_PORT_IPX 36880

/* ---------------------------------------------------------------- callbacks */

typedef SNMPAPI_STATUS (CALLBACK *SNMPAPI_CALLBACK)(HSNMP_SESSION hSession,
        HWND hWnd, UINT wMsg, WPARAM wParam, LPARAM lParam, LPVOID lpClientData);

typedef SNMPAPI_STATUS (SNMPAPI_CALL *PFNSNMPSTARTUPEX)(smiLPUINT32, smiLPUINT32,
        smiLPUINT32, smiLPUINT32, smiLPUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *PFNSNMPCLEANUPEX)(void);

/* ---------------------------------------------------------------- functions */

/* Runtime */
SNMPAPI_STATUS SNMPAPI_CALL SnmpStartup(smiLPUINT32 nMajorVersion,
        smiLPUINT32 nMinorVersion, smiLPUINT32 nLevel,
        smiLPUINT32 nTranslateMode, smiLPUINT32 nRetransmitMode);
SNMPAPI_STATUS SNMPAPI_CALL SnmpStartupEx(smiLPUINT32 nMajorVersion,
        smiLPUINT32 nMinorVersion, smiLPUINT32 nLevel,
        smiLPUINT32 nTranslateMode, smiLPUINT32 nRetransmitMode);
SNMPAPI_STATUS SNMPAPI_CALL SnmpCleanup(void);
SNMPAPI_STATUS SNMPAPI_CALL SnmpCleanupEx(void);

/* Local database */
SNMPAPI_STATUS SNMPAPI_CALL SnmpGetTranslateMode(smiLPUINT32 nTranslateMode);
SNMPAPI_STATUS SNMPAPI_CALL SnmpSetTranslateMode(smiUINT32 nTranslateMode);
SNMPAPI_STATUS SNMPAPI_CALL SnmpGetRetransmitMode(smiLPUINT32 nRetransmitMode);
SNMPAPI_STATUS SNMPAPI_CALL SnmpSetRetransmitMode(smiUINT32 nRetransmitMode);
SNMPAPI_STATUS SNMPAPI_CALL SnmpGetTimeout(HSNMP_ENTITY hEntity,
        smiLPTIMETICKS nPolicyTimeout, smiLPTIMETICKS nActualTimeout);
SNMPAPI_STATUS SNMPAPI_CALL SnmpSetTimeout(HSNMP_ENTITY hEntity,
        smiTIMETICKS nPolicyTimeout);
SNMPAPI_STATUS SNMPAPI_CALL SnmpGetRetry(HSNMP_ENTITY hEntity,
        smiLPUINT32 nPolicyRetry, smiLPUINT32 nActualRetry);
SNMPAPI_STATUS SNMPAPI_CALL SnmpSetRetry(HSNMP_ENTITY hEntity,
        smiUINT32 nPolicyRetry);
SNMPAPI_STATUS SNMPAPI_CALL SnmpGetVendorInfo(smiLPVENDORINFO vendorInfo);

/* Communications */
HSNMP_SESSION SNMPAPI_CALL SnmpCreateSession(HWND hWnd, UINT wMsg,
        SNMPAPI_CALLBACK fCallBack, LPVOID lpClientData);
HSNMP_SESSION SNMPAPI_CALL SnmpOpen(HWND hWnd, UINT wMsg);
SNMPAPI_STATUS SNMPAPI_CALL SnmpClose(HSNMP_SESSION session);
SNMPAPI_STATUS SNMPAPI_CALL SnmpSendMsg(HSNMP_SESSION session,
        HSNMP_ENTITY srcEntity, HSNMP_ENTITY dstEntity, HSNMP_CONTEXT context,
        HSNMP_PDU PDU);
SNMPAPI_STATUS SNMPAPI_CALL SnmpRecvMsg(HSNMP_SESSION session,
        LPHSNMP_ENTITY srcEntity, LPHSNMP_ENTITY dstEntity,
        LPHSNMP_CONTEXT context, LPHSNMP_PDU PDU);
SNMPAPI_STATUS SNMPAPI_CALL SnmpRegister(HSNMP_SESSION session,
        HSNMP_ENTITY srcEntity, HSNMP_ENTITY dstEntity, HSNMP_CONTEXT context,
        smiLPCOID notification, smiUINT32 state);
SNMPAPI_STATUS SNMPAPI_CALL SnmpListen(HSNMP_ENTITY hEntity,
        SNMPAPI_STATUS lStatus);
SNMPAPI_STATUS SNMPAPI_CALL SnmpListenEx(HSNMP_ENTITY hEntity,
        SNMPAPI_STATUS lStatus, smiUINT32 nUseEntityAddr);
SNMPAPI_STATUS SNMPAPI_CALL SnmpCancelMsg(HSNMP_SESSION session,
        smiINT32 reqId);

/* Entities and contexts */
HSNMP_ENTITY SNMPAPI_CALL SnmpStrToEntity(HSNMP_SESSION session, LPCSTR string);
SNMPAPI_STATUS SNMPAPI_CALL SnmpEntityToStr(HSNMP_ENTITY entity, smiUINT32 size,
        LPSTR string);
SNMPAPI_STATUS SNMPAPI_CALL SnmpFreeEntity(HSNMP_ENTITY entity);
SNMPAPI_STATUS SNMPAPI_CALL SnmpSetPort(HSNMP_ENTITY hEntity, UINT nPort);
HSNMP_CONTEXT SNMPAPI_CALL SnmpStrToContext(HSNMP_SESSION session,
        smiLPCOCTETS string);
SNMPAPI_STATUS SNMPAPI_CALL SnmpContextToStr(HSNMP_CONTEXT context,
        smiLPOCTETS string);
SNMPAPI_STATUS SNMPAPI_CALL SnmpFreeContext(HSNMP_CONTEXT context);

/* PDUs */
HSNMP_PDU SNMPAPI_CALL SnmpCreatePdu(HSNMP_SESSION session, smiINT PDU_type,
        smiINT32 request_id, smiINT error_status, smiINT error_index,
        HSNMP_VBL varbindlist);
SNMPAPI_STATUS SNMPAPI_CALL SnmpGetPduData(HSNMP_PDU PDU, smiLPINT PDU_type,
        smiLPINT32 request_id, smiLPINT error_status, smiLPINT error_index,
        LPHSNMP_VBL varbindlist);
SNMPAPI_STATUS SNMPAPI_CALL SnmpSetPduData(HSNMP_PDU PDU, const smiINT FAR *PDU_type,
        const smiINT32 FAR *request_id, const smiINT FAR *non_repeaters,
        const smiINT FAR *max_repetitions, const HSNMP_VBL FAR *varbindlist);
HSNMP_PDU SNMPAPI_CALL SnmpDuplicatePdu(HSNMP_SESSION session, HSNMP_PDU PDU);
SNMPAPI_STATUS SNMPAPI_CALL SnmpFreePdu(HSNMP_PDU PDU);

/* Variable-binding lists (indices are 1-based) */
HSNMP_VBL SNMPAPI_CALL SnmpCreateVbl(HSNMP_SESSION session, smiLPCOID name,
        smiLPCVALUE value);
HSNMP_VBL SNMPAPI_CALL SnmpDuplicateVbl(HSNMP_SESSION session, HSNMP_VBL vbl);
SNMPAPI_STATUS SNMPAPI_CALL SnmpFreeVbl(HSNMP_VBL vbl);
SNMPAPI_STATUS SNMPAPI_CALL SnmpCountVbl(HSNMP_VBL vbl);
SNMPAPI_STATUS SNMPAPI_CALL SnmpGetVb(HSNMP_VBL vbl, smiUINT32 index,
        smiLPOID name, smiLPVALUE value);
SNMPAPI_STATUS SNMPAPI_CALL SnmpSetVb(HSNMP_VBL vbl, smiUINT32 index,
        smiLPCOID name, smiLPCVALUE value);
SNMPAPI_STATUS SNMPAPI_CALL SnmpDeleteVb(HSNMP_VBL vbl, smiUINT32 index);

/* Utilities */
SNMPAPI_STATUS SNMPAPI_CALL SnmpGetLastError(HSNMP_SESSION session);
SNMPAPI_STATUS SNMPAPI_CALL SnmpStrToOid(LPCSTR string, smiLPOID dstOID);
SNMPAPI_STATUS SNMPAPI_CALL SnmpOidToStr(smiLPCOID srcOID, smiUINT32 size,
        LPSTR string);
SNMPAPI_STATUS SNMPAPI_CALL SnmpOidCopy(smiLPCOID srcOID, smiLPOID dstOID);
SNMPAPI_STATUS SNMPAPI_CALL SnmpOidCompare(smiLPCOID xOID, smiLPCOID yOID,
        smiUINT32 maxlen, smiLPINT result);
SNMPAPI_STATUS SNMPAPI_CALL SnmpEncodeMsg(HSNMP_SESSION session,
        HSNMP_ENTITY srcEntity, HSNMP_ENTITY dstEntity, HSNMP_CONTEXT context,
        HSNMP_PDU pdu, smiLPOCTETS msgBufDesc);
SNMPAPI_STATUS SNMPAPI_CALL SnmpDecodeMsg(HSNMP_SESSION session,
        LPHSNMP_ENTITY srcEntity, LPHSNMP_ENTITY dstEntity,
        LPHSNMP_CONTEXT context, LPHSNMP_PDU pdu, smiLPCOCTETS msgBufDesc);
SNMPAPI_STATUS SNMPAPI_CALL SnmpFreeDescriptor(smiUINT32 syntax,
        smiLPOPAQUE descriptor);

/* ---------------------------------------------------------------- extensions
 * Not part of WinSNMP: specific to libwsnmp32. */

/* The most sessions that may be open at once (default 1024). Once reached,
 * SnmpCreateSession fails with SNMPAPI_ALLOC_ERROR. Open sessions stay open.
 * May be called at any time; returns SNMPAPI_SUCCESS. */
SNMPAPI_STATUS SNMPAPI_CALL WinSnmpSetSessionLimit(smiUINT32 nMaxSessions);

#ifdef __cplusplus
}
#endif

#endif /* WINSNMP_H */
