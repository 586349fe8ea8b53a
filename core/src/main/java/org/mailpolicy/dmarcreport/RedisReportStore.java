package org.mailpolicy.dmarcreport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import org.mailpolicy.redis.LuaScript;

/**
 * A {@link ReportStore} in Redis, shared by every James node: each node adds its rows, and each due
 * interval is taken by exactly one node (one Lua script removes the report from the due index and
 * returns its data, so a second node finds nothing). Keys: {@code mailpolicy:dmarcreport:due} (a
 * sorted set of reports by interval end), {@code mailpolicy:dmarcreport:r:<report>} (record to count)
 * and {@code mailpolicy:dmarcreport:p:<report>} (the policy last seen). Data expires a week after its
 * interval ends, so reports no node takes do not pile up. The bound ({@code maxRecords}) is per report.
 * Standalone or Sentinel Redis (the keys of one report are not in one Cluster slot).
 *
 * <p>Redis trouble does not reach the mail path: {@link #add} answers false, {@link #due} an empty list
 * and {@link #take} nothing, so a run simply finds nothing to send until Redis is back.
 */
public final class RedisReportStore implements ReportStore, AutoCloseable {

    static final String PREFIX = "mailpolicy:dmarcreport:";
    static final String DUE = PREFIX + "due";
    private static final Duration RETENTION = Duration.ofDays(7);

    private final RedisClient client;
    private final int maxRecords;
    private final LuaScript add = LuaScript.load(RedisReportStore.class, "add.lua");
    private final LuaScript take = LuaScript.load(RedisReportStore.class, "take.lua");
    private final Object connecting = new Object();
    private volatile StatefulRedisConnection<String, String> connection;

    private RedisReportStore(RedisClient client, int maxRecords) {
        this.client = client;
        this.maxRecords = maxRecords;
    }

    /** By Lettuce URI: {@code redis://host:6379}, {@code rediss://:password@host:6380}, {@code redis-sentinel://host:26379#master}. */
    public static RedisReportStore connect(String uri, Duration timeout, int maxRecords) {
        RedisURI parsed = RedisURI.create(uri);
        parsed.setTimeout(timeout);
        RedisClient client = RedisClient.create(parsed);
        client.setOptions(ClientOptions.builder().disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build()).build());
        return new RedisReportStore(client, maxRecords);
    }

    @Override
    public boolean add(ReportRow row) {
        String report = member(row.key());
        long expireAt = row.key().interval().end().plus(RETENTION).getEpochSecond();
        try {
            Object added = run(add, ScriptOutputType.INTEGER, new String[] {records(report), policy(report), DUE},
                    ReportSnapshot.encode(row.record().withCount(1)), ReportSnapshot.encode(row.policy()),
                    Integer.toString(maxRecords), report, Long.toString(row.key().interval().end().getEpochSecond()),
                    Long.toString(expireAt));
            return Long.valueOf(1).equals(added);
        } catch (RedisException | IllegalStateException e) {
            return false;
        }
    }

    @Override
    public List<ReportKey> due(Instant now) {
        try {
            List<ReportKey> keys = new ArrayList<>();
            for (String member : call(c -> c.zrangebyscore(DUE, Range.create(Double.NEGATIVE_INFINITY, (double) now.getEpochSecond())))) {
                keyOf(member).ifPresent(keys::add);
            }
            return keys;
        } catch (RedisException | IllegalStateException e) {
            return List.of();
        }
    }

    @Override
    public Optional<ReportBatch> take(ReportKey key) {
        String report = member(key);
        try {
            Object reply = run(take, ScriptOutputType.MULTI, new String[] {records(report), policy(report), DUE}, report);
            // Lua false (another node took it) arrives as a list holding one null.
            return reply instanceof List && ((List<?>) reply).size() == 2 ? batch(key, (List<?>) reply) : Optional.empty();
        } catch (RedisException | IllegalStateException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<ReportBatch> pending() {
        List<ReportBatch> batches = new ArrayList<>();
        for (String member : call(c -> c.zrange(DUE, 0, -1))) {
            Optional<ReportKey> key = keyOf(member);
            if (key.isEmpty()) {
                continue;
            }
            String policy = call(c -> c.get(policy(member)));
            List<Object> flat = new ArrayList<>();
            call(c -> c.hgetall(records(member))).forEach((field, count) -> {
                flat.add(field);
                flat.add(count);
            });
            batch(key.get(), List.of(policy == null ? "" : policy, flat)).ifPresent(batches::add);
        }
        return batches;
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown();
    }

    private static Optional<ReportBatch> batch(ReportKey key, List<?> reply) {
        String policy = (String) reply.get(0);
        List<?> fields = (List<?>) reply.get(1);
        if (policy.isEmpty() || fields.isEmpty()) {
            return Optional.empty();
        }
        List<ReportRecord> records = new ArrayList<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            records.add(ReportSnapshot.decodeRecord((String) fields.get(i)).withCount(Long.parseLong((String) fields.get(i + 1))));
        }
        return Optional.of(new ReportBatch(key, ReportSnapshot.decodePolicy(policy), records));
    }

    /** {@code <domain> <begin> <end>}: a domain name has no space. */
    static String member(ReportKey key) {
        return key.domain() + " " + key.interval().begin().getEpochSecond() + " " + key.interval().end().getEpochSecond();
    }

    private static Optional<ReportKey> keyOf(String member) {
        String[] parts = member.split(" ");
        try {
            return Optional.of(new ReportKey(parts[0], new ReportInterval(Instant.ofEpochSecond(Long.parseLong(parts[1])),
                    Instant.ofEpochSecond(Long.parseLong(parts[2])))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String records(String report) {
        return PREFIX + "r:" + report;
    }

    private static String policy(String report) {
        return PREFIX + "p:" + report;
    }

    private Object run(LuaScript script, ScriptOutputType type, String[] keys, String... args) {
        return call(c -> script.run(c, type, keys, args));
    }

    private <T> T call(Function<RedisCommands<String, String>, T> command) {
        return command.apply(commands());
    }

    private RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) {
            synchronized (connecting) {
                if (connection == null) {
                    connection = client.connect();
                }
                c = connection;
            }
        }
        return c.sync();
    }
}
