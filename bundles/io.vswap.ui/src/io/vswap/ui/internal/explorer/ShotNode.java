package io.vswap.ui.internal.explorer;

import io.vswap.video.api.Project;
import io.vswap.video.api.Shot;

/** A shot in the project tree. */
public record ShotNode(Project project, Shot shot) {
}
