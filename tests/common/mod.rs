//! Shared by the integration tests: the reader for `tests/vectors/*.txt`
//! and the checks that run one published case through both the safe Rust
//! API and the C ABI, together with its tampered twins.
#![allow(dead_code)]

use std::path::PathBuf;

use paycrypt::ffi::*;
use paycrypt::{AesGcmKey, Error, HmacKey};

/// One case of a vector file: its section and its fields in order.
#[derive(Debug, Clone)]
pub struct Case {
    pub file: String,
    pub section: String,
    pub fields: Vec<(String, String)>,
}

impl Case {
    pub fn opt(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn get(&self, name: &str) -> &str {
        self.opt(name)
            .unwrap_or_else(|| panic!("{}: case {:?} lacks field {name}", self.file, self.fields))
    }
    pub fn hex(&self, name: &str) -> Vec<u8> {
        decode_hex(self.get(name))
    }
    pub fn num(&self, name: &str) -> usize {
        self.get(name).parse().expect("decimal field")
    }
    pub fn id(&self) -> String {
        let n = self.opt("Count").or(self.opt("TcId")).unwrap_or("?");
        format!("{} [{}] #{}", self.file, self.section, n)
    }
    pub fn valid(&self) -> bool {
        match self.opt("Result").unwrap_or("valid") {
            "valid" => true,
            "invalid" => false,
            other => panic!("{}: unexpected Result {other}", self.id()),
        }
    }
}

pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("vectors")
}

