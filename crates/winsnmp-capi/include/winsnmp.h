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

/* The runtime's limits, read and set one at a time (defaults in brackets). Reaching one
 * never aborts: the call that would go past it fails with SNMPAPI_ALLOC_ERROR (sessions,
 * handles, bindings appended to a VBL, SnmpDecodeMsg) or SNMPAPI_TL_PDU_TOO_BIG (sending or
 * encoding a longer message or more bindings); a received message beyond the message size
 * or the bindings limit is dropped, and ends the request it answers with an
 * SNMPAPI_TL_PDU_TOO_BIG notification; a message for a full queue is dropped and counted
 * (WinSnmpGetQueueDrops). */
#define WINSNMP_LIMIT_SESSIONS        1 /* open sessions [1024] */
#define WINSNMP_LIMIT_HANDLES         2 /* live handles of each kind [65536], at most 130047 */
#define WINSNMP_LIMIT_QUEUED_MESSAGES 3 /* messages queued per session [4096] */
#define WINSNMP_LIMIT_MESSAGE_SIZE    4 /* octets of a message, sent or received [65507] */
#define WINSNMP_LIMIT_VARBINDS        5 /* bindings per VBL, PDU or message [2048] */

/* Sets limit nLimit (a WINSNMP_LIMIT_* value) to nValue; live objects stay. Errors:
 * SNMPAPI_OPERATION_INVALID (unknown nLimit). Works before startup. */
SNMPAPI_STATUS SNMPAPI_CALL WinSnmpSetLimit(smiUINT32 nLimit, smiUINT32 nValue);
/* The limit nLimit in force into *nValue. Errors: SNMPAPI_OPERATION_INVALID,
 * SNMPAPI_NOOP (nValue NULL). */
SNMPAPI_STATUS SNMPAPI_CALL WinSnmpGetLimit(smiUINT32 nLimit, smiLPUINT32 nValue);
/* Messages dropped for session because its queue was full, into *nDropped. Errors:
 * SNMPAPI_SESSION_INVALID, SNMPAPI_NOOP (nDropped NULL). */
SNMPAPI_STATUS SNMPAPI_CALL WinSnmpGetQueueDrops(HSNMP_SESSION session,
        smiLPUINT32 nDropped);

/* ---------------------------------------------------------------- SNMPv3
 * winsnmp extension: SNMPv3 (User-based Security Model)
 *
 * Not part of WinSNMP 2.0. The constants named SNMP_* / SNMPAPI_* are those of
 * the WinSNMP 3.0 addendum (each guarded, so a 3.0 header may come first); the
 * WINSNMP_* protocol numbers are this library's, continuing them.
 *
 * Make an entity SNMPv3 with WinSnmpSetEntityUsm, then use it as any other:
 * SnmpSendMsg does engine discovery, time synchronisation, authentication and
 * privacy behind one request id. The callback's wParam is 0 (a response is
 * queued), SNMPAPI_TL_TIMEOUT, or the SNMPAPI_RPT_* code of the agent's Report
 * (nothing queued); lParam is the request id. Use WinSnmpStrToContextName for
 * the context (the empty default context included). To receive v3 traps and
 * informs, add users with WinSnmpAddUsmUser and SnmpRegister as usual.
 *
 * Conventions, as for the WinSNMP functions: before startup every call fails
 * with SNMPAPI_NOT_INITIALIZED; a NULL required input, or an smiOCTETS with a
 * NULL ptr and len > 0, is SNMPAPI_ALLOC_ERROR; a NULL output is SNMPAPI_NOOP;
 * any smiOCTETS longer than 65,507 octets is SNMPAPI_SIZE_INVALID (nothing is
 * read). Pass phrases are turned into keys with the RFC 3414 / RFC 7860
 * algorithm (1 MB of hashing, cached per pass phrase and protocol); sizes,
 * levels and protocol numbers are checked before that. A failure is the last
 * error of the process (SnmpGetLastError(NULL)) and, for a call given a
 * handle, of the handle's session.
 */

#ifndef SNMP_PDU_REPORT
#define SNMP_PDU_REPORT (ASN_CONTEXT | ASN_CONSTRUCTOR | 0x8) /* never queued */
#endif
#ifndef SNMP_SEC_MODEL_USM
#define SNMP_SEC_MODEL_USM 3
#endif

