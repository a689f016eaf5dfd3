package io.vswap.eval.ui.internal.view;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.function.IntConsumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.events.MouseAdapter;
import org.eclipse.swt.events.MouseEvent;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.swt.ChartComposite;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import io.vswap.eval.api.Measurement;
import io.vswap.eval.api.MetricResult;

/**
 * One metric's values frame by frame (JFreeChart in its SWT composite): a line with a dot per frame,
 * a gap where a frame has no value, a marker at the frame shown; a click moves to the frame nearest
 * the pointer.
 */
final class MetricChart {

    private static final Color FRAME_MARKER = new Color(0xE0, 0x80, 0x00);
    private static final Color LINE = new Color(0x2F, 0x6F, 0xB3);

    private final Measurement measurement;
    private final ChartComposite composite;
    private final XYPlot plot;
    private final ValueMarker marker;
    private final int frames;

    MetricChart(Composite parent, Measurement measurement, IntConsumer onFrameClicked) {
        this.measurement = measurement;
        MetricResult r = measurement.result().orElseThrow();
        double[] values = r.perFrame();
        frames = values.length;
        XYSeries series = new XYSeries(measurement.label(), false, true);
        for (int f = 0; f < values.length; f++) {
            series.add(f, Double.isNaN(values[f]) ? null : values[f]); // null: no value there, a gap in the line
        }
        String unit = measurement.unit().isEmpty() ? "" : " (" + measurement.unit() + ")";
        JFreeChart chart = ChartFactory.createXYLineChart(measurement.label() + unit, "Frame", measurement.unit(),
                new XYSeriesCollection(series), PlotOrientation.VERTICAL, false, true, false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        chart.addSubtitle(new TextTitle(measurement.direction().words(), new Font(Font.SANS_SERIF, Font.PLAIN, 10)));
        chart.setBackgroundPaint(Color.WHITE);
        plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setRange(-0.5, Math.max(0.5, frames - 0.5));
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setAutoRangeIncludesZero(false);
        for (NumberAxis a : new NumberAxis[] { x, y }) {
            a.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            a.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        }
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
        line.setSeriesPaint(0, LINE);
        line.setSeriesStroke(0, new BasicStroke(1.5f));
        line.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        plot.setRenderer(line);
        marker = new ValueMarker(0, FRAME_MARKER, new BasicStroke(1.5f));
        plot.addDomainMarker(marker);
        // no zoom, no properties, save or print menu: the view's chart is a frame picker, and "Save as"
        // would need a JFreeChart class that 1.5 renamed
        composite = new ChartComposite(parent, SWT.NONE, chart, 360, 190, 120, 90, 4000, 3000, true, false, false,
                false, false, true);
        composite.setDomainZoomable(false);
        composite.setRangeZoomable(false);
        canvas().addMouseListener(new MouseAdapter() {
            @Override
            public void mouseUp(MouseEvent e) {
                if (e.button == 1) {
                    int f = frameAt(e.x);
                    if (f >= 0) {
                        onFrameClicked.accept(f);
                    }
                }
            }
        });
    }

    Control control() {
        return composite;
    }

    /** The canvas the chart is drawn on (the composite's one child), which receives the mouse. */
    Control canvas() {
        return composite.getChildren()[0];
    }

    Measurement measurement() {
        return measurement;
    }

    /** Moves the frame marker to {@code frame}. */
    void setFrame(int frame) {
        marker.setValue(frame);
    }

    int markedFrame() {
        return (int) Math.round(marker.getValue());
    }

    /** The frame nearest the canvas's {@code x}, or -1 before the chart is drawn. */
    int frameAt(int x) {
        Rectangle2D area = dataArea();
        if (area == null) {
            return -1;
        }
        Point2D p = composite.translateScreenToJava2D(new java.awt.Point(x, 0));
        double v = plot.getDomainAxis().java2DToValue(p.getX(), area, plot.getDomainAxisEdge());
        return (int) Math.max(0, Math.min(frames - 1, Math.round(v)));
    }

    /** The canvas's x of {@code frame}'s value (for a click on it), or -1 before the chart is drawn. */
    int xOf(int frame) {
        Rectangle2D area = dataArea();
        if (area == null) {
            return -1;
        }
        double j = plot.getDomainAxis().valueToJava2D(frame, area, plot.getDomainAxisEdge());
        return composite.translateJava2DToScreen(new Point2D.Double(j, area.getCenterY())).x;
    }

    private Rectangle2D dataArea() {
        Rectangle2D area = composite.getChartRenderingInfo().getPlotInfo().getDataArea();
        return area == null || area.getWidth() <= 0 ? null : area;
    }
}
