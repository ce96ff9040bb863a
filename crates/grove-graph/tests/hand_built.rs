//! Small graphs whose answers are worked out by hand: the figures a lead sees must be exactly right
//! on cases anyone can check on paper, and every refusal must name the field at fault.

use grove_graph::*;

/// Two triangles joined by one tie (2-3): 0-1-2 and 3-4-5.
fn barbell() -> Graph {
    let pairs = [
        (0, 1, 1.0),
        (1, 2, 1.0),
        (0, 2, 1.0),
        (2, 3, 1.0),
        (3, 4, 1.0),
        (4, 5, 1.0),
        (3, 5, 1.0),
    ];
    Graph::from_weighted_pairs(6, &pairs).expect("valid")
}

#[test]
fn build_merges_parallel_ties_and_drops_self_loops() {
    let g = Graph::from_weighted_pairs(3, &[(0, 1, 1.0), (1, 0, 2.0), (2, 2, 5.0)]).expect("valid");
    assert_eq!(g.edge_count(), 1);
    assert_eq!(g.edge_weight(0, 1), 3.0);
    assert_eq!(g.degree(2), 0);
    assert_eq!(g.strength(1), 3.0);
}

#[test]
fn typed_edges_combine_with_kind_weights_and_fade_with_age() {
    let day = 86_400;
    let edges = [
        Edge {
            source: 0,
            target: 1,
            kind: EdgeKind::Mentorship,
            weight: 1.0,
            time: 0,
        },
        Edge {
            source: 1,
            target: 0,
            kind: EdgeKind::Kudos,
            weight: 1.0,
            time: 10 * day,
        },
    ];
    let mut options = BuildOptions {
        kinds: KindWeights::uniform(),
        ..Default::default()
    };
    options.kinds.per_kind[2] = 3.0;
    let g = Graph::from_edges(2, &edges, &options).expect("valid");
    assert_eq!(g.edge_weight(0, 1), 4.0);
    let faded = BuildOptions {
        half_life_days: Some(10.0),
        now: 10 * day,
        ..options
    };
    let g = Graph::from_edges(2, &edges, &faded).expect("valid");
    assert!((g.edge_weight(0, 1) - (3.0 * 0.5 + 1.0)).abs() < 1e-12);
}

#[test]
fn bad_edges_name_the_field() {
    let err = Graph::from_weighted_pairs(2, &[(0, 5, 1.0)]).expect_err("out of range");
    assert_eq!(err.field, "edges[0].target");
    let err = Graph::from_weighted_pairs(2, &[(0, 1, -1.0)]).expect_err("negative");
    assert_eq!(err.field, "edges[0].weight");
    let err = Graph::from_weighted_pairs(2, &[(0, 1, f64::NAN)]).expect_err("nan");
    assert_eq!(err.field, "edges[0].weight");
}

#[test]
fn star_centre_has_betweenness_one() {
    let g = Graph::from_weighted_pairs(5, &[(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0), (0, 4, 1.0)])
        .expect("valid");
    let b = betweenness(&g, &BetweennessOptions::default());
    assert!((b.values[0] - 1.0).abs() < 1e-12);
    assert!(b.values[1..].iter().all(|&x| x == 0.0));
    assert_eq!(articulation_points(&g), vec![0]);
}

#[test]
fn barbell_bridge_ends_are_articulation_points_and_brokers() {
    let g = barbell();
    assert_eq!(articulation_points(&g), vec![2, 3]);
    let b = betweenness(&g, &BetweennessOptions::default());
    // Node 2 lies on the paths of the 6 pairs {0,1} x {3,4,5} and of no other pair:
    // 6 of the C(5,2) = 10 pairs not involving it.
    assert!((b.values[2] - 0.6).abs() < 1e-12, "{}", b.values[2]);
    let groups = [Some(0), Some(0), Some(0), Some(1), Some(1), Some(1)];
    let found = brokers(&g, &b.values, &groups, 2, 10).expect("valid");
    assert_eq!(
        found.iter().map(|x| x.member).collect::<Vec<_>>(),
        vec![2, 3]
    );
    let comms = louvain(&g, &CommunityOptions::default());
    assert_eq!(comms.count, 2);
    assert_eq!(comms.of_node, vec![0, 0, 0, 1, 1, 1]);
    // Q = 2 * (3/7 - (7/14)^2) = 6/7 - 1/2.
    assert!((comms.modularity - (6.0 / 7.0 - 0.5)).abs() < 1e-12);
}

