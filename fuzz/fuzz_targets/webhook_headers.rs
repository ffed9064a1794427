#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| paycrypt_fuzz::webhook_headers::run(data));
