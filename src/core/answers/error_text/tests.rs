//! Real error texts, each with where it was reported, mapped to the error TokenScope names and the
//! cause it ranks first. Account ids, cluster ids and request ids are as published (or redacted as
//! published).

use super::*;
use crate::core::sts::StepId;

struct Case {
    /// Where the text was reported.
    source: &'static str,
    text: &'static str,
    kind: ErrorKind,
    code: Option<&'static str>,
    reporter: Reporter,
    /// The top cause's catalogue id (`None`: a cause without an entry).
    top: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case {
        source: "https://github.com/aws-actions/configure-aws-credentials/issues/1293",
        text: "Assuming role with OIDC\nError: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity",
        kind: ErrorKind::AccessDenied,
        code: Some("AccessDenied"),
        reporter: Reporter::ConfigureAwsCredentials,
        top: Some("subject-mismatch"),
    },
    Case {
        source: "https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/2315",
        text: "2021/10/22 03:14:16 Could not initialize EKS CloudWatch client: WebIdentityErr: failed to retrieve credentials\ncaused by: InvalidIdentityToken: No OpenIDConnect provider found in your account for https://oidc.eks.us-east-1.amazonaws.com/id/***********************************************\n\tstatus code: 400, request id: 3714365f-c50b-4cae-b958-917eb6a34b50",
        kind: ErrorKind::NoProvider,
        code: Some("InvalidIdentityToken"),
        reporter: Reporter::GoSdkV1,
        top: Some("no-provider"),
    },
    Case {
        source: "https://github.com/namespacelabs/foundation/issues/801",
        text: "failed to retrieve credentials: failed to refresh cached credentials, failed to retrieve credentials, operation error STS: AssumeRoleWithWebIdentity, exceeded maximum number of attempts, 3, https response error StatusCode: 400, RequestID: 15810d8a-d7cf-4cf6-a789-344247a93714, InvalidIdentityToken: No OpenIDConnect provider found in your account for {redacted}",
        kind: ErrorKind::NoProvider,
        code: Some("InvalidIdentityToken"),
        reporter: Reporter::GoSdkV2,
        top: Some("no-provider"),
    },
    Case {
        source: "https://github.com/aws-actions/configure-aws-credentials/issues/280",
        text: "Error: No OpenIDConnect provider found in your account for https://vstoken.actions.githubusercontent.com/",
        kind: ErrorKind::NoProvider,
        code: Some("InvalidIdentityToken"),
        reporter: Reporter::Unknown,
        top: Some("issuer-mismatch"),
    },
    Case {
        source: "https://github.com/aws/aws-sdk-js-v3/issues/5083",
        text: "InvalidIdentityTokenException: No OpenIDConnect provider found in your account for https://oidc.eks.cn-north-1.amazonaws.com.cn/id/<ID>\n    at de_InvalidIdentityTokenExceptionRes (/path/node_modules/@aws-sdk/client-sts/dist-cjs/protocols/Aws_query.js:436:23)",
        kind: ErrorKind::NoProvider,
        code: Some("InvalidIdentityToken"),
        reporter: Reporter::JavaScriptSdk,
        top: Some("no-provider"),
    },
    Case {
        source: "https://github.com/treeverse/dvc.org/pull/5273",
        text: "InvalidIdentityTokenException:\nAn error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found in your account for https://studio.dvc.ai/api",
        kind: ErrorKind::NoProvider,
        code: Some("InvalidIdentityToken"),
        reporter: Reporter::AwsCliOrPython,
        top: Some("no-provider"),
    },
    Case {
        source: "https://github.com/awslabs/amazon-eks-irsa-cfn/pull/18",
        text: "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience",
        kind: ErrorKind::IncorrectAudience,
        code: Some("InvalidIdentityToken"),
        reporter: Reporter::AwsCliOrPython,
        top: Some("audience-not-allowed"),
    },
    Case {
        source: "https://github.com/aws/aws-cli/issues/7194",
        text: "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
        kind: ErrorKind::KeysUnreachable,
        code: Some("InvalidIdentityToken"),
        reporter: Reporter::AwsCliOrPython,
        top: Some("keys-unreachable"),
    },
    Case {
        source: "https://github.com/aws/aws-sdk-php/issues/1725",
        text: "couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
        kind: ErrorKind::KeysUnreachable,
        code: Some("InvalidIdentityToken"),
        reporter: Reporter::Unknown,
        top: Some("keys-unreachable"),
    },
    Case {
        source: "https://github.com/aws-actions/configure-aws-credentials/issues/357",
        text: "Error: OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint",
        kind: ErrorKind::ThumbprintMismatch,
        code: Some("InvalidIdentityToken"),
        reporter: Reporter::Unknown,
        top: Some("thumbprint-mismatch"),
    },
    Case {
        source: "https://github.com/awslabs/aws-orbit-workbench/issues/707",
        text: "botocore.errorfactory.ExpiredTokenException: An error occurred (ExpiredTokenException) when calling the AssumeRoleWithWebIdentity operation: Token expired: current date/time 1624482533 must be before the expiration date/time1624482335",
        kind: ErrorKind::TokenExpired,
        code: Some("ExpiredTokenException"),
        reporter: Reporter::AwsCliOrPython,
        top: Some("token-expired"),
    },
    Case {
        source: "https://github.com/aws/aws-sdk-java-v2/issues/5709",
        text: "s.a.a.s.s.m.ExpiredTokenException: Token expired: current date/time 1731098245 must be before the expiration date/time 1731095240 (Service: Sts, Status Code: 400, Request ID: 22679931-6a1d-4db3-abd0-a189de181809)",
        kind: ErrorKind::TokenExpired,
        code: Some("ExpiredTokenException"),
        reporter: Reporter::JavaSdk,
        top: Some("token-expired"),
    },
    Case {
        source: "https://github.com/mozilla-iam/mozilla-aws-cli/issues/146",
        text: "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>ExpiredTokenException</Code>\n    <Message>Token too old: 441398</Message>\n  </Error>\n  <RequestId>1fd1964b-1544-11ea-ba37-99c3c1dede42</RequestId>\n</ErrorResponse>",
        kind: ErrorKind::TokenExpired,
        code: Some("ExpiredTokenException"),
        reporter: Reporter::Unknown,
        top: Some("token-expired"),
    },
    Case {
        source: "https://github.com/aws/aws-sdk-net/issues/1522",
        text: "Unhandled exception. Amazon.Runtime.AmazonClientException: Error calling AssumeRole for role arn:aws:iam::xxxx:role/xxx\n ---> Amazon.SecurityToken.AmazonSecurityTokenServiceException: Not authorized to perform sts:AssumeRoleWithWebIdentity ---> Amazon.Runtime.Internal.HttpErrorResponseException",
        kind: ErrorKind::AccessDenied,
        code: Some("AccessDenied"),
        reporter: Reporter::DotNetSdk,
        top: Some("subject-mismatch"),
    },
    Case {
        source: "https://github.com/google-github-actions/auth/issues/62",
        text: "Error: Action failed with error: Error: Error message: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable",
        kind: ErrorKind::GitHubNoIdToken,
        code: None,
        reporter: Reporter::ActionsToolkit,
        top: Some("no-token"),
    },
    Case {
        source: "https://github.com/aws-actions/configure-aws-credentials/issues/512",
        text: "Error: Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers",
        kind: ErrorKind::CredentialsNotLoaded,
        code: None,
        reporter: Reporter::ConfigureAwsCredentials,
        top: Some("no-token"),
    },
    Case {
        source: "https://github.com/aws/amazon-eks-pod-identity-webhook/issues/8",
        text: "time=\"2019-09-11T07:31:53Z\" level=error msg=\"WebIdentityErr: unable to read file at /var/run/secrets/eks.amazonaws.com/serviceaccount/token\\ncaused by: open /var/run/secrets/eks.amazonaws.com/serviceaccount/token: permission denied\"",
        kind: ErrorKind::TokenFileUnreadable,
        code: None,
        reporter: Reporter::GoSdkV1,
        top: Some("no-token"),
    },
    Case {
        source: "https://github.com/aws/aws-sdk-java-v2/issues/5294",
        text: "java.lang.IllegalStateException: Either the environment variable AWS_WEB_IDENTITY_TOKEN_FILE or the javaproperty aws.webIdentityTokenFile must be set.\n\tat software.amazon.awssdk.utils.SystemSetting.lambda$getStringValueOrThrow$0(SystemSetting.java:95)",
        kind: ErrorKind::TokenFileUnreadable,
        code: None,
        reporter: Reporter::JavaSdk,
        top: Some("no-token"),
    },
    Case {
        source: "https://github.com/aws/amazon-eks-pod-identity-webhook/issues/67",
        text: "2020/08/02 20:51:43 I! 2020/08/02 20:51:40 E! [EC2] getting new session info:  WebIdentityErr: role ARN is not set",
        kind: ErrorKind::CredentialsNotLoaded,
        code: None,
        reporter: Reporter::GoSdkV1,
        top: Some("no-token"),
    },
    Case {
        source: "https://github.com/awslabs/aws-sdk-rust/issues/827",
        text: "service error: InvalidIdentityTokenException: Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
        kind: ErrorKind::KeysUnreachable,
        code: Some("InvalidIdentityToken"),
        reporter: Reporter::RustSdk,
        top: Some("keys-unreachable"),
    },
    Case {
        source: "https://github.com/kubeflow/spark-operator/issues/1129",
        text: "Caused by: org.apache.hadoop.fs.s3a.auth.NoAuthWithAWSException: No AWS Credentials provided by WebIdentityTokenCredentialsProvider : com.amazonaws.services.securitytoken.model.AWSSecurityTokenServiceException: Not authorized to perform sts:AssumeRoleWithWebIdentity (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: ID; Proxy: null)",
        kind: ErrorKind::AccessDenied,
        code: Some("AccessDenied"),
        reporter: Reporter::JavaSdk,
        top: Some("subject-mismatch"),
    },
    Case {
        source: "https://github.com/aws/aws-sdk-java-v2/issues/1470",
        text: "software.amazon.awssdk.services.sts.model.StsException: Not authorized to perform sts:AssumeRoleWithWebIdentity (Service: Sts, Status Code: 403, Request ID: d8ee3773-3046-41d0-9b95-373ec1ae7b07, Extended Request ID: null)",
        kind: ErrorKind::AccessDenied,
        code: Some("AccessDenied"),
        reporter: Reporter::JavaSdk,
        top: Some("subject-mismatch"),
    },
    Case {
        source: "https://github.com/aws/aws-sdk-js/issues/198",
        text: "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>IDPRejectedClaim</Code>\n    <Message>graph.facebook.com: graph.facebook.com responded with HTTP/1.1 400 Bad Request</Message>\n  </Error>\n  <RequestId>af0f7b07-5208-11e3-81b2-cfe47957f7e6</RequestId>\n</ErrorResponse>",
        kind: ErrorKind::IdpRejectedClaim,
        code: Some("IDPRejectedClaim"),
        reporter: Reporter::Unknown,
        top: None,
    },
    Case {
        source: "https://github.com/sentry-kubernetes/charts/issues/514",
        text: "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity",
        kind: ErrorKind::AccessDenied,
        code: Some("AccessDenied"),
        reporter: Reporter::AwsCliOrPython,
        top: Some("subject-mismatch"),
    },
    Case {
        source: "https://github.com/mattermost/desktop/pull/3661",
        text: "It looks like you might be trying to authenticate with OIDC. Did you mean to set the `id-token` permission? If you are not trying to authenticate with OIDC and the action is working successfully, you can ignore this message.",
        kind: ErrorKind::GitHubNoIdToken,
        code: None,
        reporter: Reporter::ConfigureAwsCredentials,
        top: Some("no-token"),
    },
];