#[test]
fn ei_index_and_densities_by_hand() {
    let g = barbell();
    // Groups: {0,1,2,3} and {4,5}: inside A ties 0-1,1-2,0-2,2-3 (4); inside B 4-5 (1); across 3-4, 3-5 (2).
    let groups = [Some(0), Some(0), Some(0), Some(0), Some(1), Some(1)];
    let a = analyze_groups(&g, &groups, 1).expect("valid");
    assert_eq!(a.groups[0].internal_ties, Some(4));
    assert_eq!(a.groups[0].external_ties, Some(2));
    assert_eq!(a.groups[0].ei_index, Some((2.0 - 4.0) / 6.0));
    assert_eq!(a.groups[1].ei_index, Some((2.0 - 1.0) / 3.0));
    assert_eq!(a.groups[0].internal_density, Some(4.0 / 6.0));
    assert_eq!(a.groups[1].internal_density, Some(1.0));
    assert_eq!(a.ties[0][1], Some(2));
    assert_eq!(a.ties[1][0], Some(2));
    assert_eq!(a.density[0][1], Some(2.0 / 8.0));
    assert_eq!(a.ei_index, (2.0 - 5.0) / 7.0);
    // With a minimum size of 3, group 1 (2 members) is withheld everywhere.
    let a = analyze_groups(&g, &groups, 3).expect("valid");
    assert!(a.groups[1].suppressed);
    assert_eq!(a.groups[1].ei_index, None);
    assert_eq!(a.ties[0][1], None);
    assert_eq!(a.ties[0][0], Some(4));
}

#[test]
fn nmi_and_ari_known_values() {
    assert_eq!(
        normalized_mutual_information(&[0, 0, 1, 1], &[1, 1, 0, 0]),
        1.0
    );
    assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[1, 1, 0, 0]), 1.0);
    // Independent labelings: mutual information 0.
    assert!(normalized_mutual_information(&[0, 0, 1, 1], &[0, 1, 0, 1]).abs() < 1e-12);
    // scikit-learn: adjusted_rand_score([0,0,1,1],[0,1,0,1]) = -0.5
    assert!((adjusted_rand_index(&[0, 0, 1, 1], &[0, 1, 0, 1]) + 0.5).abs() < 1e-12);
}

