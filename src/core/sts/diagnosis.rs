//! Why a trust policy denies, in words, and the policy with the fix applied (the suggested edit):
//! the closest Allow statement, its principal, action and failing conditions.

use serde_json::{Map, Value};

use super::FixList;
use super::issuer::IssuerFamily;
use super::provider::BuiltinProvider;
use super::trust_policy::labels;
use super::{ACTION, FailureMode, SettingField, provider_prefix};
use crate::core::claims::{GITHUB_ISSUER, parse_eks_issuer};
use crate::core::confusable;
use crate::core::jwt::Token;
use crate::core::policy::{
    self, ActionEvaluation, Actions, ConditionResult, Context, ContextValue, Decision, Effect,
    Family, Policy, Principal, SetOp, StatementResult, Tri,
};

/// The member of `map` named `name` in any letter case (IAM reads element names so), as written.
fn ci_key(map: &Map<String, Value>, name: &str) -> Option<String> {
    map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()
}

/// Mutable access to statement `index` of a policy document.
fn statement_mut(doc: &mut Value, index: usize) -> Option<&mut Map<String, Value>> {
    let root = doc.as_object_mut()?;
    let key = ci_key(root, "Statement")?;
    match root.get_mut(&key)? {
        Value::Array(items) => items.get_mut(index)?.as_object_mut(),
        Value::Object(map) if index == 0 => Some(map),
        _ => None,
    }
}

fn condition_values_mut<'a>(
    st: &'a mut Map<String, Value>,
    operator: &str,
    key: &str,
) -> Option<&'a mut Value> {
    let ck = ci_key(st, "Condition")?;
    st.get_mut(&ck)?
        .as_object_mut()?
        .get_mut(operator)?
        .as_object_mut()?
        .get_mut(key)
}

/// A diagnosis: the fix in words, the failure mode, and the policy with the fix applied.
type Diagnosis = (FixText, Option<FailureMode>, Option<Value>);

/// A fix in words, and its parts when it has several (one per change to the statement).
pub(super) struct FixText {
    pub(super) text: String,
    pub(super) list: Option<FixList>,
}

impl From<String> for FixText {
    fn from(text: String) -> Self {
        FixText { text, list: None }
    }
}

impl From<&str> for FixText {
    fn from(text: &str) -> Self {
        FixText::from(text.to_string())
    }
}

/// Explains an implicit or explicit deny: names the failing piece, the failure mode, the fix, and
/// returns the policy with the fix applied when it is a policy edit.
pub(super) fn diagnose(
    p: &Policy,
    e: &ActionEvaluation,
    token: &Token,
    federated: &str,
) -> Diagnosis {
    if e.decision == Decision::ExplicitDeny {
        return explicit_deny(e);
    }
    let allows: Vec<&StatementResult> = e
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
        .collect();
    if allows.is_empty() {
        return no_allow(p);
    }
    let Some(best) = closest_allow(p, &allows) else {
        return ("no Allow statement matches".into(), None, None);
    };
    let mut doc = p.document.clone();
    if e.action != ACTION && !best.action.0 {
        return missing_extra_action(doc, best, &e.action);
    }
    let mut fixes = Fixes::default();
    if !best.principal.0 {
        let iss = token.claim_str("iss").unwrap_or_default();
        if super::provider::iam_provider_possible(iss) {
            fixes.principal(&mut doc, best, federated);
        } else {
            fixes.no_provider_principal(best, iss);
        }
    }
    if !best.action.0 {
        fixes.texts.push(fix_action(p, &mut doc, best));
        fixes.mode = fixes.mode.or(Some(FailureMode::WrongAction));
    }
    for c in best.conditions.iter().filter(|c| c.result == Tri::False) {
        fixes.condition(&mut doc, best.index, c, token);
    }
    let label = &best.label;
    if fixes.texts.is_empty() {
        return (format!("{label} does not apply").into(), None, None);
    }
    // Whatever the reason, an edit never adds hidden or look-alike characters to the policy.
    if !fixes.withheld && adds_suspects(&p.document, &doc) {
        fixes.texts.push("the edited policy would contain invisible or look-alike characters it does not have now, so none is suggested".to_string());
        fixes.withheld = true;
    }
    let list = (fixes.texts.len() > 1).then(|| FixList {
        lead: label.clone(),
        items: fixes.texts.clone(),
    });
    (
        FixText {
            text: format!("{label}: {}", fixes.texts.join("; ")),
            list,
        },
        fixes.mode,
        // An edit that changes nothing (every change is the workload's) suggests no policy.
        (!fixes.withheld && doc != p.document).then_some(doc),
    )
}

