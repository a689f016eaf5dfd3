package io.vswap.eval.study.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.eval.study.api.AnswerSheet;
import io.vswap.eval.study.api.AnswerSheet.PairAnswer;
import io.vswap.eval.study.api.Blinding.Shown;
import io.vswap.eval.study.api.Choice;
import io.vswap.eval.study.api.Criterion;
import io.vswap.eval.study.api.PreferenceStatistics;
import io.vswap.eval.study.api.Study;
import io.vswap.eval.study.api.StudyFolder;
import io.vswap.eval.study.api.StudyPair;
import io.vswap.eval.study.api.StudyReports;
import io.vswap.eval.study.api.StudyResults;
import io.vswap.eval.study.api.StudyResults.Cell;
import io.vswap.eval.study.api.StudyResults.Row;

/** The results of known answers: mapped back to variants through each rater's sides, counted, tested. */
class StudyResultsTest {

    /** Per pair, how many of three raters preferred its render a, its render b, neither (the "overall" answers). */
    static final int[][] THREE_RATERS = { { 3, 0, 0 }, { 2, 1, 0 }, { 0, 3, 0 }, { 1, 1, 1 }, { 3, 0, 0 },
            { 0, 2, 1 } };

    @Test
    void answersAreCountedPerVariantWithTheirIntervalsTestsAndAgreement(@TempDir Path dir) throws Exception {
        Study study = StudyFixtures.study(dir, 6, List.of(), "tune-a-video", "fatezero");
        List<String> raters = List.of("ann", "bob", "cho");
        List<AnswerSheet> sheets = new ArrayList<>();
        for (int r = 0; r < raters.size(); r++) {
            List<PairAnswer> answers = new ArrayList<>();
            for (Shown s : study.presentationFor(raters.get(r)).pairs()) {
                int item = Integer.parseInt(s.pairId().substring(1)) - 1;
                StudyPair pair = study.pair(s.pairId()).orElseThrow();
                Map<String, Choice> choices = new LinkedHashMap<>();
                for (Criterion c : study.criteria()) {
                    // every rater prefers videoswap on every question but "overall", which follows THREE_RATERS
                    String preferred = StudyFixtures.REFERENCE;
                    if (c.id().equals("overall")) {
                        int[] n = THREE_RATERS[item];
                        preferred = r < n[0] ? pair.a().variant() : r < n[0] + n[1] ? pair.b().variant() : null;
                    }
                    choices.put(c.id(), shownAs(pair, s.aOnLeft(), preferred));
                }
                answers.add(new PairAnswer(s.pairId(), s.position(), s.aOnLeft(), choices, ""));
            }
            sheets.add(new AnswerSheet(study.id(), raters.get(r), answers));
        }
        StudyResults results = StudyResults.of(study, new StudyFolder.Answers(sheets, List.of()));

        assertEquals(List.of("videoswap vs tune-a-video", "videoswap vs fatezero"),
                results.rows().stream().map(r -> r.variant() + " vs " + r.against()).toList(),
                "the reference against each other variant, the paper's rows");
        Cell identity = cell(results.rows().get(0), "identity");
        assertEquals(List.of(9, 0, 0), List.of(identity.forVariant(), identity.forAgainst(), identity.cantTell()));
        assertEquals(1.0, identity.share(), 0);
        assertEquals(PreferenceStatistics.signTest(9, 9), identity.signTestP(), 0);
        assertEquals(0.00390625, identity.signTestP(), 1e-15, "2 / 2^9");
        // pairs 1, 3, 5 list videoswap as a; pairs 2, 4, 6 list it as b
        Cell overallTav = cell(results.rows().get(0), "overall");
        assertEquals(List.of(6, 3, 0), List.of(overallTav.forVariant(), overallTav.forAgainst(), overallTav.cantTell()));
        Cell overallFz = cell(results.rows().get(1), "overall");
        assertEquals(List.of(4, 3, 2), List.of(overallFz.forVariant(), overallFz.forAgainst(), overallFz.cantTell()),
                "can't tell counted apart");
        assertEquals(4 / 7.0, overallFz.share(), 1e-15, "can't tell left out of the share");
        assertEquals(PreferenceStatistics.wilson(4, 7, PreferenceStatistics.Z95), overallFz.interval());
        assertEquals(1.0, overallFz.signTestP(), 1e-12);

        StudyResults.AgreementRow overall = results.agreement().get("overall");
        assertEquals(3, overall.ratersPerPair());
        assertEquals(6, overall.pairs());
        assertEquals(0.33684210526315783, overall.kappa(), 1e-12, "numpy's value for THREE_RATERS");
        // everyone prefers videoswap, which is a in half the pairs and b in the others: full agreement
        assertEquals(1.0, results.agreement().get("identity").kappa(), 1e-12);
        assertEquals(1.0, results.agreement().get("identity").agreement(), 0);

        String md = StudyReports.markdown(results);
        assertTrue(md.contains("| compared | Subject identity | Motion alignment | Temporal quality | Overall preference |"),
                md);
        assertTrue(md.contains("| videoswap vs. fatezero |") && md.contains("57.1 % [25.0, 84.2], p = 1.000 (n = 7, 2 "
                + "can't tell)"), md);
        assertTrue(md.contains("left out of the share"), "the table says what the share is of: " + md);
        assertEquals(1 + 2 * 4, StudyReports.csv(results).lines().count(), "a header and a line per row and question");
        assertTrue(StudyReports.json(results).contains("\"fleissKappa\": 0.3368421052631578"));
    }

    private static Cell cell(Row row, String criterion) {
        return row.cells().stream().filter(c -> c.criterion().equals(criterion)).findFirst().orElseThrow();
    }

    /** The button a rater who prefers {@code variant} (null: neither) presses, given the sides shown. */
    static Choice shownAs(StudyPair pair, boolean aOnLeft, String variant) {
        if (variant == null) {
            return Choice.CANT_TELL;
        }
        return pair.left(aOnLeft).variant().equals(variant) ? Choice.LEFT : Choice.RIGHT;
    }
}
