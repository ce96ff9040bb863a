//! One member's profile from their slot in the chart: name, e-mail, place, languages, skills,
//! interests, goals, values, bio, career history and mentoring availability.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use crate::chart::{self, Chart, Slot};
use crate::data::{self, CULTURES, Gender, HUBS, SKILLS};
use crate::model::{CareerRole, Member, MemberSkill, Mentoring, Role};
use crate::rng::Rng;

pub const STREAM_PROFILE: u64 = 3;

/// Skill pools resolved to indices once per run.
pub struct Catalog {
    dept_core: Vec<Vec<usize>>,
    communication: Vec<usize>,
    leadership: Vec<usize>,
    program_lead: Vec<usize>,
    /// Resolved team pools, keyed by the team template's name.
    team_pools: HashMap<&'static str, Vec<usize>>,
}

impl Catalog {
    pub fn new() -> Self {
        let index: HashMap<&'static str, usize> =
            SKILLS.iter().enumerate().map(|(i, s)| (s.0, i)).collect();
        let resolve = |names: &[&str]| -> Vec<usize> {
            names.iter().filter_map(|n| index.get(n).copied()).collect()
        };
        let mut team_pools = HashMap::new();
        let specs = data::DEPARTMENTS
            .iter()
            .flat_map(|d| d.teams.iter())
            .chain(data::PARTNERS.iter().flat_map(|p| p.teams.iter()));
        for t in specs {
            team_pools.insert(t.name, resolve(t.skills));
        }
        Catalog {
            dept_core: data::DEPARTMENTS
                .iter()
                .map(|d| resolve(d.core_skills))
                .collect(),
            communication: resolve(data::COMMUNICATION),
            leadership: resolve(data::LEADERSHIP),
            program_lead: resolve(&["Facilitation", "Coaching", "Mentoring programme design"]),
            team_pools,
        }
    }

    fn team(&self, name: &str) -> &[usize] {
        self.team_pools.get(name).map_or(&[], |v| v.as_slice())
    }
}

/// Everything a profile needs besides its own slot.
pub struct Context<'a> {
    pub seed: u64,
    pub chart: &'a Chart,
    pub catalog: &'a Catalog,
    pub org_names: Vec<&'static str>,
    pub org_domains: Vec<&'static str>,
    pub team_names: Vec<String>,
}

/// Lower-case ASCII for an e-mail local part: accents folded, spaces and apostrophes dropped.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let folded: &str = match c {
            'a'..='z' | '0'..='9' | '-' => {
                out.push(c);
                continue;
            }
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' | 'ą' => "a",
            'ç' | 'ć' | 'č' => "c",
            'é' | 'è' | 'ê' | 'ë' | 'ę' | 'ě' => "e",
            'í' | 'ì' | 'î' | 'ï' | 'ĩ' => "i",
            'ñ' | 'ń' => "n",
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
            'ú' | 'ù' | 'û' | 'ü' | 'ů' | 'ũ' => "u",
            'ý' | 'ÿ' => "y",
            'ł' => "l",
            'ř' => "r",
            'ś' | 'š' => "s",
            'ź' | 'ż' | 'ž' => "z",
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            _ => "",
        };
        out.push_str(folded);
    }
    out
}

fn month_string(month: i32) -> String {
    format!(
        "{:04}-{:02}",
        month.div_euclid(12),
        month.rem_euclid(12) + 1
    )
}

fn as_of_month() -> i32 {
    data::AS_OF.0 * 12 + data::AS_OF.1 as i32 - 1
}

pub fn as_of_string() -> String {
    month_string(as_of_month())
}

/// Title a member of this slot's job family would have at `seniority` (0 = intern).
fn title_at(ctx: &Context, slot: &Slot, seniority: u8) -> String {
    let unit = &ctx.chart.units[slot.unit];
    match seniority {
        0..=3 => chart::ic_title(unit.junior, slot.family.role, seniority),
        4 => slot.family.lead.to_string(),
        5 => unit.director_title.to_string(),
        _ => unit.head_title.to_string(),
    }
}

