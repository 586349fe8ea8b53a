package org.mailpolicy.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mailpolicy.dkim.DkimResult;

class DkimResultConditionTest {

    @Test
    void resultsAndDomainsAreReadCaseIgnoredAndWrittenBackInTheirOwnSyntax() {
        DkimResultCondition condition = DkimResultCondition.parse(" PASS , Fail ; domain= Example.COM, example.org,example.com ");

        assertThat(condition.results()).containsExactly(DkimResult.PASS, DkimResult.FAIL);
        assertThat(condition.domains()).containsExactly("example.com", "example.org");
        assertThat(condition).hasToString("pass,fail;domain=example.com,example.org");
        assertThat(DkimResultCondition.parse(condition.toString())).isEqualTo(condition);
    }

    @Test
    void aMalformedConditionSaysWhatIsAccepted() {
        assertThatThrownBy(() -> DkimResultCondition.parse(null)).hasMessageContaining("needs a list of DKIM results");
        assertThatThrownBy(() -> DkimResultCondition.parse("pass,,fail")).hasMessageContaining("'' is not a DKIM result");
        assertThatThrownBy(() -> DkimResultCondition.parse("pass;domain=a;domain=b")).hasMessageContaining("expected <result>");
        assertThatThrownBy(() -> DkimResultCondition.parse("pass;domain=, ,")).hasMessageContaining("at least one domain");
        assertThatThrownBy(() -> DkimResultCondition.parse("pass;domain=exa mple.com")).hasMessageContaining("'exa mple.com' is not a domain name");
    }

    @Test
    void domainListSkipsBlankEntriesAndRefusesWhatCannotBeAD() {
        assertThat(DomainList.parse(" Example.com,, example.COM ,_dmarc.example.org")).containsExactly("example.com", "_dmarc.example.org");
        assertThat(DomainList.parse("")).isEmpty();
        for (String bad : new String[] {".example.com", "example.com.", "a..b", "bücher.example", "example.com;x", "a".repeat(64) + ".example",
                "abcd.".repeat(51) + "com"}) {
            assertThatThrownBy(() -> DomainList.parse(bad)).as(bad).hasMessageContaining("is not a domain name");
        }
    }
}
