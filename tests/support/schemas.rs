//! JSON schemas for the output tests: ours (`schemas/`) and the official
//! SARIF 2.1.0 schema from `../shared/schemas`, and validation with every
//! error listed.

use std::path::PathBuf;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Assert that `doc` matches `schema`, listing every mismatch.
pub fn validate(schema: &Value, doc: &Value, what: &str) {
    let v = jsonschema::validator_for(schema).expect("the schema compiles");
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match the schema:\n{}",
        errors.join("\n")
    );
}

/// `schemas/designlint-output.schema.json`.
pub fn output_schema() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/designlint-output.schema.json")).unwrap(),
    )
    .unwrap()
}

/// The shared SARIF schema, or `None` (with a notice) when it is not there.
pub fn sarif_schema() -> Option<Value> {
    let candidates = [
        std::env::var_os("DESIGNLINT_SHARED").map(|s| PathBuf::from(s).join("schemas")),
        Some(root().join("../shared/schemas")),
        Some(root().join("../../shared/schemas")),
    ];
    for c in candidates.into_iter().flatten() {
        let p = c.join("sarif-schema-2.1.0.json");
        if let Ok(text) = std::fs::read_to_string(&p) {
            return Some(serde_json::from_str(&text).expect("the SARIF schema is JSON"));
        }
    }
    eprintln!("notice: ../shared/schemas/sarif-schema-2.1.0.json not found; SARIF schema validation skipped");
    None
}
