//! Query-string parsing and validation of every generated params type: no input panics, and
//! whatever parses re-encodes to a query that parses to the same value.
//! (tests/tests/fuzz_regressions.rs replays found inputs through the same checks.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use whm_api::{CreateUserSessionParams, Operation};

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    if let Ok(params) = CreateUserSessionParams::from_query_str(&query) {
        assert_eq!(params.validate(), Ok(()));
        let again = CreateUserSessionParams::from_query_str(&params.to_query_string());
        assert_eq!(again, Ok(params));
    }
});
