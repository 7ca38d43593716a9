//! The generated trust policy as Terraform, CloudFormation, AWS CLI commands and eksctl: every
//! artefact is read back by an independent reader — Terraform by an HCL parser (`hcl-rs`),
//! CloudFormation by a YAML parser (`saphyr`), the shell scripts by a POSIX shell (`sh`, with
//! `aws`, `eksctl` and `kubectl` replaced by recorders) — and the policy it expresses must equal
//! the JSON policy the proof was run on. Tokens: the committed EKS example, every token of the
//! JOSE table the generator accepts, tokens built from claims in each issuer's documented shape,
//! tokens with hostile claim values, and the real EKS and GitHub tokens of `../shared/vectors`.
//!
//! Reader semantics followed: `aws_iam_policy_document` (one `condition` block per operator and
//! key, `&{` read as `${`; AWS provider documentation), CloudFormation's `Ref` of an
//! `AWS::IAM::OIDCProvider` (its ARN), `Fn::If`, `Fn::Sub` (`${!` is a literal `${`), and the
//! trust policy eksctl writes from its flags (eksctl `pkg/iam/oidc/api.go`).

#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::PathBuf;
use std::process::Command;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hcl::eval::{Context, Evaluate};
use saphyr::{LoadableYamlNode, Scalar, Yaml};
use serde_json::{Map, Value, json};
use tokenscope::core::generate::{
    self, Format, GenerateError, Generated, NotApplicableReason, Options, RenderError,
    RenderOptions, Scope,
};
use tokenscope::core::jwt::{self, Token};
use tokenscope::core::sts::provider_prefix;

const T0: i64 = 1_795_165_200;
const GH_ISS: &str = "https://token.actions.githubusercontent.com";
const ACCOUNT: &str = "444455556666";

fn token_for(claims: &Value) -> Token {
    let h = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k1","typ":"JWT"}"#);
    let p = URL_SAFE_NO_PAD.encode(claims.to_string());
    jwt::decode(&format!("{h}.{p}.{}", URL_SAFE_NO_PAD.encode([1u8; 256]))).unwrap()
}

fn k8s(iss: &str, ns: &str, sa: &str) -> Token {
    token_for(&json!({
        "aud": ["sts.amazonaws.com"], "exp": T0 + 3600, "iat": T0, "nbf": T0, "iss": iss,
        "kubernetes.io": {"namespace": ns, "serviceaccount": {"name": sa, "uid": "u-1"}},
        "sub": format!("system:serviceaccount:{ns}:{sa}"),
    }))
}

fn gh(sub: &str, extra: Value) -> Token {
    let mut c = json!({
        "aud": "sts.amazonaws.com", "exp": T0 + 600, "iat": T0, "nbf": T0, "iss": GH_ISS,
        "sub": sub, "repository": "octo-org/octo-repo", "repository_owner": "octo-org",
        "ref": "refs/heads/main", "event_name": "push",
    });
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    token_for(&c)
}

fn other(iss: &str, aud: &str, sub: &str) -> Token {
    token_for(&json!({"aud": aud, "exp": T0 + 600, "iat": T0, "iss": iss, "sub": sub}))
}

/// A token and the scopes to render it under.
struct Case {
    name: String,
    token: Token,
    scopes: Vec<Scope>,
}

fn case(name: &str, token: Token, scopes: &[Scope]) -> Case {
    Case {
        name: name.to_string(),
        token,
        scopes: scopes.to_vec(),
    }
}

fn example_token() -> Token {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/example/token.jwt"
    ))
    .unwrap();
    jwt::decode(&text).unwrap()
}

const EKS_ISS: &str =
    "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF012345678";

fn cases() -> Vec<Case> {
    use Scope::*;
    let mut out = vec![
        case("EKS example fixture", example_token(), &[Exact, Namespace]),
        case(
            "self-managed Kubernetes",
            k8s("https://k8s.example.com/cluster-1", "payments", "api"),
            &[Exact, Namespace],
        ),
        case(
            "GitHub branch",
            gh("repo:octo-org/octo-repo:ref:refs/heads/main", json!({})),
            &[Exact, Branch, Repository],
        ),
        case(
            "GitHub environment",
            gh(
                "repo:octo-org/octo-repo:environment:prod",
                json!({"environment": "prod"}),
            ),
            &[Exact, Environment, Repository],
        ),
        case(
            "other OIDC issuer",
            other("https://idp.example.com/realms/ci", "my-client", "job-42"),
            &[Exact],
        ),
        case(
            "Google (built-in provider)",
            preset_fixture("google"),
            &[Exact],
        ),
        case(
            "Cognito (built-in provider)",
            preset_fixture("cognito"),
            &[Exact],
        ),
    ];
    out.extend(jose_cases());
    out.extend(vector_cases());
    out
}

/// An issuer preset's fixture token (tests/fixtures/issuers, made with PyJWT).
fn preset_fixture(name: &str) -> Token {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/issuers/tokens");
    jwt::decode(&std::fs::read_to_string(format!("{dir}/{name}.jwt")).unwrap()).unwrap()
}

/// Every token of the JOSE table (made with pyca/cryptography and PyJWT) that the generator
/// accepts, under the exact scope.
fn jose_cases() -> Vec<Case> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/jose/cases.json"
    ))
    .unwrap();
    let table: Vec<Value> = serde_json::from_str(&text).unwrap();
    table
        .iter()
        .filter_map(|c| {
            let token = jwt::decode(c["token"].as_str()?).ok()?;
            generate::generate(&token, &Options::default()).ok()?;
            Some(case(
                &format!("jose {}", c["name"].as_str()?),
                token,
                &[Scope::Exact],
            ))
        })
        .collect()
}

