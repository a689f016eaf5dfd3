package io.vswap.batch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import io.vswap.batch.internal.farm.FarmJob;
import io.vswap.batch.internal.farm.FarmStep;
import io.vswap.batch.internal.farm.OpenJdTemplate;
import io.vswap.batch.internal.farm.OpenJdTemplate.DataFlow;
import io.vswap.batch.internal.farm.OpenJdTemplate.PathParameter;

/**
 * The OpenJD job template keeps to the 2023-09 rules ({@link OpenJdRules}), has one step per farm
 * step with the same task parameters, dependencies and host requirements, and names the folders it
 * was given through PATH parameters; the rules catch a broken template.
 */
class OpenJdTemplateTest {

    private static final List<PathParameter> PATHS = List.of(
            new PathParameter("SpecFolder", Path.of("/studio/specs"), DataFlow.IN),
            new PathParameter("OutFolder", Path.of("/studio/out"), DataFlow.OUT));

    private static JsonObject demo() {
        // Through the text, as openjd and Deadline Cloud will read it.
        return JsonParser.parseString(OpenJdTemplate.toJson(DemoFarmJob.job(), PATHS)).getAsJsonObject();
    }

    @Test
    void theDemoTemplateKeepsTheRulesWithAStepPerFarmStep() {
        JsonObject t = demo();
        assertEquals(List.of(), OpenJdRules.problems(t));
        assertEquals("jobtemplate-2023-09", t.get("specificationVersion").getAsString());
        assertEquals("demo-batch", t.get("name").getAsString());

        JsonArray defs = t.getAsJsonArray("parameterDefinitions");
        assertEquals(2, defs.size());
        JsonObject spec = defs.get(0).getAsJsonObject();
        assertEquals("PATH", spec.get("type").getAsString());
        assertEquals("IN", spec.get("dataFlow").getAsString());
        assertEquals("/studio/specs", spec.get("default").getAsString());

        JsonArray steps = t.getAsJsonArray("steps");
        assertEquals(List.of("prepare", "swap", "export"), names(steps));
        JsonObject swap = steps.get(1).getAsJsonObject();
        JsonArray taskParams = swap.getAsJsonObject("parameterSpace").getAsJsonArray("taskParameterDefinitions");
        assertEquals("clip INT 1-4", param(taskParams.get(0)));
        assertEquals("target INT 1-3", param(taskParams.get(1)));
        assertEquals("prepare", swap.getAsJsonArray("dependencies").get(0).getAsJsonObject().get("dependsOn")
                .getAsString());
        assertEquals(List.of("amount.worker.vcpu 8", "amount.worker.memory 16384", "amount.worker.gpu 1",
                "amount.worker.gpu.memory 12288"), amounts(swap));
        assertTrue(swap.get("description").getAsString().contains("2 = blue \"sky\""));

        JsonObject onRun = swap.getAsJsonObject("script").getAsJsonObject("actions").getAsJsonObject("onRun");
        assertEquals("vswap", onRun.get("command").getAsString());
        List<String> args = strings(onRun.getAsJsonArray("args"));
        assertEquals(List.of("batch", "swap", "--spec", "{{Param.SpecFolder}}/demo batch.json", "--clip",
                "{{Task.Param.clip}}", "--target", "{{Task.Param.target}}", "--out",
                "{{Param.OutFolder}}/clip{{Task.Param.clip}}-target{{Task.Param.target}}.mkv", "--note",
                DemoFarmJob.NOTE), args);

        JsonObject export = steps.get(2).getAsJsonObject();
        assertFalse(export.has("parameterSpace"), "a step without parameters runs once");
        assertEquals("swap", export.getAsJsonArray("dependencies").get(0).getAsJsonObject().get("dependsOn")
                .getAsString());
        assertEquals("{{Param.OutFolder}}/final cut", last(export));
    }

    @Test
    void withoutPathParametersArgumentsStayAsGivenQuotesAndSpacesIncluded() {
        JsonObject t = JsonParser.parseString(OpenJdTemplate.toJson(DemoFarmJob.job(), List.of())).getAsJsonObject();
        assertEquals(List.of(), OpenJdRules.problems(t));
        assertFalse(t.has("parameterDefinitions"));
        JsonObject swap = t.getAsJsonArray("steps").get(1).getAsJsonObject();
        List<String> args = strings(swap.getAsJsonObject("script").getAsJsonObject("actions")
                .getAsJsonObject("onRun").getAsJsonArray("args"));
        // OpenJD passes each argument as one, without a shell: no quoting, nothing lost.
        assertTrue(args.contains(DemoFarmJob.SPEC) && args.contains(DemoFarmJob.NOTE), args.toString());
        assertEquals("/studio/out/final cut", last(t.getAsJsonArray("steps").get(2).getAsJsonObject()));
    }