#[test]
fn real_error_texts_name_the_error_and_the_top_cause() {
    for case in CASES {
        let d = diagnose_error(case.text).unwrap_or_else(|e| panic!("{}: {e}", case.source));
        let error = d
            .error
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no error named", case.source));
        assert_eq!(error.kind, case.kind, "{}", case.source);
        assert_eq!(error.code, case.code, "{}", case.source);
        assert_eq!(d.reporter, case.reporter, "{}", case.source);
        let top = d
            .causes
            .first()
            .unwrap_or_else(|| panic!("{}: no cause", case.source));
        assert_eq!(
            top.mode.map(|m| m.id()),
            case.top,
            "{}: {:?}",
            case.source,
            d.causes
        );
    }
}

#[test]
fn no_provider_learns_the_issuer_and_points_at_the_provider_step() {
    let d = diagnose_error(CASES[1].text).unwrap();
    assert_eq!(
        d.facts.issuer.as_deref(),
        Some(
            "https://oidc.eks.us-east-1.amazonaws.com/id/***********************************************"
        )
    );
    assert_eq!(d.facts.http_status, Some(400));
    assert_eq!(d.causes[0].decided_by, Decider::Step(StepId::Provider));
    assert_eq!(d.error.unwrap().origin, Origin::Sts);
}

