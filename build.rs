//! Records the commit this crate is built from as `TOKENSCOPE_COMMIT` (`core::version::COMMIT`):
//! shown in the page's footer, `tokenscope --version` and every share link.
//!
//! The commit comes from `$TOKENSCOPE_COMMIT` when set (scripts/release sets it, with `-dirty` for
//! a tree with uncommitted changes), else from `git rev-parse HEAD`; a build outside a git
//! checkout, or without git, records `unknown` and does not fail.
//!
//! Cargo reruns this script only when HEAD moves: it watches this worktree's `HEAD`, its reflog
//! and the branch's ref (loose or packed) — never the index or the working tree, so editing or
//! staging files does not rebuild the crate, and nothing is watched outside a git checkout. Only
//! paths that exist are named (Cargo treats a missing one as always changed).

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=TOKENSCOPE_COMMIT");
    let commit = std::env::var("TOKENSCOPE_COMMIT")
        .ok()
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .or_else(commit_from_git)
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo::rustc-env=TOKENSCOPE_COMMIT={commit}");
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !text.is_empty()).then_some(text)
}

fn commit_from_git() -> Option<String> {
    let commit = git(&["rev-parse", "--short=12", "HEAD"])?;
    let absolute = |p: String| {
        let p = PathBuf::from(p);
        if p.is_absolute() {
            p
        } else {
            Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
        }
    };
    let git_dir = absolute(git(&["rev-parse", "--git-dir"])?);
    let common_dir = absolute(git(&["rev-parse", "--git-common-dir"])?);
    let mut watched = vec![git_dir.join("HEAD"), git_dir.join("logs/HEAD")];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(common_dir.join(branch));
    }
    watched.push(common_dir.join("packed-refs"));
    for path in watched.iter().filter(|p| p.is_file()) {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    Some(commit)
}
