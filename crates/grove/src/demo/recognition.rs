//! The demo's kudos: connected colleagues thanking each other for the organization's values,
//! spread over the last ten months, the demo member among those thanked. Kudos are not tied to
//! posts (the demo has none yet). The same seed gives the same kudos.

use grove_demo::DemoOrg;

use super::programs::Dice;
use crate::db::{Db, Param, insert_rows, now};

const DAY: i64 = 86_400;

const MESSAGES: &[&str] = &[
    "Thank you for pairing with me on the release checklist: it went out without a hitch.",
    "You stayed late to help us reproduce the bug, and found it in ten minutes. **Thank you!**",
    "Your walkthrough of the data model saved our team a week. We still use your diagram.",
    "Thanks for the honest feedback on my draft; the second version is much better for it.",
    "You took over my on-call shift when my kid was sick, no questions asked. Thank you.",
    "Your onboarding notes made my first month so much easier.",
    "Thanks for introducing me to the right people in Finance: the budget question is solved.",
    "You explained the contract terms patiently, twice. I finally understand them.",
    "Great facilitation of the retro: everyone spoke, and we left with three clear actions.",
    "Thank you for reviewing my pull request so carefully, and for the kind words in it.",
    "You shared your customer interview notes with the whole team. Generous and very useful.",
    "Thanks for mentoring the new joiners on the support rota.",
];

/// How many kudos in a hundred go along a connection (the demo member's: more, so that their
/// recognition page has something on it).
const SHARE: u64 = 12;
const DEMO_MEMBER_SHARE: u64 = 70;

/// Loads the kudos; members are `index + 1` in the database, values too.
pub async fn load(
    db: &Db,
    conn: &mut sqlx::AnyConnection,
    org: &DemoOrg,
    seed: u64,
) -> anyhow::Result<()> {
    if org.values.is_empty() {
        return Ok(());
    }
    let today = now() / DAY * DAY;
    let mut dice = Dice(seed ^ 0x0000_c0d0_5e11);
    let demo_member = org.demo_member();
    let mut rows: Vec<Vec<Param>> = Vec::new();
    for &(a, b) in &org.connections {
        let share = if a == demo_member || b == demo_member {
            DEMO_MEMBER_SHARE
        } else {
            SHARE
        };
        if !dice.percent(share) {
            continue;
        }
        // The demo member mostly receives: their page then shows thanks at once.
        let (from, to) = if b == demo_member || (a != demo_member && dice.percent(50)) {
            (a, b)
        } else {
            (b, a)
        };
        // A value the giver holds dear, most of the time.
        let values = &org.members[from].values;
        let value = if !values.is_empty() && dice.percent(75) {
            values[dice.below(values.len() as u64) as usize]
        } else {
            dice.below(org.values.len() as u64) as usize
        };
        let value = value.min(org.values.len() - 1);
        let at = today - dice.below(300) as i64 * DAY - dice.below(DAY as u64) as i64;
        rows.push(vec![
            Param::Int(from as i64 + 1),
            Param::Int(to as i64 + 1),
            Param::Int(value as i64 + 1),
            Param::Text(dice.pick(MESSAGES).to_string()),
            Param::Int(at),
        ]);
    }
    insert_rows(
        conn,
        db.backend,
        "INSERT INTO kudos (from_id, to_id, value_id, message, created_at) VALUES ",
        "({}, {}, {}, {}, {})",
        "",
        rows,
    )
    .await?;
    Ok(())
}
