//! WeChat Pay: API v2 `sign_type=HMAC-SHA256` signatures and API v3
//! notification resource decryption (`AEAD_AES_256_GCM`).
#![forbid(unsafe_code)]

use zeroize::Zeroize;

use crate::aes_gcm::{AesGcmKey, NONCE_LEN, TAG_LEN as GCM_TAG_LEN};
use crate::encoding::{base64_decode_ct, base64_padding};
use crate::hex;
use crate::hmac::{HmacKey, TAG_LEN};
use crate::util::{ct_eq_bytes, declassify_verdict};
use crate::Error;

/// Most parameters [`wechatpay_v2_sign`] accepts (it sorts without
/// allocating, in time quadratic in the count).
pub const WECHATPAY_V2_MAX_PARAMS: usize = 1024;

/// Parameters by index: `(key, value)` or an error (the C ABI reports a
/// NULL pointer this way).
pub(crate) trait Params<'a> {
    fn count(&self) -> usize;
    fn get(&self, i: usize) -> Result<(&'a [u8], &'a [u8]), Error>;
}

impl<'a> Params<'a> for &[(&'a [u8], &'a [u8])] {
    fn count(&self) -> usize {
        self.len()
    }
    fn get(&self, i: usize) -> Result<(&'a [u8], &'a [u8]), Error> {
        <[_]>::get(self, i).copied().ok_or(Error::Malformed)
    }
}

/// The uppercase-hex HMAC-SHA256 of the v2 signing string.
pub(crate) fn v2_tag<'a>(api_key: &[u8], params: &impl Params<'a>) -> Result<[u8; TAG_LEN], Error> {
    let n = params.count();
    if n > WECHATPAY_V2_MAX_PARAMS {
        return Err(Error::InputTooLong);
    }
    if api_key.is_empty() {
        return Err(Error::KeyLength);
    }
    // Keys must be non-empty, free of '=' and '&' (which would make the
    // signing string ambiguous), and unique.
    for i in 0..n {
        let (k, _) = params.get(i)?;
        if k.is_empty() || k.iter().any(|b| *b == b'=' || *b == b'&') {
            return Err(Error::Malformed);
        }
        for j in 0..i {
            if params.get(j)?.0 == k {
                return Err(Error::Malformed);
            }
        }
    }
    let key = HmacKey::new(api_key);
    let mut s = key.start();
    // Emit the signed parameters in byte order of their keys: repeatedly
    // pick the smallest key above the previous one (no allocation).
    let mut prev: Option<&[u8]> = None;
    let mut first = true;
    loop {
        let mut next: Option<(&[u8], &[u8])> = None;
        for i in 0..n {
            let (k, v) = params.get(i)?;
            if v.is_empty() || k == b"sign" || prev.is_some_and(|p| k <= p) {
                continue;
            }
            if next.is_none_or(|(best, _)| k < best) {
                next = Some((k, v));
            }
        }
        let Some((k, v)) = next else { break };
        if !first {
            s.update(b"&")?;
        }
        s.update(k)?;
        s.update(b"=")?;
        s.update(v)?;
        first = false;
        prev = Some(k);
    }
    if !first {
        s.update(b"&")?;
    }
    s.update(b"key=")?;
    s.update(api_key)?;
    Ok(s.finalize())
}

/// Sign WeChat Pay API v2 parameters with `sign_type=HMAC-SHA256`: the
/// parameters sorted by key (byte order), those with an empty value and
/// the key `sign` dropped, joined as `k=v` with `&`, then `&key=<api key>`;
/// HMAC-SHA256 under the API key; 64 uppercase hex digits (ASCII).
///
/// Duplicate, empty, or `=`/`&`-containing keys are [`Error::Malformed`];
/// an empty API key [`Error::KeyLength`]; more than 1024 parameters
/// [`Error::InputTooLong`].
///
/// ```
/// // The WeChat Pay documentation's sample.
/// let params: &[(&[u8], &[u8])] = &[(b"appid", b"wxd930ea5d5a258f4f"), (b"mch_id", b"10000100"),
///     (b"device_info", b"1000"), (b"body", b"test"), (b"nonce_str", b"ibuaiVcKdpRxkhJA")];
/// let sign = paycrypt::wechatpay_v2_sign(b"192006250b4c09247ec02edce69f6a2d", params).unwrap();
/// assert_eq!(&sign, b"6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6");
/// ```
pub fn wechatpay_v2_sign(
    api_key: &[u8],
    params: &[(&[u8], &[u8])],
) -> Result<[u8; 2 * TAG_LEN], Error> {
    v2_sign(api_key, &params)
}

