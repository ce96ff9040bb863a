//! The words of the demo's knowledge base: titles, sentences and list items with placeholders,
//! filled from a post's skill, a second skill, a "thing" of the skill's category (what people
//! in that field work on), the author's department and small numbers. Many short templates
//! combined at random read less repetitively than a few long ones.

/// What a template's placeholders stand for.
pub(super) struct Slots<'a> {
    pub skill: &'a str,
    pub other: &'a str,
    pub thing: &'a str,
    pub thing2: &'a str,
    pub dept: &'a str,
    pub n: u64,
    pub weeks: u64,
}

/// Appends `template` to `out`, replacing `{skill}`, `{other}`, `{thing}`, `{thing2}`, `{dept}`,
/// `{n}` and `{weeks}`; `{Thing}` is `{thing}` with a capital first letter.
pub(super) fn fill(out: &mut String, template: &str, s: &Slots) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return;
        };
        match &after[..close] {
            "skill" => out.push_str(s.skill),
            "other" => out.push_str(s.other),
            "thing" => out.push_str(s.thing),
            "Thing" => capitalized(out, s.thing),
            "thing2" => out.push_str(s.thing2),
            "dept" => out.push_str(s.dept),
            "n" => out.push_str(&s.n.to_string()),
            "weeks" => out.push_str(&s.weeks.to_string()),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
}

fn capitalized(out: &mut String, text: &str) {
    let mut chars = text.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// What people of a skill category work on, as noun phrases that fit "set up {thing} with X".
pub(super) fn things(category: &str) -> &'static [&'static str] {
    match category {
        "Programming languages" => &[
            "error handling",
            "dependency upgrades",
            "code style",
            "the build pipeline",
            "unit tests",
            "logging",
            "package releases",
            "legacy scripts",
        ],
        "Software engineering" => &[
            "code reviews",
            "feature flags",
            "API versioning",
            "the release train",
            "service boundaries",
            "flaky tests",
            "technical debt",
            "architecture decision records",
        ],
        "Frameworks & platforms" => &[
            "the design system components",
            "state management",
            "app start-up time",
            "framework upgrades",
            "server-side rendering",
            "offline support",
            "push notifications",
            "the mobile release process",
        ],
        "Databases & messaging" => &[
            "schema migrations",
            "slow queries",
            "backups and restores",
            "connection pooling",
            "event streams",
            "read replicas",
            "retention policies",
            "dead-letter queues",
        ],
        "Cloud & infrastructure" => &[
            "blue-green deployments",
            "cluster upgrades",
            "cost alerts",
            "staging environments",
            "on-call handovers",
            "disaster recovery drills",
            "log retention",
            "autoscaling",
            "secrets rotation",
        ],
        "Quality" => &[
            "regression suites",
            "test data",
            "release sign-off",
            "flaky end-to-end tests",
            "load tests before launches",
            "bug triage",
            "device coverage",
        ],
        "Security" => &[
            "access reviews",
            "dependency scanning",
            "phishing drills",
            "incident playbooks",
            "secrets management",
            "threat models",
            "audit evidence",
            "single sign-on",
        ],
        "Data & AI" => &[
            "data pipelines",
            "dashboards",
            "experiment analysis",
            "model monitoring",
            "data quality checks",
            "the metrics layer",
            "feature stores",
            "forecast reviews",
            "training data",
        ],
        "Product management" => &[
            "quarterly planning",
            "discovery interviews",
            "the roadmap",
            "launch checklists",
            "feature requests",
            "pricing changes",
            "success metrics",
            "beta programmes",
        ],
        "Design & research" => &[
            "usability studies",
            "design reviews",
            "research repositories",
            "prototypes",
            "accessibility audits",
            "design handoff",
            "the component library",
            "customer journey maps",
        ],
        "Sales" => &[
            "pipeline reviews",
            "discovery calls",
            "renewal forecasts",
            "enterprise deals",
            "proposal templates",
            "territory plans",
            "the hand-off to customer success",
        ],
        "Marketing" => &[
            "campaign reporting",
            "the content calendar",
            "webinars",
            "landing pages",
            "newsletter growth",
            "brand guidelines",
            "event follow-ups",
            "lead scoring",
        ],
        "Customer success" => &[
            "customer onboarding",
            "support escalations",
            "health scores",
            "quarterly business reviews",
            "the help centre",
            "churn reviews",
            "ticket backlogs",
        ],
        "Finance" => &[
            "payroll",
            "the month-end close",
            "budget reviews",
            "vendor invoices",
            "expense approvals",
            "quarterly forecasts",
            "audit preparation",
            "cash-flow reporting",
        ],
        "Legal & compliance" => &[
            "contract reviews",
            "data processing agreements",
            "policy updates",
            "supplier due diligence",
            "regulatory filings",
            "records of processing",
            "open-source approvals",
        ],
        "People & HR" => &[
            "onboarding",
            "performance reviews",
            "interview loops",
            "job descriptions",
            "engagement surveys",
            "promotion committees",
            "learning budgets",
            "exit interviews",
        ],
        "Operations" => &[
            "project kick-offs",
            "supplier reviews",
            "office moves",
            "process maps",
            "sprint planning",
            "status reporting",
            "business continuity tests",
            "team travel",
        ],
        "Sustainability & impact" => &[
            "carbon reporting",
            "volunteering days",
            "supplier assessments",
            "impact reports",
            "waste audits",
            "travel policies",
            "grant applications",
        ],
        "IT" => &[
            "laptop provisioning",
            "account offboarding",
            "software requests",
            "device updates",
            "the service desk queue",
            "licence renewals",
            "password resets",
        ],
        "Leadership & management" => &[
            "one-on-ones",
            "team rituals",
            "hiring plans",
            "difficult conversations",
            "team goals",
            "reorganizations",
            "delegation",
            "feedback cycles",
        ],
        "Communication" => &[
            "all-hands updates",
            "project write-ups",
            "meeting notes",
            "internal newsletters",
            "presentations to leadership",
            "workshop agendas",
            "handover notes",
        ],
        _ => &[
            "onboarding",
            "documentation",
            "team rituals",
            "handover notes",
            "planning",
        ],
    }
}

