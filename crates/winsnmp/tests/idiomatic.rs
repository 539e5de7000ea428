//! The idiomatic layer: objects free themselves on drop.

use winsnmp::engine::consts::*;
use winsnmp::{Runtime, Session, SmiCntr64, SmiValue, SnmpApiError, TranslateMode, api};

#[test]
fn objects_free_themselves() {
    let rt = Runtime::new().unwrap();
    assert_eq!(rt.translate_mode().unwrap(), TranslateMode::UntranslatedV1);
    assert!(rt.retransmit().unwrap());
    {
        let s = Session::new(|_| SNMPAPI_SUCCESS).unwrap();
        let v1 = s.entity("192.0.2.1").unwrap();
        rt.set_translate_mode(TranslateMode::UntranslatedV2)
            .unwrap();
        let e = s.entity("192.0.2.1").unwrap();
        e.set_timeout(300).unwrap();
        e.set_retry(1).unwrap();
        e.set_port(1161).unwrap();
        assert_eq!((e.timeout().unwrap(), e.retry().unwrap()), (300, 1));
        assert_eq!(e.to_str().unwrap(), "192.0.2.1:1161");
        let c = s.context(b"public").unwrap();
        let v = s.vbl().unwrap();
        assert!(v.is_empty().unwrap());
        v.push(&[1, 3, 6, 1, 2, 1, 1, 3, 0], &SmiValue::TimeTicks(5))
            .unwrap();
        v.push(
            &[1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6, 1],
            &SmiValue::Cntr64(SmiCntr64::from_u64(1 << 40)),
        )
        .unwrap();
        v.set(1, &[1, 3, 6, 1, 2, 1, 1, 3, 0], &SmiValue::TimeTicks(6))
            .unwrap();
        assert_eq!(v.get(1).unwrap().value, SmiValue::TimeTicks(6));
        let p = s.get_bulk(0, 10, Some(&v)).unwrap();
        assert_eq!(p.info().unwrap().error_index, 10);
        let v2 = p.varbinds().unwrap();
        assert_eq!(v2.entries().unwrap(), v.entries().unwrap());
        v2.remove(1).unwrap();
        p.set_varbinds(&v2).unwrap();
        p.set_request_id(0).unwrap();
        assert_eq!(p.info().unwrap().request_id, 0);
        let bytes = s.encode(Some(&e), &e, &c, &p).unwrap();
        assert!(!bytes.is_empty());
        // Counter64 cannot travel in SNMPv1 (Appendix E 12).
        assert_eq!(
            s.encode(None, &v1, &c, &p).unwrap_err(),
            SnmpApiError::OperationInvalid
        );
        assert_eq!(s.decode(b"junk").unwrap_err(), SnmpApiError::MessageInvalid);
        assert_eq!(s.last_error(), Some(SnmpApiError::MessageInvalid));
        let other = Session::new(|_| 1).unwrap();
        let copy = p.duplicate(&other).unwrap();
        let vcopy = v.duplicate(&other).unwrap();
        drop(s);
        // The first session's objects are gone; the copies live on in `other`.
        assert_eq!(p.info().unwrap_err(), SnmpApiError::PduInvalid);
        assert_eq!(copy.info().unwrap().error_index, 10);
        assert_eq!(vcopy.len().unwrap(), 2);
        assert_eq!(api::counts().sessions, 1);
    }
    assert_eq!(api::counts().total(), 0);
    drop(rt);
    assert_eq!(
        api::snmp_get_translate_mode(true),
        Err(SnmpApiError::NotInitialized)
    );
}
