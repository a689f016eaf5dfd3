package io.vswap.eval.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.SwapRenders;
import io.vswap.ui.api.ClipOutput;

/**
 * A swap render picked in the Project Explorer: its record ({@code renders/<stem>.json}), what the
 * explorer calls it, and the clip it is of (read from the record).
 */
public record RenderChoice(Path record, String label, SwapRender.ClipInfo clip) {

    /** The explorer's kind of a swap render ({@code io.vswap.swap.ui}'s outputs). */
    static final String SWAP_KIND = "swap";

    /** The render behind {@code output}, when it is a swap render with a readable record. */
    public static Optional<RenderChoice> of(ClipOutput output) throws IOException {
        if (!SWAP_KIND.equals(output.kind())) {
            return Optional.empty();
        }
        Optional<Path> record = output.files().stream().filter(f -> f.getFileName().toString().endsWith(".json"))
                .findFirst();
        if (record.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RenderChoice(record.get(), output.label(), SwapRenders.read(record.get()).clip()));
    }

    /**
     * Why {@code renders} cannot be compared, in words, or empty when they can: two to four renders of
     * one clip, at one size and frame count.
     */
    public static Optional<String> whyNotComparable(List<RenderChoice> renders) {
        if (renders.size() < 2 || renders.size() > 4) {
            return Optional.of("Pick two to four renders of one clip to compare (" + renders.size() + " picked).");
        }
        SwapRender.ClipInfo first = renders.get(0).clip();
        for (RenderChoice r : renders.subList(1, renders.size())) {
            SwapRender.ClipInfo c = r.clip();
            if (!c.shot().equals(first.shot()) || !c.clip().equals(first.clip())) {
                return Optional.of("\"" + renders.get(0).label() + "\" is of clip \"" + first.clip() + "\" of shot \""
                        + first.shotName() + "\", \"" + r.label() + "\" of clip \"" + c.clip() + "\" of shot \""
                        + c.shotName() + "\": only renders of one clip are compared, frame by frame.");
            }
            if (c.frames() != first.frames() || c.width() != first.width() || c.height() != first.height()) {
                return Optional.of("\"" + renders.get(0).label() + "\" has " + first.frames() + " frames of "
                        + first.width() + "×" + first.height() + ", \"" + r.label() + "\" " + c.frames() + " of "
                        + c.width() + "×" + c.height() + ": renders are compared frame by frame, at one size.");
            }
        }
        return Optional.empty();
    }
}
