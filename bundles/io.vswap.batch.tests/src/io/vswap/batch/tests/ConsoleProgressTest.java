package io.vswap.batch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.vswap.batch.internal.ConsoleProgressMonitor;

/** Long work says its stage, how far it is and how long it still needs, on the console. */
class ConsoleProgressTest {

    @Test
    void eachLineSaysTheStageThePercentageAndTheTimeLeft() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgressMonitor m = new ConsoleProgressMonitor(new PrintStream(bytes, true, StandardCharsets.UTF_8), false,
                "[1/1]", new AtomicBoolean());
        m.beginTask("Swapping star → disc", 10);
        m.subTask("registration 1/10");
        assertEquals("", m.timeLeft(), "nothing to tell from yet");
        Thread.sleep(2200);
        m.worked(2); // 20 % in 2.2 s: about 8.8 s to go
        String out = bytes.toString(StandardCharsets.UTF_8);
        String last = out.lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("\\[1/1] 20%  registration 1/10  \\(about (8|9|10|11) s left\\)"), out);
        assertEquals("45 s", io.vswap.batch.api.TimeLeft.duration(45));
        assertEquals("3 min 5 s", io.vswap.batch.api.TimeLeft.duration(185));
        assertEquals("2 h 10 min", io.vswap.batch.api.TimeLeft.duration(7800));
    }
}
