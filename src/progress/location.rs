//! Where the progress file lives, and why there.

use std::fmt;
use std::path::{Path, PathBuf};

use etcetera::BaseStrategy;

/// The environment variable that names the progress file.
pub const ENV: &str = "SYNCFIX_STATE";

const DIR: &str = "syncfix";
const FILE: &str = "progress.ron";

/// Where the progress path came from, for `syncfix paths` and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `--state FILE`.
    Flag,
    /// `$SYNCFIX_STATE`.
    Env,
    /// The platform's state directory (`$XDG_STATE_HOME`, else `~/.local/state`).
    StateDir,
    /// The data directory, on platforms without a state directory (Windows).
    DataDir,
    /// No home directory could be found: the system's temporary directory,
    /// which may not survive a restart.
    TempDir,
}

impl Origin {
    /// True when progress kept here may be lost on restart.
    pub fn is_temporary(self) -> bool {
        self == Origin::TempDir
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::Flag => "from --state",
            Origin::Env => "from $SYNCFIX_STATE",
            Origin::StateDir => "the state directory",
            Origin::DataDir => "the data directory (this platform has no state directory)",
            Origin::TempDir => {
                "the temporary directory (no home directory found; may not survive a restart)"
            }
        })
    }
}

/// Where the progress file is: `--state`, else `$SYNCFIX_STATE`, else the
/// platform's state directory.
pub fn resolve_path(flag: Option<&Path>) -> PathBuf {
    resolve(flag).0
}

/// [`resolve_path`], and where the path came from.
pub fn resolve(flag: Option<&Path>) -> (PathBuf, Origin) {
    let env = std::env::var_os(ENV).filter(|v| !v.is_empty());
    resolve_with(flag, env.as_deref().map(Path::new))
}

/// `resolve` with the environment variable's value passed in.
fn resolve_with(flag: Option<&Path>, env: Option<&Path>) -> (PathBuf, Origin) {
    if let Some(path) = flag {
        return (path.to_path_buf(), Origin::Flag);
    }
    if let Some(path) = env {
        return (path.to_path_buf(), Origin::Env);
    }
    let (dir, origin) = match etcetera::choose_base_strategy() {
        Ok(base) => match base.state_dir() {
            Some(dir) => (dir, Origin::StateDir),
            None => (base.data_dir(), Origin::DataDir),
        },
        Err(_) => (std::env::temp_dir(), Origin::TempDir),
    };
    (dir.join(DIR).join(FILE), origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_over_the_environment() {
        let (path, origin) = resolve_with(Some(Path::new("a.ron")), Some(Path::new("b.ron")));
        assert_eq!((path, origin), (PathBuf::from("a.ron"), Origin::Flag));
    }

    #[test]
    fn the_environment_wins_over_the_state_directory() {
        let (path, origin) = resolve_with(None, Some(Path::new("b.ron")));
        assert_eq!((path, origin), (PathBuf::from("b.ron"), Origin::Env));
    }

    #[test]
    fn the_default_is_syncfix_progress_ron_in_a_directory() {
        let (path, origin) = resolve_with(None, None);
        assert!(path.ends_with("syncfix/progress.ron"), "{}", path.display());
        assert_ne!(origin, Origin::Flag);
        assert_ne!(origin, Origin::Env);
    }
}
