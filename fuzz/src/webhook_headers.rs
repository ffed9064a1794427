//! Webhook signature headers: Stripe-style `t=...,v1=...`, GitHub
//! `sha256=...`, Adyen payload and notification-item signatures. Arbitrary
//! header, payload, secret, clock and tolerance: the Rust API, the C ABI
//! and a reference model written from the documented rules must agree,
//! and whatever the library signs must verify.

use super::common::*;
use paycrypt::ffi::*;
use paycrypt::{Error, HmacKey};

pub fn run(data: &[u8]) {
    let mut inp = Input::new(data);
    match inp.u8() % 4 {
        0 => stripe(&mut inp),
        1 => stripe_signed(&mut inp),
        2 => github(&mut inp),
        _ => adyen(&mut inp),
    }
}

/// A decimal `i64` as the docs define it: optional `-`, 1 to 19 digits.
fn ref_dec(s: &[u8]) -> Option<i64> {
    let digits = s.strip_prefix(b"-").unwrap_or(s);
    if digits.is_empty() || digits.len() > 19 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    core::str::from_utf8(s).ok()?.parse().ok()
}

fn ref_stripe(
    secret: &[u8],
    header: &[u8],
    payload: &[u8],
    now: i64,
    tol: u32,
) -> Result<(), Error> {
    let mut ts = None;
    let mut candidates = Vec::new();
    for el in header.split(|b| *b == b',') {
        let i = el.iter().position(|b| *b == b'=').ok_or(Error::Malformed)?;
        let (name, value) = (&el[..i], &el[i + 1..]);
        if name == b"t" {
            if ts.is_some() {
                return Err(Error::Malformed);
            }
            ts = Some(ref_dec(value).ok_or(Error::Malformed)?);
        } else if name == b"v1" && value.len() == 64 {
            if let Some(d) = ref_hex_decode(value) {
                candidates.push(d);
            }
        }
    }
    let ts = ts.ok_or(Error::Malformed)?;
    if candidates.is_empty() {
        return Err(Error::Malformed);
    }
    let mut signed = format!("{ts}.").into_bytes();
    signed.extend_from_slice(payload);
    let tag = ref_hmac(secret, &signed);
    if !candidates.iter().any(|c| c[..] == tag[..]) {
        return Err(Error::VerifyFailed);
    }
    if tol != 0 && (i128::from(now) - i128::from(ts)).unsigned_abs() > u128::from(tol) {
        return Err(Error::Expired);
    }
    Ok(())
}

/// Verify with the Rust API and the C ABI; both must agree, and agree
/// with the reference.
fn check_stripe(secret: &[u8], header: &[u8], payload: &[u8], now: i64, tol: u32) {
    let key = HmacKey::new(secret);
    let r = paycrypt::webhook_verify(&key, header, payload, now, tol);
    let ck = c_hmac_key(secret);
    // SAFETY: valid context and slices.
    let s = unsafe {
        paycrypt_webhook_verify(
            &*ck,
            header.as_ptr().cast(),
            header.len(),
            payload.as_ptr(),
            payload.len(),
            now,
            tol,
        )
    };
    assert_eq!(s, status(&r), "C ABI and Rust disagree");
    assert_eq!(
        r,
        ref_stripe(secret, header, payload, now, tol),
        "reference"
    );
}

fn stripe(inp: &mut Input<'_>) {
    let secret = inp.bytes(80);
    let now = inp.i64();
    let tol = inp.u32();
    let header = inp.bytes(400);
    let payload = inp.rest();
    check_stripe(secret, header, payload, now, tol);
}

