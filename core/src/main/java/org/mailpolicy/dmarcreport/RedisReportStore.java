package org.mailpolicy.dmarcreport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.lettuce.core.ClientOptions;
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
 * interval is claimed by one node at a time (one Lua script moves the report from the due index to the
 * leases and returns its data, so a second node finds nothing). A claim is a lease: the records move to
 * a claimed hash, "owned by this store until T" (T on Redis's clock); acknowledging deletes them,
 * releasing offers them again, and a claim whose lease ran out (the node died between claim and send) is
 * claimed again by the next node that looks, which sends the report at least once. A node that dies after
 * handing a report to its spool but before acknowledging makes the report go twice, with the same
 * Report-ID (RFC 9990 §3.5.4 lets the receiver drop the duplicate).
 *
 * <p>Keys: {@code mailpolicy:dmarcreport:due} (a sorted set of reports by interval end),
 * {@code mailpolicy:dmarcreport:leases} (claimed reports by lease end, in ms) and
 * {@code mailpolicy:dmarcreport:owners} (report to the claiming store), and per report
 * {@code mailpolicy:dmarcreport:r:<report>} (record to count), {@code ...:c:<report>} (the claimed
 * records) and {@code ...:p:<report>} (the policy last seen). Data expires a week after its interval
 * ends, so reports no node takes do not pile up. The bound ({@code maxRecords}) is per report.
 * Standalone or Sentinel Redis (the keys of one report are not in one Cluster slot), Redis 5 or later
 * (the lease scripts read {@code TIME} before writing, which needs scripts replicated by effect).
 *
 * <p>Redis trouble does not reach the mail path: {@link #add} answers false, {@link #due} an empty list
 * and {@link #claim} nothing, so a run simply finds nothing to send until Redis is back; an
 * acknowledgement or release Redis misses leaves the claim to run out.
 */
public final class RedisReportStore implements ReportStore, AutoCloseable {

    static final String PREFIX = "mailpolicy:dmarcreport:";
    static final String DUE = PREFIX + "due";
    static final String LEASES = PREFIX + "leases";
    static final String OWNERS = PREFIX + "owners";
    /** Long enough for a report's DNS checks, its retries at the next runs and the spool. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(15);
    private static final Duration RETENTION = Duration.ofDays(7);

    private final RedisClient client;
    private final int maxRecords;
    private final Duration lease;
    /** This store's name in the owners hash: a restarted node is a new owner, so it takes over its old claims when they run out. */
    private final String owner = UUID.randomUUID().toString();
    private final LuaScript add = LuaScript.load(RedisReportStore.class, "add.lua");
    private final LuaScript due = LuaScript.load(RedisReportStore.class, "due.lua");
    private final LuaScript claim = LuaScript.load(RedisReportStore.class, "claim.lua");
    private final LuaScript acknowledge = LuaScript.load(RedisReportStore.class, "acknowledge.lua");
    private final LuaScript release = LuaScript.load(RedisReportStore.class, "release.lua");
    private final Object connecting = new Object();
    private volatile StatefulRedisConnection<String, String> connection;

    private RedisReportStore(RedisClient client, int maxRecords, Duration lease) {
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("the lease must be positive, got " + lease);
        }
        this.client = client;
        this.maxRecords = maxRecords;
        this.lease = lease;
    }

    /** By Lettuce URI: {@code redis://host:6379}, {@code rediss://:password@host:6380}, {@code redis-sentinel://host:26379#master}. */
    public static RedisReportStore connect(String uri, Duration timeout, int maxRecords) {
        return connect(uri, timeout, maxRecords, DEFAULT_LEASE);
    }

    /** @param lease how long a claim holds a report before another node may take it over */
    public static RedisReportStore connect(String uri, Duration timeout, int maxRecords, Duration lease) {
        RedisURI parsed = RedisURI.create(uri);
        parsed.setTimeout(timeout);
        RedisClient client = RedisClient.create(parsed);
        client.setOptions(ClientOptions.builder().disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build()).build());
        return new RedisReportStore(client, maxRecords, lease);
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
            Object reply = run(due, ScriptOutputType.MULTI, new String[] {DUE, LEASES}, Long.toString(now.getEpochSecond()));
            Set<ReportKey> keys = new LinkedHashSet<>();
            for (Object member : (List<?>) reply) {
                keyOf((String) member).ifPresent(keys::add);
            }
            return keys.stream().sorted(Comparator.comparing((ReportKey k) -> k.interval().end()).thenComparing(ReportKey::domain))
                    .collect(Collectors.toList());
        } catch (RedisException | IllegalStateException e) {
            return List.of();
        }
    }

    @Override
    public Optional<ReportBatch> claim(ReportKey key) {
        String report = member(key);
        try {
            Object reply = run(claim, ScriptOutputType.MULTI,
                    new String[] {records(report), claimed(report), policy(report), DUE, LEASES, OWNERS},
                    report, owner, Long.toString(lease.toMillis()));
            // Lua false (nothing held, or another node's live claim) arrives as a list holding one null.
            return reply instanceof List && ((List<?>) reply).size() == 2 ? batch(key, (List<?>) reply) : Optional.empty();
        } catch (RedisException | IllegalStateException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void acknowledge(ReportKey key) {
        String report = member(key);
        try {
            run(acknowledge, ScriptOutputType.INTEGER,
                    new String[] {claimed(report), policy(report), records(report), LEASES, OWNERS}, report, owner);
        } catch (RedisException | IllegalStateException e) {
            // The claim runs out and another run sends the report again: at least once.
        }
    }

    @Override
    public void release(ReportKey key) {
        String report = member(key);
        try {
            run(release, ScriptOutputType.INTEGER, new String[] {LEASES, OWNERS, DUE}, report, owner,
                    Long.toString(key.interval().end().getEpochSecond()));
        } catch (RedisException | IllegalStateException e) {
            // The claim runs out and is offered again all the same, only later.
        }
    }

    @Override
    public List<ReportBatch> pending() {
        Set<String> members = new LinkedHashSet<>(call(c -> c.zrange(DUE, 0, -1)));
        members.addAll(call(c -> c.zrange(LEASES, 0, -1)));
        List<ReportBatch> batches = new ArrayList<>();
        for (String member : members) {
            Optional<ReportKey> key = keyOf(member);
            if (key.isEmpty()) {
                continue;
            }
            String policy = call(c -> c.get(policy(member)));
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String hash : List.of(claimed(member), records(member))) {
                call(c -> c.hgetall(hash)).forEach((field, count) -> counts.merge(field, Long.parseLong(count), Long::sum));
            }
            List<Object> flat = new ArrayList<>();
            counts.forEach((field, count) -> {
                flat.add(field);
                flat.add(Long.toString(count));
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

    private static String claimed(String report) {
        return PREFIX + "c:" + report;
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