pub(super) const QUESTION_TITLES: &[&str] = &[
    "What is the best way to get started with {skill}?",
    "Who could review our {skill} approach before we roll it out?",
    "How do you keep {thing} under control as the team grows?",
    "Is there a checklist for {thing}?",
    "What slows {thing} down, and what helps?",
    "What should a new joiner in {dept} learn first about {skill}?",
    "Any recommended training for {skill}?",
    "How do other teams handle {thing}?",
    "Can {skill} help with {thing}, or is it overkill?",
    "How much time should we plan for {thing}?",
    "Where do we document decisions about {thing}?",
    "What are the pitfalls of {skill} for {thing}?",
    "How do we know whether our approach to {thing} is working?",
    "Is anyone in {dept} working on {thing} too?",
    "Where can I practise {skill} outside my day job?",
    "How did you get better at {skill}?",
];

/// Skills that are tools or technologies one can move work to, in these categories or by name.
const TOOL_CATEGORIES: &[&str] = &[
    "Programming languages",
    "Frameworks & platforms",
    "Databases & messaging",
    "Cloud & infrastructure",
    "IT",
];
const TOOL_NAMES: &[&str] = &[
    "Workday",
    "SAP",
    "NetSuite",
    "Salesforce",
    "HubSpot",
    "Zendesk",
    "Tableau",
    "Power BI",
    "Looker",
    "Snowflake",
    "BigQuery",
    "dbt",
    "Airflow",
    "Apache Spark",
    "Figma",
    "Playwright",
    "Jira administration",
    "Okta",
    "Pandas",
    "PyTorch",
    "scikit-learn",
    "Advanced Excel",
    "Git",
    "GraphQL",
    "gRPC",
    "Feature flags",
    "Webhooks",
    "Monorepo tooling",
    "Build systems",
];

/// Whether work can be moved to or set up with this skill ("migrating payroll to Workday").
pub(super) fn is_tool(skill: &str, category: &str) -> bool {
    TOOL_CATEGORIES.contains(&category) || TOOL_NAMES.contains(&skill)
}

/// Question titles for a skill that is a tool.
pub(super) const TOOL_QUESTION_TITLES: &[&str] = &[
    "How do we set up {thing} with {skill}?",
    "Has anyone used {skill} for {thing}?",
    "{skill} or {other} for {thing}: which one should we pick?",
    "How do we move {thing} from spreadsheets to {skill}?",
    "Is {skill} a good fit for {thing}?",
    "What is a sensible first {skill} setup for {thing}?",
];

