package io.vswap.eval.study.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.vswap.eval.study.api.Blinding.Presentation;
import io.vswap.files.api.AtomicFolder;

/**
 * The study as a static web page for raters elsewhere: a folder with {@code index.html} and the
 * videos beside it in {@code videos/}, opened from disk in any browser, no server. The page keeps
 * each answer in the browser as it is given and exports an answers file ({@link AnswerSheets}'s
 * format) to send back; {@link StudyFolder#importAnswers} takes it in.
 * <p>
 * The page is blind: it names no variant, and its videos are named by a hash, not by pair and side.
 */
public final class StudyWebPage {

    public static final String INDEX = "index.html";
    private static final String PLACEHOLDER = "/*STUDY-DATA*/";

    private StudyWebPage() {
    }

    /** Writes the page folder whole (it replaces {@code folder} only once every video is copied). */
    public static void write(Study study, Path folder) throws IOException {
        String template = template();
        AtomicFolder.replace(folder, into -> {
            Path videos = Files.createDirectories(into.resolve("videos"));
            Map<Path, String> copied = new HashMap<>();
            JsonObject data = new JsonObject();
            data.addProperty("id", study.id());
            data.addProperty("title", study.title());
            data.addProperty("seed", study.seed());
            data.addProperty("blinding", Blinding.RULE);
            data.add("criteria", Studies.criteria(study.criteria()));
            JsonArray pairs = new JsonArray();
            for (StudyPair p : study.pairs()) {
                JsonObject x = new JsonObject();
                x.addProperty("id", p.id());
                x.addProperty("a", copy(study, p.a().video(), videos, copied));
                x.addProperty("b", copy(study, p.b().video(), videos, copied));
                if (p.source().isPresent()) {
                    x.addProperty("source", copy(study, p.source().get(), videos, copied));
                }
                pairs.add(x);
            }
            data.add("pairs", pairs);
            JsonArray raters = new JsonArray();
            for (Presentation pr : study.raters()) {
                raters.add(Studies.presentation(pr));
            }
            data.add("raters", raters);
            // Gson's default escapes <, > and & as \\u003c …: the data cannot close its script element
            Files.writeString(into.resolve(INDEX), template.replace(PLACEHOLDER, new Gson().toJson(data)),
                    StandardCharsets.UTF_8);
        });
    }

    /** Copies a video once, under a name that says nothing of its variant; returns its path in the page. */
    private static String copy(Study study, Path video, Path videos, Map<Path, String> copied) throws IOException {
        Path abs = video.toAbsolutePath().normalize();
        String known = copied.get(abs);
        if (known != null) {
            return known;
        }
        if (!Files.isRegularFile(abs)) {
            throw new IOException("the study's video " + abs + " is missing: make the study again from renders "
                    + "that are there");
        }
        String name = abs.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 ? name.substring(dot).toLowerCase(java.util.Locale.ROOT) : "";
        String hashed = "videos/" + Study.hash(study.id() + "\n" + abs) + ext;
        Files.copy(abs, videos.getParent().resolve(hashed));
        copied.put(abs, hashed);
        return hashed;
    }

    private static String template() throws IOException {
        try (InputStream in = StudyWebPage.class.getResourceAsStream("/web/" + INDEX)) {
            if (in == null) {
                throw new IOException("the study page's template is missing from io.vswap.eval.study: reinstall it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
