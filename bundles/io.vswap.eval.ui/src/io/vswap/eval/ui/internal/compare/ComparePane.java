package io.vswap.eval.ui.internal.compare;

import java.util.List;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import io.vswap.ui.api.ClipCanvas;

/** One player of the Compare editor: a clip (the source or a render) and its metric rows beneath it. */
final class ComparePane {

    private final String name;
    private final List<ImageData> images;
    private final Composite control;
    private final ClipCanvas canvas;
    private final Label metrics;

    ComparePane(Composite parent, String name, List<ImageData> images, String metricRows, String tooltip) {
        this.name = name;
        this.images = images;
        control = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(control);
        canvas = new ClipCanvas(control);
        GridDataFactory.fillDefaults().grab(true, true).hint(160, 120).applyTo(canvas.canvas());
        canvas.setImages(images);
        canvas.setCaption(name, "");
        canvas.setEmptyText("Nothing to show: see the message above");
        metrics = new Label(control, SWT.WRAP);
        metrics.setText(metricRows);
        metrics.setToolTipText(tooltip.isEmpty() ? null : tooltip);
        GridDataFactory.fillDefaults().grab(true, false).hint(160, SWT.DEFAULT).applyTo(metrics);
    }

    String name() {
        return name;
    }

    List<ImageData> images() {
        return images;
    }

    Composite control() {
        return control;
    }

    ClipCanvas canvas() {
        return canvas;
    }

    Label metrics() {
        return metrics;
    }
}
