package org.mailpolicy.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.transport.mailets.remote.delivery.Bouncer;
import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailpolicy.james.OutboundRouting;
import org.mailpolicy.routing.RoutingTableException;

/** NextHopRoute over a real table file, with recording stand-ins for RemoteDelivery, DNS and repositories. */
class NextHopRouteTest {

    private static final String TABLE = "[recipient]\n"
            + "gmail.com      relay:[smtp.relay.example]:587, [smtp2.relay.example]:587 tls=verify auth=relay name=reputable\n"
            + "partner.example mx:gateway.partner.example tls=encrypt\n"
            + "example.org    local\n"
            + "spam-trap.example error:5.7.1 Mail to spam-trap.example is not accepted\n"
            + "ceo@example.com hold:outbound-hold\n"
            + "[default]\n"
            + "direct\n";

    @TempDir
    Path dir;

    private final List<RecordingDelivery> started = new ArrayList<>();
    private final Map<String, List<Mail>> held = new HashMap<>();
    private FakeMailContext context;
    private Path table;

    @BeforeEach
    void writeTable() throws Exception {
        table = dir.resolve("routes.conf");
        Files.writeString(table, TABLE);
        Files.writeString(dir.resolve("routes.secrets"), "relay = account@example.com:correct horse\n");
        context = FakeMailContext.defaultContext();
    }

    private NextHopRoute mailet(String... parameters) throws MessagingException {
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("routing.table", table.toString());
        properties.addProperty("routing.secrets", dir.resolve("routes.secrets").toString());
        OutboundRouting routing = OutboundRouting.from(properties, File::new);
        NextHopRoute mailet = new NextHopRoute(routing, dns -> {
            RecordingDelivery delivery = new RecordingDelivery(dns);
            started.add(delivery);
            return delivery;
        }, mxDns(), repositories());
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("NextHopRoute").mailetContext(context);
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        mailet.init(config.build());
        return mailet;
    }

    @Test
    void everySmtpRouteOfTheTableGetsItsOwnRemoteDeliveryAndQueueAtInit() throws Exception {
        NextHopRoute mailet = mailet("maxRetries", "3");
        assertThat(started).hasSize(3);
        assertThat(mailet.queues()).hasSize(3).contains("outgoing-route-reputable");
        assertThat(started).allSatisfy(d -> assertThat(d.config.getInitParameter("maxRetries")).isEqualTo("3"));
        assertThat(started.stream().map(d -> d.config.getInitParameter("outgoing")).distinct()).hasSize(3);
        assertThat(started).allSatisfy(d -> assertThat(d.config.getInitParameter("bounceProcessor")).isEqualTo("bounces"));
    }

    @Test
    void aMailIsSplitByRouteEachPartGoesWhereItsRouteSaysAndTheOriginalIsGhosted() throws Exception {
        NextHopRoute mailet = mailet();
        FakeMail mail = FakeMail.builder().name("m1").sender("alice@example.com").size(10)
                .recipients("a@gmail.com", "b@gmail.com", "c@example.net", "d@example.org", "e@spam-trap.example", "ceo@example.com")
                .state(Mail.DEFAULT).build();

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(delivery("outgoing-route-reputable").recipients()).containsExactly("a@gmail.com", "b@gmail.com");
        assertThat(started.stream().filter(d -> d.config.getInitParameter("outgoing").startsWith("outgoing-route-direct-"))
                .flatMap(d -> d.recipients().stream())).containsExactly("c@example.net");
        List<FakeMailContext.SentMail> sent = context.getSentMails();
        assertThat(sent).extracting(FakeMailContext.SentMail::getState).containsExactlyInAnyOrder("local-delivery", "bounces");
        FakeMailContext.SentMail local = sent.stream().filter(s -> s.getState().equals("local-delivery")).findFirst().orElseThrow();
        assertThat(local.getRecipients()).extracting(MailAddress::asString).containsExactly("d@example.org");
        FakeMailContext.SentMail bounce = sent.stream().filter(s -> s.getState().equals("bounces")).findFirst().orElseThrow();
        assertThat(bounce.getRecipients()).extracting(MailAddress::asString).containsExactly("e@spam-trap.example");
        assertThat(java.util.Optional.ofNullable(bounce.getAttributes().get(Bouncer.DELIVERY_ERROR)).map(a -> (Object) a.getValue().value()))
                .contains("5.7.1 Mail to spam-trap.example is not accepted");
        assertThat(held.get("memory://var/mail/outbound-hold")).as("held: %s", held.keySet()).singleElement()
                .satisfies(m -> assertThat(m.getRecipients()).extracting(MailAddress::asString).containsExactly("ceo@example.com"));
    }

    @Test
    void aMailWithOneRouteIsNotSplitAndKeepsItsName() throws Exception {
        NextHopRoute mailet = mailet();
        mailet.service(FakeMail.builder().name("m2").sender("alice@example.com").size(10).recipients("a@gmail.com").state(Mail.DEFAULT).build());
        assertThat(delivery("outgoing-route-reputable").serviced).extracting(Mail::getName).containsExactly("m2");
    }

