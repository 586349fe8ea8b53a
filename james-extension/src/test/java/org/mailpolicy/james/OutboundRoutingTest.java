package org.mailpolicy.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.configuration2.BaseConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.routing.RoutingTableException;

/** The routing.* keys of mailpolicy.properties. */
class OutboundRoutingTest {

    @TempDir
    Path dir;

    private static OutboundRouting routing(BaseConfiguration properties) {
        return OutboundRouting.from(properties, File::new);
    }

    @Test
    void withoutATableRoutingIsOffAndAskingForItSaysWhichKeyToSet() {
        OutboundRouting routing = routing(new BaseConfiguration());
        assertThat(routing.configured()).isFalse();
        assertThatThrownBy(routing::resolver).isInstanceOf(IllegalStateException.class).hasMessageContaining("routing.table");
    }

    @Test
    void theTableIsOpenedAtFirstUseWithItsSecretsAndTheDelimiter() throws Exception {
        Path table = dir.resolve("routes.conf");
        Files.writeString(table, "[recipient]\nbob@example.com relay:[r.example]:587 auth=r name=bob\n");
        Path secrets = dir.resolve("routes.secrets");
        Files.writeString(secrets, "r = user:pw\n");
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("routing.table", table.toString());
        properties.addProperty("routing.secrets", secrets.toString());
        properties.addProperty("routing.recipientDelimiter", "-");
        OutboundRouting routing = routing(properties);
        assertThat(routing.resolver().resolve("bob-news@example.com").route().name()).contains("bob");
        assertThat(routing.routes()).hasSize(1);
    }

    @Test
    void aTableThatDoesNotParseFailsTheFirstUseWithItsLine() throws Exception {
        Path table = dir.resolve("routes.conf");
        Files.writeString(table, "[recipient]\nexample.com smtp:[relay.example]\n");
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("routing.table", table.toString());
        assertThatThrownBy(routing(properties)::resolver).isInstanceOf(RoutingTableException.class).hasMessageContaining("line 2");
    }

    @Test
    void secretsWithoutATableAndABadDelimiterAreRefusedAtStart() {
        BaseConfiguration secretsOnly = new BaseConfiguration();
        secretsOnly.addProperty("routing.secrets", "/etc/james/routes.secrets");
        assertThatThrownBy(() -> routing(secretsOnly)).hasMessageContaining("routing.secrets");
        BaseConfiguration badDelimiter = new BaseConfiguration();
        badDelimiter.addProperty("routing.recipientDelimiter", "@");
        assertThatThrownBy(() -> routing(badDelimiter)).hasMessageContaining("routing.recipientDelimiter=@");
    }
}
