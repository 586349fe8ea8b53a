package org.mailpolicy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingRulesFileTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atSomeInstant();

    private Path write(String text, Instant modified) throws IOException {
        Path file = dir.resolve("ratelimit.properties");
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void anEditedFileIsPickedUpAtTheNextCheckWithoutARestart() throws IOException {
        Path file = write("ratelimit.rule.a.key=user\nratelimit.rule.a.window.1m=messages:10\n", Instant.parse("2026-01-01T00:00:00Z"));
        ReloadingRulesFile source = new ReloadingRulesFile(file, clock, Duration.ofSeconds(2));
        RateLimiter limiter = new RateLimiter(source, new InMemoryRateLimitStore(clock, 100));
        assertThat(source.current().rule("a").orElseThrow().windows().get(0).limits()).containsEntry(Dimension.MESSAGES, 10L);

        write("ratelimit.rule.a.key=user\nratelimit.rule.a.window.1m=messages:1\n", Instant.parse("2026-01-01T00:01:00Z"));
        assertThat(source.current().rule("a").orElseThrow().windows().get(0).limits())
                .as("not looked at before the check interval").containsEntry(Dimension.MESSAGES, 10L);
        clock.advance(Duration.ofSeconds(2));
        assertThat(source.current().rule("a").orElseThrow().windows().get(0).limits()).containsEntry(Dimension.MESSAGES, 1L);
        RateLimitRequest alice = RateLimitRequest.builder().user("alice@example.com").build();
        assertThat(limiter.check(alice).allowed()).isTrue();
        assertThat(limiter.check(alice).allowed()).isFalse();
    }

    @Test
    void anEditThatDoesNotParseKeepsTheRulesInForce() throws IOException {
        Path file = write("ratelimit.rule.a.key=user\nratelimit.rule.a.window.1m=messages:10\n", Instant.parse("2026-01-01T00:00:00Z"));
        ReloadingRulesFile source = new ReloadingRulesFile(file, clock, Duration.ofSeconds(2));
        RateLimitRules before = source.current();

        write("ratelimit.rule.a.key=user\nratelimit.rule.a.window.1m=messages:ten\n", Instant.parse("2026-01-01T00:01:00Z"));
        clock.advance(Duration.ofSeconds(2));
        assertThat(source.current()).isEqualTo(before);

        Files.delete(file);
        clock.advance(Duration.ofSeconds(2));
        assertThat(source.current()).as("a vanished file keeps the rules too").isEqualTo(before);

        write("ratelimit.rule.b.key=ip\nratelimit.rule.b.window.1h=messages:5\n", Instant.parse("2026-01-01T00:02:00Z"));
        clock.advance(Duration.ofSeconds(2));
        assertThat(source.current().rules()).extracting(RateLimitRule::name).containsExactly("b");
    }

    @Test
    void aBrokenFileAtStartUpFailsFast() throws IOException {
        Path file = write("ratelimit.rule.a.key=user+mailbox\nratelimit.rule.a.window.1m=messages:10\n", Instant.parse("2026-01-01T00:00:00Z"));
        assertThatThrownBy(() -> new ReloadingRulesFile(file, clock, Duration.ofSeconds(2)))
                .isInstanceOf(RateLimitConfigException.class).hasMessageContaining("ratelimit.rule.a.key");
    }
}
