//! Every behaviour test of the workspace's crates, one module per subject, in one test
//! binary: one link and one set of monomorphised HTTP stacks instead of one per file, and the
//! modules' tests run in parallel with each other.

mod behaviour;
mod client;
mod client_prism;
mod corpus;
mod corpus_constructs;
mod create_session_example;
mod dependencies;
mod double_library;
mod fuzz_regressions;
mod petstore;
mod petstore_prism;
mod properties;
mod report;
mod roundtrip;
mod server_double;
mod server_schemathesis;
mod server_stubs;
mod snapshots;
mod streaming;
mod validators;

// Shared by several modules.
mod prism_common;
mod server_common;