#[test]
fn old_github_issuer_with_a_trailing_slash_ranks_issuer_mismatch_first() {
    let d = diagnose_error(CASES[3].text).unwrap();
    let top = &d.causes[0];
    assert_eq!(top.mode, Some(FailureMode::IssuerMismatch));
    assert_eq!(top.evidence.len(), 2, "{:?}", top.evidence);
}

#[test]
fn expired_token_reports_how_late_the_call_was() {
    let d = diagnose_error(CASES[10].text).unwrap();
    assert_eq!(d.facts.called_at, Some(1_624_482_533));
    assert_eq!(d.facts.expired_at, Some(1_624_482_335));
    assert!(
        d.causes[0].evidence[0].contains("198 s after"),
        "{:?}",
        d.causes[0]
    );
    assert_eq!(d.causes[0].decided_by, Decider::Step(StepId::Time));
}

#[test]
fn message_is_picked_out_after_the_operation() {
    let d = diagnose_error(CASES[6].text).unwrap();
    assert_eq!(
        d.error.unwrap().message.as_deref(),
        Some("Incorrect token audience")
    );
    let d = diagnose_error(CASES[1].text).unwrap();
    let m = d.error.unwrap().message.unwrap();
    assert!(m.starts_with("No OpenIDConnect provider found"), "{m}");
}

