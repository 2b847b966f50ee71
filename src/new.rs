//! `designlint new TITLE`: a skeleton write-up with every section of the rubric,
//! in the framework's order, each with a prompt saying what belongs there.
//!
//! Prompts are HTML comments: they are invisible when rendered and are not
//! prose to the rules, so a fresh skeleton earns no credit from its own prompts
//! and its placeholders are never reported as `TODO`s. Each empty section is
//! reported by `empty-section` until it is filled in: that is the to-do list.
//!
//! With `--rubric`, the skeleton starts with front matter naming that rubric
//! (`designlint: { rubric: adr }`), so `check` lints the file with it wherever
//! the file goes. A rubric item whose section would repeat its phase's heading
//! ("## Context" / "### Context") or the title (the `title` detector) gets its
//! prompt under the phase heading instead of a section of its own.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::error::{Error, PlainError};
use crate::rubric::Rubric;

/// Write the skeleton to stdout, or to `output`, a new file. `spec` is the
/// rubric as given on the command line (`--rubric`), named in the front matter.
pub fn run(
    title: &str,
    output: Option<&Path>,
    spec: Option<&str>,
    rubric: &Rubric,
) -> Result<ExitCode, Error> {
    let front = spec.map(|spec| front_matter_spec(spec, output));
    let text = skeleton(title, rubric, front.as_deref());
    match output {
        None => {
            let mut out = crate::stdio::stdout();
            out.write_all(text.as_bytes())
                .and_then(|_| out.flush())
                .map_err(|e| plain(format!("cannot write the output: {e}")))?;
        }
        Some(path) => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path);
            let mut file = match file {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Err(Box::new(
                        PlainError::new(
                            "designlint::exists",
                            format!(
                                "{} already exists; designlint new does not overwrite files",
                                path.display()
                            ),
                        )
                        .help("pick another name with -o, or delete the file first"),
                    ));
                }
                Err(e) => {
                    return Err(plain(format!(
                        "cannot create {}: {}",
                        path.display(),
                        crate::discover::io_message(&e)
                    )));
                }
            };
            file.write_all(text.as_bytes())
                .map_err(|e| plain(format!("cannot write {}: {e}", path.display())))?;
            crate::stdio::eprintln(format_args!(
                "wrote {} ({} sections); check it with `designlint check {}`",
                path.display(),
                rubric.rules.iter().filter(|r| r.is_item()).count(),
                path.display()
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn plain(msg: String) -> Error {
    Box::new(PlainError::new("designlint::io", msg))
}

/// How front matter names the rubric `spec` given on the command line: a
/// built-in by name, a file by its path from the new file's directory.
fn front_matter_spec(spec: &str, output: Option<&Path>) -> String {
    if crate::rubric::builtin_names().contains(&spec) {
        return spec.to_string();
    }
    let dir = output.and_then(Path::parent).unwrap_or(Path::new(""));
    match (std::path::absolute(spec), std::path::absolute(dir)) {
        (Ok(target), Ok(dir)) => relative_path(&target, &dir).display().to_string(),
        _ => spec.to_string(),
    }
}

/// `target` as a path from the directory `from` (both absolute).
fn relative_path(target: &Path, from: &Path) -> PathBuf {
    let t: Vec<_> = target.components().collect();
    let f: Vec<_> = from.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..f.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c);
    }
    out
}

/// Does a rule's section heading say no more than its phase's, or than the
/// title? ("## Context" / "### Context", "## The design" / "### Design")
fn repeats_phase(rule: &crate::rules::Rule, heading: &str, phase: &str) -> bool {
    let norm = |s: &str| {
        let s = s.trim().to_lowercase();
        s.strip_prefix("the ").map(str::to_string).unwrap_or(s)
    };
    rule.detector_name == "title" || norm(heading) == norm(phase)
}