pub(crate) fn v2_sign<'a>(
    api_key: &[u8],
    params: &impl Params<'a>,
) -> Result<[u8; 2 * TAG_LEN], Error> {
    let mut tag = v2_tag(api_key, params)?;
    let mut out = [0u8; 2 * TAG_LEN];
    hex::encode_upper(&tag, &mut out);
    tag.zeroize();
    Ok(out)
}

/// Verify a WeChat Pay API v2 HMAC-SHA256 signature (64 hex digits,
/// either case; anything else is [`Error::Malformed`]) over `params` (a
/// `sign` entry among them is ignored). Constant time in the signature.
pub fn wechatpay_v2_verify(
    api_key: &[u8],
    params: &[(&[u8], &[u8])],
    sign: &[u8],
) -> Result<(), Error> {
    v2_verify(api_key, &params, sign)
}

pub(crate) fn v2_verify<'a>(
    api_key: &[u8],
    params: &impl Params<'a>,
    sign: &[u8],
) -> Result<(), Error> {
    // The API key and parameters are checked first (as when signing), then
    // the signature's shape.
    let mut expected = v2_tag(api_key, params)?;
    if sign.len() != 2 * TAG_LEN {
        expected.zeroize();
        return Err(Error::Malformed);
    }
    let mut given = [0u8; TAG_LEN];
    let valid = hex::decode_ct(sign, &mut given);
    let equal = ct_eq_bytes(&given, &expected);
    given.zeroize();
    expected.zeroize();
    match (declassify_verdict(valid), declassify_verdict(equal)) {
        (false, _) => Err(Error::Malformed),
        (true, false) => Err(Error::VerifyFailed),
        (true, true) => Ok(()),
    }
}

/// Plaintext length of a v3 resource ciphertext (standard base64 with
/// padding of ciphertext || 16-byte tag); [`Error::Malformed`] if the
/// length cannot be such base64 or holds fewer than 16 bytes.
pub fn wechatpay_v3_plaintext_len(ciphertext_b64: &[u8]) -> Result<usize, Error> {
    let n = ciphertext_b64.len();
    if n == 0 || !n.is_multiple_of(4) {
        return Err(Error::Malformed);
    }
    let pad = base64_padding(ciphertext_b64);
    (n / 4 * 3 - pad)
        .checked_sub(GCM_TAG_LEN)
        .ok_or(Error::Malformed)
}

/// Decrypt a WeChat Pay API v3 notification `resource`
/// (`algorithm = AEAD_AES_256_GCM`) into `out`; returns the plaintext
/// length. `nonce` and `associated_data` are the resource's strings (the
/// nonce must be 12 bytes: [`Error::NonceLength`]); `ciphertext_b64` is
/// standard base64 with padding (anything else is [`Error::Malformed`]).
/// Nothing but zeros is left in `out` on failure.
pub fn wechatpay_v3_decrypt(
    apiv3_key: &[u8; 32],
    nonce: &[u8],
    associated_data: &[u8],
    ciphertext_b64: &[u8],
    out: &mut [u8],
) -> Result<usize, Error> {
    let nonce: &[u8; NONCE_LEN] = nonce.try_into().map_err(|_| Error::NonceLength)?;
    let pt_len = wechatpay_v3_plaintext_len(ciphertext_b64)?;
    let out = out.get_mut(..pt_len).ok_or(Error::BufferTooSmall)?;
    let result = decrypt_into(apiv3_key, nonce, associated_data, ciphertext_b64, out);
    if result.is_err() {
        out.zeroize();
    }
    result.map(|()| pt_len)
}

fn decrypt_into(
    key: &[u8; 32],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    b64: &[u8],
    out: &mut [u8],
) -> Result<(), Error> {
    // `out` has the plaintext length that the padding gives, so the text
    // must be exactly the base64 of plaintext || tag.
    let mut tag = [0u8; GCM_TAG_LEN];
    if !declassify_verdict(base64_decode_ct(b64, out, &mut tag)?) {
        return Err(Error::Malformed);
    }
    AesGcmKey::new(key)?.open_in_place_detached(nonce, aad, out, &tag)
}
