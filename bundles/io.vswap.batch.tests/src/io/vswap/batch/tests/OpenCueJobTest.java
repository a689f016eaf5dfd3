package io.vswap.batch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import io.vswap.batch.internal.farm.FarmJob;
import io.vswap.batch.internal.farm.FarmStep;
import io.vswap.batch.internal.farm.OpenCueJob;

/**
 * The OpenCue job spec is valid against OpenCue's own DTD (the Cuebot parses it with a validating
 * parser too), and has a layer per step and later-parameter value with the frames and dependencies
 * the farm job asks for.
 */
class OpenCueJobTest {

    private static final String DTD = "resources/opencue/cjsl-" + OpenCueJob.SPEC_VERSION + ".dtd";
    private static final OpenCueJob.Submission SUBMISSION = OpenCueJob.Submission.defaults().withUser("artist")
            .withShot("demo_shot");

    @Test
    void theDemoJobIsValidAgainstOpenCuesDtdWithALayerPerStepAndTarget() throws Exception {
        String xml = OpenCueJob.toXml(DemoFarmJob.job(), SUBMISSION);
        Document doc = validated(xml);
        assertEquals(OpenCueJob.DTD_SYSTEM_ID, doc.getDoctype().getSystemId());
        assertEquals("vswap", text(doc.getDocumentElement(), "show"));
        assertEquals("artist", text(doc.getDocumentElement(), "user"));
        assertEquals("demo-batch", ((Element) doc.getElementsByTagName("job").item(0)).getAttribute("name"));

        List<Element> layers = elements(doc, "layer");
        assertEquals(List.of("prepare", "swap-red_car", "swap-blue_sky_", "swap-star", "export"),
                layers.stream().map(l -> l.getAttribute("name")).toList());
        Element prepare = layers.get(0);
        assertEquals("1-4", text(prepare, "range"));
        assertTrue(text(prepare, "cmd").endsWith("--clip #IFRAME#"), text(prepare, "cmd"));
        assertEquals("4.0", text(prepare, "cores"));
        assertEquals("8192m", text(prepare, "memory"));
        assertTrue(prepare.getElementsByTagName("gpus").getLength() == 0, "a CPU layer asks for no GPU");
        for (int t = 1; t <= 3; t++) {
            Element swap = layers.get(t);
            assertEquals("1-4", text(swap, "range"));
            String cmd = text(swap, "cmd");
            assertTrue(cmd.contains("--clip #IFRAME# --target " + t + " "), cmd);
            assertTrue(cmd.contains("/studio/out/clip#IFRAME#-target" + t + ".mkv"), cmd);
            assertEquals("1", text(swap, "gpus"));
            assertEquals("12288m", text(swap, "gpu_memory"));
        }
        Element export = layers.get(4);
        assertEquals("1-1", text(export, "range"));
        assertFalse(text(export, "cmd").contains("#IFRAME#"), text(export, "cmd"));

        List<String> depends = new ArrayList<>();
        for (Element d : elements(doc, "depend")) {
            assertEquals("demo-batch", text(d, "depjob"));
            assertEquals("demo-batch", text(d, "onjob"));
            depends.add(d.getAttribute("type") + " " + text(d, "deplayer") + " -> " + text(d, "onlayer"));
        }
        assertEquals(List.of("FRAME_BY_FRAME swap-red_car -> prepare",
                "FRAME_BY_FRAME swap-blue_sky_ -> prepare", "FRAME_BY_FRAME swap-star -> prepare",
                "LAYER_ON_LAYER export -> swap-red_car", "LAYER_ON_LAYER export -> swap-blue_sky_",
                "LAYER_ON_LAYER export -> swap-star"), depends);
    }

    @Test
    void aBrokenSpecIsRejectedByTheSameValidation() throws Exception {
        String xml = OpenCueJob.toXml(DemoFarmJob.job(), SUBMISSION);
        String noCmd = xml.replaceFirst("(?m)^\\s*<cmd>.*</cmd>\\n", "");
        assertTrue(noCmd.length() < xml.length(), "the test removed a cmd");
        SAXParseException e = assertThrows(SAXParseException.class, () -> validated(noCmd));
        assertTrue(e.getMessage().contains("layer"), e.getMessage());

        String badType = xml.replace("type=\"LAYER_ON_LAYER\"", "type=\"LAYER_AFTER_LAYER\"");
        e = assertThrows(SAXParseException.class, () -> validated(badType));
        assertTrue(e.getMessage().contains("LAYER_AFTER_LAYER"), e.getMessage());
    }

