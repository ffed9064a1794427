//! Seed inputs for every target, built from the shared vectors in
//! `tests/vectors/` (provider headers, RFC and NIST cases) in the layout
//! each target reads. `examples/make_seeds.rs` writes them to
//! `fuzz/corpus/<target>/`; the replay test also runs them directly.

use super::common::{ref_hex_decode, ref_hex_encode, Seed};
use std::path::Path;

/// One vector record: its section and its `Name = value` lines.
pub struct Record {
    pub section: String,
    pub fields: Vec<(String, String)>,
}

impl Record {
    pub fn text(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// A hex field (missing or empty is empty).
    pub fn hex(&self, name: &str) -> Vec<u8> {
        ref_hex_decode(self.text(name).unwrap_or("").as_bytes()).unwrap_or_default()
    }
    pub fn all_hex(&self, name: &str) -> Vec<Vec<u8>> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| ref_hex_decode(v.as_bytes()).unwrap_or_default())
            .collect()
    }
    pub fn num(&self, name: &str) -> i64 {
        self.text(name).and_then(|v| v.parse().ok()).unwrap_or(0)
    }
}

/// Parse a vector file: blank-line separated records of `Name = value`
/// lines, `[Section]` headers, `#` comments.
pub fn records(path: &Path) -> Vec<Record> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let mut section = String::new();
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        let line = line.trim_end();
        if line.is_empty() {
            if !fields.is_empty() {
                out.push(Record {
                    section: section.clone(),
                    fields: core::mem::take(&mut fields),
                });
            }
        } else if line.starts_with('#') {
        } else if let Some(s) = line.strip_prefix('[') {
            section = s.trim_end_matches(']').to_string();
        } else if let Some((k, v)) = line.split_once('=') {
            fields.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    out
}

