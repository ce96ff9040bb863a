//! The directory's in-memory index: every active member's card, the words search finds them by
//! and the facts the filters test, held as sets of positions in name order so that a directory
//! page is a few bitset operations instead of SQL.
//!
//! An index is built in one pass from the members' documents (the "base"), then patched member
//! by member: a changed member is masked out of the base and kept aside whole until the next
//! build. Pure: documents in, pages out; [`super::service::LiveDirectory`] keeps it in step
//! with the database.

use std::borrow::Cow;
use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;
use std::sync::Arc;

use super::model::{DirectoryFilter, MemberCard, Mentoring};
use crate::db::dialect::{fold, folded_words, for_each_word};

/// What the directory needs to know about one member, as stored.
#[derive(Clone, Debug)]
pub struct MemberDoc {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub department: Option<(i64, Arc<str>)>,
    pub location: String,
    pub mentoring: Mentoring,
    /// Shares their profile with connections only: findable by name, title and department,
    /// never by their skills, languages, location or the text about them.
    pub restricted: bool,
    pub active: bool,
    pub created_at: i64,
    /// (skill id, level, skill name)
    pub skills: Vec<(i64, i64, Arc<str>)>,
    pub languages: Vec<String>,
    /// Bio, interests and goals: searched, never shown in the directory.
    pub about: String,
}

impl MemberDoc {
    /// The text search matches for this member (see the SQL search document in
    /// [`super::store::refresh_search`], which holds the same).
    fn searchable_text(&self) -> String {
        let mut text = String::new();
        self.write_searchable_text(&mut text);
        text
    }

    fn write_searchable_text(&self, text: &mut String) {
        text.push_str(&self.name);
        text.push('\n');
        text.push_str(&self.title);
        text.push('\n');
        if let Some((_, d)) = &self.department {
            text.push_str(d);
        }
        if !self.restricted {
            text.push('\n');
            text.push_str(&self.location);
            for (_, _, s) in &self.skills {
                text.push('\n');
                text.push_str(s);
            }
            text.push('\n');
            text.push_str(&self.about);
        }
    }
}

/// A member's card and sort keys, as the index keeps them.
#[derive(Debug)]
struct Entry {
    id: i64,
    name: Box<str>,
    /// The name accent-folded and lower-cased: the directory sorts "Ávila" with "avila".
    sort_name: Box<str>,
    title: Box<str>,
    department: Option<Arc<str>>,
    /// Empty for a restricted profile.
    location: Box<str>,
    mentoring: Mentoring,
    restricted: bool,
    created_at: i64,
    top_skills: Box<[Arc<str>]>,
}

impl Entry {
    fn new(doc: &MemberDoc) -> Entry {
        let top_skills = if doc.restricted {
            Box::default()
        } else {
            let mut skills: Vec<&(i64, i64, Arc<str>)> = doc.skills.iter().collect();
            skills.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.2.cmp(&b.2)));
            skills.iter().take(4).map(|s| s.2.clone()).collect()
        };
        Entry {
            id: doc.id,
            name: doc.name.as_str().into(),
            sort_name: fold(&doc.name).into(),
            title: doc.title.as_str().into(),
            department: doc.department.as_ref().map(|(_, d)| d.clone()),
            location: if doc.restricted {
                Box::default()
            } else {
                doc.location.as_str().into()
            },
            // Whether a connections-only member mentors is theirs to show on their profile.
            mentoring: if doc.restricted {
                Mentoring::None
            } else {
                doc.mentoring
            },
            restricted: doc.restricted,
            created_at: doc.created_at,
            top_skills,
        }
    }

    fn card(&self) -> MemberCard {
        MemberCard {
            id: self.id,
            name: self.name.to_string(),
            title: self.title.to_string(),
            department: self.department.as_deref().map(str::to_string),
            location: self.location.to_string(),
            mentoring: self.mentoring,
            top_skills: self.top_skills.iter().map(|s| s.to_string()).collect(),
            restricted: self.restricted,
        }
    }

    fn cmp_by(&self, other: &Entry, newest_first: bool) -> Ordering {
        if newest_first {
            (Reverse(self.created_at), Reverse(self.id))
                .cmp(&(Reverse(other.created_at), Reverse(other.id)))
        } else {
            (&self.sort_name, &self.name, self.id).cmp(&(&other.sort_name, &other.name, other.id))
        }
    }
}

