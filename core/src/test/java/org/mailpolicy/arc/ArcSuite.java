package org.mailpolicy.arc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mailpolicy.dns.InMemoryResolver;
import org.yaml.snakeyaml.Yaml;

/** Reads the conformance files copied under src/test/resources/conformance/arc. */
final class ArcSuite {

    private ArcSuite() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = ArcSuite.class.getResourceAsStream("/conformance/arc/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource conformance/arc/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scenarios (YAML documents) of one ValiMail suite file. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> scenarios(String file) {
        List<Map<String, Object>> scenarios = new ArrayList<>();
        String text = new String(bytes("valimail-arc_test_suite/" + file), StandardCharsets.UTF_8);
        for (Object document : new Yaml().loadAll(text)) {
            scenarios.add((Map<String, Object>) document);
        }
        return scenarios;
    }

    /** A scenario's {@code txt-records}, served from memory. */
    @SuppressWarnings("unchecked")
    static InMemoryResolver resolver(Map<String, Object> scenario) {
        InMemoryResolver.Builder dns = InMemoryResolver.builder();
        ((Map<String, Object>) scenario.get("txt-records")).forEach((name, record) -> dns.txt(name, String.valueOf(record)));
        return dns.build();
    }
}
