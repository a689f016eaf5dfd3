package io.vswap.concepts.ui.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.SortedMap;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.swt.ChartComposite;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A training's loss by step (a line per step's loss, and its running mean over a tenth of the steps so
 * far, which is what tells whether the loss falls: a single step's loss swings with its random timestep).
 */
final class LossChart {

    private final ChartComposite composite;
    private final XYSeries steps = new XYSeries("loss of each step");
    private final XYSeries mean = new XYSeries("running mean");

    LossChart(Composite parent) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(steps);
        data.addSeries(mean);
        JFreeChart chart = ChartFactory.createXYLineChart("Training loss", "step", "loss", data,
                PlotOrientation.VERTICAL, true, true, false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xD0, 0xD0, 0xD0));
        plot.setRangeGridlinePaint(new Color(0xD0, 0xD0, 0xD0));
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, new Color(0x90, 0xB0, 0xE0));
        r.setSeriesStroke(0, new BasicStroke(1f));
        r.setSeriesPaint(1, new Color(0x20, 0x50, 0xA0));
        r.setSeriesStroke(1, new BasicStroke(2f));
        plot.setRenderer(r);
        composite = new ChartComposite(parent, SWT.NONE, chart, true);
    }

    Control control() {
        return composite;
    }

    /** Shows {@code losses} (step → loss). Call on the UI thread. */
    void show(SortedMap<Integer, Double> losses) {
        steps.setNotify(false);
        mean.setNotify(false);
        steps.clear();
        mean.clear();
        // over a tenth of the steps, at least 3: a mean of one step would only repeat the loss
        int window = Math.max(3, losses.size() / 10);
        double[] last = new double[window];
        double sum = 0;
        int i = 0;
        for (var e : losses.entrySet()) {
            steps.add(e.getKey(), e.getValue());
            sum += e.getValue() - last[i % window];
            last[i % window] = e.getValue();
            i++;
            mean.add(e.getKey().doubleValue(), sum / Math.min(i, window));
        }
        steps.setNotify(true);
        mean.setNotify(true);
    }

    /** The points of the loss series (for tests). */
    int points() {
        return steps.getItemCount();
    }
}
