/*
 * abi_check.c -- proves that winsnmp.h and libwsnmp32 agree.
 *
 * The function-pointer types below
 * are spelled out from the API reference (winsnmp-api.md section 4), independently of the
 * header's prototypes: with -Wall -Wextra -Werror any difference is a compile error.
 * Every function is referenced weakly, so the program links against a library that lacks
 * some of them and prints which ones are there ("func NAME 1|0").
 * The Rust test c_programs.rs::abi_check_matches_rust compares every printed line (constants,
 * sizeof, _Alignof, offsetof, signedness, exported functions) with the Rust side.
 */
#include <stddef.h>
#include <stdio.h>

#include "winsnmp.h"

#pragma weak SnmpStartup
#pragma weak SnmpStartupEx
#pragma weak SnmpCleanup
#pragma weak SnmpCleanupEx
#pragma weak SnmpGetTranslateMode
#pragma weak SnmpSetTranslateMode
#pragma weak SnmpGetRetransmitMode
#pragma weak SnmpSetRetransmitMode
#pragma weak SnmpGetTimeout
#pragma weak SnmpSetTimeout
#pragma weak SnmpGetRetry
#pragma weak SnmpSetRetry
#pragma weak SnmpGetVendorInfo
#pragma weak SnmpCreateSession
#pragma weak SnmpOpen
#pragma weak SnmpClose
#pragma weak SnmpSendMsg
#pragma weak SnmpRecvMsg
#pragma weak SnmpRegister
#pragma weak SnmpListen
#pragma weak SnmpListenEx
#pragma weak SnmpCancelMsg
#pragma weak SnmpStrToEntity
#pragma weak SnmpEntityToStr
#pragma weak SnmpFreeEntity
#pragma weak SnmpSetPort
#pragma weak SnmpStrToContext
#pragma weak SnmpContextToStr
#pragma weak SnmpFreeContext
#pragma weak SnmpCreatePdu
#pragma weak SnmpGetPduData
#pragma weak SnmpSetPduData
#pragma weak SnmpDuplicatePdu
#pragma weak SnmpFreePdu
#pragma weak SnmpCreateVbl
#pragma weak SnmpDuplicateVbl
#pragma weak SnmpFreeVbl
#pragma weak SnmpCountVbl
#pragma weak SnmpGetVb
#pragma weak SnmpSetVb
#pragma weak SnmpDeleteVb
#pragma weak SnmpGetLastError
#pragma weak SnmpStrToOid
#pragma weak SnmpOidToStr
#pragma weak SnmpOidCopy
#pragma weak SnmpOidCompare
#pragma weak SnmpEncodeMsg
#pragma weak SnmpDecodeMsg
#pragma weak SnmpFreeDescriptor
#pragma weak WinSnmpSetSessionLimit
#pragma weak WinSnmpSetLimit
#pragma weak WinSnmpGetLimit
#pragma weak WinSnmpGetQueueDrops
#pragma weak WinSnmpSetEntityUsm
#pragma weak WinSnmpGetEngineId
#pragma weak WinSnmpSetLocalEngine
#pragma weak WinSnmpAddUsmUser
#pragma weak WinSnmpDeleteUsmUser
#pragma weak WinSnmpGetUsmStats
#pragma weak WinSnmpStrToContextName
#pragma weak WinSnmpPasswordToKey
#pragma weak WinSnmpGetSessionStats
#pragma weak WinSnmpGetCommStats

typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpStartup)(smiLPUINT32, smiLPUINT32, smiLPUINT32, smiLPUINT32, smiLPUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpStartupEx)(smiLPUINT32, smiLPUINT32, smiLPUINT32, smiLPUINT32, smiLPUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpCleanup)(void);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpCleanupEx)(void);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpGetTranslateMode)(smiLPUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpSetTranslateMode)(smiUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpGetRetransmitMode)(smiLPUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpSetRetransmitMode)(smiUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpGetTimeout)(HSNMP_ENTITY, smiLPTIMETICKS, smiLPTIMETICKS);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpSetTimeout)(HSNMP_ENTITY, smiTIMETICKS);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpGetRetry)(HSNMP_ENTITY, smiLPUINT32, smiLPUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpSetRetry)(HSNMP_ENTITY, smiUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpGetVendorInfo)(smiLPVENDORINFO);
typedef HSNMP_SESSION (SNMPAPI_CALL *t_SnmpCreateSession)(HWND, UINT, SNMPAPI_CALLBACK, LPVOID);
typedef HSNMP_SESSION (SNMPAPI_CALL *t_SnmpOpen)(HWND, UINT);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpClose)(HSNMP_SESSION);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpSendMsg)(HSNMP_SESSION, HSNMP_ENTITY, HSNMP_ENTITY, HSNMP_CONTEXT, HSNMP_PDU);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpRecvMsg)(HSNMP_SESSION, LPHSNMP_ENTITY, LPHSNMP_ENTITY, LPHSNMP_CONTEXT, LPHSNMP_PDU);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpRegister)(HSNMP_SESSION, HSNMP_ENTITY, HSNMP_ENTITY, HSNMP_CONTEXT, smiLPCOID, smiUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpListen)(HSNMP_ENTITY, SNMPAPI_STATUS);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpListenEx)(HSNMP_ENTITY, SNMPAPI_STATUS, smiUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpCancelMsg)(HSNMP_SESSION, smiINT32);
typedef HSNMP_ENTITY (SNMPAPI_CALL *t_SnmpStrToEntity)(HSNMP_SESSION, LPCSTR);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpEntityToStr)(HSNMP_ENTITY, smiUINT32, LPSTR);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpFreeEntity)(HSNMP_ENTITY);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpSetPort)(HSNMP_ENTITY, UINT);
typedef HSNMP_CONTEXT (SNMPAPI_CALL *t_SnmpStrToContext)(HSNMP_SESSION, smiLPCOCTETS);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpContextToStr)(HSNMP_CONTEXT, smiLPOCTETS);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpFreeContext)(HSNMP_CONTEXT);
typedef HSNMP_PDU (SNMPAPI_CALL *t_SnmpCreatePdu)(HSNMP_SESSION, smiINT, smiINT32, smiINT, smiINT, HSNMP_VBL);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpGetPduData)(HSNMP_PDU, smiLPINT, smiLPINT32, smiLPINT, smiLPINT, LPHSNMP_VBL);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpSetPduData)(HSNMP_PDU, const smiINT *, const smiINT32 *, const smiINT *, const smiINT *, const HSNMP_VBL *);
typedef HSNMP_PDU (SNMPAPI_CALL *t_SnmpDuplicatePdu)(HSNMP_SESSION, HSNMP_PDU);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpFreePdu)(HSNMP_PDU);
typedef HSNMP_VBL (SNMPAPI_CALL *t_SnmpCreateVbl)(HSNMP_SESSION, smiLPCOID, smiLPCVALUE);
typedef HSNMP_VBL (SNMPAPI_CALL *t_SnmpDuplicateVbl)(HSNMP_SESSION, HSNMP_VBL);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpFreeVbl)(HSNMP_VBL);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpCountVbl)(HSNMP_VBL);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpGetVb)(HSNMP_VBL, smiUINT32, smiLPOID, smiLPVALUE);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpSetVb)(HSNMP_VBL, smiUINT32, smiLPCOID, smiLPCVALUE);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpDeleteVb)(HSNMP_VBL, smiUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpGetLastError)(HSNMP_SESSION);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpStrToOid)(LPCSTR, smiLPOID);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpOidToStr)(smiLPCOID, smiUINT32, LPSTR);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpOidCopy)(smiLPCOID, smiLPOID);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpOidCompare)(smiLPCOID, smiLPCOID, smiUINT32, smiLPINT);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpEncodeMsg)(HSNMP_SESSION, HSNMP_ENTITY, HSNMP_ENTITY, HSNMP_CONTEXT, HSNMP_PDU, smiLPOCTETS);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpDecodeMsg)(HSNMP_SESSION, LPHSNMP_ENTITY, LPHSNMP_ENTITY, LPHSNMP_CONTEXT, LPHSNMP_PDU, smiLPCOCTETS);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_SnmpFreeDescriptor)(smiUINT32, smiLPOPAQUE);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_WinSnmpSetSessionLimit)(smiUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_WinSnmpSetLimit)(smiUINT32, smiUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_WinSnmpGetLimit)(smiUINT32, smiLPUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_WinSnmpGetQueueDrops)(HSNMP_SESSION, smiLPUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_WinSnmpSetEntityUsm)(HSNMP_ENTITY, const WinSnmpUsmParams *);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_WinSnmpGetEngineId)(HSNMP_ENTITY, smiLPOCTETS);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_WinSnmpSetLocalEngine)(smiLPCOCTETS, smiUINT32);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_WinSnmpAddUsmUser)(const WinSnmpUsmParams *);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_WinSnmpDeleteUsmUser)(smiLPCOCTETS, smiLPCOCTETS);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_WinSnmpGetUsmStats)(WinSnmpUsmStats *);
typedef HSNMP_CONTEXT (SNMPAPI_CALL *t_WinSnmpStrToContextName)(HSNMP_SESSION, smiLPCOCTETS);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_WinSnmpPasswordToKey)(smiUINT32, smiLPCOCTETS, smiLPCOCTETS, smiLPOCTETS);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_WinSnmpGetSessionStats)(HSNMP_SESSION, WinSnmpSessionStats *);
typedef SNMPAPI_STATUS (SNMPAPI_CALL *t_WinSnmpGetCommStats)(WinSnmpCommStats *);

