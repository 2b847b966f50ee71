//! Evidence and its strength, decided one way for every rule.
//!
//! A keyword is only a hint; what it is worth depends on the block it sits
//! in (see [`crate::document::roles`]) and on what the rule asks for:
//!
//! - a sentence of the author's own prose is strong evidence;
//! - a label (a name in a list) or a table cell is strong evidence for a rule
//!   that asks for things to be *named* (requirements, estimates,
//!   components), and weak for one that asks for *reasoning* (tradeoffs,
//!   decisions, failure handling) unless it carries its reason with it
//!   ("Kafka over RabbitMQ: higher throughput");
//! - a quote or a checklist line with specifics is weak;
//! - a link, a table-of-contents entry, a learning objective, advice to the
//!   reader, a heading and code in a programming language are no evidence.
//!
//! And where it sits: a rule about the design found only in the scope part
//! of the write-up (the requirements) is a requirement stated, not a design
//! made, so it counts one step weaker.

use std::sync::LazyLock;

pub const DOCS: &str = "\
## How evidence is weighed

Every credit comes from evidence, and evidence is weighed by the role of the
block it sits in, the same way for every rule (`--show-evidence` prints it):
- a sentence of your own prose: strong;
- a name in a list or a table cell: strong where the rule asks for things to
  be named (requirements, estimates, components), weak where it asks for
  reasons (tradeoffs, decisions, failure handling), unless the line carries
  its reason (\"Kafka over RabbitMQ: higher throughput\") or sits under a
  heading or table column that frames reasons (\"Why PostgreSQL?\", \"Pros\");
- a quote, a Q&A line, a name in a diagram's box, a checklist line: weak;
- a link or a table-of-contents entry, anything under \"What you'll learn\",
  \"Table of contents\" or \"Interview tips\", a section that only describes
  another file, advice to the reader (\"you should ask about scale\"), a
  heading, code in a programming language: nothing.

And by where it sits: for a rule about the design, something found only in
the requirements is a need stated, not a design made, and counts one step
weaker (strong becomes weak, weak nothing). Weak evidence alone earns at most
0.4, the credit of a topic only named.";

use crate::document::{Block, BlockKind, Role};

/// Strongest first, then in document order: how evidence is listed.
pub fn sort_evidence(evidence: &mut [Evidence]) {
    evidence.sort_by(|a, b| b.strength.cmp(&a.strength).then(a.span.start.cmp(&b.span.start)));
}

/// How much a piece of evidence says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    /// Named in passing: an item in a list, a word in a table.
    Weak,
    /// Reasoned: a sentence with specifics, a definition, a worked example.
    Strong,
}

impl Strength {
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Weak => "weak",
            Strength::Strong => "strong",
        }
    }
}

/// One place that earned a rule credit.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub span: std::ops::Range<usize>,
    pub strength: Strength,
    pub note: String,
}

/// What a rule needs to see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Need {
    /// Things named: a list of requirements, numbers, components.
    #[default]
    Named,
    /// Reasons given: why, at what cost, what happens when it fails.
    Reasoned,
    /// Things named with what makes them concrete: a number, a reason or a
    /// qualifier ("high availability, 99.99%", "durable: no write is lost"),
    /// not a bare adjective ("High availability.").
    Specific,
}

/// The credit weight of a strength: weak evidence alone stays at or under
/// 0.4, the most that "only named" earns.
pub fn value(s: Option<Strength>) -> f64 {
    match s {
        Some(Strength::Strong) => 1.0,
        Some(Strength::Weak) => 0.4,
        None => 0.0,
    }
}

/// The credit of `strong` and `weak` occurrences against `needed`: each
/// strong one counts 1, the weak ones together at most 0.4 of the need, so
/// that many names in passing never add up to a topic covered.
pub fn count_credit(strong: usize, weak: usize, needed: usize) -> f64 {
    let needed = needed.max(1) as f64;
    let weak = (weak as f64 * value(Some(Strength::Weak))).min(needed * value(Some(Strength::Weak)));
    ((strong as f64 + weak) / needed).min(1.0)
}

