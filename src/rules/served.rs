//! `unserved-requirement` (DL602): a listed functional requirement, or a
//! quantified target, that nothing in the design addresses.
//!
//! The requirements part is the sections of the rubric's scope phase
//! (requirements, scope, estimates); the design part is everything after the
//! first requirement that is not in a scope section, read as the author's
//! own words: sentences, lists, tables, headings, code (APIs, schemas) and
//! diagrams, but not links, tables of contents, objectives or advice.
//!
//! A functional requirement is served when most of its words appear in the
//! design part, compared by stem ("follow" is served by a `/follow`
//! endpoint and a `followers` table). A quantified target is served when the
//! design has a mechanism for it: replication, failover or redundancy for
//! availability; replication or backups for durability; a cache, an index or
//! precomputation for latency.

use foldhash::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use super::params::NoParams;
use super::words;
use super::{BuildCtx, Cx, Detector, DetectorDef, Finding, Outcome, detector};
use crate::document::{BlockKind, Role};
use crate::error::Error;

pub const DOCS: &str = "\
## How `unserved-requirement` decides

The requirements are the items of the sections of the rubric's scope phase
(\"Requirements\", \"Scope\", \"What we're building\"): list items, and
each ticked part of a line of ticks (`✅ Bill payments`). A study checklist
(`- [ ]`), an objective, a link or advice is not a requirement. The design
is every block of the author's own words outside those sections, wherever
it is (a summary may list its requirements last), code and diagrams
included; the rule runs only when the sections of the design phase hold at
least 25 words.

A functional requirement is a listed item under a heading of features or
functional requirements that is not about qualities, estimates or what is
out of scope, and not marked optional. Its distinctive words are compared
by stem with the design's words: not the parenthesised examples, an analogy
(\"similar to YouTube\"), actions every feature has (add, view, create,
delete), modifiers (unique, optional, logged-in), or the system's own
subject (the words of the title, and words most requirements share). A
requirement that names the system itself (\"unique IDs\" for an ID
generator), or states a property (\"short URLs must be random\", \"a
message has a length limit\"), is met by how it is built and is not
checked. A feature named in four words or fewer (\"Recurring transfers\")
is served when the design names all its distinctive words; a longer one
when it names any. When five or more items of one list are unserved and
they are most of it, one finding names them all.

A quantified target (\"99.99 % availability\", \"p99 < 200 ms\", \"RPO 5
min\", and abuse or spam to prevent) is served when the design has a
mechanism of its kind anywhere: redundancy, replication, failover or a load
balancer for availability; replication, backups or a blob store for
durability; a cache, an index, a CDN, precomputation or asynchronous work
for latency; rate limiting, authentication or filtering for abuse. Targets
are not judged when the design is drawn in an image.";

pub const DETECTOR: DetectorDef = detector::<NoParams>("unserved-requirement", build, DOCS, &[], false);

fn build(_cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    Ok(Box::new(Served))
}

struct Served;

/// Headings of requirement lists that are not functional requirements.
static NOT_FUNCTIONAL: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)non[- ]?functional|\bnfrs?\b|qualit|capacity|estimat|back[- ]of|constraint|assumption|out[- ]of[- ]scope|not in scope|non[- ]goals?|question|clarif|traffic|storage|bandwidth|memory|numbers|scale|performance|availability|reliability|security|sla|slo",
    )
});

/// Headings of lists of functional requirements.
static FUNCTIONAL: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)functional|features?|use[- ]cases?|user stor|requirements?|in[- ]scope|\bscope\b|capabilit|what (?:the|our) (?:system|service|app) (?:does|should do|must do)|core|goals",
    )
});

/// An item that states a quality rather than a feature.
static QUALITY: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\b(?:av[a-z]{0,3}lab\w*|uptime|latency|latencies|response time|fast|quick|real[- ]?time|scal\w+|reliab\w*|durab\w*|consisten\w*|fault[- ]toleran\w*|performan\w*|secur\w*|efficient|throughput|p\d\d|\d+\s*ms|\d+(?:\.\d+)?\s*%|redundan\w*|resilien\w*|cost|compliance|gdpr)",
    )
});

