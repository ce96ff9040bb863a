//! The participant form, explanations, input parsing and output, as a program lead meets them.

use grove_match::*;

fn person(id: &str, role: Role) -> Participant {
    Participant {
        id: id.into(),
        role,
        skills: vec![],
        goals: vec![],
        values: vec![],
        interests: vec![],
        languages: vec!["English".into()],
        utc_offset_minutes: 0,
        seniority: 1,
        department: None,
        organization: None,
        capacity: 1,
        prefer: vec![],
        avoid: vec![],
        past_partners: vec![],
    }
}

fn skill(name: &str, level: u8, can_teach: bool, wants_to_learn: bool) -> Skill {
    Skill {
        name: name.into(),
        level,
        can_teach,
        wants_to_learn,
    }
}

#[test]
fn explanation_names_the_evidence() {
    let mut mentee = person("e1", Role::Mentee);
    mentee.skills = vec![skill("Rust", 1, false, true)];
    mentee.values = vec!["integrity".into(), "curiosity".into(), "courage".into()];
    let mut mentor = person("m1", Role::Mentor);
    mentor.skills = vec![skill("Rust", 4, true, false)];
    mentor.values = vec!["curiosity".into(), "integrity".into()];
    mentor.utc_offset_minutes = 8 * 60;
    mentor.seniority = 3;
    let score = score_pair(&mentee, &mentor, &ProgramSettings::default());
    assert!(score.allowed);
    assert!(score.score > 0.0 && score.score <= 100.0);
    let evidence: Vec<&str> = score
        .contributions
        .iter()
        .flat_map(|c| c.evidence.iter().map(String::as_str))
        .collect();
    assert!(
        evidence.contains(&"teaches Rust (4/5), which you want to learn"),
        "{evidence:?}"
    );
    assert!(
        evidence.contains(&"shares 2 of your 3 values: integrity, curiosity"),
        "{evidence:?}"
    );
    assert!(evidence.contains(&"8 h apart"), "{evidence:?}");
    let points: f64 = score.contributions.iter().map(|c| c.points).sum();
    assert!(
        (points + score.bonus - score.score).abs() <= 0.005 + 1e-9,
        "points add up to the score, rounded to 0.01"
    );
}

#[test]
fn a_failed_must_rules_the_pair_out_and_says_why() {
    let mentee = person("e1", Role::Mentee);
    let mut mentor = person("m1", Role::Mentor);
    mentor.languages = vec!["French".into()];
    let score = score_pair(&mentee, &mentor, &ProgramSettings::default());
    assert!(!score.allowed);
    assert_eq!(
        score.not_allowed_reason.as_deref(),
        Some("no shared language")
    );
    let result = match_program(&[mentee, mentor], &ProgramSettings::default()).unwrap();
    assert_eq!(result.mentees_without_candidate, 1);
    assert_eq!(
        result.unmatched[0].reason,
        "no candidate: no mentor shares a language"
    );
}

#[test]
fn unmatched_mentee_learns_that_mentors_are_full() {
    let mut a = person("e1", Role::Mentee);
    a.skills = vec![skill("Rust", 1, false, true)];
    let mut b = a.clone();
    b.id = "e2".into();
    let mut mentor = person("m1", Role::Mentor);
    mentor.skills = vec![skill("Rust", 5, true, false)];
    mentor.seniority = 4;
    let result = match_program(&[a, b, mentor], &ProgramSettings::default()).unwrap();
    assert_eq!(result.pairs.len(), 1);
    assert_eq!(result.unmatched.len(), 1);
    assert_eq!(
        result.unmatched[0].reason,
        "all mentors who teach Rust are full"
    );
}

#[test]
fn avoid_and_past_partners_are_respected() {
    let mut mentee = person("e1", Role::Mentee);
    mentee.avoid = vec!["m1".into()];
    mentee.past_partners = vec!["m2".into()];
    let m1 = person("m1", Role::Mentor);
    let m2 = person("m2", Role::Mentor);
    let m3 = person("m3", Role::Mentor);
    let result = match_program(&[mentee, m1, m2, m3], &ProgramSettings::default()).unwrap();
    assert_eq!(result.pairs.len(), 1);
    assert_eq!(result.pairs[0].mentor, "m3");
}