struct SkillSet {
    skills: Vec<MemberSkill>,
}

impl SkillSet {
    fn add(&mut self, skill: usize, level: u8) {
        if self.skills.iter().all(|s| s.skill != skill) {
            self.skills.push(MemberSkill {
                skill,
                level: level.clamp(1, 5),
                can_teach: false,
                wants_to_learn: false,
            });
        }
    }

    fn has(&self, skill: usize) -> bool {
        self.skills.iter().any(|s| s.skill == skill)
    }
}

fn jitter(rng: &mut Rng, base: u8) -> u8 {
    (base as i32 + rng.below(3) as i32 - 1).clamp(1, 5) as u8
}

fn member_skills(ctx: &Context, slot: &Slot, rng: &mut Rng) -> Vec<MemberSkill> {
    let cat = ctx.catalog;
    let s = slot.seniority;
    let base: u8 = match s {
        1 => 2,
        2 | 3 => 3,
        _ => 4,
    };
    let mut set = SkillSet {
        skills: Vec::with_capacity(16),
    };
    let team_pool = cat.team(slot.family.name);
    let n = rng.range(3, 5) as usize;
    for k in rng.sample(team_pool, n) {
        let bonus = u8::from(s >= 3 && rng.percent(40));
        set.add(k, jitter(rng, base) + bonus);
    }
    let core = &cat.dept_core[slot.dept];
    let n = rng.range(1, 3) as usize;
    for k in rng.sample(core, n) {
        set.add(k, jitter(rng, base.saturating_sub(1).max(1)));
    }
    // Something to grow into: another team's tools, or management for the ambitious.
    let learning = if s <= 2 {
        rng.range(1, 2)
    } else {
        rng.range(0, 1)
    };
    for _ in 0..learning {
        let pool: &[usize] = if s >= 2 && rng.percent(25) {
            &cat.leadership
        } else if rng.percent(75) {
            let d = &data::DEPARTMENTS[slot.dept];
            cat.team(rng.pick(d.teams).name)
        } else {
            &cat.dept_core[rng.below(cat.dept_core.len())]
        };
        if pool.is_empty() {
            continue;
        }
        let k = *rng.pick(pool);
        if !set.has(k) {
            set.add(k, rng.range(1, 2) as u8);
            if let Some(last) = set.skills.last_mut() {
                last.wants_to_learn = true;
            }
        }
    }
    let lead_skills = match s {
        4..=6 => rng.range(2, 3),
        3 => u32::from(rng.percent(40)),
        _ => 0,
    };
    for k in rng.sample(&cat.leadership, lead_skills as usize) {
        set.add(k, rng.range(3, 5) as u8);
    }
    if slot.platform_lead {
        for &k in &cat.program_lead {
            set.add(k, rng.range(3, 5) as u8);
        }
    }
    let n = rng.range(1, 2) as usize;
    for k in rng.sample(&cat.communication, n) {
        set.add(k, jitter(rng, base.saturating_sub(1).max(1)));
    }
    while set.skills.len() < 5 {
        let k = rng.below(SKILLS.len());
        set.add(k, jitter(rng, base.saturating_sub(1).max(1)));
    }
    set.skills.truncate(15);

    for m in set.skills.iter_mut() {
        if m.wants_to_learn {
            continue;
        }
        m.can_teach = match m.level {
            5 => rng.percent(80),
            4 => rng.percent(if s >= 3 { 65 } else { 30 }),
            3 => s >= 3 && rng.percent(15),
            _ => false,
        };
        if !m.can_teach {
            m.wants_to_learn = match m.level {
                1 | 2 => rng.percent(if s <= 2 { 30 } else { 15 }),
                3 => s == 1 && rng.percent(10),
                _ => false,
            };
        }
    }
    // Seniors always teach something; juniors always want to learn something.
    if s >= 3
        && !set.skills.iter().any(|m| m.can_teach)
        && let Some(m) = set.skills.iter_mut().max_by_key(|m| m.level)
    {
        m.level = m.level.max(4);
        m.can_teach = true;
        m.wants_to_learn = false;
    }
    if s <= 2
        && !set.skills.iter().any(|m| m.wants_to_learn)
        && let Some(m) = set.skills.iter_mut().min_by_key(|m| m.level)
    {
        m.wants_to_learn = true;
        m.can_teach = false;
    }
    set.skills
}