/// The real tokens of `../shared/vectors` (see its SOURCES.md), when present.
fn vector_cases() -> Vec<Case> {
    let mut out = Vec::new();
    let eks = "k8s-sa-tokens/eks-nats-k8s-oidc-callout/token.jwt";
    if let Some(text) = common::vector("generate_formats real EKS token", eks) {
        let t = jwt::decode(&text).unwrap();
        out.push(case("real EKS token", t, &[Scope::Exact, Scope::Namespace]));
    }
    let github = "github-actions-oidc/flask-oidc/jwts/expired.txt";
    if let Some(text) = common::vector("generate_formats real GitHub token", github) {
        let t = jwt::decode(&text).unwrap();
        let scopes = [Scope::Exact, Scope::Branch, Scope::Repository];
        out.push(case("real GitHub token", t, &scopes));
    }
    out
}

fn generated(token: &Token, scope: Scope, account: Option<&str>) -> Generated {
    generate::generate(
        token,
        &Options {
            account: account.map(str::to_string),
            scope,
            partition: None,
        },
    )
    .unwrap()
}

fn provider_arn(g: &Generated) -> String {
    format!(
        "arn:aws:iam::{}:oidc-provider/{}",
        g.account,
        provider_prefix(&g.provider_url)
    )
}

/// Whether `sub` names one service account (`system:serviceaccount:NAMESPACE:NAME`).
fn is_kubernetes(token: &Token) -> bool {
    token
        .claim_str("sub")
        .and_then(|s| s.strip_prefix("system:serviceaccount:"))
        .and_then(|rest| rest.split_once(':'))
        .is_some_and(|(ns, sa)| !ns.is_empty() && !sa.is_empty() && !sa.contains(':'))
}

/// Why eksctl does not apply to `token`, or `None` when it does: a service account of an EKS
/// cluster (issuer `https://oidc.eks.REGION.amazonaws.com/id/ID`) only.
fn eksctl_refusal(token: &Token) -> Option<NotApplicableReason> {
    let iss = token.claim_str("iss").unwrap_or_default();
    let eks = iss.starts_with("https://oidc.eks.")
        && (iss.contains(".amazonaws.com/id/") || iss.contains(".amazonaws.com.cn/id/"));
    if !is_kubernetes(token) {
        Some(NotApplicableReason::NotServiceAccount)
    } else if !eks {
        Some(NotApplicableReason::NotEksCluster)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Terraform, read by hcl-rs

fn attr<'b>(body: &'b hcl::Body, key: &str) -> Option<&'b hcl::Expression> {
    body.attributes().find(|a| a.key() == key).map(|a| a.expr())
}

fn block<'b>(body: &'b hcl::Body, ident: &str, labels: &[&str]) -> Option<&'b hcl::Block> {
    body.blocks().find(|b| {
        b.identifier() == ident
            && b.labels()
                .iter()
                .map(|l| l.as_str())
                .eq(labels.iter().copied())
    })
}

fn eval(expr: &hcl::Expression, ctx: &Context) -> Result<Value, String> {
    let v = expr.evaluate(ctx).map_err(|e| format!("{e}"))?;
    serde_json::to_value(v).map_err(|e| e.to_string())
}

fn eval_strings(expr: &hcl::Expression, ctx: &Context) -> Result<Vec<String>, String> {
    match eval(expr, ctx)? {
        Value::Array(items) => items
            .into_iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or("not a string".to_string())
            })
            .collect(),
        other => Err(format!("expected a list, found {other}")),
    }
}

/// One value or a list, as `aws_iam_policy_document` writes them, with `&{` read as `${`.
fn document_value(values: Vec<String>) -> Value {
    let mut values: Vec<Value> = values
        .into_iter()
        .map(|v| Value::String(v.replace("&{", "${")))
        .collect();
    if values.len() == 1 {
        values.remove(0)
    } else {
        Value::Array(values)
    }
}

/// The policy `data "aws_iam_policy_document"` produces, following its documentation.
fn policy_document(data: &hcl::Body, ctx: &Context) -> Result<(Value, usize), String> {
    let mut statements = Vec::new();
    let mut condition_blocks = 0;
    for st in data.blocks().filter(|b| b.identifier() == "statement") {
        let b = st.body();
        let mut s = Map::new();
        if let Some(sid) = attr(b, "sid") {
            s.insert("Sid".into(), eval(sid, ctx)?);
        }
        let effect = attr(b, "effect").map_or(Ok(json!("Allow")), |e| eval(e, ctx))?;
        s.insert("Effect".into(), effect);
        let mut principal = Map::new();
        for p in b.blocks().filter(|p| p.identifier() == "principals") {
            let kind = eval(
                attr(p.body(), "type").ok_or("principals without type")?,
                ctx,
            )?;
            let ids = eval_strings(
                attr(p.body(), "identifiers").ok_or("principals without identifiers")?,
                ctx,
            )?;
            principal.insert(kind.as_str().unwrap().to_string(), document_value(ids));
        }
        s.insert("Principal".into(), Value::Object(principal));
        let actions = eval_strings(attr(b, "actions").ok_or("no actions")?, ctx)?;
        s.insert("Action".into(), document_value(actions));
        let mut condition = Map::new();
        for c in b.blocks().filter(|c| c.identifier() == "condition") {
            condition_blocks += 1;
            let cb = c.body();
            let test = eval(attr(cb, "test").ok_or("no test")?, ctx)?;
            let variable = eval(attr(cb, "variable").ok_or("no variable")?, ctx)?;
            let values = eval_strings(attr(cb, "values").ok_or("no values")?, ctx)?;
            let op = condition
                .entry(test.as_str().unwrap().replace("&{", "${"))
                .or_insert_with(|| json!({}));
            op.as_object_mut().unwrap().insert(
                variable.as_str().unwrap().replace("&{", "${"),
                document_value(values),
            );
        }
        if !condition.is_empty() {
            s.insert("Condition".into(), Value::Object(condition));
        }
        statements.push(Value::Object(s));
    }
    Ok((
        json!({"Version": "2012-10-17", "Statement": statements}),
        condition_blocks,
    ))
}