#define FUNC(name) do { t_##name p = name; printf("func %s %d\n", #name, p != NULL); } while (0)
#define CONST(name) printf("const %s %lld\n", #name, (long long)(name))
#define SIZE(type) printf("sizeof %s %zu\nalign %s %zu\n", #type, sizeof(type), #type, _Alignof(type))
#define SIGNED(type) do { volatile type m = (type)-1; volatile type z = (type)0; printf("signed %s %d\n", #type, m < z); } while (0)
#define OFFSET(type, field) printf("offsetof %s.%s %zu\n", #type, #field, offsetof(type, field))

int main(void)
{
    FUNC(SnmpStartup);
    FUNC(SnmpStartupEx);
    FUNC(SnmpCleanup);
    FUNC(SnmpCleanupEx);
    FUNC(SnmpGetTranslateMode);
    FUNC(SnmpSetTranslateMode);
    FUNC(SnmpGetRetransmitMode);
    FUNC(SnmpSetRetransmitMode);
    FUNC(SnmpGetTimeout);
    FUNC(SnmpSetTimeout);
    FUNC(SnmpGetRetry);
    FUNC(SnmpSetRetry);
    FUNC(SnmpGetVendorInfo);
    FUNC(SnmpCreateSession);
    FUNC(SnmpOpen);
    FUNC(SnmpClose);
    FUNC(SnmpSendMsg);
    FUNC(SnmpRecvMsg);
    FUNC(SnmpRegister);
    FUNC(SnmpListen);
    FUNC(SnmpListenEx);
    FUNC(SnmpCancelMsg);
    FUNC(SnmpStrToEntity);
    FUNC(SnmpEntityToStr);
    FUNC(SnmpFreeEntity);
    FUNC(SnmpSetPort);
    FUNC(SnmpStrToContext);
    FUNC(SnmpContextToStr);
    FUNC(SnmpFreeContext);
    FUNC(SnmpCreatePdu);
    FUNC(SnmpGetPduData);
    FUNC(SnmpSetPduData);
    FUNC(SnmpDuplicatePdu);
    FUNC(SnmpFreePdu);
    FUNC(SnmpCreateVbl);
    FUNC(SnmpDuplicateVbl);
    FUNC(SnmpFreeVbl);
    FUNC(SnmpCountVbl);
    FUNC(SnmpGetVb);
    FUNC(SnmpSetVb);
    FUNC(SnmpDeleteVb);
    FUNC(SnmpGetLastError);
    FUNC(SnmpStrToOid);
    FUNC(SnmpOidToStr);
    FUNC(SnmpOidCopy);
    FUNC(SnmpOidCompare);
    FUNC(SnmpEncodeMsg);
    FUNC(SnmpDecodeMsg);
    FUNC(SnmpFreeDescriptor);
    FUNC(WinSnmpSetSessionLimit);
    FUNC(WinSnmpSetLimit);
    FUNC(WinSnmpGetLimit);
    FUNC(WinSnmpGetQueueDrops);
    FUNC(WinSnmpSetEntityUsm);
    FUNC(WinSnmpGetEngineId);
    FUNC(WinSnmpSetLocalEngine);
    FUNC(WinSnmpAddUsmUser);
    FUNC(WinSnmpDeleteUsmUser);
    FUNC(WinSnmpGetUsmStats);
    FUNC(WinSnmpStrToContextName);
    FUNC(WinSnmpPasswordToKey);
    FUNC(WinSnmpGetSessionStats);
    FUNC(WinSnmpGetCommStats);
    CONST(ASN_UNIVERSAL);
    CONST(ASN_APPLICATION);
    CONST(ASN_CONTEXT);
    CONST(ASN_PRIVATE);
    CONST(ASN_PRIMITIVE);
    CONST(ASN_CONSTRUCTOR);
    CONST(SNMP_SYNTAX_INT);
    CONST(SNMP_SYNTAX_INT32);
    CONST(SNMP_SYNTAX_BITS);
    CONST(SNMP_SYNTAX_OCTETS);
    CONST(SNMP_SYNTAX_NULL);
    CONST(SNMP_SYNTAX_OID);
    CONST(SNMP_SYNTAX_SEQUENCE);
    CONST(SNMP_SYNTAX_IPADDR);
    CONST(SNMP_SYNTAX_CNTR32);
    CONST(SNMP_SYNTAX_GAUGE32);
    CONST(SNMP_SYNTAX_UNSIGNED32);
    CONST(SNMP_SYNTAX_TIMETICKS);
    CONST(SNMP_SYNTAX_OPAQUE);
    CONST(SNMP_SYNTAX_NSAPADDR);
    CONST(SNMP_SYNTAX_CNTR64);
    CONST(SNMP_SYNTAX_UINT32);
    CONST(SNMP_SYNTAX_NOSUCHOBJECT);
    CONST(SNMP_SYNTAX_NOSUCHINSTANCE);
    CONST(SNMP_SYNTAX_ENDOFMIBVIEW);
    CONST(SNMP_PDU_GET);
    CONST(SNMP_PDU_GETNEXT);
    CONST(SNMP_PDU_RESPONSE);
    CONST(SNMP_PDU_SET);
    CONST(SNMP_PDU_V1TRAP);
    CONST(SNMP_PDU_GETBULK);
    CONST(SNMP_PDU_INFORM);
    CONST(SNMP_PDU_TRAP);
    CONST(SNMP_TRAP_COLDSTART);
    CONST(SNMP_TRAP_WARMSTART);
    CONST(SNMP_TRAP_LINKDOWN);
    CONST(SNMP_TRAP_LINKUP);
    CONST(SNMP_TRAP_AUTHFAIL);
    CONST(SNMP_TRAP_EGPNEIGHBORLOSS);
    CONST(SNMP_TRAP_ENTERPRISESPECIFIC);
    CONST(SNMP_ERROR_NOERROR);
    CONST(SNMP_ERROR_TOOBIG);
    CONST(SNMP_ERROR_NOSUCHNAME);
    CONST(SNMP_ERROR_BADVALUE);
    CONST(SNMP_ERROR_READONLY);
    CONST(SNMP_ERROR_GENERR);
    CONST(SNMP_ERROR_NOACCESS);
    CONST(SNMP_ERROR_WRONGTYPE);
    CONST(SNMP_ERROR_WRONGLENGTH);
    CONST(SNMP_ERROR_WRONGENCODING);
    CONST(SNMP_ERROR_WRONGVALUE);
    CONST(SNMP_ERROR_NOCREATION);
    CONST(SNMP_ERROR_INCONSISTENTVALUE);
    CONST(SNMP_ERROR_RESOURCEUNAVAILABLE);
    CONST(SNMP_ERROR_COMMITFAILED);
    CONST(SNMP_ERROR_UNDOFAILED);
    CONST(SNMP_ERROR_AUTHORIZATIONERROR);
    CONST(SNMP_ERROR_NOTWRITABLE);
    CONST(SNMP_ERROR_INCONSISTENTNAME);
    CONST(SNMPAPI_TRANSLATED);
    CONST(SNMPAPI_UNTRANSLATED_V1);
    CONST(SNMPAPI_UNTRANSLATED_V2);
    CONST(SNMPAPI_NO_SUPPORT);
    CONST(SNMPAPI_V1_SUPPORT);
    CONST(SNMPAPI_V2_SUPPORT);
    CONST(SNMPAPI_M2M_SUPPORT);
    CONST(SNMPAPI_OFF);
    CONST(SNMPAPI_ON);
    CONST(SNMPAPI_FAILURE);
    CONST(SNMPAPI_SUCCESS);
    CONST(SNMPLISTEN_USEENTITY_ADDR);
    CONST(SNMPLISTEN_ALL_ADDR);
    CONST(SNMPAPI_ALLOC_ERROR);
    CONST(SNMPAPI_CONTEXT_INVALID);
    CONST(SNMPAPI_CONTEXT_UNKNOWN);
    CONST(SNMPAPI_ENTITY_INVALID);
    CONST(SNMPAPI_ENTITY_UNKNOWN);
    CONST(SNMPAPI_INDEX_INVALID);
    CONST(SNMPAPI_NOOP);
    CONST(SNMPAPI_OID_INVALID);
    CONST(SNMPAPI_OPERATION_INVALID);
    CONST(SNMPAPI_OUTPUT_TRUNCATED);
    CONST(SNMPAPI_PDU_INVALID);
    CONST(SNMPAPI_SESSION_INVALID);
    CONST(SNMPAPI_SYNTAX_INVALID);
    CONST(SNMPAPI_VBL_INVALID);
    CONST(SNMPAPI_MODE_INVALID);
    CONST(SNMPAPI_SIZE_INVALID);
    CONST(SNMPAPI_NOT_INITIALIZED);
    CONST(SNMPAPI_MESSAGE_INVALID);
    CONST(SNMPAPI_HWND_INVALID);
    CONST(SNMPAPI_OTHER_ERROR);
    CONST(SNMPAPI_TL_NOT_INITIALIZED);
    CONST(SNMPAPI_TL_NOT_SUPPORTED);
    CONST(SNMPAPI_TL_NOT_AVAILABLE);
    CONST(SNMPAPI_TL_RESOURCE_ERROR);
    CONST(SNMPAPI_TL_UNDELIVERABLE);
    CONST(SNMPAPI_TL_SRC_INVALID);
    CONST(SNMPAPI_TL_INVALID_PARAM);
    CONST(SNMPAPI_TL_IN_USE);
    CONST(SNMPAPI_TL_TIMEOUT);
    CONST(SNMPAPI_TL_PDU_TOO_BIG);
    CONST(SNMPAPI_TL_OTHER);
    CONST(MAXOBJIDSIZE);
    CONST(MAXOBJIDSTRSIZE);
    CONST(MAXVENDORINFO);
    CONST(DEFAULT_SNMP_PORT_UDP);
    CONST(DEFAULT_SNMPTRAP_PORT_UDP);
    CONST(DEFAULT_SNMP_PORT_IPX);
    CONST(DEFAULT_SNMPTRAP_PORT_IPX);
    /* SNMPv3 extension */
    CONST(SNMP_PDU_REPORT);
    CONST(SNMP_SEC_MODEL_USM);
    CONST(SNMP_NOAUTH_NOPRIV);
    CONST(SNMP_AUTH_NOPRIV);
    CONST(SNMP_AUTH_PRIV);
    CONST(SNMP_USM_NO_AUTH_PROTOCOL);
    CONST(SNMP_USM_HMACMD5_AUTH_PROTOCOL);
    CONST(SNMP_USM_HMACSHA_AUTH_PROTOCOL);
    CONST(WINSNMP_USM_HMACSHA224_AUTH_PROTOCOL);
    CONST(WINSNMP_USM_HMACSHA256_AUTH_PROTOCOL);
    CONST(WINSNMP_USM_HMACSHA384_AUTH_PROTOCOL);
    CONST(WINSNMP_USM_HMACSHA512_AUTH_PROTOCOL);
    CONST(SNMP_USM_NO_PRIV_PROTOCOL);
    CONST(SNMP_USM_DES_PRIV_PROTOCOL);
    CONST(WINSNMP_USM_3DES_PRIV_PROTOCOL);
    CONST(WINSNMP_USM_AES128_PRIV_PROTOCOL);
    CONST(WINSNMP_LIMIT_SESSIONS);
    CONST(WINSNMP_LIMIT_HANDLES);
    CONST(WINSNMP_LIMIT_QUEUED_MESSAGES);
    CONST(WINSNMP_LIMIT_MESSAGE_SIZE);
    CONST(WINSNMP_LIMIT_VARBINDS);
    CONST(WINSNMP_USM_AES192_PRIV_PROTOCOL);
    CONST(WINSNMP_USM_AES256_PRIV_PROTOCOL);
    CONST(WINSNMP_USM_AES192C_PRIV_PROTOCOL);
    CONST(WINSNMP_USM_AES256C_PRIV_PROTOCOL);
    CONST(SNMPAPI_ENGINE_INVALID);
    CONST(SNMPAPI_ENGINE_DISCOVERY_FAILED);
    CONST(SNMPAPI_RPT_INVALIDMSG);
    CONST(SNMPAPI_RPT_INASNPARSEERR);
    CONST(SNMPAPI_RPT_UNKNOWNSECMODEL);
    CONST(SNMPAPI_RPT_UNKNOWNENGINEID);
    CONST(SNMPAPI_RPT_UNSUPPSECLEVEL);
    CONST(SNMPAPI_RPT_UNKNOWNUSERNAME);
    CONST(SNMPAPI_RPT_WRONGDIGEST);
    CONST(SNMPAPI_RPT_NOTINTIMEWINDOW);
    CONST(SNMPAPI_RPT_DECRYPTIONERROR);
    CONST(SNMPAPI_RPT_OTHER);
    SIZE(smiINT);
    SIZE(smiINT32);
    SIZE(smiUINT32);
    SIZE(smiBYTE);
    SIZE(smiCNTR32);
    SIZE(smiGAUGE32);
    SIZE(smiTIMETICKS);
    SIZE(SNMPAPI_STATUS);
    SIZE(HSNMP_SESSION);
    SIZE(HSNMP_ENTITY);
    SIZE(HSNMP_CONTEXT);
    SIZE(HSNMP_PDU);
    SIZE(HSNMP_VBL);
    SIZE(HWND);
    SIZE(UINT);
    SIZE(WPARAM);
    SIZE(LPARAM);
    SIZE(LPVOID);
    SIZE(SNMPAPI_CALLBACK);
    SIZE(PFNSNMPSTARTUPEX);
    SIZE(PFNSNMPCLEANUPEX);
    SIZE(smiOCTETS);
    SIZE(smiOID);
    SIZE(smiCNTR64);
    SIZE(smiVALUE);
    SIZE(smiVENDORINFO);
    SIZE(WinSnmpUsmParams);
    SIZE(WinSnmpUsmStats);
    SIZE(WinSnmpSessionStats);
    SIZE(WinSnmpCommStats);
    SIGNED(smiINT);
    SIGNED(smiINT32);
    SIGNED(smiUINT32);
    SIGNED(smiBYTE);
    SIGNED(SNMPAPI_STATUS);
    SIGNED(UINT);
    SIGNED(WPARAM);
    SIGNED(LPARAM);
    OFFSET(smiOCTETS, len);
    OFFSET(smiOCTETS, ptr);
    OFFSET(smiOID, len);
    OFFSET(smiOID, ptr);
    OFFSET(smiCNTR64, hipart);
    OFFSET(smiCNTR64, lopart);
    OFFSET(smiVALUE, syntax);
    OFFSET(smiVALUE, value);
    OFFSET(smiVALUE, value.sNumber);
    OFFSET(smiVALUE, value.uNumber);
    OFFSET(smiVALUE, value.hNumber);
    OFFSET(smiVALUE, value.string);
    OFFSET(smiVALUE, value.oid);
    OFFSET(smiVALUE, value.empty);
    OFFSET(smiVENDORINFO, vendorName);
    OFFSET(smiVENDORINFO, vendorContact);
    OFFSET(smiVENDORINFO, vendorVersionId);
    OFFSET(smiVENDORINFO, vendorVersionDate);
    OFFSET(smiVENDORINFO, vendorEnterprise);
    OFFSET(WinSnmpUsmParams, userName);
    OFFSET(WinSnmpUsmParams, securityLevel);
    OFFSET(WinSnmpUsmParams, authProtocol);
    OFFSET(WinSnmpUsmParams, authPassword);
    OFFSET(WinSnmpUsmParams, privProtocol);
    OFFSET(WinSnmpUsmParams, privPassword);
    OFFSET(WinSnmpUsmParams, securityEngineId);
    OFFSET(WinSnmpUsmParams, contextEngineId);
    OFFSET(WinSnmpUsmStats, asnParseErrs);
    OFFSET(WinSnmpUsmStats, invalidMsgs);
    OFFSET(WinSnmpUsmStats, unknownSecurityModels);
    OFFSET(WinSnmpUsmStats, unsupportedSecLevels);
    OFFSET(WinSnmpUsmStats, notInTimeWindows);
    OFFSET(WinSnmpUsmStats, unknownUserNames);
    OFFSET(WinSnmpUsmStats, unknownEngineIds);
    OFFSET(WinSnmpUsmStats, wrongDigests);
    OFFSET(WinSnmpUsmStats, decryptionErrors);
    OFFSET(WinSnmpSessionStats, entities);
    OFFSET(WinSnmpSessionStats, contexts);
    OFFSET(WinSnmpSessionStats, pdus);
    OFFSET(WinSnmpSessionStats, vbls);
    OFFSET(WinSnmpSessionStats, outstandingRequests);
    OFFSET(WinSnmpSessionStats, queuedMessages);
    OFFSET(WinSnmpSessionStats, registrations);
    OFFSET(WinSnmpSessionStats, peakEntities);
    OFFSET(WinSnmpSessionStats, peakContexts);
    OFFSET(WinSnmpSessionStats, peakPdus);
    OFFSET(WinSnmpSessionStats, peakVbls);
    OFFSET(WinSnmpCommStats, size);
    OFFSET(WinSnmpCommStats, reserved);
    OFFSET(WinSnmpCommStats, datagramsIn);
    OFFSET(WinSnmpCommStats, bytesIn);
    OFFSET(WinSnmpCommStats, datagramsOut);
    OFFSET(WinSnmpCommStats, bytesOut);
    OFFSET(WinSnmpCommStats, transmissions);
    OFFSET(WinSnmpCommStats, retransmissions);
    OFFSET(WinSnmpCommStats, timeouts);
    OFFSET(WinSnmpCommStats, cancelled);
    OFFSET(WinSnmpCommStats, undeliverable);
    OFFSET(WinSnmpCommStats, oversized);
    OFFSET(WinSnmpCommStats, responses);
    OFFSET(WinSnmpCommStats, lateDelivered);
    OFFSET(WinSnmpCommStats, notifications);
    OFFSET(WinSnmpCommStats, agentRequests);
    OFFSET(WinSnmpCommStats, informsAcknowledged);
    OFFSET(WinSnmpCommStats, reportsReceived);
    OFFSET(WinSnmpCommStats, reportsSent);
    OFFSET(WinSnmpCommStats, droppedMalformed);
    OFFSET(WinSnmpCommStats, droppedDuplicate);
    OFFSET(WinSnmpCommStats, droppedLate);
    OFFSET(WinSnmpCommStats, droppedStray);
    OFFSET(WinSnmpCommStats, droppedForeign);
    OFFSET(WinSnmpCommStats, droppedUnexpected);
    OFFSET(WinSnmpCommStats, droppedUnregistered);
    OFFSET(WinSnmpCommStats, droppedQueueFull);
    OFFSET(WinSnmpCommStats, droppedRejected);
    OFFSET(WinSnmpCommStats, droppedOversized);
    return 0;
}
