package io.vswap.bench.internal;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.DdimInversion;
import io.vswap.diffusion.api.ModelProvider;
import io.vswap.diffusion.api.SeededNoise;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.swap.api.DiffusionModels;

/**
 * One stage of the tiny swap (DDIM inversion of a 16-frame clip's latents with the shipped sample
 * model's video UNet) timed on an idle machine and beside two busy threads that this benchmark
 * starts itself, alternately, twice each: wall seconds and the stage's CPU seconds (the process's
 * CPU time less the busy threads' own). The reference is the idle run of the same process: a CPU
 * ratio near 1 means the engine's threads waste nothing when they share the cores.
 */
final class LoadBenchmark {

    static final int FRAMES = 16;
    static final double GOAL = 1.3;

    private final int steps;

    LoadBenchmark(int steps) {
        this.steps = steps;
    }

    record Figures(double wall, double cpu) {
    }

    void run(PrintStream out) throws Exception {
        TensorRuntime rt = SwapBenchmark.service(TensorRuntime.class, null);
        ModelProvider provider = SwapBenchmark.service(ModelProvider.class, p -> p.id().equals("sample"));
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "load: %s; %s; %d cores; load average %s%n", rt.engineDescription(), rt.cpuThreading(),
                cores, SwapBenchmark.loadAverage());
        rt.call(() -> {
            try (NDManager root = rt.newManager();
                    VideoDiffusionModel model = VideoDiffusionModel.load(provider.layout(), root, rt.precision())) {
                DiffusionModels dm = new DiffusionModels(rt, model);
                int h = 64 / dm.vaeScale();
                long c = model.unet().imageUNet().config().inChannels();
                NDArray latents = SeededNoise.normal(root, 1, new Shape(FRAMES, c, h, h));
                NDArray text = model.textEncoder().encode(root, new int[][] {
                        model.tokenizer().encode("a red star on a grey striped background") }).repeat(0, FRAMES);
                Runnable stage = () -> {
                    DdimInversion inversion = new DdimInversion(dm.ddim(steps), 0);
                    try (NDArray z = inversion.invert(latents, (x, t) -> model.unet().forward(x, FRAMES,
                            new float[] { t }, text, null))) {
                        z.toFloatArray();
                    }
                };
                out.printf(Locale.ROOT, "load: stage: DDIM inversion x%d, the sample model's video UNet, latents %d x %d x "
                        + "%dx%d; a warm-up run first%n", steps, FRAMES, c, h, h);
                measure(stage, 0); // JIT and allocator warm-up
                List<Figures> idle = new ArrayList<>();
                List<Figures> loaded = new ArrayList<>();
                for (int round = 0; round < 2; round++) {
                    idle.add(measure(stage, 0));
                    loaded.add(measure(stage, 2));
                }
                Figures i = mean(idle);
                Figures l = mean(loaded);
                out.printf(Locale.ROOT, "load: idle                     wall %6.2f s  CPU %6.2f s  (runs: %s)%n", i.wall(),
                        i.cpu(), runs(idle));
                out.printf(Locale.ROOT, "load: beside 2 busy threads    wall %6.2f s  CPU %6.2f s  (runs: %s)%n", l.wall(),
                        l.cpu(), runs(loaded));
                double ratio = l.cpu() / i.cpu();
                out.printf(Locale.ROOT, "load: CPU seconds under load / idle: %.2f (goal <= %.1f: %s); wall: %.2f%n", ratio,
                        GOAL, ratio <= GOAL ? "met" : "NOT MET", l.wall() / i.wall());
            }
            return null;
        });
    }

    /** Runs {@code stage} beside {@code busyThreads} spinning threads: its wall and CPU seconds. */
    static Figures measure(Runnable stage, int busyThreads) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean();
        boolean[] stop = { false };
        List<Thread> busy = new ArrayList<>();
        for (int b = 0; b < busyThreads; b++) {
            Thread t = new Thread(() -> {
                double x = 1;
                while (!isStopped(stop)) {
                    for (int k = 0; k < 100_000; k++) {
                        x = x * 1.0000001 + 1e-9;
                    }
                }
                if (x == 42) { // keeps the loop from being optimised away
                    System.out.print("");
                }
            }, "bench-busy-" + b);
            t.setDaemon(true);
            t.start();
            busy.add(t);
        }
        Thread.sleep(busyThreads > 0 ? 200 : 0); // let the load settle in
        long busy0 = busy.stream().mapToLong(t -> threads.getThreadCpuTime(t.threadId())).sum();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        stage.run();
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        long busyCpu = busy.stream().mapToLong(t -> threads.getThreadCpuTime(t.threadId())).sum() - busy0;
        synchronized (stop) {
            stop[0] = true;
        }
        for (Thread t : busy) {
            t.join();
        }
        return new Figures(wall / 1e9, (cpu - busyCpu) / 1e9);
    }

    private static boolean isStopped(boolean[] stop) {
        synchronized (stop) {
            return stop[0];
        }
    }

    private static Figures mean(List<Figures> f) {
        return new Figures(f.stream().mapToDouble(Figures::wall).average().orElse(0),
                f.stream().mapToDouble(Figures::cpu).average().orElse(0));
    }

    private static String runs(List<Figures> f) {
        return String.join(", ", f.stream().map(x -> String.format(Locale.ROOT, "%.2f/%.2f", x.wall(), x.cpu())).toList());
    }
}
