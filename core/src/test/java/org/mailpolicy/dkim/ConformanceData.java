package org.mailpolicy.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Reads the conformance files copied under src/test/resources/conformance/dkim. */
final class ConformanceData {

    /** 2022-11-07: after every t= of the vectors and before the one x= (mail-auth 005.txt). */
    static final Clock VECTOR_TIME = Clock.fixed(Instant.ofEpochSecond(1_667_850_000L), ZoneOffset.UTC);

    private ConformanceData() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = ConformanceData.class.getResourceAsStream("/conformance/dkim/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource conformance/dkim/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }
}