/// Words that carry a reason or a cost: "because", "so that", "to avoid",
/// "at the cost of", "instead of", an arrow of consequence.
static REASON: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\b(?:because|since (?:we|it|they|the|this|that|a|an|most|each|every|all|reads|writes|users)|so that|so (?:we|it|the|that|each|reads|writes)|which (?:means|lets|allows|makes|keeps|avoids|reduces|gives|costs)|due to|given (?:that|the)|in order to|thanks to|otherwise|at the (?:cost|expense) of|in exchange for|the (?:down|up)side|trade-?off|tradeoff|the cost (?:is|of)|the reason|the price|instead of|rather than|as opposed to|compared (?:to|with)|better than|worse than|cheaper than|faster than|slower than|(?:to|so as to) (?:avoid|reduce|prevent|enable|ensure|handle|support|improve|minimi[sz]e|maximi[sz]e|lower|cut|spread|distribute|decouple|absorb|isolate|guarantee|limit|protect|keep|speed up|serve|survive|tolerate|balance|detect|recover)|(?:will|would|could|can't|cannot|won't) (?:overload|bottleneck|saturate|not scale|not keep up|not fit|become)|doesn't scale|does not scale|too (?:slow|expensive|costly|complex|large|big))\b|\bover (?-i:[A-Z])",
    )
});

/// Does the text give a reason or a cost?
pub fn gives_reason(text: &str) -> bool {
    REASON.is_match(text)
}

/// Numbers or reasons: what makes a line more than a name (`reason`: does
/// the text give a reason, see [`gives_reason`]).
fn has_specifics(text: &str, reason: &dyn Fn() -> bool) -> bool {
    text.bytes().any(|b| b.is_ascii_digit()) || reason()
}

/// A heading that frames what follows as reasons: "Why PostgreSQL?",
/// "Pros", "Trade-offs", "Chose SQL for core data:", "Push vs pull".
static REASON_FRAME: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)^(?:\d+[.)]?\s*)?(?:why\b|pros\b|cons\b|advantages|disadvantages|benefits|drawbacks|downsides?|upsides?|trade-?offs?|rationale|reasons?\b|justification|(?:we )?(?:chose|chosen|picked|selected)\b|decision\b|option\b|approach\b|alternative)|\bvs\.?\b|\bversus\b|\bover\b|\binstead of\b|\brather than\b|\bwhy\b",
    )
});

/// Per block: is it a row of a table whose header frames reasons (a "Why",
/// "Reason", "Pros", "Cons", "Trade-off" or "Rationale" column)? One pass:
/// each row takes the nearest header row above it in the same run of rows.
pub fn rows_of_reasons(doc: &crate::document::Document) -> Vec<bool> {
    let mut out = vec![false; doc.blocks.len()];
    let mut framed = false;
    for (i, b) in doc.blocks.iter().enumerate() {
        match b.kind {
            BlockKind::TableRow { header: true } => {
                framed = b.text.split(" | ").any(|c| frames_reasons(c.trim()));
            }
            BlockKind::TableRow { header: false } => out[i] = framed,
            _ => framed = false,
        }
    }
    out
}

/// Is the section's heading a frame of reasons (see [`REASON_FRAME`])?
pub fn frames_reasons(title: &str) -> bool {
    REASON_FRAME.is_match(title.trim())
}

/// A name with a qualifier after it: "high reliability, no message lost",
/// "Latency: p99 under a second", "durable (three replicas)".
fn qualified(text: &str) -> bool {
    text.find([',', ':', '(', '—', '–', ';'])
        .is_some_and(|i| crate::document::count_words(&text[i..]) >= 2)
}

