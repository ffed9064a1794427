#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| paycrypt_fuzz::encoding::run(data));
