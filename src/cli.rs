//! The command line: clap definitions and dispatch to commands.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::base::Base;
use crate::baseline::{self, FailOn};
use crate::config::{self, Config};
use crate::discover::{self, Input};
use crate::error::{Error, PlainError, print_error};
use crate::policy::{Flags, Policy};
use crate::report::{self, Compared, FileReport, Format, ReportOptions, Summary};
use crate::rubric::{self, Rubric};

#[derive(Debug, Parser)]
#[command(
    name = "designlint",
    version,
    about = "Lint and score system-design write-ups in Markdown"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files or directories (default: .), honouring .gitignore
    Check(CheckArgs),
    /// List the rules of the active rubric
    Rules(RubricArgs),
    /// What a rule checks, why, and an example that passes
    Explain(ExplainArgs),
    /// Language server over stdio (diagnostics, hover, score)
    Lsp,
    /// Write a skeleton write-up with every section of the rubric and prompts
    New(NewArgs),
    /// Record today's findings and scores, to adopt designlint on an existing repository
    Baseline(BaselineArgs),
    /// One self-contained HTML page: scores, phases and findings of every document
    Report(ReportArgs),
    /// Agreement of a rubric with a reviewer's labels (ρ, bands, per-rule agreement)
    Eval(EvalArgs),
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// Files or directories to record (default: .)
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rubric: RubricArgs,
    /// The baseline file to write
    #[arg(long, short, value_name = "FILE", default_value = "designlint-baseline.json")]
    pub output: PathBuf,
    /// Only remove the entries that no longer occur (fixed findings, deleted files)
    #[arg(long)]
    pub prune: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Files or directories to report on (default: .)
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rubric: RubricArgs,
    /// Write the HTML page to this file
    #[arg(long, value_name = "FILE")]
    pub html: PathBuf,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The labels: a TSV with file, tier, expected_score_min, expected_score_max and a column per rule
    pub labels: PathBuf,
    /// The folder of the labelled documents (default: the labels file's folder)
    #[arg(long, value_name = "DIR")]
    pub docs: Option<PathBuf>,
    /// Arithmetic claims marked right or wrong (default: arithmetic.tsv beside the labels, if any)
    #[arg(long, value_name = "FILE")]
    pub arithmetic: Option<PathBuf>,
    /// Figures stated twice with different values (default: coherence-figures.tsv beside the labels, if any)
    #[arg(long, value_name = "FILE")]
    pub coherence_figures: Option<PathBuf>,
    /// Requirements the design never serves (default: coherence-requirements.tsv beside the labels, if any)
    #[arg(long, value_name = "FILE")]
    pub coherence_requirements: Option<PathBuf>,
    /// The documents examined for coherence (default: coherence-docs.tsv beside the labels, if any)
    #[arg(long, value_name = "FILE")]
    pub coherence_docs: Option<PathBuf>,
    #[command(flatten)]
    pub rubric: RubricArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = EvalFormat::Human)]
    pub format: EvalFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct RubricArgs {
    /// Rubric: a built-in name (interview) or the path of a rubric TOML file
    #[arg(long, value_name = "NAME|PATH")]
    pub rubric: Option<String>,
    /// Config file to use instead of the discovered designlint.toml
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The title of the write-up, e.g. "Design a URL shortener"
    pub title: String,
    #[command(flatten)]
    pub rubric: RubricArgs,
    /// Write to this file (refuses to overwrite one) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rule code (DL105) or name (estimate-arithmetic)
    pub rule: String,
    #[command(flatten)]
    pub rubric: RubricArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to lint; `-` reads standard input
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rubric: RubricArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) when a file scores below this
    #[arg(long, value_name = "N")]
    pub min_score: Option<f64>,
    /// Only these rules (codes, code prefixes or names, comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub select: Vec<String>,
    /// Skip these rules (codes, code prefixes or names, comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub ignore: Vec<String>,
    /// Only the diagnostics: no score blocks, no summary
    #[arg(long, short)]
    pub quiet: bool,
    /// Under each file's score, the lines that earned each rule its credit
    #[arg(long)]
    pub show_evidence: bool,
    /// Count the diagnostics per rule
    #[arg(long)]
    pub statistics: bool,
    /// Exit 0 even when there are lint failures
    #[arg(long)]
    pub exit_zero: bool,
    /// The path to report for standard input
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,
    /// Also report files skipped while walking (binary files)
    #[arg(long, short)]
    pub verbose: bool,
    /// Lint again whenever a Markdown file under the paths changes (Ctrl-C to stop)
    #[arg(long)]
    pub watch: bool,
    /// Lint the Markdown changed since this git revision, each file compared with its content there
    #[arg(long, value_name = "REF", conflicts_with = "baseline")]
    pub diff_base: Option<String>,
    /// Compare with a baseline file (`designlint baseline`): report only the findings not in it
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// With --diff-base or --baseline: fail on new findings only (the default) or on all
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// With --diff-base or --baseline: fail when a document's score falls by more than N
    #[arg(long, value_name = "N")]
    pub max_drop: Option<f64>,
}

pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => rules(args),
        Command::Explain(args) => explain(args),
        Command::Lsp => crate::lsp::run(),
        Command::Eval(args) => eval(args),
        Command::New(args) => load_config(&args.rubric.config)
            .and_then(|cfg| load_rubric(&args.rubric, &cfg))
            .and_then(|rubric| {
                crate::new::run(
                    &args.title,
                    args.output.as_deref(),
                    args.rubric.rubric.as_deref(),
                    &rubric,
                )
            }),
        Command::Baseline(args) => record_baseline(args),
        Command::Report(args) => html_report(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            print_error(e);
            ExitCode::from(2)
        }
    }
}

/// Load the config: `--config`, else discovered from the working directory.
fn load_config(path: &Option<PathBuf>) -> Result<Config, Error> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let found = match path {
        Some(p) => Some(p.clone()),
        None => config::discover(&cwd),
    };
    match found {
        Some(p) => config::load(&p),
        None => Ok(Config {
            root: cwd,
            ..Config::default()
        }),
    }
}

/// The rubric named on the command line, else in the config, else `interview`.
fn load_rubric(args: &RubricArgs, cfg: &Config) -> Result<Rubric, Error> {
    match (&args.rubric, &cfg.rubric) {
        (Some(r), _) => rubric::load(r, Path::new(".")),
        (None, Some(r)) => rubric::load(r, &cfg.root),
        (None, None) => rubric::load("interview", Path::new(".")),
    }
}