/// A requirement that states a property rather than a feature ("short URLs
/// must be random", "a message has a length limit"): the design meets it in
/// how it does other things, so it is not checked.
static PROPERTY: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\b(?:must|should|shall|will|can|may|need to)\s+(?:not\s+)?(?:be|have|remain|stay)\b|\b(?:is|are|has|have)\b",
    )
});

/// The kinds of quantified target, how each is recognised, and the
/// mechanisms that serve it.
struct TargetKind {
    name: &'static str,
    target: crate::text::Matcher,
    mechanism: crate::text::Matcher,
    needs: &'static str,
}

static TARGETS: LazyLock<Vec<TargetKind>> = LazyLock::new(|| {
    let re = crate::text::Matcher::new;
    vec![
        TargetKind {
            name: "availability",
            target: re(
                r"(?i)(?:\bav[a-z]{0,3}lab\w*|\buptime\b|\bonline\b|\bnines\b)[^.;]{0,40}?\b\d{2}(?:\.\d+)?\s*%|\b\d{2}(?:\.\d+)?\s*%[^.;]{0,40}?(?:\bav[a-z]{0,3}lab\w*|\buptime\b|\bonline\b)",
            ),
            mechanism: re(
                r"(?i)\breplica\w*|\breplicat\w*|\bredundan\w*|fail[- ]?over|\bstandby\b|\bhot spare|multi[- ](?:az|region|zone|dc|datacenter|data[- ]cent(?:er|re)|master|leader)|\bbackups?\b|\bmirror\w*|leader election|\bconsensus\b|\braft\b|\bpaxos\b|health[- ]?checks?|heartbeats?|load[- ]?balanc\w*|\blbs?\b|single points? of failure|\bspof\b|\bquorum\b|\bclusters?\b|(?:multiple|several|\d+) (?:instances|servers|nodes|copies|replicas|regions|zones|data ?cent(?:er|re)s)|horizontal\w* scal\w*|circuit[- ]breakers?|availability zones?|geo[- ]?(?:distributed|redundan\w*|replicat\w*)",
            ),
            needs: "redundancy, replication, failover or a load balancer over several servers",
        },
        TargetKind {
            name: "durability",
            target: re(
                r"(?i)\bdurab\w*[^.;]{0,40}?\b\d{2}(?:\.\d+)?\s*%|\b\d{2}(?:\.\d+)?\s*%[^.;]{0,40}?\bdurab\w*|\brpo\b[^.;]{0,20}\d",
            ),
            mechanism: re(
                r"(?i)\breplica\w*|\breplicat\w*|\bbackups?\b|\bsnapshots?\b|write[- ]ahead|\bwal\b|\braid\b|erasure|\bcopies\b|\bfsync\b|commit log|\bs3\b|object (?:store|storage)|multi[- ]region|\bblob\w*|\bpersist\w*|\bdurable\b",
            ),
            needs: "replication, backups or snapshots",
        },
        TargetKind {
            name: "latency",
            target: re(
                r"(?i)(?:\blatency\b|\blatencies\b|response time|\bp\d{2,3}\b|load time|\bunder\b|\bwithin\b|<\s*)[^.;]{0,30}?\b\d+(?:\.\d+)?\s*(?:ms|milliseconds?|s|sec|seconds?)\b",
            ),
            mechanism: re(
                r"(?i)\bcach\w*|\bcdn\b|in[- ]memory|\bindex\w*|pre[- ]?comput\w*|pre[- ]?generat\w*|\basync\w*|\bqueues?\b|\bedge\b|\bredis\b|\bmemcached?\b|\bshard\w*|\bpartition\w*|\breplica\w*|denormali[sz]\w*|\bbloom\b|websockets?|\bpush\b|fan[- ]?out|\bstream\w*|\bkafka\b|\bparallel\w*",
            ),
            needs: "a cache, an index, a CDN, precomputation or asynchronous work",
        },
        TargetKind {
            name: "abuse",
            target: re(r"(?i)\b(?:abuse|spam\w*|ddos|malicious)\b"),
            mechanism: re(
                r"(?i)rate[- ]?limit\w*|\bthrottl\w*|captcha|\bquotas?\b|api[- ]?keys?|\bauth\w*|\bwaf\b|\bblock\w*|\bban\w*|\bblacklist\w*|\bdenylist\w*|\bfilter\w*",
            ),
            needs: "rate limiting, authentication, quotas or filtering",
        },
    ]
});