fn condition_pairs(policy: &Value) -> usize {
    policy["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["Condition"].as_object())
        .flat_map(|ops| ops.values())
        .map(|keys| keys.as_object().unwrap().len())
        .sum()
}

fn check_terraform(g: &Generated, role: &str, text: &str) -> Result<(), String> {
    let body = hcl::parse(text).map_err(|e| format!("HCL: {e}"))?;
    let mut ctx = Context::new();
    ctx.declare_var(
        "aws_iam_openid_connect_provider",
        hcl::value!({ this = { arn = (provider_arn(g)) } }),
    );
    ctx.declare_var(
        "data",
        hcl::value!({ aws_iam_policy_document = { trust = { json = "DOCUMENT" } } }),
    );
    ctx.declare_var("aws_iam_role", hcl::value!({ this = { arn = "ROLE" } }));
    if g.builtin {
        // A built-in provider: named as it stands, no IAM OIDC provider (AWS says not to).
        if block(
            &body,
            "resource",
            &["aws_iam_openid_connect_provider", "this"],
        )
        .is_some()
        {
            return Err("an IAM OIDC provider for a built-in provider".into());
        }
        return check_terraform_role(&body, &ctx, g, role);
    }
    let provider = block(
        &body,
        "resource",
        &["aws_iam_openid_connect_provider", "this"],
    )
    .ok_or("no aws_iam_openid_connect_provider.this")?;
    let url = eval(attr(provider.body(), "url").ok_or("no url")?, &ctx)?;
    if url != json!(g.provider_url) {
        return Err(format!("provider url {url}"));
    }
    let ids = eval(
        attr(provider.body(), "client_id_list").ok_or("no client_id_list")?,
        &ctx,
    )?;
    if ids != json!([g.audience]) {
        return Err(format!("client_id_list {ids}"));
    }
    if attr(provider.body(), "thumbprint_list").is_some() {
        return Err("thumbprint_list written".into());
    }
    check_terraform_role(&body, &ctx, g, role)
}

/// The trust document, the role and its output.
fn check_terraform_role(
    body: &hcl::Body,
    ctx: &Context,
    g: &Generated,
    role: &str,
) -> Result<(), String> {
    let data = block(body, "data", &["aws_iam_policy_document", "trust"])
        .ok_or("no data.aws_iam_policy_document.trust")?;
    let (policy, conditions) = policy_document(data.body(), ctx)?;
    if policy != g.policy {
        return Err(format!(
            "the document expresses\n{policy:#}\nnot the JSON policy\n{:#}",
            g.policy
        ));
    }
    if conditions != condition_pairs(&g.policy) {
        return Err(format!("{conditions} condition blocks"));
    }
    let role_block =
        block(body, "resource", &["aws_iam_role", "this"]).ok_or("no aws_iam_role.this")?;
    let name = eval(attr(role_block.body(), "name").ok_or("no role name")?, ctx)?;
    if name != json!(role) {
        return Err(format!("role name {name}"));
    }
    let arp = attr(role_block.body(), "assume_role_policy").ok_or("no assume_role_policy")?;
    if eval(arp, ctx)? != json!("DOCUMENT") {
        return Err("assume_role_policy is not data.aws_iam_policy_document.trust.json".into());
    }
    let output = block(body, "output", &["role_arn"]).ok_or("no output")?;
    if eval(attr(output.body(), "value").ok_or("no value")?, ctx)? != json!("ROLE") {
        return Err("output role_arn".into());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// CloudFormation, read by saphyr

/// A YAML node as JSON, each tag resolved by `tag` (its name without `!`, and its operand).
fn yaml_json(
    y: &Yaml,
    tag: &dyn Fn(&str, &Yaml) -> Result<Value, String>,
) -> Result<Value, String> {
    Ok(match y {
        Yaml::Value(Scalar::String(s)) => json!(s),
        Yaml::Value(Scalar::Boolean(b)) => json!(b),
        Yaml::Value(Scalar::Integer(i)) => json!(i),
        Yaml::Value(other) => return Err(format!("scalar {other:?}")),
        Yaml::Representation(s, _, _) => json!(s),
        Yaml::Sequence(items) => Value::Array(
            items
                .iter()
                .map(|i| yaml_json(i, tag))
                .collect::<Result<_, _>>()?,
        ),
        Yaml::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let Yaml::Value(Scalar::String(k)) = k else {
                    return Err(format!("key {k:?}"));
                };
                out.insert(k.to_string(), yaml_json(v, tag)?);
            }
            Value::Object(out)
        }
        Yaml::Tagged(t, inner) => {
            if t.handle != "!" {
                return Err(format!("tag {}{}", t.handle, t.suffix));
            }
            tag(&t.suffix, inner)?
        }
        other => return Err(format!("node {other:?}")),
    })
}

fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::Value(Scalar::String(s)) | Yaml::Representation(s, _, _) => Some(s.to_string()),
        _ => None,
    }
}

