//! A progress bar on stderr for long runs: only when stderr is a terminal,
//! the run has many files, and no CI is set (CI logs are not terminals, but
//! some CI runners fake one). Never when stderr is piped.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// From this many files on, a run shows its progress.
pub const MANY_FILES: usize = 200;

/// Whether a run of `files` files shows a progress bar, given whether stderr
/// is a terminal and whether the environment says CI.
pub fn wanted(files: usize, stderr_is_terminal: bool, ci: bool) -> bool {
    files >= MANY_FILES && stderr_is_terminal && !ci
}

/// A bar for `files` files, or a hidden one that draws nothing.
pub fn bar(files: usize) -> ProgressBar {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    if !wanted(files, std::io::stderr().is_terminal(), ci) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed_precise} (eta {eta})")
            .expect("a valid template")
            .progress_chars("█▓░"),
    );
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_long_runs_on_a_terminal_outside_ci() {
        assert!(wanted(MANY_FILES, true, false));
        assert!(!wanted(MANY_FILES - 1, true, false));
        assert!(!wanted(10_000, false, false));
        assert!(!wanted(10_000, true, true));
    }
}
