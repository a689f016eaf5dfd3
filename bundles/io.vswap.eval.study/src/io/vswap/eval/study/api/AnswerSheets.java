package io.vswap.eval.study.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.vswap.eval.study.api.AnswerSheet.PairAnswer;
import io.vswap.eval.study.api.Blinding.Presentation;
import io.vswap.eval.study.api.Blinding.Shown;
import io.vswap.files.api.AtomicFile;

/**
 * The one JSON mapping of an {@link AnswerSheet} (format {@code vswap-study-answers}), the same
 * whether the workbench wrote it or the study's web page exported it: version 1 is written and
 * read, a newer one is refused by name.
 */
public final class AnswerSheets {

    public static final String FORMAT = "vswap-study-answers";
    public static final int VERSION = 1;

    private AnswerSheets() {
    }

    /** Writes {@code sheet}, atomically: a reader (or a crash) sees the previous answers or these, whole. */
    public static void write(Path file, AnswerSheet sheet) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        o.addProperty("study", sheet.studyId());
        o.addProperty("rater", sheet.rater());
        JsonArray answers = new JsonArray();
        for (PairAnswer a : sheet.answers()) {
            JsonObject x = new JsonObject();
            x.addProperty("pair", a.pairId());
            x.addProperty("position", a.position());
            x.addProperty("left", a.aOnLeft() ? "a" : "b");
            JsonObject choices = new JsonObject();
            a.choices().forEach((k, v) -> choices.addProperty(k, v.word()));
            x.add("choices", choices);
            x.addProperty("at", a.answeredAt());
            answers.add(x);
        }
        o.add("answers", answers);
        AtomicFile.writeString(file, StudyJson.pretty(o));
    }

    /**
     * Reads an answers file and checks it against {@code study}: its study id, its pairs (each known,
     * once, on the side this rater's presentation shows it), its questions and answers.
     *
     * @throws StudyFileException naming the file and what is wrong, in words
     */
    public static AnswerSheet read(Path file, Study study) throws StudyFileException {
        JsonObject o = StudyJson.open(file, StudyJson.read(file, "answers file"), FORMAT, VERSION, "answers file");
        AnswerSheet sheet;
        try {
            sheet = fromJson(o);
        } catch (RuntimeException e) {
            throw new StudyFileException(file, "is a damaged answers file: " + e.getMessage());
        }
        check(file, sheet, study);
        return sheet;
    }

    private static AnswerSheet fromJson(JsonObject o) {
        List<PairAnswer> answers = new java.util.ArrayList<>();
        for (JsonElement e : StudyJson.array(o, "answers")) {
            JsonObject x = StudyJson.object(e, "an answer");
            String left = StudyJson.text(x, "left");
            if (!left.equals("a") && !left.equals("b")) {
                throw new IllegalArgumentException("a side is \"a\" or \"b\", not \"" + left + "\"");
            }
            Map<String, Choice> choices = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> c : StudyJson.object(x.get("choices"), "an answer's choices")
                    .entrySet()) {
                String word = c.getValue().getAsString();
                choices.put(c.getKey(), Choice.byWord(word).orElseThrow(() -> new IllegalArgumentException(
                        "\"" + word + "\" is not an answer (left, right or cant-tell)")));
            }
            answers.add(new PairAnswer(StudyJson.text(x, "pair"), x.get("position").getAsInt(), left.equals("a"),
                    choices, x.has("at") ? StudyJson.text(x, "at") : ""));
        }
        return new AnswerSheet(StudyJson.text(o, "study"), StudyJson.text(o, "rater"), answers);
    }

    private static void check(Path file, AnswerSheet sheet, Study study) throws StudyFileException {
        if (!sheet.studyId().equals(study.id())) {
            throw new StudyFileException(file, "holds answers to another study (" + sheet.studyId() + ", not "
                    + study.id() + " \"" + study.title() + "\")");
        }
        Presentation shown = study.presentationFor(sheet.rater());
        Set<String> seen = new HashSet<>();
        for (PairAnswer a : sheet.answers()) {
            if (study.pair(a.pairId()).isEmpty()) {
                throw new StudyFileException(file, "answers a pair this study does not have (\"" + a.pairId()
                        + "\")");
            }
            if (!seen.add(a.pairId())) {
                throw new StudyFileException(file, "answers the pair \"" + a.pairId() + "\" twice");
            }
            Shown s = shown.find(a.pairId());
            if (s.aOnLeft() != a.aOnLeft() || s.position() != a.position()) {
                throw new StudyFileException(file, "shows the pair \"" + a.pairId() + "\" other than this study "
                        + "showed it to " + sheet.rater() + " (position or sides differ): it was not answered on "
                        + "this study's blind order");
            }
            for (String criterion : a.choices().keySet()) {
                if (study.criterion(criterion).isEmpty()) {
                    throw new StudyFileException(file, "answers a question this study does not ask (\"" + criterion
                            + "\")");
                }
            }
        }
    }
}
