use super::*;

fn role_doc(policy: &str) -> String {
    format!(
        r#"{{"Role": {{"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r", "AssumeRolePolicyDocument": {policy}}}}}"#
    )
}

#[test]
fn audit_get_role_unscoped_github_is_high_with_a_narrower_policy() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/*"}}}]}"#;
    let a = audit(&role_doc(policy)).unwrap();
    assert_eq!(a.sources, vec![SourceKind::GetRole]);
    assert_eq!(a.roles.len(), 1);
    assert_eq!(a.highest(), Some(AuditSeverity::Medium));
    let wide = a
        .findings
        .iter()
        .find(|f| f.code == "stringlike_wide")
        .unwrap();
    let narrower = wide.narrower_policy.as_deref().unwrap();
    assert!(
        narrower.contains("repo:acme/REPOSITORY:ref:refs/heads/BRANCH"),
        "{narrower}"
    );
    assert!(
        narrower.contains("\"token.actions.githubusercontent.com:aud\": \"sts.amazonaws.com\""),
        "{narrower}"
    );
    assert!(a.roles[0].policy_has_placeholders);
    assert!(!a.providers_checked);
    assert_eq!(a.notes.len(), 1);
}

#[test]
fn audit_skips_roles_without_a_web_identity_provider() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#;
    let a = audit(&role_doc(policy)).unwrap();
    assert_eq!(a.roles_read, 1);
    assert!(a.roles.is_empty());
    assert_eq!(a.highest(), None);
}

#[test]
fn audit_findings_sorted_by_severity() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/audit/account.json"
    ))
    .unwrap();
    let a = audit(&text).unwrap();
    assert!(
        a.findings
            .windows(2)
            .all(|w| w[0].severity >= w[1].severity)
    );
}

fn account_fixture() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/audit/account.json"
    ))
    .unwrap()
}

#[test]
fn audit_run_in_steps_equals_the_whole_audit() {
    let text = account_fixture();
    let whole = audit(&text).unwrap();
    assert!(whole.roles_read > 10, "the fixture has many roles");
    for chunk in [1, 2, 7, whole.roles_read, usize::MAX] {
        let mut run = AuditRun::start(&text).unwrap();
        assert_eq!(run.total(), whole.roles_read);
        assert_eq!(run.done(), 0);
        let mut steps = 0;
        while !run.is_done() {
            let before = run.done();
            let now = run.step(chunk);
            assert_eq!(now, run.done());
            assert_eq!(
                now,
                before.saturating_add(chunk).min(run.total()),
                "chunk {chunk}"
            );
            steps += 1;
        }
        assert_eq!(
            steps,
            whole.roles_read.div_ceil(chunk.min(whole.roles_read))
        );
        // Stepping past the end changes nothing.
        assert_eq!(run.step(3), whole.roles_read);
        assert_eq!(run.finish(), whole, "chunk {chunk}");
    }
}

#[test]
fn audit_run_finished_early_audits_the_rest() {
    let text = account_fixture();
    let mut run = AuditRun::start(&text).unwrap();
    run.step(5);
    assert_eq!(run.done(), 5);
    assert!(!run.is_done());
    assert_eq!(run.finish(), audit(&text).unwrap());
    // A step of nothing moves nothing.
    let mut run = AuditRun::start(&text).unwrap();
    assert_eq!(run.step(0), 0);
    assert!(AuditRun::start("{\"Roles\": 3}").is_err());
}

#[test]
fn a_fix_that_is_the_detail_itself_is_marked_so() {
    let a = audit(&account_fixture()).unwrap();
    let mut marked = 0;
    for f in &a.findings {
        if f.fix == f.detail {
            assert!(f.fix_is_detail, "{}: its fix repeats its detail", f.code);
            marked += 1;
        } else {
            assert!(!f.fix_is_detail, "{}: a fix of its own", f.code);
        }
    }
    assert!(
        marked > 0,
        "the account has engine findings whose detail is the fix"
    );
}
