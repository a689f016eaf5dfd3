package io.vswap.samples.model.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.files.api.AtomicFile;
import io.vswap.files.api.AtomicFolder;
import io.vswap.samples.model.internal.TrainingPlan.Stage;

/**
 * A training run's checkpoint: a folder {@code checkpoint/} in the work folder with the weights,
 * the optimizer state of the stage under way and {@code state.json}. A new checkpoint is written
 * whole into {@code checkpoint.tmp/} and then swapped in by renames, so a run killed at any
 * moment leaves the previous checkpoint (or, between the two renames, {@code checkpoint.old/})
 * intact; a stray {@code checkpoint.tmp/} is half-written by definition and discarded.
 */
final class Checkpoint {

    static final int FORMAT = 1;

    /** Where a run stands. {@code history} holds the loss curves and evaluations so far. */
    record State(TrainingPlan plan, Stage stage, int step, double scalingFactor, JsonObject history) {
    }

    private Checkpoint() {
    }

    static Path current(Path work) {
        return work.resolve("checkpoint");
    }

    /** The folder of the last complete checkpoint, if any. */
    static Optional<Path> find(Path work) {
        for (String name : new String[] { "checkpoint", "checkpoint.old" }) {
            Path d = work.resolve(name);
            if (Files.isRegularFile(d.resolve("state.json"))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    static Optional<State> read(Path work) throws IOException {
        Optional<Path> dir = find(work);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(dir.get().resolve("state.json"), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(dir.get().resolve("state.json") + " is not a training state: " + e.getMessage()
                    + ". Delete the work folder's checkpoint to start again.", e);
        }
        int format = o.has("format") ? o.get("format").getAsInt() : -1;
        if (format != FORMAT) {
            throw new IOException(dir.get().resolve("state.json") + " has format " + format + "; this version reads "
                    + FORMAT + ". Use the version that wrote it, or a fresh work folder.");
        }
        return Optional.of(new State(TrainingPlan.fromJson(o.getAsJsonObject("plan")),
                Stage.valueOf(o.get("stage").getAsString()), o.get("step").getAsInt(),
                o.get("scaling_factor").getAsDouble(), o.getAsJsonObject("history")));
    }

    static void write(Path work, State state, AtomicFolder.Contents contents) throws IOException {
        AtomicFolder.replace(work.resolve("checkpoint"), folder -> {
            contents.writeInto(folder);
            JsonObject o = new JsonObject();
            o.addProperty("format", FORMAT);
            o.add("plan", state.plan().toJson());
            o.addProperty("stage", state.stage().name());
            o.addProperty("step", state.step());
            o.addProperty("scaling_factor", state.scalingFactor());
            o.add("history", state.history());
            AtomicFile.writeString(folder.resolve("state.json"), new GsonBuilder().setPrettyPrinting().create().toJson(o));
        });
    }
}
