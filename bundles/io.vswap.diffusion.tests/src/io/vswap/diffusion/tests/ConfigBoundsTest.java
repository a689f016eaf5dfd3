package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.diffusion.api.AutoencoderKLConfig;
import io.vswap.diffusion.api.CLIPTextConfig;
import io.vswap.diffusion.api.UNet2DConditionConfig;

/**
 * Absurd values in a model's config files are refused when the file is read, naming the file and
 * the field, at once: no allocation that runs until killed, no "/ by zero", no wrapped int.
 */
class ConfigBoundsTest {

    @TempDir
    Path dir;

    private Path unet(String field, String value) throws IOException {
        JsonObject o;
        try (var in = UNetTest.class.getResourceAsStream("tiny-unet-config.json")) {
            o = JsonParser.parseString(new String(in.readAllBytes())).getAsJsonObject();
        }
        o.add(field, JsonParser.parseString(value));
        Path f = dir.resolve("unet-" + Math.abs((field + value).hashCode()) + ".json");
        Files.writeString(f, o.toString());
        return f;
    }

    @Test
    void absurdUNetValuesAreRefusedByFileAndField() throws Exception {
        Map<String, String> bad = Map.of("layers_per_block", "1000000000", "block_out_channels", "[32, -64]",
                "norm_num_groups", "0", "in_channels", "4294967300", "attention_head_dim", "0",
                "norm_eps", "-1", "sample_size", "2.5");
        for (var e : bad.entrySet()) {
            Path f = unet(e.getKey(), e.getValue());
            IOException x = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(IOException.class, () -> UNet2DConditionConfig.read(f), e.toString()));
            assertTrue(x.getMessage().startsWith(f.toString()) && x.getMessage().contains(
                    e.getKey().equals("attention_head_dim") ? "attention heads" : e.getKey()), x.getMessage());
        }
    }

    @Test
    void anUnknownBlockTypeIsRefusedByNameWithTheTypesThatAreBuilt() throws Exception {
        // diffusers' get_down_block / get_up_block: a type they do not know is an error naming it
        // field -> {value, the unknown type in it, the types the message should list}
        Map<String, String[]> bad = Map.of(
                "down_block_types", new String[] { "[\"CrossAttnDownBlock2D\", \"SimpleCrossAttnDownBlock2D\"]",
                        "SimpleCrossAttnDownBlock2D", "CrossAttnDownBlock2D, DownBlock2D" },
                "up_block_types", new String[] { "[\"UpBlock2D\", \"CrossAttnUpBlockMotion\"]",
                        "CrossAttnUpBlockMotion", "CrossAttnUpBlock2D, UpBlock2D" },
                "mid_block_type", new String[] { "\"UNetMidBlock2DSimpleCrossAttn\"",
                        "UNetMidBlock2DSimpleCrossAttn", "UNetMidBlock2DCrossAttn" });
        for (var e : bad.entrySet()) {
            Path f = unet(e.getKey(), e.getValue()[0]);
            IOException x = assertThrows(IOException.class, () -> UNet2DConditionConfig.read(f), e.getKey());
            assertTrue(x.getMessage().contains("block type '" + e.getValue()[1] + "' is not supported (this UNet builds "
                    + e.getValue()[2] + ")"), x.getMessage());
        }
        Path vae = dir.resolve("vae-blocks.json");
        Files.writeString(vae, "{\"block_out_channels\": [8], \"down_block_types\": [\"DownEncoderBlock2D\"], "
                + "\"up_block_types\": [\"AttnUpDecoderBlock2D\"], \"norm_num_groups\": 4}");
        IOException x = assertThrows(IOException.class, () -> AutoencoderKLConfig.read(vae));
        assertTrue(x.getMessage().contains("up block type 'AttnUpDecoderBlock2D' is not supported")
                && x.getMessage().contains("UpDecoderBlock2D)"), x.getMessage());
    }

    @Test
    void absurdVaeAndTextEncoderValuesAreRefused() throws Exception {
        Path vae = dir.resolve("vae.json");
        Files.writeString(vae, "{\"block_out_channels\": [8, 16], \"down_block_types\": [\"DownEncoderBlock2D\", "
                + "\"DownEncoderBlock2D\"], \"up_block_types\": [\"UpDecoderBlock2D\", \"UpDecoderBlock2D\"], "
                + "\"norm_num_groups\": 3}");
        IOException x = assertThrows(IOException.class, () -> AutoencoderKLConfig.read(vae));
        assertTrue(x.getMessage().contains("norm_num_groups") && x.getMessage().contains("vae.json"), x.getMessage());
        Path text = dir.resolve("text.json");
        Files.writeString(text, "{\"num_attention_heads\": 0}");
        x = assertThrows(IOException.class, () -> CLIPTextConfig.read(text));
        assertTrue(x.getMessage().contains("num_attention_heads"), x.getMessage());
        Files.writeString(text, "{\"hidden_size\": \"wide\"}");
        x = assertThrows(IOException.class, () -> CLIPTextConfig.read(text));
        assertTrue(x.getMessage().contains("hidden_size"), x.getMessage());
        Files.writeString(text, "not json");
        x = assertThrows(IOException.class, () -> CLIPTextConfig.read(text));
        assertTrue(x.getMessage().startsWith(text.toString()), x.getMessage());
    }
}
