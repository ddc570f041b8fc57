//! `newsdesk import wordpress --dry-run` on real WordPress exports (`../shared/wxr/` beside the
//! repository): what would come across is reported and written to the data directory, hostile
//! and broken files are refused with a reason, and nothing is changed.

use std::process::Command;

/// The export `name` of `shared/wxr`.
fn export(name: &str) -> String {
    let path = format!("{}/../shared/wxr/{name}", env!("CARGO_MANIFEST_DIR"));
    assert!(std::path::Path::new(&path).is_file(), "the WordPress export {path} is expected beside the repository");
    path
}

/// Runs the command on `file` with a fresh data directory: success, output, the data directory.
fn dry_run(file: &str, extra: &[&str]) -> (bool, String, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .args(["import", "wordpress", file])
        .args(extra)
        .arg("--data-dir")
        .arg(data.path())
        .env_remove("NEWSDESK_DATABASE_URL")
        .env_remove("NEWSDESK_DATA_DIR")
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text, data)
}

#[test]
fn a_dry_run_reports_what_the_theme_unit_test_export_holds_and_writes_the_report() {
    let (ok, out, data) =
        dry_run(&export("wordpress-importer__phpunit__data__theme-unit-test-data.xml"), &["--dry-run"]);
    assert!(ok, "{out}");
    assert!(out.contains("dry run: nothing was changed"), "{out}");
    let stories = out.lines().find(|l| l.trim_start().starts_with("stories")).unwrap_or_default();
    assert!(stories.contains("published") && stories.contains("1 scheduled"), "{out}");
    assert!(out.contains("1 had a password and come in unpublished"), "{out}");
    assert!(out.contains("1 sticky"), "{out}");
    assert!(out.contains("  stories   58 (1 draft, 55 published, 1 scheduled, 1 unpublished)\n"), "{out}");
    assert!(
        out.contains("  pages     21\n") && out.contains("  sections  68\n") && out.contains("  images    37\n"),
        "{out}"
    );
    assert!(out.contains("items of type “nav_menu_item”: 70"), "menu items are skipped and counted: {out}");
    let reports: Vec<_> = std::fs::read_dir(data.path()).unwrap().flatten().map(|e| e.path()).collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let saved = std::fs::read_to_string(&reports[0]).unwrap();
    assert!(out.contains(&saved), "the file holds the report shown");
    assert!(!data.path().join("newsdesk.db").exists(), "a dry run opens no database");
}

#[test]
fn a_bilingual_polylang_export_is_counted_by_language() {
    let (ok, out, _data) = dry_run(&export("parchlinux.com__wordpress-export.xml"), &["--dry-run"]);
    assert!(ok, "{out}");
    assert!(out.contains("languages"), "{out}");
    let languages = out.lines().find(|l| l.trim_start().starts_with("languages")).unwrap_or_default();
    assert_eq!(languages.trim(), "languages 7 en, 19 fa", "{out}");
}

#[test]
fn hostile_and_broken_files_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let laughs = dir.path().join("laughs.xml");
    std::fs::write(
        &laughs,
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>\
         <rss><channel><wp:wxr_version>1.2</wp:wxr_version><title>&lol2;</title></channel></rss>",
    )
    .unwrap();
    let not_xml = dir.path().join("notes.xml");
    std::fs::write(&not_xml, "just some notes, not an export").unwrap();
    for (file, reason) in [
        (laughs.display().to_string(), "DOCTYPE"),
        (not_xml.display().to_string(), "not a WordPress export"),
        (export("wordpress-importer__phpunit__data__invalid-version-tag.xml"), "not a WordPress export"),
        (export("wordpress-importer__phpunit__data__missing-version-tag.xml"), "not a WordPress export"),
        (dir.path().join("missing.xml").display().to_string(), "cannot open"),
    ] {
        let (ok, out, data) = dry_run(&file, &["--dry-run"]);
        assert!(!ok, "{file}: {out}");
        assert!(out.contains(reason), "{file}: {out}");
        assert_eq!(std::fs::read_dir(data.path()).unwrap().count(), 0, "{file}: nothing written");
    }
}

#[test]
fn without_dry_run_the_command_says_what_it_can_do_and_changes_nothing() {
    let (ok, out, data) = dry_run(&export("wordpress-importer__phpunit__data__theme-unit-test-data.xml"), &[]);
    assert!(!ok, "{out}");
    assert!(out.contains("--dry-run"), "{out}");
    assert_eq!(std::fs::read_dir(data.path()).unwrap().count(), 0);
}
