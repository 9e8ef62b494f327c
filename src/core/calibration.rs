//! How well automatic scores agree with human ratings: Spearman's ρ with a bootstrap
//! interval, quadratic weighted kappa, macro-F1 and the confusion matrix.
//!
//! Scores (0–100) are put onto the human scale with fixed thresholds (`thresholds`), so a
//! team can compare its graders' levels with Frontline's directly. Everything here is
//! deterministic: the bootstrap draws from a fixed seed.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// Bootstrap resamples for the ρ interval, and the fixed seed they are drawn from.
pub const BOOTSTRAP_RESAMPLES: usize = 1000;
pub const BOOTSTRAP_SEED: u64 = 2020;

/// Cut points that map a 0–100 score onto a human scale of `levels` levels (0, 1, …):
/// the level is the number of cut points the score reaches.
///
/// - 3 levels (none / weak / strong, as in EPITOME): 30 and 70. With the built-in
///   lexicon's move weights, one supporting move (acknowledging, understanding) is
///   "weak"; an apology, or several moves together, is "strong". Chosen on the EPITOME
///   dev set, never on holdout.
/// - any other scale: evenly spaced cut points, 100·i/levels.
pub fn thresholds(levels: usize) -> Vec<f64> {
    match levels {
        0 | 1 => Vec::new(),
        3 => vec![30.0, 70.0],
        k => (1..k)
            .map(|i| (1000.0 * i as f64 / k as f64).round() / 10.0)
            .collect(),
    }
}

pub fn to_level(score: f64, cuts: &[f64]) -> usize {
    cuts.iter().filter(|&&c| score >= c).count()
}

/// Ranks from 1, ties sharing their average rank.
fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len() as f64;
    if x.len() < 2 {
        return None;
    }
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// Spearman's rank correlation; `None` when either side is constant or n < 2.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&ranks(x), &ranks(y))
}

/// Percentile bootstrap 95 % interval for Spearman's ρ.
pub fn spearman_ci(x: &[f64], y: &[f64]) -> Option<[f64; 2]> {
    let n = x.len();
    if n < 3 {
        return None;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(BOOTSTRAP_SEED);
    let mut rhos = Vec::with_capacity(BOOTSTRAP_RESAMPLES);
    let (mut bx, mut by) = (vec![0.0; n], vec![0.0; n]);
    for _ in 0..BOOTSTRAP_RESAMPLES {
        for k in 0..n {
            let i = rng.random_range(0..n);
            bx[k] = x[i];
            by[k] = y[i];
        }
        if let Some(r) = spearman(&bx, &by) {
            rhos.push(r);
        }
    }
    if rhos.is_empty() {
        return None;
    }
    rhos.sort_by(f64::total_cmp);
    let at = |q: f64| rhos[((rhos.len() - 1) as f64 * q).round() as usize];
    Some([at(0.025), at(0.975)])
}

/// Confusion matrix: rows are human levels, columns predicted levels.
pub fn confusion(human: &[usize], predicted: &[usize], levels: usize) -> Vec<Vec<u64>> {
    let mut m = vec![vec![0u64; levels]; levels];
    for (&h, &p) in human.iter().zip(predicted) {
        if h < levels && p < levels {
            m[h][p] += 1;
        }
    }
    m
}

/// Cohen's kappa with quadratic weights; `None` when agreement by chance is total.
pub fn quadratic_weighted_kappa(m: &[Vec<u64>]) -> Option<f64> {
    let k = m.len();
    if k < 2 {
        return None;
    }
    let total: f64 = m.iter().flatten().map(|&v| v as f64).sum();
    if total == 0.0 {
        return None;
    }
    let rows: Vec<f64> = m
        .iter()
        .map(|r| r.iter().map(|&v| v as f64).sum())
        .collect();
    let cols: Vec<f64> = (0..k)
        .map(|j| m.iter().map(|r| r[j] as f64).sum())
        .collect();
    let (mut observed, mut expected) = (0.0, 0.0);
    for i in 0..k {
        for j in 0..k {
            let w = ((i as f64 - j as f64) / (k as f64 - 1.0)).powi(2);
            observed += w * m[i][j] as f64;
            expected += w * rows[i] * cols[j] / total;
        }
    }
    (expected > 0.0).then(|| 1.0 - observed / expected)
}

/// Mean F1 over the human levels (a level never seen nor predicted counts as 0).
pub fn macro_f1(m: &[Vec<u64>]) -> f64 {
    let k = m.len();
    if k == 0 {
        return 0.0;
    }
    let mut sum = 0.0;
    for c in 0..k {
        let tp = m[c][c] as f64;
        let predicted: f64 = m.iter().map(|r| r[c] as f64).sum();
        let actual: f64 = m[c].iter().map(|&v| v as f64).sum();
        let (p, r) = (
            if predicted > 0.0 { tp / predicted } else { 0.0 },
            if actual > 0.0 { tp / actual } else { 0.0 },
        );
        sum += if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
    }
    sum / k as f64
}

/// Agreement between automatic scores and human levels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub n: usize,
    pub spearman: Option<f64>,
    pub spearman_ci: Option<[f64; 2]>,
    pub qwk: Option<f64>,
    pub macro_f1: f64,
    /// Rows: human level; columns: Frontline's level.
    pub confusion: Vec<Vec<u64>>,
    /// The human scale's levels, 0 to `levels - 1`.
    pub levels: usize,
    /// The cut points used to put scores on that scale.
    pub thresholds: Vec<f64>,
}

