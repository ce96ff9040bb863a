//! The demo's mentorship programs: one taking enrollments (a tenth of the organization as
//! mentees, a fiftieth as mentors, ready for the lead to close and match), and one running for
//! months, with relationships, goals, check-ins, milestones, an early ending or two and closing
//! feedback, so a newcomer sees the whole flow.

use std::collections::HashMap;

use grove_demo::{DemoOrg, Mentoring};
use sqlx::Row;

use crate::db::{Db, Param, insert_rows, now};

const DAY: i64 = 86_400;

/// A small seeded PRNG (splitmix64): the demo is the same for the same seed.
pub(super) struct Dice(pub(super) u64);

impl Dice {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub(super) fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    pub(super) fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
    pub(super) fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len() as u64) as usize]
    }
}

const CHECKIN_NOTES: &[&str] = &[
    "Went through the project plan together and picked the first thing to try.",
    "Talked about giving feedback to a peer; agreed to practise it in next week's retro.",
    "Reviewed a draft and a presentation outline; two concrete changes to make.",
    "Discussed how to say no to work that does not fit the quarter's goals.",
    "Shadowed a stakeholder meeting and debriefed afterwards.",
    "Looked back at the last month: what went well, what to change.",
    "Mapped who to meet in other departments and wrote the first two messages.",
    "Worked through a tricky design question; next step is a written proposal.",
];
const MILESTONES: &[&str] = &[
    "First goal met",
    "Presented to the wider team",
    "Led a meeting on their own",
    "Shipped the first piece of the project",
    "Met three people in other departments",
];
const EARLY_ENDINGS: &[&str] = &[
    "Moved to a new role with less time for this",
    "Our goals turned out too different; asked for a re-match",
    "Parental leave",
];
const FEEDBACK: &[&str] = &[
    "Practical and kind; I leave with a plan.",
    "Our conversations changed how I run my week.",
    "Good match on goals; we could have met more often.",
    "I learned as much as I taught.",
];

/// The most common profile goals, for the open program's focus question.
fn common_goals(org: &DemoOrg, n: usize) -> Vec<String> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for m in &org.members {
        for g in &m.goals {
            *count.entry(g.as_str()).or_default() += 1;
        }
    }
    let mut goals: Vec<(&str, usize)> = count.into_iter().collect();
    goals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    goals.into_iter().take(n).map(|g| g.0.to_string()).collect()
}

