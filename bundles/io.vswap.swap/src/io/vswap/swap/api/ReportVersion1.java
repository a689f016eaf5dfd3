package io.vswap.swap.api;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;

import io.vswap.swap.api.EditReport.CacheOutcome;

/**
 * Reads the report of a version-1 render record, whose values were all text
 * ({@code "elapsed.afterEdit": "12.34"}, {@code "cache.dift": "reused dift-….safetensors"}), so that
 * renders made before version 2 stay in the history with their times and cache use.
 */
final class ReportVersion1 {

    private static final Pattern ELAPSED = Pattern.compile("elapsed\\.after(\\w+)");
    private static final Pattern CACHE = Pattern.compile("(reused|computed, not cached:|computed) ?(.*)");

    private ReportVersion1() {
    }

    static EditReport read(JsonObject report, Map<String, Object> settings) {
        EditReport.Builder b = new EditReport.Builder().settings(settings);
        java.util.List<EditReport.Stage> stages = new java.util.ArrayList<>();
        for (var e : report.entrySet()) {
            String key = e.getKey();
            String value = e.getValue().getAsString();
            Matcher elapsed = ELAPSED.matcher(key);
            Matcher cache = CACHE.matcher(value);
            if (elapsed.matches()) {
                // the old file's numbers are text: this is where they are read, once
                String stage = elapsed.group(1);
                stages.add(new EditReport.Stage(Character.toLowerCase(stage.charAt(0)) + stage.substring(1),
                        Double.parseDouble(value)));
            } else if (key.startsWith("cache.") && !key.equals("cache.folder") && cache.matches()) {
                CacheOutcome outcome = switch (cache.group(1)) {
                case "reused" -> CacheOutcome.REUSED;
                case "computed" -> CacheOutcome.COMPUTED;
                default -> CacheOutcome.NOT_CACHED;
                };
                b.cache(key.substring("cache.".length()), outcome, outcome == CacheOutcome.NOT_CACHED ? "" : cache.group(2),
                        outcome == CacheOutcome.NOT_CACHED ? cache.group(2) : "");
            } else if (key.equals("registration.finalLoss")) {
                b.loss("registration", Double.parseDouble(value));
            } else if (key.equals("points.warning")) {
                b.warning(value);
            } else if (!key.equals("settings") && !key.equals("targetPrompt")) {
                b.note(key, value); // the rest stays the text it was
            }
        }
        // version 1 wrote its keys in alphabetical order: the stages in the order they ended
        // (the edit ends with its last pass, at the same time: it goes last)
        stages.stream().sorted(java.util.Comparator.comparingDouble(EditReport.Stage::elapsedSeconds)
                .thenComparing(st -> st.name().equals("edit")))
                .forEach(st -> b.stage(st.name(), st.elapsedSeconds()));
        return b.build();
    }
}
