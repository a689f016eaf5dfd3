package io.vswap.concepts.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.files.api.AtomicFile;
import io.vswap.files.api.StrictJson;

/**
 * Which libraries are in use, kept in one small file that the workbench and the batch runner share
 * ({@code ~/.vswap/concept-libraries.json}; the system property {@value #PROPERTY} names another).
 * Without it, the user's library is {@code ~/VideoSwap/Concepts} and there are no others.
 */
final class LibrarySettings {

    static final String PROPERTY = "vswap.concepts.settings";
    static final String FORMAT = "vswap-concept-libraries";
    static final int VERSION = 1;

    private LibrarySettings() {
    }

    static Path file() {
        String p = System.getProperty(PROPERTY);
        return p != null && !p.isBlank() ? Path.of(p)
                : Path.of(System.getProperty("user.home"), ".vswap", "concept-libraries.json");
    }

    /**
     * The libraries the settings name, the user's first. A damaged or newer settings file is not
     * guessed at: the defaults are used and the file is left for the user to mend.
     */
    static List<ConceptLibrary> read() {
        Path f = file();
        List<ConceptLibrary> out = new ArrayList<>();
        if (Files.isRegularFile(f)) {
            try {
                JsonObject o = StrictJson.parse(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
                if (FORMAT.equals(o.get("format").getAsString()) && o.get("version").getAsInt() <= VERSION) {
                    out.add(new ConceptLibrary(Path.of(o.get("user").getAsString()), "My concepts", false));
                    for (JsonElement e : o.getAsJsonArray("extra")) {
                        JsonObject x = e.getAsJsonObject();
                        out.add(new ConceptLibrary(Path.of(x.get("folder").getAsString()), x.get("name").getAsString(),
                                x.get("readOnly").getAsBoolean()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                out.clear();
            }
        }
        if (out.isEmpty()) {
            out.add(ConceptLibrary.userDefault());
        }
        return out;
    }

    static void write(Path user, List<ConceptLibrary> extra) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        o.addProperty("user", user.toAbsolutePath().normalize().toString());
        JsonArray a = new JsonArray();
        for (ConceptLibrary l : extra) {
            JsonObject x = new JsonObject();
            x.addProperty("folder", l.folder().toString());
            x.addProperty("name", l.name());
            x.addProperty("readOnly", l.readOnly());
            a.add(x);
        }
        o.add("extra", a);
        Path f = file();
        Files.createDirectories(f.toAbsolutePath().getParent());
        AtomicFile.writeString(f, new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n");
    }
}