#[test]
fn clustering_by_hand() {
    let c = clustering(&barbell());
    // Node 2: contacts 0,1,3; only 0-1 tied: 1 of 3 pairs.
    assert!((c[2] - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(c[0], 1.0);
}

#[test]
fn betweenness_on_a_long_path_is_exact() {
    // 600 nodes in a row: more BFS levels than the kernel's level byte names exactly. Node i lies
    // on the paths of i * (n - 1 - i) pairs out of (n - 1)(n - 2) / 2.
    let n = 600u32;
    let pairs: Vec<(u32, u32, f64)> = (0..n - 1).map(|i| (i, i + 1, 1.0)).collect();
    let g = Graph::from_weighted_pairs(n as usize, &pairs).unwrap();
    let b = betweenness(&g, &BetweennessOptions::default());
    assert!(b.exact);
    let pairs_total = (n as f64 - 1.0) * (n as f64 - 2.0) / 2.0;
    for (i, &v) in b.values.iter().enumerate() {
        let expected = (i as f64) * (n as f64 - 1.0 - i as f64) / pairs_total;
        assert!((v - expected).abs() < 1e-9, "node {i}: {v} vs {expected}");
    }
}

#[test]
fn components_and_periphery() {
    let g = Graph::from_weighted_pairs(
        7,
        &[
            (0, 1, 1.0),
            (1, 2, 1.0),
            (0, 2, 1.0),
            (3, 4, 1.0),
            (2, 6, 1.0),
        ],
    )
    .expect("valid");
    let c = connected_components(&g);
    assert_eq!(c.of_node, vec![0, 0, 0, 1, 1, 2, 0]);
    assert_eq!(c.sizes, vec![4, 2, 1]);
    let p = periphery(&g, &c);
    assert_eq!(p.isolated, vec![5]);
    assert_eq!(p.peripheral, vec![3, 4, 6]);
}

#[test]
fn suggest_people_explains_and_excludes() {
    // 0 knows 1, 2, 3; 4 knows 1, 2, 3 (3 mutual); 5 knows 1 (1 mutual); 6 knows 4 only.
    let pairs = [
        (0, 1),
        (0, 2),
        (0, 3),
        (4, 1),
        (4, 2),
        (4, 3),
        (5, 1),
        (6, 4),
        (7, 5),
    ];
    let pairs: Vec<(u32, u32, f64)> = pairs.iter().map(|&(a, b)| (a, b, 1.0)).collect();
    let g = Graph::from_weighted_pairs(9, &pairs).expect("valid");
    let mut q = PeopleQuery::new(0, 10);
    let s = suggest_people(&g, &q).expect("valid");
    assert_eq!(s[0].id, 4);
    assert!(
        matches!(&s[0].reasons[0], Reason::MutualConnections { count: 3, sample } if sample.len() == 3)
    );
    assert!(
        s.iter().all(|x| ![0, 1, 2, 3].contains(&x.id)),
        "existing connections excluded"
    );
    // Pending, opted out and dismissed never appear.
    q.pending = &[4];
    q.dismissed = &[5];
    q.opted_out = &[6];
    let s = suggest_people(&g, &q).expect("valid");
    assert!(s.iter().all(|x| ![4, 5, 6].contains(&x.id)));
    // A profile match with no path at all still appears, with the caller's reason.
    let profile = [ProfileSignal {
        candidate: 8,
        score: 1.0,
        reasons: vec!["teaches Kubernetes".into()],
    }];
    let groups = [
        Some(0),
        Some(0),
        Some(0),
        Some(0),
        Some(0),
        Some(0),
        Some(0),
        Some(0),
        Some(1),
    ];
    let q = PeopleQuery {
        profile: &profile,
        group_of: Some(&groups),
        ..PeopleQuery::new(0, 10)
    };
    let s = suggest_people(&g, &q).expect("valid");
    let eight = s.iter().find(|x| x.id == 8).expect("profile candidate");
    assert_eq!(
        eight.reasons[0],
        Reason::Profile {
            text: "teaches Kubernetes".into()
        }
    );
    assert!(eight.reasons.contains(&Reason::NewGroup { group: 1 }));
    // Member 8 has no tie at all: flagged as a newcomer.
    assert_eq!(eight.reasons[1], Reason::Newcomer);
    let text = eight.reasons[2].describe(&|m| format!("m{m}"), &|g| {
        ["Eng", "Finance"][g as usize].to_string()
    });
    assert_eq!(text, "in Finance; you have no connection there yet");
    let err = suggest_people(&g, &PeopleQuery::new(99, 3)).expect_err("unknown member");
    assert_eq!(err.field, "member");
    let bad = [ProfileSignal {
        candidate: 8,
        score: 2.0,
        reasons: vec![],
    }];
    let err = suggest_people(
        &g,
        &PeopleQuery {
            profile: &bad,
            ..PeopleQuery::new(0, 3)
        },
    )
    .expect_err("bad score");
    assert_eq!(err.field, "profile[0].score");
}

#[test]
fn personalized_pagerank_matches_power_iteration() {
    let g = barbell();
    let push = PushOptions {
        epsilon: 1e-12,
        ..Default::default()
    };
    let p = personalized_pagerank(&g, 0, &push).expect("valid");
    // Power iteration of x = 0.15 e0 + 0.85 x P.
    let mut x = [0.0; 6];
    x[0] = 1.0;
    for _ in 0..500 {
        let mut next = [0.0; 6];
        next[0] = 0.15;
        for v in 0..6u32 {
            for &w in g.neighbors(v) {
                next[w as usize] += 0.85 * x[v as usize] / g.degree(v) as f64;
            }
        }
        x = next;
    }
    for v in 0..6u32 {
        assert!((p.get(&v).copied().unwrap_or(0.0) - x[v as usize]).abs() < 1e-9);
    }
}

#[test]
fn groups_and_experts_rank_by_signals() {
    let g = barbell();
    let groups = vec![vec![3, 4, 5], vec![0, 1], vec![4, 5]];
    let q = GroupQuery {
        member: 2,
        limit: 5,
        groups: &groups,
        excluded: &[2],
        profile: &[],
        weights: BlendWeights::default(),
        push: PushOptions::default(),
    };
    let s = suggest_groups(&g, &q).expect("valid");
    // Group 1 holds 2's own contacts 0 and 1; group 0 holds contact 3; group 2 excluded.
    assert_eq!(s.iter().map(|x| x.id).collect::<Vec<_>>(), vec![1, 0]);
    assert!(matches!(
        &s[0].reasons[0],
        Reason::ConnectionsInGroup { count: 2, .. }
    ));
    let evidence = [
        ProfileSignal {
            candidate: 5,
            score: 0.9,
            reasons: vec!["answered 12 questions on SQL".into()],
        },
        ProfileSignal {
            candidate: 1,
            score: 0.9,
            reasons: vec!["SQL level 5".into()],
        },
        ProfileSignal {
            candidate: 0,
            score: 0.0,
            reasons: vec![],
        },
    ];
    let e = find_experts(&g, &ExpertQuery::new(0, 5, &evidence)).expect("valid");
    // Same evidence: the closer one (a direct contact) ranks first; no evidence, no listing.
    assert_eq!(e.iter().map(|x| x.id).collect::<Vec<_>>(), vec![1, 5]);
    assert!(e[0].reasons.contains(&Reason::DirectConnection));
}

#[test]
fn knowledge_at_risk_counts_high_level_holders_and_learners() {
    let g = barbell();
    let holdings = [
        SkillHolding {
            member: 0,
            skill: 7,
            level: 5,
        },
        SkillHolding {
            member: 1,
            skill: 7,
            level: 3,
        },
        SkillHolding {
            member: 2,
            skill: 8,
            level: 4,
        },
        SkillHolding {
            member: 3,
            skill: 8,
            level: 4,
        },
    ];
    let learning = [LearningLink {
        learner: 1,
        teacher: 0,
        skill: 7,
    }];
    let risk = knowledge_at_risk(&g, &holdings, &learning, 4, 2).expect("valid");
    assert_eq!(
        risk,
        vec![SkillRisk {
            skill: 7,
            holders: vec![0],
            holders_with_learners: 1,
            learners: 1
        }]
    );
    let bad = [SkillHolding {
        member: 0,
        skill: 1,
        level: 9,
    }];
    assert_eq!(
        knowledge_at_risk(&g, &bad, &[], 4, 2)
            .expect_err("bad level")
            .field,
        "holdings[0].level"
    );
}

#[test]
fn bridges_bring_in_the_isolated_and_cross_silos() {
    // Two groups with no tie between them, plus an isolated member of group 0.
    let mut pairs = Vec::new();
    for (a, b) in [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (0, 3)] {
        pairs.push((a, b, 1.0));
    }
    for (a, b) in [(7, 8), (8, 9), (7, 9)] {
        pairs.push((a, b, 1.0));
    }
    let g = Graph::from_weighted_pairs(10, &pairs).expect("valid");
    let groups: Vec<Option<u32>> = vec![
        Some(0),
        Some(0),
        Some(0),
        Some(0),
        Some(0),
        Some(0),
        Some(0),
        Some(1),
        Some(1),
        Some(1),
    ];
    let index = BridgeIndex::new(&g, Some(&groups)).expect("valid");
    assert_eq!(
        index.bridge_bonus(6, 0),
        1.0,
        "brings in the isolated member"
    );
    assert_eq!(index.bridge_bonus(0, 7), 1.0, "joins two components");
    assert_eq!(index.bridge_bonus(0, 1), 0.0);
    assert_eq!(index.bridge_bonus(0, 99), 0.0);
    let s = bridging_suggestions(
        &g,
        &index,
        &BridgeOptions {
            count: 5,
            per_member: 2,
            min_group_size: 3,
        },
    );
    assert!(s.iter().any(|b| b.a == 6 && b.components_change == -1));
    assert!(
        s.iter()
            .any(|b| groups[b.a as usize] != groups[b.b as usize])
    );
    for b in &s {
        assert!(!g.has_edge(b.a, b.b));
    }
}

#[test]
fn csv_errors_name_line_and_field() {
    assert_eq!(
        parse_edges_csv("source,target\na,b\n").expect("ok")[0].weight,
        1.0
    );
    let rows = parse_edges_csv("Source,Target,Weight\n\"x, y\",b,2.5\n\nc,d,0\n").expect("ok");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].source, "x, y");
    let e = parse_edges_csv("source,target,weight\na,b,1\nc,d,-2\n").expect_err("negative");
    assert_eq!((e.line, e.field.as_str()), (3, "weight"));
    let e = parse_edges_csv("source,target\na,\n").expect_err("empty");
    assert_eq!((e.line, e.field.as_str()), (2, "target"));
    let e = parse_edges_csv("from,to\n").expect_err("header");
    assert_eq!((e.line, e.field.as_str()), (1, "header"));
    let e = parse_edges_csv("source,target\na,b,c\n").expect_err("width");
    assert_eq!((e.line, e.field.as_str()), (2, "line"));
    let e = parse_groups_csv("node,group\na,x\na,y\n").expect_err("twice");
    assert_eq!((e.line, e.field.as_str()), (3, "node"));
    assert!(parse_edges_csv("").is_err());
}

