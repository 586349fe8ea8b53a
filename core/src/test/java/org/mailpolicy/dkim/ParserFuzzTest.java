package org.mailpolicy.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.MessageDigest;
import org.mailpolicy.message.HeaderField;
import org.mailpolicy.message.RawMessage;
import org.mailpolicy.tags.TagList;

/**
 * Jazzer targets for every DKIM parser. In a plain {@code mvn verify} each runs its seed corpus
 * (src/test/resources/org/mailpolicy/dkim/ParserFuzzTestInputs/&lt;method&gt;/, malformed cases) as a
 * regression test; with JAZZER_FUZZ=1 it fuzzes. The property: no exception, and a total answer.
 */
class ParserFuzzTest {

    @FuzzTest
    void tagList(byte[] input) {
        String text = new String(input, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(TagList.parse(text).isValid() || TagList.parse(text).error().isPresent()).isTrue();
    }

    @FuzzTest
    void signatureField(byte[] input) {
        DkimSignature sig = DkimSignature.parse(new String(input, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(sig.error().isPresent() || sig.algorithm != null).isTrue();
    }

    @FuzzTest
    void keyRecord(byte[] input) {
        DkimKeyRecord record = DkimKeyRecord.parse(new String(input, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(record.error != null || record.publicKey != null).isTrue();
    }

    @FuzzTest
    void relaxedCanonicalization(byte[] input) {
        canonicalize(Canonicalization.RELAXED, input);
    }

    @FuzzTest
    void simpleCanonicalization(byte[] input) {
        canonicalize(Canonicalization.SIMPLE, input);
    }

    /**
     * Both canonicalizers over the header fields and the body, whole and split in two; the message
     * parsed in place reads as the copied one, and its body as it came (bare LFs included, as the
     * verifier hashes it) gives the digest of the normalized body.
     */
    private static void canonicalize(Canonicalization c, byte[] input) {
        RawMessage message = RawMessage.parse(input);
        RawMessage inPlace = RawMessage.parseInPlace(input.clone());
        assertThat(inPlace.bytes()).isEqualTo(message.bytes());
        assertThat(inPlace.bodyOffset()).isEqualTo(message.bodyOffset());
        assertThat(inPlace.headers().size()).isEqualTo(message.headers().size());
        for (HeaderField field : message.headers()) {
            HeaderCanonicalizer.canonicalize(c, field.rawWithoutCrlf(), true);
        }
        byte[] body = message.body();
        BodyCanonicalizer whole = new BodyCanonicalizer(c, DkimVerifier.digest("SHA-256"), -1);
        whole.update(body, 0, body.length);
        byte[] digest = whole.finish();
        BodyCanonicalizer split = new BodyCanonicalizer(c, DkimVerifier.digest("SHA-256"), -1);
        split.update(body, 0, body.length / 2);
        split.update(body, body.length / 2, body.length - body.length / 2);
        assertThat(MessageDigest.isEqual(digest, split.finish())).isTrue();
        BodyCanonicalizer asItCame = new BodyCanonicalizer(c, DkimVerifier.digest("SHA-256"), -1);
        inPlace.readBody(asItCame::update);
        assertThat(MessageDigest.isEqual(digest, asItCame.finish())).isTrue();
    }
}
