//! Adyen HMAC signatures: notification items (the eight-field signing
//! string) and payload-signed webhooks (`HmacSignature` header). The key
//! is given as hex, as Adyen's Customer Area shows it; the signature is
//! standard base64 of HMAC-SHA256.
#![forbid(unsafe_code)]

use zeroize::Zeroize;

use crate::encoding::{base64_decode_ct, base64_encode, base64_len};
use crate::hex;
use crate::hmac::{HmacKey, TAG_LEN};
use crate::util::{ct_eq_bytes, declassify_verdict};
use crate::Error;

/// Length of an Adyen signature: base64 of 32 bytes.
pub const ADYEN_SIGNATURE_LEN: usize = base64_len(TAG_LEN);
/// Longest hex key accepted (64 bytes of key).
const MAX_KEY_HEX: usize = 128;

/// The eight fields of a notification item, in signing order:
/// `pspReference`, `originalReference`, `merchantAccountCode`,
/// `merchantReference`, `value` (amount in minor units, decimal),
/// `currency`, `eventCode`, `success`. A missing field is empty.
pub type AdyenFields<'a> = [&'a [u8]; 8];

/// Decode the hex key (either case, even length, 2..=128 digits) in
/// constant time and precompute it. Empty or too long is
/// [`Error::KeyLength`]; odd length or a non-hex digit [`Error::Malformed`].
fn key_from_hex(key_hex: &[u8]) -> Result<HmacKey, Error> {
    if key_hex.is_empty() || key_hex.len() > MAX_KEY_HEX {
        return Err(Error::KeyLength);
    }
    if !key_hex.len().is_multiple_of(2) {
        return Err(Error::Malformed);
    }
    let mut raw = [0u8; MAX_KEY_HEX / 2];
    let n = key_hex.len() / 2;
    let valid = hex::decode_ct(key_hex, &mut raw[..n]);
    let key = HmacKey::new(&raw[..n]);
    raw.zeroize();
    if declassify_verdict(valid) {
        Ok(key)
    } else {
        Err(Error::Malformed)
    }
}

fn fields_tag(key: &HmacKey, fields: &AdyenFields<'_>) -> [u8; TAG_LEN] {
    let mut s = key.start();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            let _ = s.update(b":");
        }
        let _ = s.update(f);
    }
    s.finalize()
}

/// Compare the base64 signature with `expected` (then zeroized): not base64
/// of 32 bytes is [`Error::Malformed`], a mismatch [`Error::VerifyFailed`].
/// Decoding and comparison are constant time in the signature text.
fn check_b64_tag(expected: &mut [u8; TAG_LEN], sig_b64: &[u8]) -> Result<(), Error> {
    let mut given = [0u8; TAG_LEN];
    let checked = base64_decode_ct(sig_b64, &mut given, &mut []).map(|valid| {
        let equal = ct_eq_bytes(&given, &expected[..]);
        (valid, equal)
    });
    given.zeroize();
    expected.zeroize();
    let (valid, equal) = checked?;
    if !declassify_verdict(valid) {
        return Err(Error::Malformed);
    }
    if declassify_verdict(equal) {
        Ok(())
    } else {
        Err(Error::VerifyFailed)
    }
}

/// Sign a notification item: writes the 44-character base64 signature to
/// `out` and returns its length ([`Error::BufferTooSmall`] if shorter).
///
/// ```
/// let fields: paycrypt::AdyenFields = [b"7914073381342284", b"", b"TestMerchant",
///     b"TestPayment-1407325143704", b"1130", b"EUR", b"AUTHORISATION", b"true"];
/// let mut sig = [0u8; paycrypt::ADYEN_SIGNATURE_LEN];
/// let key = b"44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
/// paycrypt::adyen_sign(key, &fields, &mut sig).unwrap();
/// paycrypt::adyen_verify(key, &fields, &sig).unwrap();
/// ```
pub fn adyen_sign(
    key_hex: &[u8],
    fields: &AdyenFields<'_>,
    out: &mut [u8],
) -> Result<usize, Error> {
    let key = key_from_hex(key_hex)?;
    let out = out
        .get_mut(..ADYEN_SIGNATURE_LEN)
        .ok_or(Error::BufferTooSmall)?;
    let mut tag = fields_tag(&key, fields);
    let n = base64_encode(&tag, out);
    tag.zeroize();
    n
}

/// Verify a notification item's base64 signature (`additionalData.hmacSignature`)
/// in constant time. A signature that is not base64 of 32 bytes is
/// [`Error::Malformed`].
pub fn adyen_verify(key_hex: &[u8], fields: &AdyenFields<'_>, sig_b64: &[u8]) -> Result<(), Error> {
    let key = key_from_hex(key_hex)?;
    check_b64_tag(&mut fields_tag(&key, fields), sig_b64)
}

/// Verify a payload-signed webhook: `sig_b64` (the `HmacSignature`
/// header) is base64 of HMAC-SHA256 over the raw body.
pub fn adyen_payload_verify(key_hex: &[u8], payload: &[u8], sig_b64: &[u8]) -> Result<(), Error> {
    let key = key_from_hex(key_hex)?;
    check_b64_tag(&mut key.sign(payload), sig_b64)
}
