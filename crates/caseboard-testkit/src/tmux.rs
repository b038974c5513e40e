//! A real terminal for the end-to-end tests: the binary run in a detached
//! tmux session, keys sent to it, and waits for what its screen shows
//! (never fixed sleeps: a slow machine only waits longer).

use std::process::Command;
use std::time::{Duration, Instant};

/// One tmux server of its own (`-L socket`) and a session in it.
pub struct Tmux {
    pub socket: String,
    pub target: String,
}

impl Tmux {
    /// A server of this test process's own for the session `name`, so tests
    /// running at once never share one.
    pub fn named(name: &str) -> Tmux {
        Tmux {
            socket: format!("caseboard-{name}-{}", std::process::id()),
            target: name.into(),
        }
    }

    /// Starts the session `target` on `socket`'s server, `width`×`height`,
    /// running the shell command `command`.
    pub fn start(&self, (width, height): (u16, u16), command: &str) {
        self.run(&[
            "new-session",
            "-d",
            "-s",
            &self.target,
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            command,
        ]);
    }

    /// Runs a tmux command against this server; its standard output.
    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux must be installed for the end-to-end test (apt-get install tmux)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// What the pane shows now.
    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", &self.target])
    }

    /// Sends keys as `tmux send-keys` takes them (`-l` for literal text).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", self.target.as_str()];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Waits until the screen shows `needle`, for up to ten seconds.
    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_for_all(&[needle])
    }

    /// Waits until the screen no longer shows `needle`. Keys sent after
    /// Escape must wait for it to land: an Escape and the key after it,
    /// read together, are one Alt-key.
    pub fn wait_until_gone(&self, needle: &str) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if !screen.contains(needle) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "timed out waiting for {needle:?} to go; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the screen shows every one of `needles` at once (a
    /// capture may catch a frame half drawn).
    pub fn wait_for_all(&self, needles: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if needles.iter().all(|n| screen.contains(n)) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "timed out waiting for {needles:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}
