package org.mailpolicy.dmarcreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The small MIME reader that finds report attachments (RFC 2045, RFC 2046, RFC 2047, RFC 2231). */
class MimePartsTest {

    @Test
    void rfc2045Section51ParametersQuotedOrNot() {
        MimeHeaderValue value = MimeHeaderValue.parse(" Multipart/Mixed;\r\n\tboundary=\"a;b\\\"c\" ; charset=us-ascii");
        assertThat(value.value()).isEqualTo("multipart/mixed");
        assertThat(value.parameter("boundary")).isEqualTo("a;b\"c");
        assertThat(value.parameter("charset")).isEqualTo("us-ascii");
    }

    @Test
    void rfc2231ContinuationsAndCharsetsAreDecoded() {
        MimeHeaderValue value = MimeHeaderValue.parse("attachment; filename*0*=utf-8''r%C3%A9port; filename*1=.xml.gz");
        assertThat(value.parameter("filename")).isEqualTo("réport.xml.gz");
        assertThat(MimeHeaderValue.parse("attachment; filename*=iso-8859-1''caf%E9.zip").parameter("filename"))
                .isEqualTo("café.zip");
    }

    @Test
    void rfc2047EncodedWordsAreDecoded() {
        assertThat(MimeHeaderValue.decodeEncodedWords("=?utf-8?B?UmVwb3J0IERvbWFpbjo=?= =?utf-8?Q?_example.com?="))
                .isEqualTo("Report Domain: example.com");
        assertThat(MimeHeaderValue.decodeEncodedWords("=?no-such?B?eA==?= plain")).isEqualTo("=?no-such?B?eA==?= plain");
    }

    @Test
    void rfc2046Section511PartsBetweenDelimiters() {
        byte[] body = ("preamble\r\n--b\r\nA: 1\r\n\r\none\r\n--b  \r\n\r\ntwo\r\n--b--\r\nepilogue\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<byte[]> parts = MimeParts.bodyParts(body, "b");
        assertThat(parts).extracting(p -> new String(p, StandardCharsets.US_ASCII))
                .containsExactly("A: 1\r\n\r\none", "\r\ntwo");
    }

    @Test
    void aLineThatOnlyStartsWithTheBoundaryIsContent() {
        byte[] body = "--b\r\n\r\n--bx is not a delimiter\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(MimeParts.bodyParts(body, "b")).extracting(p -> new String(p, StandardCharsets.US_ASCII))
                .containsExactly("\r\n--bx is not a delimiter");
    }

    @Test
    void nestedMultipartAndTransferEncodingsAreDecoded() throws ReportException {
        String message = "Content-Type: multipart/mixed; boundary=outer\r\n\r\n--outer\r\n"
                + "Content-Type: multipart/alternative; boundary=inner\r\n\r\n--inner\r\n"
                + "Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nsoft=\r\nbreak =3D ok\r\n"
                + "--inner--\r\n--outer\r\nContent-Type: application/gzip; name=\"r.xml.gz\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\naGVs\r\nbG8=\r\n--outer--\r\n";
        List<MimeParts.Part> leaves = MimeParts.leaves(message.getBytes(StandardCharsets.US_ASCII), ReportLimits.DEFAULT);
        assertThat(leaves).hasSize(2);
        assertThat(new String(leaves.get(0).content, StandardCharsets.US_ASCII)).isEqualTo("softbreak = ok");
        assertThat(leaves.get(1).contentType).isEqualTo("application/gzip");
        assertThat(leaves.get(1).fileName).isEqualTo("r.xml.gz");
        assertThat(new String(leaves.get(1).content, StandardCharsets.US_ASCII)).isEqualTo("hello");
    }
}
