package io.vswap.batch.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * The rules of an Open Job Description job template, specification 2023-09, that bear on what
 * {@code OpenJdTemplate} writes. Section numbers (§) are those of the specification's "Template
 * Schemas" page (openjd-specifications, wiki/2023-09-Template-Schemas.md); "model" marks a rule
 * that openjd-model-for-python (src/openjd/model/v2023_09/_model.py, which {@code openjd check}
 * runs) adds to the text. Environments, embedded files and job-parameter constraints beyond name,
 * type and kind are not checked: the writer writes none.
 */
final class OpenJdRules {

    static final String VERSION = "jobtemplate-2023-09";

    /** §7.1: latin letters, digits, '_'; not a digit first; 1 to 64. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** §8: the Cc category, C0 and C1 controls. */
    private static final Pattern CC = Pattern.compile("[\\x00-\\x1F\\x7F-\\x9F]");
    /** §3.3.1.1 with model _capabilities.py: optional vendor prefix, then amount.&lt;id&gt;(.&lt;id&gt;)*. */
    private static final Pattern AMOUNT_NAME = Pattern.compile("(?:[a-z_][a-z0-9_]+:)?amount(?:\\.[a-z_][a-z0-9_]*)+");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("(?:[a-z_][a-z0-9_]+:)?attr(?:\\.[a-z_][a-z0-9_]*)+");
    /** §3.3.1.1 table. */
    private static final Set<String> STANDARD_AMOUNTS = Set.of("amount.worker.vcpu", "amount.worker.memory",
            "amount.worker.gpu", "amount.worker.gpu.memory", "amount.worker.disk.scratch");
    private static final Set<String> STANDARD_ATTRIBUTES = Set.of("attr.worker.os.family", "attr.worker.cpu.arch");
    /** §3.3.1.1 item 3.2: scopes only the specification may define names in. */
    private static final Set<String> RESERVED_SCOPES = Set.of("worker", "job", "step", "task");
    /** §3.4.1.1.1 &lt;Element&gt;: an integer, or a range with an optional skip. */
    private static final Pattern RANGE_ELEMENT = Pattern
            .compile("[ \\t]*(-?\\d+)(?:[ \\t]*-[ \\t]*(-?\\d+)(?:[ \\t]*:[ \\t]*(-?\\d+))?)?[ \\t]*");
    /** §7.3: {{ Name }}, Name being dotted identifiers. */
    private static final Pattern INTERPOLATION = Pattern.compile("\\{\\{(.*?)}}");
    private static final Pattern VALUE_REFERENCE = Pattern
            .compile("[ \\t]*([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)[ \\t]*");
    /** §7.3.1: the Session values of a step script. */
    private static final Set<String> SESSION_VALUES = Set.of("Session.WorkingDirectory",
            "Session.HasPathMappingRules", "Session.PathMappingRulesFile");

    private final List<String> problems = new ArrayList<>();

    private OpenJdRules() {
    }

    /** What is wrong with the template, each problem with its JSON path and section; empty if nothing. */
    static List<String> problems(JsonObject template) {
        OpenJdRules rules = new OpenJdRules();
        rules.template(template);
        return rules.problems;
    }

    private void problem(String path, String what) {
        problems.add(path + ": " + what);
    }