/// Words every requirement has, which say nothing of what it asks for.
const GENERIC: &[&str] = &[
    "need",
    "able",
    "abl",
    "allow",
    "support",
    "user",
    "users",
    "system",
    "service",
    "app",
    "application",
    "platform",
    "feature",
    "featur",
    "functional",
    "functionality",
    "ability",
    "capabl",
    "capability",
    "provid",
    "enabl",
    "let",
    "lets",
    "get",
    "see",
    "any",
    "all",
    "each",
    "other",
    "some",
    "their",
    "them",
    "they",
    "his",
    "her",
    "own",
    "new",
    "more",
    "etc",
    "e.g",
    "i.e",
    "via",
    "who",
    "when",
    "if",
    "not",
    "one",
    "two",
    "use",
    "using",
    "way",
    "thing",
    "things",
    "given",
    "based",
    "do",
    "does",
    "make",
    "mak",
    "well",
    "what",
    "how",
    "where",
    "a feature",
    "add",
    "view",
    "see",
    "creat",
    "create",
    "get",
    "input",
    "enter",
    "stor",
    "store",
    "save",
    "delet",
    "delete",
    "remov",
    "remove",
    "updat",
    "update",
    "edit",
    "modify",
    "read",
    "writ",
    "write",
    "list",
    "show",
    "display",
    "open",
    "visit",
    "access",
    "retriev",
    "fetch",
    "return",
    "send",
    "receiv",
    "prevent",
    "avoid",
    "manag",
    "management",
    "system",
    "functionality",
    "functionaliti",
    "handl",
    "handling",
    "process",
    "operation",
    "feature",
    "year",
    "month",
    "week",
    "day",
    "hour",
    "minute",
    "second",
    "time",
];

/// Words that qualify a feature without naming it.
const MODIFIERS: &[&str] = &[
    "unique",
    "optional",
    "common",
    "several",
    "back",
    "default",
    "simple",
    "basic",
    "different",
    "certain",
    "specific",
    "various",
    "multiple",
    "single",
    "same",
    "real",
    "short",
    "long",
    "high",
    "low",
    "fast",
    "quick",
    "easy",
    "easily",
    "after",
    "before",
    "within",
    "without",
    "across",
    "over",
    "under",
    "about",
    "while",
    "many",
    "much",
    "most",
    "least",
    "every",
    "able",
    "possible",
    "available",
    "even",
    "still",
    "already",
    "always",
    "never",
    "once",
    "again",
    "instead",
    "later",
    "other",
    "others",
    "whole",
    "entire",
    "full",
    "given",
    "certain",
    // Who: "logged-in users", "registered users".
    "logged",
    "signed",
    "registered",
    "anonymous",
    "authenticated",
    "guest",
    "guests",
];

/// A requirement marked as not required ("(optional)", "nice to have").
static OPTIONAL: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\boptional\b|\bnice[- ]to[- ]have\b|\bstretch\b|\bbonus\b|\bif time permits\b",
    )
});

/// A requirement that says it is met outside the system designed.
static ELSEWHERE: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\b(?:client[- ]side|on the client|in the browser|by the client|front[- ]?end only|out of scope)\b",
    )
});

/// "without an account", to the end of its clause.
static WITHOUT: LazyLock<crate::text::Matcher> =
    LazyLock::new(|| crate::text::Matcher::new(r"(?i)\b(?:without|no need for|not requiring)\b[^.;,]*"));

/// Words a design uses for the same thing (stems).
const SYNONYMS: &[&[&str]] = &[
    &["link", "url"],
    &["photo", "imag", "pictur"],
    &["delet", "remov"],
];

/// An analogy or examples ("similar to YouTube", "such as …"), to the end of its clause.
static ANALOGY: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\b(?:similar to|just like|like|such as|e\.g\.?|for example|for instance|etc)\b[^.;,]*",
    )
});

