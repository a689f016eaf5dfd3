package io.vswap.swap.ui.internal.editor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.SwapRenders;
import io.vswap.swap.api.SwapSpec;
import io.vswap.ui.api.ClipRef;

/**
 * One swap render in the editor's history: its record ({@code renders/*-swap-*.json}, read by
 * {@link SwapRenders}) with the file it came from and when that was written.
 */
public record RenderRecord(Path file, FileTime written, SwapRender render) {

    /** The clip's swap records in the project's renders folder, newest first; unreadable files are skipped. */
    public static List<RenderRecord> list(ClipRef ref) throws IOException {
        Path renders = ref.project().rendersFolder();
        List<RenderRecord> out = new ArrayList<>();
        if (!Files.isDirectory(renders)) {
            return out;
        }
        try (Stream<Path> s = Files.list(renders)) {
            for (Path f : s.filter(p -> p.getFileName().toString().contains("-swap-")
                    && p.getFileName().toString().endsWith(".json")).toList()) {
                read(f).filter(r -> r.isOf(ref)).ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparing(RenderRecord::written).reversed()
                .thenComparing(r -> r.file().getFileName().toString()));
        return out;
    }

    static Optional<RenderRecord> read(Path f) {
        try {
            return Optional.of(new RenderRecord(f, Files.getLastModifiedTime(f), SwapRenders.read(f)));
        } catch (IOException e) {
            return Optional.empty(); // being written, damaged, or of a newer version: not in the history
        }
    }

    boolean isOf(ClipRef ref) {
        return ref.shot().id().equals(render.clip().shot()) && ref.clip().name().equals(render.clip().clip());
    }

    private SwapSpec job() {
        return render.job();
    }

    /** The edit's name, or the file's stem for an unnamed one. */
    public String name() {
        return job().name().orElse(stem());
    }

    public boolean named() {
        return job().name().isPresent();
    }

    public String stem() {
        String f = file.getFileName().toString();
        return f.substring(0, f.length() - ".json".length());
    }

    public String target() {
        return job().target();
    }

    public String subject() {
        return job().subject();
    }

    public String sourcePrompt() {
        return job().prompt();
    }

    public String targetPrompt() {
        return job().targetPrompt();
    }

    public String method() {
        return job().method();
    }

    public EditReport report() {
        return render.report();
    }

    /** The lossless render (the first file the record lists). */
    public Path video() {
        return file.resolveSibling(render.files().isEmpty() ? stem() + ".mkv" : render.files().get(0));
    }

    /** Every setting the edit used. */
    public Map<String, Object> settings() {
        return job().settings();
    }

    public List<String> removed() {
        return job().remove();
    }

    public Map<String, double[]> drags() {
        Map<String, double[]> m = new LinkedHashMap<>();
        job().drags().forEach((k, at) -> m.put(k, new double[] { at.x(), at.y() }));
        return m;
    }

    public int keyframe() {
        return job().keyframe();
    }

    /** The model folder the job named. */
    public String model() {
        return job().model().map(Path::toString).orElse(null);
    }
}