/// A header the library signed verifies (Rust and C, also with extra
/// elements around it and in upper case) and the C signer writes the same
/// bytes; then arbitrary edits of it are judged like the reference.
fn stripe_signed(inp: &mut Input<'_>) {
    let secret = inp.bytes(80);
    let ts = inp.i64();
    let skew = inp.i64();
    let tol = inp.u32();
    let cap = usize::from(inp.u8());
    let prefix = inp.bytes(100);
    let suffix = inp.bytes(100);
    let (pos, mask) = (inp.u16(), inp.u8());
    let payload = inp.rest();

    let key = HmacKey::new(secret);
    let mut buf = [0u8; paycrypt::WEBHOOK_HEADER_MAX_LEN];
    let n = paycrypt::webhook_sign(&key, ts, payload, &mut buf).unwrap();
    assert_eq!(n, paycrypt::webhook_header_len(ts));
    let header = &buf[..n];
    assert!(header.starts_with(format!("t={ts},v1=").as_bytes()));

    // The C signer: same text plus NUL, or BUFFER_TOO_SMALL and the size.
    let ck = c_hmac_key(secret);
    let mut cout = vec![0xAAu8; cap];
    let mut clen = 0usize;
    // SAFETY: valid context, payload, and cap writable bytes.
    let s = unsafe {
        paycrypt_webhook_sign(
            &*ck,
            ts,
            payload.as_ptr(),
            payload.len(),
            cout.as_mut_ptr().cast(),
            cap,
            &mut clen,
        )
    };
    if cap > n {
        assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
        assert_eq!(clen, n);
        assert_eq!(&cout[..n], header);
        assert_eq!(cout[n], 0);
    } else {
        assert_eq!(s, paycrypt_status::PAYCRYPT_ERR_BUFFER_TOO_SMALL);
        assert_eq!(clen, n + 1);
        assert!(cout.iter().all(|b| *b == 0xAA));
    }

    // Verifies at its own time, whatever the tolerance; at another time
    // as the tolerance says.
    assert_eq!(
        paycrypt::webhook_verify(&key, header, payload, ts, tol),
        Ok(())
    );
    let now = ts.wrapping_add(skew % (i64::from(tol) + 2));
    check_stripe(secret, header, payload, now, tol);

    // Upper-case hex and extra elements (other schemes, wrong v1s).
    let upper = [&header[..n - 64], &header[n - 64..].to_ascii_uppercase()].concat();
    assert_eq!(
        paycrypt::webhook_verify(&key, &upper, payload, ts, 0),
        Ok(())
    );
    let mut framed = Vec::new();
    framed.extend_from_slice(prefix);
    framed.extend_from_slice(header);
    framed.extend_from_slice(suffix);
    check_stripe(secret, &framed, payload, now, tol);
    let extra = [b"v0=abc,".as_slice(), header, b",v1=", &[b'0'; 64]].concat();
    assert_eq!(
        paycrypt::webhook_verify(&key, &extra, payload, ts, 0),
        Ok(())
    );

    // A changed header or payload byte: as the reference says.
    check_stripe(secret, &flipped(header, pos, mask), payload, ts, tol);
    if !payload.is_empty() {
        let bad = flipped(payload, pos, mask);
        assert_eq!(
            paycrypt::webhook_verify(&key, header, &bad, ts, 0),
            Err(Error::VerifyFailed)
        );
    }
}

fn ref_github(secret: &[u8], header: &[u8], payload: &[u8]) -> Result<(), Error> {
    let hex = match header.strip_prefix(b"sha256=") {
        Some(h) if h.len() == 64 => h,
        _ => return Err(Error::Malformed),
    };
    let given = ref_hex_decode(hex).ok_or(Error::Malformed)?;
    if given[..] == ref_hmac(secret, payload)[..] {
        Ok(())
    } else {
        Err(Error::VerifyFailed)
    }
}

fn check_github(secret: &[u8], header: &[u8], payload: &[u8]) {
    let r = paycrypt::github_verify(&HmacKey::new(secret), header, payload);
    let ck = c_hmac_key(secret);
    // SAFETY: valid context and slices.
    let s = unsafe {
        paycrypt_github_verify(
            &*ck,
            header.as_ptr().cast(),
            header.len(),
            payload.as_ptr(),
            payload.len(),
        )
    };
    assert_eq!(s, status(&r));
    assert_eq!(r, ref_github(secret, header, payload));
}

fn github(inp: &mut Input<'_>) {
    let secret = inp.bytes(80);
    let header = inp.bytes(200);
    let (pos, mask) = (inp.u16(), inp.u8());
    let upper = inp.bool();
    let payload = inp.rest();
    check_github(secret, header, payload);

    let key = HmacKey::new(secret);
    let hex = key.sign_hex(payload);
    let mut good = b"sha256=".to_vec();
    good.extend_from_slice(&hex);
    if upper {
        good[7..].make_ascii_uppercase();
    }
    assert_eq!(paycrypt::github_verify(&key, &good, payload), Ok(()));
    check_github(secret, &flipped(&good, pos, mask), payload);
}

fn ref_adyen_key(key_hex: &[u8]) -> Result<Vec<u8>, Error> {
    if key_hex.is_empty() || key_hex.len() > 128 {
        return Err(Error::KeyLength);
    }
    ref_hex_decode(key_hex).ok_or(Error::Malformed)
}

