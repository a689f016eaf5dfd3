package io.vswap.swap.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What an {@link EditMethod} reports of one run, typed: the job, the render record, the benchmark,
 * the evaluation and the workbench read its numbers as numbers. Figures only one method has travel
 * as named {@link #figures} (numbers) and {@link #notes} (text for people, never parsed back).
 *
 * @param settings every setting the run used, defaults included (numbers as Integer or Double)
 * @param stages the stages in the order they ended, each with the seconds since the run began
 * @param losses final losses of what the method optimised, by name ({@code registration})
 * @param replays steps redone because a gradient did not reproduce, by stage
 * @param cache what the run reused from, or wrote to, the {@link PreprocessingCache}
 * @param warnings what may make the result wrong, in words for the user
 * @param figures other numbers, by name ({@code placement.energy.first}, …)
 * @param notes other facts, in words ({@code points.visible}, {@code registration.gradients}, …)
 */
public record EditReport(Map<String, Object> settings, List<Stage> stages, Map<String, Double> losses,
        List<Replays> replays, List<CacheUse> cache, List<String> warnings, Map<String, Double> figures,
        Map<String, String> notes) {

    /** A stage that ended {@code elapsedSeconds} after the run began ({@code dift}, {@code edit}, …). */
    public record Stage(String name, double elapsedSeconds) {
    }

    /** How many steps of {@code stage} were redone, and which ({@code iteration 0: …}). */
    public record Replays(String stage, int count, List<String> which) {
        public Replays {
            which = List.copyOf(which);
        }
    }

    /** What became of one part of the source side. */
    public enum CacheOutcome {
        /** read from the cache */
        REUSED,
        /** computed and written to the cache */
        COMPUTED,
        /** computed; writing it failed ({@link CacheUse#detail} says why): the next edit computes it again */
        NOT_CACHED
    }

    /** One part of the source side ({@code dift}, {@code registration}, {@code inversion}) and its cache file. */
    public record CacheUse(String part, CacheOutcome outcome, String file, String detail) {
    }

    public EditReport {
        settings = ordered(settings);
        stages = List.copyOf(stages);
        losses = ordered(losses);
        replays = List.copyOf(replays);
        cache = List.copyOf(cache);
        warnings = List.copyOf(warnings);
        figures = ordered(figures);
        notes = ordered(notes);
    }

    private static <V> Map<String, V> ordered(Map<String, V> m) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** A report with nothing in it (a method that keeps no source side, for {@link EditMethod#prepare}). */
    public static EditReport empty() {
        return new Builder().build();
    }

    /** Seconds from the run's start to the end of {@code stage}; empty when the run had no such stage. */
    public OptionalDouble elapsedAfter(String stage) {
        return stages.stream().filter(s -> s.name().equals(stage)).mapToDouble(Stage::elapsedSeconds).findFirst();
    }

    /** Seconds the whole run took (the last stage's end); 0 for a run without stages. */
    public double elapsedSeconds() {
        return stages.stream().mapToDouble(Stage::elapsedSeconds).max().orElse(0);
    }

    public Optional<CacheUse> cacheUse(String part) {
        return cache.stream().filter(c -> c.part().equals(part)).findFirst();
    }

    public OptionalDouble figure(String name) {
        Double v = figures.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    public OptionalDouble loss(String name) {
        Double v = losses.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    public Optional<String> note(String name) {
        return Optional.ofNullable(notes.get(name));
    }

    /** Each stage's own seconds, in order ({@code dift 1.2 s, registration 3.4 s, …}); empty without stages. */
    public String stageTimes() {
        double before = 0;
        List<String> times = new ArrayList<>();
        for (Stage s : stages) {
            // a stage that took no time (read from the cache; the edit's end after its last placement pass)
            // is not shown as "0.0 s": the cache use says what was reused
            if (s.elapsedSeconds() - before >= 0.05) {
                times.add(String.format(java.util.Locale.ROOT, "%s %.1f s", s.name(), s.elapsedSeconds() - before));
            }
            before = s.elapsedSeconds();
        }
        return String.join(", ", times);
    }

    /**
     * The report in one line for people ({@code dift 1.2 s, registration 3.4 s, …; loss registration 0.0123;
     * cache dift reused, …; notes}): shown, never parsed.
     */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (!stages.isEmpty()) {
            parts.add(stageTimes());
        }
        losses.forEach((k, v) -> parts.add(String.format(java.util.Locale.ROOT, "final loss %s %.4g", k, v)));
        replays.stream().filter(r -> r.count() > 0).forEach(r -> parts.add(r.stage() + " replays " + r.count()));
        cache.forEach(c -> parts.add("cache " + c.part() + " " + c.outcome().name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' ') + (c.detail().isEmpty() ? "" : " (" + c.detail() + ")")));
        warnings.forEach(w -> parts.add("warning: " + w));
        notes.forEach((k, v) -> {
            if (!k.equals("cache.folder")) {
                parts.add(k + " " + v);
            }
        });
        return String.join("; ", parts);
    }

    /** Collects a report while a method runs; keeps insertion order. */
    public static final class Builder {
        private final long start = System.nanoTime();
        private final Map<String, Object> settings = new LinkedHashMap<>();
        private final List<Stage> stages = new ArrayList<>();
        private final Map<String, Double> losses = new LinkedHashMap<>();
        private final List<Replays> replays = new ArrayList<>();
        private final List<CacheUse> cache = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private final Map<String, Double> figures = new LinkedHashMap<>();
        private final Map<String, String> notes = new LinkedHashMap<>();

        public Builder settings(Map<String, Object> used) {
            settings.putAll(used);
            return this;
        }

        /** Marks the end of {@code name} now, timed from this builder's creation. */
        public Builder stageEnded(String name) {
            return stage(name, (System.nanoTime() - start) / 1e9);
        }

        public Builder stage(String name, double elapsedSeconds) {
            stages.add(new Stage(name, elapsedSeconds));
            return this;
        }

        public Builder loss(String name, double value) {
            losses.put(name, value);
            return this;
        }

        public Builder replays(String stage, int count, List<String> which) {
            replays.add(new Replays(stage, count, which));
            return this;
        }

        public Builder cache(String part, CacheOutcome outcome, String file, String detail) {
            cache.add(new CacheUse(part, outcome, file, detail == null ? "" : detail));
            return this;
        }

        public Builder warning(String text) {
            warnings.add(text);
            return this;
        }

        public Builder figure(String name, double value) {
            figures.put(name, value);
            return this;
        }

        public Builder note(String name, String text) {
            notes.put(name, text);
            return this;
        }

        public EditReport build() {
            return new EditReport(settings, stages, losses, replays, cache, warnings, figures, notes);
        }
    }
}
