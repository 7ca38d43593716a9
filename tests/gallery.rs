//! The gallery of failures (static/gallery.json, written by tests/fixtures/gallery/generate.py
//! from AWS's documents, never by running this code): every entry, opened as its share link
//! opens, gets the verdict the generator expects — outcome, AWS error code, HTTP status and the
//! failure mode of the catalogue — and every failure of the catalogue has an entry or a reason.

use std::collections::BTreeSet;

use tokenscope::core::gallery::{self, EXAMPLE_ID, Gallery};
use tokenscope::core::session;
use tokenscope::core::share;
use tokenscope::core::sts::{FailureMode, Outcome};
use tokenscope::core::verify::SignatureStatus;

fn gallery() -> Gallery {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/static/gallery.json");
    gallery::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_entry_gets_its_expected_verdict() {
    let g = gallery();
    let mut checked = 0;
    for e in &g.entries {
        // The page's path: restore the state as a link restores it, then analyse.
        let inputs = e.restore().inputs(0);
        let analysis = session::analyze(&inputs);
        let report = analysis
            .report()
            .unwrap_or_else(|| panic!("{}: no report", e.id));
        let sts = report
            .sts
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no STS", e.id));
        let got = (
            sts.outcome,
            sts.error_code,
            sts.http_status,
            sts.failure_mode.map(FailureMode::id),
        );
        let want = (
            e.outcome,
            e.code.as_deref(),
            e.http_status,
            e.mode.map(FailureMode::id),
        );
        assert_eq!(got, want, "{}: {}\n{}", e.id, e.wrong, sts.summary);
        // The deciding step is the one the catalogue gives the failure.
        if sts.outcome == Outcome::Failure {
            assert_eq!(
                sts.deciding_step,
                e.mode.and_then(FailureMode::step),
                "{}",
                e.id
            );
        }
        // Only the entry about the signature has one that does not verify; keys are given.
        let bad_signature = matches!(
            e.mode,
            Some(
                FailureMode::SignatureInvalid
                    | FailureMode::AlgorithmNotAccepted
                    | FailureMode::KeyNotFound
            )
        );
        let status = report.signature.status;
        match e.mode {
            Some(FailureMode::KeysUnreachable) => {
                assert_eq!(status, SignatureStatus::Unverified, "{}", e.id)
            }
            _ if bad_signature => assert_eq!(status, SignatureStatus::Invalid, "{}", e.id),
            _ => assert_eq!(status, SignatureStatus::Valid, "{}", e.id),
        }
        checked += 1;
    }
    assert_eq!(checked, g.entries.len());
    println!("{checked} gallery entries checked");
}

#[test]
fn an_entry_opens_exactly_as_its_share_link() {
    for e in gallery().entries {
        let decoded = share::decode(&e.link()).unwrap();
        assert_eq!(decoded, e.state, "{}", e.id);
        assert_eq!(
            session::restore(decoded).inputs(0),
            e.restore().inputs(0),
            "{}",
            e.id
        );
    }
}

#[test]
fn every_catalogue_failure_has_an_entry_or_a_stated_reason() {
    let g = gallery();
    let ids: Vec<&str> = g.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.first(), Some(&EXAMPLE_ID), "the example comes first");
    let with_entry: BTreeSet<&str> = ids.iter().copied().filter(|i| *i != EXAMPLE_ID).collect();
    let not_covered: BTreeSet<&str> = g.not_covered.iter().map(|n| n.id.as_str()).collect();
    // Listed here, with the reason the file gives: no token means nothing reaches STS.
    assert_eq!(not_covered, BTreeSet::from(["no-token"]));
    for n in &g.not_covered {
        assert!(n.reason.contains("no token"), "{}: {}", n.id, n.reason);
        // The page shows the reason: it points to the page's tools, not to CLI commands.
        assert!(!n.reason.contains("tokenscope "), "{}: {}", n.id, n.reason);
    }
    for m in FailureMode::ALL {
        assert!(
            with_entry.contains(m.id()) != not_covered.contains(m.id()),
            "`{}`: expected an entry or a reason, exactly one",
            m.id()
        );
    }
    // The title shown for an entry is the catalogue's.
    for e in &g.entries {
        if let Some(m) = e.mode {
            assert_eq!(e.title, m.title(), "{}", e.id);
        }
    }
}
