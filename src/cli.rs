//! The command line: clap definitions and dispatch to commands.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use crate::config::{self, Config};
use crate::discover::{self, Input};
use crate::engine;
use crate::error::{Error, PlainError};
use crate::report::{self, FileReport, Format, ReportOptions, Summary};
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
    New(crate::new::NewArgs),
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
}

pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => rules(args),
        Command::Explain(args) => explain(args),
        Command::Lsp => crate::lsp::run(),
        Command::New(args) => load_config(&args.rubric.config)
            .and_then(|cfg| load_rubric(&args.rubric, &cfg))
            .and_then(|rubric| crate::new::run(&args, &rubric)),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            print_error(e);
            ExitCode::from(2)
        }
    }
}

pub fn print_error(e: Error) {
    eprintln!("{:?}", miette::Report::new_boxed(e));
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
    let mut out = std::io::stdout().lock();
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

/// The text `explain` prints for a rule: its docs, then how its detector decides.
pub fn explain_text(rubric: &Rubric, r: &rubric::Rule) -> String {
    let phase = r
        .phase
        .map_or("findings".to_string(), |p| rubric.phases[p].title.clone());
    let mut s = format!("# {} {}\n\n{}\n\nPhase: {}. ", r.code, r.name, r.summary, phase);
    if r.is_item() {
        s.push_str(&format!("Weight: {} of {}. ", r.weight, rubric.total_weight()));
    } else {
        s.push_str(&format!("Penalty: {} points per finding. ", r.penalty));
    }
    s.push_str(&format!("Severity: {}.\n\n", r.severity.as_str()));
    s.push_str(r.docs.trim());
    s.push('\n');
    if let Some(d) = crate::rules::detector_docs(&r.detector_name) {
        s.push('\n');
        s.push_str(d.trim());
        s.push('\n');
    }
    s
}

fn explain(args: ExplainArgs) -> Result<ExitCode, Error> {
    let cfg = load_config(&args.rubric.config)?;
    let rubric = load_rubric(&args.rubric, &cfg)?;
    match rubric.rule(&args.rule) {
        Some(r) => {
            print!("{}", explain_text(&rubric, r));
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let mut e = PlainError::new(
                "designlint::unknown-rule",
                format!("unknown rule `{}` in the `{}` rubric", args.rule, rubric.name),
            );
            e = e.help(match rubric.closest(&args.rule) {
                Some(c) => format!("did you mean `{c}`? `designlint rules` lists them all"),
                None => "`designlint rules` lists the rules".into(),
            });
            Err(Box::new(e))
        }
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
    decode(bytes)
        .map(|t| (name.clone(), t))
        .map_err(|(msg, binary)| (name, msg, binary))
}

/// UTF-8 text, or a message naming the problem and the offset of the first bad byte.
/// The flag says whether the input is binary (a NUL byte).
pub fn decode(bytes: Vec<u8>) -> Result<String, (String, bool)> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(("is not valid UTF-8: it is UTF-16 text (a UTF-16 byte order mark at offset 0); designlint reads UTF-8: convert the file".into(), false));
    }
    if let Some(i) = memchr_nul(&bytes) {
        return Err((
            format!("is binary (a NUL byte at offset {i}), not Markdown"),
            true,
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let b = e.as_bytes()[at];
        let line = e.as_bytes()[..at].iter().filter(|c| **c == b'\n').count() + 1;
        (
            format!("is not valid UTF-8: byte 0x{b:02X} at offset {at} (line {line}); save it as UTF-8"),
            false,
        )
    })
}

fn memchr_nul(b: &[u8]) -> Option<usize> {
    memchr::memchr(0, b)
}

/// What linting one input gave.
enum Linted {
    Ok(FileReport),
    Failed { path: String, message: String },
    Skipped { path: String, message: String },
}

struct Job<'a> {
    cfg: &'a Config,
    default: &'a Arc<Rubric>,
    cache: std::sync::Mutex<std::collections::HashMap<String, Arc<Rubric>>>,
    cli_settings: (&'a [String], &'a [String]),
    /// `--rubric` was given: it wins over front matter and overrides.
    cli_rubric: bool,
    min_score: Option<f64>,
    stdin_name: String,
}