    @Test
    void theRulesNameWhatIsBroken() {
        assertProblem(t -> t.remove("name"), "name: is required");
        assertProblem(t -> t.addProperty("specificationVersion", "jobtemplate-2024-01"), "specificationVersion");
        assertProblem(t -> taskParam(t, 1, 0).addProperty("type", "INTEGER"),
                "steps[1].parameterSpace.taskParameterDefinitions[0].type: 'INTEGER'");
        assertProblem(t -> taskParam(t, 1, 1).addProperty("range", "1-3,3-5"), "ranges overlap");
        assertProblem(t -> taskParam(t, 1, 1).addProperty("range", "1 to 3"), "no range expression");
        assertProblem(t -> taskParam(t, 1, 1).addProperty("name", "2nd"), "'2nd' is no identifier");
        assertProblem(t -> dependency(t, 1).addProperty("dependsOn", "nowhere"),
                "steps[1].dependencies[0].dependsOn: 'nowhere' names no step");
        assertProblem(t -> {
            JsonArray deps = new JsonArray();
            JsonObject onExport = new JsonObject();
            onExport.addProperty("dependsOn", "export");
            deps.add(onExport);
            step(t, 0).add("dependencies", deps);
        }, "cycle: prepare -> export -> swap -> prepare");
        assertProblem(t -> step(t, 2).addProperty("name", "swap"), "'swap' names two steps");
        assertProblem(t -> amount(t, 1, 0).addProperty("name", "amount.worker.cores"), "reserved scope");
        assertProblem(t -> amount(t, 1, 1).addProperty("min", -1), "min: must be zero or more");
        assertProblem(t -> onRun(t, 1).getAsJsonArray("args").set(0, new JsonPrimitive("{{Task.Param.shot}}")),
                "{{Task.Param.shot}} refers to nothing");
        assertProblem(t -> onRun(t, 1).add("args", new JsonArray()), "at least one argument");
        assertProblem(t -> step(t, 0).addProperty("colour", "red"), "steps[0].colour: is no property");
    }

    @Test
    void whatOpenJdCannotCarryIsRefusedWhenWriting() {
        FarmStep.Resources none = new FarmStep.Resources(0, 0, 0, 0);
        FarmJob braces = new FarmJob("braces", List.of(new FarmStep("s", List.of(),
                List.of("echo", "{{literal}}"), List.of(), none)));
        assertThrows(IllegalArgumentException.class, () -> OpenJdTemplate.toJson(braces, List.of()));
        FarmJob badParam = new FarmJob("bad", List.of(new FarmStep("s",
                List.of(new FarmStep.Parameter("2nd", 1, List.of("x"))), List.of("echo", "{2nd}"), List.of(), none)));
        assertThrows(IllegalArgumentException.class, () -> OpenJdTemplate.toJson(badParam, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new PathParameter("out folder", Path.of("/o"), DataFlow.OUT));
    }

    private static void assertProblem(Consumer<JsonObject> breakIt, String expected) {
        JsonObject t = demo();
        breakIt.accept(t);
        List<String> problems = OpenJdRules.problems(t);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), expected + " in " + problems);
    }

    private static JsonObject step(JsonObject t, int i) {
        return t.getAsJsonArray("steps").get(i).getAsJsonObject();
    }

    private static JsonObject taskParam(JsonObject t, int step, int i) {
        return step(t, step).getAsJsonObject("parameterSpace").getAsJsonArray("taskParameterDefinitions").get(i)
                .getAsJsonObject();
    }

    private static JsonObject dependency(JsonObject t, int step) {
        return step(t, step).getAsJsonArray("dependencies").get(0).getAsJsonObject();
    }

    private static JsonObject amount(JsonObject t, int step, int i) {
        return step(t, step).getAsJsonObject("hostRequirements").getAsJsonArray("amounts").get(i).getAsJsonObject();
    }

    private static JsonObject onRun(JsonObject t, int step) {
        return step(t, step).getAsJsonObject("script").getAsJsonObject("actions").getAsJsonObject("onRun");
    }

    private static String last(JsonObject step) {
        JsonArray args = step.getAsJsonObject("script").getAsJsonObject("actions").getAsJsonObject("onRun")
                .getAsJsonArray("args");
        return args.get(args.size() - 1).getAsString();
    }

    private static List<String> names(JsonArray steps) {
        List<String> names = new ArrayList<>();
        steps.forEach(s -> names.add(s.getAsJsonObject().get("name").getAsString()));
        return names;
    }

    private static String param(JsonElement p) {
        JsonObject o = p.getAsJsonObject();
        return o.get("name").getAsString() + " " + o.get("type").getAsString() + " " + o.get("range").getAsString();
    }

    private static List<String> amounts(JsonObject step) {
        List<String> amounts = new ArrayList<>();
        step.getAsJsonObject("hostRequirements").getAsJsonArray("amounts").forEach(a -> amounts
                .add(a.getAsJsonObject().get("name").getAsString() + " " + a.getAsJsonObject().get("min").getAsLong()));
        return amounts;
    }

    private static List<String> strings(JsonArray array) {
        List<String> list = new ArrayList<>();
        array.forEach(e -> list.add(e.getAsString()));
        return list;
    }
}