/// The words of a requirement that say what it asks for, without the
/// parenthesised examples, its label and the words every requirement has.
fn terms(text: &str) -> Vec<String> {
    let stripped = words::outside_asides(text, true);
    let t = ANALOGY.replace_all(&stripped, " ");
    // What it does without ("without an account") is not what it asks for.
    let mut t = WITHOUT.replace_all(&t, " ").into_owned();
    // "FR1: Users can …", "**Shorten**: …": the label is kept, its number is not.
    if let Some(k) = t.find(':')
        && crate::document::count_words(&t[..k]) <= 2
        && t[..k].chars().any(|c| c.is_ascii_digit())
    {
        t = t[k + 1..].to_string();
    }
    let mut out: Vec<String> = Vec::new();
    // "one-on-one", "e-mail": the parts of a hyphenated word.
    for (_, word) in words::split(&t) {
        for w in word.split('-') {
            if w.chars().any(|c| c.is_ascii_digit()) || w.chars().count() < 3 {
                continue;
            }
            let s = words::stem(w);
            let l = w.to_lowercase();
            if words::is_stop(&l)
                || GENERIC.contains(&l.as_str())
                || GENERIC.contains(&s.as_str())
                || MODIFIERS.contains(&l.as_str())
            {
                continue;
            }
            if !out.iter().any(|o| words::same(o, &s)) {
                out.push(s);
            }
        }
    }
    out
}

/// The stems of a piece of design text, code identifiers split too
/// (`followUser`, `user_followers`). `seen`: the words stemmed so far (a
/// design repeats its words: each is stemmed once).
fn vocabulary<'t>(text: &'t str, seen: &mut HashSet<&'t str>, into: &mut HashSet<String>) {
    for (_, w) in words::split(text) {
        if seen.insert(w) {
            for part in split_camel(w) {
                into.insert(words::stem(part));
            }
        }
    }
}

fn split_camel(w: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = w.as_bytes();
    for i in 1..b.len() {
        if b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase() {
            out.push(&w[start..i]);
            start = i;
        }
    }
    out.push(&w[start..]);
    out
}

fn known(vocab: &HashSet<String>, stem: &str) -> bool {
    let one = |s: &str| vocab.contains(s) || (s.len() >= 5 && vocab.iter().any(|v| words::same(v, s)));
    one(stem)
        || SYNONYMS
            .iter()
            .find(|g| g.contains(&stem))
            .is_some_and(|g| g.iter().any(|s| one(s)))
}

