//! The command line: `grove match` and `grove analyze` on files, `grove demo` into a database.

use std::process::Command;

fn grove() -> Command {
    Command::new(env!("CARGO_BIN_EXE_grove"))
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("grove_cli_{name}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn match_solves_a_scored_file_and_refuses_a_bad_one_without_writing() {
    let dir = temp_dir("match");
    std::fs::write(
        dir.join("in.json"),
        r#"{"mode": "optimal", "mentors": [{"id": "m1", "capacity": 1}, {"id": "m2", "capacity": 1}],
            "mentees": [{"id": "e1"}, {"id": "e2"}],
            "scores": [{"mentee": "e1", "mentor": "m1", "score": 90}, {"mentee": "e1", "mentor": "m2", "score": 80},
                       {"mentee": "e2", "mentor": "m1", "score": 85}]}"#,
    )
    .expect("write");
    let out = grove()
        .args(["match", "--input"])
        .arg(dir.join("in.json"))
        .arg("--output")
        .arg(dir.join("out.json"))
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out.json")).expect("output"))
            .expect("json");
    // Greedy would take e1-m1 (90) and leave 80 on the table; the optimum is 80 + 85.
    assert_eq!(result["total"], 165.0);

    std::fs::write(
        dir.join("bad.csv"),
        "mentee,mentor,score\ne1,m1,90\ne2,m1,lots\n",
    )
    .expect("write");
    let out = grove()
        .args(["match", "--input"])
        .arg(dir.join("bad.csv"))
        .arg("--output")
        .arg(dir.join("bad.json"))
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3") && err.contains("score"), "{err}");
    assert!(!dir.join("bad.json").exists(), "nothing partial is written");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn analyze_reports_on_an_edge_list_with_groups() {
    let dir = temp_dir("analyze");
    std::fs::write(
        dir.join("edges.csv"),
        "source,target\na,b\nb,c\nc,a\nc,d\nd,e\ne,f\nf,d\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("groups.csv"),
        "node,group\na,Sales\nb,Sales\nc,Sales\nd,Ops\ne,Ops\nf,Ops\n",
    )
    .expect("write");
    let out = grove()
        .args(["analyze", "--edges"])
        .arg(dir.join("edges.csv"))
        .arg("--groups")
        .arg(dir.join("groups.csv"))
        .args(["--min-group-size", "3", "--suggest", "2", "--output"])
        .arg(dir.join("report.json"))
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).expect("report"))
            .expect("json");
    assert_eq!(report["nodes"].as_array().map(Vec::len), Some(6));
    let c = report["nodes"]
        .as_array()
        .and_then(|n| n.iter().find(|n| n["id"] == "c"))
        .cloned()
        .expect("c");
    assert!(
        c["betweenness"].as_f64().unwrap_or(0.0) > 0.0,
        "c bridges the two triangles"
    );
    assert!(report["modularity"].as_f64().unwrap_or(0.0) > 0.3);
    assert_eq!(report["groups"].as_array().map(Vec::len), Some(2));
    assert!(report["suggestions"].is_object());

    std::fs::write(dir.join("bad.csv"), "source,target,weight\na,b,heavy\n").expect("write");
    let out = grove()
        .args(["analyze", "--edges"])
        .arg(dir.join("bad.csv"))
        .arg("--output")
        .arg(dir.join("bad.json"))
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn demo_loads_a_whole_organization_deterministically() {
    let dir = temp_dir("demo");
    let db = format!("sqlite://{}", dir.join("demo.db").display());
    let demo = || {
        grove()
            .args([
                "--database-url",
                &db,
                "demo",
                "--members",
                "150",
                "--seed",
                "3",
            ])
            .output()
            .expect("run")
    };
    let out = demo();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("admin")
            && text.contains("lead")
            && text.contains("member")
            && text.contains("grove-demo-password"),
        "{text}"
    );
    let again = demo();
    assert!(
        again.status.success(),
        "a second run keeps the existing demo"
    );
    let out = grove()
        .args(["--database-url", &db, "analyze", "--output"])
        .arg(dir.join("org.json"))
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("org.json")).expect("report"))
            .expect("json");
    assert_eq!(report["nodes"].as_array().map(Vec::len), Some(150));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn serve_refuses_a_search_connection_count_out_of_range_naming_the_option() {
    let dir = temp_dir("serve_connections");
    for bad in ["0", "65", "many"] {
        let out = grove()
            .args(["--database-url"])
            .arg(dir.join("grove.db"))
            .args([
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--search-connections",
                bad,
            ])
            .output()
            .expect("run");
        assert!(!out.status.success(), "{bad} was taken");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--search-connections"), "{err}");
    }
    assert!(
        !dir.join("grove.db").exists(),
        "refused before opening the database"
    );
}