#[test]
fn non_sts_errors_say_where_they_come_from() {
    let d = diagnose_error(CASES[14].text).unwrap();
    let e = d.error.unwrap();
    assert_eq!(e.origin, Origin::GitHubActions);
    assert_eq!(
        d.causes[0].decided_by,
        Decider::BeforeSts(BeforeSts::GitHubPermissions)
    );
    let d = diagnose_error(CASES[16].text).unwrap();
    assert_eq!(d.error.unwrap().origin, Origin::Sdk);
    assert_eq!(
        d.facts.token_file.as_deref(),
        Some("/var/run/secrets/eks.amazonaws.com/serviceaccount/token")
    );
}

/// A failed call as CloudTrail records it (fields as in AWS's example event for
/// AssumeRoleWithWebIdentity, <https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html>),
/// for a pull-request run of a GitHub workflow.
const EVENT_GITHUB_PR: &str = r#"{
  "eventVersion": "1.08",
  "userIdentity": {
    "type": "WebIdentityUser",
    "principalId": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com:sts.amazonaws.com:repo:octo-org/octo-repo:pull_request",
    "userName": "repo:octo-org/octo-repo:pull_request",
    "identityProvider": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
  },
  "eventTime": "2026-11-20T10:00:00Z",
  "eventSource": "sts.amazonaws.com",
  "eventName": "AssumeRoleWithWebIdentity",
  "awsRegion": "us-east-1",
  "sourceIPAddress": "192.0.2.10",
  "userAgent": "aws-sdk-nodejs/2.1502.0",
  "errorCode": "AccessDenied",
  "errorMessage": "An unknown error occurred",
  "requestParameters": {
    "roleArn": "arn:aws:iam::111122223333:role/deploy",
    "roleSessionName": "GitHubActions",
    "durationSeconds": 3600
  },
  "responseElements": null,
  "requestID": "4b0a5c7e-0000-4000-8000-000000000000",
  "eventID": "9f1c2d3e-0000-4000-8000-000000000000",
  "readOnly": true,
  "eventType": "AwsApiCall",
  "recipientAccountId": "111122223333"
}"#;