impl Detector for Served {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        let scope = |s: usize| cx.an.section_phase[s].is_some_and(|p| cx.phases[p].scope);
        let title = doc.title_section();
        // The requirements: functional items and quantified targets in scope
        // sections (a ticked list of requirements counts: it lists them).
        let mut functional: Vec<Item> = Vec::new();
        let mut targets: Vec<Item> = Vec::new();
        for (i, b) in doc.blocks.iter().enumerate() {
            if !scope(b.section()) || Some(b.section()) == title || cx.an.placeholder[i] || b.quote {
                continue;
            }
            // Not a study checklist (`- [ ] Ratings system`): homework, not a requirement.
            if !matches!(b.role, Role::Sentence | Role::Label | Role::TableRow) {
                continue;
            }
            let headings = heading_chain(doc, b.section());
            for item in items(i, b.text) {
                let text = &b.text[item.range.clone()];
                if TARGETS.iter().any(|k| k.target.is_match(text)) {
                    targets.push(item);
                    continue;
                }
                let listed = matches!(b.kind, BlockKind::ListItem { .. }) || item.ticked;
                if listed
                    && !OPTIONAL.is_match(text)
                    && FUNCTIONAL.is_match(&headings)
                    && !NOT_FUNCTIONAL.is_match(&headings)
                    && !QUALITY.is_match(text)
                    && !ELSEWHERE.is_match(text)
                    && !PROPERTY.is_match(&words::outside_asides(text, true))
                    && !NOT_FUNCTIONAL.is_match(text.trim())
                    && crate::document::count_words(text) <= 30
                {
                    functional.push(item);
                }
            }
        }
        if functional.is_empty() && targets.is_empty() {
            return Outcome::default();
        }
        // The design: the author's own blocks outside the scope sections,
        // wherever they are (a summary may list its requirements last).
        // The sections of the design phase (the first after the
        // requirements) must hold some design.
        let design_phase = cx.phases.iter().position(|p| !p.scope);
        let designing = |s: usize| design_phase.is_some() && cx.an.section_phase[s] == design_phase;
        let design = || {
            doc.blocks.iter().enumerate().filter(move |&(i, b)| {
                !(scope(b.section()) || Some(b.section()) == title || cx.an.placeholder[i] || b.quote)
                    && matches!(
                        b.role,
                        Role::Sentence
                            | Role::Label
                            | Role::TableRow
                            | Role::Heading
                            | Role::Code
                            | Role::Diagram
                    )
            })
        };
        let mut vocab = HashSet::default();
        let mut seen = HashSet::default();
        let mut design_words = 0usize;
        for (_, b) in design() {
            vocabulary(b.text, &mut seen, &mut vocab);
            if designing(b.section()) {
                design_words += crate::document::count_words(b.text);
            }
        }
        for (k, s) in doc.sections.iter().enumerate() {
            if !scope(k) {
                vocabulary(&s.title, &mut seen, &mut vocab);
            }
        }
        if design_words < MIN_DESIGN_WORDS {
            return Outcome::default();
        }
        // The system's own words (in the title, or in most requirements)
        // say nothing of which feature a requirement asks for.
        let mut subject: HashSet<String> = HashSet::default();
        let mut title_words: HashSet<String> = HashSet::default();
        if let Some(t) = title {
            for (_, w) in words::split(&doc.sections[t].title) {
                let l = w.to_lowercase();
                // "Design YouTube", "High-Level Design": not what it is about.
                let about = !words::is_stop(&l)
                    && !GENERIC.contains(&l.as_str())
                    && !MODIFIERS.contains(&l.as_str())
                    && !matches!(
                        l.as_str(),
                        "design" | "high-level" | "low-level" | "hld" | "lld" | "web" | "guide"
                    );
                if about {
                    title_words.insert(words::stem(w));
                }
            }
        }
        let all_terms: Vec<Vec<String>> = functional.iter().map(|it| terms(it.text(doc))).collect();
        let mut counts: Vec<(String, usize)> = Vec::new();
        for t in &all_terms {
            for w in t {
                match counts.iter_mut().find(|(c, _)| words::same(c, w)) {
                    Some(c) => c.1 += 1,
                    None => counts.push((w.clone(), 1)),
                }
            }
        }
        for (w, n) in counts {
            if n >= 3 && n * 2 > all_terms.len() {
                subject.insert(w);
            }
        }
        let mut findings = Vec::new();
        // The unserved requirements of each section's list.
        let mut unserved: Vec<(usize, &Item, Vec<String>)> = Vec::new();
        let mut listed: HashMap<usize, usize> = HashMap::default();
        for (it, t) in functional.iter().zip(&all_terms) {
            let text = it.text(doc);
            let section = doc.blocks[it.block].section();
            *listed.entry(section).or_default() += 1;
            // A name of the system itself ("unique IDs" for an ID generator)
            // is a property of it, met by how it is built.
            let named = doc.blocks[it.block].role == Role::Label;
            if named
                && words::split(&words::outside_asides(text, true))
                    .iter()
                    .any(|(_, w)| known(&title_words, &words::stem(w)))
            {
                continue;
            }
            let t: Vec<&String> = t.iter().filter(|w| !known(&subject, w)).collect();
            if t.is_empty() {
                continue;
            }
            let missing: Vec<&String> = t.iter().copied().filter(|s| !known(&vocab, s)).collect();
            // A feature named in a few words ("Recurring transfers") is
            // served when the design names all of it; a sentence, when it
            // names anything it asks for (conservative: the sentence may be
            // served in other words).
            let short = crate::document::count_words(&words::outside_asides(text, true)) <= 4;
            let served = if short {
                missing.is_empty()
            } else {
                missing.len() < t.len()
            };
            if served {
                continue;
            }
            unserved.push((section, it, original_words(text, &missing)));
        }
        let mut sections: Vec<usize> = unserved.iter().map(|u| u.0).collect();
        sections.dedup();
        for section in sections {
            let here: Vec<&(usize, &Item, Vec<String>)> =
                unserved.iter().filter(|u| u.0 == section).collect();
            // Most of a long list unserved: the design does not take up the
            // list at all; one finding names them all.
            if here.len() >= 5 && here.len() * 2 > listed[&section] {
                let names: Vec<String> = here
                    .iter()
                    .map(|u| format!("\"{}\"", short_quote(u.1.text(doc))))
                    .collect();
                let mut f = Finding::new(
                    here[0].1.span(doc),
                    format!(
                        "{} of the {} requirements listed here are not served by the design: {}.",
                        here.len(),
                        listed[&section],
                        super::join_list(&names)
                    ),
                )
                .help(HELP);
                for u in &here[1..] {
                    f = f.related(u.1.span(doc), "not served either");
                }
                findings.push(f);
                continue;
            }
            for (_, it, missing_words) in here {
                findings.push(
                    Finding::new(
                        it.span(doc),
                        format!(
                            "The requirement \"{}\" is not served by the design: nothing in it mentions {}.",
                            short_quote(it.text(doc)),
                            super::join_list(missing_words)
                        ),
                    )
                    .help(HELP),
                );
            }
        }
        // A design drawn in an image cannot be read for its mechanisms.
        let drawn = doc
            .links
            .iter()
            .any(|l| l.image && !scope(doc.blocks[l.block.min(doc.blocks.len() - 1)].section()));
        let mut reported: Vec<&str> = Vec::new();
        // Per kind of target: does the design have a mechanism of it? Asked
        // of each block (no mechanism pattern matches across a newline, so
        // this is what one search of the design's blocks joined by newlines
        // would say) and only once: a big file's design is not copied.
        let mut has_mechanism: Vec<Option<bool>> = vec![None; TARGETS.len()];
        for it in targets.iter().filter(|_| !drawn) {
            let text = it.text(doc);
            for (n, k) in TARGETS.iter().enumerate() {
                if reported.contains(&k.name)
                    || !k.target.is_match(text)
                    || *has_mechanism[n]
                        .get_or_insert_with(|| k.mechanism.is_match_any(design().map(|(_, b)| b.text)))
                {
                    continue;
                }
                reported.push(k.name);
                findings.push(
                    Finding::new(
                        it.span(doc),
                        format!(
                            "The {} requirement \"{}\" is not served by the design: it has no {}.",
                            k.name,
                            short_quote(text),
                            k.needs
                        ),
                    )
                    .help(format!(
                        "Say how the design meets it ({}), or relax the target.",
                        k.needs
                    )),
                );
            }
        }
        Outcome {
            credit: None,
            findings,
            ..Default::default()
        }
    }
}

