package io.vswap.eval.study.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.osgi.service.component.annotations.Component;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.eval.study.api.Criterion;
import io.vswap.eval.study.api.Studies;
import io.vswap.eval.study.api.Study;
import io.vswap.eval.study.api.StudyFileException;
import io.vswap.eval.study.api.StudyFolder;
import io.vswap.eval.study.api.StudyPair;
import io.vswap.eval.study.api.StudyWebPage;
import io.vswap.swap.api.SwapRenders;

/**
 * {@code "make-study"}: a blind A/B preference study from pairs of renders: {@code study.json},
 * an empty {@code answers/} and the web page for raters elsewhere in {@code web/}.
 */
@Component(service = BatchJobType.class)
public final class MakeStudyJobType implements BatchJobType {

    /** The web page's folder in a study folder. */
    public static final String WEB = "web";

    static final JobField OUTPUT = JobField.required("output", JobField.Kind.PATH,
            "the study folder: study.json, answers/ and the web page in web/");
    static final JobField PAIRS = JobField.optional("pairs", JobField.Kind.PATH, "none",
            "a pairs file: {\"pairs\": [{\"clip\": …, \"a\": {\"variant\": …, \"video\": …}, \"b\": {…}}]}");
    static final JobField RENDERS = JobField.optional("renders", JobField.Kind.PATH, "none",
            "a folder of swap render records (a project's renders/), or one record: two renders of one clip by "
                    + "different variants make a pair");
    static final JobField TITLE = JobField.optional("title", JobField.Kind.TEXT, "Which video is better?",
            "the study's title, shown to raters");
    static final JobField SEED = JobField.integer("seed", 1, "what every rater's order and sides are drawn from")
            .within(0, null);
    static final JobField CRITERIA = JobField.optional("criteria", JobField.Kind.NAMES, ids(),
            "the questions, of the paper's: " + ids());
    static final JobField REFERENCE = JobField.optional("reference", JobField.Kind.TEXT, "the variant in most pairs (on a tie, the first named)",
            "the variant the results compare the others with");
    static final JobField RATERS = JobField.optional("raters", JobField.Kind.NAMES, "none",
            "raters to draw an order for now (recorded; others get theirs by the same rule)");
    static final JobField WEB_PAGE = JobField.flag("web", true, "also write the web page for raters elsewhere");
    private static final List<JobField> FIELDS = List.of(OUTPUT, PAIRS, RENDERS, TITLE, SEED, CRITERIA, REFERENCE,
            RATERS, WEB_PAGE);

    private static String ids() {
        return Criterion.PAPER.stream().map(Criterion::id).collect(Collectors.joining(","));
    }

    @Override
    public String type() {
        return "make-study";
    }

    @Override
    public String description() {
        return "make a blind A/B preference study (the paper's human evaluation) from pairs of renders of the same "
                + "clips: study.json with the seeded order and sides, answers/ for one answers file per rater, and "
                + "web/index.html with the videos, for raters in any browser (no server)";
    }

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        Path output = OUTPUT.path(spec);
        Optional<Path> pairsFile = PAIRS.optPath(spec);
        Optional<Path> renders = RENDERS.optPath(spec);
        if (pairsFile.isEmpty() && renders.isEmpty()) {
            throw spec.error(PAIRS.name(), "is missing: give a pairs file, or render records in \"renders\"");
        }
        List<Criterion> criteria = new ArrayList<>();
        for (String id : spec.optStrings(CRITERIA.name()).orElse(List.of(ids().split(",")))) {
            criteria.add(Criterion.PAPER.stream().filter(c -> c.id().equals(id.trim())).findFirst()
                    .orElseThrow(() -> spec.error(CRITERIA.name(), "\"" + id + "\" is not a question; they are "
                            + ids())));
        }
        String title = TITLE.text(spec);
        long seed = SEED.integer(spec);
        String reference = REFERENCE.optText(spec).orElse("");
        List<String> raters = spec.optStrings(RATERS.name()).orElse(List.of());
        boolean web = WEB_PAGE.bool(spec);
        return new BatchJob() {
            private Study study;

            private Study study() throws IOException {
                if (study == null) {
                    List<StudyPair> pairs = new ArrayList<>();
                    if (pairsFile.isPresent()) {
                        pairs.addAll(StudyPairs.fromPairsFile(pairsFile.get()));
                    }
                    if (renders.isPresent()) {
                        pairs.addAll(StudyPairs.fromRenders(SwapRenders.recordsIn(renders.get()).records(), pairs.size() + 1));
                    }
                    if (pairs.isEmpty()) {
                        throw new IOException("no pair to compare: the renders given are of different clips, or of "
                                + "one variant each clip");
                    }
                    try {
                        study = Study.create(title, seed, reference, criteria, pairs, raters);
                    } catch (IllegalArgumentException e) {
                        throw new IOException("the study cannot be made: " + e.getMessage(), e);
                    }
                }
                return study;
            }

            @Override
            public String describe() {
                return "make a preference study → " + output;
            }

            @Override
            public Optional<String> completed() throws Exception {
                Path file = output.resolve(Studies.FILE);
                if (!Files.exists(file) || (web && !Files.exists(output.resolve(WEB).resolve(StudyWebPage.INDEX)))) {
                    return Optional.empty();
                }
                try {
                    return Studies.read(file).id().equals(study().id()) ? Optional.of(file.toString())
                            : Optional.empty();
                } catch (StudyFileException damaged) {
                    return Optional.empty();
                }
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                Study s = study();
                StudyFolder.create(output, s);
                if (web) {
                    StudyWebPage.write(s, output.resolve(WEB));
                }
                return s.pairs().size() + " pairs, " + s.criteria().size() + " questions, variants "
                        + String.join(", ", s.variants()) + " → " + output.resolve(Studies.FILE)
                        + (web ? " and " + output.resolve(WEB).resolve(StudyWebPage.INDEX) : "");
            }
        };
    }
}
