//! Published test vectors (NIST, RFC 4231, RFC 5869) from `tests/vectors/`,
//! each run through the Rust API and the C ABI with tampered twins.

mod common;
use common::*;

#[test]
fn rfc4231_hmac_sha256() {
    let cases = load("rfc4231_hmac_sha256.txt");
    assert_eq!(cases.len(), 7, "RFC 4231 has seven test cases");
    for c in &cases {
        check_hmac(&c.id(), &c.hex("Key"), &c.hex("Msg"), &c.hex("Tag"), true);
    }
    // Test case 5 is the truncated one.
    assert_eq!(cases[4].hex("Tag").len(), 16);
}

#[test]
fn nist_sha256() {
    let cases = load("nist_sha256.txt");
    for c in &cases {
        let unit = c.hex("Msg");
        let msg = unit.repeat(c.opt("Repeat").map_or(1, |r| r.parse().unwrap()));
        check_sha256(&c.id(), &msg, &c.hex("Digest"));
    }
    assert!(cases.len() >= 3 + 65 + 64, "{} cases", cases.len());
}

#[test]
fn nist_cavp_aes_gcm() {
    let cases = load("nist_cavp_aes_gcm.txt");
    let mut invalid = 0;
    for c in &cases {
        let (key, iv, aad, pt, ct, tag) = (
            c.hex("Key"),
            c.hex("IV"),
            c.hex("AAD"),
            c.hex("PT"),
            c.hex("CT"),
            c.hex("Tag"),
        );
        let v = Gcm {
            key: &key,
            nonce: &iv,
            aad: &aad,
            pt: &pt,
            ct: &ct,
            tag: &tag,
        };
        invalid += usize::from(!c.valid());
        check_gcm(&c.id(), &v, c.valid());
    }
    assert_eq!(cases.len(), 1500);
    assert!(invalid > 300, "{invalid} invalid cases");
}

#[test]
fn rfc5869_hkdf_sha256() {
    let cases = load("rfc5869_hkdf_sha256.txt");
    assert_eq!(cases.len(), 3);
    for c in &cases {
        let okm = c.hex("OKM");
        assert_eq!(okm.len(), c.num("L"));
        check_hkdf(
            &c.id(),
            &c.hex("IKM"),
            &c.hex("Salt"),
            &c.hex("Info"),
            &okm,
            true,
        );
        // PRK = HMAC(salt, IKM) (the extract step) is published too.
        assert_eq!(
            paycrypt::hmac_sha256(&c.hex("Salt"), &c.hex("IKM")).to_vec(),
            c.hex("PRK"),
            "{}",
            c.id()
        );
    }
}
