//! The API-change report on a spec edited in a fixture: the edits that break callers are marked.

use generator::SpecFile;
use generator::report::{self, ChangeKind};
use whm_api_tests::workspace_root;

fn surface(path: &str) -> report::Surface {
    let contents = std::fs::read_to_string(workspace_root().join(path)).unwrap();
    let spec = SpecFile {
        name: path.to_owned(),
        contents,
    };
    generator::generate(&[spec]).unwrap().surface
}

#[test]
fn breaking_edits_are_flagged() {
    let old = surface("spec/whm/create_user_session.yaml");
    let new = surface("tests/fixtures/create_user_session_breaking.yaml");
    let changes = report::diff(&old, &new);

    let removed_value = changes
        .iter()
        .find(|c| c.key.starts_with("value ") && c.key.ends_with(".Cron_Home"))
        .expect("the removed enum value is reported");
    assert_eq!(removed_value.kind, ChangeKind::Removed);
    assert!(removed_value.breaking);

    let app = changes
        .iter()
        .find(|c| c.key == "param create_user_session.app")
        .expect("the parameter made required is reported");
    assert_eq!(app.kind, ChangeKind::Changed);
    assert!(app.new.as_deref().unwrap().ends_with(" required"));
    assert!(app.breaking);

    assert_eq!(
        changes.len(),
        2,
        "nothing else changed: {:#?}",
        changes.iter().map(ToString::to_string).collect::<Vec<_>>()
    );
    insta::assert_snapshot!(report::render(&changes).unwrap());
}

#[test]
fn the_same_spec_reports_nothing() {
    let surface = surface("spec/whm/create_user_session.yaml");
    assert!(report::diff(&surface, &surface).is_empty());
    assert_eq!(report::render(&[]), None);
}

#[test]
fn the_checked_in_surface_is_current() {
    let checked_in =
        std::fs::read_to_string(workspace_root().join("generated/api-surface.txt")).unwrap();
    let current = surface("spec/whm/create_user_session.yaml");
    assert_eq!(
        report::Surface::parse(&checked_in),
        current,
        "run `cargo xtask regen`"
    );
}