/// A member changed since the base was built, with what the filters test.
#[derive(Debug)]
struct Patched {
    entry: Entry,
    /// Sorted, without duplicates.
    words: Vec<Box<str>>,
    department_id: Option<i64>,
    /// The rest is what only an organization-wide profile is filtered by.
    location: String,
    skills: Vec<(i64, i64)>,
    languages: Vec<String>,
}

impl Patched {
    fn new(doc: &MemberDoc) -> Patched {
        let mut words: Vec<Box<str>> = Vec::new();
        for_each_word(&doc.searchable_text(), |w| words.push(w.into()));
        words.sort_unstable();
        words.dedup();
        Patched {
            entry: Entry::new(doc),
            words,
            department_id: doc.department.as_ref().map(|d| d.0),
            location: doc.location.clone(),
            skills: doc.skills.iter().map(|s| (s.0, s.1)).collect(),
            languages: doc.languages.clone(),
        }
    }

    fn matches(&self, f: &DirectoryFilter) -> bool {
        let open = !self.entry.restricted;
        f.words.iter().all(|q| {
            let i = self.words.partition_point(|w| w.as_ref() < q.as_str());
            self.words.get(i).is_some_and(|w| w.starts_with(q.as_str()))
        }) && f
            .department_id
            .is_none_or(|d| self.department_id == Some(d))
            && f.skill_id.is_none_or(|s| {
                open && self
                    .skills
                    .iter()
                    .any(|&(id, level)| id == s && level >= f.min_level)
            })
            && f.language
                .as_ref()
                .is_none_or(|l| open && self.languages.contains(l))
            && f.location
                .as_ref()
                .is_none_or(|l| open && &self.location == l)
            && (!f.can_mentor || self.entry.mentoring.can_mentor())
    }
}

/// A set of positions 0..n, one bit each.
#[derive(Clone, Debug, PartialEq)]
struct Bits(Vec<u64>);

impl Bits {
    fn zeros(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }

    fn ones(n: usize) -> Bits {
        let mut words = vec![u64::MAX; n.div_ceil(64)];
        if let Some(last) = words.last_mut()
            && !n.is_multiple_of(64)
        {
            *last = (1u64 << (n % 64)) - 1;
        }
        Bits(words)
    }

    fn set(&mut self, p: u32) {
        self.0[p as usize / 64] |= 1 << (p % 64);
    }

    fn get(&self, p: u32) -> bool {
        self.0[p as usize / 64] & (1 << (p % 64)) != 0
    }

    fn and(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= b);
    }

    fn and_not(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= !b);
    }

    fn or(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a |= b);
    }

    fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }

    /// The positions in the set from the `skip`-th on, in order.
    fn iter_from(&self, mut skip: usize) -> impl Iterator<Item = u32> + '_ {
        let mut start = self.0.len();
        for (i, w) in self.0.iter().enumerate() {
            let n = w.count_ones() as usize;
            if skip < n {
                start = i;
                break;
            }
            skip -= n;
        }
        let first = self.0.get(start).map_or(0, |&w| {
            let mut w = w;
            for _ in 0..skip {
                w &= w - 1;
            }
            w
        });
        std::iter::once(first)
            .chain(self.0.iter().skip(start + 1).copied())
            .zip(start..)
            .flat_map(|(mut w, i)| {
                std::iter::from_fn(move || {
                    (w != 0).then(|| {
                        let bit = w.trailing_zeros();
                        w &= w - 1;
                        (i * 64) as u32 + bit
                    })
                })
            })
    }
}

/// Positions holding one word, skill level, language, ...: a sorted list, or a bitset when
/// that is smaller.
#[derive(Debug)]
enum Postings {
    List(Vec<u32>),
    Bits(Bits),
}

impl Postings {
    fn new(list: Vec<u32>, n: usize) -> Postings {
        if list.len() * 32 >= n {
            let mut bits = Bits::zeros(n);
            list.iter().for_each(|&p| bits.set(p));
            Postings::Bits(bits)
        } else {
            Postings::List(list)
        }
    }

