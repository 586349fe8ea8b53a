package org.mailpolicy.jamesconf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Guards the two promises of the sample smtpserver.xml that a careless edit would break silently. */
class SampleSmtpServerTest {

    @Test
    void mxDoesNotTrustLoopbackAsARelayNetwork() throws Exception {
        Element mx = server("smtpserver-mx");

        assertThat(text(mx, "authorizedAddresses")).doesNotContain("127.");
        assertThat(text(mx, "announce")).isEqualTo("never");
    }

    @Test
    void submissionRelaysOnlyAfterStartTlsAndAuth() throws Exception {
        Element submission = server("smtpserver-submission");

        assertThat(text(submission, "authorizedAddresses")).isEmpty();
        assertThat(((Element) submission.getElementsByTagName("tls").item(0)).getAttribute("startTLS")).isEqualTo("true");
        assertThat(text(submission, "requireSSL")).isEqualTo("true");
    }

    private static Element server(String jmxName) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Paths.get("src/main/james-conf/conf/smtpserver.xml").toFile());
        NodeList servers = document.getElementsByTagName("smtpserver");
        for (int i = 0; i < servers.getLength(); i++) {
            Element server = (Element) servers.item(i);
            if (text(server, "jmxName").equals(jmxName)) {
                return server;
            }
        }
        throw new AssertionError("no <smtpserver> with jmxName " + jmxName);
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}