#[test]
fn analyze_report_has_the_promised_shape() {
    let edges = parse_edges_csv("source,target\na,b\nb,c\nc,a\nc,d\nd,e\ne,f\nf,d\n").expect("ok");
    let groups = parse_groups_csv("node,group\na,Eng\nb,Eng\nc,Eng\nd,Ops\ne,Ops\nf,Ops\ng,Ops\n")
        .expect("ok");
    let options = AnalyzeOptions {
        suggest: Some(2),
        min_group_size: 3,
        ..Default::default()
    };
    let report = analyze(&edges, Some(&groups), &options).expect("valid");
    assert_eq!(report.node_count, 7);
    assert_eq!(report.isolated, vec!["g".to_string()]);
    assert_eq!(
        report.articulation_points,
        vec!["c".to_string(), "d".to_string()]
    );
    let json = serde_json::to_value(&report).expect("serializes");
    for key in [
        "nodes",
        "modularity",
        "groups",
        "suggestions",
        "brokers",
        "isolated",
        "components",
        "tie_matrix",
        "bridges",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let node = &json["nodes"][0];
    for key in ["id", "degree", "pagerank", "betweenness", "community"] {
        assert!(node.get(key).is_some(), "node missing {key}");
    }
    let group = &json["groups"][0];
    for key in ["group", "size", "ei_index", "internal_density"] {
        assert!(group.get(key).is_some(), "group missing {key}");
    }
    assert!(json["suggestions"]["a"].as_array().is_some());
    // Without --suggest the key is absent.
    let plain = analyze(&edges, None, &AnalyzeOptions::default()).expect("valid");
    assert!(
        serde_json::to_value(&plain)
            .expect("serializes")
            .get("suggestions")
            .is_none()
    );
    let err = analyze(
        &edges,
        None,
        &AnalyzeOptions {
            min_group_size: 0,
            ..Default::default()
        },
    )
    .expect_err("zero");
    assert_eq!(err.field, "min_group_size");
}

#[test]
fn two_hop_budget_walks_the_least_connected_contacts_first() {
    // Member 0 has contacts 1 (2 ties: 0 and 3) and 2 (a hub of 0 and 4..=13).
    let mut pairs = vec![(0, 1, 1.0), (1, 3, 1.0), (0, 2, 1.0)];
    pairs.extend((4..14).map(|v| (2, v, 1.0)));
    let g = Graph::from_weighted_pairs(14, &pairs).expect("valid");
    let full = adamic_adar(&g, 0, 100).expect("valid");
    assert_eq!(full.len(), 11);
    // A budget of 5 visits covers contact 1 (2 ties) but not the hub (11 ties).
    let cut = adamic_adar_within(&g, 0, 100, 5).expect("valid");
    assert_eq!(cut.keys().copied().collect::<Vec<_>>(), vec![3]);
    assert!((cut[&3].1 - 1.0 / 2f64.ln()).abs() < 1e-12);
}

#[test]
fn experts_skip_opted_out_and_bad_evidence_is_named() {
    let g = barbell();
    let evidence = [
        ProfileSignal {
            candidate: 1,
            score: 0.9,
            reasons: vec![],
        },
        ProfileSignal {
            candidate: 4,
            score: 0.5,
            reasons: vec![],
        },
    ];
    let q = ExpertQuery {
        opted_out: &[1],
        ..ExpertQuery::new(0, 5, &evidence)
    };
    let e = find_experts(&g, &q).expect("valid");
    assert_eq!(e.iter().map(|x| x.id).collect::<Vec<_>>(), vec![4]);
    let bad = [ProfileSignal {
        candidate: 40,
        score: 0.5,
        reasons: vec![],
    }];
    let err = find_experts(&g, &ExpertQuery::new(0, 5, &bad)).expect_err("unknown member");
    assert_eq!(err.field, "evidence[0].candidate");
}

#[test]
fn analyze_withholds_figures_of_small_groups() {
    let edges = parse_edges_csv("source,target\na,b\nb,c\nc,a\nc,d\nd,e\ne,f\nf,d\n").expect("ok");
    let groups = parse_groups_csv("node,group\na,Eng\nb,Eng\nc,Eng\nd,Ops\ne,Ops\nf,Ops\ng,Ops\n")
        .expect("ok");
    let options = AnalyzeOptions {
        min_group_size: 4,
        ..Default::default()
    };
    let report = analyze(&edges, Some(&groups), &options).expect("valid");
    let eng = &report.groups[0];
    assert_eq!(
        (eng.group.as_str(), eng.size, eng.suppressed),
        ("Eng", 3, true)
    );
    assert_eq!(eng.ei_index, None);
    let ops = &report.groups[1];
    assert!(!ops.suppressed);
    // Ops: 3 ties inside (d-e, e-f, f-d), 1 leaving (c-d): E-I = (1 - 3) / 4.
    assert_eq!(ops.ei_index, Some(-0.5));
    let matrix = report.tie_matrix.expect("groups given");
    assert_eq!(matrix.ties[0][1], None);
    assert_eq!(matrix.ties[1][1], Some(3));
    assert!(
        report
            .bridges
            .iter()
            .all(|b| b.ei_change.is_empty() || b.ei_change.iter().all(|e| e.group != "Eng"))
    );
}