fn languages(slot: &Slot, culture: usize, rng: &mut Rng) -> Vec<String> {
    let hub = &HUBS[slot.hub];
    let mut langs: Vec<&str> = vec![hub.languages[0]];
    for l in &hub.languages[1..] {
        let p = if *l == "English" { 90 } else { 55 };
        if rng.percent(p) {
            langs.push(l);
        }
    }
    if !langs.contains(&"English") && rng.percent(85) {
        langs.push("English");
    }
    let heritage = CULTURES[culture].languages;
    if !heritage.iter().any(|l| langs.contains(l)) && rng.percent(45) {
        langs.push(*rng.pick(heritage));
    }
    if rng.percent(12) {
        let extra = rng.pick(data::EXTRA_LANGUAGES);
        if !langs.contains(extra) {
            langs.push(extra);
        }
    }
    langs.into_iter().map(String::from).collect()
}

fn pick_culture(slot: &Slot, rng: &mut Rng) -> usize {
    let hub = &HUBS[slot.hub];
    let mut roll = rng.below(100) as u32;
    for &(c, w) in hub.cultures {
        if roll < w {
            return c;
        }
        roll -= w;
    }
    rng.below(CULTURES.len())
}

fn pronouns(gender: Gender, rng: &mut Rng) -> Option<String> {
    if !rng.percent(45) {
        return None;
    }
    let p = match gender {
        Gender::Female if rng.percent(6) => "she/they",
        Gender::Female => "she/her",
        Gender::Male if rng.percent(4) => "he/they",
        Gender::Male => "he/him",
        Gender::Neutral => *rng.pick(&["they/them", "they/them", "she/her", "he/him"]),
    };
    Some(p.to_string())
}

fn other_department(rng: &mut Rng, mine: usize) -> &'static str {
    loop {
        let d = 1 + rng.below(data::DEPARTMENTS.len() - 1);
        if d != mine {
            return data::DEPARTMENTS[d].name;
        }
    }
}

fn goals(
    ctx: &Context,
    slot: &Slot,
    learn: Option<&str>,
    strength: &str,
    rng: &mut Rng,
) -> Vec<String> {
    let pool = match slot.seniority {
        1 => data::GOALS_EARLY,
        2 if rng.percent(50) => data::GOALS_EARLY,
        2 | 3 => data::GOALS_MID,
        _ => data::GOALS_SENIOR,
    };
    let dept = data::DEPARTMENTS[slot.dept].name;
    let mut out: Vec<String> = Vec::with_capacity(3);
    let n = rng.range(1, 3) as usize;
    for template in rng.sample(pool, n) {
        let skill = match learn {
            Some(l) => l,
            None => SKILLS[*rng.pick(&ctx.catalog.dept_core[slot.dept])].0,
        };
        let goal = template
            .replace("{skill}", skill)
            .replace("{strength}", strength)
            .replace("{dept}", dept)
            .replace("{other}", other_department(rng, slot.dept));
        if !out.contains(&goal) {
            out.push(goal);
        }
    }
    out
}

/// A skill of the member's trade rather than a general one (leadership, communication): what
/// bios and goals name first.
fn is_craft(skill: usize) -> bool {
    !matches!(SKILLS[skill].1, "Leadership & management" | "Communication")
}