#[allow(clippy::too_many_arguments)]
async fn insert_program(
    conn: &mut sqlx::AnyConnection,
    name: &str,
    description: &str,
    phase: &str,
    opens: i64,
    closes: i64,
    matching_on: i64,
    ends_on: i64,
    max_mentees: i64,
    favour_bridges: bool,
    lead: i64,
) -> anyhow::Result<i64> {
    let settings = serde_json::to_string(&crate::mentorship::model::MatchingCriteria::default())?;
    Ok(sqlx::query(
        "INSERT INTO programs (name, description, kind, group_size, matching_mode, phase, enrollment_opens, enrollment_closes, \
         matching_on, ends_on, audience, max_mentees, capacity_from_profile, favour_bridges, settings, checkin_weeks, created_by, created_at) \
         VALUES ($1, $2, 'one_on_one', 0, 'lead', $3, $4, $5, $6, $7, 'everyone', $8, 1, $9, $10, 3, $11, $12) RETURNING id",
    )
    .bind(name)
    .bind(description)
    .bind(phase)
    .bind(opens)
    .bind(closes)
    .bind(matching_on)
    .bind(ends_on)
    .bind(max_mentees)
    .bind(favour_bridges as i64)
    .bind(settings)
    .bind(lead)
    .bind(opens)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}

/// Loads both programs; members are `index + 1` in the database.
pub async fn load(
    db: &Db,
    conn: &mut sqlx::AnyConnection,
    org: &DemoOrg,
    seed: u64,
) -> anyhow::Result<()> {
    let backend = db.backend;
    let today = now() / DAY * DAY;
    let mut dice = Dice(seed ^ 0x005e_ed0f_9a0c);
    let n = org.members.len();
    let lead = org.demo_lead() as i64 + 1;
    let reserved = [org.demo_admin(), org.demo_lead(), org.demo_member()];

    // Who offers and who seeks mentoring, in member order.
    let mut offering: Vec<usize> = Vec::new();
    let mut seeking: Vec<usize> = Vec::new();
    for (i, m) in org.members.iter().enumerate() {
        match m.mentoring {
            Mentoring::Mentor => offering.push(i),
            Mentoring::Mentee => seeking.push(i),
            Mentoring::Both if i % 2 == 0 => offering.push(i),
            Mentoring::Both => seeking.push(i),
            Mentoring::None => {}
        }
    }

    // ---- the running program ----
    let pairs = (n / 15).clamp(2, 400);
    let spring = insert_program(
        conn,
        "Spring mentoring 2026",
        "Six months of one-on-one mentoring across the organization: a mentor who teaches what you want to learn, \
         a check-in every two or three weeks, and goals you agree together.",
        "running",
        today - 200 * DAY,
        today - 170 * DAY,
        today - 165 * DAY,
        today + 20 * DAY,
        2,
        false,
        lead,
    )
    .await?;
    let member = org.demo_member();
    let mut running_mentees: Vec<usize> = vec![member];
    running_mentees.extend(
        seeking
            .iter()
            .copied()
            .filter(|i| !reserved.contains(i))
            .take(pairs - 1),
    );
    let running_mentors: Vec<usize> = offering
        .iter()
        .copied()
        .filter(|i| !reserved.contains(i))
        .take(running_mentees.len().div_ceil(2))
        .collect();
    if running_mentors.is_empty() {
        return Ok(());
    }
    let started = today - 165 * DAY;
    let mut enrollments: Vec<Vec<Param>> = Vec::new();
    for &m in &running_mentors {
        enrollments.push(vec![
            Param::Int(spring),
            Param::Int(m as i64 + 1),
            Param::Text("mentor".into()),
            Param::Int(2),
            Param::Int(started - 30 * DAY),
        ]);
    }
    for &m in &running_mentees {
        enrollments.push(vec![
            Param::Int(spring),
            Param::Int(m as i64 + 1),
            Param::Text("mentee".into()),
            Param::Int(0),
            Param::Int(started - 30 * DAY),
        ]);
    }

    let mut mentorships = Vec::new();
    let mut members = Vec::new();
    let mut checkins = Vec::new();
    let mut goals = Vec::new();
    let mut milestones = Vec::new();
    let mut feedback = Vec::new();
    for (k, &mentee) in running_mentees.iter().enumerate() {
        let id = k as i64 + 1;
        let mentor = running_mentors[k % running_mentors.len()];
        let (mentor_id, mentee_id) = (mentor as i64 + 1, mentee as i64 + 1);
        // The demo member's relationship is a healthy one, so a newcomer sees it at its best.
        let ends_early = k != 0 && (k % 9 == 4 || (pairs < 40 && k % 5 == 3));
        let quiet = k != 0 && !ends_early && dice.percent(15);
        let count = if k == 0 {
            6
        } else if quiet {
            1 + dice.below(2)
        } else {
            dice.below(7)
        };
        let mut last: Option<i64> = None;
        for c in 0..count {
            // Every three weeks or so from the start; quiet pairs stop early.
            let held = started + (c as i64 * 21 + 7 + dice.below(5) as i64) * DAY;
            if held > today {
                break;
            }
            last = Some(last.map_or(held, |l: i64| l.max(held)));
            let author = if c % 2 == 0 { mentee_id } else { mentor_id };
            checkins.push(vec![
                Param::Int(id),
                Param::Int(author),
                Param::Int(held),
                Param::Text(dice.pick(CHECKIN_NOTES).into()),
                Param::Int(held),
            ]);
        }
        let ended_at = ends_early.then(|| started + (60 + dice.below(60) as i64) * DAY);
        mentorships.push(vec![
            Param::Int(id),
            Param::Int(spring),
            Param::Text(
                if ended_at.is_some() {
                    "ended"
                } else {
                    "active"
                }
                .into(),
            ),
            Param::Text(format!("{}", 55 + dice.below(40))),
            Param::Int(started),
            Param::OptInt(ended_at),
            Param::Text(
                ended_at
                    .map(|_| dice.pick(EARLY_ENDINGS))
                    .unwrap_or("")
                    .into(),
            ),
            Param::Int(ended_at.is_some() as i64),
            Param::OptInt(last),
        ]);
        let rematch = ended_at.is_some() && k % 2 == 0;
        members.push(vec![
            Param::Int(id),
            Param::Int(mentor_id),
            Param::Text("mentor".into()),
            Param::OptInt(None),
        ]);
        members.push(vec![
            Param::Int(id),
            Param::Int(mentee_id),
            Param::Text("mentee".into()),
            Param::OptInt(if rematch { ended_at } else { None }),
        ]);
        let own_goals = &org.members[mentee].goals;
        for (g, title) in own_goals
            .iter()
            .take(1 + dice.below(3) as usize)
            .enumerate()
        {
            let agreed =
                (k == 0 || dice.percent(85)).then_some(started + (14 + g as i64 * 7) * DAY);
            let met = agreed
                .filter(|_| dice.percent(45))
                .map(|a| a + 60 * DAY)
                .filter(|m| *m <= today);
            goals.push(vec![
                Param::Int(id),
                Param::Text(title.clone()),
                Param::Int(today + (20 + 10 * g as i64) * DAY),
                Param::Int(mentee_id),
                Param::Int(started + 7 * DAY),
                Param::OptInt(agreed),
                Param::OptInt(met),
            ]);
        }
        if count >= 3 {
            milestones.push(vec![
                Param::Int(id),
                Param::Text(dice.pick(MILESTONES).into()),
                Param::Int(started + 50 * DAY),
                Param::Int(mentee_id),
                Param::Int(started + 50 * DAY),
            ]);
        }
        if let Some(end) = ended_at {
            for author in [mentor_id, mentee_id] {
                feedback.push(vec![
                    Param::Int(id),
                    Param::Int(author),
                    Param::Int(3 + dice.below(3) as i64),
                    Param::Text(dice.pick(FEEDBACK).into()),
                    Param::Int(end),
                ]);
            }
        }
    }

    // ---- the program taking enrollments ----
    let mentee_count = (n / 10).max(2);
    // A fiftieth of the organization, and in a small one enough mentors of three places each
    // for every mentee.
    let mentor_count = if n >= 1000 {
        n / 50
    } else {
        (n / 50).max(mentee_count.div_ceil(3)).max(2)
    };
    let focus_options = common_goals(org, 8);
    let open = insert_program(
        conn,
        "Mentoring 2027: grow across the organization",
        "Our yearly program. Enroll as a mentee to be matched with someone who teaches what you want to learn, \
         or as a mentor to share what you know. The matching favours pairs across departments.",
        "open",
        today - 7 * DAY,
        today + 14 * DAY,
        today + 15 * DAY,
        today + 200 * DAY,
        5,
        true,
        lead,
    )
    .await?;
    let question: i64 = sqlx::query(
        "INSERT INTO program_questions (program_id, position, prompt, kind, options, criterion, asked_of, required) \
         VALUES ($1, 0, 'What would you like to focus on?', 'choices', $2, 'goals', 'both', 0) RETURNING id",
    )
    .bind(open)
    .bind(focus_options.join("\n"))
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    sqlx::query(
        "INSERT INTO program_questions (program_id, position, prompt, kind, options, criterion, asked_of, required) \
         VALUES ($1, 1, 'Anything your match should know?', 'text', '', '', 'both', 0)",
    )
    .bind(open)
    .execute(&mut *conn)
    .await?;
    // Mentors first from those who offer mentoring, then (in a small organization) anyone senior.
    let mut open_mentors: Vec<usize> = offering
        .iter()
        .copied()
        .filter(|i| !reserved.contains(i))
        .take(mentor_count)
        .collect();
    for (i, m) in org.members.iter().enumerate() {
        if open_mentors.len() >= mentor_count {
            break;
        }
        if m.seniority >= 3 && !reserved.contains(&i) && !open_mentors.contains(&i) {
            open_mentors.push(i);
        }
    }
    let mentor_set: std::collections::HashSet<usize> = open_mentors.iter().copied().collect();
    let mut open_mentees: Vec<usize> = seeking
        .iter()
        .copied()
        .filter(|i| !reserved.contains(i) && !mentor_set.contains(i))
        .take(mentee_count)
        .collect();
    for i in 0..n {
        if open_mentees.len() >= mentee_count {
            break;
        }
        if !reserved.contains(&i) && !mentor_set.contains(&i) && !open_mentees.contains(&i) {
            open_mentees.push(i);
        }
    }
    let enrolled_at = today - 3 * DAY;
    let answer = |i: usize| -> String {
        let mine: Vec<&String> = org.members[i]
            .goals
            .iter()
            .filter(|g| focus_options.contains(g))
            .collect();
        serde_json::json!({ question.to_string(): mine }).to_string()
    };
    let mut open_rows: Vec<Vec<Param>> = Vec::new();
    for &m in &open_mentors {
        let capacity = i64::from(org.members[m].mentor_capacity).clamp(1, 5);
        // Enough places for every mentee: a fiftieth of the organization taking five each.
        let capacity = if n >= 1000 { 5 } else { capacity.max(3) };
        open_rows.push(vec![
            Param::Int(open),
            Param::Int(m as i64 + 1),
            Param::Text("mentor".into()),
            Param::Int(capacity),
            Param::Text(answer(m)),
            Param::Int(enrolled_at),
        ]);
    }
    for &m in &open_mentees {
        open_rows.push(vec![
            Param::Int(open),
            Param::Int(m as i64 + 1),
            Param::Text("mentee".into()),
            Param::Int(0),
            Param::Text(answer(m)),
            Param::Int(enrolled_at),
        ]);
    }

    insert_rows(
        conn,
        backend,
        "INSERT INTO enrollments (program_id, user_id, role, capacity, created_at) VALUES ",
        "({}, {}, {}, {}, {})",
        "",
        enrollments,
    )
    .await?;
    insert_rows(conn, backend, "INSERT INTO enrollments (program_id, user_id, role, capacity, answers, created_at) VALUES ", "({}, {}, {}, {}, {}, {})", "", open_rows).await?;
    let score_cast = match backend {
        crate::db::Backend::Postgres => "CAST({} AS DOUBLE PRECISION)",
        crate::db::Backend::Sqlite => "CAST({} AS REAL)",
    };
    insert_rows(
        conn,
        backend,
        "INSERT INTO mentorships (id, program_id, kind, status, score, started_at, ended_at, end_reason, ended_early, last_checkin_at) VALUES ",
        &format!("({{}}, {{}}, 'one_on_one', {{}}, {score_cast}, {{}}, {{}}, {{}}, {{}}, {{}})"),
        "",
        mentorships,
    )
    .await?;
    backend.reset_id_sequence(conn, "mentorships").await?;
    insert_rows(conn, backend, "INSERT INTO mentorship_members (mentorship_id, user_id, role, rematch_requested_at) VALUES ", "({}, {}, {}, {})", "", members).await?;
    insert_rows(
        conn,
        backend,
        "INSERT INTO checkins (mentorship_id, author_id, held_on, notes, created_at) VALUES ",
        "({}, {}, {}, {}, {})",
        "",
        checkins,
    )
    .await?;
    insert_rows(conn, backend, "INSERT INTO mentorship_goals (mentorship_id, title, target_on, created_by, created_at, agreed_at, met_at) VALUES ", "({}, {}, {}, {}, {}, {}, {})", "", goals).await?;
    insert_rows(
        conn,
        backend,
        "INSERT INTO milestones (mentorship_id, title, reached_on, created_by, created_at) VALUES ",
        "({}, {}, {}, {}, {})",
        "",
        milestones,
    )
    .await?;
    insert_rows(conn, backend, "INSERT INTO mentorship_feedback (mentorship_id, author_id, rating, comment, created_at) VALUES ", "({}, {}, {}, {}, {})", "", feedback).await?;
    Ok(())
}
