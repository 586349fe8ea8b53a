package org.mailpolicy.ratelimit;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** An enum constant as an admin writes it in the rules. */
interface ConfigWord {

    String configName();

    /** The constant written {@code word}, case and surrounding blanks ignored. */
    static <T extends ConfigWord> Optional<T> find(T[] values, String word) {
        String lower = word.trim().toLowerCase(Locale.ROOT);
        return Stream.of(values).filter(v -> v.configName().equals(lower)).findFirst();
    }

    /** The accepted words, for an error message. */
    static String accepted(ConfigWord[] values) {
        return Stream.of(values).map(ConfigWord::configName).collect(Collectors.joining(", "));
    }
}
