package io.vswap.batch.internal.farm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Writes a {@link FarmJob} as an Open Job Description job template (specification 2023-09) in JSON,
 * which {@code openjd} and AWS Deadline Cloud ({@code deadline bundle submit}) take as they take YAML.
 * <p>
 * A step keeps all its parameters as INT task parameters ranging over 1..count, so one step is one
 * OpenJD step. OpenJD 2023-09 has only whole-step dependencies, so a frame-by-frame dependency
 * becomes a wait for the whole other step: coarser, never wrong.
 */
public final class OpenJdTemplate {

    public static final String SPECIFICATION_VERSION = "jobtemplate-2023-09";

    /** Template schemas 7.1 &lt;Identifier&gt;. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** The Cc category (C0, DEL, C1): names, commands and arguments may not hold it (schemas 1.1.1, 3.1, 5.1-2). */
    private static final Pattern CC = Pattern.compile("[\\x00-\\x1F\\x7F-\\x9F]");
    private static final int MAX_JOB_NAME = 128;
    private static final int MAX_STEP_NAME = 64;
    private static final int MAX_TASK_PARAMETERS = 16;
    private static final int MAX_JOB_PARAMETERS = 50;
    private static final int MAX_DESCRIPTION = 2048;

    /** What the job does with a folder: schemas 2.2 dataFlow. */
    public enum DataFlow {
        NONE, IN, OUT, INOUT
    }

    /**
     * A folder the job reads or writes, declared as a PATH job parameter so that the farm can map it
     * to where its workers see it (Deadline Cloud's path mapping and job attachments act on PATH
     * parameters only). A command argument that is this folder or starts with it refers to it as
     * {@code {{Param.<name>}}}.
     *
     * @param name an OpenJD identifier, e.g. "SpecFolder"
     * @param folder as the commands spell it
     */
    public record PathParameter(String name, Path folder, DataFlow dataFlow) {
        public PathParameter {
            if (name == null || !IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("OpenJD parameter name '" + name
                        + "' must be a letter or '_', then letters, digits or '_', at most 64 in all");
            }
            if (folder == null || dataFlow == null) {
                throw new IllegalArgumentException("path parameter " + name + " needs a folder and a data flow");
            }
        }
    }

    private OpenJdTemplate() {
    }

    /** Writes the template to file (UTF-8 JSON); for Deadline Cloud name it template.json in a bundle folder. */
    public static void write(FarmJob job, List<PathParameter> paths, Path file) throws IOException {
        Files.writeString(file, toJson(job, paths), StandardCharsets.UTF_8);
    }