    fn len(&self) -> usize {
        match self {
            Postings::List(l) => l.len(),
            Postings::Bits(b) => b.count(),
        }
    }

    fn add_to(&self, out: &mut Bits) {
        match self {
            Postings::List(l) => l.iter().for_each(|&p| out.set(p)),
            Postings::Bits(b) => out.or(b),
        }
    }
}

/// Keeps in `acc` only the positions in `postings` (none if there are no postings).
fn keep_only(acc: &mut Bits, postings: Option<&Postings>) {
    match postings {
        None => acc.0.iter_mut().for_each(|w| *w = 0),
        Some(Postings::Bits(b)) => acc.and(b),
        Some(Postings::List(l)) => {
            let mut kept = Bits::zeros(acc.0.len() * 64);
            l.iter().filter(|&&p| acc.get(p)).for_each(|&p| kept.set(p));
            *acc = kept;
        }
    }
}

/// Builds postings from (key, position) pairs pushed in position order.
struct PostingsBuilder<K>(foldhash::HashMap<K, Vec<u32>>);

impl<K: std::hash::Hash + Eq> PostingsBuilder<K> {
    fn new() -> Self {
        PostingsBuilder(Default::default())
    }

    fn push(&mut self, key: K, p: u32) {
        self.0.entry(key).or_default().push(p);
    }

    fn finish<T: From<K> + std::hash::Hash + Eq>(self, n: usize) -> HashMap<T, Postings> {
        self.0
            .into_iter()
            .map(|(k, list)| (T::from(k), Postings::new(list, n)))
            .collect()
    }
}

/// Word prefixes of this many characters or fewer, matched by many members, have their union
/// precomputed: "a" would otherwise merge the postings of thousands of words, "eng" of 40,000
/// members.
const SHORT_PREFIX: usize = 3;

/// The index of all members active when it was built.
#[derive(Debug)]
struct Base {
    /// In name order: a member's position is their index here.
    entries: Vec<Entry>,
    positions: HashMap<i64, u32>,
    /// Positions, newest member first.
    newest: Vec<u32>,
    /// Every word of every member's searchable text, sorted, with its postings.
    words: Vec<Box<str>>,
    word_postings: Vec<Postings>,
    short_prefixes: HashMap<Box<str>, Bits>,
    departments: HashMap<i64, Postings>,
    /// For each skill, its holders at levels 1 to 5 (organization-wide profiles only, as for
    /// languages and locations).
    skills: HashMap<i64, [Option<Postings>; 5]>,
    languages: HashMap<String, Postings>,
    locations: HashMap<String, Postings>,
    mentors: Postings,
}

