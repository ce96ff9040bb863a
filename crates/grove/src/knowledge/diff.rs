//! Line differences between two revisions, by longest common subsequence.

use super::model::{DiffLine, DiffOp};

/// Beyond this many lines on both sides the table would be too large; the diff then shows the
/// old text removed and the new added.
const MAX_CELLS: usize = 4_000_000;

/// The lines of `new` compared with `old`: kept, added and removed, in reading order.
pub fn lines(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let line = |op, text: &str| DiffLine {
        op,
        text: text.to_string(),
    };
    if (a.len() + 1) * (b.len() + 1) > MAX_CELLS {
        return a
            .iter()
            .map(|t| line(DiffOp::Removed, t))
            .chain(b.iter().map(|t| line(DiffOp::Added, t)))
            .collect();
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(line(DiffOp::Same, a[i]));
            i += 1;
            j += 1;
        } else if i < a.len()
            && (j == b.len() || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])
        {
            // On a tie the old line goes first: a changed line reads as removed, then added.
            out.push(line(DiffOp::Removed, a[i]));
            i += 1;
        } else {
            out.push(line(DiffOp::Added, b[j]));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ops(d: &[DiffLine]) -> String {
        d.iter()
            .map(|l| match l.op {
                DiffOp::Same => format!(" {}", l.text),
                DiffOp::Added => format!("+{}", l.text),
                DiffOp::Removed => format!("-{}", l.text),
            })
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn a_changed_line_is_removed_then_added() {
        assert_eq!(ops(&lines("a\nb\nc", "a\nB\nc\nd")), " a|-b|+B| c|+d");
    }

    proptest! {
        #[test]
        fn both_texts_can_be_read_back(old in "[abc\n]{0,30}", new in "[abc\n]{0,30}") {
            let d = lines(&old, &new);
            let back_old: Vec<&str> = d.iter().filter(|l| l.op != DiffOp::Added).map(|l| l.text.as_str()).collect();
            let back_new: Vec<&str> = d.iter().filter(|l| l.op != DiffOp::Removed).map(|l| l.text.as_str()).collect();
            prop_assert_eq!(back_old, old.lines().collect::<Vec<_>>());
            prop_assert_eq!(back_new, new.lines().collect::<Vec<_>>());
        }
    }
}
