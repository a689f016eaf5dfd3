package io.vswap.batch.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.files.api.StrictJson;

/**
 * A batch spec file: {@code {"version": 1, "jobs": [{"type": "import", …}, …]}}. A job with a
 * {@code "matrix"} stands for one task per combination of its values ({@link MatrixExpansion}).
 * Parsing checks every task before any runs and reports every problem found, each with its field.
 */
public final class BatchSpec {

    /** The spec format this runner reads; a newer one is refused rather than half understood. */
    public static final int VERSION = 1;
    /** More tasks than this is a mistake in a matrix more likely than a plan. */
    static final int MAX_TASKS = 10_000;

    /** A spec that cannot be run: every problem found, each naming its field. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<String> problems;

        Invalid(Path file, List<String> problems) {
            super(file + " cannot be run:\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private final Path file;
    private final List<SpecJob> specJobs;

    private BatchSpec(Path file, List<SpecJob> specJobs) {
        this.file = file;
        this.specJobs = List.copyOf(specJobs);
    }

    public Path file() {
        return file;
    }

    /** The spec's jobs as written, each with its tasks (one, or one per combination of its matrix). */
    public List<SpecJob> specJobs() {
        return specJobs;
    }

    /** Every task's job, in the order the spec runs them. */
    public List<BatchJob> jobs() {
        return specJobs.stream().flatMap(j -> j.tasks().stream()).map(SpecJob.Task::job).toList();
    }

    /** Reads {@code file} and parses each job with the job type its {@code "type"} names. */
    public static BatchSpec read(Path file, Map<String, BatchJobType> types) throws Invalid {
        return read(file, types, PathMapping.NONE);
    }