impl Base {
    fn build(docs: &[MemberDoc]) -> Base {
        let mut members: Vec<(Entry, &MemberDoc)> = docs
            .iter()
            .filter(|d| d.active)
            .map(|d| (Entry::new(d), d))
            .collect();
        members.sort_by(|a, b| a.0.cmp_by(&b.0, false));
        let (entries, docs): (Vec<Entry>, Vec<&MemberDoc>) = members.into_iter().unzip();
        let n = entries.len();

        let mut vocabulary: foldhash::HashMap<Box<str>, u32> = Default::default();
        let mut word_lists: Vec<Vec<u32>> = Vec::new();
        let mut departments = PostingsBuilder::new();
        let mut skill_levels = PostingsBuilder::new();
        let mut languages = PostingsBuilder::new();
        let mut locations = PostingsBuilder::new();
        let mut mentors = Vec::new();
        let mut text = String::new();
        let mut doc_words: Vec<u32> = Vec::new();
        for (p, doc) in docs.iter().enumerate() {
            let p = p as u32;
            text.clear();
            doc.write_searchable_text(&mut text);
            doc_words.clear();
            for w in folded_words(&fold(&text)) {
                doc_words.push(match vocabulary.get(w) {
                    Some(&id) => id,
                    None => {
                        vocabulary.insert(w.into(), word_lists.len() as u32);
                        word_lists.push(Vec::new());
                        word_lists.len() as u32 - 1
                    }
                });
            }
            doc_words.sort_unstable();
            doc_words.dedup();
            for &id in &doc_words {
                word_lists[id as usize].push(p);
            }
            if let Some((d, _)) = &doc.department {
                departments.push(*d, p);
            }
            if doc.mentoring.can_mentor() && !doc.restricted {
                mentors.push(p);
            }
            if !doc.restricted {
                for &(skill, level, _) in &doc.skills {
                    skill_levels.push((skill, level.clamp(1, 5)), p);
                }
                for l in &doc.languages {
                    languages.push(l.as_str(), p);
                }
                if !doc.location.is_empty() {
                    locations.push(doc.location.as_str(), p);
                }
            }
        }

        let mut vocabulary: Vec<(Box<str>, u32)> = vocabulary.into_iter().collect();
        vocabulary.sort_unstable();
        let mut word_lists: Vec<Option<Vec<u32>>> = word_lists.into_iter().map(Some).collect();
        let (words, word_postings): (Vec<Box<str>>, Vec<Postings>) = vocabulary
            .into_iter()
            .map(|(w, id)| {
                let list = word_lists[id as usize].take().unwrap_or_default();
                (w, Postings::new(list, n))
            })
            .unzip();
        let short_prefixes = short_prefixes(&words, &word_postings, n);

        let mut skills: HashMap<i64, [Option<Postings>; 5]> = HashMap::new();
        for ((skill, level), postings) in skill_levels.finish(n) {
            skills.entry(skill).or_default()[level as usize - 1] = Some(postings);
        }
        let mut newest: Vec<u32> = (0..n as u32).collect();
        newest.sort_by(|&a, &b| entries[a as usize].cmp_by(&entries[b as usize], true));
        Base {
            positions: entries
                .iter()
                .enumerate()
                .map(|(p, e)| (e.id, p as u32))
                .collect(),
            entries,
            newest,
            words,
            word_postings,
            short_prefixes,
            departments: departments.finish(n),
            skills,
            languages: languages.finish(n),
            locations: locations.finish(n),
            mentors: Postings::new(mentors, n),
        }
    }

    /// The members with a word starting with `prefix`.
    fn with_prefix(&self, prefix: &str) -> Cow<'_, Bits> {
        if let Some(bits) = self.short_prefixes.get(prefix) {
            return Cow::Borrowed(bits);
        }
        let mut bits = Bits::zeros(self.entries.len());
        let start = self.words.partition_point(|w| w.as_ref() < prefix);
        for (w, postings) in self.words[start..].iter().zip(&self.word_postings[start..]) {
            if !w.starts_with(prefix) {
                break;
            }
            postings.add_to(&mut bits);
        }
        Cow::Owned(bits)
    }

    /// The members matching every filter, as a set of positions (before masking).
    fn matching(&self, f: &DirectoryFilter) -> Bits {
        let n = self.entries.len();
        let mut acc = Bits::ones(n);
        for w in &f.words {
            acc.and(&self.with_prefix(w));
        }
        if let Some(d) = f.department_id {
            keep_only(&mut acc, self.departments.get(&d));
        }
        if let Some(skill) = f.skill_id {
            let mut holders = Bits::zeros(n);
            if let Some(levels) = self.skills.get(&skill) {
                let from = f.min_level.clamp(1, 5) as usize - 1;
                levels[from..]
                    .iter()
                    .flatten()
                    .for_each(|p| p.add_to(&mut holders));
            }
            acc.and(&holders);
        }
        if let Some(l) = &f.language {
            keep_only(&mut acc, self.languages.get(l));
        }
        if let Some(l) = &f.location {
            keep_only(&mut acc, self.locations.get(l));
        }
        if f.can_mentor {
            keep_only(&mut acc, Some(&self.mentors));
        }
        acc
    }
}

