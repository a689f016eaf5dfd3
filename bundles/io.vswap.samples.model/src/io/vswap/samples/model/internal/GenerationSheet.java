package io.vswap.samples.model.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.vswap.diffusion.api.VaeImageProcessor;
import io.vswap.samples.model.internal.SampleModelEvaluation.Generated;
import io.vswap.video.api.ContactSheet;
import io.vswap.video.api.RgbFrame;

/**
 * A contact sheet of generated clips, so the figures can be checked by eye: one row per clip
 * (frames 0, 5, 10 and 15 of 16), each tile framed green where the checker read the asked shape
 * in the asked colour and red where it did not.
 */
final class GenerationSheet {

    /** Frames shown per clip; {@link ContactSheet} lays out four tiles to a row. */
    private static final int SHOWN = 4;

    private GenerationSheet() {
    }

    /** @param size the generated frames' width and height */
    static byte[] png(List<Generated> clips, int size) {
        List<RgbFrame> tiles = new ArrayList<>();
        List<Boolean> asAsked = new ArrayList<>();
        for (Generated g : clips) {
            int n = g.frames().size();
            for (int i = 0; i < SHOWN; i++) {
                int f = SHOWN == 1 ? 0 : Math.round(i * (n - 1) / (float) (SHOWN - 1));
                tiles.add(new RgbFrame(f, size, size, VaeImageProcessor.numpyToPil(g.frames().get(f))));
                asAsked.add(g.asAsked(f));
            }
        }
        return ContactSheet.png(tiles, (g, index) -> {
            RgbFrame t = tiles.get(index);
            g.setColor(asAsked.get(index) ? new Color(0, 200, 0) : new Color(230, 0, 0));
            g.setStroke(new BasicStroke(2));
            g.drawRect(1, 1, t.width() - 2, t.height() - 2);
        });
    }

    static String captions(List<Generated> clips) {
        return clips.stream().map(g -> "\"" + g.spec().caption() + "\"").collect(Collectors.joining(", "));
    }
}