    /**
     * {@link #read(Path, Map)} with absolute paths in the spec rewritten by {@code mapping} (a farm
     * host sees the workstation's files under other paths).
     */
    public static BatchSpec read(Path file, Map<String, BatchJobType> types, PathMapping mapping) throws Invalid {
        JsonElement root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            // strict: a stray comma is an error, not a guess; a key given twice is refused
            root = StrictJson.parse(in);
        } catch (NoSuchFileException e) {
            throw new Invalid(file, List.of("the file does not exist; check the path (relative paths are taken from "
                    + Path.of("").toAbsolutePath() + ")"));
        } catch (IOException e) {
            throw new Invalid(file, List.of("cannot be read: " + e));
        } catch (JsonParseException e) {
            // the message says line, column and JSON path ("at line 4 column 7 path $.jobs[0]")
            throw new Invalid(file, List.of("is not valid JSON: " + e.getMessage()));
        }
        if (!root.isJsonObject()) {
            throw new Invalid(file, List.of("the top level must be an object {\"version\": 1, \"jobs\": [ … ]}, not "
                    + abbreviate(root)));
        }
        return parse(root.getAsJsonObject(), file, file.toAbsolutePath().getParent(), types, mapping);
    }

    /**
     * A spec of one job given on the command line ({@code vswap batch --job TYPE field=value …}):
     * values that read as numbers or {@code true}/{@code false} become those, values that start with
     * <code>{</code> or {@code [} are read as JSON (e.g. {@code drag={"top":{"x":3,"y":4}}}), the rest strings;
     * relative paths are taken from the current folder.
     */
    public static BatchSpec ofJob(String type, List<String> assignments, Map<String, BatchJobType> types)
            throws Invalid {
        Path label = Path.of("--job " + type);
        JsonObject job = new JsonObject();
        job.addProperty("type", type);
        List<String> problems = new ArrayList<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                problems.add("'" + a + "': expected field=value");
                continue;
            }
            String key = a.substring(0, eq);
            String value = a.substring(eq + 1);
            if (value.startsWith("{") || value.startsWith("[")) {
                try {
                    job.add(key, StrictJson.parse(value));
                } catch (JsonParseException e) {
                    problems.add("'" + a + "': " + key + " is not valid JSON: " + e.getMessage());
                }
            } else if (value.equals("true") || value.equals("false")) {
                job.addProperty(key, Boolean.parseBoolean(value));
            } else if (value.matches("-?\\d+")) {
                job.addProperty(key, Long.parseLong(value));
            } else if (value.matches("-?\\d*\\.\\d+([eE]-?\\d+)?")) {
                job.addProperty(key, Double.parseDouble(value));
            } else {
                job.addProperty(key, value);
            }
        }
        if (!problems.isEmpty()) {
            throw new Invalid(label, problems);
        }
        JsonObject top = new JsonObject();
        top.addProperty("version", VERSION);
        JsonArray jobs = new JsonArray();
        jobs.add(job);
        top.add("jobs", jobs);
        return parse(top, label, Path.of("").toAbsolutePath(), types, PathMapping.NONE);
    }

    private static BatchSpec parse(JsonObject top, Path file, Path base, Map<String, BatchJobType> types,
            PathMapping mapping) throws Invalid {
        List<String> problems = new ArrayList<>();
        List<SpecJob> jobs = new ArrayList<>();
        for (String key : top.keySet()) {
            if (!key.equals("version") && !key.equals("jobs")) {
                problems.add(key + ": is not a top-level field (misspelt?); the fields are: version, jobs");
            }
        }
        if (top.has("version")) {
            JsonElement v = top.get("version");
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                problems.add("version: expected a whole number (" + VERSION + "), got " + abbreviate(v));
            } else if (v.getAsInt() > VERSION) {
                problems.add("version: " + v + " is newer than this runner reads (" + VERSION
                        + "); use a newer VideoSwap Studio");
            }
        }
        JsonElement jobsElement = top.get("jobs");
        if (jobsElement == null || jobsElement.isJsonNull()) {
            problems.add("jobs: is missing; expected a list of jobs [{\"type\": \"import\", …}, …]");
        } else if (!jobsElement.isJsonArray()) {
            problems.add("jobs: expected a list [ … ], got " + abbreviate(jobsElement));
        } else if (jobsElement.getAsJsonArray().isEmpty()) {
            problems.add("jobs: is empty; nothing to do");
        } else {
            JsonArray array = jobsElement.getAsJsonArray();
            int tasks = 0;
            for (int i = 0; i < array.size(); i++) {
                String where = "jobs[" + i + "]";
                JsonElement e = array.get(i);
                if (!e.isJsonObject()) {
                    problems.add(where + ": expected an object {\"type\": …}, got " + abbreviate(e));
                    continue;
                }
                MatrixExpansion m;
                try {
                    m = MatrixExpansion.of(e.getAsJsonObject(), where);
                } catch (SpecException ex) {
                    problems.add(ex.getMessage());
                    continue;
                }
                tasks += m.combinations().size();
                if (tasks > MAX_TASKS) {
                    problems.add(where + ".matrix: the spec expands to more than " + MAX_TASKS
                            + " tasks; split it into several specs");
                    break;
                }
                List<SpecJob.Task> parsed = new ArrayList<>();
                String type = null;
                int reported = 0;
                for (MatrixExpansion.Combination c : m.combinations()) {
                    String at = where + c.describe();
                    JobSpec spec = new JsonJobSpec(c.job(), at, base, mapping);
                    try {
                        type = spec.string("type");
                        BatchJobType jobType = types.get(type);
                        if (jobType == null) {
                            throw spec.error("type", "unknown job type \"" + type + "\"; the job types are: "
                                    + String.join(", ", new TreeSet<>(types.keySet()))
                                    + " (a job type another bundle adds shows in vswap batch --list-services)");
                        }
                        parsed.add(new SpecJob.Task(c.ordinals(), c.labels(), jobType.parse(spec)));
                    } catch (SpecException ex) {
                        // a mistake outside the matrix repeats in every task: say it once per job
                        if (reported++ < 3) {
                            problems.add(ex.getMessage());
                        }
                    } catch (RuntimeException ex) {
                        if (reported++ < 3) {
                            problems.add(at + ": " + ex.getMessage());
                        }
                    }
                }
                if (parsed.size() == m.combinations().size()) {
                    jobs.add(new SpecJob(i + 1, type, m.axes(), parsed));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new Invalid(file, problems);
        }
        return new BatchSpec(file, jobs);
    }

    private static String abbreviate(JsonElement e) {
        String s = e.toString();
        return s.length() > 60 ? s.substring(0, 57) + "…" : s;
    }
}
