//! The ARNs an EKS Pod Identity association names: the cluster's
//! (`arn:<partition>:eks:<region>:<account>:cluster/<name>`) and IAM roles'
//! (`arn:<partition>:iam::<account>:role/<path/><name>`)
//! (<https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html#amazonelastickubernetesservice-resources-for-iam-policies>,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html>).

use serde::Serialize;

/// A cluster ARN, read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClusterArn {
    /// The ARN as given.
    pub arn: String,
    /// `aws`, `aws-cn`, `aws-us-gov`.
    pub partition: String,
    /// e.g. `us-east-1`.
    pub region: String,
    /// 12 digits.
    pub account: String,
    /// The cluster's name (the `eks-cluster-name` session tag).
    pub name: String,
}

/// A role ARN, read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleArn {
    /// The ARN as given.
    pub arn: String,
    /// `aws`, `aws-cn`, `aws-us-gov`.
    pub partition: String,
    /// 12 digits.
    pub account: String,
    /// The role's name (after any path).
    pub name: String,
}

fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_partition(s: &str) -> bool {
    s.starts_with("aws") && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
}

/// Reads a cluster ARN.
///
/// # Errors
/// Says what is wrong, "expected …, found …".
pub fn parse_cluster_arn(text: &str) -> Result<ClusterArn, String> {
    let text = text.trim();
    let expected = "expected `arn:aws:eks:<region>:<12-digit account>:cluster/<name>`";
    if text.is_empty() {
        return Err(format!("{expected}, found an empty value"));
    }
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return Err(format!("{expected}, found `{text}`"));
    };
    let name = resource.strip_prefix("cluster/").unwrap_or_default();
    let name_ok = !name.is_empty()
        && name.len() <= 100
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if *arn != "arn"
        || !is_partition(partition)
        || *service != "eks"
        || region.is_empty()
        || !is_account(account)
        || !name_ok
    {
        return Err(format!("{expected}, found `{text}`"));
    }
    Ok(ClusterArn {
        arn: text.to_string(),
        partition: (*partition).to_string(),
        region: (*region).to_string(),
        account: (*account).to_string(),
        name: name.to_string(),
    })
}

/// Reads a role ARN.
///
/// # Errors
/// Says what is wrong, "expected …, found …".
pub fn parse_role_arn(text: &str) -> Result<RoleArn, String> {
    let text = text.trim();
    let expected = "expected `arn:aws:iam::<12-digit account>:role/<name>`";
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return Err(format!("{expected}, found `{text}`"));
    };
    let path = resource.strip_prefix("role/").unwrap_or_default();
    let name = path.rsplit('/').next().unwrap_or_default();
    if *arn != "arn"
        || !is_partition(partition)
        || *service != "iam"
        || !region.is_empty()
        || !is_account(account)
        || name.is_empty()
    {
        return Err(format!("{expected}, found `{text}`"));
    }
    Ok(RoleArn {
        arn: text.to_string(),
        partition: (*partition).to_string(),
        account: (*account).to_string(),
        name: name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_cluster_arn_empty_says_so() {
        let e = parse_cluster_arn("  ").unwrap_err();
        assert!(e.ends_with("found an empty value"), "{e}");
        assert!(!e.contains("``"), "{e}");
    }

    #[test]
    fn parse_cluster_arn_table() {
        let ok = parse_cluster_arn("arn:aws:eks:us-east-1:111122223333:cluster/prod-1").unwrap();
        assert_eq!(
            (ok.region.as_str(), ok.account.as_str(), ok.name.as_str()),
            ("us-east-1", "111122223333", "prod-1")
        );
        for bad in [
            "",
            "prod-1",
            "arn:aws:eks:us-east-1:11112222333:cluster/prod",
            "arn:aws:iam::111122223333:role/x",
            "arn:aws:eks:us-east-1:111122223333:nodegroup/prod",
            "arn:aws:eks:us-east-1:111122223333:cluster/",
            "arn:aws:eks:us-east-1:111122223333:cluster/a b",
        ] {
            let err = parse_cluster_arn(bad).unwrap_err();
            assert!(err.starts_with("expected `arn:aws:eks:"), "{bad}: {err}");
        }
    }

    #[test]
    fn parse_role_arn_table() {
        let ok = parse_role_arn("arn:aws:iam::111122223333:role/team/app-role").unwrap();
        assert_eq!(ok.name, "app-role");
        assert_eq!(ok.account, "111122223333");
        for bad in [
            "arn:aws:iam::111122223333:user/x",
            "arn:aws:iam:us-east-1:111122223333:role/x",
            "arn:aws:iam::1111:role/x",
            "arn:aws:iam::111122223333:role/",
        ] {
            assert!(parse_role_arn(bad).is_err(), "{bad}");
        }
    }
}