/// Compare scores (0–100) with human levels (0, 1, …).
pub fn report(scores: &[f64], human: &[usize]) -> Report {
    let levels = human.iter().copied().max().map_or(0, |m| m + 1);
    let cuts = thresholds(levels);
    let predicted: Vec<usize> = scores.iter().map(|&s| to_level(s, &cuts)).collect();
    let hf: Vec<f64> = human.iter().map(|&h| h as f64).collect();
    let m = confusion(human, &predicted, levels);
    let r4 = |x: f64| (x * 10_000.0).round() / 10_000.0;
    Report {
        n: scores.len(),
        spearman: spearman(scores, &hf).map(r4),
        spearman_ci: spearman_ci(scores, &hf).map(|[a, b]| [r4(a), r4(b)]),
        qwk: quadratic_weighted_kappa(&m).map(r4),
        macro_f1: r4(macro_f1(&m)),
        confusion: m,
        levels,
        thresholds: cuts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_of_a_monotone_relation_is_one() {
        let x = [1.0, 2.0, 3.0, 10.0];
        let y = [0.0, 1.0, 1.5, 2.0];
        assert!((spearman(&x, &y).unwrap() - 1.0).abs() < 1e-12);
        assert!((spearman(&x, &[2.0, 1.5, 1.0, 0.0]).unwrap() + 1.0).abs() < 1e-12);
    }

    #[test]
    fn ties_share_average_ranks() {
        assert_eq!(ranks(&[5.0, 1.0, 5.0, 3.0]), [3.5, 1.0, 3.5, 2.0]);
        // A known value: x with ties against y, checked by hand with average ranks.
        let r = spearman(&[1.0, 2.0, 2.0, 3.0], &[1.0, 3.0, 2.0, 4.0]).unwrap();
        assert!((r - 0.9486832980505138).abs() < 1e-12, "{r}");
    }

    #[test]
    fn constant_input_has_no_correlation() {
        assert_eq!(spearman(&[1.0, 1.0, 1.0], &[0.0, 1.0, 2.0]), None);
    }

    #[test]
    fn kappa_is_one_for_perfect_agreement_and_zero_for_chance() {
        let perfect = vec![vec![5, 0, 0], vec![0, 3, 0], vec![0, 0, 2]];
        assert!((quadratic_weighted_kappa(&perfect).unwrap() - 1.0).abs() < 1e-12);
        let chance = vec![vec![1, 1], vec![1, 1]];
        assert!(quadratic_weighted_kappa(&chance).unwrap().abs() < 1e-12);
    }

    #[test]
    fn macro_f1_averages_per_level() {
        // Level 0: p=1, r=0.5 → 2/3; level 1: p=0.5, r=1 → 2/3.
        let m = vec![vec![1, 1], vec![0, 1]];
        assert!((macro_f1(&m) - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn thresholds_map_scores_onto_the_human_scale() {
        let cuts = thresholds(3);
        assert_eq!(
            [0.0, 29.9, 30.0, 69.9, 70.0, 100.0].map(|s| to_level(s, &cuts)),
            [0, 0, 1, 1, 2, 2]
        );
        assert_eq!(thresholds(7).len(), 6);
    }

    #[test]
    fn the_bootstrap_is_deterministic_and_brackets_rho() {
        let x: Vec<f64> = (0..50).map(|i| (i * 37 % 50) as f64).collect();
        let y: Vec<f64> = x.iter().map(|v| (v / 20.0).floor()).collect();
        let a = spearman_ci(&x, &y).unwrap();
        assert_eq!(Some(a), spearman_ci(&x, &y));
        let rho = spearman(&x, &y).unwrap();
        assert!(a[0] <= rho && rho <= a[1]);
    }
}

/// How differently the two languages' lexicons judge the same sentences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parity {
    pub n: usize,
    pub empathy: DimensionParity,
    pub resolution: DimensionParity,
    /// Per move or penalty: sentences where only the English side found it, and only the
    /// Indonesian side.
    pub moves: Vec<MoveParity>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionParity {
    /// Mean absolute difference of the 0–100 scores.
    pub mean_abs_diff: f64,
    /// Share of sentences put on the same level (none / weak / strong).
    pub same_level: f64,
    pub spearman: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MoveParity {
    pub item: String,
    pub both: usize,
    pub only_en: usize,
    pub only_id: usize,
}

/// Compare the judgements of parallel sentences: `en[i]` and `id[i]` say the same thing.
pub fn parity(
    en: &[crate::core::scoring::ReplyScore],
    id: &[crate::core::scoring::ReplyScore],
) -> Parity {
    use crate::core::scoring::{Dimension, EvidenceKind};
    use std::collections::{BTreeMap, BTreeSet};
    let n = en.len().min(id.len());
    let cuts = thresholds(3);
    let dim = |d: Dimension| {
        let a: Vec<f64> = en[..n]
            .iter()
            .map(|r| f64::from(r.get(d).unwrap_or(0)))
            .collect();
        let b: Vec<f64> = id[..n]
            .iter()
            .map(|r| f64::from(r.get(d).unwrap_or(0)))
            .collect();
        let diff = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).sum::<f64>() / n.max(1) as f64;
        let same = a
            .iter()
            .zip(&b)
            .filter(|(x, y)| to_level(**x, &cuts) == to_level(**y, &cuts))
            .count();
        let r4 = |x: f64| (x * 10_000.0).round() / 10_000.0;
        DimensionParity {
            mean_abs_diff: r4(diff),
            same_level: r4(same as f64 / n.max(1) as f64),
            spearman: spearman(&a, &b).map(r4),
        }
    };
    let items = |r: &crate::core::scoring::ReplyScore| -> BTreeSet<String> {
        r.evidence
            .iter()
            .filter(|e| matches!(e.kind, EvidenceKind::Found | EvidenceKind::Penalty))
            .map(|e| e.item.to_string())
            .collect()
    };
    let mut counts: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for (a, b) in en[..n].iter().zip(&id[..n]) {
        let (a, b) = (items(a), items(b));
        for item in a.union(&b) {
            let c = counts.entry(item.clone()).or_default();
            match (a.contains(item), b.contains(item)) {
                (true, true) => c[0] += 1,
                (true, false) => c[1] += 1,
                _ => c[2] += 1,
            }
        }
    }
    let mut moves: Vec<MoveParity> = counts
        .into_iter()
        .map(|(item, [both, only_en, only_id])| MoveParity {
            item,
            both,
            only_en,
            only_id,
        })
        .collect();
    moves.sort_by_key(|m| std::cmp::Reverse(m.only_en + m.only_id));
    Parity {
        n,
        empathy: dim(Dimension::Empathy),
        resolution: dim(Dimension::Resolution),
        moves,
    }
}
