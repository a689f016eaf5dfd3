package io.vswap.eval.study.tests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A headless Chromium driven over the DevTools protocol with the JDK's own WebSocket client: no
 * browser-automation library. One browser connection; pages are attached as flat sessions.
 */
final class DevTools implements AutoCloseable {

    private static final long WAIT_SECONDS = 30;

    private final Process browser;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();

    private DevTools(Process browser, WebSocket socket) {
        this.browser = browser;
        this.socket = socket;
    }

    /** The Chromium on this machine ({@code chromium}, Debian's package), or null when there is none. */
    static Path chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Starts a headless Chromium with its own profile in {@code profile} and connects to it. */
    static DevTools start(Path chromium, Path profile) throws Exception {
        Process p = new ProcessBuilder(chromium.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--mute-audio", "--remote-debugging-port=0",
                "--autoplay-policy=no-user-gesture-required", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolveSibling("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        List<String> lines = List.of();
        while (lines.size() < 2) {
            if (!p.isAlive() || System.nanoTime() > until) {
                p.destroyForcibly();
                throw new IOException("Chromium did not open its DevTools port (see "
                        + profile.resolveSibling("chromium.log") + ")");
            }
            Thread.sleep(50);
            lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
        }
        URI uri = URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
        DevTools[] self = new DevTools[1];
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                message.append(data);
                if (last) {
                    self[0].received(message.toString());
                    message.setLength(0);
                }
                w.request(1);
                return null;
            }
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        self[0] = new DevTools(p, ws);
        return self[0];
    }

    private void received(String text) {
        JsonObject o = JsonParser.parseString(text).getAsJsonObject();
        if (o.has("id")) {
            CompletableFuture<JsonObject> f = pending.remove(o.get("id").getAsInt());
            if (f != null) {
                f.complete(o);
            }
        }
    }

    /** Sends a command (to the browser when {@code session} is null) and waits for its result. */
    JsonObject send(String session, String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("method", method);
        o.add("params", new Gson().toJsonTree(params));
        if (session != null) {
            o.addProperty("sessionId", session);
        }
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(o.toString(), true).get(WAIT_SECONDS, TimeUnit.SECONDS);
        JsonObject r = reply.get(WAIT_SECONDS, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IOException(method + ": " + r.get("error"));
        }
        return r.getAsJsonObject("result");
    }

    /** Opens {@code url} in a new page; returns the page's session. */
    String open(String url) throws Exception {
        String target = send(null, "Target.createTarget", Map.of("url", url)).get("targetId").getAsString();
        return send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId")
                .getAsString();
    }

    /** The value of a JavaScript expression in the page (awaited when it is a promise). */
    JsonElement evaluate(String session, String expression) throws Exception {
        JsonObject r = send(session, "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IOException(expression + ": " + r.get("exceptionDetails"));
        }
        JsonObject value = r.getAsJsonObject("result");
        return value.has("value") ? value.get("value") : null;
    }

    /** Waits until {@code condition} (a JavaScript expression) is true in the page. */
    void waitFor(String session, String condition) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            JsonElement v = evaluate(session, "!!(" + condition + ")");
            if (v != null && v.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + WAIT_SECONDS + " s: " + condition);
            }
            Thread.sleep(25);
        }
    }

    /** A real mouse click (pressed and released) at the middle of the element {@code selector} finds. */
    void click(String session, String selector) throws Exception {
        JsonElement at = evaluate(session, "(() => { const e = document.querySelector(" + new Gson().toJson(selector)
                + "); if (!e) return null; e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                + " return [r.x + r.width / 2, r.y + r.height / 2]; })()");
        if (at == null || at.isJsonNull()) {
            throw new AssertionError("nothing on the page matches " + selector);
        }
        double x = at.getAsJsonArray().get(0).getAsDouble();
        double y = at.getAsJsonArray().get(1).getAsDouble();
        send(session, "Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send(session, "Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left",
                    "clickCount", 1));
        }
    }

    /** Types {@code text} into the element {@code selector} finds, as a keyboard would. */
    void type(String session, String selector, String text) throws Exception {
        evaluate(session, "document.querySelector(" + new Gson().toJson(selector) + ").focus()");
        send(session, "Input.insertText", Map.of("text", text));
    }

    @Override
    public void close() throws Exception {
        try {
            socket.abort();
        } finally {
            List<ProcessHandle> children = browser.descendants().toList();
            browser.destroy();
            if (!browser.waitFor(5, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