/// Lesson titles for a skill that is a tool.
pub(super) const TOOL_LESSON_TITLES: &[&str] = &[
    "What we learned migrating {thing} to {skill}",
    "We tried {skill} for {thing}: an honest write-up",
    "Moving {thing} to {skill}: six months on",
    "{skill} in production: what surprised us",
];

pub(super) const ARTICLE_TITLES: &[&str] = &[
    "A practical introduction to {skill}",
    "How the {dept} team works with {skill}",
    "Ten things I wish I had known about {skill}",
    "Getting {thing} right with {skill}",
    "{skill} and {other}: how they fit together",
    "A tour of {thing} in {dept}",
    "From zero to useful: {skill} in a week",
    "Why we changed how we do {thing}",
    "{Thing}, explained for people outside {dept}",
    "Notes from our {skill} reading group",
    "What good looks like for {thing}",
    "Demystifying {skill}",
];

pub(super) const BEST_PRACTICE_TITLES: &[&str] = &[
    "Best practices for {thing}",
    "Our checklist for {skill} reviews",
    "{skill}: the conventions we agreed on",
    "Five rules for {thing}",
    "How to run {thing} without the stress",
    "{skill} do's and don'ts",
    "A short guide to {thing} with {skill}",
    "The {dept} playbook for {thing}",
    "Keeping {thing} simple: what works for us",
    "Before you start with {skill}: a checklist",
];

pub(super) const LESSON_TITLES: &[&str] = &[
    "Post-incident review: {thing} and what we changed",
    "Lessons from a year of {skill} in {dept}",
    "Three mistakes we made with {thing}",
    "What went wrong with {thing}, and how we fixed it",
    "Retrospective: how we reorganized {thing}",
    "What {dept} learned about {skill} the hard way",
    "What {n} months of {thing} taught us",
    "The {thing} project: what we would do differently",
];

pub(super) const RESOURCE_TITLES: &[&str] = &[
    "Reading list: {skill}",
    "Templates for {thing}",
    "Recorded talk: {skill} in practice",
    "Useful links for {skill} beginners",
    "Cheat sheet: {skill}",
    "Slides from our {thing} workshop",
    "{skill} course notes and exercises",
    "Starter kit for {thing}",
];

/// How a post opens: who is writing and why.
pub(super) const OPENERS: &[&str] = &[
    "In {dept} we have been working on {thing} for the last {weeks} weeks.",
    "Our team started using {skill} this quarter, mostly for {thing}.",
    "I have been asked to take over {thing} from a colleague who moved teams.",
    "We are a small group in {dept}, and more of our time goes into {thing} every month.",
    "A few people asked me about {skill} after last week's show-and-tell, so here it is in writing.",
    "This comes out of {n} conversations with people across {dept} about {thing}.",
    "Until recently {thing} lived in a shared spreadsheet and a lot of memory.",
    "We moved {thing} to {skill} about {n} months ago.",
    "I am fairly new to {skill} and would like to avoid the usual traps.",
    "Every team seems to do {thing} differently, and newcomers notice.",
    "When I joined {dept}, nobody could tell me who owned {thing}.",
    "We run {thing} for {n} teams now, up from two last year.",
    "Our last planning session named {thing} as a bottleneck.",
    "This is a write-up of what we agreed in the {skill} working session.",
];

/// The situation or the problem, one sentence each.
pub(super) const SITUATIONS: &[&str] = &[
    "Most of the effort goes into chasing people for inputs rather than the work itself.",
    "The current setup works, but only two people really understand it.",
    "Each change to {thing} needs a review from {dept}, and the queue keeps growing.",
    "We tried to combine {skill} with {other} and ended up with two sources of truth.",
    "The documentation we have is out of date, and the newest page is from last year.",
    "Small mistakes in {thing} are only found weeks later, when they are expensive to fix.",
    "We would like something a new joiner can follow without asking around.",
    "The process is different in every office, which makes handovers painful.",
    "Nobody is against changing it; we just do not know where to start.",
    "We need to be ready before the next audit, which is in about {weeks} weeks.",
    "Leadership wants a clearer picture of {thing} each month.",
    "Half of the team is remote, so the hallway conversations that used to fix this are gone.",
    "It takes roughly {n} hours a week that we would rather spend on {thing2}.",
    "The tooling is fine; the habits around it are what need work.",
];