/// What a web-identity call with a token of `iss` is (IRSA for an EKS cluster's token, else
/// web-identity federation) and the provider a statement for it trusts, in words: the Pod Identity
/// fix's way 2 and the `policy_pod_identity` finding say the same.
pub(super) fn web_identity_intent(iss: &str) -> (&'static str, &'static str) {
    if parse_eks_issuer(iss).is_some() {
        ("IRSA", "the cluster's IAM OIDC provider")
    } else if BuiltinProvider::from_iss(iss).is_some() {
        ("web-identity federation", "the token's built-in provider")
    } else {
        ("web-identity federation", "the token's IAM OIDC provider")
    }
}

/// A policy for EKS Pod Identity only (`findings::only_pod_identity`): it never applies to
/// `AssumeRoleWithWebIdentity`, and Pod Identity does not use this token (EKS User Guide:
/// pod-id-how-it-works). Not a broken web-identity policy, so the fix offers both ways: the EKS
/// Pod Identity tool for Pod Identity, or, for IRSA (web identity), a statement that trusts the
/// token's provider — the edit, which adds that statement and keeps the Pod Identity ones, scoped
/// to the token's `aud` and `sub` as IAM reads them (`ctx`) when neither hides a character.
pub(super) fn pod_identity_policy(
    p: &Policy,
    evals: &[ActionEvaluation],
    ctx: &impl Context,
    token: &Token,
    federated: &str,
) -> Diagnosis {
    let iss = token.claim_str("iss").unwrap_or_default();
    let allows: Vec<String> = p
        .statements
        .iter()
        .filter(|st| st.effect == Effect::Allow)
        .map(policy::Statement::label)
        .collect();
    let (whose, verb) = match allows.as_slice() {
        [one] => (one.clone(), "trusts"),
        _ => (allows.join(", "), "trust"),
    };
    let (intent, provider) = web_identity_intent(iss);
    let actions: Vec<Value> = evals
        .iter()
        .map(|e| Value::from(e.action.clone()))
        .collect();
    let shown_actions = evals
        .iter()
        .map(|e| format!("`{}`", e.action))
        .collect::<Vec<_>>()
        .join(" and ");
    let lead = format!(
        "this policy is for EKS Pod Identity: {whose} {verb} only the service \
         `pods.eks.amazonaws.com`, which never applies to `{ACTION}`, and Pod Identity does not use \
         this token (the EKS Auth service assumes the role for the pods of an association). Two \
         ways: 1) if the pods use EKS Pod Identity, check this policy and the association with the \
         EKS Pod Identity tool; 2) if {intent} is intended"
    );
    if !super::provider::iam_provider_possible(iss) {
        // No `Federated` ARN can name an issuer IAM cannot register (provider URLs are https:
        // IAM UG id_roles_providers_create_oidc), so way 2 starts at the issuer.
        let text = format!(
            "{lead}, the token needs an issuer IAM can hold a provider for: `{iss}` is not an https \
             URL, so no statement can trust it (a Kubernetes cluster's issuer is the API server's \
             `--service-account-issuer`: set it to a public https URL, register that provider, then \
             trust it with {shown_actions})"
        );
        return (text.into(), Some(FailureMode::WrongPrincipal), None);
    }
    let mut text = format!(
        "{lead}, add a statement that trusts {provider} (`Principal.Federated` `{federated}`) with \
         {shown_actions}"
    );
    let statement = web_identity_statement(ctx, iss, federated, actions);
    let doc = match statement {
        Ok((st, scoped)) => {
            if !scoped.is_empty() {
                text.push_str(&format!(", scoped to the token's {}", scoped.join(" and ")));
            }
            let mut doc = p.document.clone();
            let added = push_statement(&mut doc, st);
            if added && !adds_suspects(&p.document, &doc) {
                text.push_str(
                    ": the suggested policy (way 2) adds it and keeps the Pod Identity statement",
                );
                Some(doc)
            } else {
                None
            }
        }
        Err(why) => {
            text.push_str(&format!(
                " — {why}: no suggested policy copies it; {REMOVE_AT_SOURCE}"
            ));
            None
        }
    };
    (text.into(), Some(FailureMode::WrongPrincipal), doc)
}

