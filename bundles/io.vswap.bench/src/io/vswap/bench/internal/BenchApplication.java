package io.vswap.bench.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/**
 * {@code vswap bench [decode] [track] [--frames N]}: measures our components against a reference
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
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.println("usage: vswap bench [decode] [track] [--frames N]   (no name: all)");
            return IApplication.EXIT_OK;
        }
        List<String> which = rest.isEmpty() ? List.of("decode", "track") : rest;
        for (String name : which) {
            switch (name) {
                case "decode" -> new DecodeBenchmark(frames).run(System.out);
                case "track" -> new io.vswap.points.internal.bench.TrackingBenchmark().run(System.out);
                default -> {
                    System.err.println("unknown benchmark: " + name + " (known: decode, track)");
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
