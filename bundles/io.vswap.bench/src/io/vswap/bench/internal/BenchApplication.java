package io.vswap.bench.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/**
 * {@code vswap bench [decode] [track] [unet] [--frames N] [--batch 2,4] [--steps N]}: measures our components against a reference
 * measured in the same run, so that the ratio means something on a busy shared machine.
 */
public final class BenchApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        List<String> rest = new ArrayList<>(Arrays.asList(args == null ? new String[0] : args));
        int frames = 150;
        int i = rest.indexOf("--frames");
        if (i >= 0 && i + 1 < rest.size()) {
            frames = Integer.parseInt(rest.get(i + 1));
            rest.remove(i + 1);
            rest.remove(i);
        }
        List<Integer> batches = List.of(2);
        int b = rest.indexOf("--batch");
        if (b >= 0 && b + 1 < rest.size()) {
            batches = Arrays.stream(rest.get(b + 1).split(",")).map(String::trim).map(Integer::valueOf).toList();
            rest.remove(b + 1);
            rest.remove(b);
        }
        int steps = 2;
        int st = rest.indexOf("--steps");
        if (st >= 0 && st + 1 < rest.size()) {
            steps = Integer.parseInt(rest.get(st + 1));
            rest.remove(st + 1);
            rest.remove(st);
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.println("usage: vswap bench [decode] [track] [unet] [--frames N] [--batch 2[,4]] [--steps N]\n"
                    + "  no name: decode and track (unet, SD 1.5 size on the CPU, takes minutes and ~6 GB: name it)");
            return IApplication.EXIT_OK;
        }
        List<String> which = rest.isEmpty() ? List.of("decode", "track") : rest;
        for (String name : which) {
            switch (name) {
                case "decode" -> new DecodeBenchmark(frames).run(System.out);
                case "track" -> new io.vswap.points.internal.bench.TrackingBenchmark().run(System.out);
                case "unet" -> new UnetBenchmark(batches, steps).run(System.out);
                default -> {
                    System.err.println("unknown benchmark: " + name + " (known: decode, track, unet)");
                    return 2;
                }
            }
        }
        return IApplication.EXIT_OK;
    }

    @Override
    public void stop() {
        // runs to completion
    }
}