/// The statement that lets this token's web-identity call in: `Principal.Federated` the
/// provider, the actions the token needs, and `StringEquals` on the provider's `aud` and `sub`
/// keys where the context has one value for them; with the names of the keys it scopes. An error
/// names a hidden or look-alike character the statement would copy.
fn web_identity_statement(
    ctx: &impl Context,
    iss: &str,
    federated: &str,
    mut actions: Vec<Value>,
) -> Result<(Value, Vec<String>), String> {
    if let Some(why) = confusable::describe("the provider ARN", federated) {
        return Err(why);
    }
    let prefix = provider_prefix(iss);
    if let Some(why) = confusable::describe("the token's `iss`", iss) {
        return Err(why);
    }
    let mut equals = Map::new();
    let mut scoped = Vec::new();
    for claim in ["aud", "sub"] {
        let key = format!("{prefix}:{claim}");
        if let ContextValue::Present { values, .. } = ctx.lookup(&key)
            && let [value] = values.as_slice()
        {
            if let Some(why) = confusable::describe(&format!("the token's `{claim}`"), value) {
                return Err(why);
            }
            equals.insert(key, Value::from(value.clone()));
            scoped.push(format!("`{claim}`"));
        }
    }
    let action = if actions.len() == 1 {
        actions.pop().unwrap_or_default()
    } else {
        Value::Array(actions)
    };
    let mut st = Map::new();
    st.insert("Effect".into(), Value::from("Allow"));
    st.insert(
        "Principal".into(),
        serde_json::json!({ "Federated": federated }),
    );
    st.insert("Action".into(), action);
    if !equals.is_empty() {
        st.insert(
            "Condition".into(),
            serde_json::json!({ "StringEquals": equals }),
        );
    }
    Ok((Value::Object(st), scoped))
}

/// Adds statement `st` to the policy document `doc` (a lone statement object becomes an array);
/// whether it could.
fn push_statement(doc: &mut Value, st: Value) -> bool {
    let Some(root) = doc.as_object_mut() else {
        return false;
    };
    let Some(key) = ci_key(root, "Statement") else {
        return false;
    };
    match root.get_mut(&key) {
        Some(Value::Array(items)) => {
            items.push(st);
            true
        }
        Some(one @ Value::Object(_)) => {
            let first = one.take();
            *one = Value::Array(vec![first, st]);
            true
        }
        _ => false,
    }
}

/// A matching Deny: nothing to edit, it always wins.
fn explicit_deny(e: &ActionEvaluation) -> Diagnosis {
    let names = labels(e, &e.deciding);
    (
        format!(
            "{names} denies `{}`; a matching Deny always wins. Narrow or remove that statement.",
            e.action
        )
        .into(),
        Some(FailureMode::ExplicitDeny),
        None,
    )
}

/// The Allow statement closest to applying: a statement for web identity before one that trusts
/// only services (a Pod Identity statement beside an IRSA one serves the other mechanism: the
/// fix is never to turn it into a web-identity statement), then principal and action, then
/// fewest failing conditions (the first of equals).
fn closest_allow<'a>(p: &Policy, allows: &[&'a StatementResult]) -> Option<&'a StatementResult> {
    let score = |s: &StatementResult| -> (bool, u8, usize) {
        let pa = u8::from(!s.principal.0).saturating_add(u8::from(!s.action.0));
        (
            p.statements
                .iter()
                .find(|st| st.index == s.index)
                .is_some_and(trusts_only_services),
            pa,
            s.conditions
                .iter()
                .filter(|c| c.result == Tri::False)
                .count(),
        )
    };
    allows.iter().copied().min_by_key(|s| score(s))
}