/// `Fn::Sub` on `s` with the pseudo parameters of an account in the `aws` partition.
fn sub(s: &str, account: &str) -> Result<String, String> {
    let s = s
        .replace("${AWS::Partition}", "aws")
        .replace("${AWS::AccountId}", account);
    let literal = s.replace("${!", "");
    if literal.contains("${") {
        return Err(format!("unresolved variable in {s}"));
    }
    Ok(s.replace("${!", "${"))
}

/// CloudFormation's tags, resolved for an account in the `aws` partition: `!If` takes its
/// `branch`, `!Ref OidcProvider` is the provider's ARN, `!Sub` substitutes; other tags (outside
/// the policy) stay as `{"!Tag": operand}`.
fn cfn_tag(name: &str, operand: &Yaml, branch: bool, g: &Generated) -> Result<Value, String> {
    let again = |y: &Yaml| yaml_json(y, &|n, o| cfn_tag(n, o, branch, g));
    match (name, operand) {
        ("If", Yaml::Sequence(items)) => {
            let [cond, yes, no] = items.as_slice() else {
                return Err("!If without three items".into());
            };
            if scalar(cond).as_deref() != Some("CreatingOidcProvider") {
                return Err(format!("!If on {cond:?}"));
            }
            again(if branch { yes } else { no })
        }
        ("Ref", o) if scalar(o).as_deref() == Some("OidcProvider") => Ok(json!(provider_arn(g))),
        ("Sub", o) => Ok(json!(sub(
            &scalar(o).ok_or("!Sub of a collection")?,
            &g.account
        )?)),
        ("Ref" | "GetAtt" | "Equals", o) => Ok(json!({ format!("!{name}"): again(o)? })),
        _ => Err(format!("tag !{name} {operand:?}")),
    }
}

