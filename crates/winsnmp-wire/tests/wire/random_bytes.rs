//! A bounded, seeded random-input run in the ordinary test suite (the fuzz targets in
//! `fuzz/` run the same oracle for longer): random bytes and random mutations of valid
//! messages must never panic, and whatever decodes must re-encode to bytes that decode to an
//! equal message.

use winsnmp_wire::{Message, Oid, Quirks, RawOid};

use crate::util::hex;

/// xorshift64*: small, fast and fixed, so every run sees the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
}

/// Valid messages to mutate: one of each PDU type, both versions, most syntaxes.
const SEEDS: &[&str] = &[
    "302902010004067075626c6963a01c0204629688a1020100020100300e300c06082b060102010101000500",
    "302502010104067075626c6963a218020416c4600c020100020100300a300806042b0601098200",
    "303c02010004067075626c6963a42f06092b06010401bf08020340040a000001020106020111430200803012\
     301006082b060102010105000404686f7374",
    "303702010104067075626c6963a52a0204521e164302010102010a301c300b06072b0601020101030500300d\
     06092b06010201020201020500",
    "305802010104067075626c6963a64b0204388eb41c020100020100303d301106082b06010201010300430500\
     ffffffff3017060a2b06010603010104010006092b0601060301010503300f060a2b06010201020201010102\
     0101",
    "307402010104067075626c6963a7670204767498b30201000201003059300d06082b06010201010300430100\
     3017060a2b06010603010104010006092b0601060301010501301106082b0601040163090041050080000000\
     300c06082b06010401630b000500300e06082b06010401630c0042020080",
    "302a02010104067075626c6963a81d020212340201000201003011300f060a2b060106030f01010400410107",
    "3081aa020101040770726976617465a3819b0204449a107502010002010030818c301006082b060104016301\
     00020480000000301006082b0601040163020002047fffffff300d06082b060104016303000201ff300c0608\
     2b060104016304000400301106082b06010401630500420500ffffffff300e06082b06010401630600430200\
     80301006082b0601040163070040040a000001301406082b0601040163080006082b06018fffffff7f",
    "307102010104067075626c6963a2640201ff0201000201003059301006 0b2b060102011f01010106014601\
     003011060b2b060102011f0101010602460200803018060b2b060102011f0101010603460900800000000000\
     00003018060b2b060102011f0101010604460900ffffffffffffffff",
    "3031020101040770726976617465a32302042f1910f00201000201003015301306082b06010401630d004407\
     9f78043fc00000",
];

/// Decodes `input` with `quirks`; if that works, checks the round-trip oracle.
fn oracle(input: &[u8], quirks: Quirks) -> bool {
    let Ok(m) = Message::decode_with(input, quirks) else {
        return false;
    };
    let bytes = m.to_vec().expect("a decoded message must encode");
    assert_eq!(m.encoded_len(), Ok(bytes.len()));
    let again = Message::decode_with(&bytes, quirks).expect("re-encoded message must decode");
    assert_eq!(again, m, "input {}", crate::util::hex_string(input));
    // A message re-encoded by us is canonical: encoding it again is the identity.
    assert_eq!(again.to_vec().unwrap(), bytes);
    true
}

fn mutate(rng: &mut Rng, buf: &mut Vec<u8>) {
    for _ in 0..=rng.below(3) {
        match rng.below(6) {
            0 if !buf.is_empty() => {
                let i = rng.below(buf.len());
                buf[i] ^= 1 << rng.below(8);
            }
            1 if !buf.is_empty() => {
                let i = rng.below(buf.len());
                buf[i] = rng.byte();
            }
            2 if !buf.is_empty() => {
                let n = rng.below(buf.len());
                buf.truncate(n);
            }
            3 => {
                let i = rng.below(buf.len() + 1);
                for _ in 0..=rng.below(4) {
                    buf.insert(i, rng.byte());
                }
            }
            4 if buf.len() > 1 => {
                let i = rng.below(buf.len());
                let n = rng.below(buf.len() - i).max(1);
                buf.drain(i..i + n);
            }
            _ => {
                // Set a likely-interesting octet: length forms, tags, signs.
                let i = rng.below(buf.len() + 1);
                let b = [0x00, 0x7f, 0x80, 0x81, 0x84, 0x85, 0xff, 0x30, 0x06, 0x46][rng.below(10)];
                if i == buf.len() {
                    buf.push(b);
                } else {
                    buf[i] = b;
                }
            }
        }
    }
}

#[test]
fn random_inputs_never_panic_and_round_trip() {
    let seeds: Vec<Vec<u8>> = SEEDS.iter().map(|s| hex(s)).collect();
    for s in &seeds {
        assert!(oracle(s, Quirks::STRICT), "seed does not decode");
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut decoded, mut buf) = (0usize, Vec::with_capacity(512));
    for i in 0..200_000 {
        buf.clear();
        if i % 4 == 0 {
            // Pure noise, half of it behind a plausible message header.
            if rng.below(2) == 0 {
                buf.extend_from_slice(&[0x30, rng.byte() & 0x7f, 0x02, 0x01, rng.byte() & 1]);
            }
            for _ in 0..rng.below(64) {
                buf.push(rng.byte());
            }
        } else {
            buf.extend_from_slice(&seeds[rng.below(seeds.len())]);
            mutate(&mut rng, &mut buf);
        }
        for q in [Quirks::STRICT, Quirks::LENIENT] {
            decoded += usize::from(oracle(&buf, q));
            let _ = Message::decode_prefix(&buf, q);
        }
        // The OID validators see the same bytes.
        if let Ok(o) = Oid::from_ber(&buf) {
            assert_eq!(o.to_string().parse::<Oid>().unwrap(), o);
            assert_eq!(RawOid::from_ber(&buf).unwrap(), o.as_raw());
        }
    }
    // The mutations must reach deep enough that a fair share still decodes.
    assert!(decoded > 20_000, "only {decoded} inputs decoded");
}