fn rules(args: RubricArgs) -> Result<ExitCode, Error> {
    let cfg = load_config(&args.config)?;
    let rubric = load_rubric(&args, &cfg)?;
    let mut out = crate::stdio::stdout();
    let _ = writeln!(out, "Rubric `{}`: {}\n", rubric.name, rubric.description);
    let _ = writeln!(
        out,
        "{:<8} {:<28} {:<13} {:>6}  {:<8} summary",
        "code", "name", "phase", "weight", "severity"
    );
    for r in &rubric.rules {
        let phase = r.phase.map_or("findings", |p| rubric.phases[p].id.as_str());
        let weight = if r.is_item() {
            format!("{:.0}", r.weight)
        } else {
            format!("-{:.0}", r.penalty)
        };
        let _ = writeln!(
            out,
            "{:<8} {:<28} {:<13} {:>6}  {:<8} {}",
            r.code,
            r.name,
            phase,
            weight,
            r.severity.as_str(),
            r.summary
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(args: ExplainArgs) -> Result<ExitCode, Error> {
    let cfg = load_config(&args.rubric.config)?;
    let rubric = load_rubric(&args.rubric, &cfg)?;
    match rubric.rule(&args.rule) {
        Some(r) => {
            let mut out = crate::stdio::stdout();
            out.write_all(report::explain_text(&rubric, r).as_bytes())
                .and_then(|_| out.flush())
                .map_err(io_err)?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let mut e = PlainError::new(
                "designlint::unknown-rule",
                format!("unknown rule `{}` in the `{}` rubric", args.rule, rubric.name),
            );
            let elsewhere = crate::policy::builtin_with_rule(&args.rule, &rubric.name);
            e = e.help(match (elsewhere, rubric.closest(&args.rule)) {
                (Some(other), _) => format!(
                    "`{}` is a rule of the `{other}` rubric: `designlint explain --rubric {other} {}`",
                    args.rule, args.rule
                ),
                (None, Some(c)) => format!("did you mean `{c}`? `designlint rules` lists them all"),
                (None, None) => "`designlint rules` lists the rules".into(),
            });
            Err(Box::new(e))
        }
    }
}

fn eval(args: EvalArgs) -> Result<ExitCode, Error> {
    let cfg = load_config(&args.rubric.config)?;
    let rubric = load_rubric(&args.rubric, &cfg)?;
    let beside = args
        .labels
        .parent()
        .map(|p| p.join("arithmetic.tsv"))
        .filter(|p| p.is_file());
    let arithmetic = args.arithmetic.clone().or(beside);
    let inputs = crate::eval::load(&args.labels, args.docs.as_deref(), arithmetic.as_deref(), &rubric)?;
    let linted = crate::eval::lint_all(&inputs, &rubric)?;
    let mut outcome = crate::eval::measure(&inputs, &linted, &rubric);
    let coherence = crate::eval::coherence::Paths::resolve(
        &args.labels,
        args.coherence_figures.clone(),
        args.coherence_requirements.clone(),
        args.coherence_docs.clone(),
    );
    outcome.coherence = crate::eval::coherence::measure(&coherence, &inputs.docs, &linted, &rubric)?;
    let text = match args.format {
        EvalFormat::Human => crate::eval::report::human(&outcome),
        EvalFormat::Json => {
            let mut s = serde_json::to_string_pretty(&crate::eval::report::json(&outcome))
                .map_err(|e| Box::new(PlainError::new("designlint::io", e.to_string())) as Error)?;
            s.push('\n');
            s
        }
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(io_err(e)),
    }
}

/// Read an input as UTF-8 text, or say exactly why not: (path, message, is binary).
fn read_input(input: &Input, stdin_name: &str) -> Result<(String, String), (String, String, bool)> {
    let (name, bytes) = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
                return Err((
                    stdin_name.to_string(),
                    format!("cannot read standard input: {e}"),
                    false,
                ));
            }
            (stdin_name.to_string(), buf)
        }
        Input::File { path, .. } => {
            let name = path.display().to_string();
            match std::fs::read(path) {
                Ok(b) => (name, b),
                Err(e) => return Err((name, discover::io_message(&e), false)),
            }
        }
    };
    crate::text::decode(bytes)
        .map(|t| (name.clone(), t))
        .map_err(|(msg, binary)| (name, msg, binary))
}

/// What linting one input gave.
enum Linted<T = Box<FileReport>> {
    Ok(T),
    Failed { path: String, message: String },
    Skipped { path: String, message: String },
}

impl<T> Linted<T> {
    fn and_then<U>(self, f: impl FnOnce(T) -> Linted<U>) -> Linted<U> {
        match self {
            Linted::Ok(t) => f(t),
            Linted::Failed { path, message } => Linted::Failed { path, message },
            Linted::Skipped { path, message } => Linted::Skipped { path, message },
        }
    }
}

/// A file of `check`, made ready on the worker thread that linted it: compared
/// and judged when there is a base, and its report rendered when the format's
/// report of a file depends on that file alone.
struct Checked {
    file: Box<FileReport>,
    /// With a base: whether the file fails the run, and its findings counted
    /// before a format that shows only new findings drops the others.
    gate_failed: bool,
    compared: Option<Compared>,
    shown: Option<Vec<u8>>,
}

struct Job<'a> {
    policy: &'a Policy,
    stdin_name: String,
}

impl Job<'_> {
    fn lint(&self, input: &Input) -> Linted {
        let explicit = !matches!(input, Input::File { explicit: false, .. });
        let (path, text) = match read_input(input, &self.stdin_name) {
            Ok(x) => x,
            Err((path, message, true)) if !explicit => {
                return Linted::Skipped { path, message };
            }
            Err((path, message, _)) => return Linted::Failed { path, message },
        };
        match self.lint_text(path.clone(), text) {
            Ok(f) => Linted::Ok(Box::new(f)),
            Err(message) => Linted::Failed { path, message },
        }
    }

    /// Lint a text as the file at `path` (that path's policy).
    fn lint_text(&self, path: String, text: String) -> Result<FileReport, String> {
        let (result, lines, file) = {
            let arena = crate::document::Arena::new();
            let doc = crate::document::Document::parse(&text, &arena);
            let file = self
                .policy
                .for_file(Some(Path::new(&path)), &doc)
                .map_err(|e| format!("{e}"))?;
            // The report keeps the model's line index (moved, not copied:
            // a big file has millions of lines).
            (file.lint(&doc), doc.lines, file)
        };
        Ok(FileReport::with_lines(path, text, lines, result, file))
    }
}