/// The strength of a block as evidence for a rule that needs `need`.
/// `framed`: the block's section heading frames reasons ("Why X?", "Pros").
/// `reason`: does the block's text give a reason ([`gives_reason`]), asked
/// only when it matters (the analysis answers it once per block).
pub fn of_block(b: &Block, need: Need, framed: bool, reason: &dyn Fn() -> bool) -> Option<Strength> {
    use Strength::{Strong, Weak};
    if need == Need::Specific {
        return match b.role {
            Role::Sentence | Role::Label | Role::TableRow | Role::Checklist
                if has_specifics(b.text, reason) =>
            {
                Some(Strong)
            }
            Role::Label | Role::TableRow | Role::Checklist if qualified(b.text) => Some(Strong),
            Role::Code if b.is_plain_text_code() && has_specifics(b.text, reason) => Some(Strong),
            _ => of_block(b, Need::Named, framed, reason).map(|_| Weak),
        };
    }
    match b.role {
        Role::Sentence => Some(Strong),
        Role::Label => match need {
            Need::Named | Need::Specific => Some(Strong),
            // Under "Why X?", an item is a reason when it says something
            // ("ACID transactions (money cannot vanish)"); "SQL vs NoSQL"
            // under "Trade-offs" only names one.
            Need::Reasoned if b.words() >= 4 && (framed || reason()) => Some(Strong),
            Need::Reasoned => Some(Weak),
        },
        Role::TableRow => {
            let header = matches!(b.kind, BlockKind::TableRow { header: true });
            match need {
                _ if header => Some(Weak),
                Need::Named | Need::Specific => Some(Strong),
                // A row that gives its reason, or sits in a table framed by
                // reasons (under "Trade-offs", or with a "Why" column).
                Need::Reasoned if framed || (b.words() >= 4 && reason()) => Some(Strong),
                Need::Reasoned => Some(Weak),
            }
        }
        // A name in a box of a diagram, a quote: named, not said.
        Role::Quote | Role::Diagram => Some(Weak),
        Role::Checklist if need != Need::Reasoned => Some(Strong),
        Role::Checklist if has_specifics(b.text, reason) => Some(Weak),
        // Estimates and box diagrams in plain-text code blocks are the author's words.
        Role::Code if b.is_plain_text_code() => match need {
            Need::Reasoned => Some(Weak),
            _ => Some(Strong),
        },
        Role::Checklist
        | Role::Link
        | Role::Objective
        | Role::Advice
        | Role::Heading
        | Role::Code
        | Role::Html => None,
    }
}

/// A mechanism described with its figures: "if a worker crashes, its jobs
/// are reassigned after a 30 s heartbeat timeout", "DB down → failover to the
/// standby in < 30 s". Written among the requirements, it is still a design
/// made, not a need stated.
pub fn describes_mechanism(text: &str) -> bool {
    static WHEN: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
        crate::text::Matcher::new(r"(?i)\b(?:if|when|whenever|once|after|until|then|within)\b|→|->|⇒")
    });
    text.bytes().any(|b| b.is_ascii_digit()) && WHEN.is_match(text) && gives_reason_or_action(text)
}

/// Words that make a clause say what happens.
fn gives_reason_or_action(text: &str) -> bool {
    static ACTION: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
        crate::text::Matcher::new(
            r"(?i)\b(?:fail\w*|crash\w*|retr(?:y|ies|ied)|reassign\w*|promot\w*|takes? over|switch\w*|restor\w*|replay\w*|recover\w*|redirect\w*|elect\w*|detect\w*|reroute\w*|degrad\w*|fall(?:s)? back|backs? off|queue\w*|shard\w*|split\w*|add\w*|scale\w*)\b",
        )
    });
    ACTION.is_match(text)
}

/// One step weaker: evidence for a design rule found where requirements are stated.
pub fn weaker(s: Option<Strength>) -> Option<Strength> {
    match s {
        Some(Strength::Strong) => Some(Strength::Weak),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_occurrences_never_add_up_to_a_topic() {
        assert!((count_credit(0, 100, 3) - 0.4).abs() < 1e-9);
        assert_eq!(count_credit(3, 0, 3), 1.0);
        assert!((count_credit(1, 1, 4) - 0.35).abs() < 1e-9);
        assert_eq!(count_credit(0, 0, 0), 0.0);
    }

    #[test]
    fn reasons() {
        for s in [
            "We use Cassandra because writes dominate",
            "Redis, so that reads stay under 10 ms",
            "Kafka over RabbitMQ: higher throughput",
            "shard by region to spread the load",
            "fan-out on write will overload the database",
            "a queue instead of direct calls",
            "The downside is stale reads",
        ] {
            assert!(gives_reason(s), "{s}");
        }
        for s in [
            "Redis cache",
            "since 2019",
            "High availability",
            "Use Kafka",
            "hand over the keys",
            "client → cache → DB",
        ] {
            assert!(!gives_reason(s), "{s}");
        }
    }
}