const HELP: &str =
    "Design it (a component, an API, a table or a flow that serves it), or move it to what is out of scope.";

/// The fewest words of design (outside the requirements) for a write-up to
/// have a design part to check the requirements against.
const MIN_DESIGN_WORDS: usize = 25;

/// The titles of a section and its ancestors, one per line.
fn heading_chain(doc: &crate::document::Document, mut s: usize) -> String {
    let mut out = String::new();
    loop {
        out.push_str(&doc.sections[s].title);
        out.push('\n');
        match doc.sections[s].parent {
            Some(p) => s = p,
            None => break,
        }
    }
    out
}

/// One requirement: a list item, or one ticked line of a paragraph that
/// ticks several (`✅ Bill payments ✅ Fixed deposits`).
struct Item {
    block: usize,
    /// Its range in the block's text.
    range: Range<usize>,
    ticked: bool,
}

impl Item {
    fn text<'d>(&self, doc: &'d crate::document::Document) -> &'d str {
        &doc.blocks[self.block].text[self.range.clone()]
    }

    /// Its first line without the tick, where the diagnostic points.
    fn span(&self, doc: &crate::document::Document) -> Range<usize> {
        let b = &doc.blocks[self.block];
        let t = &b.text[self.range.clone()];
        let lead = t.len()
            - t.trim_start_matches(|c: char| TICKS.contains(&c) || c.is_whitespace())
                .len();
        let end = t.find('\n').unwrap_or(t.len());
        let end = lead.max(lead + t[lead..end.max(lead)].trim_end().len());
        b.source_range(self.range.start + lead..self.range.start + end)
    }
}

