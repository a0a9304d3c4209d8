//! The extractor on any text (the bytes read as UTF-8, lossily).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| newsgraph_fuzz::extract_and_check(data));