fn ref_adyen_check(tag: &[u8; 32], sig_b64: &[u8]) -> Result<(), Error> {
    match ref_b64_decode(sig_b64) {
        Some(g) if g.len() == 32 && g[..] == tag[..] => Ok(()),
        Some(g) if g.len() == 32 => Err(Error::VerifyFailed),
        _ => Err(Error::Malformed),
    }
}

fn adyen_signing_string(fields: &[&[u8]; 8]) -> Vec<u8> {
    fields.join(&b':')
}

fn adyen(inp: &mut Input<'_>) {
    let key_hex = inp.bytes(140);
    let sig = inp.bytes(60);
    let mut fields: [&[u8]; 8] = [&[]; 8];
    for f in fields.iter_mut() {
        *f = inp.bytes(40);
    }
    let (pos, mask) = (inp.u16(), inp.u8());
    let cap = usize::from(inp.u8());
    let payload = inp.rest();

    // Payload-signed webhooks.
    let r = paycrypt::adyen_payload_verify(key_hex, payload, sig);
    // SAFETY: valid slices.
    let s = unsafe {
        paycrypt_adyen_payload_verify(
            key_hex.as_ptr().cast(),
            key_hex.len(),
            payload.as_ptr(),
            payload.len(),
            sig.as_ptr().cast(),
            sig.len(),
        )
    };
    assert_eq!(s, status(&r));
    let expected =
        ref_adyen_key(key_hex).and_then(|k| ref_adyen_check(&ref_hmac(&k, payload), sig));
    assert_eq!(r, expected);

    // Notification items.
    let slices: Vec<paycrypt_slice> = fields
        .iter()
        .map(|f| paycrypt_slice {
            ptr: f.as_ptr(),
            len: f.len(),
        })
        .collect();
    let r = paycrypt::adyen_verify(key_hex, &fields, sig);
    // SAFETY: valid slices and 8 descriptors.
    let s = unsafe {
        paycrypt_adyen_verify(
            key_hex.as_ptr().cast(),
            key_hex.len(),
            slices.as_ptr(),
            sig.as_ptr().cast(),
            sig.len(),
        )
    };
    assert_eq!(s, status(&r));
    let expected = ref_adyen_key(key_hex)
        .and_then(|k| ref_adyen_check(&ref_hmac(&k, &adyen_signing_string(&fields)), sig));
    assert_eq!(r, expected);

    // Sign: Rust and C agree, the signature is base64 of the reference
    // tag, and it verifies; a changed byte is judged like the reference.
    let mut out = [0u8; paycrypt::ADYEN_SIGNATURE_LEN];
    let r = paycrypt::adyen_sign(key_hex, &fields, &mut out);
    let mut cout = vec![0x55u8; cap];
    let mut clen = 0usize;
    // SAFETY: valid slices, 8 descriptors, cap writable bytes.
    let s = unsafe {
        paycrypt_adyen_sign(
            key_hex.as_ptr().cast(),
            key_hex.len(),
            slices.as_ptr(),
            cout.as_mut_ptr().cast(),
            cap,
            &mut clen,
        )
    };
    match r {
        Ok(n) => {
            assert_eq!(n, 44);
            if cap > n {
                assert_eq!(s, paycrypt_status::PAYCRYPT_OK);
                assert_eq!((clen, &cout[..n], cout[n]), (n, &out[..], 0));
            } else {
                assert_eq!(s, paycrypt_status::PAYCRYPT_ERR_BUFFER_TOO_SMALL);
                assert_eq!(clen, n + 1);
            }
            let k = ref_adyen_key(key_hex).unwrap();
            let tag = ref_hmac(&k, &adyen_signing_string(&fields));
            assert_eq!(ref_b64_encode(&tag), out.to_vec());
            assert_eq!(paycrypt::adyen_verify(key_hex, &fields, &out), Ok(()));
            let bad = flipped(&out, pos, mask);
            assert_eq!(
                paycrypt::adyen_verify(key_hex, &fields, &bad),
                ref_adyen_check(&tag, &bad)
            );
            let ptag = ref_hmac(&k, payload);
            let psig = ref_b64_encode(&ptag);
            assert_eq!(
                paycrypt::adyen_payload_verify(key_hex, payload, &psig),
                Ok(())
            );
        }
        Err(e) => {
            assert_eq!(Err(e), ref_adyen_key(key_hex).map(|_| ()));
            assert_eq!(s, e.into());
        }
    }
}
