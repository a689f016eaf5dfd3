package io.vswap.diffusion.internal.gradcheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a gradient verdict holds for: the CPU (model, family, features), the tensor libraries'
 * versions and the environment variables that choose CPU kernels. Another CPU, library or setting
 * is another key, checked anew.
 */
public record MachineKey(String key, String description) {

    /** Environment variables read by the native libraries when they choose kernels. */
    static final String[] KERNEL_SETTINGS = { "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA", "ATEN_CPU_CAPABILITY",
            "MKL_ENABLE_INSTRUCTIONS" };

    public static MachineKey current(String engine, String djlVersion) {
        Map<String, String> cpu = cpuInfo();
        String model = cpu.getOrDefault("model name", System.getProperty("os.arch"));
        String family = cpu.getOrDefault("cpu family", "?") + "/" + cpu.getOrDefault("model", "?");
        String flags = cpu.getOrDefault("flags", "");
        StringBuilder settings = new StringBuilder();
        for (String name : KERNEL_SETTINGS) {
            String v = System.getenv(name);
            if (v != null && !v.isBlank()) {
                settings.append(settings.isEmpty() ? "" : ", ").append(name).append('=').append(v.trim());
            }
        }
        String set = settings.isEmpty() ? "default kernel settings" : settings.toString();
        String key = model + " | " + family + " | " + flags + " | " + engine + " | DJL " + djlVersion + " | " + set
                + " | check " + TrainingGradients.CHECK_VERSION;
        String description = model + " (family/model " + family + "), " + engine + ", DJL " + djlVersion + ", " + set;
        return new MachineKey(key, description);
    }

    /** The first processor's fields of /proc/cpuinfo; empty where there is none. */
    private static Map<String, String> cpuInfo() {
        Map<String, String> out = new LinkedHashMap<>();
        Path p = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(p)) {
                for (String line : Files.readAllLines(p)) {
                    if (line.isBlank()) {
                        break;
                    }
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        out.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                    }
                }
            }
        } catch (IOException e) {
            // no CPU details: the key holds the architecture only
        }
        return out;
    }
}