/// Marks that tick a line as done or supported.
const TICKS: &[char] = &['✅', '✔', '☑', '✓'];

/// The requirements of a block: the block, or each ticked part of it.
fn items(block: usize, text: &str) -> Vec<Item> {
    let marks: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| TICKS.contains(c))
        .map(|(i, _)| i)
        .collect();
    if marks.len() < 2 {
        let ticked = text.trim_start().starts_with(TICKS);
        return vec![Item {
            block,
            range: 0..text.len(),
            ticked,
        }];
    }
    let mut out = Vec::new();
    for (k, &m) in marks.iter().enumerate() {
        let end = marks.get(k + 1).copied().unwrap_or(text.len());
        if !text[m..end].trim_start_matches(TICKS).trim().is_empty() {
            out.push(Item {
                block,
                range: m..end,
                ticked: true,
            });
        }
    }
    out
}

/// The requirement as a short quote.
fn short_quote(text: &str) -> String {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t.trim_end_matches(['.', ';', ',']);
    if t.chars().count() > 80 {
        let cut: String = t.chars().take(77).collect();
        format!("{}…", cut.trim_end())
    } else {
        t.to_string()
    }
}

/// The words of the text whose stems are `stems`, as written ("sharing").
fn original_words(text: &str, stems: &[&String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words::split(&words::outside_asides(text, true))
        .into_iter()
        .flat_map(|(_, w)| w.split('-'))
    {
        let s = words::stem(w);
        if stems.iter().any(|m| words::same(m, &s)) && !out.iter().any(|o| words::same(&words::stem(o), &s)) {
            out.push(format!("\"{}\"", w.to_lowercase()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `check` relies on to ask each block of the design for a
    /// mechanism rather than the design's text joined by newlines: no
    /// mechanism pattern matches a newline or anchors at a line's or the
    /// text's ends (a word boundary is the same at a block's end as
    /// before a newline).
    #[test]
    fn no_mechanism_matches_across_blocks() {
        use regex_syntax::hir::{Class, Hir, HirKind, Look};
        fn newline_free(h: &Hir) -> bool {
            match h.kind() {
                HirKind::Empty => true,
                HirKind::Literal(l) => !l.0.contains(&b'\n'),
                HirKind::Class(Class::Unicode(c)) => {
                    !c.ranges().iter().any(|r| r.start() <= '\n' && '\n' <= r.end())
                }
                HirKind::Class(Class::Bytes(c)) => {
                    !c.ranges().iter().any(|r| r.start() <= b'\n' && b'\n' <= r.end())
                }
                HirKind::Look(l) => matches!(
                    l,
                    Look::WordAscii
                        | Look::WordAsciiNegate
                        | Look::WordUnicode
                        | Look::WordUnicodeNegate
                        | Look::WordStartAscii
                        | Look::WordEndAscii
                        | Look::WordStartUnicode
                        | Look::WordEndUnicode
                ),
                HirKind::Repetition(r) => newline_free(&r.sub),
                HirKind::Capture(c) => newline_free(&c.sub),
                HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().all(newline_free),
            }
        }
        for k in TARGETS.iter() {
            let hir = regex_syntax::parse(k.mechanism.pattern()).unwrap();
            assert!(newline_free(&hir), "{}", k.name);
        }
        // The test itself: what would match across blocks is caught.
        for p in [
            r"cache\s+layer",
            r"(?m)^cache",
            r"cache[^.]",
            r"(?s)a.b",
            r"\Acache",
        ] {
            assert!(!newline_free(&regex_syntax::parse(p).unwrap()), "{p}");
        }
    }

    #[test]
    fn terms_of_a_requirement() {
        assert_eq!(
            terms("Users should be able to follow other users."),
            vec!["follow"]
        );
        // "view" is an action every feature has; what is shared is the feature.
        assert_eq!(terms("View and share videos"), vec!["shar", "video"]);
        assert_eq!(terms("Post tweets (text, images, video)"), vec!["post", "tweet"]);
        assert_eq!(terms("FR2: Bill payments"), vec!["bill", "payment"]);
    }
}