/// Parse a vector file (format described in each file's header).
pub fn parse(file: &str, text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut section = String::new();
    let mut fields: Vec<(String, String)> = Vec::new();
    let flush = |fields: &mut Vec<(String, String)>, cases: &mut Vec<Case>, section: &str| {
        if !fields.is_empty() {
            cases.push(Case {
                file: file.to_string(),
                section: section.to_string(),
                fields: std::mem::take(fields),
            });
        }
    };
    for (lineno, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.starts_with('#') {
            continue;
        }
        if line.is_empty() {
            flush(&mut fields, &mut cases, &section);
        } else if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            flush(&mut fields, &mut cases, &section);
            section = name.to_string();
        } else {
            let (k, v) = line
                .split_once('=')
                .unwrap_or_else(|| panic!("{file}:{}: not 'Field = value': {line}", lineno + 1));
            fields.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    flush(&mut fields, &mut cases, &section);
    cases
}

pub fn load(file: &str) -> Vec<Case> {
    let path = vectors_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let cases = parse(file, &text);
    assert!(!cases.is_empty(), "{file} has no cases");
    cases
}

pub fn decode_hex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length: {s}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

pub fn encode_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn flip(v: &[u8], bit: usize) -> Vec<u8> {
    let mut t = v.to_vec();
    let i = (bit / 8) % t.len();
    t[i] ^= 1 << (bit % 8);
    t
}

fn ptr_or_null(b: &[u8]) -> *const u8 {
    if b.is_empty() {
        std::ptr::null()
    } else {
        b.as_ptr()
    }
}

// ---------------------------------------------------------------------------
// SHA-256

pub fn check_sha256(id: &str, msg: &[u8], digest: &[u8]) {
    assert_eq!(paycrypt::sha256(msg).as_slice(), digest, "{id}: sha256");
    let mut h = paycrypt::Sha256::new();
    for piece in msg.chunks(7 + msg.len() / 3) {
        h.update(piece).unwrap();
    }
    assert_eq!(h.finalize().as_slice(), digest, "{id}: streaming sha256");
    let mut out = [0u8; 32];
    // SAFETY: valid pointers and lengths.
    let s = unsafe { paycrypt_sha256(ptr_or_null(msg), msg.len(), out.as_mut_ptr()) };
    assert_eq!(s, paycrypt_status::PAYCRYPT_OK, "{id}");
    assert_eq!(out.as_slice(), digest, "{id}: C sha256");
}

// ---------------------------------------------------------------------------
// HMAC-SHA256

/// Run one HMAC case. For a valid case: sign (full and truncated tags),
/// verify raw and hex through Rust and C, streaming, and every tamper
/// must fail. For an invalid case: every verification must fail.
pub fn check_hmac(id: &str, key: &[u8], msg: &[u8], tag: &[u8], valid: bool) {
    let k = HmacKey::new(key);
    let verdict = k.verify(msg, tag);
    let one_shot = paycrypt::hmac_sha256_verify(key, msg, tag);
    assert_eq!(verdict, one_shot, "{id}");
    let mut ck = std::mem::MaybeUninit::<paycrypt_hmac_key>::zeroed();
    // SAFETY: ck is writable; key valid.
    let st = unsafe { paycrypt_hmac_key_init(ck.as_mut_ptr(), ptr_or_null(key), key.len()) };
    assert_eq!(st, paycrypt_status::PAYCRYPT_OK);
    let cverify = |m: &[u8], t: &[u8]| {
        // SAFETY: initialised key, valid slices.
        unsafe {
            paycrypt_hmac_key_verify(
                ck.as_ptr(),
                ptr_or_null(m),
                m.len(),
                ptr_or_null(t),
                t.len(),
            )
        }
    };
    let cverify_hex = |m: &[u8], h: &str| {
        // SAFETY: as above.
        unsafe {
            paycrypt_hmac_key_verify_hex(
                ck.as_ptr(),
                ptr_or_null(m),
                m.len(),
                h.as_ptr().cast(),
                h.len(),
            )
        }
    };
    let in_range = (16..=32).contains(&tag.len());
    if !valid {
        assert!(verdict.is_err(), "{id}: invalid case accepted");
        assert_ne!(
            cverify(msg, tag),
            paycrypt_status::PAYCRYPT_OK,
            "{id}: C accepted invalid case"
        );
        return;
    }
    assert!(in_range, "{id}: valid case with tag length {}", tag.len());
    assert_eq!(verdict, Ok(()), "{id}: verify");
    let full = k.sign(msg);
    assert_eq!(&full[..tag.len()], tag, "{id}: sign");
    assert_eq!(paycrypt::hmac_sha256(key, msg), full, "{id}: one-shot");
    assert_eq!(
        cverify(msg, tag),
        paycrypt_status::PAYCRYPT_OK,
        "{id}: C verify"
    );
    let hex = encode_hex(tag);
    assert_eq!(
        k.verify_hex(msg, hex.as_bytes()),
        Ok(()),
        "{id}: verify_hex"
    );
    assert_eq!(
        k.verify_hex(msg, hex.to_uppercase().as_bytes()),
        Ok(()),
        "{id}: verify_hex upper"
    );
    assert_eq!(
        cverify_hex(msg, &hex.to_uppercase()),
        paycrypt_status::PAYCRYPT_OK,
        "{id}"
    );
    if tag.len() == 32 {
        assert_eq!(
            std::str::from_utf8(&k.sign_hex(msg)).unwrap(),
            hex,
            "{id}: sign_hex"
        );
        let mut out = [0u8; 65];
        // SAFETY: initialised key; out has 65 bytes.
        let s = unsafe {
            paycrypt_hmac_key_sign_hex(
                ck.as_ptr(),
                ptr_or_null(msg),
                msg.len(),
                out.as_mut_ptr().cast(),
            )
        };
        assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
        assert_eq!(&out[..64], hex.as_bytes(), "{id}: C sign_hex");
        assert_eq!(out[64], 0, "{id}: C sign_hex NUL");
    }
    // Streaming, in uneven pieces, through Rust and C.
    let mut s = k.start();
    let mut cs = std::mem::MaybeUninit::<paycrypt_hmac_state>::zeroed();
    // SAFETY: cs writable, ck initialised.
    assert_eq!(
        unsafe { paycrypt_hmac_state_init(cs.as_mut_ptr(), ck.as_ptr()) },
        paycrypt_status::PAYCRYPT_OK
    );
    let mut rest = msg;
    let mut step = 1;
    while !rest.is_empty() {
        let (a, b) = rest.split_at(step.min(rest.len()));
        s.update(a).unwrap();
        // SAFETY: cs initialised; a valid.
        let st = unsafe { paycrypt_hmac_state_update(cs.as_mut_ptr(), a.as_ptr(), a.len()) };
        assert_eq!(st, paycrypt_status::PAYCRYPT_OK);
        rest = b;
        step = step * 3 + 1;
    }
    assert_eq!(s.finalize(), full, "{id}: streaming");
    let mut out = [0u8; 32];
    // SAFETY: cs initialised; out 32 bytes.
    assert_eq!(
        unsafe { paycrypt_hmac_state_final(cs.as_mut_ptr(), out.as_mut_ptr()) },
        paycrypt_status::PAYCRYPT_OK
    );
    assert_eq!(out, full, "{id}: C streaming");
    // Tampered twins: a flipped bit in the tag (first, middle and last
    // byte), in the message, or a different key: all must fail.
    for bit in [0, tag.len() * 4 + 3, tag.len() * 8 - 1] {
        let bad = flip(tag, bit);
        assert_eq!(
            k.verify(msg, &bad),
            Err(Error::VerifyFailed),
            "{id}: tampered tag"
        );
        assert_eq!(
            cverify(msg, &bad),
            paycrypt_status::PAYCRYPT_ERR_VERIFY_FAILED,
            "{id}: C tampered tag"
        );
        assert_eq!(
            k.verify_hex(msg, encode_hex(&bad).as_bytes()),
            Err(Error::VerifyFailed),
            "{id}"
        );
    }
    if !msg.is_empty() {
        for bit in [0, msg.len() * 8 - 1] {
            let bad = flip(msg, bit);
            assert_eq!(
                k.verify(&bad, tag),
                Err(Error::VerifyFailed),
                "{id}: tampered msg"
            );
            assert_eq!(
                cverify(&bad, tag),
                paycrypt_status::PAYCRYPT_ERR_VERIFY_FAILED,
                "{id}"
            );
        }
    }
    let mut longer = msg.to_vec();
    longer.push(0);
    assert_eq!(
        k.verify(&longer, tag),
        Err(Error::VerifyFailed),
        "{id}: extended msg"
    );
    let other_key = if key.is_empty() {
        vec![0u8]
    } else {
        flip(key, 0)
    };
    // A flipped bit in a key of 65+ bytes changes its hash; in a shorter
    // key it changes the padded block. Both must change the tag.
    assert_eq!(
        paycrypt::hmac_sha256_verify(&other_key, msg, tag),
        Err(Error::VerifyFailed),
        "{id}: other key"
    );
}

// ---------------------------------------------------------------------------
// AES-GCM

/// A tampered variant: what was changed, nonce, AAD, ciphertext||tag.
type Twin = (&'static str, [u8; 12], Vec<u8>, Vec<u8>);

pub struct Gcm<'a> {
    pub key: &'a [u8],
    pub nonce: &'a [u8],
    pub aad: &'a [u8],
    pub pt: &'a [u8],
    pub ct: &'a [u8],
    pub tag: &'a [u8],
}

fn c_gcm_key(key: &[u8]) -> Box<paycrypt_aes_gcm_key> {
    // SAFETY: an all-zero context is a valid (uninitialised) context.
    let mut k: Box<paycrypt_aes_gcm_key> = Box::new(unsafe { std::mem::zeroed() });
    // SAFETY: k writable; key valid.
    let s = unsafe { paycrypt_aes_gcm_key_init(&mut *k, key.as_ptr(), key.len()) };
    assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
    k
}

fn c_open(
    k: &paycrypt_aes_gcm_key,
    nonce: &[u8; 12],
    aad: &[u8],
    ct_tag: &[u8],
) -> (paycrypt_status, Vec<u8>) {
    let mut out = vec![0xAAu8; ct_tag.len().saturating_sub(16)];
    let mut n = usize::MAX;
    // SAFETY: valid pointers and lengths.
    let s = unsafe {
        paycrypt_aes_gcm_open(
            k,
            nonce.as_ptr(),
            ptr_or_null(aad),
            aad.len(),
            ct_tag.as_ptr(),
            ct_tag.len(),
            out.as_mut_ptr(),
            out.len(),
            &mut n,
        )
    };
    if s == paycrypt_status::PAYCRYPT_OK {
        assert_eq!(n, out.len());
    }
    (s, out)
}

/// Run one AES-GCM case (96-bit nonce, 128-bit tag). A valid case is
/// sealed and opened through every Rust and C entry point (out of place,
/// in place, detached), then tampered in tag, ciphertext, AAD and nonce;
/// an invalid case must be rejected everywhere with the output zeroed.
pub fn check_gcm(id: &str, v: &Gcm<'_>, valid: bool) {
    let nonce: [u8; 12] = v.nonce.try_into().expect("12-byte nonce");
    let tag: [u8; 16] = v.tag.try_into().expect("16-byte tag");
    let key = AesGcmKey::new(v.key).expect("key");
    let ck = c_gcm_key(v.key);
    let mut ct_tag = v.ct.to_vec();
    ct_tag.extend_from_slice(v.tag);

    if !valid {
        let mut out = vec![0xAA; v.ct.len()];
        assert_eq!(
            key.open(&nonce, v.aad, &ct_tag, &mut out),
            Err(Error::VerifyFailed),
            "{id}"
        );
        assert!(out.iter().all(|b| *b == 0), "{id}: output not zeroed");
        let mut buf = v.ct.to_vec();
        assert_eq!(
            key.open_in_place_detached(&nonce, v.aad, &mut buf, &tag),
            Err(Error::VerifyFailed),
            "{id}"
        );
        assert!(buf.iter().all(|b| *b == 0), "{id}: buffer not zeroed");
        let (s, out) = c_open(&ck, &nonce, v.aad, &ct_tag);
        assert_eq!(
            s,
            paycrypt_status::PAYCRYPT_ERR_VERIFY_FAILED,
            "{id}: C accepted invalid case"
        );
        assert!(out.iter().all(|b| *b == 0), "{id}: C output not zeroed");
        return;
    }

    // Seal: out of place and in place, Rust and C.
    let mut out = vec![0u8; v.pt.len() + 16];
    assert_eq!(
        key.seal(&nonce, v.aad, v.pt, &mut out),
        Ok(ct_tag.len()),
        "{id}"
    );
    assert_eq!(out, ct_tag, "{id}: seal");
    let mut buf = v.pt.to_vec();
    assert_eq!(
        key.seal_in_place_detached(&nonce, v.aad, &mut buf),
        Ok(tag),
        "{id}: detached tag"
    );
    assert_eq!(buf, v.ct, "{id}: detached ct");
    let mut cout = vec![0u8; v.pt.len() + 16];
    let mut n = 0usize;
    // SAFETY: valid pointers and lengths.
    let s = unsafe {
        paycrypt_aes_gcm_seal(
            &*ck,
            nonce.as_ptr(),
            ptr_or_null(v.aad),
            v.aad.len(),
            ptr_or_null(v.pt),
            v.pt.len(),
            cout.as_mut_ptr(),
            cout.len(),
            &mut n,
        )
    };
    assert_eq!(
        (s, n),
        (paycrypt_status::PAYCRYPT_OK, ct_tag.len()),
        "{id}: C seal"
    );
    assert_eq!(cout, ct_tag, "{id}: C seal");
    let mut inplace = v.pt.to_vec();
    inplace.resize(v.pt.len() + 16, 0);
    // SAFETY: exactly in place (out == pt), allowed.
    let s = unsafe {
        paycrypt_aes_gcm_seal(
            &*ck,
            nonce.as_ptr(),
            ptr_or_null(v.aad),
            v.aad.len(),
            inplace.as_ptr(),
            v.pt.len(),
            inplace.as_mut_ptr(),
            inplace.len(),
            &mut n,
        )
    };
    assert_eq!(s, paycrypt_status::PAYCRYPT_OK, "{id}: C seal in place");
    assert_eq!(inplace, ct_tag, "{id}: C seal in place");

    // Open: Rust and C, out of place and in place.
    let mut pt = vec![0u8; v.ct.len()];
    assert_eq!(
        key.open(&nonce, v.aad, &ct_tag, &mut pt),
        Ok(v.pt.len()),
        "{id}: open"
    );
    assert_eq!(pt, v.pt, "{id}: open");
    let mut buf = ct_tag.clone();
    assert_eq!(
        key.open_in_place(&nonce, v.aad, &mut buf),
        Ok(v.pt.len()),
        "{id}"
    );
    assert_eq!(&buf[..v.pt.len()], v.pt, "{id}: open in place");
    let (s, out) = c_open(&ck, &nonce, v.aad, &ct_tag);
    assert_eq!(s, paycrypt_status::PAYCRYPT_OK, "{id}: C open");
    assert_eq!(out, v.pt, "{id}: C open");
    let mut buf = v.ct.to_vec();
    // SAFETY: valid pointers and lengths.
    let s = unsafe {
        paycrypt_aes_gcm_open_detached(
            &*ck,
            nonce.as_ptr(),
            ptr_or_null(v.aad),
            v.aad.len(),
            buf.as_mut_ptr(),
            buf.len(),
            tag.as_ptr(),
        )
    };
    assert_eq!(s, paycrypt_status::PAYCRYPT_OK, "{id}: C open detached");
    assert_eq!(buf, v.pt, "{id}: C open detached");

    // Tampered twins.
    let mut twins: Vec<Twin> = vec![
        (
            "tag first bit",
            nonce,
            v.aad.to_vec(),
            flip(&ct_tag, v.ct.len() * 8),
        ),
        (
            "tag last bit",
            nonce,
            v.aad.to_vec(),
            flip(&ct_tag, ct_tag.len() * 8 - 1),
        ),
        (
            "nonce",
            flip(&nonce, 5).try_into().unwrap(),
            v.aad.to_vec(),
            ct_tag.clone(),
        ),
    ];
    if !v.ct.is_empty() {
        twins.push(("ciphertext", nonce, v.aad.to_vec(), flip(&ct_tag, 0)));
        twins.push((
            "ciphertext end",
            nonce,
            v.aad.to_vec(),
            flip(&ct_tag, v.ct.len() * 8 - 1),
        ));
    }
    if !v.aad.is_empty() {
        twins.push((
            "aad",
            nonce,
            flip(v.aad, v.aad.len() * 8 - 1),
            ct_tag.clone(),
        ));
    } else {
        twins.push(("aad added", nonce, vec![0], ct_tag.clone()));
    }
    for (what, n2, aad2, ct2) in &twins {
        let mut out = vec![0xAA; v.ct.len()];
        assert_eq!(
            key.open(n2, aad2, ct2, &mut out),
            Err(Error::VerifyFailed),
            "{id}: tampered {what}"
        );
        assert!(
            out.iter().all(|b| *b == 0),
            "{id}: tampered {what}: output not zeroed"
        );
        let (s, out) = c_open(&ck, n2, aad2, ct2);
        assert_eq!(
            s,
            paycrypt_status::PAYCRYPT_ERR_VERIFY_FAILED,
            "{id}: C tampered {what}"
        );
        assert!(
            out.iter().all(|b| *b == 0),
            "{id}: C tampered {what}: output not zeroed"
        );
        let mut buf = ct2.clone();
        assert_eq!(
            key.open_in_place(n2, aad2, &mut buf),
            Err(Error::VerifyFailed),
            "{id}"
        );
        assert!(
            buf.iter().all(|b| *b == 0),
            "{id}: in place {what}: buffer not zeroed"
        );
    }
}

// ---------------------------------------------------------------------------
// HKDF-SHA256

pub fn check_hkdf(id: &str, ikm: &[u8], salt: &[u8], info: &[u8], okm: &[u8], valid: bool) {
    let mut out = vec![0u8; okm.len()];
    let r = paycrypt::hkdf_sha256(salt, ikm, info, &mut out);
    let mut cout = vec![0u8; okm.len()];
    // SAFETY: valid pointers and lengths.
    let s = unsafe {
        paycrypt_hkdf_sha256(
            ptr_or_null(salt),
            salt.len(),
            ptr_or_null(ikm),
            ikm.len(),
            ptr_or_null(info),
            info.len(),
            cout.as_mut_ptr(),
            cout.len(),
        )
    };
    if !valid {
        assert_eq!(r, Err(Error::InputTooLong), "{id}");
        assert_eq!(s, paycrypt_status::PAYCRYPT_ERR_INPUT_TOO_LONG, "{id}");
        return;
    }
    assert_eq!(r, Ok(()), "{id}");
    assert_eq!(out, okm, "{id}: hkdf");
    assert_eq!(s, paycrypt_status::PAYCRYPT_OK, "{id}");
    assert_eq!(cout, okm, "{id}: C hkdf");
    // Tampered inputs give other keys.
    if !okm.is_empty() {
        let mut other = vec![0u8; okm.len()];
        let bad_info: Vec<u8> = if info.is_empty() {
            vec![0]
        } else {
            flip(info, 0)
        };
        paycrypt::hkdf_sha256(salt, ikm, &bad_info, &mut other).unwrap();
        assert_ne!(other, okm, "{id}: info ignored");
        let bad_ikm: Vec<u8> = if ikm.is_empty() {
            vec![0]
        } else {
            flip(ikm, 0)
        };
        paycrypt::hkdf_sha256(salt, &bad_ikm, info, &mut other).unwrap();
        assert_ne!(other, okm, "{id}: ikm ignored");
    }
}