/// Lists "a, b and c".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [a] => a.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[allow(clippy::too_many_arguments)]
fn bio(
    ctx: &Context,
    slot: &Slot,
    first: &str,
    skills: &[MemberSkill],
    interests: &[String],
    rng: &mut Rng,
) -> String {
    let org = ctx.org_names[slot.org];
    let team = &ctx.team_names[slot.team];
    let city = HUBS[slot.hub].city;
    let title = &slot.title;
    let mut out = String::with_capacity(240);
    let _ = if slot.joined_days_ago <= 30 {
        write!(
            out,
            "New here! I just joined **{team}** as {title}, working from {city}."
        )
    } else if slot.seniority >= 5 {
        match rng.below(2) {
            0 => write!(out, "**{title}** at {org}, based in {city}."),
            _ => write!(out, "I'm {first}, {title} at {org}, working from {city}."),
        }
    } else {
        match rng.below(3) {
            0 => write!(
                out,
                "{title} in the **{team}** team at {org}, based in {city}."
            ),
            1 => write!(
                out,
                "I'm {first}, {title} at {org}. I work from {city} with the {team} team."
            ),
            _ => write!(
                out,
                "Based in {city}, I work on **{team}** at {org} as {title}."
            ),
        }
    };
    let mut strongest: Vec<&MemberSkill> = skills.iter().filter(|m| !m.wants_to_learn).collect();
    strongest.sort_by_key(|m| (!is_craft(m.skill), std::cmp::Reverse(m.level)));
    let names: Vec<&str> = strongest
        .iter()
        .take(3)
        .map(|m| SKILLS[m.skill].0)
        .collect();
    if !names.is_empty() {
        let _ = match rng.below(3) {
            0 => write!(out, " Most days I work with {}.", and_list(&names)),
            1 => write!(out, " I spend a lot of my time on {}.", and_list(&names)),
            _ => write!(out, " My toolbox: {}.", and_list(&names)),
        };
    }
    let teach = skills
        .iter()
        .find(|m| m.can_teach)
        .map(|m| SKILLS[m.skill].0);
    let learn = skills
        .iter()
        .filter(|m| m.wants_to_learn)
        .min_by_key(|m| !is_craft(m.skill))
        .map(|m| SKILLS[m.skill].0);
    let mut extras: Vec<String> = Vec::with_capacity(3);
    if let Some(t) = teach {
        extras.push(format!("Happy to help with *{t}*, just ask."));
    }
    if let Some(l) = learn {
        extras.push(format!("Currently learning {l}; tips welcome."));
    }
    if interests.len() >= 2 {
        extras.push(format!(
            "Outside work: {} and {}.",
            interests[0], interests[1]
        ));
    }
    if !extras.is_empty() {
        let k = rng.below(extras.len());
        out.push(' ');
        out.push_str(&extras[k]);
    }
    out
}

fn career(ctx: &Context, slot: &Slot, rng: &mut Rng) -> Vec<CareerRole> {
    let now = as_of_month();
    let org = ctx.org_names[slot.org];
    let joined = now - (slot.joined_days_ago * 12 / 365) as i32;
    let tenure = now - joined;
    let mut roles = Vec::with_capacity(5);
    let mut seniority_at_join = slot.seniority;
    if slot.seniority >= 2 && tenure >= 24 && rng.percent(55) {
        let promoted = joined + rng.range(12, tenure as u32 - 6) as i32;
        seniority_at_join = slot.seniority - 1;
        roles.push(CareerRole {
            title: slot.title.clone(),
            organization: org.to_string(),
            start: month_string(promoted),
            end: None,
        });
        roles.push(CareerRole {
            title: title_at(ctx, slot, seniority_at_join),
            organization: org.to_string(),
            start: month_string(joined),
            end: Some(month_string(promoted)),
        });
    } else {
        roles.push(CareerRole {
            title: slot.title.clone(),
            organization: org.to_string(),
            start: month_string(joined),
            end: None,
        });
    }

    let mut left = slot.experience_months as i32 - tenure;
    let mut cursor = joined;
    let mut seniority = seniority_at_join;
    let mut employer = usize::MAX;
    let changer = rng.percent(8);
    while left >= 6 && roles.len() < 6 {
        let gap = rng.range(0, 3) as i32;
        let end = cursor - gap;
        let len = (rng.range(14, 60) as i32).min(left - gap).max(6);
        let start = end - len;
        left -= gap + len;
        if rng.percent(65) {
            seniority = seniority.saturating_sub(1).max(1);
        }
        let last = left < 6;
        let title = if last && changer {
            rng.pick(data::EARLIER_CAREERS).to_string()
        } else if last && seniority == 1 && rng.percent(30) {
            title_at(ctx, slot, 0)
        } else {
            title_at(ctx, slot, seniority)
        };
        let mut e = rng.below(data::PAST_EMPLOYERS.len());
        if e == employer {
            e = (e + 1) % data::PAST_EMPLOYERS.len();
        }
        employer = e;
        roles.push(CareerRole {
            title,
            organization: data::PAST_EMPLOYERS[e].to_string(),
            start: month_string(start),
            end: Some(month_string(end)),
        });
        cursor = start;
    }
    roles
}