/// Whether statement `st` trusts services only (`Principal.Service`, no `Federated` or `AWS`
/// principal): a statement for a service such as EKS Pod Identity's `pods.eks.amazonaws.com`,
/// never one a web-identity call is meant to match.
fn trusts_only_services(st: &policy::Statement) -> bool {
    matches!(&st.principal, Principal::Named { federated, other }
        if federated.is_empty()
            && !other.is_empty()
            && other.iter().all(|(kind, _)| kind == "Service"))
}

/// The main action is allowed but the session-tags or source-identity `action` is not: add it
/// to the Action of `best` in `doc`.
fn missing_extra_action(mut doc: Value, best: &StatementResult, action: &str) -> Diagnosis {
    let edited = statement_mut(&mut doc, best.index)
        .map(|st| add_action(st, action))
        .is_some();
    let why = if action == "sts:TagSession" {
        "the token carries session tags (`https://aws.amazon.com/tags`), so STS also needs `sts:TagSession`"
    } else {
        "the token carries a source identity, so STS also needs `sts:SetSourceIdentity`"
    };
    (
        format!("{why}: add `{action}` to the Action of {}", best.label).into(),
        Some(FailureMode::TagsNotAllowed),
        edited.then_some(doc),
    )
}

/// The fixes for the closest Allow statement, piece by piece: their texts, the failure mode of
/// the first, and whether the edited policy is withheld (set when an edit would copy hidden or
/// look-alike characters into the policy: a partial edit would not make the call succeed).
#[derive(Default)]
struct Fixes {
    texts: Vec<String>,
    mode: Option<FailureMode>,
    withheld: bool,
}

impl Fixes {
    /// The principal does not cover the caller: name the provider ARN in `doc`, unless the ARN
    /// has hidden or look-alike characters.
    fn principal(&mut self, doc: &mut Value, best: &StatementResult, federated: &str) {
        if let Some(why) = confusable::describe("the provider ARN", federated) {
            self.texts.push(format!(
                "{}; the ARN it should name, {why}: no suggested policy copies it; {REMOVE_AT_SOURCE}",
                best.principal.1
            ));
            self.withheld = true;
        } else {
            self.texts.push(fix_principal(doc, best, federated));
        }
        self.mode = Some(FailureMode::WrongPrincipal);
    }

    /// The principal does not cover the caller, and no ARN can: IAM holds no OIDC provider for
    /// an issuer that is not an https URL
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html>).
    /// No `Federated` ARN is suggested, nor any edited policy.
    fn no_provider_principal(&mut self, best: &StatementResult, iss: &str) {
        self.texts.push(format!(
            "{}: no `Principal.Federated` can name this token's issuer `{iss}` (a Kubernetes cluster's issuer is the API server's `--service-account-issuer`: set it to a public https URL, then name that provider)",
            best.principal.1
        ));
        self.withheld = true;
        self.mode = Some(FailureMode::WrongPrincipal);
    }

    /// A failing condition of statement `index`: explain it, and apply its fix to `doc` when
    /// that copies nothing suspect from the token.
    fn condition(&mut self, doc: &mut Value, index: usize, c: &ConditionResult, token: &Token) {
        let (mut text, m) = explain_condition_fix(c, token);
        // A GitHub token with the default audience: the workflow asks for the audience the
        // condition expects; the policy is not widened to the owner's URL.
        let claim = c.key.rsplit_once(':').map_or(c.key.as_str(), |(_, k)| k);
        if claim.eq_ignore_ascii_case("aud")
            && let Some(default) = IssuerFamily::github_default_audience(token)
        {
            let expected = c.policy_values.join("`, `");
            self.texts.push(format!(
                "`{}`: the token carries GitHub's default audience `{default}` (the workflow asked for \
                 none); have the workflow ask for `{expected}` instead (aws-actions/configure-aws-credentials \
                 does for `sts.amazonaws.com` unless its `audience` input says otherwise) — the policy is \
                 left as it is",
                c.key
            ));
            self.mode = self.mode.or(m);
            return;
        }
        match copy_safety(c, token) {
            CopySafety::Safe(notes) => {
                for n in notes {
                    text.push_str(" — ");
                    text.push_str(&n);
                }
                apply_condition_fix(doc, index, c, token);
            }
            CopySafety::Unsafe(why) => {
                text.push_str(" — ");
                text.push_str(&why);
                self.withheld = true;
            }
        }
        self.texts.push(text);
        self.mode = self.mode.or(m);
    }
}

