package org.mailpolicy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ParseCacheTest {

    private final AtomicInteger parses = new AtomicInteger();

    private String parse(String text) {
        parses.incrementAndGet();
        return text.toUpperCase();
    }

    @Test
    void aTextIsParsedOnceAndItsResultReused() {
        ParseCache<String> cache = new ParseCache<>(10, this::parse);

        assertThat(cache.get("v=DKIM1")).isEqualTo("V=DKIM1");
        assertThat(cache.get("v=DKIM1")).isSameAs(cache.get("v=DKIM1"));
        assertThat(parses).hasValue(1);
    }

    @Test
    void aFullCacheStartsOverInsteadOfGrowing() {
        ParseCache<String> cache = new ParseCache<>(2, this::parse);
        cache.get("a");
        cache.get("b");
        cache.get("c");

        cache.get("a");

        assertThat(parses).hasValue(4);
    }

    @Test
    void aParserThatReturnsNothingIsAnError() {
        ParseCache<String> cache = new ParseCache<>(2, text -> null);

        assertThatThrownBy(() -> cache.get("x")).isInstanceOf(NullPointerException.class).hasMessageContaining("parser returned null");
        assertThatThrownBy(() -> new ParseCache<>(0, text -> text)).isInstanceOf(IllegalArgumentException.class);
    }
}