/* Security levels (WinSnmpUsmParams.securityLevel) */
#ifndef SNMP_NOAUTH_NOPRIV
#define SNMP_NOAUTH_NOPRIV 0
#endif
#ifndef SNMP_AUTH_NOPRIV
#define SNMP_AUTH_NOPRIV   1
#endif
#ifndef SNMP_AUTH_PRIV
#define SNMP_AUTH_PRIV     3
#endif

/* Authentication protocols (WinSnmpUsmParams.authProtocol) */
#ifndef SNMP_USM_NO_AUTH_PROTOCOL
#define SNMP_USM_NO_AUTH_PROTOCOL      1
#endif
#ifndef SNMP_USM_HMACMD5_AUTH_PROTOCOL
#define SNMP_USM_HMACMD5_AUTH_PROTOCOL 2 /* HMAC-MD5-96, net-snmp -a MD5 */
#endif
#ifndef SNMP_USM_HMACSHA_AUTH_PROTOCOL
#define SNMP_USM_HMACSHA_AUTH_PROTOCOL 3 /* HMAC-SHA-96, -a SHA */
#endif
#define WINSNMP_USM_HMACSHA224_AUTH_PROTOCOL 4 /* RFC 7860, -a SHA-224 */
#define WINSNMP_USM_HMACSHA256_AUTH_PROTOCOL 5 /* RFC 7860, -a SHA-256 */
#define WINSNMP_USM_HMACSHA384_AUTH_PROTOCOL 6 /* RFC 7860, -a SHA-384 */
#define WINSNMP_USM_HMACSHA512_AUTH_PROTOCOL 7 /* RFC 7860, -a SHA-512 */

/* Privacy protocols (WinSnmpUsmParams.privProtocol) */
#ifndef SNMP_USM_NO_PRIV_PROTOCOL
#define SNMP_USM_NO_PRIV_PROTOCOL  1
#endif
#ifndef SNMP_USM_DES_PRIV_PROTOCOL
#define SNMP_USM_DES_PRIV_PROTOCOL 2 /* CBC-DES, -x DES */
#endif
#define WINSNMP_USM_3DES_PRIV_PROTOCOL    3 /* CBC-3DES-EDE, -x 3DES */
#define WINSNMP_USM_AES128_PRIV_PROTOCOL  4 /* CFB-AES-128 (RFC 3826), -x AES */
#define WINSNMP_USM_AES192_PRIV_PROTOCOL  5 /* Blumenthal key extension, -x AES-192 */
#define WINSNMP_USM_AES256_PRIV_PROTOCOL  6 /* Blumenthal key extension, -x AES-256 */
#define WINSNMP_USM_AES192C_PRIV_PROTOCOL 7 /* Reeder ("Cisco") key extension, -x AES-192-C */
#define WINSNMP_USM_AES256C_PRIV_PROTOCOL 8 /* Reeder ("Cisco") key extension, -x AES-256-C */

/* Error codes (SnmpGetLastError, callback wParam) */
#ifndef SNMPAPI_ENGINE_INVALID
#define SNMPAPI_ENGINE_INVALID           30U /* engine ID not known (yet) */
#endif
#ifndef SNMPAPI_ENGINE_DISCOVERY_FAILED
#define SNMPAPI_ENGINE_DISCOVERY_FAILED  31U
#endif
#ifndef SNMPAPI_RPT_INVALIDMSG
#define SNMPAPI_RPT_INVALIDMSG          200U /* the agent's Report: snmpInvalidMsgs */
#endif
#ifndef SNMPAPI_RPT_INASNPARSEERR
#define SNMPAPI_RPT_INASNPARSEERR       201U /* snmpInASNParseErrs */
#endif
#ifndef SNMPAPI_RPT_UNKNOWNSECMODEL
#define SNMPAPI_RPT_UNKNOWNSECMODEL     202U /* snmpUnknownSecurityModels */
#endif
#ifndef SNMPAPI_RPT_UNKNOWNENGINEID
#define SNMPAPI_RPT_UNKNOWNENGINEID     203U /* usmStatsUnknownEngineIDs */
#endif
#ifndef SNMPAPI_RPT_UNSUPPSECLEVEL
#define SNMPAPI_RPT_UNSUPPSECLEVEL      204U /* usmStatsUnsupportedSecLevels */
#endif
#ifndef SNMPAPI_RPT_UNKNOWNUSERNAME
#define SNMPAPI_RPT_UNKNOWNUSERNAME     205U /* usmStatsUnknownUserNames */
#endif
#ifndef SNMPAPI_RPT_WRONGDIGEST
#define SNMPAPI_RPT_WRONGDIGEST         206U /* usmStatsWrongDigests: wrong auth key */
#endif
#ifndef SNMPAPI_RPT_NOTINTIMEWINDOW
#define SNMPAPI_RPT_NOTINTIMEWINDOW     207U /* usmStatsNotInTimeWindows, after one re-sync */
#endif
#ifndef SNMPAPI_RPT_DECRYPTIONERROR
#define SNMPAPI_RPT_DECRYPTIONERROR     208U /* usmStatsDecryptionErrors: wrong priv key */
#endif
#ifndef SNMPAPI_RPT_OTHER
#define SNMPAPI_RPT_OTHER               299U /* a Report of another counter */
#endif

