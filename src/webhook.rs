//! Signed webhooks: Stripe-compatible `t=<unix>,v1=<hex>` headers, and
//! GitHub-style `X-Hub-Signature-256: sha256=<hex>`.
#![forbid(unsafe_code)]

use subtle::Choice;
use zeroize::Zeroize;

use crate::encoding::{dec_to_i64, i64_to_dec, I64_DEC_MAX};
use crate::hex;
use crate::hmac::{HmacKey, TAG_LEN};
use crate::util::{ct_eq_bytes, declassify_verdict};
use crate::Error;

/// Longest header [`webhook_sign`] writes: `t=` + 20 + `,v1=` + 64.
pub const WEBHOOK_HEADER_MAX_LEN: usize = 2 + I64_DEC_MAX + 4 + 2 * TAG_LEN;

/// The tag over `<timestamp>.<payload>` (the timestamp in decimal).
fn signed_payload_tag(key: &HmacKey, timestamp: i64, payload: &[u8]) -> [u8; TAG_LEN] {
    let mut buf = [0u8; I64_DEC_MAX];
    let mut s = key.start();
    // Updates fail only past 2^61 bytes, which no slice reaches.
    let _ = s.update(i64_to_dec(timestamp, &mut buf));
    let _ = s.update(b".");
    let _ = s.update(payload);
    s.finalize()
}

/// Length of the header [`webhook_sign`] writes for `timestamp`.
pub fn webhook_header_len(timestamp: i64) -> usize {
    let mut buf = [0u8; I64_DEC_MAX];
    2 + i64_to_dec(timestamp, &mut buf).len() + 4 + 2 * TAG_LEN
}

/// Sign a webhook the way Stripe does: writes `t=<timestamp>,v1=<64
/// lowercase hex of HMAC-SHA256("<timestamp>.<payload>")>` to `out` and
/// returns its length (see [`webhook_header_len`];
/// [`Error::BufferTooSmall`] if `out` is shorter, and nothing is written).
///
/// ```
/// let key = paycrypt::HmacKey::new(b"whsec_test_secret");
/// let mut header = [0u8; paycrypt::WEBHOOK_HEADER_MAX_LEN];
/// let n = paycrypt::webhook_sign(&key, 1_700_000_000, b"{}", &mut header).unwrap();
/// assert!(header[..n].starts_with(b"t=1700000000,v1="));
/// paycrypt::webhook_verify(&key, &header[..n], b"{}", 1_700_000_100, 300).unwrap();
/// ```
pub fn webhook_sign(
    key: &HmacKey,
    timestamp: i64,
    payload: &[u8],
    out: &mut [u8],
) -> Result<usize, Error> {
    let n = webhook_header_len(timestamp);
    let out = out.get_mut(..n).ok_or(Error::BufferTooSmall)?;
    let mut tag = signed_payload_tag(key, timestamp, payload);
    let mut buf = [0u8; I64_DEC_MAX];
    let ts = i64_to_dec(timestamp, &mut buf);
    out[..2].copy_from_slice(b"t=");
    out[2..2 + ts.len()].copy_from_slice(ts);
    let rest = &mut out[2 + ts.len()..];
    rest[..4].copy_from_slice(b",v1=");
    hex::encode_lower(&tag, &mut rest[4..]);
    tag.zeroize();
    Ok(n)
}

