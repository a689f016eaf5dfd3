package io.vswap.eval.study.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.vswap.eval.study.api.Blinding.Presentation;
import io.vswap.eval.study.api.Blinding.Shown;
import io.vswap.eval.study.api.StudyPair.Render;
import io.vswap.files.api.AtomicFile;

/**
 * The one JSON mapping of a {@link Study} (format {@code vswap-preference-study}): version 1 is
 * written and read, a newer one is refused by name. Videos inside the study file's folder are
 * written relative to it, so the folder can be moved whole.
 */
public final class Studies {

    public static final String FORMAT = "vswap-preference-study";
    public static final int VERSION = 1;
    /** The study file's name in a study folder. */
    public static final String FILE = "study.json";

    private Studies() {
    }

    /** Writes {@code study} to {@code file}, atomically. */
    public static void write(Path file, Study study) throws IOException {
        AtomicFile.writeString(file, toJson(study, file.toAbsolutePath().getParent()));
    }

    static String toJson(Study s, Path folder) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        o.addProperty("id", s.id());
        o.addProperty("title", s.title());
        o.addProperty("seed", s.seed());
        o.addProperty("blinding", Blinding.RULE);
        o.addProperty("reference", s.reference());
        o.add("criteria", criteria(s.criteria()));
        JsonArray choices = new JsonArray();
        for (Choice c : Choice.values()) {
            choices.add(c.word());
        }
        o.add("choices", choices);
        JsonArray pairs = new JsonArray();
        for (StudyPair p : s.pairs()) {
            JsonObject x = new JsonObject();
            x.addProperty("id", p.id());
            x.addProperty("clip", p.clip());
            x.add("a", render(p.a(), folder));
            x.add("b", render(p.b(), folder));
            p.source().ifPresent(v -> x.addProperty("source", shown(v, folder)));
            pairs.add(x);
        }
        o.add("pairs", pairs);
        JsonArray raters = new JsonArray();
        for (Presentation p : s.raters()) {
            raters.add(presentation(p));
        }
        o.add("raters", raters);
        return StudyJson.pretty(o);
    }

    /** The questions as the study file and the web page list them. */
    static JsonArray criteria(List<Criterion> criteria) {
        JsonArray a = new JsonArray();
        for (Criterion c : criteria) {
            JsonObject x = new JsonObject();
            x.addProperty("id", c.id());
            x.addProperty("name", c.name());
            x.addProperty("question", c.question());
            a.add(x);
        }
        return a;
    }

    /** A presentation as study and answers files record it: the pair ids in order, and which render is on the left. */
    static JsonObject presentation(Presentation p) {
        JsonObject x = new JsonObject();
        x.addProperty("name", p.rater());
        JsonArray order = new JsonArray();
        JsonArray left = new JsonArray();
        for (Shown sh : p.pairs()) {
            order.add(sh.pairId());
            left.add(sh.aOnLeft() ? "a" : "b");
        }
        x.add("order", order);
        x.add("left", left);
        return x;
    }

    private static JsonObject render(Render r, Path folder) {
        JsonObject x = new JsonObject();
        x.addProperty("variant", r.variant());
        x.addProperty("video", shown(r.video(), folder));
        return x;
    }

    private static String shown(Path video, Path folder) {
        Path abs = video.toAbsolutePath().normalize();
        return abs.startsWith(folder.normalize()) ? folder.normalize().relativize(abs).toString() : abs.toString();
    }

    /**
     * Reads a study file.
     *
     * @throws StudyFileException naming the file: missing, damaged, not a study, or of a newer version
     */
    public static Study read(Path file) throws StudyFileException {
        JsonObject o = StudyJson.open(file, StudyJson.read(file, "study file"), FORMAT, VERSION, "study file");
        try {
            String rule = StudyJson.text(o, "blinding");
            if (!Blinding.RULE.equals(rule)) {
                throw new IllegalArgumentException("its blinding rule \"" + rule + "\" is not " + Blinding.RULE);
            }
            Path folder = file.toAbsolutePath().getParent();
            List<Criterion> criteria = new ArrayList<>();
            for (JsonElement e : StudyJson.array(o, "criteria")) {
                JsonObject c = StudyJson.object(e, "a criterion");
                criteria.add(new Criterion(StudyJson.text(c, "id"), StudyJson.text(c, "name"),
                        StudyJson.text(c, "question")));
            }
            List<StudyPair> pairs = new ArrayList<>();
            for (JsonElement e : StudyJson.array(o, "pairs")) {
                JsonObject p = StudyJson.object(e, "a pair");
                Optional<Path> source = p.has("source") ? Optional.of(folder.resolve(StudyJson.text(p, "source")))
                        : Optional.empty();
                pairs.add(new StudyPair(StudyJson.text(p, "id"), StudyJson.text(p, "clip"),
                        readRender(p.get("a"), folder), readRender(p.get("b"), folder), source));
            }
            List<Presentation> raters = new ArrayList<>();
            for (JsonElement e : StudyJson.array(o, "raters")) {
                raters.add(readPresentation(StudyJson.object(e, "a rater")));
            }
            long seed = o.get("seed").getAsBigDecimal().longValueExact();
            return new Study(StudyJson.text(o, "id"), StudyJson.text(o, "title"), seed, StudyJson.text(o,
                    "reference"), criteria, pairs, raters);
        } catch (RuntimeException e) {
            throw new StudyFileException(file, "is a damaged study file: " + e.getMessage());
        }
    }

    private static Render readRender(JsonElement e, Path folder) {
        JsonObject r = StudyJson.object(e, "a pair's render");
        return new Render(StudyJson.text(r, "variant"), folder.resolve(StudyJson.text(r, "video")));
    }

    static Presentation readPresentation(JsonObject x) {
        JsonArray order = StudyJson.array(x, "order");
        JsonArray left = StudyJson.array(x, "left");
        if (order.size() != left.size()) {
            throw new IllegalArgumentException("a presentation's order and sides differ in length");
        }
        List<Shown> shown = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            String side = left.get(i).getAsString();
            if (!side.equals("a") && !side.equals("b")) {
                throw new IllegalArgumentException("a side is \"a\" or \"b\", not \"" + side + "\"");
            }
            shown.add(new Shown(i + 1, order.get(i).getAsString(), side.equals("a")));
        }
        return new Presentation(StudyJson.text(x, "name"), shown);
    }
}