/// What to do about hidden or look-alike characters a fix must not copy.
const REMOVE_AT_SOURCE: &str = "remove those characters where the value comes from (the token's issuer or the workload's name is at fault) rather than copying them";

/// Whether a condition's fix may be applied to the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
enum CopySafety {
    /// Nothing the edit copies has hidden or look-alike characters; the notes name such
    /// characters in the policy (which the edit removes, or which stay when it edits nothing).
    Safe(Vec<String>),
    /// The edit would copy such characters from the token: the policy is not edited; why.
    Unsafe(String),
}

/// Whether the fix of condition `c` would copy invisible, bidi or look-alike characters from the
/// token into the policy, and the notes naming such characters in the policy's own values.
fn copy_safety(c: &ConditionResult, token: &Token) -> CopySafety {
    let mut notes: Vec<String> = confusable::describe("the condition key", &c.key)
        .into_iter()
        .collect();
    match &c.context {
        ContextValue::Present { values, .. } => {
            let claim = c.key.rsplit_once(':').map_or(c.key.as_str(), |(_, k)| k);
            let negated = policy::parse_operator(&c.operator).is_some_and(|o| o.negated);
            let tainted: Vec<String> = values
                .iter()
                .filter_map(|v| confusable::describe(&format!("the token's `{claim}`"), v))
                .collect();
            let copies = !negated;
            if copies && !tainted.is_empty() {
                return CopySafety::Unsafe(format!(
                    "{}: no suggested policy copies it; {REMOVE_AT_SOURCE}",
                    tainted.join("; ")
                ));
            }
            notes.extend(tainted);
            let removes = if copies {
                ": the suggested policy replaces it with the token's value, which has none of them"
            } else {
                ""
            };
            notes.extend(c.policy_values.iter().filter_map(|v| {
                confusable::describe("the policy's value", v).map(|d| format!("{d}{removes}"))
            }));
        }
        ContextValue::Absent { .. } => {
            // The fix renames the key after the token's issuer.
            if let Some(why) = token
                .claim_str("iss")
                .and_then(|iss| confusable::describe("the token's `iss`", iss))
            {
                return CopySafety::Unsafe(format!(
                    "{why}: the key is not renamed after it; {REMOVE_AT_SOURCE}"
                ));
            }
        }
        ContextValue::Unknown { .. } => {}
    }
    CopySafety::Safe(notes)
}

/// How many times each hidden or look-alike character occurs in the strings (names and values)
/// of a JSON document.
fn suspect_counts(doc: &Value, counts: &mut Vec<(char, usize)>) {
    fn add(s: &str, counts: &mut Vec<(char, usize)>) {
        for f in confusable::find(s) {
            match counts.iter_mut().find(|(c, _)| *c == f.ch) {
                Some((_, n)) => *n = n.saturating_add(1),
                None => counts.push((f.ch, 1)),
            }
        }
    }
    match doc {
        Value::String(s) => add(s, counts),
        Value::Array(items) => items.iter().for_each(|v| suspect_counts(v, counts)),
        Value::Object(map) => {
            for (k, v) in map {
                add(k, counts);
                suspect_counts(v, counts);
            }
        }
        _ => {}
    }
}