/// Every seed: (target name, input bytes).
pub fn all(vectors: &Path) -> Vec<(&'static str, Vec<u8>)> {
    let mut out: Vec<(&'static str, Vec<u8>)> = Vec::new();
    let load = |f: &str| records(&vectors.join(f));
    let mut add = |t: &'static str, s: Seed| out.push((t, s.0));

    // webhook_headers: Stripe vectors as given and re-signed, GitHub,
    // Adyen notification items and payloads.
    for r in load("stripe_webhook.txt").iter().take(40) {
        let (secret, header, payload) = (r.hex("Secret"), r.hex("Header"), r.hex("Payload"));
        if secret.len() > 80 || header.len() > 400 {
            continue;
        }
        add(
            "webhook_headers",
            Seed::default()
                .u8(0)
                .bytes(&secret)
                .i64(r.num("Now"))
                .u32(r.num("Tolerance") as u32)
                .bytes(&header)
                .raw(&payload),
        );
        if payload.len() < 200 {
            add(
                "webhook_headers",
                Seed::default()
                    .u8(1)
                    .bytes(&secret)
                    .i64(r.num("Timestamp"))
                    .i64(r.num("Now") - r.num("Timestamp"))
                    .u32(r.num("Tolerance") as u32)
                    .u8(200)
                    .bytes(b"v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39,")
                    .bytes(b",scheme=x")
                    .u16(3)
                    .u8(1)
                    .raw(&payload),
            );
        }
    }
    for r in load("github_webhook.txt").iter().take(30) {
        let (secret, header) = (r.hex("Secret"), r.hex("Header"));
        if secret.len() > 80 || header.len() > 200 {
            continue;
        }
        add(
            "webhook_headers",
            Seed::default()
                .u8(2)
                .bytes(&secret)
                .bytes(&header)
                .u16(10)
                .u8(0x20)
                .u8(0)
                .raw(&r.hex("Payload")),
        );
    }
    let adyen = load("adyen_hmac.txt");
    for r in adyen.iter().take(40) {
        let key = r.hex("KeyHex");
        let sig = r.hex("Signature");
        let names = [
            "PspReference",
            "OriginalReference",
            "MerchantAccountCode",
            "MerchantReference",
            "Value",
            "Currency",
            "EventCode",
            "Success",
        ];
        let fields: Vec<Vec<u8>> = names.iter().map(|n| r.hex(n)).collect();
        if key.len() > 140 || sig.len() > 60 || fields.iter().any(|f| f.len() > 40) {
            continue;
        }
        let mut s = Seed::default().u8(3).bytes(&key).bytes(&sig);
        for f in &fields {
            s = s.bytes(f);
        }
        add(
            "webhook_headers",
            s.u16(5).u8(4).u8(50).raw(&r.hex("Payload")),
        );
    }

    // wechatpay: v2 parameter lists, v3 resources (as given, and sealed
    // again by the harness).
    for r in load("wechatpay_v2.txt").iter().take(40) {
        let (key, sign) = (r.hex("ApiKey"), r.hex("Sign"));
        let params: Vec<(Vec<u8>, Vec<u8>)> = r
            .fields
            .iter()
            .filter(|(k, _)| k == "Param")
            .filter_map(|(_, v)| {
                let (a, b) = v.split_once(':')?;
                Some((ref_hex_decode(a.as_bytes())?, ref_hex_decode(b.as_bytes())?))
            })
            .collect();
        if key.len() > 48 || sign.len() > 70 || params.len() > 16 {
            continue;
        }
        if params.iter().any(|(k, v)| k.len() > 24 || v.len() > 80) {
            continue;
        }
        let mut s = Seed::default()
            .u8(0)
            .bytes(&key)
            .bytes(&sign)
            .u8(0)
            .u16(7)
            .u8(2)
            .u8(params.len() as u8);
        for (k, v) in &params {
            s = s.u8(5).bytes(k).bytes(v);
        }
        add("wechatpay", s);
    }
    for r in load("wechatpay_v3.txt").iter().take(30) {
        let (key, nonce, ad, ct) = (
            r.hex("Key"),
            r.hex("Nonce"),
            r.hex("AssociatedData"),
            r.hex("Ciphertext"),
        );
        if key.len() != 32 || nonce.len() > 16 || ad.len() > 64 {
            continue;
        }
        add(
            "wechatpay",
            Seed::default()
                .u8(1)
                .raw(&key)
                .bytes(&nonce)
                .bytes(&ad)
                .u16(511)
                .raw(&ct),
        );
        if nonce.len() == 12 {
            add(
                "wechatpay",
                Seed::default()
                    .u8(2)
                    .raw(&key)
                    .raw(&nonce)
                    .bytes(&ad)
                    .u16(9)
                    .u8(4)
                    .u8(1)
                    .raw(&r.hex("Plaintext")),
            );
        }
    }

    // encoding: hex tags, base64 signatures, base64 ciphertexts, decimals.
    for r in load("rfc4231_hmac_sha256.txt") {
        let (key, msg) = (r.hex("Key"), r.hex("Msg"));
        if key.len() <= 80 && msg.len() <= 200 {
            add(
                "encoding",
                Seed::default()
                    .u8(0)
                    .bytes(&key)
                    .bytes(&msg)
                    .u8(0x5a)
                    .u8(16)
                    .u8(2)
                    .raw(&[3, b'G', 40, b'0', 0]),
            );
            add(
                "encoding",
                Seed::default()
                    .u8(1)
                    .bytes(&msg)
                    .u8(0)
                    .u8(1)
                    .raw(&[43, b'B', 0]),
            );
        }
    }
    for r in adyen.iter().take(10) {
        let sig = r.hex("Signature");
        add("encoding", Seed::default().u8(1).bytes(b"").u8(1).raw(&sig));
    }
    for (len, real) in [(16usize, 1u8), (17, 1), (18, 0), (47, 1), (100, 0)] {
        let body: Vec<u8> = (0..len as u8).collect();
        add(
            "encoding",
            Seed::default()
                .u8(2)
                .raw(&[7; 32])
                .raw(&[9; 12])
                .u8(real)
                .bytes(&body)
                .u8(1)
                .raw(&[5, b'=', 0]),
        );
    }
    for v in [
        &b"1735689600"[..],
        b"-1",
        b"0",
        b"-0",
        b"9223372036854775807",
        b"-9223372036854775808",
        b"9223372036854775808",
        b"+1",
        b"0001735689600",
        b" 1",
        b"1e9",
    ] {
        add(
            "encoding",
            Seed::default().u8(3).bytes(v).i64(42).raw(b"{\"id\":1}"),
        );
    }

    // envelope: the vectors opened as given, and sealed again.
    for r in load("envelope.txt").iter().take(30) {
        let (key, aad, env, pt) = (
            r.hex("Key"),
            r.hex("AAD"),
            r.hex("Envelope"),
            r.hex("Plaintext"),
        );
        if !(key.len() == 16 || key.len() == 32) || aad.len() > 64 {
            continue;
        }
        let sel = u8::from(key.len() == 16);
        add(
            "envelope",
            Seed::default()
                .u8(1)
                .u8(sel)
                .raw(&key)
                .bytes(&aad)
                .u16(599)
                .raw(&env),
        );
        let nonce = r.hex("Nonce");
        if nonce.len() == 12 {
            add(
                "envelope",
                Seed::default()
                    .u8(0)
                    .u8(sel)
                    .raw(&key)
                    .u32(r.num("KeyId") as u32)
                    .raw(&nonce)
                    .bytes(&aad)
                    .u16(20)
                    .u8(8)
                    .u8(0)
                    .raw(&pt),
            );
        }
    }

    // aead_open, diff_gcm: NIST GCM cases with 96-bit IVs.
    let gcm = load("nist_cavp_aes_gcm.txt");
    let mut n_gcm = 0;
    for (i, r) in gcm.iter().enumerate() {
        let (key, iv, aad, pt) = (r.hex("Key"), r.hex("IV"), r.hex("AAD"), r.hex("PT"));
        let ct_tag = [r.hex("CT"), r.hex("Tag")].concat();
        if !(key.len() == 16 || key.len() == 32)
            || iv.len() != 12
            || aad.len() > 64
            || r.hex("Tag").len() != 16
        {
            continue;
        }
        // A spread of the file, not just its first cases.
        if i % 37 != 0 {
            continue;
        }
        n_gcm += 1;
        if n_gcm > 40 {
            break;
        }
        let sel = u8::from(key.len() == 16);
        add(
            "aead_open",
            Seed::default()
                .u8(0)
                .u8(sel)
                .raw(&key)
                .raw(&iv)
                .bytes(&aad)
                .u8(0x80)
                .u8(0)
                .u16(0)
                .u8(0)
                .raw(&ct_tag),
        );
        if r.text("Result") == Some("valid") && !r.section.starts_with("Decrypt") {
            add(
                "aead_open",
                Seed::default()
                    .u8(1)
                    .u8(sel)
                    .raw(&key)
                    .raw(&iv)
                    .bytes(&aad)
                    .u8(0x81)
                    .u8(i as u8 & 1)
                    .u16(i as u16)
                    .u8(0x10)
                    .raw(&pt),
            );
            add(
                "diff_gcm",
                Seed::default()
                    .u8(sel)
                    .raw(&key)
                    .raw(&iv)
                    .bytes(&aad)
                    .u8(i as u8 % 40)
                    .u8(3)
                    .raw(&pt),
            );
        }
    }

    // hmac_verify, diff_hmac: RFC 4231 and Wycheproof HMAC, RFC 5869 HKDF.
    let mut hmac_cases: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = load("rfc4231_hmac_sha256.txt")
        .iter()
        .map(|r| (r.hex("Key"), r.hex("Msg"), r.hex("Tag")))
        .collect();
    for r in load("wycheproof_hmac_sha256.txt")
        .iter()
        .step_by(9)
        .take(20)
    {
        hmac_cases.push((r.hex("Key"), r.hex("Msg"), r.hex("Tag")));
    }
    for (i, (key, msg, tag)) in hmac_cases.iter().enumerate() {
        if key.len() > 130 || tag.len() > 40 {
            continue;
        }
        let hex = ref_hex_encode(tag, i % 2 == 1);
        add(
            "hmac_verify",
            Seed::default()
                .bytes(key)
                .u8(i as u8)
                .u8(tag.len() as u8)
                .u16(i as u16)
                .u8(1)
                .bytes(tag)
                .bytes(&hex)
                .raw(msg),
        );
        if key.len() <= 200 {
            add(
                "diff_hmac",
                Seed::default()
                    .u8(0)
                    .bytes(key)
                    .bytes(&[1, 63, 64, 0x85, 3])
                    .u8(2)
                    .raw(msg),
            );
        }
    }
    let msgs: [&[u8]; 5] = [b"", b"a", &[0x61; 55], &[0x62; 64], &[0x63; 200]];
    for count in [0u8, 1, 4, 5, 9] {
        let mut s = Seed::default().u8(1).bytes(b"batch key").u8(count).u8(0);
        for m in msgs.iter().cycle().take(usize::from(count)) {
            s = s.bytes(m);
        }
        add("diff_hmac", s.raw(b"first message"));
    }
    for r in load("rfc5869_hkdf_sha256.txt") {
        let (salt, info) = (r.hex("Salt"), r.hex("Info"));
        if salt.len() <= 100 && info.len() <= 100 {
            add(
                "diff_hmac",
                Seed::default()
                    .u8(2)
                    .u16(r.num("L") as u16)
                    .bytes(&salt)
                    .bytes(&info)
                    .raw(&r.hex("IKM")),
            );
        }
    }
    add(
        "diff_hmac",
        Seed::default()
            .u8(2)
            .u16(8160)
            .bytes(b"")
            .bytes(b"")
            .raw(b"ikm"),
    );
    add(
        "diff_hmac",
        Seed::default()
            .u8(2)
            .u16(8161)
            .bytes(b"s")
            .bytes(b"i")
            .raw(b"ikm"),
    );
    out
}
