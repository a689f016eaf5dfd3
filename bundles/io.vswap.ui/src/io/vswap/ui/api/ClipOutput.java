package io.vswap.ui.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Something made from a clip (a swap render, …), listed under the clip in the Project Explorer,
 * where it can be opened, exported, shown in its folder and deleted to the project's trash.
 *
 * @param clip the clip it was made from
 * @param kind what made it, one word ({@code swap}): the bundle that lists it opens it
 * @param label what the explorer shows ({@code star → disc  e20261207-111818})
 * @param video the file to play and to export
 * @param files every file of it (the video and its lossless copy, sheet and record), deleted and
 *        restored together; {@code video} among them
 * @param written when it was written
 */
public record ClipOutput(ClipRef clip, String kind, String label, Path video, List<Path> files, Instant written) {

    public ClipOutput {
        files = List.copyOf(files);
        if (!files.contains(video)) {
            throw new IllegalArgumentException(video + " is not among the output's files " + files);
        }
    }
}