/// Unions of the postings of every word starting with each prefix of up to [`SHORT_PREFIX`]
/// characters, for the prefixes whose words hold more than n / 4 postings in all.
fn short_prefixes(words: &[Box<str>], postings: &[Postings], n: usize) -> HashMap<Box<str>, Bits> {
    let mut out = HashMap::new();
    for chars in 1..=SHORT_PREFIX {
        let mut i = 0;
        while i < words.len() {
            let Some((end, _)) = words[i].char_indices().nth(chars - 1) else {
                i += 1;
                continue;
            };
            let end = end + words[i][end..].chars().next().map_or(0, char::len_utf8);
            let prefix = &words[i][..end];
            let j = i + words[i..].partition_point(|w| w.starts_with(prefix));
            let total: usize = postings[i..j].iter().map(Postings::len).sum();
            if total > n / 4 {
                let mut bits = Bits::zeros(n);
                postings[i..j].iter().for_each(|p| p.add_to(&mut bits));
                out.insert(prefix.into(), bits);
            }
            i = j;
        }
    }
    out
}

/// A directory index at one version of the database.
#[derive(Debug)]
pub struct DirectoryIndex {
    /// The database's directory version this index shows.
    pub version: i64,
    base: Arc<Base>,
    /// The taxonomy's names and synonyms when the base was built (renames and merges make a
    /// new index), so that a skill filter needs no query.
    skill_keys: Arc<HashMap<String, i64>>,
    /// Members changed since the base was built; None for one no longer listed.
    patched: HashMap<i64, Option<Arc<Patched>>>,
    /// Base positions of the patched members.
    masked: Bits,
}

impl DirectoryIndex {
    pub fn build(version: i64, docs: &[MemberDoc]) -> DirectoryIndex {
        let base = Base::build(docs);
        let masked = Bits::zeros(base.entries.len());
        DirectoryIndex {
            version,
            base: Arc::new(base),
            skill_keys: Arc::default(),
            patched: HashMap::new(),
            masked,
        }
    }

    /// This index knowing the taxonomy: skill name keys (synonyms too) to skill ids.
    pub fn with_skill_keys(mut self, keys: HashMap<String, i64>) -> DirectoryIndex {
        self.skill_keys = Arc::new(keys);
        self
    }

    /// The skill a name key meant when the index was built (None: ask the database, the skill
    /// may be newer).
    pub fn skill_id(&self, name_key: &str) -> Option<i64> {
        self.skill_keys.get(name_key).copied()
    }

    /// This index with `docs` (every member changed up to `version`) replacing what it held
    /// about them.
    pub fn patch(&self, version: i64, docs: &[MemberDoc]) -> DirectoryIndex {
        let mut patched = self.patched.clone();
        let mut masked = self.masked.clone();
        for doc in docs {
            if let Some(&p) = self.base.positions.get(&doc.id) {
                masked.set(p);
            }
            patched.insert(doc.id, doc.active.then(|| Arc::new(Patched::new(doc))));
        }
        DirectoryIndex {
            version,
            base: self.base.clone(),
            skill_keys: self.skill_keys.clone(),
            patched,
            masked,
        }
    }

    /// How many members are listed.
    pub fn members(&self) -> usize {
        self.base.entries.len() - self.masked.count() + self.patched.values().flatten().count()
    }

    /// How many members were patched in since the base was built.
    pub fn patched_members(&self) -> usize {
        self.patched.len()
    }

