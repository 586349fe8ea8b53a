package org.mailpolicy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.mailpolicy.ratelimit.LimitedBucket;
import org.mailpolicy.ratelimit.RateLimitBudget;
import org.mailpolicy.ratelimit.RateLimitConfigException;
import org.mailpolicy.ratelimit.RateLimitRules;
import org.mailpolicy.ratelimit.RateLimitState;
import org.mailpolicy.ratelimit.RateLimitStoreException;
import org.mailpolicy.ratelimit.RateLimiter;
import org.mailpolicy.ratelimit.RedisRateLimitStore;
import org.mailpolicy.ratelimit.StoredBucket;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mailpolicy ratelimit show|reset|top}: the rate-limit state James keeps in Redis, read and
 * cleared the way RateLimitHook's store does it. Exit code 0 on success, 1 when Redis does not
 * answer, 2 for bad arguments.
 */
@Command(name = "ratelimit", mixinStandardHelpOptions = true,
        description = "Reads or resets a key's rate-limit state in the Redis that James's rate limiter uses.",
        subcommands = {RateLimitCommand.Show.class, RateLimitCommand.Reset.class, RateLimitCommand.Top.class})
final class RateLimitCommand {

    /** The options every subcommand shares: where Redis is, and how long to wait for it. */
    static class RedisOptions {
        @Option(names = "--redis", required = true, paramLabel = "URI",
                description = "Lettuce URI as in ratelimit.redis.uri: redis://host:6379, rediss://:password@host:6380 (TLS), "
                        + "redis-sentinel://host:26379#mymaster.")
        String uri;

        @Option(names = "--timeout", paramLabel = "MS", defaultValue = "2000", description = "Per command, in ms (default 2000).")
        long timeoutMillis;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        RedisRateLimitStore store() {
            return RedisRateLimitStore.standalone(uri, Duration.ofMillis(timeoutMillis));
        }
    }

    static class KeyOptions extends RedisOptions {
        @Option(names = "--rule", required = true, paramLabel = "R", description = "The rule's name (ratelimit.rule.<R>.*).")
        String rule;

        @Option(names = "--key", required = true, paramLabel = "K",
                description = "The key as decisions and WebAdmin show it, for example user=alice@example.com.")
        String key;
    }

    private static void print(CommandSpec spec, String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(text);
        out.flush();
    }

    private static int storeFailed(CommandSpec spec, RateLimitStoreException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("mailpolicy ratelimit: " + e.getMessage());
        err.flush();
        return 1;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows a key's state. With --rules, each window and dimension's remaining budget; "
                    + "without, how long each counter takes to recover fully.")
    static final class Show extends KeyOptions implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--rules", paramLabel = "FILE",
                description = "mailpolicy.properties or the rules file, to show budgets against the rule's limits.")
        private Path rulesFile;

        @Override
        public Integer call() {
            Optional<RateLimitRules> rules = rules();
            try (RedisRateLimitStore store = store()) {
                Map<String, Object> fields;
                String text;
                if (rules.isPresent()) {
                    RateLimitState state = new RateLimiter(rules.get(), store).read(rule, key)
                            .orElseThrow(() -> new ParameterException(spec.commandLine(), "no rule named " + rule + " in " + rulesFile));
                    fields = state.fields();
                    text = human(state);
                } else {
                    Optional<StoredBucket> stored = store.read(RateLimiter.bucket(rule, key));
                    fields = fields(stored);
                    text = human(stored);
                }
                print(spec, json ? JsonOutput.write(fields) : text);
                return 0;
            } catch (RateLimitStoreException e) {
                return storeFailed(spec, e);
            }
        }

        private Optional<RateLimitRules> rules() {
            if (rulesFile == null) {
                return Optional.empty();
            }
            try (Reader reader = Files.newBufferedReader(rulesFile, StandardCharsets.ISO_8859_1)) {
                return Optional.of(RateLimitRules.parse(reader));
            } catch (IOException | RateLimitConfigException e) {
                throw new ParameterException(spec.commandLine(), "cannot read the rules in " + rulesFile + ": " + e.getMessage());
            }
        }

        private Map<String, Object> fields(Optional<StoredBucket> stored) {
            Map<String, Object> object = header(stored.map(StoredBucket::limitedCount).orElse(0L));
            Map<String, Object> recovery = new LinkedHashMap<>();
            stored.ifPresent(s -> new TreeMap<>(s.tats()).forEach((field, tat) -> recovery.put(field, (tat - s.nowMicros()) / 1_000)));
            object.put("recoversInMillis", recovery);
            return object;
        }

        private Map<String, Object> header(long limitedCount) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("rule", rule);
            object.put("key", key);
            object.put("limitedCount", limitedCount);
            return object;
        }

        private String human(RateLimitState state) {
            StringBuilder out = new StringBuilder(rule + " " + key + ": refused " + state.limitedCount() + " times");
            for (RateLimitBudget b : state.budgets()) {
                out.append("\n  ").append(b.window()).append(' ').append(b.dimension().configName()).append(": ")
                        .append(b.remaining()).append('/').append(b.limit()).append(" left");
                if (!b.retryAfter().isZero()) {
                    out.append(", one more in ").append(seconds(b.retryAfter().toMillis())).append(" s");
                }
            }
            return out.toString();
        }

        private String human(Optional<StoredBucket> stored) {
            if (stored.isEmpty()) {
                return rule + " " + key + ": no state (full budget)";
            }
            StringBuilder out = new StringBuilder(rule + " " + key + ": refused " + stored.get().limitedCount() + " times");
            new TreeMap<>(stored.get().tats()).forEach((field, tat) -> out.append("\n  ").append(field).append(" recovers fully in ")
                    .append(seconds((tat - stored.get().nowMicros()) / 1_000)).append(" s"));
            return out.toString();
        }

        private static String seconds(long millis) {
            return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true, description = "Gives a key its full budget back.")
    static final class Reset extends KeyOptions implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            try (RedisRateLimitStore store = store()) {
                boolean held = store.reset(RateLimiter.bucket(rule, key));
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("rule", rule);
                object.put("key", key);
                object.put("reset", held);
                print(spec, json ? JsonOutput.write(object) : rule + " " + key + (held ? ": reset" : ": held no state"));
                return 0;
            } catch (RateLimitStoreException e) {
                return storeFailed(spec, e);
            }
        }
    }

    @Command(name = "top", mixinStandardHelpOptions = true,
            description = "Lists the keys refused most (scans every key: an administrator's command, not for scripts in a loop).")
    static final class Top extends RedisOptions implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "At most N keys (default 10).")
        private int limit;

        @Override
        public Integer call() {
            if (limit < 1) {
                throw new ParameterException(spec.commandLine(), "--limit must be at least 1");
            }
            try (RedisRateLimitStore store = store()) {
                List<LimitedBucket> buckets = store.mostLimited(limit);
                List<Map<String, Object>> entries = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                for (LimitedBucket bucket : buckets) {
                    entries.add(bucket.fields());
                    text.append(text.length() == 0 ? "" : "\n").append(bucket.limitedCount()).append(' ')
                            .append(bucket.rule()).append(' ').append(bucket.key());
                }
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("keys", entries);
                print(spec, json ? JsonOutput.write(object) : text.length() == 0 ? "no key was refused" : text.toString());
                return 0;
            } catch (RateLimitStoreException e) {
                return storeFailed(spec, e);
            }
        }
    }
}
