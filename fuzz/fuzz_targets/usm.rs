//! USM on wire data: MAC checks and decryption take octets from the network and must not
//! panic, whatever they are; a MAC we make verifies; and decrypting then encrypting again
//! with the message's parameters gives the ciphertext back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use winsnmp_wire::usm::{AuthProtocol, Key, PrivProtocol};

fuzz_target!(|data: &[u8]| {
    let [a, p, key_len, params_len, boots, time, rest @ ..] = data else {
        return;
    };
    let auth = AuthProtocol::ALL[usize::from(*a) % AuthProtocol::ALL.len()];
    let privacy = PrivProtocol::ALL[usize::from(*p) % PrivProtocol::ALL.len()];
    let (key, rest) = rest.split_at(usize::from(*key_len % 41).min(rest.len()));
    let (params, msg) = rest.split_at(usize::from(*params_len % 10).min(rest.len()));
    let key = Key::from_slice(key).expect("at most 40 octets");
    let (boots, time) = (u32::from(*boots) << 24, u32::from(*time));

    // Authentication: a received MAC of any length, then one we made.
    let _ = auth.verify(&key, msg, &msg[..msg.len().min(auth.mac_len())]);
    let mut mac = [0; 48];
    auth.sign(&key, msg, &mut mac);
    assert!(auth.verify(&key, msg, &mac[..auth.mac_len()]));

    // Privacy.
    let mut plain = msg.to_vec();
    if privacy
        .decrypt(&key, boots, time, params, &mut plain)
        .is_ok()
    {
        let (boots, salt) = match privacy {
            PrivProtocol::Des | PrivProtocol::TripleDes => (
                u32::from_be_bytes(params[..4].try_into().unwrap()),
                u64::from(u32::from_be_bytes(params[4..].try_into().unwrap())),
            ),
            _ => (boots, u64::from_be_bytes(params.try_into().unwrap())),
        };
        let sent = privacy.encrypt(&key, boots, time, salt, &mut plain);
        assert_eq!(sent[..], params[..]);
        assert_eq!(plain, msg);
    }
});
