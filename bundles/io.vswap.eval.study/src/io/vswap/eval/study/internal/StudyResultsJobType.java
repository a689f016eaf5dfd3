package io.vswap.eval.study.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.osgi.service.component.annotations.Component;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.eval.study.api.Studies;
import io.vswap.eval.study.api.StudyFolder;
import io.vswap.eval.study.api.StudyReports;
import io.vswap.eval.study.api.StudyResults;

/**
 * {@code "study-results"}: a preference study's answers counted, in the paper's table shape, as
 * {@code results.json}, {@code .csv}, {@code .md} and {@code .html}. A damaged answers file is left
 * out by name (in the results and the job's line); the other raters' answers are counted.
 */
@Component(service = BatchJobType.class)
public final class StudyResultsJobType implements BatchJobType {

    static final JobField STUDY = JobField.required("study", JobField.Kind.PATH,
            "the study folder (with study.json), as make-study wrote it");
    static final JobField ANSWERS = JobField.optional("answers", JobField.Kind.PATH, "the study's answers/",
            "the folder of answers files (one per rater: saved in the workbench or exported from the web page)");
    static final JobField OUTPUT = JobField.optional("output", JobField.Kind.PATH, "the study's results/",
            "the folder for results.json, .csv, .md and .html");
    private static final List<JobField> FIELDS = List.of(STUDY, ANSWERS, OUTPUT);

    @Override
    public String type() {
        return "study-results";
    }

    @Override
    public String description() {
        return "count a preference study's answers: per question, each variant's preference share with its 95 % "
                + "Wilson interval (can't-tell answers counted apart, not in the share), the exact sign test, "
                + "agreement between raters (Fleiss' kappa), as the paper's table in JSON, CSV, Markdown and HTML";
    }

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        Path given = STUDY.path(spec);
        Path folder = given.getFileName() != null && given.getFileName().toString().equals(Studies.FILE)
                ? given.toAbsolutePath().getParent() : given;
        Optional<Path> answers = ANSWERS.optPath(spec);
        Path output = OUTPUT.optPath(spec).orElse(folder.resolve("results"));
        return new BatchJob() {
            @Override
            public String describe() {
                return "count the answers of the study " + folder + " → " + output;
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                if (answers.isPresent() && !Files.isDirectory(answers.get())) {
                    throw new java.io.IOException("the answers folder " + answers.get() + " is missing");
                }
                StudyFolder study = StudyFolder.open(folder);
                StudyFolder.Answers read = answers.isPresent()
                        ? StudyFolder.answers(study.study(), answers.get()) : study.answers();
                StudyResults results = StudyResults.of(study.study(), read);
                Files.createDirectories(output);
                StudyReports.write(output, results);
                StringBuilder line = new StringBuilder(read.sheets().size() + " raters' answers → "
                        + output.resolve(StudyReports.FILES.get(2)));
                if (!read.refused().isEmpty()) {
                    line.append("; left out ").append(read.refused().size()).append(" answers file")
                            .append(read.refused().size() == 1 ? "" : "s").append(" (the other raters' answers "
                                    + "are counted): ");
                    read.refused().forEach(e -> line.append(e.getMessage()).append("; "));
                    line.setLength(line.length() - 2);
                }
                return line.toString();
            }
        };
    }
}
