package io.vswap.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test footage made by the real ffmpeg command (Debian's), as a camera or an editing suite would write it. */
public final class Ffmpeg {

    private Ffmpeg() {
    }

    /**
     * Runs {@code ffmpeg -v error -y <arguments> <output>} and fails the test with ffmpeg's own
     * words when it does not succeed within a minute.
     *
     * @return {@code output}
     */
    public static Path write(Path output, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        command.addAll(List.of(arguments));
        command.add(output.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg " + String.join(" ", arguments) + ": " + log);
        return output;
    }
}