/// Whether `edited` has more of some hidden or look-alike character than `original`.
fn adds_suspects(original: &Value, edited: &Value) -> bool {
    let (mut before, mut after) = (Vec::new(), Vec::new());
    suspect_counts(original, &mut before);
    suspect_counts(edited, &mut after);
    after.iter().any(|(c, n)| {
        let had = before.iter().find(|(b, _)| b == c).map_or(0, |(_, m)| *m);
        *n > had
    })
}

/// The suggested settings without those whose value has invisible, bidi or look-alike
/// characters (they come from the token or the settings as typed, and must not be copied), and a
/// sentence for each one left out.
pub(super) fn safe_settings(
    settings: Vec<(SettingField, String)>,
) -> (Vec<(SettingField, String)>, Vec<String>) {
    let mut kept = Vec::new();
    let mut notes = Vec::new();
    for (field, value) in settings {
        let label = field.label();
        match confusable::describe(&format!("the value for {label}"), &value) {
            Some(why) => notes.push(format!("{why}: it is not suggested; {REMOVE_AT_SOURCE}")),
            None => kept.push((field, value)),
        }
    }
    (kept, notes)
}

/// A fix's parts with the notes as further parts.
pub(super) fn list_with_notes(list: Option<FixList>, notes: &[String]) -> Option<FixList> {
    list.map(|mut l| {
        l.items.extend(notes.iter().cloned());
        l
    })
}

/// `fix` with the notes appended (a fix made of the notes alone when there was none).
pub(super) fn with_notes(fix: Option<String>, notes: &[String]) -> Option<String> {
    if notes.is_empty() {
        return fix;
    }
    let joined = notes.join("; ");
    Some(match fix {
        Some(f) => format!("{f} — {joined}"),
        None => joined,
    })
}

/// No Allow statement was read: a case-mangled `"Effect": "allow"` gets corrected; otherwise one
/// must be added.
fn no_allow(p: &Policy) -> Diagnosis {
    // `"Effect": "allow"`: meant as Allow, but Effect is case-sensitive and IAM would not
    // save it; the statement is ignored. Say so, and correct the case.
    let mut doc = p.document.clone();
    let mut fixed = Vec::new();
    for i in 0_usize.. {
        let Some(st) = statement_mut(&mut doc, i) else {
            break;
        };
        let Some(key) = ci_key(st, "Effect") else {
            continue;
        };
        if let Some(Value::String(effect)) = st.get_mut(&key)
            && effect != "Allow"
            && effect.eq_ignore_ascii_case("allow")
        {
            fixed.push(format!("statement {} has `{effect}`", i.saturating_add(1)));
            *effect = "Allow".to_string();
        }
    }
    if !fixed.is_empty() {
        return (
            format!(
                "`Effect` is case-sensitive and {}: write `Allow` (IAM would not save the policy as written, and ignores the statement here)",
                fixed.join(", ")
            )
            .into(),
            Some(FailureMode::WrongAction),
            Some(doc),
        );
    }
    ("the policy has no Allow statement: add one for the provider with `sts:AssumeRoleWithWebIdentity`".into(), Some(FailureMode::WrongAction), None)
}

/// The principal does not name the token's provider: set `Principal.Federated` in `doc`.
fn fix_principal(doc: &mut Value, best: &StatementResult, federated: &str) -> String {
    let fix = format!(
        "{}; set `Principal.Federated` to `{federated}`",
        best.principal.1
    );
    if let Some(st) = statement_mut(doc, best.index) {
        if let Some(pk) = ci_key(st, "Principal") {
            st.insert(pk, serde_json::json!({ "Federated": federated }));
        } else {
            st.insert(
                "Principal".to_string(),
                serde_json::json!({ "Federated": federated }),
            );
        }
    }
    fix
}

