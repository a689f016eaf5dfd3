package io.vswap.swap.ui.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A description of a source and its subject when the clip can say, for the swap forms to propose:
 * a sample-world video has its truth file beside it ({@code shot.mkv} → {@code shot.truth.json})
 * with the caption and the shape's word. Other footage says nothing: the user writes them.
 */
public final class SourceCaption {

    private SourceCaption() {
    }

    /** {prompt, subject word} from the truth file beside {@code video}, or empty. */
    public static Optional<String[]> beside(Path video) {
        String name = video.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path truth = video.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".truth.json");
        if (!Files.isRegularFile(truth)) {
            return Optional.empty();
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(truth)).getAsJsonObject();
            if (!"vswap-sample-truth".equals(o.get("format").getAsString())) {
                return Optional.empty();
            }
            return Optional.of(new String[] { o.get("caption").getAsString(),
                    o.getAsJsonObject("spec").get("shape").getAsString() });
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not a truth file we can read: nothing proposed
        }
    }
}