/* An SNMPv3 user and how to reach its engine. Every smiOCTETS is read during
 * the call only; the caller keeps the memory. A zeroed record is not valid:
 * the "none" protocols are SNMP_USM_NO_AUTH_PROTOCOL and
 * SNMP_USM_NO_PRIV_PROTOCOL (1), and 0 is SNMPAPI_MODE_INVALID. */
typedef struct {
    smiOCTETS userName;         /* security name, 0..32 octets */
    smiUINT32 securityLevel;    /* SNMP_NOAUTH_NOPRIV, SNMP_AUTH_NOPRIV, SNMP_AUTH_PRIV */
    smiUINT32 authProtocol;     /* SNMP_USM_*_AUTH_PROTOCOL, WINSNMP_USM_*_AUTH_PROTOCOL */
    smiOCTETS authPassword;     /* pass phrase, >= 8 octets (not read for NO_AUTH) */
    smiUINT32 privProtocol;     /* SNMP_USM_*_PRIV_PROTOCOL, WINSNMP_USM_*_PRIV_PROTOCOL */
    smiOCTETS privPassword;     /* pass phrase, >= 8 octets (not read for NO_PRIV) */
    smiOCTETS securityEngineId; /* 5..32 octets; len 0: discover (net-snmp -e) */
    smiOCTETS contextEngineId;  /* 5..32 octets; len 0: the security engine's (-E) */
} WinSnmpUsmParams;

/* The local engine's SNMPv3 counters (RFC 3412 snmpMPDStats, RFC 3414 usmStats). */
typedef struct {
    smiUINT32 asnParseErrs;          /* snmpInASNParseErrs (SNMPv3 messages) */
    smiUINT32 invalidMsgs;           /* snmpInvalidMsgs */
    smiUINT32 unknownSecurityModels; /* snmpUnknownSecurityModels */
    smiUINT32 unsupportedSecLevels;  /* usmStatsUnsupportedSecLevels */
    smiUINT32 notInTimeWindows;      /* usmStatsNotInTimeWindows */
    smiUINT32 unknownUserNames;      /* usmStatsUnknownUserNames */
    smiUINT32 unknownEngineIds;      /* usmStatsUnknownEngineIDs */
    smiUINT32 wrongDigests;          /* usmStatsWrongDigests */
    smiUINT32 decryptionErrors;      /* usmStatsDecryptionErrors */
} WinSnmpUsmStats;

/* Makes hEntity an SNMPv3 entity sending as params' user at its securityLevel
 * (the level may be lower than the protocols allow, not higher); NULL params:
 * a community entity of the translate mode's version again.
 * Errors: SNMPAPI_ENTITY_INVALID; SNMPAPI_MODE_INVALID (unknown level or
 * protocol number, privacy without authentication, a level the protocols do
 * not allow); SNMPAPI_SIZE_INVALID (user name > 32 octets, pass phrase < 8,
 * an engine ID not 5..32 octets); SNMPAPI_ALLOC_ERROR; SNMPAPI_NOT_INITIALIZED. */
SNMPAPI_STATUS SNMPAPI_CALL WinSnmpSetEntityUsm(HSNMP_ENTITY hEntity,
        const WinSnmpUsmParams FAR *params);

/* A new copy of the authoritative engine ID of SNMPv3 entity hEntity (given,
 * or discovered by its first request; a listening entity: the local engine's)
 * or, for a NULL hEntity, of the local engine's ID. Free it with
 * SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, engineId).
 * Errors: SNMPAPI_ENTITY_INVALID; SNMPAPI_ENGINE_INVALID (not an SNMPv3
 * entity, or not discovered yet); SNMPAPI_NOOP (engineId NULL);
 * SNMPAPI_NOT_INITIALIZED. */
