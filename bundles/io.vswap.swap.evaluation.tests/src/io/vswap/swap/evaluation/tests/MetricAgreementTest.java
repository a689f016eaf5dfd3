package io.vswap.swap.evaluation.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import io.vswap.samples.api.SubjectShape;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.evaluation.api.SwapScoring;
import io.vswap.swap.evaluation.api.SwapTargets;
import io.vswap.swap.evaluation.api.SwapVariant;
import io.vswap.swap.evaluation.internal.MetricAgreement;
import io.vswap.swap.evaluation.internal.SwapEvaluation.CaseResult;

/** The agreement of the metrics with the truth, on cases whose numbers are made up to know the answer. */
class MetricAgreementTest {

    private static CaseResult result(int clip, SwapVariant v, double truthPsnr, double centroidError,
            Map<String, Double> metrics) {
        SwapScoring.ClipScore score = new SwapScoring.ClipScore(List.of(), 1, 1, 1, 1, centroidError, truthPsnr,
                truthPsnr, 1, 1);
        return new CaseResult(clip, clip, "a red star", "star", "red", new SwapTargets.Target(SubjectShape.DISC,
                SwapTargets.Kind.values()[0], List.of(), Map.of()), v, 1, score, EditReport.empty(),
                new SwapScoring.FrameChange(0, 0, 0, 0), metrics);
    }

    @Test
    void spearmanIsTheRankCorrelationWithTiesAveraged() {
        // the second ranks (1, 2, 3.5, 5, 3.5): Pearson of the ranks is 8 / √95
        assertEquals(0.8207826816681233, MetricAgreement.spearman(new double[] { 1, 2, 3, 4, 5 },
                new double[] { 5, 6, 7, 8, 7 }), 1e-12);
        assertEquals(-1, MetricAgreement.spearman(new double[] { 1, 2, 3 }, new double[] { 9, 4, 1 }), 1e-12);
        assertTrue(Double.isNaN(MetricAgreement.spearman(new double[] { 1, 2 }, new double[] { 1, 2 })));
    }

    @Test
    void aMetricThatFollowsTheTruthAgreesAndTheVideoEditIsComparedWithFrameByFrame() {
        List<CaseResult> cases = new ArrayList<>();
        for (int clip = 0; clip < 4; clip++) {
            // PSNR follows the truth's order; trajectory error runs against the centroid error
            cases.add(result(clip, SwapVariant.FULL, 30 + clip, 1 + clip, Map.of("background-psnr", 28.0 + clip,
                    "motion-alignment", 4.0 - clip, "warp-error", 0.001)));
            cases.add(result(clip, SwapVariant.FRAME_BY_FRAME, 20 + clip, 5 + clip, Map.of("background-psnr",
                    19.0 + clip, "motion-alignment", 3.0 - clip, "warp-error", clip == 3 ? 0.0005 : 0.004)));
        }
        List<MetricAgreement.Agreement> all = MetricAgreement.of(cases);
        MetricAgreement.Agreement psnr = all.stream().filter(a -> a.pairing().metric().equals("background-psnr"))
                .findFirst().orElseThrow();
        assertEquals(8, psnr.cases());
        assertEquals(4, psnr.pairs());
        assertEquals(4, psnr.pairsAgreeing());
        assertTrue(psnr.rho() > 0.9, "PSNR follows the truth: " + psnr.rho());
        MetricAgreement.Agreement motion = all.stream().filter(a -> a.pairing().metric().equals("motion-alignment"))
                .findFirst().orElseThrow();
        assertEquals(0, motion.pairsAgreeing(), "the made-up trajectory error orders every pair the wrong way");

        JsonObject root = new JsonObject();
        String md = MetricAgreement.temporalAgainstFrameByFrame(cases, root);
        JsonObject warp = root.getAsJsonArray("againstFrameByFrame").get(0).getAsJsonObject();
        assertEquals("warp-error", warp.get("metric").getAsString());
        assertEquals("full", warp.get("variant").getAsString());
        assertEquals(3, warp.get("moreConsistent").getAsInt());
        assertEquals(4, warp.get("pairs").getAsInt());
        assertTrue(md.contains("| warp-error | full | 3 of 4 |"), md);
    }
}