/// Verify a Stripe-style signature header over the raw request body.
///
/// The header is a comma-separated list of `key=value` elements in any
/// order. Exactly one `t=<decimal unix time>` is required (a repeated or
/// unparsable `t` is [`Error::Malformed`]); every `v1=` value of 64 hex
/// digits (either case) is a candidate signature, other `v1` values and
/// unknown schemes (`v0=`, ...) are ignored; an element without `=` is
/// [`Error::Malformed`], as is a header without a well-formed `v1`. The
/// signature must match one candidate ([`Error::VerifyFailed`] otherwise,
/// compared in constant time against every candidate), and then, unless
/// `tolerance_s` is 0, `|now - t|` must not exceed `tolerance_s`
/// ([`Error::Expired`]).
pub fn webhook_verify(
    key: &HmacKey,
    header: &[u8],
    payload: &[u8],
    now: i64,
    tolerance_s: u32,
) -> Result<(), Error> {
    let mut timestamp = None;
    let mut candidates = 0usize;
    for element in elements(header) {
        match element? {
            Element::Candidate(_) => candidates += 1,
            Element::Other(b"t", _) if timestamp.is_some() => return Err(Error::Malformed),
            Element::Other(b"t", value) => timestamp = Some(dec_to_i64(value)?),
            Element::Other(..) => {}
        }
    }
    let timestamp = timestamp.ok_or(Error::Malformed)?;
    if candidates == 0 {
        return Err(Error::Malformed);
    }
    let mut expected = signed_payload_tag(key, timestamp, payload);
    let mut matched = Choice::from(0);
    for element in elements(header) {
        if let Ok(Element::Candidate(value)) = element {
            let mut given = [0u8; TAG_LEN];
            // Always valid: a candidate is 64 hex digits.
            let _ = hex::decode_ct(value, &mut given);
            matched |= ct_eq_bytes(&given, &expected);
            given.zeroize();
        }
    }
    expected.zeroize();
    if !declassify_verdict(matched) {
        return Err(Error::VerifyFailed);
    }
    if tolerance_s != 0 {
        let age = (i128::from(now) - i128::from(timestamp)).unsigned_abs();
        if age > u128::from(tolerance_s) {
            return Err(Error::Expired);
        }
    }
    Ok(())
}

/// Verify a GitHub-style `X-Hub-Signature-256` header value,
/// `sha256=<64 hex digits>` (either case), over the raw body. Any other
/// shape is [`Error::Malformed`]; a mismatch [`Error::VerifyFailed`].
///
/// ```
/// // GitHub's documented example.
/// let key = paycrypt::HmacKey::new(b"It's a Secret to Everybody");
/// let header = b"sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
/// paycrypt::github_verify(&key, header, b"Hello, World!").unwrap();
/// ```
pub fn github_verify(key: &HmacKey, header: &[u8], payload: &[u8]) -> Result<(), Error> {
    match header.strip_prefix(b"sha256=") {
        Some(hex_sig) if hex_sig.len() == 2 * TAG_LEN => key.verify_hex(payload, hex_sig),
        _ => Err(Error::Malformed),
    }
}

fn split_once(s: &[u8], sep: u8) -> Option<(&[u8], &[u8])> {
    let i = s.iter().position(|b| *b == sep)?;
    Some((&s[..i], &s[i + 1..]))
}

/// One element of a Stripe-style header.
enum Element<'a> {
    /// `v1=` and 64 hex digits: a candidate signature (the digits).
    Candidate(&'a [u8]),
    /// Any other `name=value` (split at the first `=`).
    Other(&'a [u8], &'a [u8]),
}

/// The comma-separated elements of `header`, as `header.split(b',')` gives
/// them; an element without `=` is [`Error::Malformed`].
fn elements(header: &[u8]) -> Elements<'_> {
    Elements { rest: Some(header) }
}

struct Elements<'a> {
    rest: Option<&'a [u8]>,
}

impl<'a> Iterator for Elements<'a> {
    type Item = Result<Element<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let s = self.rest?;
        // The signature digits are compared with the expected tag, so they
        // are not scanned for separators byte by byte: an element that
        // starts with `v1=` and has a separator (or the end) 64 characters
        // later is a candidate if those 64 are hex digits, checked in
        // constant time and declassified as one verdict. The header's
        // structure (names, separators, the number of candidates) is public.
        if let Some(v) = s.strip_prefix(b"v1=") {
            if v.len() >= 2 * TAG_LEN {
                let (sig, after) = v.split_at(2 * TAG_LEN);
                if matches!(after.first(), None | Some(b','))
                    && declassify_verdict(hex::is_hex_ct(sig))
                {
                    self.rest = after.get(1..);
                    return Some(Ok(Element::Candidate(sig)));
                }
            }
        }
        let element = match s.iter().position(|b| *b == b',') {
            Some(i) => {
                self.rest = Some(&s[i + 1..]);
                &s[..i]
            }
            None => {
                self.rest = None;
                s
            }
        };
        Some(
            split_once(element, b'=')
                .map(|(name, value)| Element::Other(name, value))
                .ok_or(Error::Malformed),
        )
    }
}
