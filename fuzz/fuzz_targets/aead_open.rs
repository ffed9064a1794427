#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| paycrypt_fuzz::aead_open::run(data));