fn mentoring(slot: &Slot, rng: &mut Rng) -> (Mentoring, u8) {
    let roll = rng.below(100);
    let m = match slot.seniority {
        1 if roll < 65 => Mentoring::Mentee,
        1 => Mentoring::None,
        2 if roll < 40 => Mentoring::Mentee,
        2 if roll < 55 => Mentoring::Both,
        2 => Mentoring::None,
        3 if roll < 45 => Mentoring::Mentor,
        3 if roll < 65 => Mentoring::Both,
        3 => Mentoring::None,
        _ if roll < 55 => Mentoring::Mentor,
        _ if roll < 65 => Mentoring::Both,
        _ => Mentoring::None,
    };
    let capacity = match m {
        Mentoring::Mentor | Mentoring::Both => match slot.seniority {
            1..=3 => rng.range(1, 2),
            4 => rng.range(1, 3),
            _ => rng.range(1, 4),
        },
        _ => 0,
    };
    (m, capacity as u8)
}

/// E-mail addresses handed out so far, to keep them unique.
#[derive(Default)]
pub struct EmailBook {
    used: HashSet<String>,
    numbered: HashMap<String, u32>,
}

impl EmailBook {
    pub fn with_capacity(n: usize) -> Self {
        EmailBook {
            used: HashSet::with_capacity(n),
            numbered: HashMap::new(),
        }
    }

    fn taken(&self, stem: &str) -> bool {
        self.used.contains(stem)
    }

    /// `first.last`, else `first.x.last` with a middle initial, else `first.lastN`.
    fn assign(&mut self, stem: String, first: &str, last: &str, rng: &mut Rng) -> String {
        if self.used.insert(stem.clone()) {
            return stem;
        }
        for _ in 0..4 {
            let initial = (b'a' + rng.below(26) as u8) as char;
            let local = format!("{first}.{initial}.{last}");
            if self.used.insert(local.clone()) {
                return local;
            }
        }
        let n = self.numbered.entry(stem.clone()).or_insert(1);
        loop {
            *n += 1;
            let local = format!("{stem}{n}");
            if self.used.insert(local.clone()) {
                return local;
            }
        }
    }
}

