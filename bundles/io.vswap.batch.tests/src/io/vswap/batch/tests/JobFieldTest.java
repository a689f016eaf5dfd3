package io.vswap.batch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vswap.batch.api.JobField;
import io.vswap.batch.api.SpecException;
import io.vswap.testing.MapJobSpec;

/**
 * A job type reads each value through its field's declaration: the kind, the range and the default
 * that {@code --describe} prints are the ones the reading applies.
 */
class JobFieldTest {

    private static final Path FOLDER = Path.of("/specs");
    private static final JobField STEPS = JobField.integer("steps", 50, "DDIM steps").within(1, 1000);
    private static final JobField SCALE = JobField.decimal("scale", 7.5, "guidance").within(1, null);
    private static final JobField KEEP = JobField.flag("keep", false, "keep the cache");
    private static final JobField OUTPUT = JobField.required("output", JobField.Kind.PATH, "the folder to write");
    private static final JobField CLIP = JobField.optional("clip", JobField.Kind.TEXT, "the shot's first", "a clip");

    private static MapJobSpec spec(Map<String, Object> fields) {
        return new MapJobSpec(FOLDER, fields);
    }

    @Test
    void anAbsentFieldTakesItsDeclaredDefault() throws SpecException {
        MapJobSpec empty = spec(Map.of());
        assertEquals(50, STEPS.integer(empty));
        assertEquals(7.5, SCALE.decimal(empty));
        assertFalse(KEEP.bool(empty));
        assertTrue(CLIP.optText(empty).isEmpty());
        assertEquals("50", STEPS.defaultValue());
        assertEquals("7.5", SCALE.defaultValue());
        assertEquals("false", KEEP.defaultValue());
    }

    @Test
    void aGivenFieldIsReadAsItsKind() throws SpecException {
        MapJobSpec s = spec(Map.of("steps", 20, "scale", 3.25, "keep", true, "output", "out", "clip", "main"));
        assertEquals(20, STEPS.integer(s));
        assertEquals(3.25, SCALE.decimal(s));
        assertTrue(KEEP.bool(s));
        assertEquals(FOLDER.resolve("out"), OUTPUT.path(s));
        assertEquals("main", CLIP.text(s));
    }

    @Test
    void aValueOutOfTheDeclaredRangeIsRefusedWithTheRange() {
        SpecException e = assertThrows(SpecException.class, () -> STEPS.integer(spec(Map.of("steps", 0))));
        assertTrue(e.getMessage().contains("steps") && e.getMessage().contains("must be 1 to 1000, not 0"),
                e.getMessage());
        e = assertThrows(SpecException.class, () -> SCALE.decimal(spec(Map.of("scale", 0.5))));
        assertTrue(e.getMessage().contains("must be at least 1, not 0.5"), e.getMessage());
        e = assertThrows(SpecException.class, () -> STEPS.integer(spec(Map.of("steps", 2.5))));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
    }

    @Test
    void aRequiredFieldMissingIsRefusedWithItsDoc() {
        SpecException e = assertThrows(SpecException.class, () -> OUTPUT.path(spec(Map.of())));
        assertTrue(e.getMessage().contains("output") && e.getMessage().contains("is missing: the folder to write"),
                e.getMessage());
    }

    @Test
    void aDefaultInWordsHasNoValueToRead() {
        JobField words = JobField.optional("frames", JobField.Kind.INTEGER, "the clip's", "frames to use");
        assertThrows(IllegalStateException.class, () -> words.integer(spec(Map.of())));
        assertThrows(IllegalArgumentException.class,
                () -> new JobField("x", JobField.Kind.TEXT, false, "a", "doc", null, null, "a string"));
    }
}
