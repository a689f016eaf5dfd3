package io.vswap.ui.internal.jobs;

import org.eclipse.swt.graphics.ImageData;

import io.vswap.video.api.VideoProbe;

/** What the import wizard shows of a source: the codec that claims it, its probe and its first frame. */
public record SourcePreview(String codecId, String codecName, VideoProbe probe, ImageData firstFrame) {
}
