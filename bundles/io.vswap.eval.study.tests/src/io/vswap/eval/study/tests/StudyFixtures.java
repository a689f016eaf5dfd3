package io.vswap.eval.study.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.vswap.eval.study.api.Criterion;
import io.vswap.eval.study.api.Study;
import io.vswap.eval.study.api.StudyPair;
import io.vswap.eval.study.api.StudyPair.Render;

/** Small studies for the tests: {@code n} clips, each rendered by "videoswap" and by one other variant. */
final class StudyFixtures {

    static final String REFERENCE = "videoswap";

    private StudyFixtures() {
    }

    /** Pairs whose videos are small placeholder files in {@code folder} (enough where no browser plays them). */
    static List<StudyPair> pairs(Path folder, int n, String... others) throws IOException {
        List<StudyPair> pairs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String other = others[(i - 1) % others.length];
            Path ours = Files.writeString(folder.resolve("clip" + i + "-" + REFERENCE + ".mp4"), "ours " + i);
            Path theirs = Files.writeString(folder.resolve("clip" + i + "-" + other + ".mp4"), "theirs " + i);
            // every other pair lists the reference second, so that "a" is not always ours
            Render a = new Render(REFERENCE, ours);
            Render b = new Render(other, theirs);
            pairs.add(new StudyPair(String.format("p%02d", i), "clip " + i, i % 2 == 0 ? b : a, i % 2 == 0 ? a : b,
                    Optional.empty()));
        }
        return pairs;
    }

    static Study study(Path folder, int n, List<String> raters, String... others) throws IOException {
        others = others.length == 0 ? new String[] { "tune-a-video" } : others;
        return Study.create("Test study", 42, REFERENCE, Criterion.PAPER, pairs(folder, n, others), raters);
    }
}
