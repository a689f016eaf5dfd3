package io.vswap.eval.study.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vswap.eval.study.api.AnswerSheet.PairAnswer;
import io.vswap.eval.study.api.PreferenceStatistics.Agreement;
import io.vswap.eval.study.api.PreferenceStatistics.Interval;

/**
 * A study's results in the paper's table shape: one row per pair of variants compared (the
 * reference against each other one), one cell per question. "Can't tell" answers are counted and
 * left out of the preference share, its interval and its sign test.
 *
 * @param raters the raters whose answers count
 * @param refused the answers files left out, each with why (the other raters' answers are kept)
 * @param rows one per pair of variants
 * @param agreement per criterion id, how far raters who answered the same pairs agree
 */
public record StudyResults(String studyId, String title, List<Criterion> criteria, List<String> raters,
        List<String> refused, List<Row> rows, Map<String, AgreementRow> agreement) {

    /** A pair of variants: {@code variant} (the reference where it is one of them) against {@code against}. */
    public record Row(String variant, String against, List<Cell> cells) {
    }

    /**
     * One question's answers about one pair of variants.
     *
     * @param forVariant answers preferring the row's variant
     * @param forAgainst answers preferring the other one
     * @param cantTell answers with no preference (not in the share)
     * @param share forVariant / (forVariant + forAgainst), NaN when that is 0
     * @param interval the share's 95 % Wilson score interval
     * @param signTestP the exact two-sided sign test's p-value (no preference as the null hypothesis)
     */
    public record Cell(String criterion, int forVariant, int forAgainst, int cantTell, double share,
            Interval interval, double signTestP) {
    }

    /**
     * Agreement between raters on one question, over the pairs answered by the same number of raters
     * (the most common such number, at least 2); choices counted as variants preferred (or none).
     *
     * @param ratersPerPair how many raters answered each pair counted (0: no pair had two)
     * @param pairs how many pairs were counted
     * @param kappa Fleiss' kappa (NaN when undefined: no pair with two answers, or every answer the same)
     * @param agreement the share of rater pairs giving the same answer, averaged over pairs
     */
    public record AgreementRow(int ratersPerPair, int pairs, double kappa, double agreement) {
    }

    public StudyResults {
        criteria = List.copyOf(criteria);
        raters = List.copyOf(raters);
        refused = List.copyOf(refused);
        rows = List.copyOf(rows);
        agreement = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(agreement));
    }

    /** The results of {@code answers} to {@code study}. */
    public static StudyResults of(Study study, StudyFolder.Answers answers) {
        String reference = study.referenceVariant();
        // per (variant, against) and criterion: [for variant, for against, can't tell]
        Map<List<String>, Map<String, int[]>> tallies = new LinkedHashMap<>();
        // per criterion and pair: [prefers a, prefers b, can't tell] (for the agreement)
        Map<String, Map<String, List<Integer>>> byPair = new LinkedHashMap<>();
        for (StudyPair p : study.pairs()) {
            tallies.computeIfAbsent(orient(p, reference), k -> new LinkedHashMap<>());
        }
        for (AnswerSheet sheet : answers.sheets()) {
            for (PairAnswer a : sheet.answers()) {
                StudyPair p = study.pair(a.pairId()).orElseThrow();
                List<String> row = orient(p, reference);
                boolean variantIsA = p.a().variant().equals(row.get(0));
                for (Map.Entry<String, Choice> c : a.choices().entrySet()) {
                    int picked = picked(c.getValue(), a.aOnLeft()); // 0: a, 1: b, 2: neither
                    int[] t = tallies.get(row).computeIfAbsent(c.getKey(), k -> new int[3]);
                    t[picked == 2 ? 2 : (picked == 0) == variantIsA ? 0 : 1]++;
                    byPair.computeIfAbsent(c.getKey(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(p.id(), k -> new ArrayList<>()).add(picked);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        tallies.forEach((row, t) -> {
            List<Cell> cells = new ArrayList<>();
            for (Criterion c : study.criteria()) {
                int[] n = t.getOrDefault(c.id(), new int[3]);
                int decided = n[0] + n[1];
                cells.add(new Cell(c.id(), n[0], n[1], n[2], decided == 0 ? Double.NaN : n[0] / (double) decided,
                        PreferenceStatistics.wilson(n[0], decided, PreferenceStatistics.Z95),
                        PreferenceStatistics.signTest(n[0], decided)));
            }
            rows.add(new Row(row.get(0), row.get(1), cells));
        });
        Map<String, AgreementRow> agreement = new LinkedHashMap<>();
        for (Criterion c : study.criteria()) {
            agreement.put(c.id(), agreement(byPair.getOrDefault(c.id(), Map.of())));
        }
        return new StudyResults(study.id(), study.title(), study.criteria(),
                answers.sheets().stream().map(AnswerSheet::rater).toList(),
                answers.refused().stream().map(Throwable::getMessage).toList(), rows, agreement);
    }

    /** The side picked as the pair's render: 0 for a, 1 for b, 2 for can't tell. */
    private static int picked(Choice c, boolean aOnLeft) {
        return switch (c) {
        case LEFT -> aOnLeft ? 0 : 1;
        case RIGHT -> aOnLeft ? 1 : 0;
        case CANT_TELL -> 2;
        };
    }

    /** The pair's variants as a row: the reference first where it is one of them, else in name order. */
    private static List<String> orient(StudyPair p, String reference) {
        String x = p.a().variant();
        String y = p.b().variant();
        if (y.equals(reference) || (!x.equals(reference) && y.compareTo(x) < 0)) {
            return List.of(y, x);
        }
        return List.of(x, y);
    }

    private static AgreementRow agreement(Map<String, List<Integer>> answersByPair) {
        Map<Integer, Integer> pairsWithCount = new TreeMap<>();
        answersByPair.values().stream().filter(l -> l.size() >= 2)
                .forEach(l -> pairsWithCount.merge(l.size(), 1, Integer::sum));
        if (pairsWithCount.isEmpty()) {
            return new AgreementRow(0, 0, Double.NaN, Double.NaN);
        }
        // the most common number of raters per pair; on a tie the larger
        int n = pairsWithCount.entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey();
        List<int[]> counts = new ArrayList<>();
        for (List<Integer> l : answersByPair.values()) {
            if (l.size() == n) {
                int[] row = new int[3];
                l.forEach(i -> row[i]++);
                counts.add(row);
            }
        }
        Agreement a = PreferenceStatistics.fleiss(counts.toArray(int[][]::new));
        return new AgreementRow(n, counts.size(), a.kappa(), a.agreement());
    }
}
