//! What a rule is: the keys every rule of a rubric writes ([`RuleDef`]; a
//! detector's own parameters are its `Params`) and the rule as the rubric
//! loader compiles it ([`Rule`], with its detector built), with its phase and
//! its severity. The loader (`crate::rubric`) builds these; detectors and the
//! engine read them.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The keys every rule takes, whatever its detector. A detector's own
/// parameters are its own type (its `Params`); the loader (`crate::rubric`) merges a rule's
/// keys over `extends` on the TOML itself and reads each type once.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleDef {
    pub name: Option<Spanned<String>>,
    pub enabled: Option<bool>,
    pub phase: Option<Spanned<String>>,
    pub weight: Option<Spanned<f64>>,
    pub penalty: Option<f64>,
    pub max_penalty: Option<f64>,
    pub severity: Option<Severity>,
    pub detector: Option<Spanned<String>>,
    pub summary: Option<String>,
    pub message: Option<String>,
    pub partial: Option<String>,
    pub help: Option<String>,
    pub docs: Option<String>,
    pub prompt: Option<String>,
    pub headings: Option<Vec<Spanned<String>>>,
    /// What the rule needs to see: things `named` (the default) or `reasoned`.
    pub evidence: Option<super::evidence::Need>,
    /// Evidence counts fully only in the sections of the rule's own phase
    /// (when the write-up has them): an NFR is stated in the requirements.
    pub own_phase: Option<bool>,
    /// Evidence stated in a scope phase (the requirements) counts in full: a
    /// concrete policy stated as a requirement ("JWT, 100 requests/min per
    /// user") is the decision itself.
    pub counts_in_scope: Option<bool>,
    /// Evidence counts fully only in a document that designs something: it
    /// has a section of the rule's phase or a diagram. In notes on a
    /// technique, "the database" and "a cache" are mentions.
    pub needs_design: Option<bool>,
}

/// A phase of the rubric, ready to use.
#[derive(Debug)]
pub struct Phase {
    pub id: String,
    pub title: String,
    /// Pattern ids in the heading index.
    pub headings: Vec<usize>,
    pub share: Option<[f64; 2]>,
    pub prompt: Option<String>,
    /// The phase states what is needed (requirements, scope): evidence found
    /// here for a rule of another phase is a need stated, not a design made,
    /// and counts one step weaker.
    pub scope: bool,
}

/// A rule, checked and with its detector built.
pub struct Rule {
    pub code: String,
    pub name: String,
    /// Index into the rubric's phases; `None` for findings.
    pub phase: Option<usize>,
    /// Rubric items have a weight; findings have a penalty.
    pub weight: f64,
    pub penalty: f64,
    pub max_penalty: f64,
    pub severity: Severity,
    pub summary: String,
    pub message: String,
    pub partial: Option<String>,
    pub help: String,
    pub docs: String,
    pub prompt: Option<String>,
    /// Heading pattern ids (in the rubric's heading index) that mark this rule's section.
    pub headings: Vec<usize>,
    /// What counts as evidence for it.
    pub need: super::evidence::Need,
    /// See [`RuleDef::own_phase`].
    pub own_phase: bool,
    /// See [`RuleDef::needs_design`].
    pub needs_design: bool,
    /// See [`RuleDef::counts_in_scope`].
    pub counts_in_scope: bool,
    pub detector_name: String,
    pub detector: Box<dyn super::Detector>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("code", &self.code)
            .field("name", &self.name)
            .finish()
    }
}

impl Rule {
    pub fn is_item(&self) -> bool {
        self.phase.is_some()
    }
}
