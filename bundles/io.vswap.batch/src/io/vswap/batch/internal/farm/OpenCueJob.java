package io.vswap.batch.internal.farm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a {@link FarmJob} as an OpenCue job spec: the XML of OpenCue's "cjsl" DTD that the Cuebot
 * parses when a job is launched ({@code opencue.api.launchSpec}).
 * <p>
 * OpenCue numbers a layer's tasks by frame only, so a step becomes one layer per combination of its
 * second and later parameters' values; the layer's frames are the values of its first parameter,
 * which the command receives as {@code #IFRAME#}.
 */
public final class OpenCueJob {

    /** The newest job spec DTD in OpenCue's cuebot (cuebot/src/main/resources/public/dtd). */
    public static final String SPEC_VERSION = "1.15";
    /** As pyoutline writes it, two spaces included; the Cuebot maps the system id to its own copy. */
    public static final String DTD_PUBLIC_ID = "SPI Cue  Specification Language";
    public static final String DTD_SYSTEM_ID = "http://localhost:8080/spcue/dtd/cjsl-" + SPEC_VERSION + ".dtd";
    /** The Cuebot's frame-number token in a layer's command. */
    public static final String FRAME_TOKEN = "#IFRAME#";

    /** The Cuebot clamps a job's retries per frame to 0..1 (JobSpec.FRAME_RETRIES_MAX). */
    private static final int MAX_RETRIES = 1;
    /** The Cuebot's JobSpec.NAME_REGEX, which show, shot, layer and job names must match once conformed. */
    private static final Pattern CUE_NAME = Pattern.compile("[\\w.-]{3,}");
    /** Well inside the Cuebot's columns for layer and frame names (256 characters). */
    private static final int MAX_LAYER_NAME = 200;
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /**
     * Who submits the job and where it lands. Write it with {@link #defaults()} and the with-methods.
     *
     * @param facility the OpenCue facility, or null for the Cuebot's default
     * @param show an existing show (an admin creates it: {@code cueadmin -create-show vswap})
     * @param shot any name of at least three letters, digits, '_', '.', '-'
     * @param user the job's owner; OpenCue refuses "root"
     * @param service the OpenCue service whose defaults the layers take where the step gives none
     */
    public record Submission(String facility, String show, String shot, String user, String service) {

        /** Show "vswap", shot "batch", this process's user, the "default" service, the Cuebot's facility. */
        public static Submission defaults() {
            return new Submission(null, "vswap", "batch", System.getProperty("user.name"), "default");
        }

        public Submission withFacility(String f) {
            return new Submission(f, show, shot, user, service);
        }

        public Submission withShow(String s) {
            return new Submission(facility, s, shot, user, service);
        }

        public Submission withShot(String s) {
            return new Submission(facility, show, s, user, service);
        }

        public Submission withUser(String u) {
            return new Submission(facility, show, shot, u, service);
        }

        public Submission withService(String s) {
            return new Submission(facility, show, shot, user, s);
        }

        /** Refuses what the Cuebot would refuse at launch, so that the user learns it before submitting. */
        void check() {
            if (facility != null && !facility.matches("[\\w.-]+")) {
                throw new IllegalArgumentException("OpenCue facility '" + facility + "' is not a plain name");
            }
            requireCueName("show", show);
            requireCueName("shot", shot);
            requireCueName("service", service);
            if (user == null || user.isBlank() || user.equals("root")) {
                throw new IllegalArgumentException("OpenCue needs a user other than root, not '" + user + "'");
            }
        }
    }

    private OpenCueJob() {
    }

    /** Writes the job spec to file (UTF-8). */
    public static void write(FarmJob job, Submission submission, Path file) throws IOException {
        Files.writeString(file, toXml(job, submission), StandardCharsets.UTF_8);
    }

    /** The job spec, DOCTYPE included. */
    public static String toXml(FarmJob job, Submission submission) {
        submission.check();
        requireCueName("job", job.name());
        Map<String, List<Layer>> layersByStep = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (FarmStep step : job.steps()) {
            layersByStep.put(step.name(), layers(step, taken));
        }

        Xml x = new Xml();
        x.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        x.line("<!DOCTYPE spec PUBLIC \"" + DTD_PUBLIC_ID + "\" \"" + DTD_SYSTEM_ID + "\">");
        x.open("spec");
        if (submission.facility() != null) {
            x.text("facility", submission.facility());
        }
        x.text("show", submission.show());
        x.text("shot", submission.shot());
        x.text("user", submission.user());
        x.open("job", "name", job.name());
        x.text("paused", "False");
        x.text("maxretries", Integer.toString(MAX_RETRIES));
        x.open("layers");
        for (FarmStep step : job.steps()) {
            for (Layer layer : layersByStep.get(step.name())) {
                writeLayer(x, layer, step.resources(), submission.service());
            }
        }
        x.close("layers");
        x.close("job");
        x.open("depends");
        for (FarmStep step : job.steps()) {
            for (FarmStep.Dependency d : step.dependsOn()) {
                List<Layer> on = layersByStep.get(d.step());
                for (Layer layer : layersByStep.get(step.name())) {
                    if (d.frameByFrame()) {
                        // FarmJob checked that the other step has one parameter: one layer, same frames.
                        writeDepend(x, "FRAME_BY_FRAME", job.name(), layer.name, on.get(0).name);
                    } else {
                        for (Layer o : on) {
                            writeDepend(x, "LAYER_ON_LAYER", job.name(), layer.name, o.name);
                        }
                    }
                }
            }
        }
        x.close("depends");
        x.close("spec");
        return x.toString();
    }

    /** One layer of a step: its name, its frame range and its shell command. */
    private record Layer(String name, int frames, String cmd) {
    }

    /** The step's layers, one per combination of its later parameters' values, the last varying fastest. */
    private static List<Layer> layers(FarmStep step, Set<String> taken) {
        List<FarmStep.Parameter> ps = step.parameters();
        int frames = ps.isEmpty() ? 1 : ps.get(0).count();
        List<FarmStep.Parameter> across = ps.isEmpty() ? List.of() : ps.subList(1, ps.size());
        List<Layer> layers = new ArrayList<>();
        int[] values = new int[across.size()];
        Arrays.fill(values, 1);
        while (true) {
            StringBuilder name = new StringBuilder(step.name());
            Map<String, String> replace = new LinkedHashMap<>();
            if (!ps.isEmpty()) {
                replace.put(ps.get(0).name(), FRAME_TOKEN);
            }
            for (int i = 0; i < across.size(); i++) {
                FarmStep.Parameter p = across.get(i);
                name.append('-').append(p.labels().get(values[i] - 1));
                replace.put(p.name(), Integer.toString(values[i]));
            }
            layers.add(new Layer(uniqueLayerName(name.toString(), taken), frames, shellCommand(step, replace)));
            int i = values.length - 1;
            while (i >= 0 && values[i] == across.get(i).count()) {
                values[i--] = 1;
            }
            if (i < 0) {
                return layers;
            }
            values[i]++;
        }
    }

    /**
     * A name the Cuebot accepts and tells apart: it lower-cases names and turns '-' into '_' before
     * comparing (JobSpec.conformName), so "Swap-a" and "swap_a" would be the same layer.
     */
    private static String uniqueLayerName(String wanted, Set<String> taken) {
        String base = wanted.replaceAll("[^A-Za-z0-9_.-]+", "_");
        if (base.length() > MAX_LAYER_NAME) {
            base = base.substring(0, MAX_LAYER_NAME);
        }
        if (base.length() < 3) {
            base = base + "-layer";
        }
        String name = base;
        for (int n = 2; !taken.add(conformed(name)); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    private static String conformed(String name) {
        return name.replace('-', '_').toLowerCase(Locale.ROOT);
    }

    /** The command with placeholders replaced, each argument quoted for the shell that RQD runs it in. */
    private static String shellCommand(FarmStep step, Map<String, String> replace) {
        StringBuilder cmd = new StringBuilder();
        for (int i = 0; i < step.command().size(); i++) {
            String arg = step.command().get(i);
            for (Map.Entry<String, String> e : replace.entrySet()) {
                arg = arg.replace("{" + e.getKey() + "}", e.getValue());
            }
            if (i > 0) {
                cmd.append(' ');
            }
            cmd.append(shellQuoted(arg, i == 0));
        }
        return cmd.toString();
    }

    /**
     * The argument as one shell word. The frame token may stay bare: the Cuebot replaces it by digits
     * before the shell sees it. A program name with '=' would read as an assignment.
     */
    private static String shellQuoted(String arg, boolean program) {
        String asRun = arg.replace(FRAME_TOKEN, "1");
        if (!asRun.isEmpty() && SHELL_SAFE.matcher(asRun).matches() && !(program && asRun.contains("="))) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static void writeLayer(Xml x, Layer layer, FarmStep.Resources r, String service) {
        x.open("layer", "name", layer.name, "type", "Render");
        // Element order is the DTD's: cmd, range, chunk, cores?, threadable?, memory?, gpus?, gpu?, gpu_memory?, ...
        x.text("cmd", layer.cmd);
        x.text("range", "1-" + layer.frames);
        x.text("chunk", "1");
        if (r.cores() > 0) {
            // With a decimal point the Cuebot reads cores; without one, hundredths of a core ("core points").
            x.text("cores", r.cores() + ".0");
        }
        if (r.memoryMiB() > 0) {
            x.text("memory", r.memoryMiB() + "m");
        }
        if (r.gpus() > 0 || r.gpuMemoryMiB() > 0) {
            // As pyoutline: the Cuebot wants both or neither, each above zero.
            x.text("gpus", Integer.toString(Math.max(1, r.gpus())));
            x.text("gpu_memory", r.gpuMemoryMiB() > 0 ? r.gpuMemoryMiB() + "m" : "1g");
        }
        x.open("services");
        x.text("service", service);
        x.close("services");
        x.close("layer");
    }

    private static void writeDepend(Xml x, String type, String job, String layer, String onLayer) {
        x.open("depend", "type", type);
        x.text("depjob", job);
        x.text("deplayer", layer);
        x.text("onjob", job);
        x.text("onlayer", onLayer);
        x.close("depend");
    }

    private static void requireCueName(String what, String name) {
        if (name == null || !CUE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("OpenCue " + what + " name '" + name
                    + "' must be at least 3 letters, digits, '_', '.' or '-'");
        }
    }

    /** Just enough of an XML writer: indented elements, escaped text and attributes. */
    private static final class Xml {
        private final StringBuilder out = new StringBuilder();
        private int depth;

        void line(String s) {
            out.append("  ".repeat(depth)).append(s).append('\n');
        }

        void open(String tag, String... attributes) {
            StringBuilder s = new StringBuilder("<").append(tag);
            for (int i = 0; i < attributes.length; i += 2) {
                s.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
            }
            line(s.append('>').toString());
            depth++;
        }

        void close(String tag) {
            depth--;
            line("</" + tag + ">");
        }

        void text(String tag, String text) {
            line("<" + tag + ">" + escape(text) + "</" + tag + ">");
        }

        @Override
        public String toString() {
            return out.toString();
        }

        private static String escape(String s) {
            StringBuilder e = new StringBuilder(s.length());
            for (char c : s.toCharArray()) {
                switch (c) {
                case '&' -> e.append("&amp;");
                case '<' -> e.append("&lt;");
                case '>' -> e.append("&gt;");
                case '"' -> e.append("&quot;");
                case '\t', '\n', '\r' -> e.append("&#").append((int) c).append(';');
                default -> {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        throw new IllegalArgumentException("XML 1.0 cannot carry character U+"
                                + String.format("%04X", (int) c) + " in '" + s + "'");
                    }
                    e.append(c);
                }
                }
            }
            return e.toString();
        }
    }
}
