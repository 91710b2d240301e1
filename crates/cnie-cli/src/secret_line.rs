//! One secret line (a PIN, a PUK) from standard input, read without std's buffered
//! `Stdin`: byte by byte from a duplicate of file descriptor 0 into a buffer allocated
//! once at its full size and wiped when dropped. No other buffer of the process holds a
//! copy, and nothing past the line's end is read (the next secret stays in the pipe).

use std::fs::File;
use std::io::{self, Read};

use zeroize::Zeroizing;

/// The longest line accepted, in bytes (PINs and PUKs are a few digits).
pub const MAX_LINE: usize = 256;

/// Why no line was read.
#[derive(Debug, thiserror::Error)]
pub enum LineError {
    /// Standard input ended before any byte.
    #[error("standard input is empty")]
    Empty,
    /// No end of line within [`MAX_LINE`] bytes.
    #[error("the line is longer than {MAX_LINE} bytes")]
    TooLong,
    /// Reading failed.
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Standard input as an unbuffered file (a duplicate of its descriptor).
pub fn stdin() -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        Ok(File::from(io::stdin().as_fd().try_clone_to_owned()?))
    }
    #[cfg(windows)]
    {
        use std::os::windows::io::AsHandle;
        Ok(File::from(io::stdin().as_handle().try_clone_to_owned()?))
    }
}

/// Reads one line from `input` one byte at a time, without its `\n` (or `\r\n`); the
/// last line may lack its end of line. The buffer never grows (no copy is left behind
/// by a reallocation) and is wiped when dropped, on every path.
pub fn read_line(input: &mut impl Read) -> Result<Zeroizing<Vec<u8>>, LineError> {
    let mut line = Zeroizing::new(Vec::with_capacity(MAX_LINE));
    let mut byte = Zeroizing::new([0u8; 1]);
    let mut read_any = false;
    loop {
        match input.read(&mut byte[..]) {
            Ok(0) if !read_any => return Err(LineError::Empty),
            Ok(0) => break,
            Ok(_) => {
                read_any = true;
                let [b] = *byte;
                if b == b'\n' {
                    break;
                }
                if line.len() == MAX_LINE {
                    return Err(LineError::TooLong);
                }
                line.push(b);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(LineError::Io(e)),
        }
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn lines_from_a_pipe_leave_the_rest_unread() {
        let (mut reader, mut writer) = io::pipe().unwrap();
        writer.write_all(b"1234\n5678\r\nrest").unwrap();
        drop(writer);
        assert_eq!(read_line(&mut reader).unwrap().as_slice(), b"1234");
        assert_eq!(read_line(&mut reader).unwrap().as_slice(), b"5678");
        // Nothing beyond the second line was consumed: no read-ahead buffer holds it.
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b"rest");
        assert!(matches!(read_line(&mut reader), Err(LineError::Empty)));
    }

    #[test]
    fn the_last_line_may_lack_its_end_and_an_empty_line_is_empty() {
        assert_eq!(read_line(&mut &b"42"[..]).unwrap().as_slice(), b"42");
        assert_eq!(read_line(&mut &b"\n9"[..]).unwrap().as_slice(), b"");
        assert!(matches!(read_line(&mut &b""[..]), Err(LineError::Empty)));
    }

    #[test]
    fn a_line_too_long_is_refused_without_growing_the_buffer() {
        let long = vec![b'1'; MAX_LINE + 1];
        assert!(matches!(
            read_line(&mut long.as_slice()),
            Err(LineError::TooLong)
        ));
        let mut exact = vec![b'2'; MAX_LINE];
        exact.push(b'\n');
        let line = read_line(&mut exact.as_slice()).unwrap();
        assert_eq!(line.len(), MAX_LINE);
        assert_eq!(line.capacity(), MAX_LINE);
    }

    #[test]
    fn interrupted_reads_are_retried() {
        struct Flaky(Vec<u8>, bool);
        impl Read for Flaky {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                self.1 = !self.1;
                if self.1 {
                    return Err(io::ErrorKind::Interrupted.into());
                }
                let n = (&self.0[..]).read(buf)?;
                self.0.drain(..n);
                Ok(n)
            }
        }
        let mut input = Flaky(b"0000\n".to_vec(), false);
        assert_eq!(read_line(&mut input).unwrap().as_slice(), b"0000");
    }
}
