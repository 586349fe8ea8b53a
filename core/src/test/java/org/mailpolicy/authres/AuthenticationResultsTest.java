package org.mailpolicy.authres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AuthenticationResultsTest {

    @Test
    void writesOneResultPerFoldedLine() {
        AuthenticationResults header = new AuthenticationResults("mx.example.org", List.of(
                MethodResult.builder("spf", "pass").property("smtp", "mailfrom", "example.net").build(),
                MethodResult.builder("spf", "none").property("smtp", "helo", "mail.example.net").build()));

        assertThat(header.toHeaderValue()).isEqualTo("mx.example.org;\r\n\tspf=pass smtp.mailfrom=example.net;"
                + "\r\n\tspf=none smtp.helo=mail.example.net");
    }

    @Test
    void rfc8601Section2_2NoResultIsNone() {
        assertThat(new AuthenticationResults("example.org", List.of()).toHeaderValue()).isEqualTo("example.org; none");
    }

    @Test
    void rfc8601Section2_2AddressPropertyIsWrittenBare() {
        assertThat(AuthenticationResultsWriter.propertyValue("sender@example.com")).isEqualTo("sender@example.com");
        assertThat(AuthenticationResultsWriter.propertyValue("@example.com")).isEqualTo("@example.com");
    }

    @Test
    void valuesThatAreNotTokensAreQuotedAndEscaped() {
        MethodResult result = MethodResult.builder("spf", "fail")
                .reason("not \"permitted\" by a\\b")
                .property("smtp", "mailfrom", "odd local part@example.com")
                .build();

        String value = new AuthenticationResults("mx", List.of(result)).toHeaderValue();

        assertThat(value).isEqualTo("mx;\r\n\tspf=fail reason=\"not \\\"permitted\\\" by a\\\\b\""
                + " smtp.mailfrom=\"odd local part@example.com\"");
    }

    @Test
    void controlCharactersNeverReachTheHeader() {
        MethodResult result = MethodResult.builder("spf", "pass")
                .property("smtp", "mailfrom", "evil.example\r\nX-Injected: yes").build();

        String value = new AuthenticationResults("mx", List.of(result)).toHeaderValue();

        assertThat(value).doesNotContain("\r\nX-Injected").contains("\"evil.example  X-Injected: yes\"");
    }

    @Test
    void whatIsWrittenParsesBackToTheSameResults() {
        AuthenticationResults header = new AuthenticationResults("mx.example.org", List.of(
                MethodResult.builder("spf", "fail").reason("a \"quoted\" reason")
                        .property("smtp", "mailfrom", "user@example.net").build(),
                MethodResult.builder("dkim", "pass").property("header", "d", "example.net")
                        .property("header", "s", "sel").build()));

        assertThat(AuthenticationResults.parse(header.toHeaderValue())).contains(header);
    }

    @Test
    void rfc8601AppendixB3ParsesWithCommentsAndVersion() {
        String value = "example.com 1 (comment);\r\n spf=pass (good) smtp.mailfrom=example.net;"
                + " auth=pass (cram-md5) smtp.auth=sender@example.net";

        AuthenticationResults parsed = AuthenticationResults.parse(value).orElseThrow();

        assertThat(parsed.authservId()).isEqualTo("example.com");
        assertThat(parsed.results()).hasSize(2);
        assertThat(parsed.results().get(0).property("smtp", "mailfrom")).contains("example.net");
        assertThat(parsed.results().get(1).property("smtp", "auth")).contains("sender@example.net");
    }

    @Test
    void rfc8601AppendixB2NoneParses() {
        assertThat(AuthenticationResults.parse("example.org 1; none").orElseThrow().results()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";", "example.org", "example.org; spf", "example.org; spf=", "\"unterminated; spf=pass",
            "example.org; spf=pass smtp.mailfrom", "example.org (open comment; spf=pass"})
    void malformedFieldsAreRejectedWithoutException(String value) {
        assertThat(AuthenticationResults.parse(value)).isEmpty();
    }

    @Test
    void authservIdIsReadEvenWhenTheRestIsBroken() {
        assertThat(AuthenticationResults.authservIdOf(" (c) \"mx.example.org\"; garbage=")).contains("mx.example.org");
        assertThat(AuthenticationResults.authservIdOf("  ")).isEmpty();
    }

    @Test
    void rfc7489Section11_2DmarcWithHeaderFromAndPolicy() throws Exception {
        org.mailpolicy.dns.InMemoryResolver dns = org.mailpolicy.dns.InMemoryResolver.builder()
                .txt("_dmarc.example.com", "v=DMARC1; p=reject").build();
        org.mailpolicy.dmarc.DmarcOptions options = org.mailpolicy.dmarc.DmarcOptions.builder().allowedFromDomain("example.com").build();
        org.mailpolicy.dmarc.DmarcResult result = new org.mailpolicy.dmarc.DmarcEvaluator(dns, options)
                .evaluate(org.mailpolicy.dmarc.DmarcInput.builder("From: a@Example.COM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).build())
                .get();

        String value = new AuthenticationResults("mx.example.org", List.of(MethodResults.dmarc(result))).toHeaderValue();

        assertThat(value).isEqualTo("mx.example.org;\r\n\tdmarc=fail reason=\"override local_policy (from example.com)\""
                + " header.from=example.com policy.dmarc=reject");
        assertThat(AuthenticationResults.parse(value).orElseThrow().results().get(0).property("policy", "dmarc")).contains("reject");
    }
}
