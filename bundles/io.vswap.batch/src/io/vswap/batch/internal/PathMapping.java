package io.vswap.batch.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rewrites absolute paths whose start is another machine's ({@code --map-path FROM=TO}): a farm
 * host sees the workstation's {@code /home/ed/show} as {@code /mnt/show}. The longest matching
 * FROM wins; a path matches only at a folder boundary ({@code /data} does not map {@code /database}).
 */
public record PathMapping(List<Rule> rules) {

    public static final PathMapping NONE = new PathMapping(List.of());

    /** One FROM=TO pair, both absolute, without a trailing slash (except the root). */
    public record Rule(String from, String to) {
    }

    public PathMapping {
        rules = rules.stream().sorted(Comparator.comparingInt((Rule r) -> r.from().length()).reversed()).toList();
    }

    /**
     * Parses {@code FROM=TO}.
     *
     * @throws IllegalArgumentException in words, naming the pair
     */
    public static Rule rule(String pair) {
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq == pair.length() - 1) {
            throw new IllegalArgumentException("--map-path " + pair + ": expected FROM=TO, e.g. /home/ed/show=/mnt/show");
        }
        String from = trim(pair.substring(0, eq));
        String to = trim(pair.substring(eq + 1));
        if (!from.startsWith("/") || !to.startsWith("/")) {
            throw new IllegalArgumentException("--map-path " + pair + ": both paths must be absolute (start with /)");
        }
        return new Rule(from, to);
    }

    public PathMapping with(Rule rule) {
        List<Rule> all = new ArrayList<>(rules);
        all.add(rule);
        return new PathMapping(all);
    }

    /** {@code path} with its mapped start replaced; relative and unmatched paths unchanged. */
    public String map(String path) {
        for (Rule r : rules) {
            if (path.equals(r.from())) {
                return r.to();
            }
            String prefix = r.from().equals("/") ? "/" : r.from() + "/";
            if (path.startsWith(prefix)) {
                return (r.to().equals("/") ? "/" : r.to() + "/") + path.substring(prefix.length());
            }
        }
        return path;
    }

    /** The {@code --map-path FROM=TO} arguments that give this mapping again. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        for (Rule r : rules) {
            args.add("--map-path");
            args.add(r.from() + "=" + r.to());
        }
        return args;
    }

    private static String trim(String p) {
        String s = p.strip();
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
