package io.vswap.product.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A batch exported for a render farm and run as the farm runs it: {@code vswap farm export} writes
 * an OpenCue job and an OpenJD template for a spec of two shots (import, then export, each per
 * shot); two of the OpenCue tasks' command lines run through {@code /bin/sh} exactly as written
 * (frame number put in), one OpenJD task with its arguments as the template gives them, each a
 * separate run of the installed product; the plan then counts what they did as done.
 */
class FarmIT {

    static Product product;
    static Path work;
    static boolean failed = true;

    @BeforeAll
    static void productAndFootage() throws Exception {
        product = Product.unpack("vswap-farm-");
        work = product.work;
        Files.writeString(work.resolve("footage.json"), """
                {"version": 1, "jobs": [{"type": "sample", "output": "footage/shot.mkv", "seed": 3, "size": 64,
                 "frames": 8}]}""");
        assertEquals(0, vswap("batch", "footage.json").exitCode());
        // a folder name with a space: the commands go through a shell
        Files.createDirectories(work.resolve("my show"));
        Files.writeString(work.resolve("my show/show.json"), """
                {"version": 1, "jobs": [
                  {"type": "import", "video": "../footage/shot.mkv", "project": "project",
                   "clip": {"frames": 8, "size": "64x64"}, "matrix": {"shot": ["a", "b"]}},
                  {"type": "export", "project": "project", "matrix": {"shot": ["a", "b"]}}]}""");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (product != null && !failed) {
            product.delete();
        } else if (product != null) {
            System.out.println("Kept for a look: " + work);
        }
    }

    static Product.Result vswap(String... args) throws Exception {
        return product.run(Product.env("VSWAP_WORKSPACE", work.resolve("workspace").toString()), args);
    }

    @Test
    void theFarmsTasksRunAsExported() throws Exception {
        Path spec = work.resolve("my show/show.json");
        Product.Result cue = vswap("farm", "export", spec.toString(), "--engine", "opencue", "--user", "ed",
                "--attention", "sliced");
        assertEquals(0, cue.exitCode(), cue.output());
        Path xml = work.resolve("my show/show.cue.xml");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        // the DOCTYPE names the Cuebot's DTD by URL (validated against it in io.vswap.batch.tests)
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(xml.toFile());
        NodeList layers = doc.getElementsByTagName("layer");
        assertEquals(2, layers.getLength(), Files.readString(xml));
        Element importLayer = (Element) layers.item(0);
        Element exportLayer = (Element) layers.item(1);
        assertEquals("1-2", text(importLayer, "range"));
        Element depend = (Element) doc.getElementsByTagName("depend").item(0);
        assertEquals("FRAME_BY_FRAME", depend.getAttribute("type"), "shot b's export waits for shot b's import only");

        // as an OpenCue host: the layer's command through /bin/sh with the frame number in it
        for (Element layer : List.of(importLayer, exportLayer)) {
            String cmd = text(layer, "cmd").replace("#IFRAME#", "2");
            assertTrue(cmd.contains(" batch --attention sliced "), "the compute options reach every task: " + cmd);
            assertTrue(cmd.startsWith("'" + product.home.resolve("vswap")) || cmd.startsWith(product.home
                    .resolve("vswap").toString()), "the launcher of the product that exported it: " + cmd);
            sh(cmd);
        }
        assertTrue(Files.isRegularFile(work.resolve("my show/project/renders/b-main.mp4")), "shot b exported");
        assertTrue(Files.isRegularFile(work.resolve("my show/show.logs/2.2.log")), "the task's log");

        // as an OpenJD worker: one task's arguments as the template lists them, without a shell
        Product.Result jd = vswap("farm", "export", spec.toString(), "--engine", "openjd");
        assertEquals(0, jd.exitCode(), jd.output());
        JsonObject template = JsonParser.parseString(Files.readString(work.resolve("my show/show.openjd/template.json")))
                .getAsJsonObject();
        assertEquals("jobtemplate-2023-09", template.get("specificationVersion").getAsString());
        String folder = template.getAsJsonArray("parameterDefinitions").get(0).getAsJsonObject().get("default")
                .getAsString();
        JsonObject importStep = template.getAsJsonArray("steps").get(0).getAsJsonObject();
        JsonObject onRun = importStep.getAsJsonObject("script").getAsJsonObject("actions").getAsJsonObject("onRun");
        List<String> command = new ArrayList<>();
        command.add(onRun.get("command").getAsString());
        for (JsonElement a : onRun.getAsJsonArray("args")) {
            command.add(a.getAsString().replace("{{Task.Param.shot}}", "1").replace("{{Param.SpecFolder}}", folder));
        }
        run(command);
        Product.Result plan = vswap("batch", "--plan", spec.toString());
        assertEquals(0, plan.exitCode(), plan.output());
        assertTrue(plan.output().contains("[1/4 1.1] done earlier") && plan.output().contains("[2/4 1.2] done earlier"),
                "both imports done on the farm: " + plan.output());
        assertTrue(plan.output().contains("2 would run"), plan.output());
        failed = false;
    }

    private static String text(Element e, String tag) {
        return e.getElementsByTagName(tag).item(0).getTextContent().trim();
    }

    private static void sh(String cmd) throws Exception {
        run(List.of("/bin/sh", "-c", cmd));
    }

    private static void run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("VSWAP_WORKSPACE", work.resolve("workspace").toString()));
        Path log = Files.createTempFile(work, "task-", ".txt");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "a farm task finishes");
        String out = Files.readString(log);
        System.out.println("$ " + String.join(" ", command) + " → " + p.exitValue() + "\n" + out);
        assertEquals(0, p.exitValue(), out);
    }

}
