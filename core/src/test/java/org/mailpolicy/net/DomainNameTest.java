package org.mailpolicy.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DomainNameTest {

    private static final String LABEL_63 = "a".repeat(63);

    @Test
    void rfc1035Section2_3_4LabelAndNameLengths() {
        assertThat(DomainName.fitsDns("example.com")).isTrue();
        assertThat(DomainName.fitsDns("example.com.")).isTrue();
        assertThat(DomainName.fitsDns(LABEL_63 + ".example")).isTrue();
        assertThat(DomainName.fitsDns(LABEL_63 + "a.example")).isFalse();
        String name253 = String.join(".", LABEL_63, LABEL_63, LABEL_63, "a".repeat(61));
        assertThat(name253).hasSize(253);
        assertThat(DomainName.fitsDns(name253)).isTrue();
        assertThat(DomainName.fitsDns(name253 + "a")).isFalse();
        assertThat(DomainName.fitsDns("")).isFalse();
        assertThat(DomainName.fitsDns(".")).isFalse();
        assertThat(DomainName.fitsDns("a..example")).isFalse();
        assertThat(DomainName.fitsDns(".example")).isFalse();
    }

    @Test
    void rfc2181Section11AnyOctetMayStandInALabel() {
        assertThat(DomainName.fitsDns("a b%c._spf.example")).isTrue();
    }

    @Test
    void sameOrSubdomainIgnoresCaseAndTheRootDot() {
        assertThat(DomainName.isSameOrSubdomain("Mail.Example.COM.", "example.com")).isTrue();
        assertThat(DomainName.isSameOrSubdomain("example.com", "EXAMPLE.com.")).isTrue();
        assertThat(DomainName.isSameOrSubdomain("badexample.com", "example.com")).isFalse();
        assertThat(DomainName.isSameOrSubdomain("example.com", "mail.example.com")).isFalse();
    }
}
