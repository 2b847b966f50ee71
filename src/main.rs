use clap::Parser;

fn main() -> std::process::ExitCode {
    designlint::cli::run(designlint::cli::Cli::parse())
}