    @Test
    void argumentsWithSpacesAndQuotesReachTheProgramThroughTheShell() throws Exception {
        Path sh = Path.of("/bin/sh");
        if (!Files.isExecutable(sh)) {
            Assumptions.abort("no POSIX shell here, as an OpenCue render node has");
        }
        Document doc = validated(OpenCueJob.toXml(DemoFarmJob.job(), SUBMISSION));
        Element swap = elements(doc, "layer").get(2);
        // The Cuebot puts the frame number in; RQD runs the line through the shell.
        String cmd = text(swap, "cmd").replace(OpenCueJob.FRAME_TOKEN, "3");
        Process p = new ProcessBuilder(sh.toString(), "-c", "printf '%s\\n' " + cmd).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the shell ends");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        List<String> expected = DemoFarmJob.job().steps().get(1).command().stream()
                .map(a -> a.replace("{clip}", "3").replace("{target}", "2")).toList();
        assertEquals(expected, out.lines().toList());
        assertTrue(expected.contains(DemoFarmJob.NOTE) && expected.contains(DemoFarmJob.SPEC));
    }

    @Test
    void layerNamesStayApartAfterTheCuebotFoldsCaseAndDashes() throws Exception {
        FarmStep.Parameter frames = new FarmStep.Parameter("f", 2, List.of("1", "2"));
        FarmStep.Parameter look = new FarmStep.Parameter("look", 3, List.of("A b", "a-b", "a_b"));
        FarmJob job = new FarmJob("fold-test", List.of(new FarmStep("s", List.of(frames, look),
                List.of("run", "{f}", "{look}"), List.of(), new FarmStep.Resources(0, 0, 0, 0))));
        Document doc = validated(OpenCueJob.toXml(job, SUBMISSION));
        Set<String> conformed = new HashSet<>();
        for (Element layer : elements(doc, "layer")) {
            String name = layer.getAttribute("name");
            assertTrue(name.matches("[\\w.-]{3,}"), name);
            assertTrue(conformed.add(name.replace('-', '_').toLowerCase(Locale.ROOT)), "twice: " + name);
        }
        assertEquals(3, conformed.size());
    }

    @Test
    void whatTheCuebotWouldRefuseIsRefusedWhenWriting() {
        FarmJob job = DemoFarmJob.job();
        assertThrows(IllegalArgumentException.class, () -> OpenCueJob.toXml(job, SUBMISSION.withUser("root")));
        assertThrows(IllegalArgumentException.class, () -> OpenCueJob.toXml(job, SUBMISSION.withShot("a")));
        assertThrows(IllegalArgumentException.class,
                () -> OpenCueJob.toXml(new FarmJob("j", job.steps()), SUBMISSION));
        // Frame by frame pairs task v with task v, so the other step must have the same frames.
        FarmStep.Parameter three = new FarmStep.Parameter("clip", 3, List.of("a", "b", "c"));
        FarmStep.Parameter two = new FarmStep.Parameter("clip", 2, List.of("a", "b"));
        FarmStep.Resources none = new FarmStep.Resources(0, 0, 0, 0);
        FarmStep first = new FarmStep("first", List.of(three), List.of("x"), List.of(), none);
        FarmStep second = new FarmStep("second", List.of(two), List.of("y"),
                List.of(new FarmStep.Dependency("first", true)), none);
        assertThrows(IllegalArgumentException.class, () -> new FarmJob("mismatch", List.of(first, second)));
    }

    /** Parses xml as the Cuebot does, with OpenCue's DTD, failing on any error or warning. */
    static Document validated(String xml) throws Exception {
        URL dtd = FrameworkUtil.getBundle(OpenCueJobTest.class).getEntry(DTD);
        assertNotNull(dtd, DTD + " in the test bundle");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setValidating(true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setEntityResolver((publicId, systemId) -> {
            if (!OpenCueJob.DTD_SYSTEM_ID.equals(systemId)) {
                throw new SAXException("unexpected external entity " + systemId);
            }
            InputSource source = new InputSource(dtd.openStream());
            source.setSystemId(dtd.toExternalForm());
            return source;
        });
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        return builder.parse(new InputSource(new StringReader(xml)));
    }

    private static List<Element> elements(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    /** The text of the one child element called tag. */
    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        assertEquals(1, nodes.getLength(), tag + " in " + parent.getTagName());
        return nodes.item(0).getTextContent();
    }
}