    /** The job template as JSON. */
    public static String toJson(FarmJob job, List<PathParameter> paths) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(template(job, paths));
    }

    /** The job template as a JSON tree. */
    private static JsonObject template(FarmJob job, List<PathParameter> paths) {
        requireText("job name", job.name(), MAX_JOB_NAME);
        if (paths.size() > MAX_JOB_PARAMETERS) {
            throw new IllegalArgumentException("OpenJD allows " + MAX_JOB_PARAMETERS + " job parameters, not "
                    + paths.size());
        }
        JsonObject t = new JsonObject();
        t.addProperty("specificationVersion", SPECIFICATION_VERSION);
        t.addProperty("name", job.name());
        if (!paths.isEmpty()) {
            JsonArray definitions = new JsonArray();
            Set<String> names = new LinkedHashSet<>();
            for (PathParameter p : paths) {
                if (!names.add(p.name())) {
                    throw new IllegalArgumentException("two path parameters are named " + p.name());
                }
                JsonObject d = new JsonObject();
                d.addProperty("name", p.name());
                d.addProperty("type", "PATH");
                d.addProperty("objectType", "DIRECTORY");
                d.addProperty("dataFlow", p.dataFlow().name());
                d.addProperty("default", p.folder().toString());
                definitions.add(d);
            }
            t.add("parameterDefinitions", definitions);
        }
        // The most specific folder first, so that an argument under two of them names the inner one.
        List<PathParameter> byLength = new ArrayList<>(paths);
        byLength.sort(Comparator.comparingInt((PathParameter p) -> p.folder().toString().length()).reversed());
        JsonArray steps = new JsonArray();
        for (FarmStep step : job.steps()) {
            steps.add(step(step, byLength));
        }
        t.add("steps", steps);
        return t;
    }

    private static JsonObject step(FarmStep step, List<PathParameter> paths) {
        requireText("step name", step.name(), MAX_STEP_NAME);
        if (step.parameters().size() > MAX_TASK_PARAMETERS) {
            throw new IllegalArgumentException("step " + step.name() + ": OpenJD allows " + MAX_TASK_PARAMETERS
                    + " task parameters, not " + step.parameters().size());
        }
        JsonObject s = new JsonObject();
        s.addProperty("name", step.name());
        if (!step.parameters().isEmpty()) {
            s.addProperty("description", description(step));
        }
        Set<String> on = new LinkedHashSet<>();
        step.dependsOn().forEach(d -> on.add(d.step()));
        if (!on.isEmpty()) {
            JsonArray dependencies = new JsonArray();
            for (String name : on) {
                JsonObject d = new JsonObject();
                d.addProperty("dependsOn", name);
                dependencies.add(d);
            }
            s.add("dependencies", dependencies);
        }
        JsonArray amounts = amounts(step.resources());
        if (!amounts.isEmpty()) {
            JsonObject requirements = new JsonObject();
            requirements.add("amounts", amounts);
            s.add("hostRequirements", requirements);
        }
        if (!step.parameters().isEmpty()) {
            JsonArray definitions = new JsonArray();
            for (FarmStep.Parameter p : step.parameters()) {
                if (!IDENTIFIER.matcher(p.name()).matches()) {
                    throw new IllegalArgumentException("step " + step.name() + ": parameter name '" + p.name()
                            + "' is no OpenJD identifier");
                }
                JsonObject d = new JsonObject();
                d.addProperty("name", p.name());
                d.addProperty("type", "INT");
                d.addProperty("range", "1-" + p.count());
                definitions.add(d);
            }
            JsonObject space = new JsonObject();
            space.add("taskParameterDefinitions", definitions);
            s.add("parameterSpace", space);
        }
        JsonObject onRun = new JsonObject();
        onRun.addProperty("command", formatString(step, step.command().get(0), paths));
        if (step.command().size() > 1) {
            JsonArray args = new JsonArray();
            for (String arg : step.command().subList(1, step.command().size())) {
                args.add(formatString(step, arg, paths));
            }
            onRun.add("args", args);
        }
        JsonObject actions = new JsonObject();
        actions.add("onRun", onRun);
        JsonObject script = new JsonObject();
        script.add("actions", actions);
        s.add("script", script);
        return s;
    }

    /** Schemas 3.3.1.1: the amounts OpenJD defines, in its units (MiB for memory); zero means no requirement. */
    private static JsonArray amounts(FarmStep.Resources r) {
        JsonArray amounts = new JsonArray();
        addAmount(amounts, "amount.worker.vcpu", r.cores());
        addAmount(amounts, "amount.worker.memory", r.memoryMiB());
        addAmount(amounts, "amount.worker.gpu", r.gpus());
        addAmount(amounts, "amount.worker.gpu.memory", r.gpuMemoryMiB());
        return amounts;
    }

    private static void addAmount(JsonArray amounts, String name, long min) {
        if (min > 0) {
            JsonObject a = new JsonObject();
            a.addProperty("name", name);
            a.addProperty("min", min);
            amounts.add(a);
        }
    }

    /**
     * An argument as a format string: folders of path parameters and the step's placeholders become
     * value references. 2023-09 has no escape for a literal "{{" or "}}" (schemas 7.3), so such an
     * argument is refused.
     */
    private static String formatString(FarmStep step, String arg, List<PathParameter> paths) {
        if (arg.contains("{{") || arg.contains("}}") || CC.matcher(arg).find()) {
            throw new IllegalArgumentException("step " + step.name() + ": OpenJD cannot carry the argument '" + arg
                    + "' ('{{', '}}' or a control character)");
        }
        String s = arg;
        for (PathParameter p : paths) {
            String folder = p.folder().toString();
            if (s.equals(folder) || s.startsWith(folder + "/") || s.startsWith(folder + File.separator)) {
                s = "{{Param." + p.name() + "}}" + s.substring(folder.length());
                break;
            }
        }
        for (FarmStep.Parameter p : step.parameters()) {
            s = s.replace("{" + p.name() + "}", "{{Task.Param." + p.name() + "}}");
        }
        return s;
    }

    /** What each value stands for, from the labels: "clip: 1 = a, 2 = b; target: 1 = red". */
    private static String description(FarmStep step) {
        StringBuilder d = new StringBuilder();
        for (FarmStep.Parameter p : step.parameters()) {
            if (!d.isEmpty()) {
                d.append("; ");
            }
            d.append(p.name()).append(':');
            for (int v = 1; v <= p.count(); v++) {
                d.append(v == 1 ? " " : ", ").append(v).append(" = ").append(p.labels().get(v - 1));
            }
        }
        String text = CC.matcher(d).replaceAll(" ");
        return text.length() <= MAX_DESCRIPTION ? text : text.substring(0, MAX_DESCRIPTION - 1) + "…";
    }

    private static void requireText(String what, String text, int max) {
        if (text == null || text.isEmpty() || text.length() > max || CC.matcher(text).find()
                || text.contains("{{") || text.contains("}}")) {
            throw new IllegalArgumentException("OpenJD " + what + " '" + text + "' must be 1 to " + max
                    + " characters without control characters, '{{' or '}}'");
        }
    }
}
