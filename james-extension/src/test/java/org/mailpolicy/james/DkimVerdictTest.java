package org.mailpolicy.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.mailpolicy.dkim.DkimKeyGenerator;
import org.mailpolicy.dkim.DkimResult;
import org.mailpolicy.dkim.DkimSignatureResult;
import org.mailpolicy.dkim.DkimSigner;
import org.mailpolicy.dkim.DkimVerifier;
import org.mailpolicy.dkim.DkimVerifierOptions;
import org.mailpolicy.dkim.GeneratedDkimKey;
import org.mailpolicy.dns.InMemoryResolver;

class DkimVerdictTest {

    private static final GeneratedDkimKey RSA = DkimKeyGenerator.rsa(1024);
    private static final GeneratedDkimKey ED25519 = DkimKeyGenerator.ed25519();
    private static final List<String> FIELDS = List.of("result", "domain", "identity", "selector", "algorithm", "keyBits", "bPrefix",
            "reason", "testing");

    private static DkimVerdict verdict(String message) {
        InMemoryResolver dns = InMemoryResolver.builder().txt("rsa._domainkey.example.com", RSA.dnsRecord() + "; t=y")
                .txt("ed._domainkey.example.com", ED25519.dnsRecord()).build();
        return DkimVerdict.of(new DkimVerifier(dns, DkimVerifierOptions.defaults()).verify(message.getBytes(StandardCharsets.UTF_8)).join());
    }

    private static String signed() {
        byte[] message = "From: joe@mail.example.com\r\nSubject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] once = DkimSigner.builder("example.com").key("rsa", RSA.key()).identity("joe@mail.example.com").build().signedMessage(message);
        return new String(DkimSigner.builder("example.com").key("ed", ED25519.key()).build().signedMessage(once), StandardCharsets.UTF_8);
    }

    private static FakeMail carrying(DkimVerdict verdict) throws Exception {
        FakeMail mail = FakeMail.builder().name("m").build();
        mail.setAttribute(verdict.toAttribute());
        return mail;
    }

    @Test
    void theVerifierResultsTravelOnTheMailAndReadBackEqual() throws Exception {
        for (DkimVerdict verdict : List.of(verdict(signed()), verdict(signed().replace("body", "bodY")),
                verdict("DKIM-Signature: v=1; a=rsa-sha256\r\n\r\n"), verdict("Subject: unsigned\r\n\r\nx\r\n"), DkimVerdict.unfinished("too slow"))) {
            assertThat(DkimVerdict.read(carrying(verdict))).as(verdict.toString()).contains(verdict);
        }
        DkimSignatureResult ed = verdict(signed()).signatures().get(0);
        DkimSignatureResult rsa = verdict(signed()).signatures().get(1);
        assertThat(ed.result()).isEqualTo(DkimResult.PASS);
        assertThat(rsa.identity()).contains("joe@mail.example.com");
        assertThat(rsa.testing()).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAttributeKeepsItsNineFieldsWithEmptyStringsForAbsentTags() throws Exception {
        Attribute attribute = verdict("DKIM-Signature: v=1; a=rsa-sha256\r\n\r\n").toAttribute();

        Collection<?> list = (Collection<?>) attribute.getValue().value();
        Map<String, ?> fields = (Map<String, ?>) ((AttributeValue<?>) list.iterator().next()).value();
        assertThat(fields.keySet()).containsExactlyElementsOf(FIELDS);
        assertThat(((AttributeValue<?>) fields.get("result")).value()).isEqualTo("permerror");
        assertThat(((AttributeValue<?>) fields.get("domain")).value()).isEqualTo("");
        assertThat(((AttributeValue<?>) fields.get("keyBits")).value()).isEqualTo(0);
    }

    @Test
    void anAttributeWrittenByTheEarlierVerdictClassStillReads() throws Exception {
        Map<String, AttributeValue<?>> fields = new LinkedHashMap<>();
        fields.put("result", AttributeValue.of("fail"));
        fields.put("domain", AttributeValue.of("example.com"));
        fields.put("identity", AttributeValue.of(""));
        fields.put("selector", AttributeValue.of("sel"));
        fields.put("algorithm", AttributeValue.of("rsa-sha256"));
        fields.put("keyBits", AttributeValue.of(2048));
        fields.put("bPrefix", AttributeValue.of("abcdefgh"));
        fields.put("reason", AttributeValue.of("body hash did not verify"));
        fields.put("testing", AttributeValue.of(false));
        FakeMail mail = FakeMail.builder().name("m").build();
        mail.setAttribute(new Attribute(DkimVerdict.NAME, AttributeValue.of(List.<AttributeValue<?>>of(AttributeValue.of(fields)))));

        DkimSignatureResult signature = DkimVerdict.read(mail).orElseThrow().signatures().get(0);

        assertThat(signature).isEqualTo(DkimSignatureResult.builder(DkimResult.FAIL).domain("example.com").selector("sel")
                .algorithm("rsa-sha256").keyBits(2048).bPrefix("abcdefgh").reason("body hash did not verify").build());
        assertThat(signature.identity()).isEmpty();
    }
}