#[test]
fn cloudtrail_event_fills_role_session_subject_audience_and_ranks_the_pr_subject() {
    let d = diagnose_error(EVENT_GITHUB_PR).unwrap();
    assert_eq!(d.input, InputKind::CloudTrail);
    assert_eq!(d.reporter, Reporter::CloudTrail);
    let e = d.error.as_ref().unwrap();
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    let f = &d.facts;
    assert_eq!(
        f.role_arn.as_deref(),
        Some("arn:aws:iam::111122223333:role/deploy")
    );
    assert_eq!(f.account_id.as_deref(), Some("111122223333"));
    assert_eq!(f.session_name.as_deref(), Some("GitHubActions"));
    assert_eq!(
        f.subject.as_deref(),
        Some("repo:octo-org/octo-repo:pull_request")
    );
    assert_eq!(f.audience.as_deref(), Some("sts.amazonaws.com"));
    assert_eq!(
        f.issuer.as_deref(),
        Some("https://token.actions.githubusercontent.com")
    );
    assert_eq!(
        f.request_id.as_deref(),
        Some("4b0a5c7e-0000-4000-8000-000000000000")
    );
    assert_eq!(d.causes[0].mode, Some(FailureMode::SubjectMismatch));
    assert!(!d.causes[0].evidence.is_empty());
    assert_eq!(d.causes[0].decided_by, Decider::Step(StepId::TrustPolicy));
}

#[test]
fn cloudtrail_provider_in_another_account_ranks_wrong_principal_first() {
    let event = EVENT_GITHUB_PR
        .replace(
            "repo:octo-org/octo-repo:pull_request",
            "repo:octo-org/octo-repo:ref:refs/heads/main",
        )
        .replace(
            "\"roleArn\": \"arn:aws:iam::111122223333",
            "\"roleArn\": \"arn:aws:iam::444455556666",
        );
    let d = diagnose_error(&event).unwrap();
    assert_eq!(
        d.causes[0].mode,
        Some(FailureMode::WrongPrincipal),
        "{:?}",
        d.causes[0]
    );
}

#[test]
fn cloudtrail_records_file_and_a_successful_event() {
    let ok = EVENT_GITHUB_PR
        .replace("\"errorCode\": \"AccessDenied\",", "")
        .replace("\"errorMessage\": \"An unknown error occurred\",", "");
    let records = format!("{{\"Records\": [{{\"eventName\": \"GetCallerIdentity\"}}, {ok}]}}");
    let d = diagnose_error(&records).unwrap();
    assert!(d.error.is_none());
    assert!(d.notes[0].contains("successful call"), "{:?}", d.notes);
    assert_eq!(d.facts.session_name.as_deref(), Some("GitHubActions"));
}

