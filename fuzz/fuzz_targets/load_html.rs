//! Any bytes loaded as a `.html` file, then extracted and graphed.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| newsgraph_fuzz::load_and_check("html", data));
