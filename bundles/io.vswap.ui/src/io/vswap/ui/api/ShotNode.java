package io.vswap.ui.api;

import io.vswap.video.api.Project;
import io.vswap.video.api.Shot;

/** A shot in the project tree. */
public record ShotNode(Project project, Shot shot) {
}
