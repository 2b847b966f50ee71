//! Errors for people: every user-facing error is a miette diagnostic with the
//! file, the span and a help line.

use miette::{Diagnostic, NamedSource, SourceSpan};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A file the user wrote (a config, a rubric), kept for errors that point into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// An error located in a file the user wrote (a config, a rubric, a write-up).
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
pub struct SourceError {
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    #[help]
    pub help: Option<String>,
    #[diagnostic(code)]
    pub code: String,
}

impl SourceError {
    pub fn new(code: &str, path: &Path, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let span = crate::text::clamp_span(text, span);
        SourceError {
            message: message.into(),
            src: NamedSource::new(path.display().to_string(), text.to_string()),
            span: (span.start, span.len()).into(),
            label: "here".into(),
            help: None,
            code: code.into(),
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// An error with no source span: a file that cannot be read, a bad argument.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
pub struct PlainError {
    pub message: String,
    #[help]
    pub help: Option<String>,
    #[diagnostic(code)]
    pub code: String,
}

impl PlainError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        PlainError {
            message: message.into(),
            help: None,
            code: code.into(),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A TOML syntax or schema error, with its span.
pub fn toml_error(src: &SourceFile, e: &toml::de::Error) -> Error {
    let span = e.span().unwrap_or(0..0);
    Box::new(
        SourceError::new(
            "designlint::toml",
            &src.path,
            &src.text,
            span,
            format!("invalid TOML in {}", src.path.display()),
        )
        .label(e.message().to_string()),
    )
}

/// Any error designlint reports to the user; all of them exit with code 2.
pub type Error = Box<dyn Diagnostic + Send + Sync + 'static>;

/// Print an error for people, on standard error.
pub fn print_error(e: Error) {
    crate::stdio::eprintln(format_args!("{:?}", miette::Report::new_boxed(e)));
}
