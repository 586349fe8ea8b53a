package org.mailpolicy.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.mail.MessagingException;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.james.OutboundRouting;

/** RouteIs: the recipients whose route has one of the names (ROUTING-TABLE.md "Options", name=). */
class RouteIsTest {

    @TempDir
    Path dir;

    private RouteIs matcher(String condition) throws Exception {
        Path table = dir.resolve("routes.conf");
        Files.writeString(table, "[recipient]\n"
                + "gmail.com relay:[smtp.relay.example]:587 name=reputable\n"
                + "example.org local\n"
                + "[sender]\n"
                + "@tenant.example relay:[mail.tenant.example]:587 name=tenant\n");
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("routing.table", table.toString());
        RouteIs matcher = new RouteIs(OutboundRouting.from(properties, File::new));
        matcher.init(FakeMatcherConfig.builder().matcherName("RouteIs").condition(condition).build());
        return matcher;
    }

    @Test
    void matchesOnlyTheRecipientsOfTheNamedRoutes() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").sender("alice@example.com")
                .recipients("a@gmail.com", "b@example.net", "c@example.org").build();
        assertThat(matcher("reputable").match(mail)).containsExactly(new MailAddress("a@gmail.com"));
    }

    @Test
    void anUnnamedRouteIsMatchedByItsKindAndTheBuiltInRouteIsDirect() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").sender("alice@example.com")
                .recipients("a@gmail.com", "b@example.net", "c@example.org").build();
        assertThat(matcher("local, direct").match(mail))
                .containsExactlyInAnyOrder(new MailAddress("b@example.net"), new MailAddress("c@example.org"));
    }

    @Test
    void senderDependentRoutesUseTheMailsSender() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").sender("bob@tenant.example").recipients("a@gmail.com", "b@example.net").build();
        assertThat(matcher("tenant").match(mail)).containsExactly(new MailAddress("b@example.net"));
    }

    @Test
    void aConditionIsRequired() {
        assertThatThrownBy(() -> matcher("")).isInstanceOf(MessagingException.class).hasMessageContaining("RouteIs=reputable");
    }
}