/// The skeleton: front matter naming `rubric_spec` if given, `# title`, then
/// each phase (`##`) with its rubric items (`###`) in order.
pub fn skeleton(title: &str, rubric: &Rubric, rubric_spec: Option<&str>) -> String {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = if title.is_empty() {
        "Untitled design".to_string()
    } else {
        title
    };
    let mut s = match rubric_spec {
        Some(spec) => format!("---\ndesignlint: {{ rubric: {} }}\n---\n", yaml_scalar(spec)),
        None => String::new(),
    };
    s.push_str(&format!("# {title}\n"));
    s.push_str(&comment(&format!(
        "Written by `designlint new` from the `{}` rubric. Replace each comment with your answer; \
         `designlint check` on this file scores it.",
        rubric.name
    )));
    for (i, phase) in rubric.phases.iter().enumerate() {
        s.push_str(&format!("\n## {}\n", phase.title));
        if let Some(p) = &phase.prompt {
            s.push_str(&comment(p));
        }
        for rule in rubric.rules.iter().filter(|r| r.phase == Some(i)) {
            let h = heading(&rule.name);
            if !repeats_phase(rule, &h, &phase.title) {
                s.push_str(&format!("\n### {h}\n"));
            }
            let prompt = rule.prompt.as_deref().unwrap_or(&rule.summary);
            let prompt = if prompt.trim().is_empty() {
                rule.name.as_str()
            } else {
                prompt
            };
            s.push_str(&comment(&format!("{} ({})", prompt.trim(), rule.code)));
        }
    }
    s
}

/// A YAML flow scalar: plain when safe, else single-quoted.
fn yaml_scalar(v: &str) -> String {
    let plain = v
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    if plain && !v.is_empty() {
        v.to_string()
    } else {
        format!("'{}'", v.replace('\'', "''"))
    }
}

/// An HTML comment on its own paragraph; `--` cannot appear inside one.
fn comment(text: &str) -> String {
    let text = text.replace("--", "–").replace('\n', " ");
    format!("\n<!-- {} -->\n", text.trim())
}

/// A heading for a rule name: `non-functional-requirements` → "Non-functional requirements",
/// `api-definition` → "API definition", `wrap-up` → "Wrap-up".
pub fn heading(name: &str) -> String {
    const ACRONYMS: &[&str] = &["api", "adr", "nfr", "slo", "qps", "cdn", "sla", "id", "ui"];
    let parts: Vec<&str> = name.split(['-', '_', ' ']).filter(|p| !p.is_empty()).collect();
    let mut words: Vec<String> = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let p = parts[i];
        let joined = match (p, parts.get(i + 1)) {
            ("non" | "pre" | "post" | "co" | "re" | "self" | "multi", Some(next)) => {
                Some(format!("{p}-{next}"))
            }
            ("wrap", Some(&"up")) | ("follow", Some(&"up")) | ("roll", Some(&"out")) => {
                Some(format!("{p}-{}", parts[i + 1]))
            }
            _ => None,
        };
        match joined {
            Some(j) => {
                words.push(j);
                i += 2;
            }
            None => {
                let lower = p.to_ascii_lowercase();
                let singular = lower.strip_suffix('s').unwrap_or(&lower);
                words.push(if ACRONYMS.contains(&lower.as_str()) {
                    p.to_ascii_uppercase()
                } else if ACRONYMS.contains(&singular) && singular.len() > 1 {
                    // "apis" → "APIs"
                    format!("{}s", singular.to_ascii_uppercase())
                } else {
                    p.to_string()
                });
                i += 1;
            }
        }
    }
    let mut s = words.join(" ");
    if let Some(c) = s.chars().next() {
        let upper: String = c.to_uppercase().collect();
        s.replace_range(..c.len_utf8(), &upper);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_from_names() {
        assert_eq!(heading("functional-requirements"), "Functional requirements");
        assert_eq!(
            heading("non-functional-requirements"),
            "Non-functional requirements"
        );
        assert_eq!(heading("api-definition"), "API definition");
        assert_eq!(heading("wrap-up"), "Wrap-up");
        assert_eq!(heading("capacity-estimates"), "Capacity estimates");
        assert_eq!(heading("deep-dive"), "Deep dive");
        assert_eq!(heading("apis-and-storage"), "APIs and storage");
        assert_eq!(heading("slos"), "SLOs");
        assert_eq!(heading("ids"), "IDs");
        assert_eq!(heading(""), "");
    }

    #[test]
    fn comments_cannot_be_closed_early() {
        assert_eq!(comment("a --> b\nc"), "\n<!-- a –> b c -->\n");
    }
}