/// The action is not covered: add `sts:AssumeRoleWithWebIdentity` (or replace a lone
/// `sts:AssumeRole`) in `doc`.
fn fix_action(p: &Policy, doc: &mut Value, best: &StatementResult) -> String {
    let assume_role_only = p.statements.iter().find(|s| s.index == best.index).is_some_and(
        |s| matches!(&s.actions, Actions::Action(a) if a.iter().any(|x| x.eq_ignore_ascii_case("sts:AssumeRole"))),
    );
    let fix = if assume_role_only {
        "it allows `sts:AssumeRole`, which is a different action: web-identity federation needs `sts:AssumeRoleWithWebIdentity`".to_string()
    } else {
        format!("{}; add `sts:AssumeRoleWithWebIdentity`", best.action.1)
    };
    if let Some(st) = statement_mut(doc, best.index) {
        if assume_role_only {
            replace_action(st, "sts:AssumeRole", ACTION);
        } else {
            add_action(st, ACTION);
        }
    }
    fix
}

fn add_action(st: &mut Map<String, Value>, action: &str) {
    let key = ci_key(st, "Action").unwrap_or_else(|| "Action".to_string());
    let new = match st.remove(&key) {
        Some(Value::Array(mut a)) => {
            a.push(Value::from(action));
            Value::Array(a)
        }
        Some(Value::String(s)) => Value::Array(vec![Value::from(s), Value::from(action)]),
        _ => Value::from(action),
    };
    st.insert(key, new);
}

fn replace_action(st: &mut Map<String, Value>, from: &str, to: &str) {
    let Some(key) = ci_key(st, "Action") else {
        return;
    };
    let swap = |v: &mut Value| {
        if v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(from)) {
            *v = Value::from(to);
        }
    };
    match st.get_mut(&key) {
        Some(Value::Array(a)) => a.iter_mut().for_each(swap),
        Some(v) => swap(v),
        None => {}
    }
}

fn explain_condition_fix(c: &ConditionResult, token: &Token) -> (String, Option<FailureMode>) {
    let expects = c
        .policy_values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    match &c.context {
        ContextValue::Absent { reason } => {
            let mode = reason
                .never_present()
                .then_some(FailureMode::ConditionKeyPrefix);
            (
                format!(
                    "the condition `{}` on `{}` fails because the key is absent: {reason}",
                    c.operator, c.key
                ),
                mode,
            )
        }
        ContextValue::Present { values, .. } => {
            let actual = values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let claim = c.key.rsplit_once(':').map_or(c.key.as_str(), |(_, k)| k);
            let operator = policy::parse_operator(&c.operator);
            let family = operator.as_ref().map(|o| o.family);
            let ci_match = |v: &String| {
                c.policy_values.iter().any(|p| match family {
                    Some(Family::StringLike) => policy_like_ci(p, v),
                    Some(Family::StringEquals) => p.to_lowercase() == v.to_lowercase(),
                    _ => false,
                })
            };
            // Only case differs when the condition, false as written, would hold with a
            // case-insensitive comparison: never for a negated operator (a match is what fails
            // it), and for `ForAllValues` only when every value would match.
            let case_only = match operator.as_ref().map(|o| (o.negated, o.set)) {
                Some((false, Some(SetOp::ForAllValues))) => {
                    !values.is_empty() && values.iter().all(ci_match)
                }
                Some((false, _)) => values.iter().any(ci_match),
                Some((true, _)) | None => false,
            };
            let mut text = format!(
                "the token's {claim} is {actual}; the policy expects {expects} ({})",
                c.operator
            );
            let mode = if case_only {
                text.push_str(" — only letter case differs");
                Some(FailureMode::CaseDifference)
            } else if claim.eq_ignore_ascii_case("sub") {
                if let Some(hint) = github_sub_hint(values, &c.policy_values, token) {
                    text.push_str(&format!(" — {hint}"));
                }
                // The edit changes who may assume the role: the mistake may be the workload's.
                text.push_str(&format!(
                    " — the suggested edit lets {actual} assume the role: if the token comes from \
                     the wrong workload (another service account, repository or branch), fix the \
                     workload instead"
                ));
                Some(FailureMode::SubjectMismatch)
            } else if claim.eq_ignore_ascii_case("aud") {
                Some(FailureMode::AudienceConditionMismatch)
            } else {
                Some(FailureMode::ClaimConditionMismatch)
            };
            (text, mode)
        }
        ContextValue::Unknown { reason } => (format!("`{}` depends on {reason}", c.key), None),
    }
}

