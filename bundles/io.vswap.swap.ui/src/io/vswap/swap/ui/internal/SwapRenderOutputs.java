package io.vswap.swap.ui.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.vswap.swap.ui.internal.editor.RenderRecord;
import io.vswap.ui.api.ClipOutput;
import io.vswap.ui.api.ClipOutputProvider;
import io.vswap.ui.api.ClipRef;

/**
 * A clip's swap renders for the Project Explorer, from their records (as the Swap editor's
 * history reads them): "star → disc  e20261207-111818", the delivery MP4 to play and export,
 * every file of the render (lossless MKV, MP4, sheet, record) to delete and restore together.
 */
@Component(service = ClipOutputProvider.class)
public final class SwapRenderOutputs implements ClipOutputProvider {

    /** The {@link ClipOutput#kind()} of a swap render. */
    public static final String KIND = "swap";

    @Override
    public List<ClipOutput> outputs(ClipRef clip) throws IOException {
        List<ClipOutput> out = new ArrayList<>();
        for (RenderRecord r : RenderRecord.list(clip)) {
            out.add(output(clip, r));
        }
        return out;
    }

    /** The explorer's item for the render {@code r} of {@code clip}. */
    public static ClipOutput output(ClipRef clip, RenderRecord r) {
        List<Path> files = new ArrayList<>();
        r.render().files().forEach(f -> files.add(r.file().resolveSibling(f)));
        if (!files.contains(r.file())) {
            files.add(r.file());
        }
        Path mp4 = files.stream().filter(f -> f.getFileName().toString().endsWith(".mp4") && Files.isRegularFile(f))
                .findFirst().orElse(null);
        Path video = mp4 != null ? mp4 : r.video();
        if (!files.contains(video)) {
            files.add(video);
        }
        String label = r.subject() + " → " + r.target() + "  " + r.name();
        return new ClipOutput(clip, KIND, label, video, files, r.written().toInstant());
    }
}