/// Builds member `index` (final numbering) from its slot.
pub fn member(
    ctx: &Context,
    slot: &Slot,
    index: usize,
    manager: Option<usize>,
    role: Role,
    emails: &mut EmailBook,
) -> Member {
    let mut rng = Rng::derive(ctx.seed, STREAM_PROFILE, index as u64);
    let culture = pick_culture(slot, &mut rng);
    // Draw a name; if someone already has it, try again once or twice (namesakes happen, but
    // rarely in a small company).
    let draw = |rng: &mut Rng| {
        let (first, gender) = *rng.pick(CULTURES[culture].first);
        let last_culture = if rng.percent(15) {
            rng.below(CULTURES.len())
        } else {
            culture
        };
        (first, gender, *rng.pick(CULTURES[last_culture].last))
    };
    let (mut first, mut gender, mut last) = draw(&mut rng);
    for _ in 0..2 {
        if !emails.taken(&format!("{}.{}", slug(first), slug(last))) {
            break;
        }
        (first, gender, last) = draw(&mut rng);
    }
    let (first_slug, last_slug) = (slug(first), slug(last));
    let local = emails.assign(
        format!("{first_slug}.{last_slug}"),
        &first_slug,
        &last_slug,
        &mut rng,
    );
    let email = format!("{local}@{}", ctx.org_domains[slot.org]);

    let hub = &HUBS[slot.hub];
    let skills = member_skills(ctx, slot, &mut rng);

    let dept = &data::DEPARTMENTS[slot.dept];
    let n = rng.range(2, 4) as usize;
    let mut interests: Vec<&str> = rng.sample(data::INTERESTS, n);
    // A work-flavoured interest goes last, so that bios quote personal ones.
    if rng.percent(55) {
        let i = *rng.pick(dept.interests);
        if !interests.contains(&i) {
            interests.push(i);
        }
    }
    let interests: Vec<String> = interests.into_iter().map(String::from).collect();

    let learn = skills
        .iter()
        .filter(|m| m.wants_to_learn)
        .min_by_key(|m| !is_craft(m.skill))
        .map(|m| SKILLS[m.skill].0);
    let strength = skills
        .iter()
        .filter(|m| !m.wants_to_learn)
        .max_by_key(|m| (is_craft(m.skill), m.level))
        .map_or("our craft", |m| SKILLS[m.skill].0);
    let goals = goals(ctx, slot, learn, strength, &mut rng);
    const VALUE_INDICES: [usize; data::VALUES.len()] = {
        let mut all = [0; data::VALUES.len()];
        let mut i = 0;
        while i < all.len() {
            all[i] = i;
            i += 1;
        }
        all
    };
    let n = rng.range(2, 3) as usize;
    let mut values = rng.sample(&VALUE_INDICES, n);
    values.sort_unstable();
    let bio = bio(ctx, slot, first, &skills, &interests, &mut rng);
    let career = career(ctx, slot, &mut rng);
    let (mentoring, mentor_capacity) = mentoring(slot, &mut rng);

    Member {
        first_name: first.to_string(),
        last_name: last.to_string(),
        name: format!("{first} {last}"),
        email,
        pronouns: pronouns(gender, &mut rng),
        organization: slot.org,
        department: slot.dept,
        team: ctx.team_names[slot.team].clone(),
        title: slot.title.clone(),
        seniority: slot.seniority,
        manager,
        role,
        location: format!("{}, {}", hub.city, hub.country),
        time_zone: hub.time_zone.to_string(),
        utc_offset_minutes: hub.utc_offset_minutes,
        languages: languages(slot, culture, &mut rng),
        skills,
        interests,
        goals,
        values,
        bio,
        career,
        mentoring,
        mentor_capacity,
        joined_days_ago: slot.joined_days_ago,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("João"), "joao");
        assert_eq!(slug("O'Brien"), "obrien");
        assert_eq!(slug("de Vries"), "devries");
        assert_eq!(slug("Łukasz"), "lukasz");
        assert_eq!(slug("Ngũgĩ"), "ngugi");
        assert_eq!(slug("Min-jun"), "min-jun");
        for c in CULTURES {
            for (f, _) in c.first {
                let s = slug(f);
                assert!(!s.is_empty() && s.is_ascii(), "{f} -> {s}");
            }
            for l in c.last {
                let s = slug(l);
                assert!(!s.is_empty() && s.is_ascii(), "{l} -> {s}");
            }
        }
    }

    #[test]
    fn months_format() {
        assert_eq!(month_string(2026 * 12 + 10), "2026-11");
        assert_eq!(month_string(2026 * 12), "2026-01");
        assert_eq!(as_of_string(), "2026-11");
    }

    #[test]
    fn catalog_resolves_pools() {
        let c = Catalog::new();
        assert!(!c.team("Payments").is_empty());
        assert_eq!(c.program_lead.len(), 3);
    }

    #[test]
    fn and_list_reads() {
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
    }
}
