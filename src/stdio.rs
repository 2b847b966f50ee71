//! Standard output and standard error that a reader going away cannot crash.
//!
//! `designlint check docs | head -1` closes the pipe after one line, and a
//! pre-commit or CI runner may close standard error early. `println!` and
//! `eprintln!` panic then (exit 101). Here a closed standard output drops
//! what follows and the run goes on to the exit code its findings give, as
//! if the output had been read; what goes to standard error is written if it
//! can be (nobody is left to tell otherwise).

use std::fmt::Display;
use std::io::{self, ErrorKind, Write};

/// A writer that drops everything once its reader has gone (`BrokenPipe`);
/// other errors (a full disk) are still errors.
pub struct Out<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> Out<W> {
    pub fn new(inner: W) -> Self {
        Out { inner, closed: false }
    }

    /// `Ok(default)` for a broken pipe, from now on.
    fn settle<T>(&mut self, r: io::Result<T>, default: T) -> io::Result<T> {
        match r {
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(default)
            }
            r => r,
        }
    }
}

impl<W: Write> Write for Out<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let r = self.inner.write(buf);
        self.settle(r, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let r = self.inner.flush();
        self.settle(r, ())
    }
}

/// Standard output, locked and buffered, quiet once its reader has gone.
pub fn stdout() -> io::BufWriter<Out<io::StdoutLock<'static>>> {
    io::BufWriter::new(Out::new(io::stdout().lock()))
}

/// A line on standard error, or nothing when standard error is closed.
pub fn eprintln(line: impl Display) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Accepts `room` bytes, then reports the given error.
    struct Failing {
        room: usize,
        kind: ErrorKind,
        written: Vec<u8>,
    }

    impl Write for Failing {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(self.kind.into());
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            self.written.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_broken_pipe_drops_the_rest_and_other_errors_stay_errors() {
        let mut out = Out::new(Failing {
            room: 4,
            kind: ErrorKind::BrokenPipe,
            written: Vec::new(),
        });
        assert!(out.write_all(b"one\ntwo\n").is_ok());
        assert!(out.write_all(b"three\n").and_then(|_| out.flush()).is_ok());
        assert_eq!(out.inner.written, b"one\n");

        let mut out = Out::new(Failing {
            room: 4,
            kind: ErrorKind::StorageFull,
            written: Vec::new(),
        });
        assert!(out.write_all(b"one\ntwo\n").is_err());
    }
}
