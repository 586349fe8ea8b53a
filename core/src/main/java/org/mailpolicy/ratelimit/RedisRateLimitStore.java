package org.mailpolicy.ratelimit;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mailpolicy.redis.LuaScript;

/**
 * GCRA state in Redis, shared by every James node: one hash per bucket, one Lua script per
 * decision (one round trip, on Redis's clock via {@code TIME}, so nodes with skewed clocks share
 * one limit). The key is {@code mailpolicy:rl:{<rule>|<key>}}; the braces make it a Redis
 * Cluster hash tag, so whatever a decision touches lives in one slot.
 *
 * <p>Every command has the configured timeout (default 50 ms) and commands are refused at once
 * while the connection is down, so no SMTP or spool thread waits longer; the caller's
 * {@link FailurePolicy} decides what a failure means. The connection is made on first use and
 * retried at most once a second, so James starts while Redis is down. Needs Redis 5 or later
 * (scripts replicated by effect, which {@code TIME} requires).
 */
public final class RedisRateLimitStore implements RateLimitStore, AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
    static final String PREFIX = "mailpolicy:rl:";
    private static final long RECONNECT_INTERVAL_NANOS = 1_000_000_000L;

    private final AbstractRedisClient client;
    private final Function<AbstractRedisClient, StatefulConnection<String, String>> connector;
    private final Function<StatefulConnection<String, String>, RedisClusterCommands<String, String>> sync;
    private final Duration timeout;
    private final LuaScript gcra = LuaScript.load(RedisRateLimitStore.class, "gcra.lua");
    private final LuaScript read = LuaScript.load(RedisRateLimitStore.class, "read.lua");
    private final Object connecting = new Object();
    private volatile StatefulConnection<String, String> connection;
    private volatile RedisClusterCommands<String, String> commands;
    private long nextConnectNanos;

    private RedisRateLimitStore(AbstractRedisClient client, Function<AbstractRedisClient, StatefulConnection<String, String>> connector,
            Function<StatefulConnection<String, String>, RedisClusterCommands<String, String>> sync, Duration timeout) {
        this.client = client;
        this.connector = connector;
        this.sync = sync;
        this.timeout = timeout;
    }

    /**
     * A standalone or Sentinel-managed Redis, by Lettuce URI: {@code redis://host:6379},
     * {@code rediss://:password@host:6380} (TLS), {@code redis-sentinel://host:26379#mymaster}.
     */
    public static RedisRateLimitStore standalone(String uri, Duration timeout) {
        RedisClient client = RedisClient.create(uri(uri, timeout));
        client.setOptions(ClientOptions.builder().disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socketOptions(timeout)).build());
        return new RedisRateLimitStore(client, c -> ((RedisClient) c).connect(),
                c -> ((StatefulRedisConnection<String, String>) c).sync(), timeout);
    }

    /** A Redis Cluster, by the URIs of some of its nodes (same syntax as {@link #standalone}). */
    public static RedisRateLimitStore cluster(List<String> seedUris, Duration timeout) {
        RedisClusterClient client = RedisClusterClient.create(seedUris.stream().map(u -> uri(u, timeout)).collect(Collectors.toList()));
        client.setOptions(ClusterClientOptions.builder().disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socketOptions(timeout)).build());
        return new RedisRateLimitStore(client, c -> ((RedisClusterClient) c).connect(),
                c -> ((StatefulRedisClusterConnection<String, String>) c).sync(), timeout);
    }

    private static RedisURI uri(String uri, Duration timeout) {
        RedisURI parsed = RedisURI.create(uri);
        parsed.setTimeout(timeout);
        return parsed;
    }

    private static SocketOptions socketOptions(Duration timeout) {
        // Connecting may take longer than one command, but not so long that a thread notices.
        return SocketOptions.builder().connectTimeout(timeout.multipliedBy(4)).build();
    }

    @Override
    public GcraOutcome apply(GcraUpdate update) {
        List<GcraCell> cells = update.cells();
        String[] args = new String[2 + 4 * cells.size()];
        args[0] = update.mode().name().toLowerCase(Locale.ROOT);
        args[1] = Integer.toString(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            GcraCell cell = cells.get(i);
            args[2 + 4 * i] = cell.field();
            args[3 + 4 * i] = Long.toString(cell.periodMicros());
            args[4 + 4 * i] = Long.toString(cell.limit());
            args[5 + 4 * i] = Long.toString(cell.cost());
        }
        List<Object> reply = run(gcra, key(update.bucket()), args);
        long[] before = new long[cells.size()];
        for (int i = 0; i < before.length; i++) {
            before[i] = (Long) reply.get(2 + i);
        }
        return new GcraOutcome((Long) reply.get(1), (Long) reply.get(0) == 1L, before);
    }

    @Override
    public Optional<StoredBucket> read(String bucket) {
        List<Object> reply = run(read, key(bucket), new String[0]);
        long now = (Long) reply.get(0);
        Map<String, Long> tats = new HashMap<>();
        long limited = 0;
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            String field = (String) reply.get(i);
            long value = Long.parseLong((String) reply.get(i + 1));
            if (field.equals("limited")) {
                limited = value;
            } else if (value > now) {
                tats.put(field, value);
            }
        }
        return tats.isEmpty() && limited == 0 ? Optional.empty() : Optional.of(new StoredBucket(now, tats, limited));
    }

    @Override
    public boolean reset(String bucket) {
        return call(c -> c.del(key(bucket))) > 0;
    }

    /** Scans every bucket: an administrator's command, not for the mail path. */
    @Override
    public List<LimitedBucket> mostLimited(int limit) {
        return call(c -> {
            List<LimitedBucket> found = new ArrayList<>();
            ScanArgs args = ScanArgs.Builder.matches(PREFIX + "*").limit(1000);
            KeyScanCursor<String> cursor = c.scan(args);
            while (true) {
                for (String key : cursor.getKeys()) {
                    String count = c.hget(key, "limited");
                    if (count != null) {
                        found.add(new LimitedBucket(bucketOf(key), Long.parseLong(count)));
                    }
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = c.scan(cursor, args);
            }
            return found.stream()
                    .sorted(Comparator.comparingLong(LimitedBucket::limitedCount).reversed().thenComparing(LimitedBucket::bucket))
                    .limit(limit).collect(Collectors.toList());
        });
    }

    @Override
    public void close() {
        StatefulConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, timeout.multipliedBy(20));
    }

    static String key(String bucket) {
        return PREFIX + "{" + bucket + "}";
    }

    private static String bucketOf(String key) {
        return key.substring(PREFIX.length() + 1, key.length() - 1);
    }

    private List<Object> run(LuaScript script, String key, String[] args) {
        return call(c -> script.run(c, ScriptOutputType.MULTI, new String[] {key}, args));
    }

    private <T> T call(Function<RedisClusterCommands<String, String>, T> command) {
        try {
            return command.apply(commands());
        } catch (RedisException e) {
            throw new RateLimitStoreException("Redis: " + e.getMessage(), e);
        }
    }

    private RedisClusterCommands<String, String> commands() {
        RedisClusterCommands<String, String> c = commands;
        if (c != null) {
            return c;
        }
        synchronized (connecting) {
            if (commands == null) {
                if (System.nanoTime() - nextConnectNanos < 0) {
                    throw new RateLimitStoreException("Redis: not connected, next attempt within a second", null);
                }
                try {
                    StatefulConnection<String, String> opened = connector.apply(client);
                    opened.setTimeout(timeout);
                    connection = opened;
                    commands = sync.apply(opened);
                } catch (RedisException e) {
                    nextConnectNanos = System.nanoTime() + RECONNECT_INTERVAL_NANOS;
                    throw new RateLimitStoreException("Redis: cannot connect: " + e.getMessage(), e);
                }
            }
            return commands;
        }
    }
}