impl Job<'_> {
    /// A rubric by name or path, loaded once per run.
    fn cached(&self, spec: &str, base: &Path, ovs: &[&config::Override]) -> Result<Arc<Rubric>, Error> {
        let key = format!("{}\0{spec}", base.display());
        let mut cache = self.cache.lock().unwrap();
        if let Some(x) = cache.get(&key) {
            return Ok(x.clone());
        }
        let x = Arc::new(rubric::load(spec, base)?);
        for o in ovs {
            self.cfg.validate_rules(&x, Some(o))?;
        }
        cache.insert(key, x.clone());
        Ok(x)
    }

    /// The rubric for a file: `--rubric` wins, then the file's front matter
    /// (`designlint: { rubric: adr }`), then the config's overrides, then the config.
    fn rubric_for(
        &self,
        path: &Path,
        front_matter: Option<&str>,
    ) -> Result<(Arc<Rubric>, Option<f64>, engine::Settings), Error> {
        let ovs = self.cfg.overrides_for(path);
        let mut rubric = self.default.clone();
        let mut min = self.cfg.min_score;
        for o in &ovs {
            if let Some(r) = &o.rubric
                && !self.cli_rubric
            {
                rubric = self.cached(r, &self.cfg.root, &ovs)?;
            }
            if o.min_score.is_some() {
                min = o.min_score;
            }
        }
        if let Some(r) = front_matter
            && !self.cli_rubric
        {
            let base = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            rubric = self.cached(r, base, &ovs).map_err(|e| {
                let mut msg = format!("names rubric `{r}` in its front matter, which cannot be loaded: {e}");
                if let Some(h) = e.help() {
                    msg.push_str(&format!(" ({h})"));
                }
                Box::new(PlainError::new("designlint::rubric", msg)) as Error
            })?;
        }
        let mut settings = self.cfg.settings(&rubric, &ovs);
        if !self.cli_settings.0.is_empty() {
            settings.select = self.cli_settings.0.to_vec();
        }
        settings.ignore.extend(self.cli_settings.1.iter().cloned());
        Ok((rubric, self.min_score.or(min), settings))
    }

    fn lint(&self, input: &Input) -> Linted {
        let explicit = !matches!(input, Input::File { explicit: false, .. });
        let (path, text) = match read_input(input, &self.stdin_name) {
            Ok(x) => x,
            Err((path, message, true)) if !explicit => {
                return Linted::Skipped { path, message };
            }
            Err((path, message, _)) => return Linted::Failed { path, message },
        };
        let p = PathBuf::from(&path);
        let (result, lines) = {
            let doc = crate::document::Document::parse(&text);
            let front = doc
                .front_matter
                .as_ref()
                .and_then(|fm| rubric::front_matter::rubric(&text[fm.content.clone()], fm.kind));
            let (rubric, min, settings) = match self.rubric_for(&p, front.as_deref()) {
                Ok(x) => x,
                Err(e) => {
                    return Linted::Failed {
                        path,
                        message: format!("{e}"),
                    };
                }
            };
            (
                (engine::lint_document(&doc, &rubric, &settings), min),
                doc.lines.clone(),
            )
        };
        Linted::Ok(FileReport::with_lines(path, text, lines, result.0, result.1))
    }
}

fn check(args: CheckArgs) -> Result<ExitCode, Error> {
    let cfg = load_config(&args.rubric.config)?;
    let rubric = Arc::new(load_rubric(&args.rubric, &cfg)?);
    cfg.validate_rules(&rubric, None)?;
    for s in args.select.iter().chain(&args.ignore) {
        if !rubric.selector_known(s) {
            let mut e = PlainError::new(
                "designlint::unknown-rule",
                format!("unknown rule `{s}` in --select/--ignore"),
            );
            if let Some(c) = rubric.closest(s) {
                e = e.help(format!("did you mean `{c}`?"));
            }
            return Err(Box::new(e));
        }
    }
    if let Some(m) = args.min_score
        && !(0.0..=100.0).contains(&m)
    {
        return Err(Box::new(PlainError::new(
            "designlint::usage",
            "--min-score takes a number from 0 to 100",
        )));
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    if args.watch {
        return crate::watch::run(&paths, || lint_and_report(&args, &paths, &cfg, &rubric));
    }
    lint_and_report(&args, &paths, &cfg, &rubric)
}

/// Discover, lint and report once (`check`, and each run of `check --watch`).
fn lint_and_report(
    args: &CheckArgs,
    paths: &[PathBuf],
    cfg: &Config,
    rubric: &Arc<Rubric>,
) -> Result<ExitCode, Error> {
    let (inputs, walk_errors) = discover::discover(paths, cfg);
    let mut failed = false;
    for e in &walk_errors {
        failed = true;
        print_error(Box::new(PlainError::new(
            "designlint::io",
            format!("{}: {}", e.path.display(), e.message),
        )));
    }
    if inputs.is_empty() && walk_errors.is_empty() {
        print_error(Box::new(
            PlainError::new("designlint::no-files", format!("no Markdown files found in {}", join_paths(paths)))
                .help("designlint lints *.md and *.markdown files; files ignored by .gitignore or `exclude` are skipped"),
        ));
        return Ok(ExitCode::from(2));
    }
    let job = Job {
        cfg,
        default: rubric,
        cache: Default::default(),
        cli_settings: (&args.select, &args.ignore),
        cli_rubric: args.rubric.rubric.is_some(),
        min_score: args.min_score,
        stdin_name: args.stdin_filename.clone().unwrap_or_else(|| "<stdin>".into()),
    };
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let opts = ReportOptions {
        color,
        quiet: args.quiet,
        statistics: args.statistics,
        width: 100,
    };
    let mut fmt = report::formatter(args.format, opts, &rubric.name);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut summary = Summary::default();
    fmt.begin(&mut out, rubric).map_err(io_err)?;
    // Lint in parallel and stream the output in input order.
    crate::parallel::for_each_ordered(
        &inputs,
        |i| job.lint(i),
        |r| {
            match r {
                Linted::Ok(f) => {
                    summary.add(&f);
                    fmt.file(&mut out, &f).map_err(io_err)?;
                }
                Linted::Failed { path, message } => {
                    failed = true;
                    let _ = out.flush();
                    print_error(Box::new(PlainError::new(
                        "designlint::io",
                        format!("{path} {message}").replace("  ", " "),
                    )));
                }
                Linted::Skipped { path, message } => {
                    if args.verbose {
                        eprintln!("skipped {path}: it {message}");
                    }
                }
            }
            Ok::<(), Error>(())
        },
    )?;
    fmt.finish(&mut out, &summary).map_err(io_err)?;
    out.flush().map_err(io_err)?;
    Ok(if failed {
        ExitCode::from(2)
    } else if (summary.errors > 0 || summary.below_min > 0) && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn join_paths(p: &[PathBuf]) -> String {
    p.iter()
        .map(|x| x.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn io_err(e: std::io::Error) -> Error {
    Box::new(PlainError::new(
        "designlint::io",
        format!("cannot write the output: {e}"),
    ))
}