/// Things tried, or steps taken, as list items.
pub(super) const STEPS: &[&str] = &[
    "wrote down the current process, step by step, with owners",
    "asked {n} teams how they handle {thing}",
    "set up a small pilot with {skill} in one team",
    "added a checklist to the template everyone starts from",
    "moved the discussion out of e-mail into one shared channel",
    "ran a one-hour workshop to agree on the vocabulary",
    "picked one metric to watch instead of ten",
    "automated the most boring part with {other}",
    "booked a fortnightly review with {dept}",
    "recorded a short walkthrough video for newcomers",
    "deleted the steps nobody could justify",
    "paired a newcomer with someone experienced in {skill}",
    "kept a log of every problem for {weeks} weeks",
    "compared notes with the {skill} community of practice",
    "made one person accountable for {thing} each week",
];

/// Advice, as list items or short paragraphs.
pub(super) const ADVICE: &[&str] = &[
    "Start small: one team, one process, a clear end date for the trial.",
    "Write the why before the how; people follow rules they understand.",
    "Keep {thing} in one place, and link to it from everywhere else.",
    "Agree on who decides, and write their name down.",
    "Review {thing} on a fixed rhythm rather than when something breaks.",
    "Make the safe way the easy way: templates, defaults, automation with {skill}.",
    "Measure before and after, even roughly; it ends most debates.",
    "Ask someone outside {dept} to try your instructions. Where they stumble, rewrite.",
    "Do not automate a process you have not run by hand a few times.",
    "Plan for handovers from day one: holidays and new jobs happen.",
    "Treat {thing} like a product with users, not like a chore.",
    "Keep the checklist short. Ten items get read; forty get skipped.",
    "Share failures as openly as successes; that is where the learning is.",
    "Pair {skill} with {other} only when the team is comfortable with both.",
    "Timebox the first version to {weeks} weeks and ship it, rough edges included.",
    "Name an owner for every recurring task, and a backup.",
    "Put examples next to the rules; most people copy the example.",
    "Retire old documents explicitly, with a note pointing to the new one.",
    "Check in with the people affected before the change, not after.",
    "Celebrate the boring wins: a quiet month means the process works.",
];

/// What went wrong or right, for lessons learned.
pub(super) const LESSONS: &[&str] = &[
    "We underestimated how much of the old process lived in people's heads.",
    "The migration itself took {weeks} weeks; agreeing on the new way of working took longer.",
    "Running the old and the new setup side by side for a month saved us twice.",
    "The first plan assumed everyone had time for training. Nobody did.",
    "Our estimate was off by a factor of {n}, mostly because of data clean-up.",
    "Small, frequent check-ins with {dept} worked better than one big review at the end.",
    "We should have involved the people doing {thing} every day much earlier.",
    "{skill} solved the problem we had, and exposed two we did not know about.",
    "Writing the rollback plan first made the go-live much calmer.",
    "The dashboards only became useful after we cut them down to three numbers.",
    "Rules that nobody enforced were ignored within a month.",
    "A single owner made decisions quicker than any committee.",
    "Documenting as we went cost little; reconstructing it afterwards would have cost a lot.",
    "The hardest part was not technical: it was changing habits.",
];

/// Closing sentences of a question.
pub(super) const ASKS: &[&str] = &[
    "How do you handle this in your team?",
    "Any pointers, templates or people I should talk to?",
    "What would you do differently if you started today?",
    "Is there an internal guide I have missed?",
    "Happy to share what we end up with.",
    "Grateful for any advice, even partial.",
    "Has someone already solved this in another department?",
    "Which of these would you try first?",
];

/// Closing sentences of an article, practice or lesson.
pub(super) const CLOSINGS: &[&str] = &[
    "Questions and corrections are welcome in the comments.",
    "If you try this in your team, tell us how it went.",
    "Thanks to everyone in {dept} who reviewed a draft of this.",
    "We will update this page as we learn more.",
    "Ping me if you want to pair on {skill} for an hour.",
    "The templates are linked below; copy them freely.",
    "None of this is final: it is what works for us today.",
    "Next quarter we want to look at {thing2} the same way.",
];

