//! Encoding detection and decoding of any bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| newsgraph_fuzz::decode_and_check(data));
