//! HCP Terraform and Terraform Enterprise workload identity tokens:
//! `organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:plan|apply`.

use serde_json::{Map, Value};

use super::{
    ClaimNote, Fact, OIDC_CONDITION_KEYS, Part, Preset, PresetId, Recognised, SubjectFormat,
    SubjectParts, https_path, key_value_parts,
};

const TOKENS: &str = "https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens";
const AWS_HOWTO: &str = "https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration";
const PROJECTS: &str = "https://support.hashicorp.com/hc/en-us/articles/13138701895699-Updating-Workload-Identity-for-Projects";

/// HCP Terraform.
pub(super) const PRESET: Preset = Preset {
    id: PresetId::HcpTerraform,
    name: "HCP Terraform / Terraform Enterprise",
    recognised_by: "`iss` is `https://app.terraform.io`, or a Terraform Enterprise URL with the \
                    `terraform_workspace_id` claim",
    docs: TOKENS,
    builtin: false,
    subject: SubjectFormat::Documented {
        pattern: "organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:plan|apply",
        source: PROJECTS,
    },
    claims: &[
        ClaimNote {
            claim: "sub",
            meaning: Fact {
                text: "`organization:<org>:project:<project>:workspace:<workspace>:run_phase:<phase>`; \
                       the default project is named `Default Project`.",
                source: PROJECTS,
            },
        },
        ClaimNote {
            claim: "terraform_run_phase",
            meaning: Fact {
                text: "`plan` or `apply`: each phase gets its own token.",
                source: TOKENS,
            },
        },
        ClaimNote {
            claim: "terraform_workspace_id",
            meaning: Fact {
                text: "The workspace's id (`ws-…`), stable across renames.",
                source: TOKENS,
            },
        },
    ],
    condition_keys: OIDC_CONDITION_KEYS,
    mistakes: &[
        Fact {
            text: "`app.terraform.io` is one issuer for every organization: a role whose \
                   `app.terraform.io:sub` does not name the organization and workspace trusts \
                   every HCP Terraform run.",
            source: AWS_HOWTO,
        },
        Fact {
            text: "Policies written for the old `organization:…:workspace:…` subject, without \
                   `project:`, no longer match.",
            source: PROJECTS,
        },
        Fact {
            text: "One role for both phases: a `plan` (which runs for any speculative change) \
                   gets the `apply` role's permissions; pin `run_phase:apply` for write access.",
            source: AWS_HOWTO,
        },
    ],
};

/// app.terraform.io by its URL; Terraform Enterprise by its claims.
pub(super) fn recognise(iss: &str, claims: &Map<String, Value>) -> Option<Recognised> {
    let host = https_path(iss)?;
    let tfe = claims
        .get("terraform_workspace_id")
        .is_some_and(Value::is_string);
    (iss == "https://app.terraform.io" || tfe).then(|| Recognised {
        preset: &PRESET,
        issuer_parts: vec![Part::new("host", host)],
        split,
    })
}

/// `organization:O:project:P:workspace:W:run_phase:X`.
pub(super) fn split(sub: &str) -> Option<SubjectParts> {
    let keys = ["organization", "project", "workspace", "run_phase"];
    let parts = key_value_parts(sub, &keys)?;
    let form = match parts.last().map(|p| p.value.as_str()) {
        Some("plan") => "plan",
        Some("apply") => "apply",
        _ => return None,
    };
    parts
        .iter()
        .all(|p| !p.value.is_empty())
        .then_some(SubjectParts { form, parts })
}