#[test]
fn group_mode_reports_groups_and_peer_mode_builds_circles() {
    let mut people = vec![];
    for k in 0..6 {
        let mut e = person(&format!("e{k}"), Role::Mentee);
        e.skills = vec![skill(
            if k % 2 == 0 { "Rust" } else { "Go" },
            1,
            false,
            true,
        )];
        people.push(e);
    }
    for (k, s) in ["Rust", "Go"].iter().enumerate() {
        let mut m = person(&format!("m{k}"), Role::Mentor);
        m.skills = vec![skill(s, 5, true, false)];
        m.seniority = 4;
        people.push(m);
    }
    let settings = ProgramSettings {
        mode: ProgramMode::Group { size: 3 },
        ..Default::default()
    };
    let result = match_program(&people, &settings).unwrap();
    assert_eq!(result.groups.len(), 2);
    for group in &result.groups {
        assert_eq!(group.mentees.len(), 3);
        assert!(
            (group.coherence - 1.0).abs() < 1e-9,
            "each group shares one skill"
        );
    }
    let settings = ProgramSettings {
        mode: ProgramMode::Peer { circle_size: 4 },
        ..Default::default()
    };
    let result = match_program(&people, &settings).unwrap();
    assert_eq!(result.circles.len(), 2);
    assert_eq!(
        result
            .circles
            .iter()
            .map(|c| c.members.len())
            .sum::<usize>(),
        8
    );
}

#[test]
fn fairness_report_groups_and_folds_small_groups() {
    let mut people = vec![];
    for k in 0..8 {
        let mut e = person(&format!("e{k}"), Role::Mentee);
        e.department = Some(if k < 6 {
            "Sales".into()
        } else {
            "Legal".into()
        });
        people.push(e);
        let mut m = person(&format!("m{k}"), Role::Mentor);
        m.seniority = 3;
        people.push(m);
    }
    let result = match_program(&people, &ProgramSettings::default()).unwrap();
    let department = |id: &str| {
        people
            .iter()
            .find(|p| p.id == id)
            .and_then(|p| p.department.clone())
    };
    let report = fairness_report(&result, &department, 5);
    assert_eq!(report.mentees, 8);
    let names: Vec<&str> = report.groups.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(names, vec!["Sales", "(other small groups)"]);
}

#[test]
fn scored_json_from_the_issue_runs() {
    let text = r#"{"mode": "optimal", "mentors": [{"id": "m1", "capacity": 2}], "mentees": [{"id": "e1"}],
                   "scores": [{"mentee": "e1", "mentor": "m1", "score": 87.5}]}"#;
    let input = parse_input(text, InputFormat::Json).unwrap();
    let output = run(&input).unwrap();
    let MatchOutput::Scored(solution) = &output else {
        panic!("scored input gives a scored output")
    };
    assert_eq!(solution.total, 87.5);
    assert_eq!(solution.pairs[0].mentor, "m1");
    let csv = render_output(&output, OutputFormat::Csv);
    assert_eq!(csv, "mentee,mentor,score,explanation\ne1,m1,87.50,\n");
    let json = render_output(&output, OutputFormat::Json);
    assert!(json.contains("\"unmatched\": []"));
}

#[test]
fn json_errors_name_the_field_and_line() {
    let text = "{\"mentors\": [{\"id\": \"m1\", \"capacity\": \"two\"}],\n \"mentees\": [], \"scores\": []}";
    let err = parse_input(text, InputFormat::Json).unwrap_err();
    assert_eq!(err.field, "mentors[0].capacity");
    assert_eq!(err.line, Some(1));
    let text = r#"{"mentors": [{"id": "m1", "capacity": 1}], "mentees": [{"id": "e1"}],
                   "scores": [{"mentee": "e1", "mentor": "m9", "score": 1}]}"#;
    let err = run(&parse_input(text, InputFormat::Json).unwrap()).unwrap_err();
    assert_eq!(err.field, "scores[0].mentor");
    let text = r#"{"participants": [{"id": "a", "role": "mentee", "skills": [{"name": "Rust", "level": 9}]}]}"#;
    let err = run(&parse_input(text, InputFormat::Json).unwrap()).unwrap_err();
    assert_eq!(err.field, "participants[0].skills[0].level");
}

