package io.vswap.batch.internal;

import java.nio.file.Path;
import java.util.Optional;

/** The run options of {@code vswap batch [options] SPEC} (the compute options are taken off before). */
record RunArguments(Path spec, Optional<String> task, boolean planOnly, boolean jsonl, Optional<Path> logs,
        PathMapping mapping) {

    static RunArguments parse(String[] args) {
        Path spec = null;
        Optional<String> task = Optional.empty();
        boolean plan = false;
        boolean jsonl = false;
        Optional<Path> logs = Optional.empty();
        PathMapping mapping = PathMapping.NONE;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a.startsWith("--") && a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            String inline = a.startsWith("--") && a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
            switch (name) {
            case "--plan" -> plan = true;
            case "--task", "--logs", "--map-path", "--progress" -> {
                String v = inline;
                if (v == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    v = args[++i];
                }
                switch (name) {
                case "--task" -> task = Optional.of(v);
                case "--logs" -> logs = Optional.of(Path.of(v));
                case "--map-path" -> mapping = mapping.with(PathMapping.rule(v));
                default -> {
                    if (!v.equals("jsonl") && !v.equals("text")) {
                        throw new IllegalArgumentException("--progress " + v + ": use jsonl or text");
                    }
                    jsonl = v.equals("jsonl");
                }
                }
            }
            default -> {
                if (a.startsWith("-")) {
                    throw new IllegalArgumentException("unknown option " + a + ".");
                }
                if (spec != null) {
                    throw new IllegalArgumentException("one spec at a time; put several jobs in one spec's \"jobs\" "
                            + "list. Got: " + spec + " and " + a);
                }
                spec = Path.of(a);
            }
            }
        }
        if (spec == null) {
            throw new IllegalArgumentException("no spec given.");
        }
        if (plan && task.isPresent()) {
            throw new IllegalArgumentException("--plan lists every task; leave --task out");
        }
        return new RunArguments(spec, task, plan, jsonl, logs, mapping);
    }

    /** {@code <spec folder>/<spec name without .json>.logs}. */
    static Path defaultLogs(Path specFile) {
        String name = specFile.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return specFile.toAbsolutePath().resolveSibling(stem + ".logs");
    }
}