#[test]
fn json_that_is_no_event_and_blank_text_are_errors() {
    assert_eq!(diagnose_error("  \n"), Err(ErrorTextError::Empty));
    let e = diagnose_error(r#"{"eventName": "GetCallerIdentity"}"#).unwrap_err();
    assert!(e.to_string().contains("AssumeRoleWithWebIdentity"), "{e}");
    assert!(diagnose_error("{ not json").is_err());
}

#[test]
fn java_sdk_line_gives_status_and_request_id() {
    let case = CASES
        .iter()
        .find(|c| c.source.ends_with("aws-sdk-java-v2/issues/1470"))
        .unwrap();
    let d = diagnose_error(case.text).unwrap();
    assert_eq!(d.facts.http_status, Some(403));
    assert_eq!(
        d.facts.request_id.as_deref(),
        Some("d8ee3773-3046-41d0-9b95-373ec1ae7b07")
    );
    assert_eq!(
        d.error.unwrap().message.as_deref(),
        Some(
            "Not authorized to perform sts:AssumeRoleWithWebIdentity (Service: Sts, Status Code: 403, Request ID: d8ee3773-3046-41d0-9b95-373ec1ae7b07, Extended Request ID: null)"
        )
    );
}

#[test]
fn an_assume_role_error_is_named_with_a_note_that_it_is_not_web_identity() {
    // https://github.com/amzn/selling-partner-api-models/issues/891
    let text = "User: arn:aws:iam::*:user/gudsen is not authorized to perform: sts:AssumeRole on resource: aws:iam::*:role/gudsen_role (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: b59b74ae-9126-4975-8a87-c987e092da76)";
    let d = diagnose_error(text).unwrap();
    assert_eq!(d.error.unwrap().kind, ErrorKind::AccessDenied);
    assert!(
        d.notes.iter().any(|n| n.contains("other credentials")),
        "{:?}",
        d.notes
    );
    // A web-identity error gets no such note.
    let d = diagnose_error(CASES[0].text).unwrap();
    assert!(d.notes.is_empty(), "{:?}", d.notes);
}

/// aws-actions/configure-aws-credentials prints its `id-token` hint, then fails with `Credentials
/// could not be loaded` (<https://github.com/aws-actions/configure-aws-credentials>); logs often
/// wrap the hint after `OIDC.`. The hint names the error: the job lacks `permissions: id-token:
/// write`
/// (<https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services#adding-permissions-settings>).
#[test]
fn configure_aws_credentials_id_token_hint_names_the_missing_permission() {
    let log = "Run aws-actions/configure-aws-credentials@v4\nIt looks like you might be trying to authenticate with OIDC.\nDid you mean to set the `id-token` permission? If you are not trying to authenticate with OIDC and the action is working successfully, you can ignore this message.\nError: Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers";
    let d = diagnose_error(log).unwrap();
    let e = d.error.as_ref().unwrap();
    assert_eq!(e.kind, ErrorKind::GitHubNoIdToken);
    assert_eq!(e.origin, Origin::GitHubActions);
    assert_eq!(
        e.message.as_deref(),
        Some("It looks like you might be trying to authenticate with OIDC.")
    );
    assert_eq!(d.reporter, Reporter::ConfigureAwsCredentials);
    let top = &d.causes[0];
    assert_eq!(top.mode, Some(FailureMode::NoToken));
    assert!(
        top.title.contains("`permissions: id-token: write`"),
        "{top:?}"
    );
    assert_eq!(
        top.decided_by,
        Decider::BeforeSts(BeforeSts::GitHubPermissions)
    );
    assert!(
        top.evidence
            .iter()
            .any(|e| e.contains("ACTIONS_ID_TOKEN_REQUEST_TOKEN")),
        "{top:?}"
    );
    // Either half of a wrapped hint names it.
    let d = diagnose_error("Did you mean to set the `id-token` permission?").unwrap();
    assert_eq!(d.error.map(|e| e.kind), Some(ErrorKind::GitHubNoIdToken));
}

#[test]
fn unrecognised_text_is_a_diagnosis_without_an_error() {
    let d = diagnose_error("segmentation fault (core dumped)").unwrap();
    assert!(d.error.is_none());
    assert!(d.causes.is_empty());
    assert_eq!(d.notes.len(), 1);
}

#[test]
fn no_credentials_sts_cause_is_decided_by_the_earlier_error_not_the_environment() {
    let d = diagnose_error("Error: Could not load credentials from any providers").unwrap();
    assert_eq!(
        d.error.as_ref().map(|e| e.kind),
        Some(ErrorKind::CredentialsNotLoaded)
    );
    let sts = d
        .causes
        .iter()
        .find(|c| c.title.starts_with("STS refused the token"))
        .unwrap();
    assert_eq!(sts.decided_by, Decider::EarlierError);
    assert!(
        !sts.decided_by_text.contains("before AWS is called"),
        "{}",
        sts.decided_by_text
    );
    // The workload's own cause is still decided before AWS is called.
    assert_eq!(
        d.causes[0].decided_by,
        Decider::BeforeSts(BeforeSts::CredentialChain)
    );
}
