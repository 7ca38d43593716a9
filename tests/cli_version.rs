//! `tokenscope --version` names the crate's version and the commit the binary was built from.

use std::process::Command;

#[test]
fn version_names_the_cargo_version_and_the_commit_built_from() {
    let out = Command::new(env!("CARGO_BIN_EXE_tokenscope"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let rest = text
        .trim_end()
        .strip_prefix(&format!("tokenscope {version} (commit "))
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or_else(|| panic!("unexpected --version output: {text:?}"));
    // build.rs asks git unless the build scripts set TOKENSCOPE_COMMIT; in a checkout the two agree.
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    match (std::env::var("TOKENSCOPE_COMMIT"), head) {
        (Ok(set), _) if !set.trim().is_empty() => assert_eq!(rest, set.trim()),
        (_, Some(head)) => assert_eq!(rest, head, "the commit recorded is HEAD's"),
        _ => assert_eq!(rest, "unknown", "outside git the commit is unknown"),
    }
}
