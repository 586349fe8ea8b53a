package org.mailpolicy.benchmarks;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.jdkim.mailets.DKIMVerify;
import org.apache.james.transport.mailets.SPF;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.mailpolicy.dkim.DkimVerification;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.dmarc.DmarcEvaluator;
import org.mailpolicy.dmarc.DmarcInput;
import org.mailpolicy.dmarc.DmarcOptions;
import org.mailpolicy.dmarc.DmarcResult;
import org.mailpolicy.dmarc.DmarcResultCode;
import org.mailpolicy.dns.InMemoryResolver;
import org.mailpolicy.james.MessageBytes;
import org.mailpolicy.spf.SpfOptions;
import org.mailpolicy.spf.SpfResult;
import org.mailpolicy.spf.SpfVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole inbound evaluation of a message: MailPolicy's SPF, DKIM and DMARC engines, against what
 * a James 3.8.1 user has today, James's stock {@code SPF} mailet (jSPF 1.0.3) and {@code DKIMVerify}
 * mailet (jDKIM 0.3), which do no DMARC at all. One operation evaluates the eight {@link SpfZone}
 * scenarios, each with its own 4 KB message signed with RSA-2048 by example.com and From the MAIL
 * FROM address. Both sides start from the same {@link FakeMail}s, read the message from its
 * MimeMessage and answer DNS from memory (a warm cache).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class InboundBenchmark {

    private final List<Mail> mails = new ArrayList<>();
    private final List<InetAddress> addresses = new ArrayList<>();
    private SpfVerifier spf;
    private DkimVerifier dkim;
    private DmarcEvaluator dmarc;
    private SPF jamesSpf;
    private DKIMVerify jamesDkim;

    @Setup
    public void setUp() throws Exception {
        DkimFixtures fixtures = new DkimFixtures();
        InMemoryResolver resolver = SpfZone.inMemoryRecords()
                .txt(DkimFixtures.RSA_SELECTOR + "._domainkey." + DkimFixtures.DOMAIN, fixtures.rsaKey.dnsRecord())
                .txt("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:dmarc@example.com")
                .txt("_dmarc.example.org", "v=DMARC1; p=quarantine; adkim=s")
                .build();
        spf = new SpfVerifier(resolver, SpfOptions.defaults());
        dkim = new DkimVerifier(resolver, DkimVerifierOptions.defaults());
        dmarc = new DmarcEvaluator(resolver, DmarcOptions.defaults());

        jamesSpf = new SPF(new JamesLiteralDns());
        jamesSpf.setSPFDnsService(new JspfInMemoryDns(SpfZone.RECORDS));
        jamesSpf.init(FakeMailetConfig.builder().mailetName("SPF").build());
        jamesDkim = new DKIMVerify(fixtures.jdkimRecords());
        jamesDkim.init(FakeMailetConfig.builder().mailetName("DKIMVerify").build());

        Session session = Session.getDefaultInstance(new Properties());
        for (int i = 0; i < SpfZone.SCENARIOS.size(); i++) {
            SpfZone.Scenario scenario = SpfZone.SCENARIOS.get(i);
            String text = new String(DkimFixtures.message(4096), StandardCharsets.UTF_8)
                    .replace("From: Alice <alice@example.com>", "From: <" + scenario.mailFrom + ">")
                    .replace("<benchmark@example.com>", "<inbound-" + i + "@example.com>");
            byte[] signed = fixtures.rsaSigner().signedMessage(text.getBytes(StandardCharsets.UTF_8));
            mails.add(FakeMail.builder().name("inbound-" + i)
                    .mimeMessage(new MimeMessage(session, new ByteArrayInputStream(signed)))
                    .sender(scenario.mailFrom).remoteAddr(scenario.ip).remoteHost(scenario.helo)
                    .attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of(scenario.helo)))
                    .build());
            addresses.add(scenario.address());
        }
        check();
    }

    /** Both sides must reach the same SPF and DKIM verdicts on every message before anything is timed. */
    private void check() throws MessagingException {
        int dmarcPasses = 0;
        for (int i = 0; i < mails.size(); i++) {
            Mail mail = mails.get(i);
            SpfZone.Scenario scenario = SpfZone.SCENARIOS.get(i);
            jamesSpf.service(mail);
            jamesDkim.service(mail);
            String jamesSpfResult = mail.getAttribute(SPF.RESULT_ATTRIBUTE).orElseThrow().getValue().value().toString();
            String jamesDkimResult = mail.getAttribute(DKIMVerify.DKIM_AUTH_RESULT).orElseThrow().getValue().value().toString();
            String ourSpfResult = spf.verifyMailFrom(addresses.get(i), scenario.helo, scenario.mailFrom).join().code().keyword();
            DmarcResult ours = mailPolicy(i);
            if (!jamesSpfResult.equals(scenario.expected) || !ourSpfResult.equals(scenario.expected) || !jamesDkimResult.startsWith("pass")) {
                throw new IllegalStateException("James's mailets on " + scenario.mailFrom + ": spf " + jamesSpfResult
                         + ", dkim " + jamesDkimResult + ", our spf " + ourSpfResult + "; expected spf " + scenario.expected + " and dkim pass");
            }
            if (ours.code() == DmarcResultCode.PASS) {
                dmarcPasses++;
            } else if (ours.code() != DmarcResultCode.FAIL) {
                throw new IllegalStateException("DMARC on " + scenario.mailFrom + ": " + ours);
            }
        }
        if (dmarcPasses == 0 || dmarcPasses == mails.size()) {
            throw new IllegalStateException("the messages must mix DMARC passes and failures, got " + dmarcPasses + " passes");
        }
    }

    /** SPF at MAIL FROM, DKIM at the end of DATA, then DMARC on both verdicts, as our hooks and mailets do. */
    private DmarcResult mailPolicy(int i) throws MessagingException {
        Mail mail = mails.get(i);
        byte[] message = MessageBytes.of(mail);
        String mailFrom = mail.getMaybeSender().asString();
        SpfResult spfResult = spf.verifyMailFrom(addresses.get(i), mail.getRemoteHost(), mailFrom).join();
        DkimVerification dkimResult = dkim.verify(message).join();
        return dmarc.evaluate(DmarcInput.builder(message).spf(spfResult).dkim(dkimResult)
                .mailFrom(mailFrom).clientAddress(addresses.get(i)).build()).join();
    }

    @Benchmark
    public void mailPolicySpfDkimDmarc(Blackhole blackhole) throws MessagingException {
        for (int i = 0; i < mails.size(); i++) {
            blackhole.consume(mailPolicy(i));
        }
    }

    @Benchmark
    public void jamesSpfAndDkimVerifyMailets(Blackhole blackhole) throws MessagingException {
        for (Mail mail : mails) {
            jamesSpf.service(mail);
            jamesDkim.service(mail);
            blackhole.consume(mail.getAttribute(DKIMVerify.DKIM_AUTH_RESULT));
        }
    }
}