SNMPAPI_STATUS SNMPAPI_CALL WinSnmpGetEngineId(HSNMP_ENTITY hEntity,
        smiLPOCTETS engineId);

/* The local engine's ID (5..32 octets; by default one generated per process)
 * and boots (default 1); its time restarts at 0. Traps sent carry it.
 * Errors: SNMPAPI_SIZE_INVALID (not 5..32 octets); SNMPAPI_ALLOC_ERROR
 * (engineId NULL); SNMPAPI_NOT_INITIALIZED. */
SNMPAPI_STATUS SNMPAPI_CALL WinSnmpSetLocalEngine(smiLPCOCTETS engineId,
        smiUINT32 boots);

/* Adds (or replaces) a user: params' userName, protocols and pass phrases
 * (securityLevel and contextEngineId are not read). securityEngineId len 0: a
 * user of the local engine (requests to listening entities, informs), also
 * accepted on traps from any engine (so is the local engine's own ID); else a
 * user for traps from that engine.
 * Errors: SNMPAPI_MODE_INVALID (unknown protocol number, privacy without
 * authentication); SNMPAPI_SIZE_INVALID (user name > 32 octets, pass phrase
 * < 8, engine ID not 5..32 octets); SNMPAPI_ALLOC_ERROR (params NULL);
 * SNMPAPI_NOT_INITIALIZED. */
SNMPAPI_STATUS SNMPAPI_CALL WinSnmpAddUsmUser(const WinSnmpUsmParams FAR *params);

/* Removes user userName of engine engineId (NULL, len 0 or the local engine's
 * own ID: the local engine's user).
 * Errors: SNMPAPI_NOOP (no such user); SNMPAPI_SIZE_INVALID (user name > 32
 * octets, engine ID not 5..32 octets); SNMPAPI_ALLOC_ERROR (userName NULL);
 * SNMPAPI_NOT_INITIALIZED. */
SNMPAPI_STATUS SNMPAPI_CALL WinSnmpDeleteUsmUser(smiLPCOCTETS userName,
        smiLPCOCTETS engineId);

/* The local engine's SNMPv3 counters since startup.
 * Errors: SNMPAPI_NOOP (stats NULL); SNMPAPI_NOT_INITIALIZED. */
SNMPAPI_STATUS SNMPAPI_CALL WinSnmpGetUsmStats(WinSnmpUsmStats FAR *stats);

/* A new context for the SNMPv3 context name contextName taken literally, in
 * any translate mode; NULL or len 0: the default (empty) context. With a
 * v1/v2c entity it is the community. Returns NULL on failure.
 * Errors (via the session): SNMPAPI_SESSION_INVALID; SNMPAPI_SIZE_INVALID;
 * SNMPAPI_ALLOC_ERROR (handle limit); SNMPAPI_NOT_INITIALIZED. */
HSNMP_CONTEXT SNMPAPI_CALL WinSnmpStrToContextName(HSNMP_SESSION session,
        smiLPCOCTETS contextName);

/* The master key Ku of pass phrase password for authProtocol (RFC 3414 A.2,
 * RFC 7860) or, with an engineId of 5..32 octets, the key localized to that
 * engine, Kul (engineId NULL or len 0: Ku). Free it with
 * SnmpFreeDescriptor(SNMP_SYNTAX_OCTETS, key).
 * Errors: SNMPAPI_MODE_INVALID (authProtocol unknown or
 * SNMP_USM_NO_AUTH_PROTOCOL); SNMPAPI_SIZE_INVALID (pass phrase < 8 octets,
 * engine ID not 5..32 octets); SNMPAPI_ALLOC_ERROR (password NULL);
 * SNMPAPI_NOOP (key NULL); SNMPAPI_NOT_INITIALIZED. */
SNMPAPI_STATUS SNMPAPI_CALL WinSnmpPasswordToKey(smiUINT32 authProtocol,
        smiLPCOCTETS password, smiLPCOCTETS engineId, smiLPOCTETS key);