fn check_cloudformation(g: &Generated, role: &str, text: &str) -> Result<(), String> {
    let docs = Yaml::load_from_str(text).map_err(|e| format!("YAML: {e}"))?;
    let [doc] = docs.as_slice() else {
        return Err(format!("{} documents", docs.len()));
    };
    // The provider created (the condition true) and already there (false).
    for branch in [true, false] {
        let root = yaml_json(doc, &|n, o| cfn_tag(n, o, branch, g))?;
        if root["AWSTemplateFormatVersion"] != "2010-09-09" {
            return Err("AWSTemplateFormatVersion".into());
        }
        let res = &root["Resources"];
        let provider = &res["OidcProvider"];
        if g.builtin {
            // A built-in provider: named as it stands, no IAM OIDC provider (AWS says not to).
            if !provider.is_null() || !root["Parameters"]["CreateOidcProvider"].is_null() {
                return Err(format!("OidcProvider for a built-in provider {provider:#}"));
            }
        } else if provider["Type"] != "AWS::IAM::OIDCProvider"
            || provider["Condition"] != "CreatingOidcProvider"
            || provider["Properties"]["Url"] != json!(g.provider_url)
            || provider["Properties"]["ClientIdList"] != json!([g.audience])
            || !provider["Properties"]["ThumbprintList"].is_null()
        {
            return Err(format!("OidcProvider {provider:#}"));
        }
        if !g.builtin
            && root["Conditions"]["CreatingOidcProvider"]
                != json!({"!Equals": [{"!Ref": "CreateOidcProvider"}, "true"]})
        {
            return Err(format!("Conditions {:#}", root["Conditions"]));
        }
        let parameter = &root["Parameters"]["CreateOidcProvider"];
        if !g.builtin
            && (parameter["Default"] != "true"
                || parameter["AllowedValues"] != json!(["true", "false"]))
        {
            return Err(format!("Parameters {parameter:#}"));
        }
        let role_res = &res["Role"];
        if role_res["Type"] != "AWS::IAM::Role" || role_res["Properties"]["RoleName"] != json!(role)
        {
            return Err(format!("Role {role_res:#}"));
        }
        if root["Outputs"]["RoleArn"]["Value"] != json!({"!GetAtt": "Role.Arn"}) {
            return Err("Outputs".into());
        }
        let policy = &role_res["Properties"]["AssumeRolePolicyDocument"];
        if *policy != g.policy {
            return Err(format!(
                "the template's policy (provider created: {branch})\n{policy:#}\nis not the JSON \
                 policy\n{:#}",
                g.policy
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Shell scripts, run by sh with recording stand-ins for aws, eksctl and kubectl

/// One recorded command: its name and arguments.
type Call = Vec<String>;

struct Run {
    calls: Vec<Call>,
    dir: PathBuf,
}

fn temp_dir(tag: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "tokenscope-formats-{}-{tag}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(unix)]
fn run_script(script: &str) -> Result<Run, String> {
    let dir = temp_dir("sh");
    // The stand-ins are shell functions, which the shell prefers to any program on PATH: no
    // program is written and run (a file just written may still be open in a process another
    // test thread is forking, and exec then fails with ETXTBSY and falls through to PATH). Each
    // writes its name and arguments, NUL-separated, a record per call; kubectl also keeps what it
    // reads.
    let mut text = String::new();
    for name in ["aws", "eksctl", "kubectl"] {
        text.push_str(&format!(
            "{name}() {{\n  printf '%s\\0' '<<CALL>>' {name} \"$@\" >> \"$RECORD\"\n"
        ));
        if name == "kubectl" {
            text.push_str("  cat > \"$RECORD.stdin\"\n");
        }
        text.push_str("}\n");
    }
    text.push_str(script);
    let record = dir.join("record");
    let script_path = dir.join("script.sh");
    std::fs::write(&script_path, text).unwrap();
    let out = Command::new("sh")
        .arg(&script_path)
        .current_dir(&dir)
        .env("RECORD", &record)
        .output()
        .map_err(|e| format!("sh: {e}"))?;
    if !out.status.success() || !out.stderr.is_empty() {
        return Err(format!(
            "sh exited {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let bytes = std::fs::read(&record).unwrap_or_default();
    let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
    let mut calls: Vec<Call> = Vec::new();
    for field in text.split('\0').filter(|f| !f.is_empty()) {
        if field == "<<CALL>>" {
            calls.push(Vec::new());
        } else {
            calls.last_mut().ok_or("no call")?.push(field.to_string());
        }
    }
    Ok(Run { calls, dir })
}

fn args(words: &[&str]) -> Call {
    words.iter().map(|w| w.to_string()).collect()
}

#[cfg(unix)]
fn check_cli(g: &Generated, role: &str, text: &str) -> Result<(), String> {
    let run = run_script(text)?;
    let policy_text =
        std::fs::read_to_string(run.dir.join("trust-policy.json")).map_err(|e| e.to_string())?;
    let policy: Value = serde_json::from_str(&policy_text).map_err(|e| e.to_string())?;
    if policy != g.policy {
        return Err(format!("trust-policy.json\n{policy:#}"));
    }
    let mut want = vec![
        args(&[
            "aws",
            "iam",
            "create-open-id-connect-provider",
            "--url",
            &g.provider_url,
            "--client-id-list",
            &g.audience,
        ]),
        args(&[
            "aws",
            "iam",
            "create-role",
            "--role-name",
            role,
            "--assume-role-policy-document",
            "file://trust-policy.json",
        ]),
        args(&[
            "aws",
            "iam",
            "update-assume-role-policy",
            "--role-name",
            role,
            "--policy-document",
            "file://trust-policy.json",
        ]),
    ];
    if g.builtin {
        // No IAM OIDC provider for a built-in provider (AWS says not to create one).
        want.remove(0);
    }
    if run.calls != want {
        return Err(format!("calls {:?}", run.calls));
    }
    std::fs::remove_dir_all(&run.dir).ok();
    Ok(())
}

/// The value of `--flag=value` in a call.
fn flag<'c>(call: &'c Call, name: &str) -> Option<&'c str> {
    call.iter()
        .find_map(|a| a.strip_prefix(&format!("--{name}=")))
}

/// The trust policy eksctl writes for `create iamserviceaccount` (eksctl `pkg/iam/oidc/api.go`).
fn eksctl_policy(g: &Generated, call: &Call) -> Value {
    let p = provider_prefix(&g.provider_url);
    let ns = flag(call, "namespace").unwrap();
    let sub_key = format!("{p}:sub");
    let aud_key = format!("{p}:aud");
    let condition = match flag(call, "subject-pattern") {
        Some(pattern) => json!({
            "StringLike": {sub_key: format!("system:serviceaccount:{ns}:{pattern}")},
            "StringEquals": {aud_key: "sts.amazonaws.com"},
        }),
        None => json!({"StringEquals": {
            sub_key: format!("system:serviceaccount:{ns}:{}", flag(call, "name").unwrap()),
            aud_key: "sts.amazonaws.com",
        }}),
    };
    json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": ["sts:AssumeRoleWithWebIdentity"],
        "Principal": {"Federated": provider_arn(g)}, "Condition": condition,
    }]})
}

/// `Action` as a list, so that eksctl's `["…"]` and the policy's `"…"` compare.
fn actions_as_lists(mut policy: Value) -> Value {
    for s in policy["Statement"].as_array_mut().unwrap() {
        if let Some(a) = s.get("Action").and_then(Value::as_str) {
            s["Action"] = json!([a]);
        }
    }
    policy
}

#[cfg(unix)]
fn check_eksctl(g: &Generated, role: &str, token: &Token, text: &str) -> Result<(), String> {
    let run = run_script(text)?;
    let sub = token.claim_str("sub").unwrap();
    let rest = sub.strip_prefix("system:serviceaccount:").unwrap();
    let (ns, sa) = rest.split_once(':').unwrap();
    let eks = provider_prefix(&g.provider_url).starts_with("oidc.eks.");
    let manifest =
        std::fs::read_to_string(run.dir.join("record.stdin")).map_err(|e| e.to_string())?;
    let docs = Yaml::load_from_str(&manifest).map_err(|e| format!("YAML: {e}"))?;
    let [doc] = docs.as_slice() else {
        return Err("manifest documents".into());
    };
    let m = yaml_json(doc, &|n, _| Err(format!("tag !{n}")))?;
    let mut annotations = json!({
        "eks.amazonaws.com/role-arn": format!("arn:aws:iam::{}:role/{role}", g.account)
    });
    if g.audience != "sts.amazonaws.com" {
        annotations["eks.amazonaws.com/audience"] = json!(g.audience);
    }
    let want = json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {
        "name": sa, "namespace": ns, "annotations": annotations}});
    if m != want {
        return Err(format!("manifest {m:#}"));
    }
    let kubectl = run.calls.last().ok_or("no calls")?;
    if *kubectl != args(&["kubectl", "apply", "-f", "-"]) {
        return Err(format!("kubectl {kubectl:?}"));
    }
    if !eks {
        return Err(format!("a script for the issuer `{}`", g.provider_url));
    }
    let [associate, create, _] = run.calls.as_slice() else {
        return Err(format!("calls {:?}", run.calls));
    };
    let region = g.provider_url.split('.').nth(2).unwrap();
    let common = [
        "--cluster=CLUSTER_NAME".to_string(),
        format!("--region={region}"),
    ];
    if associate[..3] != args(&["eksctl", "utils", "associate-iam-oidc-provider"])
        || associate[3..5] != common
    {
        return Err(format!("associate {associate:?}"));
    }
    if create[..3] != args(&["eksctl", "create", "iamserviceaccount"])
        || create[3..5] != common
        || flag(create, "namespace") != Some(ns)
        || flag(create, "name") != Some(sa)
        || !create.contains(&"--approve".to_string())
    {
        return Err(format!("create {create:?}"));
    }
    match flag(create, "attach-role-arn") {
        Some(arn) => {
            if arn != format!("arn:aws:iam::{}:role/{role}", g.account) {
                return Err(format!("attach-role-arn {arn}"));
            }
        }
        None => {
            if flag(create, "role-name") != Some(role) {
                return Err(format!("role-name {create:?}"));
            }
            let written = eksctl_policy(g, create);
            if written != actions_as_lists(g.policy.clone()) {
                return Err(format!("eksctl writes\n{written:#}\nnot\n{:#}", g.policy));
            }
        }
    }
    std::fs::remove_dir_all(&run.dir).ok();
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The table

fn render(token: &Token, g: &Generated, format: Format) -> Result<generate::Rendered, RenderError> {
    generate::render(token, g, &RenderOptions::default(), format)
}

fn check_all(name: &str, token: &Token, g: &Generated) -> Vec<String> {
    let mut failures = Vec::new();
    for format in Format::ALL {
        let what = format!("{name} / {} / {}", g.scope.as_str(), format.as_str());
        let r = match render(token, g, format) {
            Ok(_) if format == Format::Eksctl && eksctl_refusal(token).is_some() => {
                failures.push(format!(
                    "{what}: rendered, expected {:?}",
                    eksctl_refusal(token)
                ));
                continue;
            }
            Ok(r) => r,
            Err(RenderError::NotApplicable {
                reason, instead, ..
            }) if format == Format::Eksctl && eksctl_refusal(token) == Some(reason) => {
                if instead != Format::EVERY_TOKEN {
                    failures.push(format!("{what}: instead {instead:?}"));
                }
                continue;
            }
            Err(e) => {
                failures.push(format!("{what}: {e}"));
                continue;
            }
        };
        let iam_name = !r.role_name.is_empty()
            && r.role_name.len() <= 64
            && !r.role_name.starts_with('-')
            && r.role_name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b));
        if !iam_name {
            failures.push(format!(
                "{what}: role name `{}` IAM would refuse",
                r.role_name
            ));
        }
        if !r.role_name_derived
            || !r
                .text
                .contains(&format!("Role name `{}`: derived", r.role_name))
        {
            failures.push(format!("{what}: the derived role name is not said"));
        }
        let checked = match format {
            Format::Terraform => check_terraform(g, &r.role_name, &r.text),
            Format::CloudFormation => check_cloudformation(g, &r.role_name, &r.text),
            #[cfg(unix)]
            Format::AwsCli => check_cli(g, &r.role_name, &r.text),
            #[cfg(unix)]
            Format::Eksctl => check_eksctl(g, &r.role_name, token, &r.text),
            #[cfg(not(unix))]
            _ => Ok(()),
        };
        if let Err(e) = checked {
            failures.push(format!("{what}: {e}\n{}", r.text));
        }
    }
    failures
}

