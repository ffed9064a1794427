#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| paycrypt_fuzz::hmac_verify::run(data));