/* ---------------------------------------------------------------- accounting
 * winsnmp extension: accounting and counters
 *
 * Not part of WinSNMP. What each session holds (every handle counts for the
 * session that created it, whichever session's calls use it), and the
 * process-wide communications counters. Diagnostics are switched on by the
 * environment variable WINSNMP_LOG, read at the first SnmpStartup of a
 * runtime: a comma-separated list where
 *   leaks    makes SnmpClose write one line to stderr for a session that still
 *            owned handles ("winsnmp: session 0x10000001 closed with 3
 *            entities, 2 PDUs, 1 VBL still open"), and the final SnmpCleanup
 *            one line per session never closed and one for the descriptors
 *            never given back with SnmpFreeDescriptor;
 *   anything else is a tracing filter (error, warn, info, debug, trace, or
 *            target=level such as winsnmp_engine=trace): spans and events are
 *            written to stderr (RUST_LOG is used when WINSNMP_LOG names none).
 * Example: WINSNMP_LOG=leaks,debug. Nothing is written when it is unset.
 * Community strings, pass phrases and keys are never written.
 */

/* What a session holds now and the most of each handle kind it held at once. */
typedef struct {
    smiUINT32 entities, contexts, pdus, vbls;          /* live now, owned by the session */
    smiUINT32 outstandingRequests, queuedMessages, registrations;
    smiUINT32 peakEntities, peakContexts, peakPdus, peakVbls;
} WinSnmpSessionStats;

/* Fills *stats for session.
 * Errors: SNMPAPI_SESSION_INVALID; SNMPAPI_NOOP (stats NULL);
 * SNMPAPI_NOT_INITIALIZED. */
SNMPAPI_STATUS SNMPAPI_CALL WinSnmpGetSessionStats(HSNMP_SESSION session,
        WinSnmpSessionStats FAR *stats);

/* The process-wide communications counters since the runtime started. A
 * versioned record: set size to sizeof(WinSnmpCommStats) before the call; the
 * library fills at most that many bytes (whole counters) and sets size to the
 * bytes it filled. Counters are only ever added at the end. */
typedef struct {
    smiUINT32 size;            /* in: sizeof the caller's record; out: bytes filled */
    smiUINT32 reserved;        /* 0 */
    uint64_t datagramsIn;      /* datagrams received */
    uint64_t bytesIn;          /* octets received */
    uint64_t datagramsOut;     /* datagrams sent, retransmissions included */
    uint64_t bytesOut;         /* octets sent */
    uint64_t transmissions;    /* messages sent (requests, responses, traps, acks, Reports) */
    uint64_t retransmissions;
    uint64_t timeouts;         /* requests ended with SNMPAPI_TL_TIMEOUT */
    uint64_t cancelled;        /* by SnmpCancelMsg or SnmpClose */
    uint64_t undeliverable;    /* requests ended with SNMPAPI_TL_UNDELIVERABLE */
    uint64_t oversized;        /* SnmpSendMsg refused with SNMPAPI_TL_PDU_TOO_BIG */
    uint64_t responses;        /* responses matched and queued */
    uint64_t lateDelivered;    /* late responses still delivered (retransmit mode OFF) */
    uint64_t notifications;    /* traps and informs delivered to a registered session */
    uint64_t agentRequests;    /* requests delivered to a listening entity */
    uint64_t informsAcknowledged;
    uint64_t reportsReceived;  /* SNMPv3 requests ended by the agent's Report */
    uint64_t reportsSent;      /* Reports sent as the authoritative engine */
    uint64_t droppedMalformed;     /* dropped: not a valid message */
    uint64_t droppedDuplicate;     /* a response already received, an inform seen before */
    uint64_t droppedLate;          /* a response after its request timed out or was cancelled */
    uint64_t droppedStray;         /* a response nobody waits for */
    uint64_t droppedForeign;       /* the right request id from another address */
    uint64_t droppedUnexpected;    /* a message the receiving socket does not take */
    uint64_t droppedUnregistered;  /* a trap or inform no registration matched */
    uint64_t droppedQueueFull;     /* the session's receive queue was full */
    uint64_t droppedRejected;      /* an SNMPv3 message the USM refused */
    uint64_t droppedOversized;     /* beyond the message-size or varbind limit */
} WinSnmpCommStats;

/* Fills *stats (see above).
 * Errors: SNMPAPI_NOOP (stats NULL); SNMPAPI_SIZE_INVALID (size < 8);
 * SNMPAPI_NOT_INITIALIZED. */
SNMPAPI_STATUS SNMPAPI_CALL WinSnmpGetCommStats(WinSnmpCommStats FAR *stats);

#ifdef __cplusplus
}
#endif

#endif /* WINSNMP_H */