    /// The page of members matching `f`, and how many match in all.
    pub fn search(&self, f: &DirectoryFilter) -> (Vec<MemberCard>, usize) {
        let base = &self.base;
        let mut matching = base.matching(f);
        if !self.patched.is_empty() {
            matching.and_not(&self.masked);
        }
        let mut others: Vec<&Entry> = self
            .patched
            .values()
            .flatten()
            .filter(|p| p.matches(f))
            .map(|p| &p.entry)
            .collect();
        others.sort_by(|a, b| a.cmp_by(b, f.newest_first));
        let total = matching.count() + others.len();

        let offset = ((f.page - 1) * f.per_page).max(0) as usize;
        let limit = f.per_page.max(0) as usize;
        let mut cards = Vec::with_capacity(limit);
        if offset >= total || limit == 0 || matching.is_empty() && others.is_empty() {
            return (cards, total);
        }
        // Merge the base's matches, in order, with the patched members' matches.
        let mut skip = offset;
        let mut from_base: Box<dyn Iterator<Item = u32> + '_> = if f.newest_first {
            Box::new(base.newest.iter().copied().filter(|&p| matching.get(p)))
        } else if others.is_empty() {
            let start = skip;
            skip = 0;
            Box::new(matching.iter_from(start))
        } else {
            Box::new(matching.iter_from(0))
        };
        let mut others = others.into_iter().peekable();
        let mut next_base = from_base.next().map(|p| &base.entries[p as usize]);
        while cards.len() < limit {
            let entry = match (next_base, others.peek().copied()) {
                (Some(b), Some(o)) if o.cmp_by(b, f.newest_first) == Ordering::Less => {
                    others.next()
                }
                (Some(b), _) => {
                    next_base = from_base.next().map(|p| &base.entries[p as usize]);
                    Some(b)
                }
                (None, _) => others.next(),
            };
            let Some(entry) = entry else { break };
            if skip > 0 {
                skip -= 1;
            } else {
                cards.push(entry.card());
            }
        }
        (cards, total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn doc(id: i64, name: &str) -> MemberDoc {
        MemberDoc {
            id,
            name: name.into(),
            title: String::new(),
            department: None,
            location: String::new(),
            mentoring: Mentoring::None,
            restricted: false,
            active: true,
            created_at: id,
            skills: Vec::new(),
            languages: Vec::new(),
            about: String::new(),
        }
    }

    fn filter() -> DirectoryFilter {
        DirectoryFilter {
            min_level: 1,
            page: 1,
            per_page: 20,
            ..Default::default()
        }
    }

    fn names(cards: &[MemberCard]) -> Vec<&str> {
        cards.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn bits_iterate_from_any_rank() {
        let mut b = Bits::zeros(200);
        for p in [0, 3, 63, 64, 65, 130, 199] {
            b.set(p);
        }
        assert_eq!(b.count(), 7);
        assert_eq!(
            b.iter_from(0).collect::<Vec<_>>(),
            [0, 3, 63, 64, 65, 130, 199]
        );
        assert_eq!(b.iter_from(3).collect::<Vec<_>>(), [64, 65, 130, 199]);
        assert_eq!(b.iter_from(6).collect::<Vec<_>>(), [199]);
        assert_eq!(b.iter_from(7).count(), 0);
        assert_eq!(Bits::ones(70).count(), 70);
    }

    #[test]
    fn search_matches_word_prefixes_with_accents_folded() {
        let mut dana = doc(1, "Dana Ávila");
        dana.title = "Financial analyst".into();
        let mut ana = doc(2, "Ana Silva");
        ana.location = "Lisbon".into();
        let index = DirectoryIndex::build(1, &[dana, ana, doc(3, "Bruno Costa")]);
        let search = |q: &str| {
            let f = DirectoryFilter {
                words: crate::db::dialect::search_words(q),
                ..filter()
            };
            names(&index.search(&f).0)
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>()
        };
        assert_eq!(search("avila"), ["Dana Ávila"]);
        assert_eq!(search("ÁVI fin"), ["Dana Ávila"]);
        assert_eq!(search("ana lis"), ["Ana Silva"]);
        assert_eq!(search("a"), ["Ana Silva", "Dana Ávila"]);
        assert!(search("ana x").is_empty());
    }

    #[test]
    fn a_restricted_profile_is_found_by_name_title_and_department_only() {
        let mut ana = doc(1, "Ana Silva");
        ana.restricted = true;
        ana.title = "Engineer".into();
        ana.department = Some((7, "Finance".into()));
        ana.location = "Porto".into();
        ana.languages = vec!["Portuguese".into()];
        ana.skills = vec![(3, 5, "Rust".into())];
        ana.about = "xylophone".into();
        ana.mentoring = Mentoring::Mentor;
        for index in [
            DirectoryIndex::build(1, std::slice::from_ref(&ana)),
            DirectoryIndex::build(1, &[]).patch(2, std::slice::from_ref(&ana)),
        ] {
            let count = |f: DirectoryFilter| index.search(&f).1;
            let words = |q: &str| DirectoryFilter {
                words: crate::db::dialect::search_words(q),
                ..filter()
            };
            assert_eq!(count(words("ana eng fin")), 1);
            for hidden in ["xylo", "rust", "porto"] {
                assert_eq!(count(words(hidden)), 0, "{hidden}");
            }
            assert_eq!(
                count(DirectoryFilter {
                    skill_id: Some(3),
                    ..filter()
                }),
                0
            );
            assert_eq!(
                count(DirectoryFilter {
                    language: Some("Portuguese".into()),
                    ..filter()
                }),
                0
            );
            assert_eq!(
                count(DirectoryFilter {
                    location: Some("Porto".into()),
                    ..filter()
                }),
                0
            );
            assert_eq!(
                count(DirectoryFilter {
                    department_id: Some(7),
                    ..filter()
                }),
                1
            );
            assert_eq!(
                count(DirectoryFilter {
                    can_mentor: true,
                    ..filter()
                }),
                0,
                "whether a connections-only member mentors is not the directory's to tell"
            );
            let (cards, _) = index.search(&filter());
            assert!(cards[0].restricted && cards[0].location.is_empty());
            assert_eq!(cards[0].mentoring, Mentoring::None);
            assert!(cards[0].top_skills.is_empty());
        }
    }

    #[test]
    fn patches_replace_members_and_keep_the_order() {
        let index = DirectoryIndex::build(
            1,
            &[
                doc(1, "Ana"),
                doc(2, "Bruno"),
                doc(3, "Chen"),
                doc(4, "Dana"),
            ],
        );
        let mut gone = doc(2, "Bruno");
        gone.active = false;
        let index = index.patch(2, &[gone, doc(3, "Aaron"), doc(5, "Carla")]);
        assert_eq!(index.version, 2);
        assert_eq!(index.patched_members(), 3);
        let (cards, total) = index.search(&filter());
        assert_eq!(total, 4);
        assert_eq!(names(&cards), ["Aaron", "Ana", "Carla", "Dana"]);
        let f = DirectoryFilter {
            page: 2,
            per_page: 3,
            ..filter()
        };
        assert_eq!(names(&index.search(&f).0), ["Dana"]);
        let f = DirectoryFilter {
            newest_first: true,
            ..filter()
        };
        assert_eq!(
            names(&index.search(&f).0),
            ["Carla", "Dana", "Aaron", "Ana"]
        );
    }

    // Random organizations, random changes and random filters: the index agrees with a plain
    // scan of the documents.
    const NAMES: [&str; 8] = ["Ana", "Ánne", "Bo", "bob", "Chen", "Zoë", "ana", "Émile"];
    const WORDS: [&str; 8] = ["eng", "engineer", "data", "dat", "lead", "x", "ça", "rust"];

    fn arb_doc(id: i64) -> impl Strategy<Value = MemberDoc> {
        (
            (0..NAMES.len(), 0..NAMES.len(), 0..WORDS.len(), 0..4i64),
            (any::<bool>(), any::<bool>(), 0..3usize, 0..6i64),
            (
                prop::collection::vec((0..4i64, 1..=5i64), 0..3),
                prop::collection::vec(0..3usize, 0..2),
                0..WORDS.len(),
                0..4i64,
            ),
        )
            .prop_map(
                move |(
                    (a, b, t, d),
                    (restricted, active, loc, created),
                    (skills, langs, about, m),
                )| {
                    let mut skills: Vec<(i64, i64, Arc<str>)> = skills
                        .into_iter()
                        .map(|(s, l)| (s, l, Arc::from(WORDS[s as usize])))
                        .collect();
                    skills.sort_by_key(|s| s.0);
                    skills.dedup_by_key(|s| s.0);
                    MemberDoc {
                        id,
                        name: format!("{} {}", NAMES[a], NAMES[b]),
                        title: WORDS[t].into(),
                        department: (d > 0).then(|| (d, Arc::from(format!("dept{d}")))),
                        location: ["", "Lisbon", "Porto"][loc].into(),
                        mentoring: [
                            Mentoring::None,
                            Mentoring::Mentor,
                            Mentoring::Mentee,
                            Mentoring::Both,
                        ][m as usize],
                        restricted,
                        active: active || id % 5 != 0,
                        created_at: created,
                        skills,
                        languages: langs
                            .into_iter()
                            .map(|l| ["English", "Hindi", "Twi"][l].to_string())
                            .collect(),
                        about: WORDS[about].into(),
                    }
                },
            )
    }

    fn arb_filter() -> impl Strategy<Value = DirectoryFilter> {
        (
            prop::collection::vec(
                prop::sample::select(vec![
                    "a", "an", "ann", "e", "eng", "zo", "ca", "dept1", "lis", "rust", "da",
                ]),
                0..3,
            ),
            (
                prop::option::of(0..4i64),
                prop::option::of(0..5i64),
                1..=5i64,
            ),
            (
                prop::option::of(prop::sample::select(vec!["English", "Twi"])),
                prop::option::of(prop::sample::select(vec!["Lisbon", "Porto"])),
                any::<bool>(),
                any::<bool>(),
            ),
            (1..5i64, 1..4i64),
        )
            .prop_map(
                |(words, (d, s, l), (lang, loc, mentor, newest), (page, per))| DirectoryFilter {
                    words: words.into_iter().map(String::from).collect(),
                    department_id: d,
                    skill_id: s,
                    min_level: l,
                    language: lang.map(String::from),
                    location: loc.map(String::from),
                    can_mentor: mentor,
                    newest_first: newest,
                    page,
                    per_page: per,
                },
            )
    }

    /// The directory's rules, written plainly.
    fn scan(docs: &[MemberDoc], f: &DirectoryFilter) -> (Vec<i64>, usize) {
        let mut found: Vec<&MemberDoc> = docs
            .iter()
            .filter(|d| d.active)
            .filter(|d| {
                let mut words = Vec::new();
                for_each_word(&d.searchable_text(), |w| words.push(w.to_string()));
                f.words
                    .iter()
                    .all(|q| words.iter().any(|w| w.starts_with(q.as_str())))
            })
            .filter(|d| {
                f.department_id
                    .is_none_or(|x| d.department.as_ref().map(|d| d.0) == Some(x))
            })
            .filter(|d| {
                f.skill_id.is_none_or(|s| {
                    !d.restricted && d.skills.iter().any(|k| k.0 == s && k.1 >= f.min_level)
                })
            })
            .filter(|d| {
                f.language
                    .as_ref()
                    .is_none_or(|l| !d.restricted && d.languages.contains(l))
            })
            .filter(|d| {
                f.location
                    .as_ref()
                    .is_none_or(|l| !d.restricted && &d.location == l)
            })
            .filter(|d| !f.can_mentor || (!d.restricted && d.mentoring.can_mentor()))
            .collect();
        found.sort_by(|a, b| {
            if f.newest_first {
                (b.created_at, b.id).cmp(&(a.created_at, a.id))
            } else {
                (fold(&a.name), &a.name, a.id).cmp(&(fold(&b.name), &b.name, b.id))
            }
        });
        let total = found.len();
        let offset = ((f.page - 1) * f.per_page) as usize;
        let ids = found
            .iter()
            .skip(offset)
            .take(f.per_page as usize)
            .map(|d| d.id)
            .collect();
        (ids, total)
    }

    fn arb_org() -> impl Strategy<Value = (Vec<MemberDoc>, Vec<MemberDoc>)> {
        (0..40i64).prop_flat_map(|n| {
            let docs: Vec<_> = (1..=n).map(arb_doc).collect();
            let changes = prop::collection::vec((1..=n + 5).prop_flat_map(arb_doc), 0..10);
            (docs, changes)
        })
    }

    proptest! {
        #[test]
        fn the_index_agrees_with_a_scan((docs, changes) in arb_org(), filters in prop::collection::vec(arb_filter(), 1..8)) {
            let built = DirectoryIndex::build(1, &docs);
            let index = built.patch(2, &changes[..changes.len() / 2]).patch(3, &changes[changes.len() / 2..]);
            let mut now: HashMap<i64, MemberDoc> = docs.iter().map(|d| (d.id, d.clone())).collect();
            for c in &changes {
                now.insert(c.id, c.clone());
            }
            let now: Vec<MemberDoc> = now.into_values().collect();
            for f in &filters {
                let (cards, total) = built.search(f);
                prop_assert_eq!((cards.iter().map(|c| c.id).collect::<Vec<_>>(), total), scan(&docs, f));
                let (cards, total) = index.search(f);
                prop_assert_eq!((cards.iter().map(|c| c.id).collect::<Vec<_>>(), total), scan(&now, f));
            }
        }
    }
}
