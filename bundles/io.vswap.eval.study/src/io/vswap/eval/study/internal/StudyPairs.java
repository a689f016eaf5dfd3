package io.vswap.eval.study.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.vswap.eval.study.api.StudyPair;
import io.vswap.eval.study.api.StudyPair.Render;
import io.vswap.files.api.StrictJson;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.SwapRenders;

/** Where a study's pairs come from: a pairs file people write, or swap render records paired per clip. */
final class StudyPairs {

    private StudyPairs() {
    }

    /**
     * A pairs file: {@code {"pairs": [{"id": "p1", "clip": "…", "a": {"variant": "…", "video": "…"},
     * "b": {…}, "source": "…"}]}} ({@code id}, {@code clip} and {@code source} may be left out); videos
     * relative to the file's folder.
     */
    static List<StudyPair> fromPairsFile(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Path base = file.toAbsolutePath().getParent();
        List<StudyPair> pairs = new ArrayList<>();
        try {
            JsonObject o = StrictJson.parse(text).getAsJsonObject();
            int i = 0;
            for (JsonElement e : o.getAsJsonArray("pairs")) {
                i++;
                JsonObject p = e.getAsJsonObject();
                String id = p.has("id") ? p.get("id").getAsString() : id(i);
                Optional<Path> source = p.has("source") ? Optional.of(base.resolve(p.get("source").getAsString()))
                        : Optional.empty();
                pairs.add(new StudyPair(id, p.has("clip") ? p.get("clip").getAsString() : "",
                        render(p.getAsJsonObject("a"), base), render(p.getAsJsonObject("b"), base), source));
            }
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a readable pairs file (" + e.getMessage() + "); it lists "
                    + "{\"pairs\": [{\"a\": {\"variant\": …, \"video\": …}, \"b\": {…}}, …]}", e);
        }
        return pairs;
    }

    private static Render render(JsonObject r, Path base) {
        return new Render(r.get("variant").getAsString(), base.resolve(r.get("video").getAsString()));
    }

    static String id(int i) {
        return String.format(Locale.ROOT, "p%02d", i);
    }

    /**
     * Swap render records, paired per clip: every two renders of the same clip by different variants
     * (the job's name where it has one, else its method) make a pair; the video shown is the render's
     * MP4 (a browser plays it; the lossless MKV it does not).
     *
     * @param firstId the number the first pair's id takes
     */
    static List<StudyPair> fromRenders(List<Path> records, int firstId) throws IOException {
        List<SwapRender> renders = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        for (Path f : records) {
            renders.add(SwapRenders.read(f));
            folders.add(f.toAbsolutePath().getParent());
        }
        List<StudyPair> pairs = new ArrayList<>();
        for (int i = 0; i < renders.size(); i++) {
            for (int j = i + 1; j < renders.size(); j++) {
                SwapRender x = renders.get(i);
                SwapRender y = renders.get(j);
                if (!clip(x).equals(clip(y)) || variant(x).equals(variant(y))) {
                    continue;
                }
                pairs.add(new StudyPair(id(firstId + pairs.size()), clip(x),
                        new Render(variant(x), video(x, folders.get(i), records.get(i))),
                        new Render(variant(y), video(y, folders.get(j), records.get(j))), Optional.empty()));
            }
        }
        return pairs;
    }

    private static String clip(SwapRender r) {
        return r.clip().shotName() + " / " + r.clip().clip();
    }

    private static String variant(SwapRender r) {
        return r.job().name().orElse(r.job().method());
    }

    private static Path video(SwapRender r, Path folder, Path record) throws IOException {
        return r.files().stream().filter(f -> f.toLowerCase(Locale.ROOT).endsWith(".mp4")).findFirst()
                .or(() -> r.files().stream().findFirst()).map(folder::resolve)
                .orElseThrow(() -> new IOException(record + " names no video file"));
    }
}