/// The config (`--config`, else discovered) and the flags, as one policy.
fn policy(args: &CheckArgs) -> Result<Policy, Error> {
    let flags = Flags {
        rubric: args.rubric.rubric.clone(),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        min_score: args.min_score,
    };
    Policy::new(load_config(&args.rubric.config)?, flags, Default::default())
}

fn check(args: CheckArgs) -> Result<ExitCode, Error> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    if args.stdin_filename.is_some() && !paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Box::new(
            PlainError::new(
                "designlint::usage",
                "--stdin-filename names standard input, but `-` is not among the paths",
            )
            .help("to lint standard input: `designlint check - --stdin-filename docs/design.md`"),
        ));
    }
    let compared = args.diff_base.is_some() || args.baseline.is_some();
    if !compared && (args.fail_on == Some(FailOn::New) || args.max_drop.is_some()) {
        return Err(Box::new(PlainError::new(
            "designlint::usage",
            "--fail-on new and --max-drop need a base to compare with: --diff-base REF or --baseline FILE",
        )));
    }
    if args.diff_base.is_some() && paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Box::new(PlainError::new(
            "designlint::usage",
            "--diff-base lints files changed in git, not standard input",
        )));
    }
    let policy = policy(&args)?;
    if args.watch {
        // Each run after the first reads the config and rubrics again.
        let configs = watched_configs(&args, policy.config());
        let mut first = Some(policy);
        return crate::watch::run(&paths, &configs, || {
            let policy = match first.take() {
                Some(p) => p,
                None => self::policy(&args)?,
            };
            lint_and_report(&args, &paths, &policy)
        });
    }
    lint_and_report(&args, &paths, &policy)
}

/// The files whose change calls for a new run of `check --watch`: the config
/// (or where one would be found) and the rubric files it or `--rubric` names.
fn watched_configs(args: &CheckArgs, cfg: &Config) -> Vec<PathBuf> {
    let mut files = match &args.rubric.config {
        Some(p) => vec![p.clone()],
        None => config::FILE_NAMES.iter().map(PathBuf::from).collect(),
    };
    if let Some(src) = &cfg.source {
        files.push(src.path.clone());
    }
    let file = |s: &&String| !rubric::builtin_names().contains(&s.as_str());
    let specs = cfg
        .rubric
        .iter()
        .chain(cfg.overrides.iter().filter_map(|o| o.rubric.as_ref()));
    files.extend(specs.filter(file).map(|s| cfg.root.join(s)));
    files.extend(args.rubric.rubric.iter().filter(file).map(PathBuf::from));
    files
}