#[test]
fn csv_input_rows_and_errors() {
    let text =
        "# mode: stable\nmentee,mentor,score,mentor_capacity\ne1,m1,90,2\ne2,m1,80\ne3,m2,70\n";
    let MatchInput::Scored(problem) = parse_input(text, InputFormat::Csv).unwrap() else {
        panic!()
    };
    assert_eq!(problem.mode, Mode::Stable);
    assert_eq!(problem.mentors[0].capacity, 2);
    assert_eq!(problem.mentors[1].capacity, 1);
    let solution = solve_scored(&problem).unwrap();
    assert_eq!(solution.matched, 3);
    let err = parse_input("e1,m1,90\ne2,m1,lots\n", InputFormat::Csv).unwrap_err();
    assert_eq!((err.line, err.field.as_str()), (Some(2), "score"));
    let err = parse_input("e1,m1,90,2\ne2,m1,80,3\n", InputFormat::Csv).unwrap_err();
    assert_eq!((err.line, err.field.as_str()), (Some(2), "mentor_capacity"));
}

#[test]
fn program_json_round_trips_and_is_deterministic() {
    let text = r#"{"settings": {"mode": {"kind": "one_on_one"}, "objective": "fairness_first"},
      "participants": [
        {"id": "e1", "role": "mentee", "skills": [{"name": "SQL", "level": 2, "wants_to_learn": true}], "languages": ["en"]},
        {"id": "e2", "role": "mentee", "languages": ["en"]},
        {"id": "m1", "role": "mentor", "capacity": 2, "seniority": 5, "languages": ["en"],
         "skills": [{"name": "SQL", "level": 5, "can_teach": true}]}]}"#;
    let input = parse_input(text, InputFormat::Json).unwrap();
    let a = render_output(&run(&input).unwrap(), OutputFormat::Json);
    let b = render_output(&run(&input).unwrap(), OutputFormat::Json);
    assert_eq!(a, b);
    let csv = render_output(&run(&input).unwrap(), OutputFormat::Csv);
    assert!(
        csv.contains("teaches SQL (5/5), which you want to learn"),
        "{csv}"
    );
}

#[test]
fn bridge_bonus_tips_the_choice_towards_the_pair_across_groups() {
    // Two equally good mentors; the one in the other group wins once the bridge bonus is on.
    let mut mentee = person("e", Role::Mentee);
    mentee.skills = vec![skill("Rust", 1, false, true)];
    let mut same = person("m-same", Role::Mentor);
    same.skills = vec![skill("Rust", 4, true, false)];
    let mut other = person("m-other", Role::Mentor);
    other.skills = vec![skill("Rust", 4, true, false)];
    let people = vec![mentee, same, other];
    let mut settings = ProgramSettings::default();
    let member = |group: u32, extra: f64| BridgeMember {
        group: Some(group),
        extra,
        reason: "has no ties yet".into(),
    };
    let mut bridge = BridgeBonus {
        group_names: vec!["Finance".into(), "Sales".into()],
        points: vec![vec![0.0, 6.0], vec![6.0, 0.0]],
        members: Default::default(),
    };
    bridge.members.insert("e".into(), member(0, 0.0));
    bridge.members.insert("m-same".into(), member(0, 0.0));
    bridge.members.insert("m-other".into(), member(1, 0.0));
    settings.bridge = Some(Box::new(bridge.clone()));
    let result = match_program(&people, &settings).expect("valid");
    assert_eq!(result.pairs.len(), 1);
    assert_eq!(result.pairs[0].mentor, "m-other");
    assert!(
        result.pairs[0]
            .breakdown
            .bonus_evidence
            .iter()
            .any(|e| e.contains("links Finance and Sales")),
        "{:?}",
        result.pairs[0].breakdown.bonus_evidence
    );

    // A malformed matrix is refused, naming the field.
    bridge.points = vec![vec![0.0]];
    settings.bridge = Some(Box::new(bridge));
    let err = match_program(&people, &settings).expect_err("not square");
    assert_eq!(err.field, "settings.bridge.points");
}
