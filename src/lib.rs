//! designlint: lint and score system-design write-ups in Markdown.
//!
//! Data flows one way: files → [`document::Document`] → [`engine`] (rules of a
//! [`rubric::Rubric`]) → [`score`] → [`report`] formatters. See ARCHITECTURE.md.

pub mod base;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod discover;
pub mod document;
pub mod engine;
pub mod error;
pub mod estimate;
pub mod eval;
pub mod git;
pub mod lsp;
pub mod new;
pub mod parallel;
pub mod policy;
pub mod progress;
pub mod report;
pub mod rubric;
pub mod rules;
pub mod score;
pub mod stdio;
pub mod text;
pub mod watch;

#[cfg(test)]
#[path = "../tests/support/fixtures.rs"]
mod test_support;
