package io.vswap.batch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.JobSpecs;
import io.vswap.batch.api.SpecException;

/** One job as JSON, without a spec file: what the workbench hands a job type. */
class JobSpecsTest {

    @Test
    void readsOneJobAndResolvesPathsAgainstTheBase() throws Exception {
        JobSpec spec = JobSpecs.fromJson("""
                {"type": "swap", "project": "p", "steps": 3, "remove": ["a", "b"], "drag": {"a": {"x": 1, "y": 2}}}""",
                Path.of("/base"));
        assertEquals("job", spec.location());
        assertEquals(Path.of("/base/p"), spec.path("project"));
        assertEquals(3, spec.optInt("steps").orElseThrow());
        assertEquals(List.of("a", "b"), spec.optStrings("remove").orElseThrow());
        assertEquals(2.0, spec.optObject("drag").orElseThrow().optObject("a").orElseThrow().optNumber("y")
                .orElseThrow());
        SpecException e = assertThrows(SpecException.class, () -> spec.requireOnly("project"));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
    }

    @Test
    void refusesTextThatIsNotAJsonObject() {
        for (String bad : List.of("{\"type\": ", "[1, 2]", "\"swap\"")) {
            SpecException e = assertThrows(SpecException.class, () -> JobSpecs.fromJson(bad, Path.of(".")), bad);
            assertTrue(e.getMessage().startsWith("job"), e.getMessage());
        }
    }
}