fn policy_like_ci(pattern: &str, value: &str) -> bool {
    crate::core::pattern::matches_with(&crate::core::pattern::compile(pattern), value, |a, b| {
        a.to_lowercase().eq(b.to_lowercase())
    })
}

fn github_sub_hint(actual: &[String], expected: &[String], token: &Token) -> Option<String> {
    if token.claim_str("iss") != Some(GITHUB_ISSUER) {
        return None;
    }
    let a = actual.first()?;
    if a.contains(":pull_request") {
        return Some(
            "jobs triggered by pull_request get `repo:ORG/REPO:pull_request`, not a ref subject"
                .into(),
        );
    }
    if a.contains(":environment:") {
        return Some("a job that uses an environment gets `repo:ORG/REPO:environment:NAME` instead of its ref".into());
    }
    if a.split(':').nth(1).is_some_and(|r| r.contains('@'))
        && expected.iter().any(|e| !e.contains('@'))
    {
        return Some("this repository uses GitHub's immutable subject `repo:ORG@id/REPO@id:...`, which `repo:ORG/REPO:*` patterns do not match".into());
    }
    None
}

fn apply_condition_fix(doc: &mut Value, index: usize, c: &ConditionResult, token: &Token) {
    let Some(st) = statement_mut(doc, index) else {
        return;
    };
    match &c.context {
        ContextValue::Absent { .. } => {
            // Wrong prefix: rename the key to the token's provider.
            let Some(iss) = token.claim_str("iss") else {
                return;
            };
            let Some((_, claim)) = c.key.rsplit_once(':') else {
                return;
            };
            let new_key = format!("{}:{claim}", provider_prefix(iss));
            if new_key == c.key {
                return;
            }
            let Some(ck) = ci_key(st, "Condition") else {
                return;
            };
            if let Some(block) = st
                .get_mut(&ck)
                .and_then(Value::as_object_mut)
                .and_then(|b| b.get_mut(&c.operator))
                .and_then(Value::as_object_mut)
                && let Some(v) = block.remove(&c.key)
            {
                block.insert(new_key, v);
            }
        }
        ContextValue::Present { values, .. } => {
            let Some(target) = condition_values_mut(st, &c.operator, &c.key) else {
                return;
            };
            let op = policy::parse_operator(&c.operator);
            let negated = op.as_ref().is_some_and(|o| o.negated);
            if negated {
                return;
            }
            let new: Vec<Value> = values.iter().map(|v| Value::from(v.clone())).collect();
            *target = match new.as_slice() {
                [one] => one.clone(),
                _ => Value::Array(new),
            };
        }
        ContextValue::Unknown { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn adds_suspects_only_new_characters_count() {
        let before = json!({"a": ["x\u{202E}", "y"]});
        assert!(!adds_suspects(&before, &json!({"a": ["x\u{202E}", "z"]})));
        assert!(!adds_suspects(&before, &json!({"a": "plain"})));
        assert!(adds_suspects(
            &before,
            &json!({"a": ["x\u{202E}", "y\u{202E}"]})
        ));
        assert!(adds_suspects(&before, &json!({"\u{0430}": "y"})));
    }

    #[test]
    fn safe_settings_look_alike_value_is_left_out_and_named() {
        let (kept, notes) = safe_settings(vec![
            (
                SettingField::ProviderUrl,
                "https://issuer.ex\u{0430}mple".into(),
            ),
            (SettingField::MaxSession, "7200".into()),
        ]);
        assert_eq!(kept, vec![(SettingField::MaxSession, "7200".to_string())]);
        let note = notes.join("");
        assert!(note.contains("the value for Provider URL"), "{note}");
        assert!(note.contains("U+0430 CYRILLIC SMALL LETTER A"), "{note}");
        assert_eq!(with_notes(None, &[]), None);
        assert_eq!(
            with_notes(Some("f".into()), &["n".into()]).as_deref(),
            Some("f — n")
        );
    }
}
