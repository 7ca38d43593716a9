//! A small line diff for showing what a suggested policy changes. Display only: the suggestion
//! itself comes from the core.

/// How a line differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// In both.
    Same,
    /// Only in the old text.
    Removed,
    /// Only in the new text.
    Added,
    /// Unchanged lines left out.
    Gap,
}

/// Texts longer than this many lines are not diffed (the table grows with the product).
const MAX_LINES: usize = 600;

/// The lines of `new` against `old` (longest common subsequence), keeping `context` unchanged
/// lines around each change. `None` when there is nothing to compare or the texts are too long.
pub fn diff(old: &str, new: &str, context: usize) -> Option<Vec<(Change, String)>> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    if a.is_empty() || a.len() > MAX_LINES || b.len() > MAX_LINES {
        return None;
    }
    // lcs[i][j]: common lines of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lcs = vec![0_u16; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            let v = if a.get(i) == b.get(j) {
                lcs.get(at(i + 1, j + 1))
                    .copied()
                    .unwrap_or(0)
                    .saturating_add(1)
            } else {
                let down = lcs.get(at(i + 1, j)).copied().unwrap_or(0);
                let right = lcs.get(at(i, j + 1)).copied().unwrap_or(0);
                down.max(right)
            };
            if let Some(cell) = lcs.get_mut(at(i, j)) {
                *cell = v;
            }
        }
    }
    let mut lines = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                lines.push((Change::Same, (*x).to_string()));
                i += 1;
                j += 1;
            }
            (Some(x), Some(_))
                if lcs.get(at(i + 1, j)).copied().unwrap_or(0)
                    >= lcs.get(at(i, j + 1)).copied().unwrap_or(0) =>
            {
                lines.push((Change::Removed, (*x).to_string()));
                i += 1;
            }
            (_, Some(y)) => {
                lines.push((Change::Added, (*y).to_string()));
                j += 1;
            }
            (Some(x), None) => {
                lines.push((Change::Removed, (*x).to_string()));
                i += 1;
            }
            (None, None) => break,
        }
    }
    if lines.iter().all(|(c, _)| *c == Change::Same) {
        return Some(Vec::new());
    }
    // Keep unchanged lines only near a change.
    let changed: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, (c, _))| *c != Change::Same)
        .map(|(k, _)| k)
        .collect();
    let near = |k: usize| changed.iter().any(|&c| c.abs_diff(k) <= context);
    let mut out = Vec::new();
    let mut gap = false;
    for (k, line) in lines.into_iter().enumerate() {
        if line.0 != Change::Same || near(k) {
            out.push(line);
            gap = false;
        } else if !gap {
            out.push((Change::Gap, "…".to_string()));
            gap = true;
        }
    }
    Some(out)
}