pub(super) const HEADINGS: &[&str] = &[
    "## What we do",
    "## How it works",
    "## The short version",
    "## In practice",
    "## Step by step",
    "## What to watch for",
];

pub(super) const LESSON_HEADINGS: &[(&str, &str)] = &[
    ("## What happened", "## What we learned"),
    ("## Context", "## Lessons"),
    ("## Background", "## What we would do again (and what not)"),
    ("## The project", "## Takeaways"),
];

/// Resource lines: a link and what it is. Links point inside the demo's own (fictional) domain.
pub(super) const LINKS: &[&str] = &[
    "[{skill} handbook](https://wiki.northwind.example/handbook) - the internal guide, kept up to date by {dept}",
    "[Template for {thing}](https://wiki.northwind.example/templates) - copy it, do not edit the original",
    "[Recording of the {skill} session](https://video.northwind.example/sessions) - {n} minutes, with slides",
    "[Checklist for {thing}](https://wiki.northwind.example/checklists) - printable, one page",
    "[Glossary](https://wiki.northwind.example/glossary) - the terms {dept} uses for {thing}",
    "[Exercises](https://learn.northwind.example/{n}) - beginner to advanced, about {weeks} hours in total",
    "[Office hours calendar](https://calendar.northwind.example/office-hours) - ask an expert in {skill}",
    "[Worked example](https://wiki.northwind.example/examples) - {thing} from start to finish",
];

/// How an answer opens.
pub(super) const ANSWER_OPENERS: &[&str] = &[
    "We had the same problem in {dept} last year.",
    "Short answer: yes, {skill} works well for this, with a few caveats.",
    "I would start by writing down who owns {thing} today.",
    "It depends on the size of the team, but here is what worked for us.",
    "Two things made the difference for us.",
    "Good question; we went back and forth on this for weeks.",
    "I run {thing} for my team, happy to share our setup.",
    "Not a full answer, but some pointers.",
    "We tried {other} first and switched to {skill} after {n} months.",
    "Have a look at what the {skill} community of practice wrote on this.",
    "From the {dept} side, this is how it looks.",
    "I would not change tools yet; the process is the bigger lever.",
];

pub(super) const ANSWER_CLOSINGS: &[&str] = &[
    "Happy to walk you through it on a call.",
    "Let me know if you want our template.",
    "Hope that helps.",
    "It took us about {weeks} weeks to settle in, so be patient.",
    "Ping me on Thursday, I have office hours.",
    "If it does not work for you, I would like to hear why.",
    "",
];

pub(super) const COMMENTS: &[&str] = &[
    "Thanks, this is really useful.",
    "Bookmarked for our next planning session.",
    "Could you share the template you mention?",
    "We do something similar in {dept}, happy to compare notes.",
    "Does this still hold with {other}?",
    "Great write-up. The part about ownership rings true.",
    "I tried this last week; step two needed a small change for us.",
    "+1, we hit exactly this.",
    "Is there a recording somewhere?",
    "How long did the whole thing take you?",
    "Sharing this with my team.",
    "Small correction: the link in the last paragraph points to the old page.",
    "Would you present this at the next {skill} meetup?",
    "This matches what we learned with {thing}.",
    "Clear and practical, thank you.",
];

/// Rare words, so a search benchmark has a needle: each appears in about one post in 500.
pub(super) const RARE: &[&str] = &[
    "Someone suggested a zettelkasten for our notes; it has been surprisingly helpful.",
    "Think of it as kintsugi: the repaired crack becomes part of the story.",
    "We borrowed the idea of a hansei session, a quiet look back without blame.",
];

/// What revisions say they changed.
pub(super) const REVISION_NOTES: &[&str] = &[
    "Fixed typos",
    "Added an example",
    "Clarified the steps",
    "Updated the links",
    "Added a section on what to watch for",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_known_slot_and_keeps_unknown_ones() {
        let slots = Slots {
            skill: "Kubernetes",
            other: "Helm",
            thing: "blue-green deployments",
            thing2: "autoscaling",
            dept: "Engineering",
            n: 3,
            weeks: 6,
        };
        let mut out = String::new();
        fill(
            &mut out,
            "{Thing} with {skill} in {dept} ({n}/{weeks}) {x}",
            &slots,
        );
        assert_eq!(
            out,
            "Blue-green deployments with Kubernetes in Engineering (3/6) {x}"
        );
    }
}