#[test]
fn generate_formats_express_the_json_policy_for_every_token_and_scope() {
    let mut failures = Vec::new();
    let mut count = 0;
    for c in cases() {
        for scope in &c.scopes {
            for account in [None, Some(ACCOUNT)] {
                let g = generated(&c.token, *scope, account);
                count += 1;
                failures.extend(check_all(&c.name, &c.token, &g));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(count >= 40, "only {count} policies rendered");
}

/// Claim values that would end a string, start an interpolation or a command substitution, be
/// read as a YAML boolean, or hold non-ASCII letters: each artefact still expresses exactly the
/// JSON policy (hidden characters, `${`, `*` and `?` are refused earlier by the generator).
#[test]
fn generate_formats_hostile_claim_values_round_trip() {
    let hostile = [
        r#"a'b"c\d"#,
        "$(touch pwned)`id`;x",
        "%{ if true }x%{ endif }",
        "$$ {$ %%{x}",
        "yes",
        "on",
        "null",
        "0x1F",
        "# not a comment: really",
        "- item",
        "EOF",
        "café-ñ",
        "a-very-long-subject-that-goes-on/and/on/beyond/what/IAM/allows/in/a/role/name/0123456789",
    ];
    let mut failures = Vec::new();
    for v in hostile {
        let tokens = [
            other("https://idp.example.com/t'\"%{x}\\", v, v),
            other("https://idp.example.com/ci", "client", &format!("job:{v}")),
            k8s("https://k8s.example.com/c", v, v),
            k8s(EKS_ISS, v, v),
            gh(
                &format!("repo:octo-org/octo-repo:environment:{v}"),
                json!({"environment": v}),
            ),
        ];
        for t in tokens {
            let g = match generate::generate(&t, &Options::default()) {
                Ok(g) => g,
                Err(e) => {
                    failures.push(format!("{v:?}: not generated: {e}"));
                    continue;
                }
            };
            failures.extend(check_all(&format!("hostile {v:?}"), &t, &g));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn generate_formats_hidden_characters_are_refused_before_rendering() {
    for sub in ["a\nb", "a\u{202E}b", "a\u{1B}[2Kb", "pаyments"] {
        let t = other("https://idp.example.com/ci", "client", sub);
        let e = generate::generate(&t, &Options::default()).unwrap_err();
        assert!(
            matches!(e, GenerateError::Suspicious { .. }),
            "{sub:?}: {e}"
        );
    }
}

#[test]
fn generate_formats_terraform_refuses_policy_variable_notation() {
    let t = other(
        "https://idp.example.com/ci",
        "client",
        "job:&{aws:username}",
    );
    let g = generated(&t, Scope::Exact, None);
    let e = render(&t, &g, Format::Terraform).unwrap_err();
    assert!(
        matches!(&e, RenderError::Unrepresentable { what, .. } if what == "condition value"),
        "{e}"
    );
    assert!(e.to_string().contains("&{"), "{e}");
    // The other formats carry it literally.
    let cfn = render(&t, &g, Format::CloudFormation).unwrap();
    check_cloudformation(&g, &cfn.role_name, &cfn.text).unwrap();
    #[cfg(unix)]
    {
        let cli = render(&t, &g, Format::AwsCli).unwrap();
        check_cli(&g, &cli.role_name, &cli.text).unwrap();
    }
}

#[test]
fn generate_formats_cli_refuses_a_client_id_read_from_a_file() {
    let t = other("https://idp.example.com/ci", "file:///etc/passwd", "job-1");
    let g = generated(&t, Scope::Exact, None);
    let e = render(&t, &g, Format::AwsCli).unwrap_err();
    assert!(matches!(e, RenderError::Unrepresentable { .. }), "{e}");
    let tf = render(&t, &g, Format::Terraform).unwrap();
    check_terraform(&g, &tf.role_name, &tf.text).unwrap();
}

#[test]
fn generate_formats_role_name_given_derived_and_refused() {
    let t = example_token();
    let g = generated(&t, Scope::Exact, Some(ACCOUNT));
    let named = RenderOptions {
        role_name: Some("payments-api".into()),
        cluster: Some("prod-eu".into()),
        ..RenderOptions::default()
    };
    for format in Format::ALL {
        let r = generate::render(&t, &g, &named, format).unwrap();
        assert_eq!(r.role_name, "payments-api");
        assert!(!r.role_name_derived);
        assert!(!r.text.contains("derived"), "{}", r.text);
        assert!(!r.text.contains("CLUSTER_NAME"), "{}", r.text);
    }
    let eksctl = generate::render(&t, &g, &named, Format::Eksctl)
        .unwrap()
        .text;
    assert!(eksctl.contains("--cluster='prod-eu'"), "{eksctl}");
    assert!(eksctl.contains("role/payments-api\""), "{eksctl}");
    assert_eq!(generate::render::derived_role_name(&g), "irsa-payments-api");
    let gh_g = generated(
        &gh("repo:octo-org/octo-repo:ref:refs/heads/main", json!({})),
        Scope::Repository,
        None,
    );
    assert_eq!(
        generate::render::derived_role_name(&gh_g),
        "github-octo-org-octo-repo"
    );
    for bad in ["", "a b", "-x", "role/x", "é", &"r".repeat(65)] {
        let options = RenderOptions {
            role_name: Some(bad.into()),
            cluster: None,
            ..RenderOptions::default()
        };
        let e = generate::render(&t, &g, &options, Format::Terraform).unwrap_err();
        assert!(matches!(e, RenderError::RoleName { .. }), "{bad:?}: {e}");
    }
    let e = generate::render(
        &t,
        &g,
        &RenderOptions {
            role_name: None,
            cluster: Some("bad cluster".into()),
            ..RenderOptions::default()
        },
        Format::Eksctl,
    )
    .unwrap_err();
    assert!(matches!(e, RenderError::Cluster { .. }), "{e}");
}

#[test]
fn generate_formats_eksctl_applies_to_kubernetes_only_and_says_what_the_token_lacks() {
    let t = gh("repo:octo-org/octo-repo:ref:refs/heads/main", json!({}));
    let g = generated(&t, Scope::Exact, None);
    let e = render(&t, &g, Format::Eksctl).unwrap_err();
    assert!(matches!(e, RenderError::NotApplicable { .. }), "{e}");
    let t = example_token();
    let text = render(&t, &generated(&t, Scope::Exact, None), Format::Eksctl)
        .unwrap()
        .text;
    assert!(
        text.contains("The cluster's name is not in the token"),
        "{text}"
    );
    assert!(text.contains("REPLACE_WITH_PERMISSIONS_POLICY"), "{text}");
    let ns = render(&t, &generated(&t, Scope::Namespace, None), Format::Eksctl)
        .unwrap()
        .text;
    assert!(ns.contains("--subject-pattern='*'"), "{ns}");
    assert!(
        ns.contains("every service account of namespace `payments`"),
        "{ns}"
    );
}

/// A self-managed cluster's service-account token (its issuer is not an EKS cluster's): eksctl
/// manages EKS clusters only, so the format is refused with the reason and the formats that apply
/// instead, [`generate::applies`] says the same, and those formats render.
#[test]
fn generate_formats_eksctl_refuses_a_self_managed_cluster_and_names_the_formats_that_apply() {
    let t = k8s("https://k8s.example.com/cluster-1", "payments", "api");
    let g = generated(&t, Scope::Exact, Some(ACCOUNT));
    let e = render(&t, &g, Format::Eksctl).unwrap_err();
    let RenderError::NotApplicable {
        reason, instead, ..
    } = &e
    else {
        panic!("expected NotApplicable, found {e:?}");
    };
    assert_eq!(*reason, NotApplicableReason::NotEksCluster);
    assert_eq!(
        instead.as_slice(),
        [Format::Terraform, Format::CloudFormation, Format::AwsCli]
    );
    let message = e.to_string();
    for part in [
        "format `eksctl` does not apply",
        "https://oidc.eks.REGION.amazonaws.com/id/ID",
        "EKS clusters only",
        "the issuer `https://k8s.example.com/cluster-1`, a self-managed cluster's",
        "create the role with the `terraform`, `cloudformation` or `cli` format instead",
    ] {
        assert!(message.contains(part), "{part:?} not in {message}");
    }
    assert_eq!(generate::applies(&t, &g, Format::Eksctl), Err(e));
    for format in Format::EVERY_TOKEN {
        assert_eq!(generate::applies(&t, &g, format), Ok(()));
        render(&t, &g, format).unwrap();
    }
    // The namespace scope too: a policy eksctl could write (`--subject-pattern`) still needs an
    // EKS cluster.
    let ns = generated(&t, Scope::Namespace, Some(ACCOUNT));
    assert!(matches!(
        render(&t, &ns, Format::Eksctl),
        Err(RenderError::NotApplicable {
            reason: NotApplicableReason::NotEksCluster,
            ..
        })
    ));
    // An EKS cluster's token: eksctl applies; a GitHub token: not a service account.
    let eks = k8s(EKS_ISS, "payments", "api");
    let eks_g = generated(&eks, Scope::Exact, Some(ACCOUNT));
    assert_eq!(generate::applies(&eks, &eks_g, Format::Eksctl), Ok(()));
    let github = gh("repo:octo-org/octo-repo:ref:refs/heads/main", json!({}));
    let github_g = generated(&github, Scope::Exact, None);
    assert!(matches!(
        generate::applies(&github, &github_g, Format::Eksctl),
        Err(RenderError::NotApplicable {
            reason: NotApplicableReason::NotServiceAccount,
            ..
        })
    ));
}

/// A token whose audience is not `sts.amazonaws.com`: eksctl would pin `sts.amazonaws.com`, so
/// the script binds a role made another way, and the annotation asks the webhook for the
/// token's audience.
#[test]
fn generate_formats_eksctl_other_audience_binds_an_existing_role() {
    let mut claims = json!({
        "aud": ["my-audience"], "exp": T0 + 3600, "iat": T0, "nbf": T0, "iss": EKS_ISS,
        "kubernetes.io": {"namespace": "payments", "serviceaccount": {"name": "api", "uid": "u"}},
        "sub": "system:serviceaccount:payments:api",
    });
    claims["aud"] = json!(["my-audience"]);
    let t = token_for(&claims);
    let g = generated(&t, Scope::Exact, Some(ACCOUNT));
    let r = render(&t, &g, Format::Eksctl).unwrap();
    assert!(r.text.contains("--attach-role-arn="), "{}", r.text);
    assert!(!r.text.contains("--role-name="), "{}", r.text);
    #[cfg(unix)]
    check_eksctl(&g, &r.role_name, &t, &r.text).unwrap();
}

/// A policy whose principal is not the generated provider (a built-in provider such as
/// Google's): each artefact trusts it as it stands and creates no IAM OIDC provider.
#[test]
fn generate_formats_follow_a_principal_that_needs_no_provider() {
    let t = other("https://idp.example.com/ci", "client", "job-1");
    let mut g = generated(&t, Scope::Exact, Some(ACCOUNT));
    g.policy["Statement"][0]["Principal"]["Federated"] = json!("accounts.google.com");
    g.policy_text = serde_json::to_string_pretty(&g.policy).unwrap();
    let note = "The policy trusts `accounts.google.com` as it stands: no IAM OIDC provider";

    let tf = render(&t, &g, Format::Terraform).unwrap().text;
    assert!(tf.contains(note), "{tf}");
    let body = hcl::parse(&tf).unwrap();
    assert!(
        block(
            &body,
            "resource",
            &["aws_iam_openid_connect_provider", "this"]
        )
        .is_none()
    );
    let data = block(&body, "data", &["aws_iam_policy_document", "trust"]).unwrap();
    let (policy, _) = policy_document(data.body(), &Context::new()).unwrap();
    assert_eq!(policy, g.policy);

    let cfn = render(&t, &g, Format::CloudFormation).unwrap().text;
    let docs = Yaml::load_from_str(&cfn).unwrap();
    let root = yaml_json(&docs[0], &|n, o| cfn_tag(n, o, true, &g)).unwrap();
    assert!(root.get("Parameters").is_none() && root["Resources"].get("OidcProvider").is_none());
    assert_eq!(
        root["Resources"]["Role"]["Properties"]["AssumeRolePolicyDocument"],
        g.policy
    );

    #[cfg(unix)]
    {
        let cli = render(&t, &g, Format::AwsCli).unwrap().text;
        let run = run_script(&cli).unwrap();
        assert!(
            run.calls
                .iter()
                .all(|c| c[2] != "create-open-id-connect-provider")
        );
        assert_eq!(run.calls.len(), 2, "{:?}", run.calls);
        let written = std::fs::read_to_string(run.dir.join("trust-policy.json")).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&written).unwrap(), g.policy);
        std::fs::remove_dir_all(&run.dir).unwrap();
    }
}
