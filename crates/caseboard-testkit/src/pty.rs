//! A process on a pseudo-terminal, as a user's terminal runs it: its own
//! session with the pty as controlling terminal, a fixed window size, and
//! every byte it writes read back as it arrives. For measuring the binary
//! the way a user meets it (spawn to first frame), so nothing here hides a
//! cost: no shell, no multiplexer in between.

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A child process whose stdin, stdout and stderr are a pty's slave side.
pub struct Pty {
    master: File,
    pid: libc::pid_t,
    /// Everything the child has written so far.
    pub output: Vec<u8>,
    reaped: bool,
}

/// How a child ended.
#[derive(Debug, Clone, Copy)]
pub struct Ended {
    /// The raw wait status (see `libc::WEXITSTATUS`).
    pub status: i32,
}

impl Ended {
    /// Whether the child exited with status 0.
    pub fn success(&self) -> bool {
        libc::WIFEXITED(self.status) && libc::WEXITSTATUS(self.status) == 0
    }
}

fn cloexec(fd: libc::c_int) -> io::Result<()> {
    // SAFETY: fcntl on a descriptor this module owns.
    if unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

impl Pty {
    /// Spawns `command` on a new `cols`×`rows` pty. Its stdio are replaced.
    pub fn spawn(mut command: Command, cols: u16, rows: u16) -> io::Result<Pty> {
        let (mut master, mut slave) = (0, 0);
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty fills the two descriptors; name and termios unused.
        let done = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        if done < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: both descriptors were just opened and are owned here.
        let (master, slave) = unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        // Neither leaks into the child except as its stdio.
        cloexec(master.as_raw_fd())?;
        cloexec(slave.as_raw_fd())?;
        command
            .stdin(Stdio::from(slave.try_clone()?))
            .stdout(Stdio::from(slave.try_clone()?))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            command.pre_exec(|| {
                // A session of its own with the pty as controlling terminal,
                // so /dev/tty is the pty, as in a terminal emulator.
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn()?;
        // The parent's copies of the slave close with `command`: reading the
        // master then ends (EIO) once the child has exited.
        drop(command);
        Ok(Pty {
            master,
            pid: child.id() as libc::pid_t,
            output: Vec::new(),
            reaped: false,
        })
    }

    /// Reads whatever arrives within `timeout`; false once the child's side
    /// is closed. Answers a cursor-position query (as a terminal would) so a
    /// child asking never waits.
    fn read_some(&mut self, timeout: Duration) -> io::Result<bool> {
        let mut poll = libc::pollfd {
            fd: self.master.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = timeout.as_millis().min(i32::MAX as u128) as i32;
        // SAFETY: one valid pollfd.
        let n = unsafe { libc::poll(&mut poll, 1, ms) };
        if n < 0 {
            let e = io::Error::last_os_error();
            return if e.kind() == io::ErrorKind::Interrupted {
                Ok(true)
            } else {
                Err(e)
            };
        }
        if n == 0 {
            return Ok(true);
        }
        let mut buf = [0u8; 65536];
        match self.master.read(&mut buf) {
            Ok(0) => Ok(false),
            Ok(n) => {
                let start = self.output.len().saturating_sub(3);
                self.output.extend_from_slice(&buf[..n]);
                if self.output[start..].windows(4).any(|w| w == b"\x1b[6n") {
                    self.master.write_all(b"\x1b[1;1R")?;
                }
                Ok(true)
            }
            // Linux says EIO once every slave descriptor is closed.
            Err(e) if e.raw_os_error() == Some(libc::EIO) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Reads until `done(output)` holds; the time it first held, or `None`
    /// if the child closed the terminal or `timeout` passed first.
    pub fn read_until(
        &mut self,
        timeout: Duration,
        mut done: impl FnMut(&[u8]) -> bool,
    ) -> io::Result<Option<Instant>> {
        let deadline = Instant::now() + timeout;
        loop {
            if done(&self.output) {
                return Ok(Some(Instant::now()));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || !self.read_some(left)? {
                return Ok(None);
            }
        }
    }

    /// Types `keys` as the user would.
    pub fn send(&mut self, keys: &[u8]) -> io::Result<()> {
        self.master.write_all(keys)
    }

    /// Reads until the child closes its terminal (or `timeout`, when it is
    /// ended with SIGKILL), then reaps it.
    pub fn finish(mut self, timeout: Duration) -> io::Result<Ended> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if !self.read_some(deadline.saturating_duration_since(Instant::now()))? {
                break;
            }
        }
        if Instant::now() >= deadline {
            // SAFETY: our own child, not yet reaped.
            unsafe { libc::kill(self.pid, libc::SIGKILL) };
        }
        let ended = wait(self.pid)?;
        self.reaped = true;
        Ok(ended)
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if !self.reaped {
            // SAFETY: our own child, not yet reaped.
            unsafe { libc::kill(self.pid, libc::SIGKILL) };
            let _ = wait(self.pid);
        }
    }
}

/// Waits for child `pid` and says how it ended.
pub fn wait(pid: libc::pid_t) -> io::Result<Ended> {
    let mut status = 0;
    loop {
        // SAFETY: waiting for our own child.
        let r = unsafe { libc::waitpid(pid, &mut status, 0) };
        if r == pid {
            return Ok(Ended { status });
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// Runs `command` to its end (stdio as set on it), timing it from spawn to
/// exit.
pub fn run_timed(mut command: Command) -> io::Result<(Duration, Ended)> {
    let start = Instant::now();
    let child = command.spawn()?;
    let ended = wait(child.id() as libc::pid_t)?;
    Ok((start.elapsed(), ended))
}

/// `command` run under `/usr/bin/time`, which writes the child's peak
/// resident memory (KiB) to `report` (read it with [`peak_kb`]).
///
/// Not the child's own `ru_maxrss` from `wait4`: a child spawned by
/// vfork (as `Command` spawns) starts from its parent's address space, and
/// Linux counts that space's high-water mark into the child's at exec, so
/// a bench holding a large session would inflate every child it measures.
/// `time` is small, and forks before its exec.
pub fn under_time(command: &Command, report: &Path) -> Command {
    let mut timed = Command::new("/usr/bin/time");
    timed
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(report)
        .arg(command.get_program())
        .args(command.get_args());
    for (name, value) in command.get_envs() {
        match value {
            Some(v) => timed.env(name, v),
            None => timed.env_remove(name),
        };
    }
    if let Some(dir) = command.get_current_dir() {
        timed.current_dir(dir);
    }
    timed
}

/// The peak memory [`under_time`] reported, in KiB.
pub fn peak_kb(report: &Path) -> Option<u64> {
    std::fs::read_to_string(report)
        .ok()?
        .lines()
        .rev()
        .find_map(|l| l.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The child sees a terminal of the size asked for, reads what is typed
    /// and its exit is reaped.
    #[test]
    fn a_child_sees_the_terminal_and_what_is_typed() {
        let mut sh = Command::new("sh");
        sh.arg("-c")
            .arg("stty size; [ -t 0 ] && echo tty; read line; echo got $line");
        let mut pty = Pty::spawn(sh, 200, 50).expect("spawn");
        let seen = pty
            .read_until(Duration::from_secs(10), |out| {
                find(out, b"50 200").is_some() && find(out, b"tty").is_some()
            })
            .expect("read");
        assert!(seen.is_some(), "{}", String::from_utf8_lossy(&pty.output));
        pty.send(b"hello\r").expect("type");
        pty.read_until(Duration::from_secs(10), |out| {
            find(out, b"got hello").is_some()
        })
        .expect("read");
        let ended = pty.finish(Duration::from_secs(10)).expect("reap");
        assert!(ended.success());
    }

    /// The peak memory of a child is its own, not the measuring process's.
    #[test]
    fn peak_memory_is_the_childs_own() {
        if !Path::new("/usr/bin/time").exists() {
            return;
        }
        // Make this process large, so inheriting its figure would show.
        let ballast = vec![1u8; 256 << 20];
        let dir = tempfile::tempdir().expect("dir");
        let report = dir.path().join("time");
        let mut c = Command::new("true");
        c.stdout(Stdio::null());
        let (_, ended) = run_timed(under_time(&c, &report)).expect("run");
        assert!(ended.success());
        let kb = peak_kb(&report).expect("a figure");
        assert!(kb > 0 && kb < 64 << 10, "{kb} KiB for `true`");
        std::hint::black_box(ballast);
    }

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }
}
