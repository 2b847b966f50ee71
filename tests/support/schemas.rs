//! JSON schemas for the output tests: ours (`schemas/`) and the official
//! SARIF 2.1.0 schema from `../shared/schemas`, and validation with every
//! error listed.

use serde_json::Value;

use super::{root, shared};

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

/// The official SARIF schema from `../shared/schemas`, or `None` when it is
/// not there (a notice on a developer's machine, a failure in CI: see
/// [`shared`]).
pub fn sarif_schema() -> Option<Value> {
    let p = shared("schemas/sarif-schema-2.1.0.json", "SARIF schema validation")?;
    let text = std::fs::read_to_string(&p).unwrap();
    Some(serde_json::from_str(&text).expect("the SARIF schema is JSON"))
}