    private void template(JsonObject t) {
        // §1.1 (model: unknown properties are refused everywhere, "extra = forbid").
        allowedKeys("", t, "specificationVersion", "$schema", "name", "description", "parameterDefinitions",
                "jobEnvironments", "steps");
        if (!VERSION.equals(string(t, "specificationVersion"))) {
            problem("specificationVersion", "must be \"" + VERSION + "\" (§1.1)");
        }
        String name = requiredString("", t, "name");
        if (name != null) {
            text("name", name, 1, 128, "§1.1.1");
            formatString("name", name);
        }
        description("", t);
        Map<String, String> jobParameters = jobParameters(t);
        if (t.has("jobEnvironments")) {
            nonEmptyArray("jobEnvironments", t.get("jobEnvironments"), "§1.1");
        }
        JsonArray steps = array("", t, "steps", true);
        if (steps == null) {
            return;
        }
        if (steps.isEmpty()) {
            problem("steps", "must hold at least one step (§1.1, model StepTemplateList min_items=1)");
        }
        Map<String, Integer> stepIndex = new LinkedHashMap<>();
        List<JsonObject> stepObjects = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            String path = "steps[" + i + "]";
            if (!steps.get(i).isJsonObject()) {
                problem(path, "must be an object (§3)");
                continue;
            }
            JsonObject step = steps.get(i).getAsJsonObject();
            stepObjects.add(step);
            String stepName = requiredString(path, step, "name");
            if (stepName != null) {
                text(path + ".name", stepName, 1, 64, "§3.1");
                if (stepIndex.putIfAbsent(stepName, i) != null) {
                    problem(path + ".name", "'" + stepName + "' names two steps; step names are unique (§3)");
                }
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).isJsonObject()) {
                step("steps[" + i + "]", steps.get(i).getAsJsonObject(), stepIndex.keySet(), jobParameters);
            }
        }
        cycles(stepObjects);
    }

    /** §2 with §1.1 item 5: 1 to 50 definitions, unique names (model), known types. Returns name to type. */
    private Map<String, String> jobParameters(JsonObject t) {
        Map<String, String> types = new HashMap<>();
        if (!t.has("parameterDefinitions")) {
            return types;
        }
        JsonArray defs = array("", t, "parameterDefinitions", true);
        if (defs == null) {
            return types;
        }
        if (defs.isEmpty() || defs.size() > 50) {
            problem("parameterDefinitions", "must hold 1 to 50 definitions, not " + defs.size() + " (§1.1)");
        }
        for (int i = 0; i < defs.size(); i++) {
            String path = "parameterDefinitions[" + i + "]";
            JsonObject d = defs.get(i).isJsonObject() ? defs.get(i).getAsJsonObject() : null;
            if (d == null) {
                problem(path, "must be an object (§2)");
                continue;
            }
            String name = identifier(path, d, "name", "§2");
            String type = requiredString(path, d, "type");
            if (type != null && !Set.of("STRING", "PATH", "INT", "FLOAT").contains(type)) {
                problem(path + ".type", "'" + type + "' is none of STRING, PATH, INT, FLOAT (§2)");
            }
            if ("PATH".equals(type)) {
                // §2.2
                allowedKeys(path, d, "name", "type", "description", "default", "allowedValues", "minLength",
                        "maxLength", "objectType", "dataFlow", "userInterface");
                oneOf(path, d, "objectType", Set.of("FILE", "DIRECTORY"), "§2.2");
                oneOf(path, d, "dataFlow", Set.of("NONE", "IN", "OUT", "INOUT"), "§2.2");
                String value = string(d, "default");
                if (value != null && value.length() > 1024) {
                    problem(path + ".default", "is longer than 1024 characters (§2.5)");
                }
            }
            description(path, d);
            if (name != null && type != null && types.put(name, type) != null) {
                problem(path + ".name", "'" + name + "' names two job parameters (model _unique_parameter_names)");
            }
        }
        return types;
    }

    private void step(String path, JsonObject step, Set<String> stepNames, Map<String, String> jobParameters) {
        // §3
        allowedKeys(path, step, "name", "description", "dependencies", "stepEnvironments", "hostRequirements",
                "parameterSpace", "script");
        description(path, step);
        if (step.has("stepEnvironments")) {
            nonEmptyArray(path + ".stepEnvironments", step.get("stepEnvironments"), "§3");
        }
        dependencies(path, step, stepNames);
        if (step.has("hostRequirements")) {
            hostRequirements(path + ".hostRequirements", step.get("hostRequirements"));
        }
        Set<String> taskParameters = step.has("parameterSpace")
                ? parameterSpace(path + ".parameterSpace", step.get("parameterSpace"))
                : Set.of();
        JsonObject script = object(path, step, "script", true);
        if (script == null) {
            return;
        }
        // §3.5, §3.5.1
        allowedKeys(path + ".script", script, "actions", "embeddedFiles");
        JsonObject actions = object(path + ".script", script, "actions", true);
        if (actions == null) {
            return;
        }
        allowedKeys(path + ".script.actions", actions, "onRun");
        JsonObject onRun = object(path + ".script.actions", actions, "onRun", true);
        if (onRun != null) {
            action(path + ".script.actions.onRun", onRun, jobParameters.keySet(), taskParameters);
        }
    }

    /** §3 item 3, §3.2, model: at least one, each naming another step of the template, no step twice. */
    private void dependencies(String path, JsonObject step, Set<String> stepNames) {
        if (!step.has("dependencies")) {
            return;
        }
        JsonArray deps = array(path, step, "dependencies", true);
        if (deps == null) {
            return;
        }
        if (deps.isEmpty()) {
            problem(path + ".dependencies", "must hold at least one dependency or be left out (§3)");
        }
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < deps.size(); j++) {
            String p = path + ".dependencies[" + j + "]";
            JsonObject d = deps.get(j).isJsonObject() ? deps.get(j).getAsJsonObject() : null;
            if (d == null) {
                problem(p, "must be an object {dependsOn: <StepName>} (§3.2)");
                continue;
            }
            allowedKeys(p, d, "dependsOn");
            String on = requiredString(p, d, "dependsOn");
            if (on == null) {
                continue;
            }
            if (!stepNames.contains(on)) {
                problem(p + ".dependsOn", "'" + on + "' names no step of the template (§3.2)");
            } else if (on.equals(string(step, "name"))) {
                problem(p + ".dependsOn", "a step cannot depend on itself (§3.2, model)");
            }
            if (!seen.add(on)) {
                problem(p + ".dependsOn", "'" + on + "' is listed twice (model _validate_no_duplicate_deps)");
            }
        }
    }

    /** Model _validate_no_step_dependency_cycles: the steps' dependencies form no cycle. */
    private void cycles(List<JsonObject> steps) {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        for (JsonObject s : steps) {
            List<String> on = new ArrayList<>();
            JsonElement deps = s.get("dependencies");
            if (deps != null && deps.isJsonArray()) {
                for (JsonElement d : deps.getAsJsonArray()) {
                    String name = d.isJsonObject() ? string(d.getAsJsonObject(), "dependsOn") : null;
                    if (name != null) {
                        on.add(name);
                    }
                }
            }
            String name = string(s, "name");
            if (name != null) {
                graph.put(name, on);
            }
        }
        Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 done
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            if (cycleFrom(start, graph, state, path)) {
                problem("steps", "the dependencies form a cycle: " + String.join(" -> ", path)
                        + " (model _validate_no_step_dependency_cycles)");
                return;
            }
        }
    }

    private static boolean cycleFrom(String step, Map<String, List<String>> graph, Map<String, Integer> state,
            List<String> path) {
        Integer s = state.get(step);
        if (s != null) {
            if (s == 1) {
                path.subList(0, path.indexOf(step)).clear();
                path.add(step);
                return true;
            }
            return false;
        }
        state.put(step, 1);
        path.add(step);
        for (String on : graph.getOrDefault(step, List.of())) {
            if (graph.containsKey(on) && cycleFrom(on, graph, state, path)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        state.put(step, 2);
        return false;
    }

    /** §3.3: amounts and/or attributes, neither empty, at most 50 together. */
    private void hostRequirements(String path, JsonElement e) {
        if (!e.isJsonObject()) {
            problem(path, "must be an object (§3.3)");
            return;
        }
        JsonObject r = e.getAsJsonObject();
        allowedKeys(path, r, "amounts", "attributes");
        if (!r.has("amounts") && !r.has("attributes")) {
            problem(path, "must have amounts or attributes (§3.3)");
        }
        JsonArray amounts = r.has("amounts") ? array(path, r, "amounts", true) : new JsonArray();
        JsonArray attributes = r.has("attributes") ? array(path, r, "attributes", true) : new JsonArray();
        if (amounts == null || attributes == null) {
            return;
        }
        if ((r.has("amounts") && amounts.isEmpty()) || (r.has("attributes") && attributes.isEmpty())) {
            problem(path, "amounts and attributes must each hold at least one requirement or be left out (model)");
        }
        if (amounts.size() + attributes.size() > 50) {
            problem(path, "more than 50 requirements (§3.3)");
        }
        for (int i = 0; i < amounts.size(); i++) {
            amount(path + ".amounts[" + i + "]", amounts.get(i));
        }
        for (int i = 0; i < attributes.size(); i++) {
            String p = path + ".attributes[" + i + "]";
            JsonObject a = attributes.get(i).isJsonObject() ? attributes.get(i).getAsJsonObject() : null;
            if (a == null) {
                problem(p, "must be an object (§3.3.2)");
                continue;
            }
            allowedKeys(p, a, "name", "anyOf", "allOf");
            capabilityName(p, requiredString(p, a, "name"), ATTRIBUTE_NAME, STANDARD_ATTRIBUTES, "attr.",
                    "§3.3.2.1");
            if (!a.has("anyOf") && !a.has("allOf")) {
                problem(p, "must have anyOf or allOf (§3.3.2)");
            }
        }
    }

    /** §3.3.1: a known or vendor name; min ≥ 0, max > 0, min ≤ max, at least one of them. */
    private void amount(String path, JsonElement e) {
        if (!e.isJsonObject()) {
            problem(path, "must be an object (§3.3.1)");
            return;
        }
        JsonObject a = e.getAsJsonObject();
        allowedKeys(path, a, "name", "min", "max");
        capabilityName(path, requiredString(path, a, "name"), AMOUNT_NAME, STANDARD_AMOUNTS, "amount.",
                "§3.3.1.1");
        Double min = number(path, a, "min");
        Double max = number(path, a, "max");
        if (!a.has("min") && !a.has("max")) {
            problem(path, "must have min or max (§3.3.1)");
        }
        if (min != null && min < 0) {
            problem(path + ".min", "must be zero or more (§3.3.1)");
        }
        if (max != null && max <= 0) {
            problem(path + ".max", "must be more than zero (§3.3.1)");
        }
        if (min != null && max != null && min > max) {
            problem(path, "min is above max (model)");
        }
    }

    /** §3.3.1.1/§3.3.2.1: case-insensitive; reserved scopes only for the standard names. */
    private void capabilityName(String path, String name, Pattern pattern, Set<String> standard, String prefix,
            String section) {
        if (name == null) {
            return;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.length() > 100 || !pattern.matcher(lower).matches()) {
            problem(path + ".name",
                    "'" + name + "' is no capability name " + prefix + "<id>[.<id>]* (" + section + ")");
            return;
        }
        boolean vendor = lower.contains(":");
        String scope = lower.substring(lower.indexOf(':') + 1).split("\\.")[1];
        if (!vendor && !standard.contains(lower) && RESERVED_SCOPES.contains(scope)) {
            problem(path + ".name", "'" + name + "' uses the reserved scope '" + scope
                    + "' but is none of the specification's names (" + section + ")");
        }
    }

    /** §3.4, §3.4.1: 1 to 16 task parameters with unique identifiers; each type's range. Returns the names. */
    private Set<String> parameterSpace(String path, JsonElement e) {
        Set<String> names = new HashSet<>();
        if (!e.isJsonObject()) {
            problem(path, "must be an object (§3.4)");
            return names;
        }
        JsonObject space = e.getAsJsonObject();
        allowedKeys(path, space, "taskParameterDefinitions", "combination");
        JsonArray defs = array(path, space, "taskParameterDefinitions", true);
        if (defs == null) {
            return names;
        }
        if (defs.isEmpty() || defs.size() > 16) {
            problem(path + ".taskParameterDefinitions",
                    "must hold 1 to 16 parameters, not " + defs.size() + " (§3.4)");
        }
        for (int i = 0; i < defs.size(); i++) {
            String p = path + ".taskParameterDefinitions[" + i + "]";
            JsonObject d = defs.get(i).isJsonObject() ? defs.get(i).getAsJsonObject() : null;
            if (d == null) {
                problem(p, "must be an object (§3.4.1)");
                continue;
            }
            allowedKeys(p, d, "name", "type", "range");
            String name = identifier(p, d, "name", "§3.4.1.1");
            if (name != null && !names.add(name)) {
                problem(p + ".name", "'" + name + "' names two task parameters (model _validate_parameters)");
            }
            String type = requiredString(p, d, "type");
            JsonElement range = d.get("range");
            if (range == null) {
                problem(p, "has no range (§3.4.1.1)");
            } else if ("INT".equals(type)) {
                intRange(p + ".range", range);
            } else if (Set.of("FLOAT", "STRING", "PATH").contains(type)) {
                if (!range.isJsonArray() || range.getAsJsonArray().isEmpty() || range.getAsJsonArray().size() > 1024) {
                    problem(p + ".range", "must be a list of 1 to 1024 values (§3.4.1.2-4)");
                }
            } else if (type != null) {
                problem(p + ".type", "'" + type + "' is none of INT, FLOAT, STRING, PATH (§3.4.1)");
            }
        }
        String combination = string(space, "combination");
        if (combination != null) {
            // §3.4.3 items 1 and 4: every task parameter exactly once.
            List<String> used = Arrays.stream(combination.split("[\\s*(),]+")).filter(s -> !s.isEmpty()).toList();
            if (!combination.matches("[A-Za-z0-9_*(), ]{1,1280}") || used.size() != names.size()
                    || !names.containsAll(used)) {
                problem(path + ".combination", "must name every task parameter once (§3.4.3)");
            }
        }
        return names;
    }

    /** §3.4.1.1: a list of 1 to 1024 integers, or a range expression (§3.4.1.1.1). */
    private void intRange(String path, JsonElement range) {
        if (range.isJsonArray()) {
            JsonArray values = range.getAsJsonArray();
            if (values.isEmpty() || values.size() > 1024) {
                problem(path, "must hold 1 to 1024 values (§3.4.1.1)");
            }
            for (JsonElement v : values) {
                if (!v.isJsonPrimitive() || !v.getAsString().trim().matches("-?\\d+")) {
                    problem(path, "'" + v + "' is no integer (§3.4.1.1)");
                }
            }
            return;
        }
        if (!range.isJsonPrimitive() || !range.getAsJsonPrimitive().isString()) {
            problem(path, "must be a list or a range expression string (§3.4.1.1)");
            return;
        }
        String expr = range.getAsString();
        if (expr.contains("{{")) {
            formatString(path, expr); // resolved at submission; its shape is checked then
            return;
        }
        List<long[]> spans = new ArrayList<>();
        for (String element : expr.split(",", -1)) {
            Matcher m = RANGE_ELEMENT.matcher(element);
            if (!m.matches()) {
                problem(path, "'" + expr + "' is no range expression: '" + element.trim() + "' (§3.4.1.1.1)");
                return;
            }
            long start = Long.parseLong(m.group(1));
            long end = m.group(2) == null ? start : Long.parseLong(m.group(2));
            long skip = m.group(3) == null ? 1 : Long.parseLong(m.group(3));
            // The model (_range_expr.py IntRange) is stricter than §3.4.1.1.1's example "1 - -1":
            // the skip must point from start to end, and not be zero.
            if (skip == 0 || (start < end && skip < 0) || (start > end && skip > 0)) {
                problem(path, "'" + element.trim() + "': the skip must be non-zero and go from start to end"
                        + " (§3.4.1.1.1, model IntRange)");
                return;
            }
            spans.add(new long[] { Math.min(start, end), Math.max(start, end) });
        }
        spans.sort((a, b) -> Long.compare(a[0], b[0]));
        for (int i = 1; i < spans.size(); i++) {
            if (spans.get(i - 1)[1] >= spans.get(i)[0]) {
                problem(path, "'" + expr + "': ranges overlap (§3.4.1.1.1)");
                return;
            }
        }
    }

    /** §5: a command (§5.1), optional args (§5.2, model: at least one if given), positive timeout. */
    private void action(String path, JsonObject a, Set<String> jobParameters, Set<String> taskParameters) {
        allowedKeys(path, a, "command", "args", "timeout", "cancelation");
        String command = requiredString(path, a, "command");
        if (command != null) {
            text(path + ".command", command, 1, Integer.MAX_VALUE, "§5.1");
            references(path + ".command", command, jobParameters, taskParameters);
        }
        if (a.has("args")) {
            JsonArray args = array(path, a, "args", true);
            if (args != null && args.isEmpty()) {
                problem(path + ".args", "must hold at least one argument or be left out (model ArgListType)");
            }
            for (int i = 0; args != null && i < args.size(); i++) {
                String p = path + ".args[" + i + "]";
                JsonElement arg = args.get(i);
                if (!arg.isJsonPrimitive() || !arg.getAsJsonPrimitive().isString()) {
                    problem(p, "must be a string (§5.2)");
                    continue;
                }
                text(p, arg.getAsString(), 0, Integer.MAX_VALUE, "§5.2");
                references(p, arg.getAsString(), jobParameters, taskParameters);
            }
        }
        Double timeout = number(path, a, "timeout");
        if (timeout != null && (timeout <= 0 || timeout != Math.floor(timeout))) {
            problem(path + ".timeout", "must be a positive whole number of seconds (§5)");
        }
    }

    /** §7.3.1: what a step script may refer to. */
    private void references(String path, String s, Set<String> jobParameters, Set<String> taskParameters) {
        for (String ref : formatString(path, s)) {
            String[] parts = ref.split("\\.");
            boolean known = SESSION_VALUES.contains(ref)
                    || (parts.length == 2 && (parts[0].equals("Param") || parts[0].equals("RawParam"))
                            && jobParameters.contains(parts[1]))
                    || (parts.length == 3 && parts[0].equals("Task")
                            && (parts[1].equals("Param") || parts[1].equals("RawParam"))
                            && taskParameters.contains(parts[2]));
            if (!known) {
                problem(path, "{{" + ref + "}} refers to nothing a step script can see (§7.3.1)");
            }
        }
    }

    /** §7.3: every {{ has its }}, and each holds one dotted name. Returns the names. */
    private List<String> formatString(String path, String s) {
        List<String> refs = new ArrayList<>();
        Matcher m = INTERPOLATION.matcher(s);
        int end = 0;
        while (m.find()) {
            if (s.substring(end, m.start()).contains("}}")) {
                break;
            }
            Matcher name = VALUE_REFERENCE.matcher(m.group(1));
            if (!name.matches()) {
                problem(path, "'{{" + m.group(1) + "}}' is no value reference (§7.3)");
            } else {
                refs.add(name.group(1));
            }
            end = m.end();
        }
        String rest = s.substring(end);
        if (rest.contains("{{") || rest.contains("}}")) {
            problem(path, "'" + s + "' has a '{{' or '}}' without its pair (§7.3)");
        }
        return refs;
    }

    /** §7.2: 1 to 2048 characters, no controls but tab, newline and return. */
    private void description(String path, JsonObject o) {
        if (o.has("description")) {
            String d = requiredString(path, o, "description");
            if (d != null) {
                text(join(path, "description"), d.replaceAll("[\\t\\n\\r]", " "), 1, 2048, "§7.2");
            }
        }
    }

    private String identifier(String path, JsonObject o, String key, String section) {
        String name = requiredString(path, o, key);
        if (name != null && !IDENTIFIER.matcher(name).matches()) {
            problem(join(path, key), "'" + name + "' is no identifier: a letter or '_', then letters, digits or"
                    + " '_', at most 64 (" + section + ", §7.1)");
            return null;
        }
        return name;
    }

    private void text(String path, String s, int min, int max, String section) {
        if (s.length() < min || s.length() > max) {
            problem(path, "must be " + min + " to " + max + " characters, not " + s.length() + " (" + section + ")");
        }
        if (CC.matcher(s).find()) {
            problem(path, "holds a control character (" + section + ", §8)");
        }
    }

    private void oneOf(String path, JsonObject o, String key, Set<String> allowed, String section) {
        String v = string(o, key);
        if (o.has(key) && (v == null || !allowed.contains(v))) {
            problem(join(path, key), "'" + o.get(key) + "' is none of " + allowed + " (" + section + ")");
        }
    }

    private void allowedKeys(String path, JsonObject o, String... keys) {
        Set<String> allowed = Set.of(keys);
        for (String key : o.keySet()) {
            if (!allowed.contains(key)) {
                problem(join(path, key), "is no property of this object (model: extra = forbid)");
            }
        }
    }

    private void nonEmptyArray(String path, JsonElement e, String section) {
        if (!e.isJsonArray() || e.getAsJsonArray().isEmpty()) {
            problem(path, "must be a list of at least one element or be left out (" + section + ")");
        }
    }

    private String requiredString(String path, JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null) {
            problem(join(path, key), "is required");
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            problem(join(path, key), "must be a string");
            return null;
        }
        return e.getAsString();
    }

    private JsonArray array(String path, JsonObject o, String key, boolean required) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) {
            if (e != null || required) {
                problem(join(path, key), e == null ? "is required" : "must be a list");
            }
            return null;
        }
        return e.getAsJsonArray();
    }

    private JsonObject object(String path, JsonObject o, String key, boolean required) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonObject()) {
            if (e != null || required) {
                problem(join(path, key), e == null ? "is required" : "must be an object");
            }
            return null;
        }
        return e.getAsJsonObject();
    }

    private Double number(String path, JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null) {
            return null;
        }
        if (e.isJsonPrimitive() && ((JsonPrimitive) e).isNumber()) {
            return e.getAsDouble();
        }
        problem(join(path, key), "must be a number");
        return null;
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