/// Discover, lint and report once (`check`, and each run of `check --watch`).
fn lint_and_report(args: &CheckArgs, paths: &[PathBuf], policy: &Policy) -> Result<ExitCode, Error> {
    let base = match (&args.diff_base, &args.baseline) {
        (Some(rev), _) => Some(crate::base::GitBase::new(rev, paths, policy.config()).map(Base::Git)),
        (None, Some(file)) => Some(Base::file(file)),
        (None, None) => None,
    }
    .transpose()
    .map_err(|e| Box::new(PlainError::new("designlint::base", e)) as Error)?;
    let fail_on = args
        .fail_on
        .unwrap_or(if base.is_some() { FailOn::New } else { FailOn::All });
    let (inputs, walk_errors) = match &base {
        Some(Base::Git(g)) => (g.inputs.clone(), Vec::new()),
        _ => discover::discover(paths, policy.config()),
    };
    let mut failed = false;
    for e in &walk_errors {
        failed = true;
        print_error(walk_error(e));
    }
    if inputs.is_empty() && walk_errors.is_empty() && args.format == Format::Human && base.is_none() {
        // Every path named was left out by `exclude`: nothing to lint, nothing to say
        // (a machine format still writes its empty report).
        return Ok(ExitCode::SUCCESS);
    }
    let job = Job {
        policy,
        stdin_name: args.stdin_filename.clone().unwrap_or_else(|| "<stdin>".into()),
    };
    let rubric = policy.default_rubric();
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let opts = ReportOptions {
        color,
        quiet: args.quiet,
        statistics: args.statistics,
        width: 100,
        compared: base.is_some(),
        show_evidence: args.show_evidence,
    };
    let mut fmt = report::formatter(args.format, opts, &rubric.name);
    // A reader that goes away (`| head -1`) ends the output, not the run.
    let mut out = crate::stdio::stdout();
    let mut summary = Summary {
        base: base.as_ref().map(|b| b.label().to_string()),
        ..Summary::default()
    };
    let lint_text = |p: String, t: String| job.lint_text(p, t);
    let mut gate_failed = false;
    let bar = crate::progress::bar(inputs.len());
    // Asked once: the bar's lock is held while a suspended closure runs.
    let bar_shown = !bar.is_hidden();
    fmt.begin(&mut out, rubric).map_err(io_err)?;
    // Lint in parallel and stream the output in input order.
    let render = fmt.renderer();
    let render = render.as_deref();
    let shows_existing = args.format.shows_existing();
    crate::parallel::for_each_ordered(
        &inputs,
        |i| {
            job.lint(i).and_then(|mut f| {
                let (mut gate_failed, mut compared) = (false, None);
                if let Some(b) = &base {
                    if let Err(message) = b.compare(&mut f, &lint_text) {
                        return Linted::Failed {
                            path: f.path,
                            message,
                        };
                    }
                    gate_failed = judge(&mut f, fail_on, args.max_drop);
                    compared = f.comparison.as_deref().map(Compared::of);
                    if !shows_existing {
                        f.keep_new_only();
                    }
                }
                let shown = render.and_then(|r| {
                    let mut text = Vec::new();
                    r.render(&mut text, &f).is_ok().then_some(text)
                });
                Linted::Ok(Checked {
                    file: f,
                    gate_failed,
                    compared,
                    shown,
                })
            })
        },
        |r| {
            match r {
                Linted::Ok(c) => {
                    gate_failed |= c.gate_failed;
                    if let Some(n) = c.compared {
                        summary.add_comparison(n);
                    }
                    let f = &c.file;
                    summary.add(f);
                    bar.suspend(|| {
                        match &c.shown {
                            Some(text) => fmt.rendered(&mut out, f, text)?,
                            None => fmt.file(&mut out, f)?,
                        }
                        if bar_shown {
                            out.flush()?;
                        }
                        Ok(())
                    })
                    .map_err(io_err)?;
                }
                Linted::Failed { path, message } => {
                    failed = true;
                    let _ = out.flush();
                    bar.suspend(|| print_error(lint_error(&path, &message)));
                }
                Linted::Skipped { path, message } => {
                    if args.verbose {
                        crate::stdio::eprintln(format_args!("skipped {path}: it {message}"));
                    }
                }
            }
            bar.inc(1);
            Ok::<(), Error>(())
        },
    )?;
    bar.finish_and_clear();
    if let Some(b) = &base {
        match b.removed(&lint_text) {
            Ok(r) => {
                summary.fixed += r.iter().map(|r| r.fixed).sum::<usize>();
                summary.removed = r;
            }
            Err(e) => {
                failed = true;
                print_error(Box::new(PlainError::new("designlint::base", e)));
            }
        }
    }
    fmt.finish(&mut out, &summary).map_err(io_err)?;
    out.flush().map_err(io_err)?;
    let lint_failed = if base.is_some() {
        gate_failed
    } else {
        summary.errors > 0 || summary.below_min > 0
    };
    Ok(if failed {
        ExitCode::from(2)
    } else if lint_failed && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Decide whether a compared file fails the run (noting why in its
/// comparison); `--min-score` is dropped where it does not apply.
fn judge(f: &mut FileReport, fail_on: FailOn, max_drop: Option<f64>) -> bool {
    let Some(c) = &f.comparison else {
        return false;
    };
    if !baseline::min_score_applies(c, &f.result.score, fail_on) {
        f.min_score = None;
    }
    let why = f.failures(fail_on, max_drop);
    let failed = !why.is_empty();
    if let Some(c) = &mut f.comparison {
        c.failures = why;
    }
    failed
}

fn walk_error(e: &discover::DiscoverError) -> Error {
    Box::new(if e.no_markdown {
        PlainError::new(
            "designlint::no-files",
            format!("no Markdown files found in {}", e.path.display()),
        )
        .help("designlint lints *.md and *.markdown files; files ignored by .gitignore are skipped")
    } else {
        PlainError::new("designlint::io", format!("{}: {}", e.path.display(), e.message))
    })
}

fn lint_error(path: &str, message: &str) -> Error {
    Box::new(PlainError::new(
        "designlint::io",
        format!("{path} {message}").replace("  ", " "),
    ))
}

/// Lint every Markdown file under `paths` with the config's policy and keep
/// the reports (`baseline`, `report`). Files that cannot be read are reported
/// on stderr and make the flag true; the others are still linted.
fn lint_all(paths: &[PathBuf], args: &RubricArgs) -> Result<(Vec<FileReport>, bool), Error> {
    let flags = Flags {
        rubric: args.rubric.clone(),
        ..Flags::default()
    };
    let policy = Policy::new(load_config(&args.config)?, flags, Default::default())?;
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let (inputs, walk_errors) = discover::discover(&paths, policy.config());
    let mut failed = !walk_errors.is_empty();
    for e in &walk_errors {
        print_error(walk_error(e));
    }
    let job = Job {
        policy: &policy,
        stdin_name: "<stdin>".into(),
    };
    let bar = crate::progress::bar(inputs.len());
    let mut files = Vec::new();
    crate::parallel::for_each_ordered(
        &inputs,
        |i| job.lint(i),
        |r| {
            match r {
                Linted::Ok(f) => files.push(*f),
                Linted::Failed { path, message } => {
                    failed = true;
                    bar.suspend(|| print_error(lint_error(&path, &message)));
                }
                Linted::Skipped { .. } => {}
            }
            bar.inc(1);
            Ok::<(), Error>(())
        },
    )?;
    bar.finish_and_clear();
    Ok((files, failed))
}

fn plain(code: &str, message: String) -> Error {
    Box::new(PlainError::new(code, message))
}

/// `designlint baseline`: record today's findings and scores, or (`--prune`)
/// drop from an existing baseline what no longer occurs.
fn record_baseline(args: BaselineArgs) -> Result<ExitCode, Error> {
    let (files, failed) = lint_all(&args.paths, &args.rubric)?;
    if failed {
        crate::stdio::eprintln(format_args!(
            "{} not written: some files could not be linted",
            args.output.display()
        ));
        return Ok(ExitCode::from(2));
    }
    let name = args.output.display();
    let b = if args.prune {
        let mut b = baseline::Baseline::load(&args.output).map_err(|e| plain("designlint::baseline", e))?;
        let mut pruned = 0;
        for f in &files {
            let key = b.key(&f.path);
            if let Some(entry) = b.files.get_mut(&key) {
                let (_, fixed) = baseline::compare(&entry.findings, &f.findings());
                for x in fixed {
                    if let Some(i) = entry.findings.iter().position(|e| *e == x) {
                        entry.findings.remove(i);
                        pruned += 1;
                    }
                }
            }
        }
        for r in b.removed() {
            b.files.remove(&r.path);
            pruned += r.fixed;
        }
        crate::stdio::eprintln(format_args!(
            "{name}: pruned {pruned} finding(s) that no longer occur"
        ));
        b
    } else {
        let dir = baseline::absolute(&args.output)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut b = baseline::Baseline::new(dir);
        for f in &files {
            b.record(&f.path, &f.result.score, f.findings());
        }
        let n: usize = b.files.values().map(|f| f.findings.len()).sum();
        crate::stdio::eprintln(format_args!(
            "{name}: recorded {n} finding(s) in {} file(s)",
            b.files.len()
        ));
        b
    };
    std::fs::write(&args.output, b.to_json()).map_err(|e| {
        plain(
            "designlint::io",
            format!("cannot write {name}: {}", discover::io_message(&e)),
        )
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `designlint report --html FILE`.
fn html_report(args: ReportArgs) -> Result<ExitCode, Error> {
    let (files, failed) = lint_all(&args.paths, &args.rubric)?;
    let page = report::html::render(&files);
    std::fs::write(&args.html, page).map_err(|e| {
        plain(
            "designlint::io",
            format!(
                "cannot write {}: {}",
                args.html.display(),
                discover::io_message(&e)
            ),
        )
    })?;
    crate::stdio::eprintln(format_args!(
        "{}: {} document(s)",
        args.html.display(),
        files.len()
    ));
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn io_err(e: std::io::Error) -> Error {
    Box::new(PlainError::new(
        "designlint::io",
        format!("cannot write the output: {e}"),
    ))
}
