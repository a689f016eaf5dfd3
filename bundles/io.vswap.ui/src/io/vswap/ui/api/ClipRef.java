package io.vswap.ui.api;

import io.vswap.video.api.Clip;
import io.vswap.video.api.Project;
import io.vswap.video.api.Shot;

/** A clip with the shot and project it belongs to: what the explorer selects and the player plays. */
public record ClipRef(Project project, Shot shot, Clip clip) {
}
