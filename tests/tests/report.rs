//! The API-change report on a spec edited in a fixture: the edits that break callers are marked.

use openapi_rustgen::SpecFile;
use openapi_rustgen::report::{self, ChangeKind};
use whm_api_tests::workspace_root;

fn surface(path: &str) -> report::Surface {
    let contents = std::fs::read_to_string(workspace_root().join(path)).unwrap();
    let spec = SpecFile {
        name: path.to_owned(),
        contents,
    };
    openapi_rustgen::generate(&[spec]).unwrap().surface
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
fn additions_callers_need_not_use_are_not_breaking() {
    let path = "spec/whm/create_user_session.yaml";
    let text = std::fs::read_to_string(workspace_root().join(path)).unwrap();
    let old = surface(path);
    // A new optional query parameter, and a new service.
    let edited = text
        .replacen(
            "        - name: locale\n",
            "        - name: theme\n          in: query\n          description: The interface theme.\n          schema:\n            type: string\n        - name: locale\n",
            1,
        )
        .replacen("              - webmaild\n", "              - webmaild\n              - cpdavd\n", 1);
    assert_ne!(edited, text, "the edits apply");
    let new = openapi_rustgen::generate(&[SpecFile {
        name: path.to_owned(),
        contents: edited,
    }])
    .unwrap()
    .surface;
    let changes = report::diff(&old, &new);
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "added parameter create_user_session.theme (String optional)",
            "added enum value Service.cpdavd",
        ],
        "{lines:#?}"
    );
    assert!(changes.iter().all(|change| !change.breaking));
    assert_eq!(report::diff(&new, &new), []);
}