    @Test
    void theMxRouteAsksTheMxHostsOfItsDomainWhateverTheRecipientDomain() throws Exception {
        mailet();
        RecordingDelivery mx = started.stream().filter(d -> d.config.getInitParameter("outgoing").startsWith("outgoing-route-mx-"))
                .findFirst().orElseThrow();
        assertThat(mx.dns.findMXRecords("partner.example")).containsExactly("mx1.gateway.partner.example", "mx2.gateway.partner.example");
        assertThat(mx.config.getInitParameter("gateway")).isNull();
    }

    @Test
    void aReloadedTableStartsNewRoutesAndReplacesAChangedOneOnItsQueue() throws Exception {
        NextHopRoute mailet = mailet();
        RecordingDelivery before = delivery("outgoing-route-reputable");
        RecordingDelivery removed = started.stream().filter(d -> d.config.getInitParameter("outgoing").startsWith("outgoing-route-mx-"))
                .findFirst().orElseThrow();
        Files.writeString(table, TABLE.replace("[smtp2.relay.example]:587", "[smtp3.relay.example]:587")
                .replace("partner.example mx:gateway.partner.example tls=encrypt\n", "")
                + "[sender]\n@tenant.example relay:[mail.tenant.example]:587 name=tenant\n");
        Files.setLastModifiedTime(table, FileTime.from(Instant.now().plusSeconds(5)));

        mailet.service(FakeMail.builder().name("m3").sender("bob@tenant.example").size(10)
                .recipients("a@gmail.com", "x@example.net").state(Mail.DEFAULT).build());

        assertThat(before.destroyed).as("the old definition's RemoteDelivery stops").isTrue();
        RecordingDelivery after = delivery("outgoing-route-reputable");
        assertThat(after).isNotSameAs(before);
        assertThat(after.config.getInitParameter("gateway")).isEqualTo("smtp.relay.example:587,smtp3.relay.example:587");
        assertThat(delivery("outgoing-route-tenant").recipients()).containsExactly("x@example.net");
        assertThat(removed.destroyed).as("a removed route's RemoteDelivery keeps delivering its queue").isFalse();
    }

    @Test
    void aTableThatDoesNotParseStopsTheStart() throws Exception {
        Files.writeString(table, "[recipient]\nexample.com smtp:[relay.example]\n");
        assertThatThrownBy(this::mailet).isInstanceOf(RoutingTableException.class).hasMessageContaining("line 2");
    }

    @Test
    void routeParametersCannotBeGivenToTheMailet() {
        assertThatThrownBy(() -> mailet("gateway", "relay.example")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("<gateway> is set per route");
    }

    private RecordingDelivery delivery(String queue) {
        List<RecordingDelivery> matching = started.stream().filter(d -> d.config.getInitParameter("outgoing").equals(queue))
                .collect(Collectors.toList());
        return matching.get(matching.size() - 1);
    }

    private static DNSService mxDns() {
        return (DNSService) Proxy.newProxyInstance(DNSService.class.getClassLoader(), new Class<?>[] {DNSService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("findMXRecords")) {
                        String domain = (String) args[0];
                        return List.of("mx1." + domain, "mx2." + domain);
                    }
                    if (method.getName().equals("getAllByName")) {
                        return List.of(InetAddress.getLoopbackAddress());
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private MailRepositoryStore repositories() {
        return (MailRepositoryStore) Proxy.newProxyInstance(MailRepositoryStore.class.getClassLoader(),
                new Class<?>[] {MailRepositoryStore.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("select")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String url = ((org.apache.james.mailrepository.api.MailRepositoryUrl) args[0]).asString();
                    return Proxy.newProxyInstance(MailRepository.class.getClassLoader(), new Class<?>[] {MailRepository.class},
                            (p, m, a) -> {
                                if (m.getName().equals("store")) {
                                    held.computeIfAbsent(url, k -> new ArrayList<>()).add((Mail) a[0]);
                                    return null;
                                }
                                throw new UnsupportedOperationException(m.getName());
                            });
                });
    }

    /** Records what NextHopRoute gives a route's RemoteDelivery. */
    private static final class RecordingDelivery implements Mailet {
        final DNSService dns;
        final List<Mail> serviced = new ArrayList<>();
        MailetConfig config;
        boolean destroyed;

        RecordingDelivery(DNSService dns) {
            this.dns = dns;
        }

        List<String> recipients() {
            return serviced.stream().flatMap(m -> m.getRecipients().stream()).map(MailAddress::asString).collect(Collectors.toList());
        }

        @Override
        public void init(MailetConfig config) {
            this.config = config;
        }

        @Override
        public void service(Mail mail) throws MessagingException {
            serviced.add(mail.duplicate());
            mail.setState(Mail.GHOST);
        }

        @Override
        public void destroy() {
            destroyed = true;
        }

        @Override
        public MailetConfig getMailetConfig() {
            return config;
        }

        @Override
        public String getMailetInfo() {
            return "recording";
        }

        @Override
        public Collection<org.apache.mailet.ProcessingState> requiredProcessingState() {
            return List.of();
        }
    }
}
